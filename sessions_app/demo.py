"""Demo data of the thematic-session workflow, built on the founding case's people."""

from __future__ import annotations

from members.demo import FoundingCase


def seed_sessions(case: FoundingCase) -> None:
    """Plans, topics, meetings and pledges of the founding case (added as each part lands)."""
