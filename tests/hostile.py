"""Hostile input shared by the fuzzing and escaping tests: script payloads, and
hypothesis strategies for what a form or a query string may be sent."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import strategies as st

# Markup that must only ever be shown as text.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "[bấm vào đây](javascript:alert(1))",
    "[ảnh](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">liên kết</a>',
    "{{7*7}} {% now 'Y' %}",
    "<iframe src=//evil.example></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
]

# One text carrying every payload, for fields long enough to hold it; shorter fields
# get its beginning, which starts with the most telling payloads.
XSS_TEXT = " ".join(XSS_PAYLOADS)


class _ActiveMarkup(HTMLParser):
    """Collects what a browser would run or load from the parsed page: event handler
    attributes, script and data URLs, frames, scripts that call alert."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        self._in_script = tag == "script"
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")
            elif name in URL_ATTRIBUTES and value.startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"<{tag} {name}={value[:30]}>")
            elif name == "style" and ("javascript:" in value or "expression(" in value):
                self.found.append(f"<{tag} style={value[:30]}>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.found.append(f"<script>{data[:30]}")


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "poster"}


def unescaped(html: str) -> list[str]:
    """The payloads that reached the page as markup a browser would act on."""
    finder = _ActiveMarkup()
    finder.feed(html)
    finder.close()
    return finder.found


# Values a person (or a script) may type into any field.
SPECIAL_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "0",
    "-1",
    "-99999999999999999999",
    "99999999999999999999",
    "1e309",
    "NaN",
    "Infinity",
    "0x1F",
    "2026-02-30",
    "31/12/2026",
    "2026-13-01",
    "0000-00-00",
    "9999-12-31",
    "25:61",
    "true",
    "null",
    "[]",
    "{}",
    "' OR 1=1 --",
    "../../etc/passwd",
    "%00",
    "\u202e\u200b\ufeff",
    "Nguyễn Thị Ánh Tuyết 🌸",
    "A" * 5000,
    "đ" * 300,
    *XSS_PAYLOADS,
]

_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
_number = st.integers(min_value=-(2**70), max_value=2**70).map(str)

hostile_value = st.one_of(
    st.sampled_from(SPECIAL_VALUES),
    _text,
    _number,
    st.dates().map(str),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.times().map(str),
)


def hostile_data(names: list[str]) -> st.SearchStrategy[dict[str, list[str]]]:
    """A form or query: some of `names` (others missing), each with one or more hostile
    values (a list stands for a repeated field, as a select-multiple sends it)."""
    if not names:
        names = ["q"]
    return st.dictionaries(
        st.sampled_from(names),
        st.lists(hostile_value, min_size=1, max_size=3),
        max_size=len(names),
    )
