"""Demo data of the thematic-session workflow, built on the founding case's people."""

from __future__ import annotations

from members.demo import FoundingCase


def seed_sessions(case: FoundingCase) -> None:
    """Plans, topics, meetings and pledges of the founding case (added as each part lands)."""
    # meetings part: after the topics, whose finalised and circulated topics it looks up.
    from sessions_app.demo_meetings import seed_meetings

    seed_meetings(case)
