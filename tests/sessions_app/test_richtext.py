"""Drafts are Markdown made safe: nothing a draft contains runs in a reader's browser."""

from __future__ import annotations

from sessions_app.richtext import render_markdown


def test_script_tags_are_removed_with_their_content():
    html = render_markdown("Trước <script>alert('x')</script> sau").html
    assert "<script" not in html and "alert" not in html


def test_event_handler_attributes_are_removed():
    html = render_markdown('<p onclick="alert(1)" onmouseover="x()">Đoạn</p>').html
    assert "onclick" not in html and "onmouseover" not in html


def test_images_are_not_allowed_inline():
    html = render_markdown('![ảnh](https://example.org/a.png) <img src=x onerror="alert(1)">').html
    assert "<img" not in html and "onerror" not in html


def test_javascript_links_lose_their_address():
    html = render_markdown("[bấm](javascript:alert(1))").html
    assert "javascript:" not in html


def test_ordinary_links_are_kept_and_marked_external():
    html = render_markdown("[Báo Trà Vinh](https://baotravinh.vn)").html
    assert 'href="https://baotravinh.vn"' in html and "noopener" in html


def test_style_and_iframe_are_removed():
    html = render_markdown('<style>body{}</style><iframe src="https://x"></iframe>Chữ').html
    assert "<style" not in html and "<iframe" not in html


def test_a_draft_cannot_take_an_id_of_the_page():
    html = render_markdown('<h2 id="main">Tiêu đề</h2>').html
    assert 'id="main"' not in html


def test_headings_get_anchors_from_their_vietnamese_text():
    html = render_markdown("## III. Giải pháp thực hiện").html
    assert '<h2 id="s-iii-giai-phap-thuc-hien">' in html


def test_the_sections_are_listed_with_their_anchors_and_levels():
    sections = render_markdown("## I. Mục đích\n\n### 1. Ưu điểm\n\n## II. Thực trạng").sections
    assert [(s["id"], s["title"], s["level"]) for s in sections] == [
        ("s-i-muc-dich", "I. Mục đích", 2),
        ("s-1-uu-diem", "1. Ưu điểm", 3),
        ("s-ii-thuc-trang", "II. Thực trạng", 2),
    ]


def test_the_same_heading_keeps_its_anchor_in_a_later_version():
    first = render_markdown("## Giải pháp\n\nA").sections
    later = render_markdown("Mở đầu mới\n\n## Giải pháp\n\nB").sections
    assert first[0]["id"] == later[0]["id"]


def test_tables_and_lists_are_kept():
    html = render_markdown("| A | B |\n|---|---|\n| 1 | 2 |\n\n- một\n- hai").html
    assert "<table>" in html and "<li>một</li>" in html


def test_ampersands_in_headings_are_plain_text_in_the_section_list():
    sections = render_markdown("## Văn hóa & thể thao").sections
    assert sections[0]["title"] == "Văn hóa & thể thao"
