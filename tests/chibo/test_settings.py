"""The settings module refuses values it cannot understand, at start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 60


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter with production-like values plus `env`;
    `_EXPR` names what to print (the database engine by default)."""
    expression = env.pop("_EXPR", "s.DATABASES['default']['ENGINE']")
    prefixes = ("DEBUG", "SECRET", "DATABASE", "REDIS", "TASK_", "S3_")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    clean.update({"DEBUG": "false", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "chibo.example"})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import chibo.settings as s; print({expression})"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_starts_with_good_production_values():
    result = load_settings()
    assert result.returncode == 0, result.stderr


def test_it_uses_sqlite_by_default():
    assert load_settings().stdout.strip() == "django.db.backends.sqlite3"


def test_it_reads_postgresql_from_database_url():
    result = load_settings(DATABASE_URL="postgres://u:p@127.0.0.1:5432/chibo")
    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "at least 50 characters"),
        ({"DEBUG": "maybe"}, "DEBUG must be one of"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set"),
        ({"DATABASE_URL": "mysql://u@h/db"}, "PostgreSQL or SQLite"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"EMAIL_HOST": "smtp.example", "EMAIL_PORT": "seventy"}, "EMAIL_PORT must be a whole"),
        ({"EMAIL_HOST": "smtp.example", "EMAIL_PORT": "70000"}, "EMAIL_PORT must be at least"),
        ({"CHIBO_CIRCULATION_LEAD_DAYS": "-1"}, "CHIBO_CIRCULATION_LEAD_DAYS"),
        ({"CSRF_TRUSTED_ORIGINS": "chibo.example"}, "need a scheme"),
        ({"SITE_URL": "chibo.example"}, "SITE_URL must start"),
    ],
)
def test_it_refuses_bad_values(env, message):
    result = load_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_it_allows_a_missing_secret_key_in_debug():
    result = load_settings(DEBUG="true", SECRET_KEY="")
    assert result.returncode == 0, result.stderr
