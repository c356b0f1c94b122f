from __future__ import annotations

from sessions_app.diffing import diff_texts


def test_equal_texts_have_no_differences():
    assert diff_texts("a\nb", "a\nb") == []


def test_an_added_line_is_an_insert():
    rows = diff_texts("a\nb", "a\nb\nc")
    assert [(r.kind, r.new_no) for r in rows if r.kind != "equal"] == [("insert", 3)]


def test_a_changed_line_marks_the_changed_words():
    rows = diff_texts("Phân công từ đầu năm.", "Phân công từ đầu quý.")
    changed = [(r.kind, [t for t, c in r.parts if c]) for r in rows]
    assert changed == [("delete", ["năm."]), ("insert", ["quý."])]


def test_long_unchanged_runs_are_folded():
    old = "\n".join(f"dòng {i}" for i in range(20))
    new = old + "\nmới"
    rows = diff_texts(old, new)
    assert rows[0].kind == "skip" and rows[0].skipped == 18
