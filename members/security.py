"""Sign-in safety: the client's address, the idle sign-out and the sign-in log.

The sign-in log (`chibo.auth`) names the username and the address, never a password;
django-axes keeps the same events in its AccessLog and AccessFailureLog tables.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

log = logging.getLogger("chibo.auth")

LAST_SEEN_KEY = "chibo_last_seen"


def client_ip(request: HttpRequest | None) -> str | None:
    """REMOTE_ADDR, or behind our own proxy (BEHIND_PROXY) the address it appended last.

    The right-most X-Forwarded-For entry is the one our proxy wrote; entries to its left
    come from the client and could be forged to dodge the lockout.
    """
    if request is None:
        return None
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [item.strip() for item in forwarded.split(",") if item.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR")


class IdleTimeoutMiddleware:
    """Signs out whoever made no request for SESSION_IDLE_TIMEOUT seconds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - int(last_seen) > settings.SESSION_IDLE_TIMEOUT:
                return self._sign_out(request)
            # Written at most once a minute, so that most requests do not save the session.
            if last_seen is None or now - int(last_seen) >= 60:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    def _sign_out(self, request: HttpRequest) -> HttpResponse:
        logout(request)
        messages.info(request, _("You were signed out after a period of inactivity."))
        login_url = resolve_url(settings.LOGIN_URL)
        if request.method == "GET" and not getattr(request, "htmx", False):
            login_url += "?" + urlencode({"next": request.get_full_path()})
        return redirect_response(request, login_url)


def redirect_response(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect; for htmx an empty answer with HX-Redirect, so the whole page moves."""
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


@receiver(user_logged_in)
def _log_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    log.info("sign-in user=%s ip=%s", user.get_username(), client_ip(request))


@receiver(user_logged_out)
def _log_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    username = user.get_username() if user is not None else "-"
    log.info("sign-out user=%s ip=%s", username, client_ip(request))


@receiver(user_login_failed)
def _log_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the username: `credentials` also holds the (masked) password.
    log.warning(
        "sign-in failed user=%s ip=%s", credentials.get("username", "-"), client_ip(request)
    )
