"""Topics part: files go to a temporary folder, rate limits start fresh, and helpers bring
a topic to any state through the real services."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from sessions_app.models import Topic
from sessions_app.services import topics as services
from tests.factories import AnnualPlanFactory, TopicFactory

DRAFT = """## I. Mục đích, yêu cầu

Nắm vững nội dung chuyên đề.

## II. Thực trạng

Còn hạn chế.

## III. Giải pháp

1. Phân công từ đầu năm.
"""


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://chibo.example"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def plan(world):
    return AnnualPlanFactory(cell=world.cell, year=2026)


@pytest.fixture
def topic(world, plan):
    """A planned topic drafted by the member Charlie."""
    return TopicFactory(plan=plan, title="Chuyên đề chuyển đổi số", drafters=[world.member])


def soon(days: int = 7) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def advance(world, topic: Topic, state: str) -> Topic:
    """Bring a planned topic to `state` the way people would: through the services."""
    drafter, secretary = world.member.user, world.secretary.user
    steps = {
        "planned": [],
        "drafting": ["draft"],
        "awaiting_approval": ["draft", "submit"],
        "approved": ["draft", "submit", "approve"],
        "circulated": ["draft", "submit", "approve", "circulate"],
        "presented": ["draft", "submit", "approve", "circulate", "present"],
        "finalised": ["draft", "submit", "approve", "circulate", "present", "finalise"],
        "postponed": ["draft", "postpone"],
        "cancelled": ["cancel"],
    }[state]
    for step in steps:
        if step == "draft":
            services.save_draft(topic, by=drafter, body=DRAFT, revision=topic.draft_revision)
        elif step == "submit":
            services.submit_topic(topic, by=drafter)
        elif step == "approve":
            services.approve_topic(topic, by=secretary)
        elif step == "circulate":
            services.circulate_topic(topic, by=secretary, comments_close_at=soon())
        elif step == "present":
            services.mark_presented(topic, by=secretary)
        elif step == "finalise":
            services.finalise_topic(topic, by=drafter)
        elif step == "postpone":
            services.postpone_topic(topic, by=secretary, reason="Đồng chí soạn thảo đi học.")
        elif step == "cancel":
            services.cancel_topic(topic, by=secretary, reason="Trùng nội dung.")
    topic.refresh_from_db()
    return topic


@pytest.fixture
def circulated(world, topic):
    return advance(world, topic, "circulated")
