"""Differences between two versions of a draft, line by line, words marked inside lines.

The result is an inline list (one column) so that it reads on a phone: unchanged runs are
folded to a few lines of context, removed lines come before the added ones, and within
a changed pair of lines the words that changed are marked.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

CONTEXT = 2
_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass
class Row:
    kind: str  # "equal", "delete", "insert" or "skip"
    old_no: int | None = None
    new_no: int | None = None
    parts: list[tuple[str, bool]] = field(default_factory=list)  # (text, changed)
    skipped: int = 0


def _word_parts(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    old_parts: list[tuple[str, bool]] = []
    new_parts: list[tuple[str, bool]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            old_parts.append(("".join(a[i1:i2]), False))
            new_parts.append(("".join(b[j1:j2]), False))
            continue
        if i2 > i1:
            old_parts.append(("".join(a[i1:i2]), True))
        if j2 > j1:
            new_parts.append(("".join(b[j1:j2]), True))
    return old_parts, new_parts


def diff_texts(old: str, new: str) -> list[Row]:
    """Rows describing how `new` differs from `old` (empty when they are equal)."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            lines = list(range(i2 - i1))
            first, last = index == 0, index == len(opcodes) - 1
            keep_head = [] if first else lines[:CONTEXT]
            keep_tail = [] if last else lines[-CONTEXT:]
            keep = sorted(set(keep_head) | set(keep_tail))
            previous = -1
            for offset in keep:
                if offset - previous > 1:
                    rows.append(Row(kind="skip", skipped=offset - previous - 1))
                rows.append(
                    Row("equal", i1 + offset + 1, j1 + offset + 1, [(a[i1 + offset], False)])
                )
                previous = offset
            if len(lines) - 1 > previous:
                rows.append(Row(kind="skip", skipped=len(lines) - 1 - previous))
            continue
        old_lines, new_lines = a[i1:i2], b[j1:j2]
        paired = min(len(old_lines), len(new_lines)) if tag == "replace" else 0
        old_rows, new_rows = [], []
        for k, line in enumerate(old_lines):
            parts = [(line, True)]
            if k < paired:
                parts, new_parts = _word_parts(line, new_lines[k])
                new_rows.append(Row("insert", None, j1 + k + 1, new_parts))
            old_rows.append(Row("delete", i1 + k + 1, None, parts))
        for k in range(paired, len(new_lines)):
            new_rows.append(Row("insert", None, j1 + k + 1, [(new_lines[k], True)]))
        rows.extend(old_rows)
        rows.extend(new_rows)
    if all(row.kind in ("equal", "skip") for row in rows):
        return []
    return rows
