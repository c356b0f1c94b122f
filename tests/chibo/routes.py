"""Every URL of the project filled with real objects of one cell (tests/cell_objects.py)."""

from __future__ import annotations

from tests.cell_objects import CellObjects
from tests.urlwalk import Route, project_routes

# The object a `pk` names, by the first segment of the path.
PK_OBJECT = {
    "people": "person",
    "plans": "plan",
    "topics": "topic",
    "attachments": "attachment",
    "comments": "comment",
    "meetings": "meeting",
    "minutes": "minutes",
    "pledge-rounds": "pledge_round",
    "pledges": "registration",
    "documents": "document",
    "jobs": "job",
}

# Other arguments, by name.
ARG_OBJECT = {
    "attendance_pk": "attendance",
    "guest_pk": "guest",
    "speech_pk": "speech",
    "vote_pk": "vote",
    "follow_up_pk": "follow_up",
}

# A document kind that prints in every cell, and a topic move the committee may make on
# a circulated topic.
DOCUMENT_KIND = "plan"
COMMITTEE_DOCUMENT_KIND = "consolidated"
NARRATIVE_DOCUMENT_KIND = "quarterly"  # a report with narrative sections
TOPIC_ACTION = "deadline"


def routes() -> list[Route]:
    """Every URL pattern but Django's admin site (its own staff-only permissions)."""
    return [r for r in project_routes() if not r.pattern.startswith("admin/")]


def fill(route: Route, objects: CellObjects, *, committee_slug: str) -> str:
    """The route's path with each argument naming an object of `objects`' cell."""
    values: dict[str, object] = {}
    for arg in route.converters:
        if arg == "slug":
            committee = route.pattern.startswith("o/")
            values[arg] = committee_slug if committee else objects.cell.slug
        elif arg == "pk":
            values[arg] = getattr(objects, PK_OBJECT[route.pattern.split("/")[0]]).pk
        elif arg in ARG_OBJECT:
            values[arg] = getattr(objects, ARG_OBJECT[arg]).pk
        elif arg == "number":
            values[arg] = objects.version.number
        elif arg == "kind":
            if route.pattern.startswith("o/"):
                values[arg] = COMMITTEE_DOCUMENT_KIND
            elif route.pattern.endswith("/narrative/"):
                values[arg] = NARRATIVE_DOCUMENT_KIND
            else:
                values[arg] = DOCUMENT_KIND
        elif arg == "action":
            values[arg] = TOPIC_ACTION
        elif arg == "token" and route.name == "sessions_app:calendar_feed":
            values[arg] = objects.calendar_token
    return route.url(**values)
