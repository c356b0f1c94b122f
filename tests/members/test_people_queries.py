"""Query-count guards: each page runs as many queries with 30 people as with 3."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import RatingLevel
from tests.factories import DepartmentFactory, PersonFactory, YearlyRatingFactory


def add_people(cell, count, start=0):
    """People of every kind, each in a department, each member rated for 2025."""
    department = DepartmentFactory(cell=cell)
    for i in range(start, start + count):
        person = PersonFactory(
            cell=cell,
            department=department,
            phone=f"09{i:08d}",
            share_contact=True,
            staff=i % 3 == 0,
        )
        if person.is_party_member:
            YearlyRatingFactory(person=person, year=2025, level=RatingLevel.GOOD)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


CELL_PAGES = [
    ("secretary", ""),
    ("secretary", "?q=nguyen&kind=party&state=all"),
    ("member", "directory/"),
    ("secretary", "statistics/"),
    ("secretary", "ratings/?year=2025"),
    ("viewer", "ratings/?year=2025"),
    ("secretary", "export.xlsx"),
]


@pytest.mark.parametrize(("persona", "page"), CELL_PAGES)
def test_a_cell_page_runs_the_same_queries_for_3_and_30_people(
    world, as_persona, django_assert_num_queries, persona, page
):
    client = as_persona(persona)
    url = f"/c/{world.cell.slug}/people/{page}"
    add_people(world.cell, 3)
    client.get(url)  # the first request also loads the session
    queries = count_queries(client, url)
    add_people(world.cell, 27, start=3)
    with django_assert_num_queries(queries):
        client.get(url)


@pytest.mark.parametrize("persona", ["secretary", "member", "viewer"])
def test_the_detail_page_runs_the_same_queries_for_3_and_30_ratings(
    world, as_persona, django_assert_num_queries, persona
):
    client = as_persona(persona)
    url = f"/people/{world.member.pk}/"
    add_people(world.cell, 3)
    for year in range(2000, 2003):
        YearlyRatingFactory(person=world.member, year=year)
    client.get(url)
    queries = count_queries(client, url)
    add_people(world.cell, 27, start=3)
    for year in range(2003, 2030):
        YearlyRatingFactory(person=world.member, year=year)
    with django_assert_num_queries(queries):
        client.get(url)


def _edit(person, count):
    for i in range(count):
        person.job_title = f"Chức vụ {person.history.count()} {i}"
        person.save()


def test_the_history_page_runs_the_same_queries_for_3_and_30_changes(
    world, as_persona, django_assert_num_queries
):
    client = as_persona("secretary")
    url = f"/people/{world.member.pk}/history/"
    _edit(world.member, 3)
    client.get(url)
    queries = count_queries(client, url)
    _edit(world.member, 27)
    for year in range(2000, 2030):
        YearlyRatingFactory(person=world.member, year=year)
    with django_assert_num_queries(queries):
        client.get(url)
