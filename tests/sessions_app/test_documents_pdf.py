"""The PDF pipeline: WeasyPrint reads the project's static files and nothing else."""

from __future__ import annotations

import logging

import pytest

from sessions_app.documents.pdf import (
    DOCUMENT_ORIGIN,
    FetchRefused,
    StaticOnlyFetcher,
    html_to_pdf,
    render_pdf,
    static_url,
)
from tests.sessions_app.documents_support import pdf_text

HOSTILE = [
    "file:///etc/passwd",
    "http://127.0.0.1:9/x",
    "https://example.org/logo.png",
    "ftp://127.0.0.1/x",
    "data:image/png;base64,iVBORw0KGgo=",
    "data:text/css,body{}",
    f"{DOCUMENT_ORIGIN}/etc/passwd",
    f"{DOCUMENT_ORIGIN}/static/../chibo/settings.py",
    f"{DOCUMENT_ORIGIN}/static/%2e%2e/%2e%2e/etc/passwd",
    f"{DOCUMENT_ORIGIN}/static//etc/passwd",
    f"{DOCUMENT_ORIGIN}/static/js/chibo.js",
    f"{DOCUMENT_ORIGIN}/static/css/no-such-file.css",
    f"{DOCUMENT_ORIGIN}/static/css/print.css?x=1",
    f"http://{DOCUMENT_ORIGIN.split('://')[1]}/static/css/print.css",
    f"{DOCUMENT_ORIGIN}:8080/static/css/print.css",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_the_fetcher_refuses_everything_but_the_static_files(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_serves_the_print_style_sheet_from_disk():
    response = StaticOnlyFetcher().fetch(static_url("css/print.css"))
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_the_fetcher_falls_back_to_static_root(tmp_path, settings):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "collected.abc123.css").write_text("p { color: red }")
    settings.STATIC_ROOT = tmp_path
    response = StaticOnlyFetcher().fetch(static_url("css/collected.abc123.css"))
    assert response.read() == b"p { color: red }"


HOSTILE_HTML = f"""<!doctype html><html><head>
<link rel="stylesheet" href="{static_url("css/print.css")}">
<style>
@import url("file:///etc/hostname");
.x {{ background-image: url("http://127.0.0.1:9/bg.png"); }}
</style></head>
<body class="party-doc"><p class="x">Đảng Cộng sản Việt Nam – ý kiến góp ý</p>
<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x">
<div style="background: url('https://example.org/track.png')">chữ</div>
</body></html>"""


def test_a_document_with_hostile_links_still_renders():
    rendered = render_pdf(HOSTILE_HTML)
    assert rendered.data.startswith(b"%PDF") and rendered.page_count == 1


def test_a_document_with_hostile_links_has_every_one_refused():
    refused = set(render_pdf(HOSTILE_HTML).refused)
    assert refused == {
        "file:///etc/hostname",
        "http://127.0.0.1:9/bg.png",
        "file:///etc/passwd",
        "http://127.0.0.1:9/x",
        "https://example.org/track.png",
    }


def test_a_document_with_hostile_links_keeps_its_vietnamese_text():
    assert "Đảng Cộng sản Việt Nam – ý kiến góp ý" in pdf_text(html_to_pdf(HOSTILE_HTML))


def test_a_relative_link_resolves_inside_the_document_origin_and_is_refused():
    rendered = render_pdf('<img src="../../../../etc/passwd"><p>x</p>')
    assert rendered.refused == (f"{DOCUMENT_ORIGIN}/etc/passwd",)


def test_the_fonts_are_subset_by_harfbuzz_not_the_slow_fallback(caplog):
    """The set-up installs libharfbuzz-subset0; without it every PDF takes 2–3× longer."""
    with caplog.at_level(logging.INFO):
        render_pdf('<html><body class="party-doc"><p>Chi bộ Thư viện tỉnh</p></body></html>')
    messages = [record.getMessage() for record in caplog.records]
    assert not [m for m in messages if "instead of HarfBuzz-Subset" in m]


def test_font_subsetting_does_not_log_every_glyph():
    assert logging.getLogger("fontTools.subset").getEffectiveLevel() >= logging.WARNING
