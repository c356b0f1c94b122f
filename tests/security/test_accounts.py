"""Sign-in lockout, idle sign-out, password reset by e-mail and the sign-in log."""

from __future__ import annotations

import logging
import re
import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from members.demo import DEMO_PASSWORD
from members.security import LAST_SEEN_KEY
from tests.factories import UserFactory

PASSWORD = "mat-khau-rat-dai-2026"


@pytest.fixture
def account(db):
    user = UserFactory(username="lan", email="lan@chibo.example")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client: Client, username: str, password: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_five_failures_lock_the_username_from_that_address(account):
    client = Client()
    for _attempt in range(4):
        assert sign_in(client, "lan", "wrong-password").status_code == 200
    locked = sign_in(client, "lan", "wrong-password")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Tạm khóa đăng nhập" in html
    assert "15 phút" in html
    # Even the right password is refused while locked.
    assert sign_in(client, "lan", PASSWORD).status_code == 429


def test_the_lock_is_per_username_and_address(account):
    client = Client()
    for _attempt in range(5):
        sign_in(client, "lan", "wrong-password")
    # The same user from another address, and another user from the same one, may sign in.
    other_address = sign_in(Client(), "lan", PASSWORD, REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 302
    other = UserFactory(username="minh")
    other.set_password(PASSWORD)
    other.save()
    assert sign_in(client, "minh", PASSWORD).status_code == 302


def test_forwarded_address_counts_only_behind_the_proxy(account, settings):
    client = Client()
    for index in range(5):
        # Without BEHIND_PROXY a forged header does not spread attempts over addresses.
        sign_in(client, "lan", "wrong", HTTP_X_FORWARDED_FOR=f"10.1.1.{index}")
    assert sign_in(client, "lan", PASSWORD, HTTP_X_FORWARDED_FOR="10.2.2.2").status_code == 429
    settings.BEHIND_PROXY = True
    fresh = sign_in(client, "lan", PASSWORD, HTTP_X_FORWARDED_FOR="10.2.2.2")
    assert fresh.status_code == 302


def test_password_rules_need_ten_characters_and_accept_the_demo_password(account):
    with pytest.raises(ValidationError):
        validate_password("ngan-9kt")
    validate_password(DEMO_PASSWORD)
    validate_password(PASSWORD)


def test_idle_session_is_signed_out_with_a_message(account, settings):
    client = Client()
    client.force_login(account)
    home = reverse("home")
    assert client.get(home).status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get(home, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login") + "?next=")
    assert "Bạn đã được đăng xuất do không hoạt động" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_idle_htmx_request_gets_a_client_redirect(account, settings):
    client = Client()
    client.force_login(account)
    client.get(reverse("home"))
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get(reverse("home"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("login")


def test_active_session_stays(account):
    client = Client()
    client.force_login(account)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("home")).status_code == 200
    assert LAST_SEEN_KEY in client.session


def test_password_reset_by_email_end_to_end(account, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = Client()
    login_page = client.get(reverse("login")).content.decode()
    assert "Quên mật khẩu?" in login_page
    form = client.get(reverse("password_reset")).content.decode()
    assert "Gửi đường dẫn" in form
    response = client.post(reverse("password_reset"), {"email": "lan@chibo.example"}, follow=True)
    assert "Kiểm tra hộp thư" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan@chibo.example"]
    assert "mật khẩu mới" in message.subject
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", message.body).group(1)
    confirm = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in confirm.content.decode()
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": "mot-mat-khau-moi-2026", "new_password2": "mot-mat-khau-moi-2026"},
        follow=True,
    )
    assert "Đã đổi mật khẩu" in done.content.decode()
    assert sign_in(Client(), "lan", "mot-mat-khau-moi-2026").status_code == 302
    # The link works once.
    again = client.get(link, follow=True).content.decode()
    assert "không còn hiệu lực" in again


def test_reset_for_unknown_address_sends_nothing_and_says_the_same(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = Client().post(reverse("password_reset"), {"email": "ai@do.vn"}, follow=True)
    assert "Kiểm tra hộp thư" in response.content.decode()
    assert mail.outbox == []


def test_sign_in_log_has_no_password(account, caplog):
    caplog.set_level(logging.INFO, logger="chibo.auth")
    client = Client()
    sign_in(client, "lan", "sai-mat-khau-bi-mat")
    sign_in(client, "lan", PASSWORD)
    client.post(reverse("logout"))
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == "chibo.auth")
    assert "sign-in failed user=lan ip=127.0.0.1" in text
    assert "sign-in user=lan" in text
    assert "sign-out user=lan" in text
    assert "sai-mat-khau-bi-mat" not in text
    assert PASSWORD not in text
    assert "*****" not in text
