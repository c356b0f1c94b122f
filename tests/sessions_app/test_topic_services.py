"""The topic's states and moves (issue 4): each move from each state, by the right role."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sessions_app.models import AnnualPlan, Topic, TopicTransition, TopicVersion
from sessions_app.services import topics as services
from tests.sessions_app.conftest import DRAFT, advance, soon

pytestmark = pytest.mark.django_db

STATES = [
    "planned",
    "drafting",
    "awaiting_approval",
    "approved",  # awaiting approval, approved, not yet circulated
    "circulated",
    "presented",
    "finalised",
    "postponed",
    "cancelled",
]

# What the issue allows: from which state each move goes, and where to.
EXPECTED = {
    "start": {"planned": "drafting"},
    "submit": {"drafting": "awaiting_approval"},
    "approve": {"awaiting_approval": "awaiting_approval"},
    "send_back": {"awaiting_approval": "drafting", "approved": "drafting"},
    "circulate": {"approved": "circulated"},
    "present": {"circulated": "presented"},
    "finalise": {"presented": "finalised"},
    "postpone": dict.fromkeys(
        ("planned", "drafting", "awaiting_approval", "approved", "circulated"), "postponed"
    ),
    "cancel": dict.fromkeys(
        ("planned", "drafting", "awaiting_approval", "approved", "circulated", "postponed"),
        "cancelled",
    ),
}


def act(world, topic, action):
    drafter, secretary = world.member.user, world.secretary.user
    calls = {
        "start": lambda: services.start_drafting(topic, by=drafter),
        "submit": lambda: services.submit_topic(topic, by=drafter),
        "approve": lambda: services.approve_topic(topic, by=secretary),
        "send_back": lambda: services.send_back_topic(
            topic, by=secretary, remark="Bổ sung số liệu."
        ),
        "circulate": lambda: services.circulate_topic(
            topic, by=secretary, comments_close_at=soon()
        ),
        "present": lambda: services.mark_presented(topic, by=secretary),
        "finalise": lambda: services.finalise_topic(topic, by=drafter),
        "postpone": lambda: services.postpone_topic(
            topic, by=secretary, reason="Chưa kịp chuẩn bị."
        ),
        "cancel": lambda: services.cancel_topic(topic, by=secretary, reason="Trùng nội dung."),
    }
    return calls[action]()


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(EXPECTED))
def test_each_move_is_allowed_only_from_its_states(world, topic, action, state):
    advance(world, topic, state)
    before = topic.state
    if not topic.draft_body and action == "submit":
        topic.draft_body = DRAFT  # only the state may refuse here, not an empty draft
        topic.save(update_fields=["draft_body"])
    expected = EXPECTED[action].get(state)
    if expected is None:
        with pytest.raises(ValidationError):
            act(world, topic, action)
        topic.refresh_from_db()
        assert topic.state == before
    else:
        act(world, topic, action)
        topic.refresh_from_db()
        assert topic.state == expected


@pytest.mark.parametrize(
    "persona",
    ["secretary", "committee_member", "staff", "other_member", "other_secretary", "viewer"],
)
def test_only_the_drafter_submits(world, topic, as_persona, persona):
    advance(world, topic, "drafting")
    with pytest.raises(PermissionDenied):
        services.submit_topic(topic, by=world.user(persona))


@pytest.mark.parametrize("persona", ["member", "staff", "other_secretary", "viewer"])
def test_only_the_committee_approves(world, topic, persona):
    advance(world, topic, "awaiting_approval")
    with pytest.raises(PermissionDenied):
        services.approve_topic(topic, by=world.user(persona))


def test_a_committee_member_approves(world, topic):
    advance(world, topic, "awaiting_approval")
    services.approve_topic(topic, by=world.committee_member.user)
    assert topic.approved_by == world.committee_member.user


@pytest.mark.parametrize("persona", ["member", "viewer", "other_secretary"])
def test_only_the_committee_circulates(world, topic, persona):
    advance(world, topic, "approved")
    with pytest.raises(PermissionDenied):
        services.circulate_topic(topic, by=world.user(persona))


@pytest.mark.parametrize("persona", ["member", "viewer"])
def test_only_the_committee_sends_back(world, topic, persona):
    advance(world, topic, "awaiting_approval")
    with pytest.raises(PermissionDenied):
        services.send_back_topic(topic, by=world.user(persona), remark="Sửa lại.")


@pytest.mark.parametrize("persona", ["member", "viewer"])
def test_only_the_committee_marks_presented(world, topic, persona):
    advance(world, topic, "circulated")
    with pytest.raises(PermissionDenied):
        services.mark_presented(topic, by=world.user(persona))


def test_a_member_who_does_not_draft_cannot_finalise(world, topic):
    other = world.committee_member  # committee may finalise; a plain member who is not drafter not
    advance(world, topic, "presented")
    topic.drafters.set([other])
    with pytest.raises(PermissionDenied):
        services.finalise_topic(topic, by=world.member.user)


def test_the_committee_finalises_for_the_drafter(world, topic):
    advance(world, topic, "presented")
    services.finalise_topic(topic, by=world.secretary.user)
    assert topic.state == Topic.State.FINALISED


def test_every_move_is_recorded_with_who_and_remark(world, topic):
    advance(world, topic, "awaiting_approval")
    services.send_back_topic(topic, by=world.secretary.user, remark="Bổ sung số liệu.")
    step = topic.transitions.last()
    assert (step.action, step.from_state, step.to_state, step.by, step.remark) == (
        "sent_back",
        "awaiting_approval",
        "drafting",
        world.secretary.user,
        "Bổ sung số liệu.",
    )


def test_sending_back_needs_a_remark(world, topic):
    advance(world, topic, "awaiting_approval")
    with pytest.raises(ValidationError):
        services.send_back_topic(topic, by=world.secretary.user, remark="  ")


def test_sending_back_withdraws_the_approval(world, topic):
    advance(world, topic, "approved")
    services.send_back_topic(topic, by=world.secretary.user, remark="Sửa phần III.")
    assert topic.approved_at is None


def test_an_empty_draft_cannot_be_submitted(world, topic):
    services.start_drafting(topic, by=world.member.user)
    with pytest.raises(ValidationError):
        services.submit_topic(topic, by=world.member.user)


def test_submitting_keeps_a_version(world, topic):
    advance(world, topic, "awaiting_approval")
    assert list(topic.versions.values_list("number", "kind")) == [(1, "submitted")]


def test_circulating_keeps_the_approved_text_as_a_version(world, topic):
    advance(world, topic, "circulated")
    assert (topic.circulated_version.number, topic.circulated_version.body) == (2, DRAFT)


def test_the_comment_deadline_must_be_in_the_future(world, topic):
    advance(world, topic, "approved")
    with pytest.raises(ValidationError):
        services.circulate_topic(
            topic,
            by=world.secretary.user,
            comments_close_at=timezone.now() - datetime.timedelta(hours=1),
        )


def test_presenting_closes_the_comment_window(world, topic):
    advance(world, topic, "presented")
    assert not topic.comments_open() and topic.comments_close_at <= timezone.now()


def test_finalising_keeps_the_revised_draft_as_the_final_version(world, topic):
    advance(world, topic, "presented")
    services.save_draft(
        topic, by=world.member.user, body=DRAFT + "\n2. Mới.\n", revision=topic.draft_revision
    )
    version = services.finalise_topic(topic, by=world.member.user)
    assert (version.kind, version.body.endswith("2. Mới.\n"), topic.final_version) == (
        "final",
        True,
        version,
    )


def test_kept_versions_cannot_be_changed(world, topic):
    advance(world, topic, "awaiting_approval")
    version = topic.versions.get()
    version.body = "khác"
    with pytest.raises(ValidationError):
        version.save()


def test_postponing_needs_a_reason(world, topic):
    with pytest.raises(ValidationError):
        services.postpone_topic(topic, by=world.secretary.user, reason="")


def test_moving_to_a_later_quarter_records_the_reason(world, topic):
    topic.quarter = 2
    topic.save()
    services.move_topic(topic, by=world.secretary.user, year=2026, quarter=3, reason="Dịch bệnh.")
    step = topic.transitions.get(action="moved")
    assert (topic.quarter, step.from_quarter, step.to_quarter, step.remark) == (
        3,
        2,
        3,
        "Dịch bệnh.",
    )


def test_moving_to_a_later_year_opens_that_year_s_plan(world, topic):
    services.move_topic(topic, by=world.secretary.user, year=2027, quarter=1, reason="Chuyển năm.")
    assert (topic.plan.year, topic.plan.cell, topic.plan.state) == (
        2027,
        world.cell,
        AnnualPlan.State.DRAFTING,
    )


def test_a_topic_cannot_move_to_an_earlier_quarter(world, topic):
    with pytest.raises(ValidationError):
        services.move_topic(topic, by=world.secretary.user, year=2026, quarter=3, reason="Sớm hơn.")


def test_a_held_topic_cannot_move(world, topic):
    advance(world, topic, "presented")
    with pytest.raises(ValidationError):
        services.move_topic(topic, by=world.secretary.user, year=2027, quarter=1, reason="Muộn.")


def test_moving_a_postponed_topic_resumes_its_drafting(world, topic):
    advance(world, topic, "postponed")
    services.move_topic(topic, by=world.secretary.user, year=2027, quarter=1, reason="Làm tiếp.")
    assert topic.state == Topic.State.DRAFTING


def test_a_member_cannot_move_a_topic(world, topic):
    with pytest.raises(PermissionDenied):
        services.move_topic(topic, by=world.member.user, year=2027, quarter=1, reason="Muộn.")


def test_mark_presented_links_the_meeting(world, topic):
    from sessions_app.models import Meeting

    meeting = Meeting.objects.create(cell=world.cell, date=datetime.date(2026, 12, 3))
    advance(world, topic, "circulated")
    services.mark_presented(topic, by=world.secretary.user, meeting=meeting)
    assert list(meeting.topics.all()) == [topic]


def test_mark_presented_refuses_a_meeting_of_another_cell(world, topic):
    from sessions_app.models import Meeting

    meeting = Meeting.objects.create(cell=world.other_cell, date=datetime.date(2026, 12, 3))
    advance(world, topic, "circulated")
    with pytest.raises(ValidationError):
        services.mark_presented(topic, by=world.secretary.user, meeting=meeting)


def test_the_comment_deadline_can_be_changed_while_circulated(world, topic):
    advance(world, topic, "circulated")
    later = soon(14)
    services.set_comment_window(topic, by=world.secretary.user, closes_at=later)
    assert topic.comments_close_at == later


def test_the_plan_is_approved_then_reported(world, topic):
    plan = topic.plan
    services.approve_plan(plan, by=world.secretary.user)
    services.report_plan(plan, by=world.secretary.user)
    assert (plan.state, plan.approved_by, plan.reported_by) == (
        AnnualPlan.State.REPORTED,
        world.secretary.user,
        world.secretary.user,
    )


def test_an_empty_plan_cannot_be_approved(world):
    plan = services.create_plan(world.cell, by=world.secretary.user, year=2030)
    with pytest.raises(ValidationError):
        services.approve_plan(plan, by=world.secretary.user)


def test_a_plan_cannot_be_reported_before_approval(world, topic):
    with pytest.raises(ValidationError):
        services.report_plan(topic.plan, by=world.secretary.user)


def test_a_member_cannot_open_a_plan(world):
    with pytest.raises(PermissionDenied):
        services.create_plan(world.cell, by=world.member.user, year=2030)


def test_a_cell_has_one_plan_per_year(world, plan):
    with pytest.raises(ValidationError):
        services.create_plan(world.cell, by=world.secretary.user, year=plan.year)


def test_drafters_must_be_party_members_of_the_cell(world, plan):
    with pytest.raises(ValidationError):
        services.create_topic(
            plan, by=world.secretary.user, title="X", group="unit_work", quarter=1,
            drafters=[world.other_member],
        )  # fmt: skip


def test_staff_cannot_draft(world, plan):
    with pytest.raises(ValidationError):
        services.create_topic(
            plan, by=world.secretary.user, title="X", group="unit_work", quarter=1,
            drafters=[world.staff],
        )  # fmt: skip


def test_the_quarter_changes_freely_while_the_plan_is_drafted(world, topic):
    services.update_topic(
        topic, by=world.secretary.user, title=topic.title, group=topic.group, purpose="", scope="",
        drafters=[world.member], presenter=None, due_date=None, quarter=1,
    )  # fmt: skip
    assert topic.quarter == 1


def test_the_quarter_of_an_approved_plan_changes_only_by_a_move(world, topic):
    services.approve_plan(topic.plan, by=world.secretary.user)
    with pytest.raises(ValidationError):
        services.update_topic(
            topic, by=world.secretary.user, title=topic.title, group=topic.group, purpose="",
            scope="", drafters=[world.member], presenter=None, due_date=None, quarter=1,
        )  # fmt: skip


def test_a_draft_saved_over_a_newer_one_is_a_conflict(world, topic):
    services.save_draft(topic, by=world.member.user, body="Bản A", revision=0)
    with pytest.raises(services.DraftConflict) as raised:
        services.save_draft(topic, by=world.member.user, body="Bản B", revision=0)
    assert (raised.value.current_body, raised.value.current_revision) == ("Bản A", 1)


def test_a_conflicting_save_changes_nothing(world, topic):
    services.save_draft(topic, by=world.member.user, body="Bản A", revision=0)
    with pytest.raises(services.DraftConflict):
        services.save_draft(topic, by=world.member.user, body="Bản B", revision=0)
    topic.refresh_from_db()
    assert topic.draft_body == "Bản A"


def test_saving_the_first_draft_starts_drafting(world, topic):
    services.save_draft(topic, by=world.member.user, body="Bản A", revision=0)
    assert topic.transitions.get().action == TopicTransition.Action.STARTED


def test_only_drafters_write_the_draft(world, topic):
    with pytest.raises(PermissionDenied):
        services.save_draft(topic, by=world.secretary.user, body="Bản A", revision=0)


def test_the_draft_is_locked_while_awaiting_approval(world, topic):
    advance(world, topic, "awaiting_approval")
    with pytest.raises(ValidationError):
        services.save_draft(topic, by=world.member.user, body="Sửa", revision=topic.draft_revision)


def test_a_stale_copy_of_the_topic_cannot_move_it(world, topic):
    advance(world, topic, "awaiting_approval")
    stale = Topic.objects.get(pk=topic.pk)
    services.send_back_topic(topic, by=world.secretary.user, remark="Sửa.")
    with pytest.raises(ValidationError):
        services.approve_topic(stale, by=world.secretary.user)


def test_versions_are_numbered_per_topic(world, topic):
    advance(world, topic, "finalised")
    assert list(TopicVersion.objects.filter(topic=topic).values_list("number", "kind")) == [
        (1, "submitted"),
        (2, "circulated"),
        (3, "final"),
    ]
