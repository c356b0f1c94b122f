"""The load data command: what it makes, that people can work with it, and that the main
pages run as many queries on a small province as on a grown one."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from members.models import Organisation, Person, User
from sessions_app.management.commands.generate_load_data import Command
from sessions_app.models import (
    AnnualPlan,
    Comment,
    Meeting,
    Minutes,
    PledgeRegistration,
    PledgeRound,
    Speech,
    Topic,
    TopicVersion,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 15, 9, tzinfo=datetime.UTC)


@pytest.fixture
def province(settings):
    settings.DEBUG = True
    with time_machine.travel(TODAY, tick=False):
        call_command("generate_load_data", cells=3, people=60, years=1, password="pw-load-1")
        yield


def signed_in(username: str) -> Client:
    user = User.objects.get(username=username)
    assert user.check_password("pw-load-1")
    client = Client()
    client.force_login(user)
    return client


def main_pages(cell: Organisation) -> dict[str, tuple[str, str]]:
    """Page name → (who, URL) for the pages everybody uses most."""
    plan = AnnualPlan.objects.filter(cell=cell).latest("year")
    topic = Topic.objects.filter(plan=plan, state=Topic.State.FINALISED).first()
    draft = Minutes.objects.filter(meeting__cell=cell, state=Minutes.State.DRAFT).get()
    secretary = f"{cell.slug}-0"
    return {
        "home": (secretary, "/"),
        "plan board": (secretary, f"/plans/{plan.pk}/"),
        "topic": (f"{cell.slug}-5", f"/topics/{topic.pk}/"),
        "minutes editor": (secretary, f"/minutes/{draft.pk}/edit/"),
        "people": (secretary, f"/c/{cell.slug}/people/"),
        "statistics": (secretary, f"/c/{cell.slug}/people/statistics/"),
        "superior home": ("load-province", "/"),
        "superior cell": ("load-du-1", f"/c/{cell.slug}/"),
    }


def query_counts(cell: Organisation) -> dict[str, int]:
    counts = {}
    for name, (who, url) in main_pages(cell).items():
        client = signed_in(who)
        client.get(url)  # the first request loads the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url)
        counts[name] = len(queries)
    return counts


def test_it_makes_a_small_province(province):
    cells = Organisation.objects.filter(slug__startswith="load-", kind="cell")
    assert cells.count() == 3
    assert Organisation.objects.filter(slug__startswith="load-", kind="committee").count() == 11
    assert Person.objects.count() == 60
    assert all(person.search_text and person.sort_key for person in Person.objects.all())
    assert all(cell.path.count("/") == 4 for cell in cells)
    for plan in AnnualPlan.objects.all():
        assert 4 <= plan.topics.count() <= 12
    finalised = Topic.objects.filter(state=Topic.State.FINALISED)
    assert finalised.exists()
    for topic in finalised:
        assert 20 <= Comment.objects.filter(topic=topic).count() <= 40
        assert topic.final_version.body_html.startswith("<h2")
    assert TopicVersion.objects.count() == 3 * finalised.count()
    for meeting in Meeting.objects.all():
        assert 5 <= Speech.objects.filter(meeting=meeting).count() <= 15
        assert meeting.attendances.count() > 0
    assert Minutes.objects.filter(state=Minutes.State.APPROVED).count() == 2 * 3
    assert Minutes.objects.filter(state=Minutes.State.DRAFT).count() == 3
    assert PledgeRound.objects.count() == 3
    assert PledgeRegistration.objects.count() == 30
    # One hash shared by every generated login.
    assert (
        User.objects.filter(username__startswith="load-").values("password").distinct().count() == 1
    )


def test_a_generated_secretary_can_work(province):
    cell = Organisation.objects.get(slug="load-cb-1")
    for name, (who, url) in main_pages(cell).items():
        response = signed_in(who).get(url)
        assert response.status_code == 200, name
    page = signed_in("load-cb-1-0").get(main_pages(cell)["topic"][1]).content.decode()
    assert "Chuyên đề" in page


def test_it_refuses_a_second_run_and_production(province, settings):
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_load_data", cells=1, people=8, years=1)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("generate_load_data", cells=1, people=8, years=1, replace=True)


def test_the_main_pages_do_not_grow_with_the_data(province):
    cell = Organisation.objects.get(slug="load-cb-1")
    with time_machine.travel(TODAY, tick=False):
        small = query_counts(cell)
        # Grow the cell: four times the people, three more years of plans and meetings.
        command = Command()
        command.prepare(seed=2, password="pw-load-1", years=1)
        areas = list(cell.pledge_areas.all())
        people = [*cell.people.all(), *command.add_people(cell, 24, start=100)]
        members = [p for p in people if p.is_party_member]
        secretary = User.objects.get(username="load-cb-1-0")
        for year in (2023, 2024, 2025):
            command.add_year(cell, year, people, members, secretary, areas)
        # A wider province for the superior committee.
        for i in range(3):
            other = Organisation.objects.get(slug="load-cb-2")
            other.pk, other.slug, other.path = None, f"load-more-{i}", ""
            other.save()
        assert query_counts(cell) == small
    assert max(small.values()) <= 15, small  # the target of docs/performance.md


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statistics of PostgreSQL's planner")
def test_the_generated_tables_are_counted_for_the_planner(province):
    # Without ANALYZE after the bulk load (autovacuum may be off) the planner knows no row
    # counts (-1) and read whole tables for every page of the benchmark.
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'sessions_app_comment'")
        assert cursor.fetchone()[0] > 0
