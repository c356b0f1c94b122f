"""Meeting pages: the cell's meetings, calling a meeting, its page, attendance and guests."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import CellAccess, get_cell_for_user
from members.models import PartyPosition
from sessions_app.access import can_write_meeting, get_meeting_for_user, is_meeting_chair
from sessions_app.forms.meetings import AttendanceForm, GuestForm, MeetingForm
from sessions_app.models.meetings import Attendance, AttendanceSummary, FollowUp, Meeting
from sessions_app.services import meetings as services


def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_cell_for_user(request.user, slug, party=True)
    meetings = list(Meeting.objects.filter(cell=access.cell).for_cell_list())
    today = timezone.localdate()
    context = {
        "access": access,
        "cell": access.cell,
        "upcoming": [m for m in reversed(meetings) if m.date >= today and m.state != "held"],
        "past": [m for m in meetings if m.date < today or m.state == "held"],
    }
    return render(request, "sessions_app/meeting_list.html", context)


def _details(form: MeetingForm) -> services.MeetingDetails:
    data = form.cleaned_data
    return services.MeetingDetails(
        kind=data["kind"],
        date=data["date"],
        starts_at=data["starts_at"],
        planned_end=data["planned_end"],
        place=data["place"],
        chair=data["chair"],
        recorder=data["recorder"],
        topics=list(data["topics"]),
        agenda=data["agenda"].splitlines(),
    )


def _warn_if_short(request: HttpRequest, meeting: Meeting) -> None:
    if meeting.is_too_short:
        messages.warning(request, length_warning(meeting))


def length_warning(meeting: Meeting) -> str:
    return _(
        "The meeting is planned for %(planned)s minutes; the guideline asks for at least "
        "%(minimum)s minutes."
    ) % {"planned": meeting.planned_minutes, "minimum": meeting.minimum_minutes}


def _minimums() -> dict[str, int]:
    return {
        "settings_min": settings.CHIBO["MEETING_MIN_MINUTES"],
        "settings_combined": settings.CHIBO["COMBINED_MEETING_MIN_MINUTES"],
    }


def _create_initial(access: CellAccess, request: HttpRequest) -> dict[str, Any]:
    secretary = access.cell.people.active().filter(party_position=PartyPosition.SECRETARY).first()
    return {
        "kind": Meeting.Kind.THEMATIC,
        "date": timezone.localdate(),
        "starts_at": datetime.time(14, 0),
        "planned_end": datetime.time(16, 0),
        "chair": secretary,
        "topics": request.GET.getlist("topic"),
    }


def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_cell_for_user(request.user, slug, write=True, party=True)
    form = MeetingForm(
        request.POST or None, cell=access.cell, initial=_create_initial(access, request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(access.cell, by=request.user, details=_details(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The meeting has been called and its attendance listed."))
            _warn_if_short(request, meeting)
            return redirect("sessions_app:meeting_detail", pk=meeting.pk)
    context = {"access": access, "cell": access.cell, "form": form, "meeting": None, **_minimums()}
    return render(request, "sessions_app/meeting_form.html", context)


def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = get_meeting_for_user(request.user, pk, write=True)
    if meeting.is_locked:
        messages.error(request, services.MinutesLocked().messages[0])
        return redirect("sessions_app:meeting_detail", pk=meeting.pk)
    initial = {
        **{
            name: getattr(meeting, name)
            for name in ("kind", "date", "starts_at", "planned_end", "place", "chair", "recorder")
        },
        "topics": list(meeting.topics.all()),
        "agenda": "\n".join(item.title for item in meeting.agenda_items.all()),
    }
    form = MeetingForm(request.POST or None, cell=meeting.cell, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(meeting, by=request.user, details=_details(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The meeting has been updated."))
            _warn_if_short(request, meeting)
            return redirect("sessions_app:meeting_detail", pk=meeting.pk)
    context = {
        "access": access,
        "cell": meeting.cell,
        "form": form,
        "meeting": meeting,
        **_minimums(),
    }
    return render(request, "sessions_app/meeting_form.html", context)


def _render_meeting(
    request: HttpRequest, pk: int, access: CellAccess, *, guest_form: GuestForm | None = None
) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.for_meeting_page(), pk=pk)
    context = {
        "access": access,
        "cell": meeting.cell,
        "meeting": meeting,
        "minutes": getattr(meeting, "minutes", None),
        "summary": AttendanceSummary.of(list(meeting.attendances.all())),
        "carried": list(FollowUp.objects.carried_to(meeting)),
        "speech_count": meeting.speeches.count(),
        "can_write": can_write_meeting(access, meeting),
        "is_chair": is_meeting_chair(access, meeting),
        "can_mark_held": meeting.state == Meeting.State.SCHEDULED
        and meeting.date <= timezone.localdate(),
        "guest_form": guest_form or GuestForm(),
        "length_warning": length_warning(meeting) if meeting.is_too_short else "",
    }
    return render(request, "sessions_app/meeting_detail.html", context)


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = get_meeting_for_user(request.user, pk)
    return _render_meeting(request, meeting.pk, access)


@require_POST
def meeting_held(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _access = get_meeting_for_user(request.user, pk, write=True)
    try:
        services.mark_meeting_held(meeting, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The meeting has been marked as held."))
    return redirect("sessions_app:meeting_detail", pk=meeting.pk)


@require_POST
def guest_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = get_meeting_for_user(request.user, pk, write=True)
    form = GuestForm(request.POST)
    if form.is_valid():
        try:
            services.add_guest(meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The guest has been added."))
            return redirect(reverse("sessions_app:meeting_detail", args=[meeting.pk]) + "#guests")
    return _render_meeting(request, meeting.pk, access, guest_form=form)


@require_POST
def guest_delete(request: HttpRequest, pk: int, guest_pk: int) -> HttpResponse:
    meeting, _access = get_meeting_for_user(request.user, pk, write=True)
    guest = get_object_or_404(meeting.guests, pk=guest_pk)
    try:
        services.remove_guest(guest, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("sessions_app:meeting_detail", args=[meeting.pk]) + "#guests")


# --- Attendance ---------------------------------------------------------------------------


def _attendance_forms(
    rows: list[Attendance], data: Any = None
) -> list[tuple[Attendance, AttendanceForm]]:
    return [
        (
            row,
            AttendanceForm(
                data,
                prefix=f"a{row.pk}",
                initial={
                    "status": "" if row.status == Attendance.Status.UNMARKED else row.status,
                    "reason": row.reason,
                },
            ),
        )
        for row in rows
    ]


def _mark_rows(request: HttpRequest, pairs: list[tuple[Attendance, AttendanceForm]]) -> bool:
    """Save every row that was marked and changed; False when one of them was refused."""
    ok = True
    for row, form in pairs:
        if not form.data.get(form.add_prefix("status")):
            continue  # left unmarked
        if not form.is_valid():
            ok = False
        elif (row.status, row.reason) != (form.cleaned_data["status"], form.cleaned_data["reason"]):
            try:
                services.mark_attendance(row, by=request.user, **form.cleaned_data)
            except services.MinutesLocked:
                raise
            except ValidationError as exc:
                form.add_error(None, exc)
                ok = False
    return ok


def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = get_meeting_for_user(request.user, pk, write=request.method == "POST")
    rows = list(meeting.attendances.select_related("person").for_list())
    pairs = _attendance_forms(rows, request.POST or None)
    if request.method == "POST":
        try:
            if _mark_rows(request, pairs):
                messages.success(request, _("The attendance has been saved."))
                return redirect("sessions_app:meeting_attendance", pk=meeting.pk)
        except services.MinutesLocked as exc:
            messages.error(request, exc.messages[0])
            return redirect("sessions_app:meeting_detail", pk=meeting.pk)
    context = {
        "access": access,
        "cell": meeting.cell,
        "meeting": meeting,
        "pairs": pairs,
        "summary": AttendanceSummary.of(rows),
        "can_write": can_write_meeting(access, meeting) and not meeting.is_locked,
    }
    return render(request, "sessions_app/meeting_attendance.html", context)


@require_POST
def attendance_mark(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    """One row, as htmx sends it when a status is tapped; plain forms get a redirect."""
    meeting, _access = get_meeting_for_user(request.user, pk, write=True)
    row = get_object_or_404(meeting.attendances.select_related("person"), pk=attendance_pk)
    form = AttendanceForm(request.POST, prefix=f"a{row.pk}")
    if form.is_valid():
        try:
            services.mark_attendance(row, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
    if not request.htmx:
        for error in form.errors.values():
            messages.error(request, f"{row.person}: {' '.join(error)}")
        return redirect("sessions_app:meeting_attendance", pk=meeting.pk)
    summary = AttendanceSummary.of(list(meeting.attendances.all()))
    # Only the feedback and the counts come back: the inputs the recorder may be typing
    # in are never replaced under their fingers.
    context = {"form": form, "saved": form.is_valid(), "summary": summary, "oob": True}
    return render(request, "sessions_app/_meeting_attendance_feedback.html", context)


@require_POST
def attendance_all_present(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _access = get_meeting_for_user(request.user, pk, write=True)
    try:
        count = services.mark_all_present(meeting, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(count)s members marked present.") % {"count": count})
    return redirect("sessions_app:meeting_attendance", pk=meeting.pk)


# --- Follow-ups ---------------------------------------------------------------------------


@require_POST
def follow_up_done(request: HttpRequest, pk: int, follow_up_pk: int) -> HttpResponse:
    """The committee or the owner marks an action done (also after the minutes are locked)."""
    meeting, access = get_meeting_for_user(request.user, pk)
    follow_up = get_object_or_404(meeting.follow_ups, pk=follow_up_pk)
    is_owner = access.person is not None and access.person.pk == follow_up.owner_id
    if not (access.is_committee or is_owner):
        raise PermissionDenied
    services.set_follow_up_done(follow_up, by=request.user, done=request.POST.get("done") != "0")
    return redirect(_safe_back(request, reverse("sessions_app:meeting_detail", args=[meeting.pk])))


def _safe_back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


def follow_up_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The cell's open follow-ups, oldest due first, and those done lately."""
    access = get_cell_for_user(request.user, slug, party=True)
    follow_ups = (
        FollowUp.objects.filter(meeting__cell=access.cell)
        .filter(
            Q(done_on__isnull=True)
            | Q(done_on__gte=timezone.localdate() - datetime.timedelta(days=90))
        )
        .select_related("owner", "meeting")
        .order_by("done_on", "due_on", "pk")
    )
    context = {"access": access, "cell": access.cell, "follow_ups": follow_ups}
    return render(request, "sessions_app/meeting_follow_ups.html", context)
