"""Vietnamese text helpers: diacritic-free search keys and name ordering.

Names sort the Vietnamese way (DOMAIN.md §8): by the given name (the last word),
then by the rest of the name as written, letter by letter in the Vietnamese
alphabet (a ă â b c d đ e ê … o ô ơ … u ư …), tones deciding only between
names that are otherwise equal (a à ả ã á ạ).
"""

from __future__ import annotations

import unicodedata

# Letters of the Vietnamese alphabet in order, with the foreign letters f j w z placed
# where Latin puts them so that non-Vietnamese names still sort sensibly.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_DIGITS = "0123456789"
# Rank 0 pads short words so that "An" sorts before "Anh"; digits come before letters.
_RANK = {ch: i + 1 for i, ch in enumerate(list(_DIGITS) + _ALPHABET)}

# Combining marks that make a letter (kept in the primary key) and tone marks (secondary).
_LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_TONE_ORDER = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

_WORD_LETTERS = 12
_MAX_WORDS = 5


def fold(text: str) -> str:
    """Lower-case text without diacritics, for searching: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def _split_letter(ch: str) -> tuple[str, int]:
    """Split one character into its Vietnamese base letter and its tone rank."""
    if ch == "đ":
        return "đ", 0
    decomposed = unicodedata.normalize("NFD", ch)
    base, tone = decomposed[0], 0
    marks = decomposed[1:]
    for mark in marks:
        if mark in _TONE_ORDER:
            tone = _TONE_ORDER[mark]
    letter_marks = "".join(m for m in marks if m in _LETTER_MARKS)
    letter = unicodedata.normalize("NFC", base + letter_marks)
    return letter, tone


def _encode(rank: int) -> str:
    # Two lower-case ASCII letters per rank: compares the same under any database collation.
    return chr(97 + rank // 26) + chr(97 + rank % 26)


def name_sort_key(full_name: str) -> str:
    """A string that orders names the Vietnamese way when compared as plain text."""
    words = full_name.lower().replace("Đ", "đ").split()
    if not words:
        return ""
    ordered = [words[-1], *words[:-1]][:_MAX_WORDS]
    primary: list[str] = []
    tones: list[str] = []
    for word in ordered:
        ranks: list[int] = []
        for ch in word:
            letter, tone = _split_letter(ch)
            rank = _RANK.get(letter)
            if rank is None:
                continue
            ranks.append(rank)
            tones.append(str(tone))
        ranks = (ranks + [0] * _WORD_LETTERS)[:_WORD_LETTERS]
        primary.append("".join(_encode(r) for r in ranks))
    primary += [_encode(0) * _WORD_LETTERS] * (_MAX_WORDS - len(primary))
    return ("".join(primary) + "".join(chr(97 + int(t)) for t in tones))[:255]


def given_name(full_name: str) -> str:
    words = full_name.split()
    return words[-1] if words else ""


# The 54 ethnic groups of Viet Nam, as written in official records.
ETHNIC_GROUPS = [
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "H'Mông", "Dao", "Gia Rai",
    "Ê Đê", "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai",
    "Mnông", "Thổ", "Xtiêng", "Khơ Mú", "Bru - Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ",
    "Giẻ Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí", "Kháng",
    "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô", "Mảng", "Cơ Lao",
    "Bố Y", "Cống", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
]  # fmt: skip

_ETHNIC_BY_FOLD = {fold(name): name for name in ETHNIC_GROUPS}
_ETHNIC_ALIASES = {"mong": "H'Mông", "hmong": "H'Mông", "khome": "Khmer", "kho me": "Khmer"}


def match_ethnicity(text: str) -> str | None:
    """The official name of an ethnic group typed loosely ("khmer", "KINH", "Hmông"), or None."""
    key = fold(text).replace("'", "").replace("-", " ")
    key = " ".join(key.split())
    for folded, name in _ETHNIC_BY_FOLD.items():
        if " ".join(folded.replace("'", "").replace("-", " ").split()) == key:
            return name
    return _ETHNIC_ALIASES.get(key)
