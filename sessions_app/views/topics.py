"""A topic's page, its details, its draft, its moves, and its versions side by side."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from members.edit_lock import TOKEN_FIELD, StaleEdit
from members.models import User
from sessions_app.access import TopicRights, get_topic_for_user
from sessions_app.diffing import diff_texts
from sessions_app.forms.topics import (
    CommentForm,
    CommentWindowForm,
    DiffForm,
    DraftForm,
    MoveForm,
    RemarkForm,
    ReplyForm,
    TopicForm,
    add_service_error,
)
from sessions_app.models import AnnualPlan, Comment, Topic, TopicTransition, TopicVersion
from sessions_app.richtext import render_markdown
from sessions_app.services import topics as services

Action = TopicTransition.Action
CLOSED = (Topic.State.FINALISED, Topic.State.CANCELLED)
_HEADING = re.compile(r'(<h([1-6]) id="(s-[a-z0-9_-]+)">.*?</h\2>)')


def _with_section_links(html: str, counts: dict[str, int], comment_url: str | None) -> SafeString:
    """Put, under each heading of a sanitised version, its comment count and a link to
    comment on it. The ids were produced by our own renderer and checked by the sanitiser."""

    def tools(match: re.Match[str]) -> str:
        anchor = match.group(3)
        links = []
        if counts.get(anchor):
            links.append(
                f'<a href="#comments-{anchor}">'
                + escape(
                    ngettext("%(count)s comment", "%(count)s comments", counts[anchor])
                    % {"count": counts[anchor]}
                )
                + "</a>"
            )
        if comment_url:
            links.append(
                f'<a href="{comment_url}?section={anchor}#comment-form">'
                + escape(_("Comment on this section"))
                + "</a>"
            )
        extra = f'<p class="section-tools">{" · ".join(links)}</p>' if links else ""
        return match.group(1) + extra

    return mark_safe(_HEADING.sub(tools, html))


@dataclass
class SectionGroup:
    anchor: str
    title: str
    comments: list[Comment]


def comments_context(topic: Topic, rights: TopicRights, answer_filter: str = "") -> dict[str, Any]:
    """Comments of the circulated version grouped by section, filtered by answer state."""
    version = topic.circulated_version
    top = list(Comment.objects.filter(topic=topic).for_topic_page())
    counts = {"unanswered": sum(1 for c in top if not c.answer), "all": len(top)}
    for value in Comment.Answer.values:
        counts[value] = sum(1 for c in top if c.answer == value)
    if answer_filter == "unanswered":
        shown = [c for c in top if not c.answer]
    elif answer_filter in Comment.Answer.values:
        shown = [c for c in top if c.answer == answer_filter]
    else:
        shown = top
    order = [("", _("The whole draft"))] + [
        (s["id"], s["title"]) for s in (version.sections if version else [])
    ]
    known = {anchor for anchor, _title in order}
    groups = [
        SectionGroup(anchor, title, [c for c in shown if c.section == anchor])
        for anchor, title in order
    ] + [
        SectionGroup(anchor, shown_title, [c for c in shown if c.section == anchor])
        for anchor, shown_title in sorted(
            {(c.section, c.section_title) for c in shown if c.section not in known}
        )
    ]
    section_counts: dict[str, int] = {}
    for comment in top:
        section_counts[comment.section] = section_counts.get(comment.section, 0) + 1
    person = rights.access.person
    return {
        "comment_groups": [g for g in groups if g.comments],
        "comment_counts": counts,
        "section_counts": section_counts,
        "answer_filter": answer_filter,
        "answer_choices": Comment.Answer.choices,
        "answer_tabs": [(v, label, counts[v]) for v, label in Comment.Answer.choices],
        "my_person_id": person.pk if person else None,
        "comments_open": topic.comments_open(),
        "can_answer_now": rights.can_answer
        and topic.state in (Topic.State.CIRCULATED, Topic.State.PRESENTED),
        "topic": topic,
        "rights": rights,
    }


def topic_page_context(
    request: HttpRequest,
    topic: Topic,
    rights: TopicRights,
    *,
    comment_form: CommentForm | None = None,
) -> dict[str, Any]:
    """Everything the topic page shows (also used to re-render it with a form's errors)."""
    shown = topic.final_version or topic.circulated_version
    context: dict[str, Any] = {
        "topic": topic,
        "plan": topic.plan,
        "cell": topic.plan.cell,
        "rights": rights,
        "actions": services.available_actions(topic, rights),
        "versions": list(topic.versions.all()),
        "transitions": list(topic.transitions.all()),
        "attachments": topic.current_attachments,
        "drafters": list(topic.drafters.all()),
        "shown_version": shown,
        "comments_open": topic.comments_open(),
        "closes_soon": topic.closes_soon(),
        "can_edit_draft": rights.can_draft and topic.state in Topic.DRAFT_EDITABLE,
        "can_attach_now": rights.can_attach and topic.state not in CLOSED,
        "can_edit_details": rights.can_manage and topic.state not in CLOSED,
    }
    if topic.circulated_version_id:
        answer_filter = request.GET.get("answer", "")
        context.update(comments_context(topic, rights, answer_filter))
        can_post = rights.can_comment and context["comments_open"]
        comment_url = reverse("sessions_app:topic_detail", args=[topic.pk]) if can_post else None
        if shown is not None:
            context["shown_html"] = _with_section_links(
                shown.body_html, context["section_counts"], comment_url
            )
        if can_post and comment_form is None:
            section = request.GET.get("section", "")
            comment_form = CommentForm(
                version=topic.circulated_version, initial={"section": section}
            )
        context["comment_form"] = comment_form
        context["reply_form"] = ReplyForm() if can_post else None
    elif shown is not None:
        context["shown_html"] = mark_safe(shown.body_html)
    else:
        context["shown_html"] = mark_safe(render_markdown(topic.draft_body).html)
    return context


def topic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    topic, rights = get_topic_for_user(request.user, pk, page=True)
    return render(
        request, "sessions_app/topic_detail.html", topic_page_context(request, topic, rights)
    )


def topic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    topic, _rights = get_topic_for_user(request.user, pk, write=True)
    locked, status = topic.plan.state != AnnualPlan.State.DRAFTING, 200
    form = TopicForm(
        request.POST or None,
        cell=topic.plan.cell,
        quarter_locked=locked,
        initial=TopicForm.initial_for(topic),
        topic=topic,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["token"] = data.pop(TOKEN_FIELD) or None
        if locked:
            data.pop("quarter")
        try:
            services.update_topic(topic, by=request.user, **data)
        except StaleEdit as conflict:
            form.show_conflict(conflict)
            status = 409
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The topic is saved."))
            return redirect("sessions_app:topic_detail", topic.pk)
    context = {"form": form, "plan": topic.plan, "cell": topic.plan.cell, "topic": topic}
    return render(request, "sessions_app/topic_form.html", context, status=status)


def topic_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The drafter writes the draft; a newer save by someone else is never overwritten."""
    topic, rights = get_topic_for_user(request.user, pk)
    if not rights.can_draft:
        raise PermissionDenied
    if topic.state not in Topic.DRAFT_EDITABLE:
        messages.error(request, _("The draft cannot be changed now."))
        return redirect("sessions_app:topic_detail", topic.pk)
    initial = {"body": topic.draft_body, "revision": topic.draft_revision}
    form = DraftForm(request.POST or None, initial=initial)
    context: dict[str, Any] = {"topic": topic, "cell": topic.plan.cell, "form": form}
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        if "preview" in request.POST:
            context["preview_html"] = mark_safe(render_markdown(body).html)
            return render(request, "sessions_app/topic_draft_form.html", context)
        try:
            services.save_draft(
                topic, by=request.user, body=body, revision=form.cleaned_data["revision"]
            )
        except services.DraftConflict as conflict:
            return _draft_conflict(request, context, body, conflict)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("sessions_app:topic_detail", topic.pk)
    return render(request, "sessions_app/topic_draft_form.html", context)


def _draft_conflict(
    request: HttpRequest,
    context: dict[str, Any],
    body: str,
    conflict: services.DraftConflict,
) -> HttpResponse:
    """Show both texts; the editor's own text stays in the form, ready to save over."""
    form = DraftForm(initial={"body": body, "revision": conflict.current_revision})
    context.update(
        form=form,
        conflict=conflict,
        conflict_rows=diff_texts(conflict.current_body, body),
    )
    return render(request, "sessions_app/topic_draft_form.html", context, status=409)


@require_POST
def topic_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The rendered draft, for the editor's preview (htmx)."""
    _topic, rights = get_topic_for_user(request.user, pk)
    if not rights.can_draft:
        raise PermissionDenied
    html = render_markdown(request.POST.get("body", "")).html
    return render(
        request,
        "sessions_app/_draft_preview.html",
        {"preview_html": mark_safe(html)},
    )


@dataclass(frozen=True)
class ActionSpec:
    action: str
    title: Any
    button: Any
    make_form: Callable[[Any], forms.Form]
    run: Callable[[Topic, User, dict[str, Any]], object]
    danger: bool = False


def _remark(required: bool = False, label: Any = "") -> Callable[[Any], forms.Form]:
    return lambda data: RemarkForm(data, required=required, label=str(label) if label else "")


ACTIONS: dict[str, ActionSpec] = {
    "start": ActionSpec(
        Action.STARTED, gettext_lazy("Start drafting"), gettext_lazy("Start drafting"),
        _remark(), lambda t, by, d: services.start_drafting(t, by=by),
    ),
    "submit": ActionSpec(
        Action.SUBMITTED, gettext_lazy("Submit the draft for approval"), gettext_lazy("Submit"),
        _remark(), lambda t, by, d: services.submit_topic(t, by=by, remark=d["remark"]),
    ),
    "approve": ActionSpec(
        Action.APPROVED, gettext_lazy("Approve the draft"), gettext_lazy("Approve"),
        _remark(), lambda t, by, d: services.approve_topic(t, by=by, remark=d["remark"]),
    ),
    "send-back": ActionSpec(
        Action.SENT_BACK, gettext_lazy("Send the draft back"), gettext_lazy("Send back"),
        _remark(True, gettext_lazy("What should the drafter change?")),
        lambda t, by, d: services.send_back_topic(t, by=by, remark=d["remark"]),
    ),
    "circulate": ActionSpec(
        Action.CIRCULATED, gettext_lazy("Circulate the draft for comments"),
        gettext_lazy("Circulate"), CommentWindowForm,
        lambda t, by, d: services.circulate_topic(
            t, by=by, comments_close_at=d["comments_close_at"], remark=d["remark"]
        ),
    ),
    "deadline": ActionSpec(
        Action.WINDOW_CHANGED, gettext_lazy("Change the comment deadline"),
        gettext_lazy("Save"), CommentWindowForm,
        lambda t, by, d: services.set_comment_window(
            t, by=by, closes_at=d["comments_close_at"], remark=d["remark"]
        ),
    ),
    "present": ActionSpec(
        Action.PRESENTED, gettext_lazy("Record that the topic was presented"),
        gettext_lazy("Presented"), _remark(),
        lambda t, by, d: services.mark_presented(t, by=by, remark=d["remark"]),
    ),
    "finalise": ActionSpec(
        Action.FINALISED, gettext_lazy("Finalise the topic with the current draft"),
        gettext_lazy("Finalise"), _remark(),
        lambda t, by, d: services.finalise_topic(t, by=by, remark=d["remark"]),
    ),
    "postpone": ActionSpec(
        Action.POSTPONED, gettext_lazy("Postpone the topic"), gettext_lazy("Postpone"),
        _remark(True, gettext_lazy("Reason")),
        lambda t, by, d: services.postpone_topic(t, by=by, reason=d["remark"]), danger=True,
    ),
    "cancel": ActionSpec(
        Action.CANCELLED, gettext_lazy("Cancel the topic"), gettext_lazy("Cancel the topic"),
        _remark(True, gettext_lazy("Reason")),
        lambda t, by, d: services.cancel_topic(t, by=by, reason=d["remark"]), danger=True,
    ),
    "move": ActionSpec(
        Action.MOVED, gettext_lazy("Move to a later quarter"), gettext_lazy("Move"),
        lambda data: _move_form(data),
        lambda t, by, d: services.move_topic(
            t, by=by, year=d["year"], quarter=d["quarter"], reason=d["remark"]
        ),
    ),
}  # fmt: skip
ACTION_SLUGS = {spec.action: slug for slug, spec in ACTIONS.items()}


def _move_form(data: Any) -> MoveForm:
    form = MoveForm(data)
    form.fields["remark"].required = True
    form.fields["remark"].label = _("Reason")
    return form


def topic_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One move of the topic (submit, approve, circulate…): a confirmation form, then the
    service; the role decides 403, the state a message."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    topic, rights = get_topic_for_user(request.user, pk)
    if not services.role_allows(spec.action, rights):
        raise PermissionDenied
    if not services.state_allows(spec.action, topic):
        messages.error(request, _("This cannot be done at this stage of the topic."))
        return redirect("sessions_app:topic_detail", topic.pk)
    form = spec.make_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            spec.run(topic, request.user, form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": spec.title})
            if topic.closes_soon():
                messages.warning(
                    request,
                    _(
                        "Comments close in less than %(days)s days: members may not have "
                        "enough time to read the draft."
                    )
                    % {"days": settings.CHIBO["CIRCULATION_LEAD_DAYS"]},
                )
            return redirect("sessions_app:topic_detail", topic.pk)
    context = {"topic": topic, "cell": topic.plan.cell, "spec": spec, "form": form}
    return render(request, "sessions_app/topic_action_form.html", context)


def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    topic, _rights = get_topic_for_user(request.user, pk)
    version = (
        TopicVersion.objects.select_related("created_by")
        .prefetch_related("attachments")
        .filter(topic=topic, number=number)
        .first()
    )
    if version is None:
        raise Http404
    context = {
        "topic": topic,
        "cell": topic.plan.cell,
        "version": version,
        "body_html": mark_safe(version.body_html),
    }
    return render(request, "sessions_app/version_detail.html", context)


def version_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """The differences between any two kept versions."""
    topic, _rights = get_topic_for_user(request.user, pk)
    versions = list(topic.versions.select_related("created_by"))
    if len(versions) < 2:
        messages.info(request, _("There is only one version so far."))
        return redirect("sessions_app:topic_detail", topic.pk)
    default = {"a": versions[-2].number, "b": versions[-1].number}
    form = DiffForm(request.GET or default, versions=versions)
    rows = None
    old = new = None
    if form.is_valid():
        by_number = {v.number: v for v in versions}
        old, new = by_number[form.cleaned_data["a"]], by_number[form.cleaned_data["b"]]
        rows = diff_texts(old.body, new.body)
    context = {
        "topic": topic,
        "cell": topic.plan.cell,
        "form": form,
        "rows": rows,
        "old": old,
        "new": new,
    }
    return render(request, "sessions_app/version_diff.html", context)
