"""Two-factor sign-in: optional for everyone, required of committee accounts by setting."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.two_factor import is_committee_account
from tests.conftest import PERSONAS

SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")
DISABLE = reverse("two_factor_disable")
COMMITTEE = {"committee_member", "secretary", "other_secretary", "viewer", "admin"}
SIGNED_IN = [persona for persona in PERSONAS if persona != "anonymous"]


def client_for(world, persona: str) -> Client:
    client = Client()
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    return client


def current_code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def enrol(client: Client) -> tuple[TOTPDevice, list[str]]:
    client.get(SETUP)
    device = TOTPDevice.objects.get(confirmed=False)
    page = client.post(SETUP, {"code": current_code(device)})
    assert page.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", page.content.decode())
    device.refresh_from_db()
    return device, codes


@pytest.mark.parametrize("persona", PERSONAS)
def test_requirement_off_changes_nothing(world, persona):
    client = client_for(world, persona)
    page = client.get(reverse("home"))
    assert page.status_code == (302 if persona == "anonymous" else 200)
    if persona != "anonymous":
        assert page.headers.get("Location") is None
        assert client.get(SETUP).status_code == 200
        assert 'href="/accounts/two-factor/setup/"' in page.content.decode()
        # Nothing to verify or turn off without a device.
        assert client.get(VERIFY)["Location"] == reverse("home")
        assert client.get(DISABLE)["Location"] == SETUP
    else:
        for path in (SETUP, VERIFY, DISABLE):
            assert client.get(path)["Location"].startswith(reverse("login"))


def test_committee_accounts(world):
    found = {persona for persona in SIGNED_IN if is_committee_account(world.user(persona))}
    assert found == COMMITTEE


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_requirement_on_sends_committee_without_device_to_setup(world, settings, persona):
    settings.REQUIRE_2FA_FOR_COMMITTEE = True
    client = client_for(world, persona)
    for path in (reverse("home"), reverse("cell_detail", args=[world.cell.slug])):
        page = client.get(path)
        if persona in COMMITTEE:
            assert page.status_code == 302
            assert page["Location"].startswith(SETUP + "?next=")
        else:
            assert page.get("Location", "").startswith(SETUP) is False
    assert client.get(SETUP).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


def test_requirement_on_htmx_gets_hx_redirect(world, settings):
    settings.REQUIRE_2FA_FOR_COMMITTEE = True
    client = client_for(world, "secretary")
    page = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert page.status_code == 204
    assert page["HX-Redirect"] == SETUP


def test_enrolment_with_correct_code_confirms_and_shows_backup_codes(world, settings):
    settings.REQUIRE_2FA_FOR_COMMITTEE = True
    client = client_for(world, "secretary")
    page = client.get(SETUP)
    html = page.content.decode()
    assert "<svg" in html and "<?xml" not in html
    device = TOTPDevice.objects.get(user=world.secretary.user, confirmed=False)
    assert re.search(r'<code class="two-factor-secret">([A-Z2-7]{4} ?)+</code>', html)
    device, codes = enrol(client)
    assert device.confirmed
    assert len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=world.secretary.user).count() == 10
    # Verified in this session: pages open again.
    assert client.get(reverse("home")).status_code == 200


def test_wrong_code_is_refused_and_form_kept(world):
    client = client_for(world, "member")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.member.user)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    page = client.post(SETUP, {"code": wrong})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Mã không đúng" in html
    assert f'value="{wrong}"' in html
    device.refresh_from_db()
    assert not device.confirmed
    # The same secret is offered again, so the app need not be set up twice.
    assert TOTPDevice.objects.filter(user=world.member.user).count() == 1
    assert client.post(SETUP, {"code": "12ab"}).status_code == 200


def test_verification_required_after_sign_in_for_user_with_device(world, settings):
    # django-otp also slows a device down after a wrong code; not what is tested here.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device, _codes = enrol(client_for(world, "member"))
    client = client_for(world, "member")
    page = client.get(reverse("home"))
    assert page.status_code == 302
    assert page["Location"].startswith(VERIFY)
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    wrong = client.post(VERIFY, {"code": "000000"})
    assert "Mã không đúng" in wrong.content.decode()
    # The enrolment used this time step's code already: one code is never accepted twice.
    ok = client.post(VERIFY, {"code": current_code(device, offset=1), "next": "/"})
    assert ok.status_code == 302 and ok["Location"] == "/"
    assert client.get(reverse("home")).status_code == 200


def test_backup_code_works_once_only(world):
    _device, codes = enrol(client_for(world, "member"))
    first = client_for(world, "member")
    assert first.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert first.get(reverse("home")).status_code == 200
    second = client_for(world, "member")
    again = second.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200
    assert "Mã không đúng" in again.content.decode()
    assert second.get(reverse("home")).status_code == 302


def test_wrong_codes_count_towards_the_lockout(world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    enrol(client_for(world, "member"))
    client = client_for(world, "member")
    for _attempt in range(2):
        assert client.post(VERIFY, {"code": "000000"}).status_code == 200
    assert client.post(VERIFY, {"code": "000000"}).status_code == 429
    # Signed out: the next page asks for the password again.
    assert client.get(reverse("home")).status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_turning_off_needs_the_password_and_is_refused_when_required(world, settings):
    user = world.member.user
    user.set_password("mat-khau-rat-dai-2026")
    user.save()
    client = client_for(world, "member")
    enrol(client)
    wrong = client.post(DISABLE, {"password": "sai"})
    assert "Mật khẩu không đúng" in wrong.content.decode()
    assert client.post(DISABLE, {"password": "mat-khau-rat-dai-2026"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()

    settings.REQUIRE_2FA_FOR_COMMITTEE = True
    secretary = client_for(world, "secretary")
    enrol(secretary)
    assert secretary.get(DISABLE)["Location"] == SETUP
    assert TOTPDevice.objects.filter(user=world.secretary.user).exists()


def test_setting_is_read_and_validated_like_the_other_booleans():
    from tests.chibo.test_settings import load_settings

    expression = "s.REQUIRE_2FA_FOR_COMMITTEE"
    assert load_settings(_EXPR=expression).stdout.strip() == "False"
    assert load_settings(_EXPR=expression, REQUIRE_2FA_FOR_COMMITTEE="yes").stdout.strip() == "True"
    refused = load_settings(REQUIRE_2FA_FOR_COMMITTEE="sometimes")
    assert refused.returncode != 0
    assert "REQUIRE_2FA_FOR_COMMITTEE must be one of" in refused.stderr


@pytest.mark.parametrize("next_value", ["0", "home", "https://evil.example/", "//evil.example/"])
def test_a_next_that_is_not_a_path_of_the_site_goes_home(world, next_value):
    """Found by the fuzz test: a bare word was taken for a view's name (a server error)."""
    client = client_for(world, "member")  # no device: the page sends the user on at once
    response = client.post(VERIFY, {"code": "123456", "next": next_value})
    assert response.status_code == 302 and response["Location"] == reverse("home")
