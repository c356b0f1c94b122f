"""Demo data of the thematic-session workflow, built on the founding case's people."""

from __future__ import annotations

from members.demo import FoundingCase
from sessions_app.demo_documents import seed_documents
from sessions_app.demo_meetings import seed_meetings
from sessions_app.demo_people import seed_ratings
from sessions_app.demo_pledges import seed_pledges
from sessions_app.demo_topics import seed_topics


def seed_sessions(case: FoundingCase) -> None:
    """Plans, topics, meetings and pledges of the founding case (added as each part lands)."""
    seed_topics(case)  # topics part: plans 2020–2023, 2026 and 2027 with their topics
    # meetings part: after the topics, whose finalised and circulated topics it looks up.
    seed_meetings(case)
    seed_ratings(case)  # people part
    # pledges: after the topics and meetings steps, whose meetings the rounds are tied to.
    seed_pledges(case)
    # Documents (issue 7): keep last, documents are issued from what the steps above seeded.
    seed_documents(case)
