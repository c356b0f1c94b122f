"""Writes that touch several rows are all or nothing: when a later step fails, the earlier
ones are rolled back and nothing half-written is left for the next person to trip on."""

from __future__ import annotations

import pytest

from members import services as member_services
from members.models import Person
from sessions_app.models import Attendance, Meeting, Minutes, PledgeArea, PledgeLevel, Topic
from sessions_app.services import meetings as meeting_services
from sessions_app.services import pledges as pledge_services
from sessions_app.services import topics as topic_services
from tests.factories import AnnualPlanFactory, PersonFactory, TopicFactory
from tests.sessions_app.meeting_setup import call_meeting, read_back

pytestmark = pytest.mark.django_db


class Failure(Exception):
    """The step that breaks half way."""


def fail(*args, **kwargs):
    raise Failure


def test_a_meeting_whose_attendance_list_fails_is_not_created(world, monkeypatch):
    monkeypatch.setattr(meeting_services, "list_attendance", fail)
    with pytest.raises(Failure):
        call_meeting(world)
    assert (Meeting.objects.count(), Minutes.objects.count()) == (0, 0)


def test_minutes_whose_topics_fail_to_move_on_stay_unapproved(world, monkeypatch):
    meeting = call_meeting(world)
    minutes = read_back(world, meeting)
    monkeypatch.setattr(meeting_services, "_present_topics", fail)
    with pytest.raises(Failure):
        meeting_services.approve_minutes(minutes, by=world.secretary.user)
    meeting.refresh_from_db()
    assert (Minutes.objects.get(pk=minutes.pk).state, meeting.state) == (
        Minutes.State.READ_BACK,
        Meeting.State.SCHEDULED,
    )


def test_a_topic_whose_drafters_cannot_be_told_is_not_created(world, monkeypatch):
    plan = AnnualPlanFactory(cell=world.cell, year=2027)
    monkeypatch.setattr(topic_services.notifications, "assigned", fail)
    with pytest.raises(Failure):
        topic_services.create_topic(
            plan,
            by=world.secretary.user,
            title="Chuyên đề mới",
            group="ho_chi_minh",
            quarter=1,
            drafters=[world.member],
        )
    assert not Topic.objects.exists()


def test_a_topic_change_that_fails_half_way_keeps_the_old_details(world, monkeypatch):
    topic = TopicFactory(
        plan=AnnualPlanFactory(cell=world.cell, year=2027), title="Cũ", drafters=[world.member]
    )
    monkeypatch.setattr(topic_services.notifications, "assigned", fail)
    with pytest.raises(Failure):
        topic_services.update_topic(
            topic,
            by=world.secretary.user,
            title="Mới",
            group=topic.group,
            purpose="",
            scope="",
            drafters=[world.member, world.committee_member],
            presenter=None,
            due_date=None,
        )
    stored = Topic.objects.get(pk=topic.pk)
    assert (stored.title, list(stored.drafters.all())) == ("Cũ", [world.member])


def test_an_erasure_that_fails_half_way_erases_nothing(world, monkeypatch):
    person = PersonFactory(cell=world.cell, full_name="Hoàng Văn Em", phone="0912345678")
    person.job_title = "Thủ thư"
    person.save()
    history = person.history.count()
    monkeypatch.setattr(member_services, "_as", fail)
    with pytest.raises(Failure):
        member_services.anonymise_person(person, by=world.secretary.user)
    stored = Person.objects.get(pk=person.pk)
    assert (stored.full_name, stored.phone, stored.history.count()) == (
        "Hoàng Văn Em",
        "0912345678",
        history,
    )


class BreaksAfterOne:
    """A list of defaults whose second item cannot be written."""

    def __iter__(self):
        yield "Tốt"
        raise Failure


def test_pledge_defaults_are_written_whole_or_not_at_all(world, monkeypatch):
    monkeypatch.setattr(pledge_services, "DEFAULT_PLEDGE_LEVELS", BreaksAfterOne())
    with pytest.raises(Failure):
        pledge_services.ensure_pledge_defaults(world.cell)
    assert (PledgeArea.objects.count(), PledgeLevel.objects.count()) == (0, 0)


def test_pledge_defaults_are_complete_on_the_next_visit_after_a_failure(world, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(pledge_services, "DEFAULT_PLEDGE_LEVELS", BreaksAfterOne())
        with pytest.raises(Failure):
            pledge_services.ensure_pledge_defaults(world.cell)
    pledge_services.ensure_pledge_defaults(world.cell)
    assert PledgeLevel.objects.filter(cell=world.cell).count() == len(
        pledge_services.DEFAULT_PLEDGE_LEVELS
    )


def test_the_last_attendance_mark_wins_even_from_a_copy_read_earlier(world):
    meeting = call_meeting(world)
    alices_copy = meeting.attendances.get(person=world.member)
    bobs_copy = Attendance.objects.get(pk=alices_copy.pk)
    meeting_services.mark_attendance(alices_copy, by=world.secretary.user, status="present")
    meeting_services.mark_attendance(bobs_copy, by=world.committee_member.user, status="late")
    meeting_services.mark_attendance(alices_copy, by=world.secretary.user, status="present")
    assert Attendance.objects.get(pk=alices_copy.pk).status == "present"
