"""Security headers on every main page, no inline code in templates, production checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
# Rendered only into PDFs by WeasyPrint, never served as a page: its page margins come
# from the settings, so it keeps a <style> block.
PDF_ONLY = {TEMPLATES / "documents" / "print_base.html"}


def main_pages(world) -> list[str]:
    slug = world.cell.slug
    return [
        reverse("home"),
        reverse("cell_detail", args=[slug]),
        reverse("person_list", args=[slug]),
        reverse("person_detail", args=[world.member.pk]),
        reverse("sessions_app:plan_list", args=[slug]),
        reverse("sessions_app:my_work"),
        reverse("sessions_app:meeting_list", args=[slug]),
        reverse("sessions_app:document_index", args=[slug]),
        reverse("sessions_app:pledge_home", args=[slug]),
        reverse("sessions_app:cell_history", args=[slug]),
        reverse("password_change"),
    ]


def test_every_main_page_sends_the_security_headers(world, as_persona):
    client = as_persona("secretary")
    for url in main_pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy, url
        assert "script-src 'self'" in policy
        assert "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        assert "form-action 'self'" in policy
        assert "base-uri 'none'" in policy
        assert "img-src 'self' data:" in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["login", "password_reset"])
def test_public_pages_send_the_policy_too(db, client, name):
    response = client.get(reverse(name))
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_htmx_is_told_not_to_inject_its_styles(world, as_persona):
    html = as_persona("secretary").get(reverse("home")).content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false}\'>' in html
    css = (ROOT / "static" / "css" / "chibo.css").read_text()
    assert ".htmx-request .htmx-indicator" in css


def _templates() -> list[Path]:
    return [p for p in TEMPLATES.rglob("*.html") if p not in PDF_ONLY]


def test_no_inline_script_style_or_event_handler_in_templates():
    offenders = []
    for path in _templates():
        text = path.read_text()
        for match in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in match.group(0):
                offenders.append(f"{path}: inline <script>")
        if re.search(r"<style\b", text):
            offenders.append(f"{path}: <style> block")
        if re.search(r"\sstyle=", text):
            offenders.append(f"{path}: style= attribute")
        if re.search(r"\son[a-z]+=", text):
            offenders.append(f"{path}: on…= event handler")
        if re.search(r"\shx-on", text) or "javascript:" in text:
            offenders.append(f"{path}: code the policy would block")
    assert offenders == []


def test_production_settings_pass_the_deploy_check():
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DEBUG", "SECRET", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "check-deploy-only-" + "0" * 50,
            "ALLOWED_HOSTS": "chibo.example",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
