"""A member's own work, their notification choices and their private calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from members.access import cell_access
from members.models import user_person
from sessions_app import calendar
from sessions_app.forms.topics import NotificationSettingsForm
from sessions_app.models import Comment, Topic
from sessions_app.notifications import settings_for


def my_work(request: HttpRequest) -> HttpResponse:
    """Drafts to read and comment, topics I draft, my comments and their answers."""
    person = user_person(request.user)
    access = cell_access(request.user, person.cell) if person else None
    context: dict[str, object] = {"access": access, "person": person}
    if access is None or not access.is_party_member:
        return render(request, "sessions_app/my_work.html", context)
    now = timezone.now()
    context["to_read"] = (
        Topic.objects.filter(plan__cell=person.cell, state=Topic.State.CIRCULATED)
        .filter(Q(comments_close_at__isnull=True) | Q(comments_close_at__gt=now))
        .for_my_work()
        .annotate(my_comments=Count("comments", filter=Q(comments__author=person)))
        .order_by(F("comments_close_at").asc(nulls_last=True), "pk")
    )
    context["drafting"] = (
        Topic.objects.filter(drafters=person)
        .exclude(state__in=[Topic.State.FINALISED, Topic.State.CANCELLED])
        .for_my_work()
        .annotate(
            unanswered=Count(
                "comments", filter=Q(comments__parent__isnull=True, comments__answer="")
            )
        )
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    if access.is_committee:
        context["to_approve"] = (
            Topic.objects.filter(plan__cell=person.cell, state=Topic.State.AWAITING_APPROVAL)
            .for_my_work()
            .order_by("pk")
        )
    context["my_comments"] = (
        Comment.objects.filter(author=person).for_my_work().order_by("-created_at", "-pk")[:50]
    )
    context["today"] = timezone.localdate()
    return render(request, "sessions_app/my_work.html", context)


def notification_settings(request: HttpRequest) -> HttpResponse:
    """Immediate e-mail, a daily digest or none; the private calendar address."""
    prefs = settings_for(request.user)
    form = NotificationSettingsForm(request.POST or None, initial={"mode": prefs.mode})
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "calendar-new":
            token = calendar.new_token(request.user)
            request.session["calendar_url"] = calendar.feed_url(token)
            messages.success(
                request, _("Your new calendar address is ready. The old one no longer works.")
            )
            return redirect("sessions_app:notification_settings")
        if action == "calendar-revoke":
            calendar.revoke_token(request.user)
            messages.success(request, _("Your calendar address no longer works."))
            return redirect("sessions_app:notification_settings")
        if form.is_valid():
            prefs.mode = form.cleaned_data["mode"]
            prefs.save(update_fields=["mode"])
            messages.success(request, _("Your choice is saved."))
            return redirect("sessions_app:notification_settings")
    context = {
        "form": form,
        "prefs": prefs,
        "calendar_url": request.session.pop("calendar_url", None),
    }
    return render(request, "sessions_app/notification_settings.html", context)


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The user's calendar, for calendar apps that cannot sign in: the token is the key."""
    user = calendar.user_for_token(token)
    if user is None:
        raise Http404
    response = HttpResponse(
        calendar.build_calendar(user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="chibo.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
