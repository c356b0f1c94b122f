"""Script payloads typed into every free-text field are shown as text, never run.

The library cell's objects are built with tests/hostile.py's payloads in every field people
type (people, plans, topics and drafts, comments and answers, meetings, minutes, speeches,
votes, follow-ups, pledges, documents); then every page is read as the secretary and as
the superior viewer, and every printable document is rendered to HTML and to PDF.
"""

from __future__ import annotations

import socket

import pytest
from django.core.exceptions import ValidationError

from sessions_app.documents.document import DocumentParams, render_html
from sessions_app.documents.pdf import render_pdf
from sessions_app.documents.registry import available_kinds, build_document
from sessions_app.richtext import render_markdown
from sessions_app.services.topics import add_video_link
from tests.cell_objects import library_objects
from tests.chibo.routes import fill, routes
from tests.chibo.test_access_matrix import EXPECTED, OK
from tests.hostile import XSS_PAYLOADS, XSS_TEXT, unescaped
from tests.sessions_app.documents_support import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return library_objects(world, text=XSS_TEXT)


def test_the_check_finds_a_payload_that_got_through():
    html = '<p><img src=x onerror=alert(1)><a href=" JavaScript:x">a</a><script>alert(1)</script>'
    assert unescaped(html) == ["<img onerror=>", "<a href=javascript:x>", "<script>alert(1)"]


def test_the_check_lets_escaped_payloads_pass():
    html = '<input value="&lt;img src=x onerror=alert(1)&gt;"> javascript:alert(1) &lt;script&gt;'
    assert unescaped(html) == []


@pytest.mark.parametrize("persona", ["secretary", "viewer"])
def test_no_page_lets_a_payload_through(world, library, as_persona, persona):
    client = as_persona(persona)
    found = {}
    for route in routes():
        row = EXPECTED[route.name]
        if row.method != "get" or row.outcomes[persona] != OK:
            continue
        response = client.get(fill(route, library, committee_slug=world.superior.slug))
        html = response.get("Content-Type", "").startswith("text/html")
        if html and (leaks := unescaped(response.content.decode())):
            found[route.name] = leaks
    assert found == {}


def test_the_payload_is_shown_as_text_on_the_topic_page(library, as_persona):
    page = as_persona("member").get(f"/topics/{library.topic.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_template_syntax_in_a_field_is_not_evaluated(library, as_persona):
    page = as_persona("member").get(f"/topics/{library.topic.pk}/").content.decode()
    assert "{{7*7}}" in page


def test_the_draft_preview_lets_no_payload_through(library, as_persona):
    response = as_persona("member").post(f"/topics/{library.topic.pk}/preview/", {"body": XSS_TEXT})
    assert response.status_code == 200
    assert unescaped(response.content.decode()) == []


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_rich_text_keeps_no_active_markup(payload):
    assert unescaped(render_markdown(f"## Mục\n\n{payload}\n\n- {payload}\n").html) == []


def _documents(cell):
    """Every printable document of the cell, with the first of its options."""
    for spec in available_kinds():
        options = spec.options(cell) if spec.options else []
        params = options[0][1] if options else DocumentParams()
        yield spec.key, build_document(spec, cell, params)


def test_every_kind_of_document_escapes_the_payloads_in_its_html(library):
    leaks = {key: unescaped(render_html(doc)) for key, doc in _documents(library.cell)}
    assert {key: found for key, found in leaks.items() if found} == {}


def test_every_kind_of_document_prints_the_payloads_as_text(library):
    printed = {
        key: pdf_text(render_pdf(render_html(doc)).data) for key, doc in _documents(library.cell)
    }
    # Words may break across lines in the PDF: compare without spaces.
    missing = [
        key
        for key, text in printed.items()
        if "<script>alert(1)</script>" not in text.replace(" ", "")
    ]
    assert missing == []


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test instead of reaching the address."""
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network is not for documents")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


DRAFT_WITH_IMAGES = """## I. Mục đích

<img src="file:///etc/passwd">
<img src="http://10.0.0.1/x.png">
![ảnh](http://10.0.0.1/y.png)
"""


def test_a_draft_with_images_prints_without_fetching_them(no_network):
    rendered = render_pdf(f"<html><body>{render_markdown(DRAFT_WITH_IMAGES).html}</body></html>")
    assert rendered.data.startswith(b"%PDF")
    assert (rendered.refused, no_network) == ((), [])


def test_image_tags_typed_into_a_plan_print_as_text_without_being_fetched(world, no_network):
    objects = library_objects(world, text=DRAFT_WITH_IMAGES)
    document = dict(_documents(objects.cell))["plan"]
    rendered = render_pdf(render_html(document))
    assert (rendered.refused, no_network) == ((), [])
    assert 'src="file:///etc/passwd"' in pdf_text(rendered.data).replace(" ", "")


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>", " javascript:x"],
)
def test_a_video_link_must_be_a_web_address(library, url):
    with pytest.raises(ValidationError):
        add_video_link(library.topic, by=library.topic.drafters.first().user, url=url, title="x")
