"""Attachments of a topic: upload (checked by content), video links, downloads that check
access every time."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.vietnamese import fold
from sessions_app.access import get_attachment_for_user, get_topic_for_user
from sessions_app.forms.topics import AttachmentForm, VideoLinkForm, add_service_error
from sessions_app.services import topics as services


def attachment_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a file or a video link to a topic (drafters and the committee)."""
    topic, rights = get_topic_for_user(request.user, pk)
    if not rights.can_attach:
        raise PermissionDenied
    is_link = request.POST.get("kind") == "link"
    file_form = AttachmentForm(
        request.POST if request.method == "POST" and not is_link else None,
        request.FILES if request.method == "POST" and not is_link else None,
    )
    link_form = VideoLinkForm(request.POST if request.method == "POST" and is_link else None)
    form = link_form if is_link else file_form
    if request.method == "POST" and form.is_valid():
        try:
            if is_link:
                services.add_video_link(topic, by=request.user, **form.cleaned_data)
            else:
                services.add_attachment(
                    topic,
                    by=request.user,
                    upload=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                )
        except ValidationError as error:
            if is_link or hasattr(error, "error_dict"):
                add_service_error(form, error)
            else:
                form.add_error("file", error)
        else:
            messages.success(request, _("The attachment is added."))
            return redirect(topic_url(topic.pk) + "#attachments")
    context = {
        "topic": topic,
        "cell": topic.plan.cell,
        "file_form": file_form,
        "link_form": link_form,
    }
    return render(
        request, "sessions_app/attachment_form.html", context, status=400 if form.errors else 200
    )


def topic_url(pk: int) -> str:
    return reverse("sessions_app:topic_detail", args=[pk])


def _content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback name and the real (Vietnamese) name in UTF-8."""
    ascii_name = "".join(
        ch for ch in fold(name).replace(" ", "-") if ch.isascii() and ch not in '"\\;'
    )
    ascii_name = ascii_name or "tep-dinh-kem"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a file, only to those who may read the topic, always as a download."""
    attachment, _rights = get_attachment_for_user(request.user, pk)
    if not attachment.is_file:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Disposition"] = _content_disposition(attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment, _rights = get_attachment_for_user(request.user, pk)
    try:
        services.remove_attachment(attachment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The attachment is removed from the draft."))
    return redirect(topic_url(attachment.topic_id) + "#attachments")
