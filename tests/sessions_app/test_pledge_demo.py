"""The founding case's pledges (DOMAIN.md §9): 4 rounds, 32 member and 10 staff registrations."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from members.demo import LIBRARY_SLUG, seed_founding_case
from members.models import Organisation, User
from sessions_app.demo_pledges import seed_pledges
from sessions_app.models import Meeting, PledgeRegistration, PledgeRound
from sessions_app.pledge_register import build_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Organisation.objects.get(slug=LIBRARY_SLUG)


def half_term_register(library):
    rounds = PledgeRound.objects.filter(cell=library).in_years(2020, 2023)
    return build_register(rounds, library.pledge_levels.all())


def signed_in(login):
    client = Client()
    client.force_login(User.objects.get(username=login))
    return client


def test_the_half_term_has_4_rounds(library):
    assert half_term_register(library).round_count == 4


def test_the_half_term_has_32_member_registrations(library):
    assert half_term_register(library).party_registration_count == 32


def test_the_half_term_has_10_staff_registered(library):
    assert half_term_register(library).staff_count == 10


def test_every_half_term_registration_is_evaluated_with_a_remark(library):
    registrations = half_term_register(library).registrations
    assert all(r.level_id and r.remark for r in registrations)


def test_the_register_page_states_the_seed_figures(library):
    url = reverse("sessions_app:pledge_register", args=[LIBRARY_SLUG])
    response = signed_in("bithu").get(url, {"from": 2020, "to": 2023})
    assert "4 cuộc, 32 lượt đảng viên, 10 viên chức đăng ký" in response.content.decode()


def test_the_superior_committee_reads_the_same_register(library):
    url = reverse("sessions_app:pledge_register", args=[LIBRARY_SLUG])
    response = signed_in("captren").get(url, {"from": 2020, "to": 2023})
    assert "4 cuộc, 32 lượt đảng viên, 10 viên chức đăng ký" in response.content.decode()


def test_only_members_of_the_party_at_the_time_registered_as_members(library):
    late = PledgeRegistration.objects.filter(
        round__start__year__lte=2023, person__party_joined_on__gt=datetime.date(2023, 6, 30)
    )
    assert not late.exists()


def test_a_round_is_open_now(library):
    assert PledgeRound.objects.filter(cell=library).open_on(datetime.date(2026, 11, 26)).exists()


@pytest.mark.parametrize("login", ["vienchuc", "dangvien"])
def test_the_demo_logins_have_not_registered_in_the_open_round(library, login):
    open_round = PledgeRound.objects.filter(cell=library).order_by("-start").first()
    assert not open_round.registrations.filter(person__user__username=login).exists()


def test_the_rounds_are_integrated_into_the_2nd_4th_6th_and_8th_thematic_meetings(db):
    case = seed_founding_case()
    meetings = [
        Meeting.objects.create(
            cell=case.library, date=datetime.date(2020, 9, 1) + datetime.timedelta(days=90 * i)
        )
        for i in range(9)
    ]
    seed_pledges(case)
    linked = list(
        PledgeRound.objects.filter(cell=case.library, meeting__isnull=False)
        .order_by("start")
        .values_list("meeting", flat=True)
    )
    assert linked == [meetings[i].pk for i in (1, 3, 5, 7)]
