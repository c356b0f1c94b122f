"""The pledge services: who may do what, and the rules they keep."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sessions_app.models import (
    DEFAULT_PLEDGE_AREAS,
    DEFAULT_PLEDGE_LEVELS,
    Meeting,
    PledgeArea,
    PledgeLevel,
    PledgeRegistration,
    PledgeRole,
    PledgeStatus,
)
from sessions_app.services.pledges import (
    OptionRow,
    add_pledge_progress,
    create_pledge_round,
    derived_role,
    ensure_pledge_defaults,
    evaluate_pledge,
    register_pledge,
    save_pledge_options,
    set_pledge_role,
    update_pledge,
    update_pledge_round,
)
from tests.factories import (
    PersonFactory,
    PledgeAreaFactory,
    PledgeLevelFactory,
    PledgeRoundFactory,
)

TODAY = timezone.localdate()


@pytest.fixture
def pledge_round(world):
    return PledgeRoundFactory(
        cell=world.cell, areas=PledgeAreaFactory.create_batch(3, cell=world.cell)
    )


@pytest.fixture
def level(world):
    return PledgeLevelFactory(cell=world.cell, name="Tấm gương tốt")


def register(pledge_round, person, by=None, **overrides):
    values = {
        "areas": list(pledge_round.areas.all()[:1]),
        "commitments": "Gương mẫu chấp hành nội quy.",
        "measures": "Tự kiểm tra hằng tháng.",
        "deadline": pledge_round.end,
    }
    values.update(overrides)
    return register_pledge(pledge_round=pledge_round, person=person, by=by or person.user, **values)


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Registration -----------------------------------------------------------------------


def test_a_person_registers_their_own_pledge(world, pledge_round):
    registration = register(pledge_round, world.member)
    assert (registration.registered_by, registration.on_behalf) == (world.member.user, False)


def test_staff_register_as_staff(world, pledge_round):
    registration = register(pledge_round, world.staff)
    assert registration.party_member is False


def test_the_chosen_areas_are_kept(world, pledge_round):
    areas = list(pledge_round.areas.all()[:2])
    registration = register(pledge_round, world.member, areas=areas)
    assert list(registration.areas.all()) == areas


def test_a_second_registration_in_the_same_round_is_refused_with_a_message(world, pledge_round):
    register(pledge_round, world.member)
    with pytest.raises(ValidationError) as caught:
        register(pledge_round, world.member)
    assert "Đồng chí Phạm Văn Charlie đã đăng ký trong cuộc này" in messages_of(caught.value)


def test_the_refused_second_registration_saves_nothing(world, pledge_round):
    register(pledge_round, world.member)
    with pytest.raises(ValidationError):
        register(pledge_round, world.member, commitments="Lần hai")
    assert PledgeRegistration.objects.filter(person=world.member).count() == 1


def test_the_database_itself_allows_one_registration_per_person_and_round(world, pledge_round):
    first = register(pledge_round, world.member)
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeRegistration.objects.create(
            round=pledge_round,
            person=world.member,
            role=first.role,
            party_member=True,
            commitments="x",
            measures="y",
            deadline=pledge_round.end,
        )


def test_the_same_person_may_register_in_another_round(world, pledge_round):
    register(pledge_round, world.member)
    other_round = PledgeRoundFactory(cell=world.cell)
    register(other_round, world.member)
    assert world.member.pledge_registrations.count() == 2


def test_the_committee_registers_on_behalf_of_someone_without_a_login(world, pledge_round):
    elder = PersonFactory(cell=world.cell, full_name="Tô Văn Phước", user=None)
    registration = register(pledge_round, elder, by=world.secretary.user)
    assert (registration.registered_by, registration.on_behalf) == (world.secretary.user, True)


def test_a_member_cannot_register_for_someone_else(world, pledge_round):
    with pytest.raises(PermissionDenied):
        register(pledge_round, world.staff, by=world.member.user)


def test_a_viewer_cannot_register_anyone(world, pledge_round):
    with pytest.raises(PermissionDenied):
        register(pledge_round, world.member, by=world.viewer)


def test_a_person_of_another_cell_cannot_be_registered(world, pledge_round):
    with pytest.raises(ValidationError):
        register(pledge_round, world.other_member, by=world.secretary.user)


def test_at_least_one_area_is_required(world, pledge_round):
    with pytest.raises(ValidationError) as caught:
        register(pledge_round, world.member, areas=[])
    assert "areas" in caught.value.error_dict


def test_areas_the_round_does_not_offer_are_refused(world, pledge_round):
    stray = PledgeAreaFactory(cell=world.cell)
    with pytest.raises(ValidationError) as caught:
        register(pledge_round, world.member, areas=[stray])
    assert "areas" in caught.value.error_dict


def test_commitments_and_measures_are_required(world, pledge_round):
    with pytest.raises(ValidationError) as caught:
        register(pledge_round, world.member, commitments=" ", measures="")
    assert {"commitments", "measures"} <= set(caught.value.error_dict)


def test_the_deadline_must_fall_within_the_round(world, pledge_round):
    with pytest.raises(ValidationError) as caught:
        register(pledge_round, world.member, deadline=pledge_round.end + datetime.timedelta(days=1))
    assert "deadline" in caught.value.error_dict


def test_a_person_cannot_register_in_a_round_that_has_ended(world):
    ended = PledgeRoundFactory(
        cell=world.cell,
        start=TODAY - datetime.timedelta(days=200),
        end=TODAY - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as caught:
        register(ended, world.member)
    assert "hết thời gian đăng ký" in messages_of(caught.value)


def test_the_committee_may_record_a_registration_in_a_round_that_has_ended(world):
    ended = PledgeRoundFactory(
        cell=world.cell,
        start=TODAY - datetime.timedelta(days=200),
        end=TODAY - datetime.timedelta(days=1),
    )
    registration = register(ended, world.member, by=world.secretary.user)
    assert registration.on_behalf


# --- Roles ------------------------------------------------------------------------------


def test_committee_members_set_the_example(world):
    assert derived_role(world.committee_member) == PledgeRole.UPPER


def test_heads_of_departments_set_the_example(world):
    head = PersonFactory(cell=world.cell, staff=True, is_leader=True)
    assert derived_role(head) == PledgeRole.UPPER


def test_members_follow_the_example(world):
    assert derived_role(world.member) == PledgeRole.LOWER


def test_staff_follow_the_example(world):
    assert derived_role(world.staff) == PledgeRole.LOWER


def test_a_registration_takes_the_derived_role(world, pledge_round):
    assert register(pledge_round, world.committee_member).role == PledgeRole.UPPER


def test_the_committee_may_set_the_role_when_registering(world, pledge_round):
    registration = register(
        pledge_round, world.member, by=world.secretary.user, role=PledgeRole.UPPER
    )
    assert registration.role == PledgeRole.UPPER


def test_a_member_may_not_choose_their_own_role(world, pledge_round):
    with pytest.raises(PermissionDenied):
        register(pledge_round, world.member, role=PledgeRole.UPPER)


def test_the_committee_adjusts_the_role_later(world, pledge_round):
    registration = register(pledge_round, world.member)
    set_pledge_role(registration, by=world.committee_member.user, role=PledgeRole.UPPER)
    registration.refresh_from_db()
    assert registration.role == PledgeRole.UPPER


def test_the_owner_may_not_adjust_the_role(world, pledge_round):
    registration = register(pledge_round, world.member)
    with pytest.raises(PermissionDenied):
        set_pledge_role(registration, by=world.member.user, role=PledgeRole.UPPER)


# --- Progress, status and evaluation ----------------------------------------------------


def test_a_new_registration_is_registered(world, pledge_round):
    assert register(pledge_round, world.member).status == PledgeStatus.REGISTERED


def test_a_progress_report_moves_it_to_reporting(world, pledge_round):
    registration = register(pledge_round, world.member)
    add_pledge_progress(registration, by=world.member.user, on=TODAY, text="Đã làm.")
    assert registration.status == PledgeStatus.REPORTING


def test_an_evaluation_moves_it_to_evaluated(world, pledge_round, level):
    registration = register(pledge_round, world.member)
    evaluate_pledge(registration, by=world.secretary.user, level=level, remark="Tốt.")
    registration.refresh_from_db()
    assert registration.status == PledgeStatus.EVALUATED


def test_the_evaluation_records_who_and_what(world, pledge_round, level):
    registration = register(pledge_round, world.member)
    evaluate_pledge(registration, by=world.secretary.user, level=level, remark="Gương mẫu.")
    registration.refresh_from_db()
    assert (registration.level, registration.remark, registration.evaluated_by) == (
        level,
        "Gương mẫu.",
        world.secretary.user,
    )


@pytest.mark.parametrize("persona", ["member", "staff", "viewer", "other_secretary"])
def test_only_the_committee_evaluates(world, pledge_round, level, persona):
    registration = register(pledge_round, world.member)
    with pytest.raises(PermissionDenied):
        evaluate_pledge(registration, by=world.user(persona), level=level, remark="Tốt.")


def test_a_level_of_another_cell_is_refused(world, pledge_round):
    registration = register(pledge_round, world.member)
    foreign = PledgeLevelFactory(cell=world.other_cell)
    with pytest.raises(ValidationError) as caught:
        evaluate_pledge(registration, by=world.secretary.user, level=foreign, remark="Tốt.")
    assert "level" in caught.value.error_dict


def test_an_evaluation_needs_a_remark(world, pledge_round, level):
    registration = register(pledge_round, world.member)
    with pytest.raises(ValidationError) as caught:
        evaluate_pledge(registration, by=world.secretary.user, level=level, remark="  ")
    assert "remark" in caught.value.error_dict


def test_progress_cannot_be_dated_in_the_future(world, pledge_round):
    registration = register(pledge_round, world.member)
    with pytest.raises(ValidationError) as caught:
        add_pledge_progress(
            registration, by=world.member.user, on=TODAY + datetime.timedelta(days=1), text="x"
        )
    assert "date" in caught.value.error_dict


def test_progress_cannot_be_dated_before_the_round(world, pledge_round):
    registration = register(pledge_round, world.member)
    before = pledge_round.start - datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        add_pledge_progress(registration, by=world.member.user, on=before, text="x")


def test_others_cannot_report_progress_on_a_pledge(world, pledge_round):
    registration = register(pledge_round, world.member)
    with pytest.raises(PermissionDenied):
        add_pledge_progress(registration, by=world.secretary.user, on=TODAY, text="x")


def test_the_committee_reports_for_someone_without_a_login(world, pledge_round):
    elder = PersonFactory(cell=world.cell, user=None)
    registration = register(pledge_round, elder, by=world.secretary.user)
    report = add_pledge_progress(registration, by=world.secretary.user, on=TODAY, text="Đã làm.")
    assert report.created_by == world.secretary.user


def test_the_owner_edits_the_pledge(world, pledge_round):
    registration = register(pledge_round, world.member)
    update_pledge(
        registration,
        by=world.member.user,
        areas=list(pledge_round.areas.all()),
        commitments="Mới",
        measures="Mới",
        deadline=pledge_round.end,
    )
    registration.refresh_from_db()
    assert registration.commitments == "Mới"


def test_an_evaluated_pledge_can_no_longer_be_edited(world, pledge_round, level):
    registration = register(pledge_round, world.member)
    evaluate_pledge(registration, by=world.secretary.user, level=level, remark="Tốt.")
    with pytest.raises(PermissionDenied):
        update_pledge(
            registration,
            by=world.member.user,
            areas=list(pledge_round.areas.all()),
            commitments="Mới",
            measures="Mới",
            deadline=pledge_round.end,
        )


def test_party_membership_is_kept_as_it_was_on_registration_day(world, pledge_round):
    registration = register(pledge_round, world.staff)
    world.staff.is_party_member, world.staff.party_status = True, "probationary"
    world.staff.save()
    registration.refresh_from_db()
    assert registration.party_member is False


# --- Rounds, areas and the scale --------------------------------------------------------


def test_a_cell_gets_the_default_areas_on_first_use(world):
    ensure_pledge_defaults(world.cell)
    names = list(PledgeArea.objects.filter(cell=world.cell).values_list("name", flat=True))
    assert names == DEFAULT_PLEDGE_AREAS


def test_a_cell_gets_the_default_scale_on_first_use(world):
    ensure_pledge_defaults(world.cell)
    names = list(PledgeLevel.objects.filter(cell=world.cell).values_list("name", flat=True))
    assert names == DEFAULT_PLEDGE_LEVELS


def test_a_cell_with_its_own_areas_keeps_them(world):
    PledgeAreaFactory(cell=world.cell, name="Riêng")
    ensure_pledge_defaults(world.cell)
    assert PledgeArea.objects.filter(cell=world.cell).count() == 1


def test_a_new_round_offers_every_active_area(world):
    new_round = create_pledge_round(
        cell=world.cell, by=world.secretary.user, name="Cuộc 1", start=TODAY, end=TODAY
    )
    assert new_round.areas.count() == len(DEFAULT_PLEDGE_AREAS)


def test_only_the_committee_opens_a_round(world):
    with pytest.raises(PermissionDenied):
        create_pledge_round(cell=world.cell, by=world.member.user, name="C", start=TODAY, end=TODAY)


def test_a_round_cannot_end_before_it_starts(world):
    with pytest.raises(ValidationError) as caught:
        create_pledge_round(
            cell=world.cell,
            by=world.secretary.user,
            name="C",
            start=TODAY,
            end=TODAY - datetime.timedelta(days=1),
        )
    assert "end" in caught.value.error_dict


def test_a_round_cannot_be_tied_to_a_meeting_of_another_cell(world):
    meeting = Meeting.objects.create(cell=world.other_cell, date=TODAY)
    with pytest.raises(ValidationError) as caught:
        create_pledge_round(
            cell=world.cell,
            by=world.secretary.user,
            name="C",
            start=TODAY,
            end=TODAY,
            meeting=meeting,
        )
    assert "meeting" in caught.value.error_dict


def test_round_names_are_unique_in_a_cell(world, pledge_round):
    with pytest.raises(ValidationError) as caught:
        create_pledge_round(
            cell=world.cell, by=world.secretary.user, name=pledge_round.name, start=TODAY, end=TODAY
        )
    assert "name" in caught.value.error_dict


def test_an_area_already_chosen_stays_offered(world, pledge_round):
    registration = register(pledge_round, world.member)
    chosen = registration.areas.get()
    with pytest.raises(ValidationError) as caught:
        update_pledge_round(
            pledge_round,
            by=world.secretary.user,
            name=pledge_round.name,
            start=pledge_round.start,
            end=pledge_round.end,
            meeting=None,
            areas=list(pledge_round.areas.exclude(pk=chosen.pk)),
        )
    assert chosen.name in messages_of(caught.value)


def test_two_areas_can_swap_names(world):
    first = PledgeAreaFactory(cell=world.cell, name="A")
    second = PledgeAreaFactory(cell=world.cell, name="B")
    save_pledge_options(
        cell=world.cell,
        by=world.secretary.user,
        model=PledgeArea,
        rows=[OptionRow(first.pk, "B", 0, True), OptionRow(second.pk, "A", 1, True)],
    )
    first.refresh_from_db()
    assert first.name == "B"


def test_a_new_level_is_added(world):
    save_pledge_options(
        cell=world.cell,
        by=world.secretary.user,
        model=PledgeLevel,
        rows=[OptionRow(None, "Tốt", 0, True)],
    )
    assert PledgeLevel.objects.filter(cell=world.cell, name="Tốt").exists()


def test_duplicate_names_are_refused(world):
    with pytest.raises(ValidationError):
        save_pledge_options(
            cell=world.cell,
            by=world.secretary.user,
            model=PledgeArea,
            rows=[OptionRow(None, "Đoàn kết", 0, True), OptionRow(None, "đoàn  kết", 1, True)],
        )


def test_rows_of_another_cell_cannot_be_changed(world):
    foreign = PledgeAreaFactory(cell=world.other_cell)
    with pytest.raises(PermissionDenied):
        save_pledge_options(
            cell=world.cell,
            by=world.secretary.user,
            model=PledgeArea,
            rows=[OptionRow(foreign.pk, "Lấy", 0, True)],
        )
