"""seed_demo reproduces the founding case's topics (DOMAIN.md §9)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from sessions_app.demo_topics import SEED_TITLES
from sessions_app.models import AnnualPlan, Comment, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def half_term():
    return Topic.objects.filter(plan__cell__slug="thu-vien-tra-vinh", plan__year__lte=2023)


def test_the_twelve_topics_carry_the_seed_s_titles_in_order(seeded):
    titles = list(
        half_term().order_by("plan__year", "quarter", "pk").values_list("title", flat=True)
    )
    assert sorted(titles) == sorted(SEED_TITLES) and len(titles) == 12


def test_nine_topics_were_held_and_finalised_three_are_planned(seeded):
    assert Counter(half_term().values_list("state", flat=True)) == {"finalised": 9, "planned": 3}


def test_each_finalised_topic_kept_its_submitted_circulated_and_final_versions(seeded):
    for topic in half_term().filter(state="finalised"):
        assert list(topic.versions.values_list("kind", flat=True)) == [
            "submitted",
            "circulated",
            "final",
        ]


def test_every_comment_of_the_half_term_is_answered(seeded):
    comments = Comment.objects.filter(topic__in=half_term())
    assert comments.count() == 18 and not comments.filter(answer="").exists()


def test_the_plans_of_2020_to_2023_are_approved_and_reported(seeded):
    plans = AnnualPlan.objects.filter(cell__slug="thu-vien-tra-vinh", year__lte=2023)
    assert dict(plans.values_list("year", "state")) == dict.fromkeys(
        (2020, 2021, 2022, 2023), "reported"
    )


def test_the_drafters_are_party_members_of_the_library(seeded):
    for topic in half_term():
        assert all(
            p.is_party_member and p.cell.slug == "thu-vien-tra-vinh" for p in topic.drafters.all()
        )


def test_a_topic_moved_because_of_the_epidemic_keeps_its_reason(seeded):
    topic = Topic.objects.get(title=SEED_TITLES[4])
    move = topic.transitions.get(action="moved")
    assert (move.from_label, move.to_label) == (
        "Quý III/2021",
        "Quý IV/2021",
    ) and "COVID" in move.remark


def test_the_current_topic_is_circulated_to_dangvien_with_comments_open(seeded):
    topic = Topic.objects.get(plan__year=2026, quarter=4)
    assert topic.state == "circulated" and topic.comments_open()
    assert [p.user.username for p in topic.drafters.all()] == ["dangvien"]
    assert topic.comments_close_at > timezone.now()


def test_the_next_year_has_a_topic_being_drafted(seeded):
    topic = Topic.objects.get(plan__year=2027, quarter=1)
    assert (topic.state, topic.plan.state) == ("drafting", "drafting")


def test_the_demo_sends_no_mail(seeded, mailoutbox):
    assert mailoutbox == []
