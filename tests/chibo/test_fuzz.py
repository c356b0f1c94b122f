"""Hostile input on every form and every query string: nothing answers 500.

The pages are fetched as the persona the access matrix lets in; the fields of every form
on them (and of the forms that post elsewhere) are then sent hostile values (tests/hostile.py):
any unicode, NUL bytes, very long strings, huge and negative numbers, malformed dates,
repeated fields and missing ones. A 500, or an exception escaping the view, fails.
Each request is undone afterwards, so the objects stay as built.
"""

from __future__ import annotations

import html
import os
import re
from collections import defaultdict

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cell_objects import build_world_objects
from tests.chibo.routes import fill, routes
from tests.chibo.test_access_matrix import BAD, EXPECTED, GO, OK
from tests.conftest import client_for
from tests.hostile import hostile_data

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=12,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Query parameters the list pages and documents read, besides those of their filter forms.
QUERY_NAMES = [
    "q", "page", "year", "quarter", "from", "to", "section", "answer", "topic", "meeting",
    "round", "kind", "state", "doc_type", "term", "organisation", "department", "sort",
]  # fmt: skip
# Printing a PDF takes long: fewer examples there.
SLOW = {"sessions_app:document_pdf"}
# Who may use each URL, in the order of preference.
USERS = ["secretary", "member", "committee_member", "admin", "staff", "viewer"]
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.DOTALL | re.IGNORECASE)
ACTION = re.compile(r'\baction="([^"]*)"')
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', re.IGNORECASE)


def persona_for(name: str) -> str | None:
    outcomes = EXPECTED[name].outcomes
    return next((p for p in USERS if outcomes[p] in (OK, GO, BAD)), None)


def forms_on(page: str, url: str) -> dict[str, set[str]]:
    """Field names of each form of a page, by the URL the form sends to."""
    found: dict[str, set[str]] = defaultdict(set)
    for attributes, body in FORM.findall(page):
        action = ACTION.search(attributes)
        target = html.unescape(action.group(1)) if action and action.group(1) else url
        names = {n for n in FIELD.findall(body) if n != "csrfmiddlewaretoken"}
        found[target.split("?")[0]] |= names
    return found


def send(client, method: str, url: str, data: dict[str, list[str]]) -> int:
    with transaction.atomic():
        response = getattr(client, method)(url, data)
        transaction.set_rollback(True)
    return response.status_code


@pytest.fixture
def site(world, settings, tmp_path):
    """Every usable URL with the persona who may use it and the fields its forms send."""
    settings.MEDIA_ROOT = tmp_path
    library, _sibling = build_world_objects(world)
    targets = []
    fields: dict[str, set[str]] = defaultdict(set)
    for route in routes():
        persona = persona_for(route.name)
        if persona is None or route.name == "logout":
            continue
        url = fill(route, library, committee_slug=world.superior.slug)
        client = client_for(world.user(persona))
        if EXPECTED[route.name].method == "get":
            response = client.get(url)
            if response.get("Content-Type", "").startswith("text/html"):
                for target, names in forms_on(response.content.decode(), url).items():
                    fields[target] |= names
        targets.append((route, url, client))
    return targets, fields


def fuzz(client, method: str, url: str, names: list[str], examples: int) -> None:
    """Send `examples` hostile forms or queries to one URL."""

    @settings(FUZZ, max_examples=examples)
    @given(data=hostile_data(names))
    def send_hostile(data: dict[str, list[str]]) -> None:
        assert send(client, method, url, data) < 500, (method, url, data)

    send_hostile()


def test_hostile_forms_never_cause_a_server_error(site):
    targets, fields = site
    everything = sorted(set().union(*fields.values()))
    for route, url, client in targets:
        if route.name not in SLOW:
            fuzz(client, "post", url, sorted(fields.get(url, ())) or everything, 12)


def test_hostile_query_strings_never_cause_a_server_error(site):
    targets, fields = site
    for route, url, client in targets:
        if EXPECTED[route.name].method == "get":
            names = sorted(set(QUERY_NAMES) | fields.get(url, set()))
            fuzz(client, "get", url, names, 3 if route.name in SLOW else 12)


@pytest.mark.parametrize("value", ["\x00", "Nguyễn\x00Văn"])
def test_a_nul_byte_in_any_form_is_refused_with_a_clear_message(site, value):
    targets, fields = site
    answers = {}
    for route, url, client in targets:
        names = fields.get(url)
        if not names:
            continue
        answers[route.name] = send(client, "post", url, {key: [value] for key in names})
    assert {name: status for name, status in answers.items() if status != 400} == {}


def test_the_nul_byte_answer_says_why_in_vietnamese(world, as_persona):
    response = as_persona("secretary").post("/c/thu-vien/people/new/", {"full_name": "A\x00"})
    assert response.status_code == 400
    assert "ký tự không hợp lệ" in response.content.decode()


@given(value=st.text(min_size=1, max_size=20).filter(lambda v: "\x00" not in v))
@settings(FUZZ, max_examples=20)
def test_the_nul_byte_check_lets_other_text_through(world, as_persona, value):
    response = as_persona("secretary").get("/c/thu-vien/people/", {"q": value})
    assert response.status_code == 200
