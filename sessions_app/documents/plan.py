"""Kế hoạch sinh hoạt chuyên đề năm: the cell's annual topic plan (DOMAIN.md §3, §6).

Purpose and requirements, the topics by quarter with their drafters and presenters,
how the plan is carried out; signed T/M CHI BỘ — BÍ THƯ and reported to the superior
committee.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organisation, Person
from sessions_app.documents import formatting
from sessions_app.documents.document import (
    Document,
    DocumentNotFound,
    DocumentParams,
    EmptyDocument,
    Issue,
    cell_recipients,
    collective_signature,
    default_signer,
    render_html,
)
from sessions_app.models.documents import DocumentKind, DocumentType
from sessions_app.models.plans import AnnualPlan, Topic, TopicGroup

# The central guideline a plan cites, by the year it applies from (number + date: numbers
# repeat across years). Which one a province cites is a local choice (DOMAIN.md §2, check).
GUIDELINES = [
    (2018, "Hướng dẫn số 12-HD/BTCTW, ngày 06/7/2018 của Ban Tổ chức Trung ương"),
    (2026, "Hướng dẫn số 42-HD/BTCTW, ngày 28/10/2025 của Ban Tổ chức Trung ương"),
]


def guideline_for(year: int) -> str:
    cited = GUIDELINES[0][1]
    for from_year, text in GUIDELINES:
        if year >= from_year:
            cited = text
    return cited


@dataclass(frozen=True)
class PlanRow:
    number: int
    title: str
    group: str
    drafters: str
    presenter: str


@dataclass(frozen=True)
class PlanQuarter:
    label: str  # "Quý II/2026"
    rows: list[PlanRow]


def _quarters(plan: AnnualPlan, topics: list[Topic]) -> list[PlanQuarter]:
    groups = dict(TopicGroup.choices)
    quarters: list[PlanQuarter] = []
    number = 0
    for quarter in (1, 2, 3, 4):
        rows: list[PlanRow] = []
        for topic in (t for t in topics if t.quarter == quarter):
            number += 1
            drafters = ", ".join(person.full_name for person in topic.drafters.all())
            rows.append(
                PlanRow(
                    number=number,
                    title=topic.title,
                    group=str(groups.get(topic.group, "")),
                    drafters=drafters,
                    presenter=topic.presenter.full_name if topic.presenter else drafters,
                )
            )
        quarters.append(PlanQuarter(label=formatting.quarter_label(quarter, plan.year), rows=rows))
    return quarters


def load_plan(cell: Organisation, year: int) -> tuple[AnnualPlan, list[Topic]]:
    """The plan of a year with its topics, drafters and presenters, in three queries."""
    plan = AnnualPlan.objects.filter(cell=cell, year=year).first()
    if plan is None:
        raise DocumentNotFound(_("The cell has no topic plan for %(year)s.") % {"year": year})
    topics = list(
        plan.topics.exclude(state=Topic.State.CANCELLED)
        .select_related("presenter")
        .prefetch_related(Prefetch("drafters", queryset=Person.objects.order_by("sort_key")))
        .order_by("quarter", "pk")
    )
    return plan, topics


def build_plan(
    cell: Organisation, params: DocumentParams, *, issue: Issue | None = None
) -> Document:
    """Collect the annual plan of `params.year` into a document."""
    year = params.year or timezone.localdate().year
    plan, topics = load_plan(cell, year)
    if not topics:
        raise EmptyDocument(_("The plan of %(year)s has no topics yet.") % {"year": year})
    rules = settings.CHIBO
    return Document(
        kind=DocumentKind.PLAN,
        doc_type=DocumentType.PLAN,
        organisation=cell,
        title="KẾ HOẠCH",
        summary=f"sinh hoạt chuyên đề năm {year}",
        body_template="documents/plan.html",
        params=DocumentParams(year=year),
        short_name=f"KH-{year}",
        source=plan,
        approved=plan.state in (AnnualPlan.State.APPROVED, AnnualPlan.State.REPORTED),
        signatures=[collective_signature(cell, default_signer(cell, issue))],
        recipients=cell_recipients(cell),
        issue=issue,
        year=year,
        context={
            "plan": plan,
            "year": year,
            "quarters": _quarters(plan, topics),
            "topic_count": len(topics),
            "guideline": guideline_for(year),
            "lead_days": rules["CIRCULATION_LEAD_DAYS"],
            "min_minutes": rules["MEETING_MIN_MINUTES"],
            "combined_min_minutes": rules["COMBINED_MEETING_MIN_MINUTES"],
        },
    )


def plan_options(cell: Organisation) -> list[tuple[str, DocumentParams]]:
    """The years the cell has a plan for, newest first, for the documents page."""
    years = AnnualPlan.objects.filter(cell=cell).order_by("-year").values_list("year", flat=True)
    return [(f"Năm {year}", DocumentParams(year=year)) for year in years]


def render_plan_html(cell: Organisation, *, year: int, issue: Issue | None = None) -> str:
    """The annual topic plan of a year as the HTML that prints."""
    return render_html(build_plan(cell, DocumentParams(year=year), issue=issue))
