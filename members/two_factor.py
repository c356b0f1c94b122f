"""Two-factor sign-in: a TOTP app code after the password, with one-time backup codes.

Anyone may turn it on from the account menu. With REQUIRE_2FA_FOR_COMMITTEE the
committee accounts (cell committee, superior committee viewers, site administrators)
must: without a confirmed device they are sent to the enrolment page, with one they
must pass the verification step before any other page.
"""

from __future__ import annotations

import re
from base64 import b32encode
from collections.abc import Callable
from urllib.parse import urlencode

import qrcode
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.core import is_ratelimited
from qrcode.image.svg import SvgPathImage

from members.access import COMMITTEE_ROLES, role_of_person
from members.models import User, user_person, user_viewer_paths
from members.security import redirect_response

BACKUP_CODE_COUNT = 10
DEVICE_NAME = "chibo"
# Beyond the sign-in lockout (which counts these failures too), a hard cap per account.
VERIFY_RATE = "10/15m"


def is_committee_account(user: User) -> bool:
    """Secretary, deputy, committee member of a cell, superior viewer or site admin."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    person = user_person(user)
    if person is not None and role_of_person(person) in COMMITTEE_ROLES:
        return True
    return bool(user_viewer_paths(user))


def is_required_for(user: User) -> bool:
    return settings.REQUIRE_2FA_FOR_COMMITTEE and is_committee_account(user)


def has_two_factor(user: User) -> bool:
    """A confirmed TOTP device (backup codes come only with one): one query."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def had_two_factor_at_request(user: User) -> bool:
    """Whether the user had a confirmed device when the request began: read with the user
    by members.backends.AccountBackend, or asked now for a user loaded otherwise."""
    known = getattr(user, "has_confirmed_totp", None)
    return has_two_factor(user) if known is None else known


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path of this site only: redirect() would take a bare word for a view's name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url: str, request: HttpRequest) -> str:
    if request.method == "GET" and not getattr(request, "htmx", False):
        return url + "?" + urlencode({"next": request.get_full_path()})
    return url


class TwoFactorMiddleware:
    """Sends an unverified user with a device to verification, and (when required) a
    committee account without one to enrolment. Comes after OTPMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        path = request.path_info
        always_open = [reverse("logout"), reverse("set_language"), "/" + settings.STATIC_URL]
        if any(path.startswith(prefix) for prefix in always_open):
            return self.get_response(request)
        if had_two_factor_at_request(user):
            target = reverse("two_factor_verify")
        elif is_required_for(user):
            target = reverse("two_factor_setup")
        else:
            return self.get_response(request)
        if path == target:
            return self.get_response(request)
        return redirect_response(request, _with_next(target, request))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return re.sub(r"[\s-]", "", self.cleaned_data["code"])


class SetupForm(CodeForm):
    def clean_code(self) -> str:
        code = super().clean_code()
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Enter the 6-digit code shown by the app."))
        return code


class DisableForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: object, **kwargs: object) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=SvgPathImage, box_size=8, border=2)
    svg = image.to_string(encoding="unicode")
    # Inline in the page: drop the XML declaration. Only our own data is encoded.
    return mark_safe(svg[svg.index("<svg") :])


def _secret_groups(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device of this enrolment, kept so a wrong code keeps the secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if has_two_factor(user):
        return render(
            request,
            "registration/two_factor_status.html",
            {"required": is_required_for(user)},
        )
    device = _pending_device(user)
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = _confirm(user, device)
            otp_login(request, device)
            return render(request, "registration/two_factor_backup_codes.html", {"codes": codes})
        form.add_error("code", _("The code is not correct. Check the app and try again."))
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret": _secret_groups(device),
        "required": is_required_for(user),
    }
    return render(request, "registration/two_factor_setup.html", context)


@transaction.atomic
def _confirm(user: User, device: TOTPDevice) -> list[str]:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified() or not has_two_factor(user):
        return redirect(_safe_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if is_ratelimited(
            request, group="two_factor", key="user", rate=VERIFY_RATE, method="POST", increment=True
        ):
            form.add_error("code", _("Too many wrong codes. Try again in a few minutes."))
        else:
            device = match_token(user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                return redirect(_safe_next(request))
            form.add_error("code", _("The code is not correct. Check the app and try again."))
            # Counts towards the sign-in lockout of this username from this address.
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=request
            )
            if getattr(request, "axes_locked_out", False):
                logout(request)
    context = {"form": form, "next": _safe_next(request)}
    return render(request, "registration/two_factor_verify.html", context)


def disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not has_two_factor(user):
        return redirect("two_factor_setup")
    if is_required_for(user):
        messages.error(request, _("Two-factor sign-in is required for committee accounts."))
        return redirect("two_factor_setup")
    form = DisableForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
        messages.success(request, _("Two-factor sign-in is turned off."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "registration/two_factor_disable.html", {"form": form})
