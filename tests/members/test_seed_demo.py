"""seed_demo builds the founding case of DOMAIN.md §9, once."""

from __future__ import annotations

from collections import Counter

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client

from members.models import Organisation, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Organisation.objects.get(slug="thu-vien-tra-vinh")


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_running_it_twice_changes_nothing(seeded, settings):
    before = row_counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert row_counts() == before


def test_it_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")


def test_it_runs_with_debug_off_when_forced(db, settings):
    settings.DEBUG = False
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Organisation.objects.filter(slug="thu-vien-tra-vinh").exists()


def test_it_prints_the_demo_logins(db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    for login in ("bithu", "chiuy", "dangvien", "vienchuc", "captren", "khac"):
        assert login in out


def test_the_library_sits_under_the_superior_committee(seeded):
    assert seeded.parent.name == "Đảng ủy Sở Văn hóa, Thể thao và Du lịch tỉnh Trà Vinh"


def test_the_library_has_a_current_term(seeded):
    assert seeded.term_on() is not None


def test_the_unit_has_26_people(seeded):
    assert seeded.people.active().count() == 26


def test_party_members_match_the_seed(seeded):
    members = seeded.people.active().party_members()
    assert Counter(members.values_list("sex", flat=True)) == {"female": 12, "male": 4}


def test_two_party_members_are_khmer(seeded):
    members = seeded.people.active().party_members()
    assert members.filter(ethnicity="Khmer").count() == 2


def test_the_unit_has_23_established_posts_and_3_contracts(seeded):
    counts = Counter(seeded.people.active().values_list("employment", flat=True))
    assert counts == {"established": 23, "contract": 3}


def test_the_unit_has_3_khmer_and_1_hoa(seeded):
    counts = Counter(seeded.people.active().values_list("ethnicity", flat=True))
    assert (counts["Khmer"], counts["Hoa"]) == (3, 1)


def test_qualifications_match_the_seed(seeded):
    counts = Counter(seeded.people.active().values_list("education", flat=True))
    assert (counts["master"], counts["bachelor"], counts["college"]) == (4, 17, 2)


def test_political_theory_matches_the_seed(seeded):
    counts = Counter(seeded.people.active().values_list("political_theory", flat=True))
    assert (counts["advanced"], counts["intermediate"]) == (1, 9)


def test_the_demo_logins_belong_to_the_right_people(seeded):
    secretary = Person.objects.get(user__username="bithu")
    assert (secretary.cell, secretary.party_position) == (seeded, "secretary")


def test_the_secretary_signs_in_with_the_demo_password(seeded):
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "bithu", "password": "chibo-demo"}, follow=True
    )
    assert "Chi bộ Thư viện tỉnh Trà Vinh" in response.content.decode()
