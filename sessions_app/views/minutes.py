"""The minutes: read, recorded live (autosaved, with conflict on stale saves), read back,
approved by the chair, and amended once locked."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import CellAccess
from sessions_app.access import (
    can_write_meeting,
    get_minutes_for_user,
    is_meeting_chair,
    require_meeting_chair,
)
from sessions_app.forms.meetings import (
    AmendmentForm,
    FollowUpForm,
    MinutesForm,
    SpeechForm,
    VoteForm,
)
from sessions_app.models.meetings import (
    Amendment,
    AttendanceSummary,
    FollowUp,
    Meeting,
    Minutes,
)
from sessions_app.services import meetings as services

SECTION_TEMPLATES = {
    "speeches": "sessions_app/_minutes_speeches.html",
    "votes": "sessions_app/_minutes_votes.html",
    "follow_ups": "sessions_app/_minutes_follow_ups.html",
}


def _minutes_context(
    minutes: Minutes, access: CellAccess, *, refresh: bool = False, **forms: Any
) -> dict[str, Any]:
    """Everything the minutes pages show, in a fixed number of queries."""
    meeting = get_object_or_404(Meeting.objects.for_minutes_page(), pk=minutes.meeting_id)
    attendances = list(meeting.attendances.all())
    summary = AttendanceSummary.of(attendances)
    present = [row.person for row in attendances if row.is_present]
    guests = list(meeting.guests.all())
    amendments = list(minutes.amendments.select_related("created_by"))
    context = {
        "access": access,
        "cell": meeting.cell,
        "meeting": meeting,
        "minutes": minutes,
        "summary": summary,
        "attendances": attendances,
        "topics": list(meeting.topics.all()),
        "guests": guests,
        "speeches": list(meeting.speeches.all()),
        "votes": list(meeting.votes.all()),
        "follow_ups": list(meeting.follow_ups.all()),
        "carried": list(FollowUp.objects.carried_to(meeting)),
        "amendments": amendments,
        "amended_sections": {a.section for a in amendments},
        "can_write": can_write_meeting(access, meeting),
        "is_chair": is_meeting_chair(access, meeting),
        "text_sections": [
            (name, Minutes.text_label(name), getattr(minutes, name)) for name in Minutes.TEXT_FIELDS
        ],
    }
    context["speech_form"] = forms.get("speech_form") or SpeechForm(
        present=present, guests=guests, autofocus=refresh
    )
    context["vote_form"] = forms.get("vote_form") or VoteForm(
        initial={"votes_for": summary.present}
    )
    context["follow_up_form"] = forms.get("follow_up_form") or FollowUpForm(cell=meeting.cell)
    context["minutes_form"] = forms.get("minutes_form") or MinutesForm(
        initial=MinutesForm.initial_for(minutes)
    )
    return context


def minutes_detail(request: HttpRequest, pk: int) -> HttpResponse:
    minutes, access = get_minutes_for_user(request.user, pk)
    return render(request, "sessions_app/minutes_detail.html", _minutes_context(minutes, access))


def _editor(
    request: HttpRequest, minutes: Minutes, access: CellAccess, status: int = 200, **forms: Any
) -> HttpResponse:
    context = _minutes_context(minutes, access, **forms)
    return render(request, "sessions_app/minutes_form.html", context, status=status)


def _section(
    request: HttpRequest, minutes: Minutes, access: CellAccess, name: str, **forms: Any
) -> HttpResponse:
    """After a change to speeches, votes or follow-ups: the section (htmx) or the editor."""
    if not request.htmx:
        return redirect(
            reverse("sessions_app:minutes_edit", args=[minutes.pk]) + f"#{name.replace('_', '-')}"
        )
    context = _minutes_context(minutes, access, refresh=not forms, **forms)
    return render(request, SECTION_TEMPLATES[name], context)


def _locked(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    messages.error(request, services.MinutesLocked().messages[0])
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("sessions_app:minutes_detail", args=[minutes.pk])
        return response
    return redirect("sessions_app:minutes_detail", pk=minutes.pk)


def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    minutes, access = get_minutes_for_user(request.user, pk, write=True)
    if request.method != "POST":
        if minutes.is_locked:
            return _locked(request, minutes)
        return _editor(request, minutes, access)
    saved, refusal = _save_posted(request, minutes, access)
    return refusal or _save_done(request, saved)


def _save_posted(
    request: HttpRequest, minutes: Minutes, access: CellAccess
) -> tuple[Minutes, None] | tuple[None, HttpResponse]:
    """Save the editor's form as posted: the saved minutes, or the answer refusing it."""
    form = MinutesForm(request.POST)
    if not form.is_valid():
        return None, _save_refused(request, minutes, access, form)
    try:
        saved = services.save_minutes(
            minutes,
            by=request.user,
            base_version=form.cleaned_data["version"],
            texts=form.texts(),
            ended_at=form.cleaned_data["ended_at"],
        )
    except services.MinutesLocked:
        return None, _save_locked(request, minutes)
    except services.MinutesConflict as conflict:
        return None, _save_conflict(request, minutes, access, conflict)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None, _save_refused(request, minutes, access, form)
    return saved, None


