"""Demo data of the thematic-session workflow, built on the founding case's people."""

from __future__ import annotations

from members.demo import FoundingCase
from sessions_app.demo_topics import seed_topics


def seed_sessions(case: FoundingCase) -> None:
    """Plans, topics, meetings and pledges of the founding case (added as each part lands)."""
    seed_topics(case)  # topics part: plans 2020–2023, 2026 and 2027 with their topics
