from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class LanguageMiddleware:
    """Vietnamese for everyone unless they chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language header, which on
    many office computers says English; the product speaks Vietnamese first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in value for values in data.lists() for value in values[1])


class RejectNulMiddleware:
    """Refuse a query or form carrying a NUL character with a clear 400.

    Nobody types one, PostgreSQL cannot store one (it would fail as a server error deep
    in a view), and a hand-read field would pass it on unchecked. Placed after the
    login and CSRF checks, so those answer first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict
    ) -> HttpResponse | None:
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            message = _(
                "What was sent contains an invalid character (NUL). Remove it, then send it again."
            )
            return render(request, "bad_request.html", {"message": message}, status=400)
        return None