def _is_beacon(request: HttpRequest) -> bool:
    # navigator.sendBeacon cannot set headers; minutes.js adds this field instead.
    return request.POST.get("_beacon") == "1"


def _status(request: HttpRequest, state: str, minutes: Minutes, **extra: Any) -> HttpResponse:
    context = {"state": state, "minutes": minutes, **extra}
    response = render(request, "sessions_app/_minutes_save_status.html", context)
    response["HX-Trigger"] = json.dumps({f"minutes-{state}": {"version": minutes.version}})
    return response


def _save_done(request: HttpRequest, saved: Minutes) -> HttpResponse:
    if _is_beacon(request):
        return HttpResponse(status=204)
    if request.htmx:
        return _status(request, "saved", saved)
    messages.success(request, _("The minutes have been saved."))
    return redirect("sessions_app:minutes_edit", pk=saved.pk)


def _save_refused(
    request: HttpRequest, minutes: Minutes, access: CellAccess, form: MinutesForm
) -> HttpResponse:
    if _is_beacon(request):
        return HttpResponse(status=400)
    if request.htmx:
        return _status(
            request, "invalid", minutes, errors=[e for errs in form.errors.values() for e in errs]
        )
    return _editor(request, minutes, access, minutes_form=form)


def _save_locked(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    if _is_beacon(request):
        return HttpResponse(status=409)
    if request.htmx:
        return _status(request, "locked", minutes)
    return _locked(request, minutes)


def _save_conflict(
    request: HttpRequest, minutes: Minutes, access: CellAccess, conflict: services.MinutesConflict
) -> HttpResponse:
    if _is_beacon(request):
        return HttpResponse(status=409)
    if request.htmx:
        return _status(request, "conflict", conflict.stored)
    return render(
        request,
        "sessions_app/minutes_conflict.html",
        _conflict_context(minutes, access, conflict),
        status=409,
    )


def _conflict_context(
    minutes: Minutes, access: CellAccess, conflict: services.MinutesConflict
) -> dict[str, Any]:
    """Each differing part with both texts; the proposed merge takes the side that changed."""
    stored, base = conflict.stored, conflict.base
    parts = []
    for name in Minutes.TEXT_FIELDS:
        mine, theirs = conflict.mine[name], getattr(stored, name)
        if mine == theirs:
            proposed, who = mine, "same"
        elif base is not None and mine == base[name]:
            proposed, who = theirs, "theirs"  # only the other writer changed this part
        elif base is not None and theirs == base[name]:
            proposed, who = mine, "mine"
        else:
            proposed, who = mine, "both"
        parts.append(
            {
                "name": name,
                "label": Minutes.text_label(name),
                "mine": mine,
                "theirs": theirs,
                "proposed": proposed,
                "who": who,
            }
        )
    return {
        "access": access,
        "cell": stored.meeting.cell,
        "meeting": stored.meeting,
        "minutes": stored,
        "parts": parts,
        "mine_ended_at": conflict.mine_ended_at,
    }


# --- Speeches -----------------------------------------------------------------------------


def _speech_form(minutes: Minutes, data: Any = None, **kwargs: Any) -> SpeechForm:
    meeting = minutes.meeting
    present = [
        row.person
        for row in meeting.attendances.select_related("person").for_list()
        if row.is_present
    ]
    return SpeechForm(data, present=present, guests=list(meeting.guests.all()), **kwargs)


@require_POST
def speech_add(request: HttpRequest, pk: int) -> HttpResponse:
    minutes, access = get_minutes_for_user(request.user, pk, write=True)
    form = _speech_form(minutes, request.POST)
    if form.is_valid():
        speaker, guest = form.speaker_and_guest()
        try:
            services.add_speech(
                minutes.meeting,
                by=request.user,
                speaker=speaker,
                guest=guest,
                gist=form.cleaned_data["gist"],
            )
        except services.MinutesLocked:
            return _locked(request, minutes)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            response = _section(request, minutes, access, "speeches")
            response["HX-Trigger"] = "speech-added"
            return response
    if request.htmx:
        return _section(request, minutes, access, "speeches", speech_form=form)
    return _editor(request, minutes, access, speech_form=form)


def speech_edit(request: HttpRequest, pk: int, speech_pk: int) -> HttpResponse:
    minutes, access = get_minutes_for_user(request.user, pk, write=True)
    if minutes.is_locked:
        return _locked(request, minutes)
    speech = get_object_or_404(
        minutes.meeting.speeches.select_related("speaker", "guest"), pk=speech_pk
    )
    initial = {"speaker": SpeechForm.key_of(speech), "gist": speech.gist}
    form = _speech_form(minutes, request.POST or None, initial=initial, prefix=f"s{speech.pk}")
    if request.method == "POST" and form.is_valid():
        speaker, guest = form.speaker_and_guest()
        try:
            services.update_speech(
                speech,
                by=request.user,
                speaker=speaker,
                guest=guest,
                gist=form.cleaned_data["gist"],
            )
        except services.MinutesLocked:
            return _locked(request, minutes)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _section(request, minutes, access, "speeches")
    template = (
        "sessions_app/_minutes_speech_edit.html"
        if request.htmx
        else "sessions_app/minutes_speech_form.html"
    )
    context = {
        "access": access,
        "cell": minutes.meeting.cell,
        "minutes": minutes,
        "meeting": minutes.meeting,
        "speech": speech,
        "form": form,
    }
    response = render(request, template, context)
    if request.htmx and request.method == "POST":
        # The form targets the whole list on success; refused, it stays in its place.
        response["HX-Retarget"] = f"#speech-{speech.pk}"
        response["HX-Reswap"] = "outerHTML"
    return response


@require_POST
def speech_delete(request: HttpRequest, pk: int, speech_pk: int) -> HttpResponse:
    minutes, access = get_minutes_for_user(request.user, pk, write=True)
    speech = get_object_or_404(minutes.meeting.speeches, pk=speech_pk)
    try:
        services.delete_speech(speech, by=request.user)
    except services.MinutesLocked:
        return _locked(request, minutes)
    return _section(request, minutes, access, "speeches")


@require_POST
def speech_move(request: HttpRequest, pk: int, speech_pk: int) -> HttpResponse:
    minutes, access = get_minutes_for_user(request.user, pk, write=True)
    speech = get_object_or_404(minutes.meeting.speeches, pk=speech_pk)
    try:
        services.move_speech(speech, by=request.user, up=request.POST.get("direction") == "up")
    except services.MinutesLocked:
        return _locked(request, minutes)
    return _section(request, minutes, access, "speeches")


# --- Votes --------------------------------------------------------------------------------


def _vote_values(form: VoteForm) -> dict[str, Any]:
    return {
        name: form.cleaned_data[name]
        for name in ("subject", "method", "votes_for", "votes_against", "votes_abstain")
    }


@require_POST
def vote_add(request: HttpRequest, pk: int) -> HttpResponse:
    minutes, access = get_minutes_for_user(request.user, pk, write=True)
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            services.record_vote(minutes.meeting, by=request.user, **_vote_values(form))
        except services.MinutesLocked:
            return _locked(request, minutes)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _section(request, minutes, access, "votes")
    if request.htmx:
        return _section(request, minutes, access, "votes", vote_form=form)
    return _editor(request, minutes, access, vote_form=form)


def vote_edit(request: HttpRequest, pk: int, vote_pk: int) -> HttpResponse:
    minutes, access = get_minutes_for_user(request.user, pk, write=True)
    if minutes.is_locked:
        return _locked(request, minutes)
    vote = get_object_or_404(minutes.meeting.votes, pk=vote_pk)
    initial = {
        name: getattr(vote, name)
        for name in ("subject", "method", "votes_for", "votes_against", "votes_abstain")
    }
    form = VoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_vote(vote, by=request.user, **_vote_values(form))
        except services.MinutesLocked:
            return _locked(request, minutes)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(reverse("sessions_app:minutes_edit", args=[minutes.pk]) + "#votes")
    context = {
        "access": access,
        "cell": minutes.meeting.cell,
        "minutes": minutes,
        "meeting": minutes.meeting,
        "vote": vote,
        "form": form,
    }
    return render(request, "sessions_app/minutes_vote_form.html", context)


@require_POST
def vote_delete(request: HttpRequest, pk: int, vote_pk: int) -> HttpResponse:
    minutes, access = get_minutes_for_user(request.user, pk, write=True)
    vote = get_object_or_404(minutes.meeting.votes, pk=vote_pk)
    try:
        services.delete_vote(vote, by=request.user)
    except services.MinutesLocked:
        return _locked(request, minutes)
    return _section(request, minutes, access, "votes")


# --- Follow-ups ---------------------------------------------------------------------------


@require_POST
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    minutes, access = get_minutes_for_user(request.user, pk, write=True)
    form = FollowUpForm(request.POST, cell=minutes.meeting.cell)
    if form.is_valid():
        try:
            services.add_follow_up(minutes.meeting, by=request.user, **form.cleaned_data)
        except services.MinutesLocked:
            return _locked(request, minutes)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _section(request, minutes, access, "follow_ups")
    if request.htmx:
        return _section(request, minutes, access, "follow_ups", follow_up_form=form)
    return _editor(request, minutes, access, follow_up_form=form)


@require_POST
def follow_up_delete(request: HttpRequest, pk: int, follow_up_pk: int) -> HttpResponse:
    minutes, access = get_minutes_for_user(request.user, pk, write=True)
    follow_up = get_object_or_404(minutes.meeting.follow_ups, pk=follow_up_pk)
    try:
        services.delete_follow_up(follow_up, by=request.user)
    except services.MinutesLocked:
        return _locked(request, minutes)
    return _section(request, minutes, access, "follow_ups")


# --- Lifecycle ----------------------------------------------------------------------------


@require_POST
def minutes_read_back(request: HttpRequest, pk: int) -> HttpResponse:
    minutes, access = get_minutes_for_user(request.user, pk, write=True)
    if "version" in request.POST:
        # The editor's button submits the editor's form: what was typed since the last
        # autosave is saved first (and stays saved if the minutes are not ready yet).
        saved, refusal = _save_posted(request, minutes, access)
        if refusal:
            return refusal
        minutes = saved
    try:
        services.mark_read_back(minutes, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("sessions_app:minutes_edit", pk=minutes.pk)
    messages.success(request, _("The minutes have been read back; the chair can now approve them."))
    return redirect("sessions_app:minutes_detail", pk=minutes.pk)


@require_POST
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    minutes, access = get_minutes_for_user(request.user, pk)
    require_meeting_chair(access, minutes.meeting)
    try:
        services.approve_minutes(minutes, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The minutes have been approved and are now locked."))
    return redirect("sessions_app:minutes_detail", pk=minutes.pk)


def minutes_amend(request: HttpRequest, pk: int) -> HttpResponse:
    minutes, access = get_minutes_for_user(request.user, pk, write=True)
    if not minutes.is_locked:
        return redirect("sessions_app:minutes_edit", pk=minutes.pk)
    form = AmendmentForm(request.POST or None, initial={"section": request.GET.get("section", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.amend_minutes(minutes, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The amendment has been recorded beside the original."))
            return redirect(
                reverse("sessions_app:minutes_detail", args=[minutes.pk]) + "#amendments"
            )
    context = {
        "access": access,
        "cell": minutes.meeting.cell,
        "meeting": minutes.meeting,
        "minutes": minutes,
        "form": form,
        "sections": Amendment.Section,
    }
    return render(request, "sessions_app/minutes_amend.html", context)
