"""Báo cáo tổng hợp: a superior committee's quarterly report over all its cells.

A row per cell: topics planned for the quarter, topics held, attendance rate, and
whether the cell is late — by the same rule as the superior committee's grid
(sessions_app.dashboards.is_late), and a cell with no plan for the year once the
quarter has ended. The figures are grouped queries over every cell at once, so the
report takes the same number of queries for 3 cells or 200.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organisation
from sessions_app.dashboards import topic_outcomes
from sessions_app.documents import formatting
from sessions_app.documents.activity import PRESENT
from sessions_app.documents.document import (
    BadParameters,
    Document,
    DocumentParams,
    EmptyDocument,
    Issue,
    collective_signature,
    default_signer,
    render_html,
)
from sessions_app.documents.quarterly import next_quarter, quarter_bounds
from sessions_app.models.documents import DocumentKind, DocumentType
from sessions_app.models.meetings import Attendance, Meeting
from sessions_app.models.plans import AnnualPlan, Topic


@dataclass(frozen=True)
class CellRow:
    number: int
    name: str
    has_plan: bool
    planned: int
    held: int
    counted: int
    present: int
    late: bool
    note: str

    @property
    def attendance_percent(self) -> int | None:
        return round(100 * self.present / self.counted) if self.counted else None


def _note(*, has_plan: bool, planned: int, held: int, late: bool, over: bool) -> str:
    if not has_plan:
        return "Chưa có kế hoạch năm"
    if late:
        return "Chậm so với kế hoạch"
    if held >= max(planned, 1):
        return "Đúng kế hoạch"
    return "Đang thực hiện" if not over else "Không có chuyên đề trong quý"


def cell_rows(committee: Organisation, year: int, quarter: int) -> list[CellRow]:
    """Every active cell under the committee with its figures for the quarter (5 queries)."""
    start, end = quarter_bounds(year, quarter)
    over = end < timezone.localdate()
    cells = list(
        Organisation.objects.below(committee)
        .cells()
        .filter(is_active=True)
        .order_by("name")
        .values_list("pk", "name")
    )
    in_cells = Organisation.objects.below(committee).cells().values("pk")
    plans = set(
        AnnualPlan.objects.filter(cell__in=in_cells, year=year).values_list("cell_id", flat=True)
    )
    planned: dict[int, int] = {}
    held: dict[int, int] = {}
    late: set[int] = set()
    topics = Topic.objects.filter(plan__cell__in=in_cells, plan__year=year, quarter=quarter)
    for outcome in topic_outcomes(topics, today=timezone.localdate()):
        planned[outcome.cell_id] = planned.get(outcome.cell_id, 0) + 1
        held[outcome.cell_id] = held.get(outcome.cell_id, 0) + outcome.held
        if outcome.late:
            late.add(outcome.cell_id)
    attendance = {
        row["meeting__cell"]: row
        for row in Attendance.objects.filter(
            meeting__cell__in=in_cells,
            meeting__date__gte=start,
            meeting__date__lte=end,
            meeting__state=Meeting.State.HELD,
            counted=True,
        )
        .values("meeting__cell")
        .annotate(counted=Count("pk"), present=Count("pk", filter=Q(status__in=PRESENT)))
        .order_by()
    }
    rows = []
    for number, (pk, name) in enumerate(cells, start=1):
        counts = attendance.get(pk, {})
        is_late = pk in late or (over and pk not in plans)
        note = _note(
            has_plan=pk in plans,
            planned=planned.get(pk, 0),
            held=held.get(pk, 0),
            late=is_late,
            over=over,
        )
        rows.append(
            CellRow(
                number=number,
                name=name,
                has_plan=pk in plans,
                planned=planned.get(pk, 0),
                held=held.get(pk, 0),
                counted=counts.get("counted", 0),
                present=counts.get("present", 0),
                late=is_late,
                note=note,
            )
        )
    return rows


def build_consolidated(
    committee: Organisation, params: DocumentParams, *, issue: Issue | None = None
) -> Document:
    """Collect the consolidated report of `params.year`, `params.quarter` over the cells."""
    year, quarter = params.year, params.quarter
    if year is None or quarter is None:
        raise BadParameters(_("A quarterly report needs its year and quarter."))
    rows = cell_rows(committee, year, quarter)
    if not rows:
        raise EmptyDocument(_("The committee has no cells."))
    label = formatting.quarter_label(quarter, year)
    counted = sum(r.counted for r in rows)
    present = sum(r.present for r in rows)
    next_year, next_q = next_quarter(year, quarter)
    return Document(
        kind=DocumentKind.CONSOLIDATED,
        doc_type=DocumentType.REPORT,
        organisation=committee,
        title="BÁO CÁO",
        summary=f"tổng hợp kết quả sinh hoạt chuyên đề của các chi bộ {label}",
        body_template="documents/consolidated.html",
        params=DocumentParams(year=year, quarter=quarter),
        short_name=f"BC-tong-hop-quy-{quarter}-{year}",
        signatures=[collective_signature(committee, default_signer(committee, issue))],
        recipients=[
            *([f"{committee.parent.name} (báo cáo)"] if committee.parent else []),
            "Các chi bộ trực thuộc",
            f"Lưu {committee.collective_name.lower()}",
        ],
        issue=issue,
        year=(issue.issued_on if issue else timezone.localdate()).year,
        context={
            "rows": rows,
            "quarter_label": label,
            "next_label": formatting.quarter_label(next_q, next_year),
            "cell_count": len(rows),
            "cells_held": sum(1 for r in rows if r.held),
            "planned_total": sum(r.planned for r in rows),
            "held_total": sum(r.held for r in rows),
            "attendance_percent": round(100 * present / counted) if counted else None,
            "late_rows": [r for r in rows if r.late],
        },
    )


def consolidated_options(committee: Organisation) -> list[tuple[str, DocumentParams]]:
    """The last eight quarters up to the current one, newest first."""
    today = timezone.localdate()
    year, quarter = today.year, formatting.quarter_of(today)
    options = []
    for _step in range(8):
        options.append(
            (formatting.quarter_label(quarter, year), DocumentParams(year=year, quarter=quarter))
        )
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return options


def render_consolidated_html(
    committee: Organisation, *, year: int, quarter: int, issue: Issue | None = None
) -> str:
    """The consolidated report as the HTML that prints."""
    params = DocumentParams(year=year, quarter=quarter)
    return render_html(build_consolidated(committee, params, issue=issue))
