"""Báo cáo sơ kết: the review of a period — half a term, a year, any dates (DOMAIN.md §6).

The shape of the founding case's own report: the cell and its unit in numbers; topics
built and held with their titles; meetings and attendance; comments; pledge rounds
and registrations; then results, limitations and causes, lessons and next tasks —
drafted from the minutes and editable by the committee before issue.
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from members.charts import bar_chart
from members.models import Organisation
from sessions_app.documents import formatting
from sessions_app.documents.activity import SECTIONS, Activity, period_activity, prefill_sections
from sessions_app.documents.document import (
    BadParameters,
    Document,
    DocumentParams,
    EmptyDocument,
    Issue,
    cell_recipients,
    collective_signature,
    default_signer,
    render_html,
)
from sessions_app.documents.narratives import current_sections
from sessions_app.documents.roster import count_figures, load_people
from sessions_app.models.documents import DocumentKind, DocumentType
from sessions_app.models.plans import Topic


def narrative_context(
    cell: Organisation,
    kind: str,
    params: DocumentParams,
    activity: Activity,
    next_topics: list[Topic],
) -> dict[str, object]:
    """The narrative sections of a report (saved, else prefilled) for its context."""
    prefill = prefill_sections(activity, next_topics)
    sections, narrative = current_sections(cell, kind, params, prefill)
    return {
        "sections": [(name, heading, sections.get(name, "")) for name, heading in SECTIONS],
        "narrative_version": narrative.version if narrative else 0,
        "narrative": narrative,
    }


DOCUMENT_FONTS = "Times New Roman, Liberation Serif, serif"


def activity_chart(activity: Activity) -> SafeString:
    """Topics built and held, member and staff registrations: the same SVG on screen and paper."""
    built = len(activity.topics_built)
    rows = [
        ("Chuyên đề đã xây dựng", built),
        ("Chuyên đề đã sinh hoạt", len(activity.topics_held)),
    ]
    with translation.override("vi"):
        chart = bar_chart(rows, title="Chuyên đề xây dựng và đã sinh hoạt", total=built or None)
    # The document's one family for the chart's text too (SVG text would default to sans).
    return mark_safe(chart.replace("<svg ", f'<svg font-family="{DOCUMENT_FONTS}" ', 1))


def _next_topics(cell: Organisation, activity: Activity) -> list[Topic]:
    """Topics planned after the period and not held yet: what the cell does next."""
    after = (
        Topic.objects.filter(plan__cell=cell, state__in=_open_states())
        .filter(plan__year__gte=activity.end.year)
        .select_related("plan")
        .order_by("plan__year", "quarter", "pk")
    )
    end_quarter = (activity.end.year, formatting.quarter_of(activity.end))
    return [t for t in after if (t.plan.year, t.quarter) > end_quarter][:4]


def _open_states() -> list[str]:
    return [
        Topic.State.PLANNED,
        Topic.State.DRAFTING,
        Topic.State.AWAITING_APPROVAL,
        Topic.State.CIRCULATED,
        Topic.State.POSTPONED,
    ]


def build_review(
    cell: Organisation, params: DocumentParams, *, issue: Issue | None = None
) -> Document:
    """Collect the review of `params.start`–`params.end` into a document."""
    start, end = params.start, params.end
    if start is None or end is None:
        raise BadParameters(_("A review needs the first and last day of its period."))
    if end < start:
        raise BadParameters(_("The period ends before it starts."))
    activity = period_activity(cell, start, end)
    if activity.is_empty:
        raise EmptyDocument(
            _("Nothing was recorded between %(start)s and %(end)s: there is nothing to review.")
            % {"start": formatting.short_date(start), "end": formatting.short_date(end)}
        )
    party, staff = load_people(cell)
    params = DocumentParams(start=start, end=end)
    next_topics = _next_topics(cell, activity)
    departments = list(cell.departments.order_by("position", "name").values_list("name", flat=True))
    return Document(
        kind=DocumentKind.REVIEW,
        doc_type=DocumentType.REPORT,
        organisation=cell,
        title="BÁO CÁO",
        summary="sơ kết sinh hoạt chuyên đề và thực hiện mô hình “Trên làm gương mẫu mực, "
        "dưới tích cực làm theo”",
        subtitle=f"(từ {formatting.party_date(start)} đến {formatting.party_date(end)})",
        body_template="documents/review.html",
        params=params,
        short_name=f"So-ket-{start:%Y%m%d}-{end:%Y%m%d}",
        signatures=[collective_signature(cell, default_signer(cell, issue))],
        recipients=cell_recipients(cell),
        issue=issue,
        year=(issue.issued_on if issue else timezone.localdate()).year,
        context={
            "figures": count_figures(party, party + staff),
            "departments": departments,
            "activity": activity,
            "topics_built": activity.topics_built,
            "topics_held": activity.topics_held,
            "topics_chart": activity_chart(activity),
            "next_topics": next_topics,
            **narrative_context(cell, DocumentKind.REVIEW, params, activity, next_topics),
        },
    )


def review_options(cell: Organisation) -> list[tuple[str, DocumentParams]]:
    """The halves of the cell's terms, then its calendar years with meetings, newest first."""
    options: list[tuple[str, DocumentParams]] = []
    today = timezone.localdate()
    for term in cell.terms.order_by("-start"):
        middle = term.start + (term.end - term.start) / 2
        if middle <= today:
            options.append(
                (
                    f"Nửa đầu nhiệm kỳ {term.start.year}–{term.end.year}",
                    DocumentParams(start=term.start, end=middle),
                )
            )
    years = cell.meetings.dates("date", "year", order="DESC")
    for day in years:
        options.append(
            (
                f"Năm {day.year}",
                DocumentParams(
                    start=day.replace(month=1, day=1), end=day.replace(month=12, day=31)
                ),
            )
        )
    return options


def render_review_html(
    cell: Organisation, *, params: DocumentParams, issue: Issue | None = None
) -> str:
    """The review report as the HTML that prints."""
    return render_html(build_review(cell, params, issue=issue))
