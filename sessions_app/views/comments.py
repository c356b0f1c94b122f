"""Comments (góp ý) on a circulated draft and their answers: htmx inline, plain forms
as the fallback."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from sessions_app.access import get_comment_for_user, get_topic_for_user
from sessions_app.forms.topics import (
    AnswerForm,
    CommentEditForm,
    CommentForm,
    ReplyForm,
    add_service_error,
)
from sessions_app.models import Comment
from sessions_app.services import topics as services
from sessions_app.views.topics import comments_context, topic_page_context

# A member writing real comments posts a few a minute; a flood is refused.
COMMENT_RATES = ("5/m", "40/h")


def _flooding(request: HttpRequest) -> bool:
    return any(
        is_ratelimited(
            request, group="comments", key="user", rate=rate, method="POST", increment=True
        )
        for rate in COMMENT_RATES
    )


def _topic_url(topic_pk: int, anchor: str = "comments") -> str:
    return reverse("sessions_app:topic_detail", args=[topic_pk]) + f"#{anchor}"


def _comments_partial(request: HttpRequest, topic_pk: int, **extra: object) -> HttpResponse:
    topic, rights = get_topic_for_user(request.user, topic_pk, page=True)
    context = topic_page_context(request, topic, rights)
    context.update(extra)
    return render(request, "sessions_app/_comments.html", context)


@require_POST
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Post a comment or a reply. htmx gets the comment list back; a plain form redirects."""
    topic, rights = get_topic_for_user(request.user, pk, page=True)
    if not rights.can_comment:
        raise PermissionDenied
    is_reply = bool(request.POST.get("parent"))
    form = (ReplyForm if is_reply else CommentForm)(
        request.POST, **({} if is_reply else {"version": topic.circulated_version})
    )
    if _flooding(request):
        message = _("Comrade, you are sending comments too quickly. Please wait a minute.")
        if request.htmx:
            return _comments_partial(request, pk, comments_error=message)
        messages.error(request, message)
        return redirect(_topic_url(topic.pk))
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"], topic=topic).first()
            if parent is None:
                raise Http404
        try:
            comment = services.post_comment(
                topic,
                by=request.user,
                body=form.cleaned_data["body"],
                section=form.cleaned_data.get("section", ""),
                parent=parent,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if request.htmx:
                return _comments_partial(request, pk)
            messages.success(request, _("Your comment is sent."))
            return redirect(_topic_url(topic.pk, f"comment-{comment.pk}"))
    if is_reply:
        message = " ".join(m for errors in form.errors.values() for m in errors)
        if request.htmx:
            return _comments_partial(request, pk, comments_error=message)
        messages.error(request, message)
        return redirect(_topic_url(topic.pk))
    context = topic_page_context(request, topic, rights, comment_form=form)
    template = "sessions_app/_comments.html" if request.htmx else "sessions_app/topic_detail.html"
    return render(request, template, context, status=200 if request.htmx else 400)


def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The author changes their own comment while comments are open."""
    comment, rights = get_comment_for_user(request.user, pk)
    person = rights.access.person
    if person is None or person.pk != comment.author_id:
        raise PermissionDenied
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(comment, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your comment is saved."))
            return redirect(_topic_url(comment.topic_id, f"comment-{comment.pk}"))
    context = {
        "comment": comment,
        "topic": comment.topic,
        "cell": comment.topic.plan.cell,
        "form": form,
    }
    return render(request, "sessions_app/comment_form.html", context)


def comment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The drafter or committee answers a comment: accepted, explained or noted."""
    comment, rights = get_comment_for_user(request.user, pk)
    if not rights.can_answer:
        raise PermissionDenied
    initial = {"answer": comment.answer or None, "text": comment.answer_text}
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_comment(comment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if request.htmx:
                return _comment_partial(request, comment.pk)
            messages.success(request, _("The answer is saved."))
            return redirect(_topic_url(comment.topic_id, f"comment-{comment.pk}"))
    if request.htmx:
        return _comment_partial(request, comment.pk, form=form, answer_form_open=True)
    context = {
        "comment": comment,
        "topic": comment.topic,
        "cell": comment.topic.plan.cell,
        "form": form,
        "answer_choices": Comment.Answer.choices,
    }
    return render(request, "sessions_app/comment_answer_form.html", context)


def _comment_partial(request: HttpRequest, pk: int, **extra: object) -> HttpResponse:
    """One comment, re-read, for htmx to put back in its place."""
    comment, rights = get_comment_for_user(request.user, pk)
    context = comments_context(comment.topic, rights)
    context.update(comment=Comment.objects.for_topic_page().get(pk=comment.pk), **extra)
    return render(request, "sessions_app/_comment.html", context)
