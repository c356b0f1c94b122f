"""Margins and body size of printed documents are settings, checked at start-up."""

from __future__ import annotations

import pytest

from sessions_app.documents.plan import render_plan_html
from tests.chibo.test_settings import load_settings
from tests.sessions_app.documents_support import make_plan


def test_the_defaults_follow_the_party_format():
    result = load_settings()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CHIBO_DOC_MARGIN_TOP": "wide"}, "CHIBO_DOC_MARGIN_TOP must be a number"),
        ({"CHIBO_DOC_MARGIN_LEFT": "2"}, "CHIBO_DOC_MARGIN_LEFT must be at least"),
        ({"CHIBO_DOC_MARGIN_RIGHT": "90"}, "CHIBO_DOC_MARGIN_RIGHT must be at most 60"),
        ({"CHIBO_DOC_FONT_SIZE": "30"}, "CHIBO_DOC_FONT_SIZE must be at most 16"),
        ({"CHIBO_DOC_FONT_SIZE": "9"}, "CHIBO_DOC_FONT_SIZE must be at least"),
    ],
)
def test_a_bad_document_setting_stops_the_start_up(env, message):
    result = load_settings(**env)
    assert result.returncode != 0 and message in result.stderr


def test_the_printed_page_takes_its_margins_and_size_from_the_settings(world, settings):
    make_plan(world.cell, topics=1)
    settings.CHIBO_DOCUMENT = {
        "MARGIN_TOP_MM": 25,
        "MARGIN_RIGHT_MM": 15,
        "MARGIN_BOTTOM_MM": 22,
        "MARGIN_LEFT_MM": 35,
        "FONT_SIZE_PT": 13,
    }
    html = render_plan_html(world.cell, year=2026)
    assert "margin: 25mm 15mm 22mm 35mm;" in html and "font-size: 13pt;" in html
