"""Every user-facing string has a Vietnamese translation: a missing one fails here."""

from __future__ import annotations

import shutil

import polib
from django.conf import settings
from django.core.management import call_command

SKIP = shutil.ignore_patterns(".venv", ".git", "media", "staticfiles", "node_modules", "*.pyc")
IGNORE = [".venv", "tests", "staticfiles", "media", "node_modules", "docs"]


def test_the_vietnamese_catalogue_is_complete(tmp_path, monkeypatch):
    # makemessages writes next to the sources it reads, so it runs on a copy of the tree.
    tree = tmp_path / "tree"
    shutil.copytree(settings.BASE_DIR, tree, ignore=SKIP)
    monkeypatch.chdir(tree)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [tree / "locale"])
    call_command(
        "makemessages", locale=["vi"], ignore_patterns=IGNORE, no_location=True, verbosity=0
    )
    catalogue = polib.pofile(str(tree / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert missing == [], "Untranslated or fuzzy strings (run `make messages`):\n" + "\n".join(
        missing
    )
