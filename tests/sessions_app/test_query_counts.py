"""The plan board, the topic page and "my work" run a fixed number of queries, whatever
the number of topics and comments."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions_app.models import Comment
from sessions_app.services import topics as services
from tests.factories import AnnualPlanFactory, TopicFactory
from tests.sessions_app.conftest import advance

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def fill_plans(world, n: int) -> None:
    """n topics over two years, each with two drafters, one moved out of its quarter."""
    plans = [AnnualPlanFactory(cell=world.cell, year=y) for y in (2026, 2027)]
    for i in range(n):
        TopicFactory(
            plan=plans[i % 2],
            quarter=1 + i % 3,
            drafters=[world.member, world.committee_member],
            presenter=world.member,
        )
    services.move_topic(
        plans[0].topics.first(), by=world.secretary.user, year=2026, quarter=4, reason="Dời."
    )
    services.approve_plan(plans[0], by=world.secretary.user)


def fill_comments(world, topic, n: int) -> None:
    for i in range(n):
        author = [world.secretary, world.committee_member][i % 2].user
        section = "s-iii-giai-phap" if i % 2 else ""
        comment = services.post_comment(topic, by=author, body=f"Ý kiến {i}.", section=section)
        services.post_comment(topic, by=world.member.user, body="Phản hồi.", parent=comment)
        if i % 3:
            services.answer_comment(
                comment, by=world.member.user, answer=Comment.Answer.ACCEPTED, text="Tiếp thu."
            )


@pytest.mark.parametrize("page", ["list", "detail"])
def test_the_plan_board_does_not_grow_with_topics(
    world, as_persona, django_assert_num_queries, page
):
    fill_plans(world, 3)
    client = as_persona("member")
    url = (
        f"/c/{world.cell.slug}/plans/"
        if page == "list"
        else f"/plans/{world.cell.plans.get(year=2026).pk}/"
    )
    small = count_queries(client, url)
    fill_plans_more(world, 27)
    with django_assert_num_queries(small):
        client.get(url)


def fill_plans_more(world, n: int) -> None:
    plans = list(world.cell.plans.all())
    for i in range(n):
        TopicFactory(plan=plans[i % len(plans)], quarter=1 + i % 4, drafters=[world.secretary])


def test_the_topic_page_does_not_grow_with_comments(
    world, circulated, as_persona, django_assert_num_queries
):
    fill_comments(world, circulated, 3)
    client = as_persona("member")
    url = f"/topics/{circulated.pk}/"
    small = count_queries(client, url)
    fill_comments(world, circulated, 27)
    with django_assert_num_queries(small):
        client.get(url)


def finalised_with_comments(world, plan, n: int):
    topic = TopicFactory(plan=plan, drafters=[world.member])
    advance(world, topic, "circulated")
    fill_comments(world, topic, n)
    services.mark_presented(topic, by=world.secretary.user)
    services.finalise_topic(topic, by=world.member.user)
    return topic


def test_the_finalised_topic_page_does_not_grow_with_comments(
    world, plan, as_persona, django_assert_num_queries
):
    small, large = finalised_with_comments(world, plan, 3), finalised_with_comments(world, plan, 30)
    client = as_persona("member")
    count = count_queries(client, f"/topics/{small.pk}/")
    with django_assert_num_queries(count):
        client.get(f"/topics/{large.pk}/")


def test_my_work_does_not_grow_with_topics_and_comments(
    world, plan, as_persona, django_assert_num_queries
):
    def add(n):
        for _ in range(n):
            topic = TopicFactory(plan=plan, drafters=[world.committee_member, world.member])
            advance(world, topic, "circulated")
            services.post_comment(topic, by=world.committee_member.user, body="Góp ý.")

    add(3)
    client = as_persona("committee_member")
    small = count_queries(client, "/my-work/")
    add(27)
    with django_assert_num_queries(small):
        client.get("/my-work/")
