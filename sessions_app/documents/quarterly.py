"""Báo cáo quý: what the cell did in a quarter (DOMAIN.md §6).

Meetings held against the plan, the topics, attendance, comments and answers, the
speakers, the chair's conclusions, follow-ups, pledges, and next quarter's topics;
then the narrative sections, drafted from the minutes and editable before issue.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organisation
from sessions_app.documents import formatting
from sessions_app.documents.activity import period_activity
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
from sessions_app.documents.review import narrative_context
from sessions_app.models.documents import DocumentKind, DocumentType
from sessions_app.models.meetings import Meeting
from sessions_app.models.plans import AnnualPlan, Topic


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a quarter."""
    if not 1 <= quarter <= 4:
        raise BadParameters(_("The quarter must be 1, 2, 3 or 4."))
    first = datetime.date(year, 3 * (quarter - 1) + 1, 1)
    following = (
        datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    )
    return first, following - datetime.timedelta(days=1)


def next_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def build_quarterly(
    cell: Organisation, params: DocumentParams, *, issue: Issue | None = None
) -> Document:
    """Collect the report of `params.year`, `params.quarter` into a document."""
    year, quarter = params.year, params.quarter
    if year is None or quarter is None:
        raise BadParameters(_("A quarterly report needs its year and quarter."))
    start, end = quarter_bounds(year, quarter)
    activity = period_activity(cell, start, end)
    label = formatting.quarter_label(quarter, year)
    if activity.is_empty:
        raise EmptyDocument(
            _("Nothing was planned or recorded in %(quarter)s: there is nothing to report.")
            % {"quarter": label}
        )
    next_year, next_q = next_quarter(year, quarter)
    next_topics = list(
        Topic.objects.filter(plan__cell=cell, plan__year=next_year, quarter=next_q)
        .exclude(state=Topic.State.CANCELLED)
        .select_related("presenter", "plan")
        .order_by("pk")
    )
    params = DocumentParams(year=year, quarter=quarter)
    return Document(
        kind=DocumentKind.QUARTERLY,
        doc_type=DocumentType.REPORT,
        organisation=cell,
        title="BÁO CÁO",
        summary=f"kết quả sinh hoạt chi bộ, sinh hoạt chuyên đề {label}",
        body_template="documents/quarterly.html",
        params=params,
        short_name=f"BC-quy-{quarter}-{year}",
        signatures=[collective_signature(cell, default_signer(cell, issue))],
        recipients=cell_recipients(cell),
        issue=issue,
        year=(issue.issued_on if issue else max(end, timezone.localdate())).year,
        context={
            "activity": activity,
            "quarter_label": label,
            "next_label": formatting.quarter_label(next_q, next_year),
            "topics_planned": activity.topics_planned,
            "topics_held": activity.topics_held,
            "meetings": activity.meetings,
            "conclusions": [
                (m, m.minutes.conclusion)
                for m in activity.held
                if hasattr(m, "minutes") and m.minutes.conclusion
            ],
            "next_topics": next_topics,
            **narrative_context(cell, DocumentKind.QUARTERLY, params, activity, next_topics),
        },
    )


def quarterly_options(cell: Organisation) -> list[tuple[str, DocumentParams]]:
    """Every quarter of the years the cell has a plan or meetings for, up to now, newest first."""
    today = timezone.localdate()
    years = set(AnnualPlan.objects.filter(cell=cell).values_list("year", flat=True))
    years |= {d.year for d in Meeting.objects.filter(cell=cell).dates("date", "year")}
    options = []
    for year in sorted(years, reverse=True):
        for quarter in (4, 3, 2, 1):
            if quarter_bounds(year, quarter)[0] <= today:
                options.append(
                    (
                        formatting.quarter_label(quarter, year),
                        DocumentParams(year=year, quarter=quarter),
                    )
                )
    return options


def render_quarterly_html(
    cell: Organisation, *, year: int, quarter: int, issue: Issue | None = None
) -> str:
    """The quarterly report as the HTML that prints."""
    return render_html(
        build_quarterly(cell, DocumentParams(year=year, quarter=quarter), issue=issue)
    )
