from __future__ import annotations

import pytest

from members.vietnamese import fold, match_ethnicity, name_sort_key


def test_fold_removes_diacritics_and_case():
    assert fold("Nguyễn Văn ĐỨC") == "nguyen van duc"


def test_names_sort_by_given_name_first():
    names = ["Trần Văn Bình", "Nguyễn Thị An"]
    assert sorted(names, key=name_sort_key) == ["Nguyễn Thị An", "Trần Văn Bình"]


def test_names_follow_the_vietnamese_alphabet():
    # a ă â b c d đ e ê … o ô ơ … u ư
    names = ["Lê Đào", "Lê Dung", "Lê Ân", "Lê Ăn", "Lê An", "Lê Ơn", "Lê Ôn", "Lê On"]
    assert sorted(names, key=name_sort_key) == [
        "Lê An", "Lê Ăn", "Lê Ân", "Lê Dung", "Lê Đào", "Lê On", "Lê Ôn", "Lê Ơn",
    ]  # fmt: skip


def test_a_shorter_given_name_sorts_first():
    assert sorted(["Lê Anh", "Lê An"], key=name_sort_key) == ["Lê An", "Lê Anh"]


def test_tones_only_break_ties():
    names = ["Lê Hạ", "Lê Há", "Lê Hà", "Lê Ha", "Lê Hai"]
    assert sorted(names, key=name_sort_key) == ["Lê Ha", "Lê Hà", "Lê Há", "Lê Hạ", "Lê Hai"]


def test_same_given_name_sorts_by_the_rest():
    names = ["Trần Thị Lan", "Phạm Thị Lan", "Bùi Lan"]
    assert sorted(names, key=name_sort_key) == ["Bùi Lan", "Phạm Thị Lan", "Trần Thị Lan"]


def test_sort_keys_are_plain_ascii():
    assert name_sort_key("Đỗ Thị Yến Nhi").isascii()


@pytest.mark.parametrize(
    ("typed", "official"),
    [("khmer", "Khmer"), ("KINH", "Kinh"), ("hmong", "H'Mông"), ("Ê-đê", "Ê Đê"), ("Hoa", "Hoa")],
)
def test_ethnicity_is_matched_loosely(typed, official):
    assert match_ethnicity(typed) == official


def test_an_unknown_ethnicity_is_not_matched():
    assert match_ethnicity("Elf") is None
