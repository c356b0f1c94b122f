"""What the home page shows each role, and the superior committee's cells × quarters grid.

Every function here reads a fixed number of queries whatever the number of cells, topics,
meetings or pledges: counts are aggregated in the database and rows are capped.

The late rule (docs/decisions.md): a topic planned for a quarter is *late* once that
quarter has ended (today is after its last day) and the topic has no held meeting whose
minutes are approved. Cancelled topics are not planned any more and never count;
postponed ones still count, in the quarter they now sit in.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from members.access import CellAccess
from members.charts import ChartFigure, bar_chart, column_chart
from members.models import Organisation, User
from sessions_app.models import (
    AnnualPlan,
    Comment,
    FollowUp,
    Meeting,
    PledgeLevel,
    PledgeRegistration,
    PledgeRound,
    Topic,
)
from sessions_app.models.meetings import Attendance, Minutes
from sessions_app.models.plans import ROMAN, quarter_label

QUARTERS = (1, 2, 3, 4)
# A row list on the home page never grows without bound: the page links to the full list.
LIST_CAP = 8


def quarter_end(year: int, quarter: int) -> datetime.date:
    """The last day of a quarter."""
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)


def is_late(year: int, quarter: int, *, approved: bool, today: datetime.date) -> bool:
    """A planned topic is late once its quarter has ended without approved minutes."""
    return not approved and today > quarter_end(year, quarter)


@dataclass
class Figures:
    """Topics of one quarter (or of a year): planned, held, with approved minutes, late."""

    planned: int = 0
    held: int = 0
    approved: int = 0
    late: int = 0

    def add(self, other: Figures) -> None:
        self.planned += other.planned
        self.held += other.held
        self.approved += other.approved
        self.late += other.late


@dataclass
class TopicOutcome:
    pk: int
    title: str
    year: int
    quarter: int
    cell_id: int
    held: bool
    approved: bool
    late: bool

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.year, self.quarter)


def topic_outcomes(topics: QuerySet[Topic], *, today: datetime.date) -> list[TopicOutcome]:
    """Planned topics with whether they were held, minuted and approved, in one query."""
    held = Q(meetings__state=Meeting.State.HELD)
    rows = (
        topics.exclude(state=Topic.State.CANCELLED)
        .annotate(
            held_meetings=Count("meetings", filter=held, distinct=True),
            approved_meetings=Count(
                "meetings",
                filter=held & Q(meetings__minutes__state=Minutes.State.APPROVED),
                distinct=True,
            ),
        )
        .order_by("plan__cell__path", "quarter", "pk")
        .values(
            "pk",
            "title",
            "quarter",
            "state",
            "plan__year",
            "plan__cell_id",
            "held_meetings",
            "approved_meetings",
        )
    )
    outcomes = []
    for row in rows:
        approved = row["approved_meetings"] > 0
        outcomes.append(
            TopicOutcome(
                pk=row["pk"],
                title=row["title"],
                year=row["plan__year"],
                quarter=row["quarter"],
                cell_id=row["plan__cell_id"],
                held=row["held_meetings"] > 0
                or row["state"] in (Topic.State.PRESENTED, Topic.State.FINALISED),
                approved=approved,
                late=is_late(row["plan__year"], row["quarter"], approved=approved, today=today),
            )
        )
    return outcomes


def quarter_figures(outcomes: Iterable[TopicOutcome]) -> dict[int, Figures]:
    figures = {q: Figures() for q in QUARTERS}
    for outcome in outcomes:
        cell = figures[outcome.quarter]
        cell.planned += 1
        cell.held += outcome.held
        cell.approved += outcome.approved
        cell.late += outcome.late
    return figures


def year_total(figures: dict[int, Figures]) -> Figures:
    total = Figures()
    for quarter in QUARTERS:
        total.add(figures[quarter])
    return total


# --- The superior committee's grid ------------------------------------------------------


@dataclass
class GridRow:
    cell: Organisation
    plan_id: int | None
    quarters: list[tuple[str, Figures]]
    total: Figures
    late_topics: list[TopicOutcome]


@dataclass
class CellsGrid:
    committee: Organisation
    year: int
    rows: list[GridRow]
    totals: list[tuple[str, Figures]]
    total: Figures
    years: list[int]

    @property
    def late_rows(self) -> list[GridRow]:
        return [row for row in self.rows if row.late_topics]

    def quarter_labels(self) -> list[tuple[int, str]]:
        return [(q, quarter_label(self.year, q)) for q in QUARTERS]


def grid_years(committee: Organisation, today: datetime.date) -> list[int]:
    """Years with a plan in a cell below the committee, and the current year, newest first."""
    years = set(
        AnnualPlan.objects.filter(cell__path__startswith=committee.path)
        .values_list("year", flat=True)
        .distinct()
    )
    years.add(today.year)
    return sorted(years, reverse=True)


def cells_grid(
    committee: Organisation, *, year: int, today: datetime.date | None = None
) -> CellsGrid:
    """Every active cell below a committee (at any depth) × the four quarters of a year.

    Four queries: the cells, their plans of the year, the topics with their meetings
    aggregated, and the years offered.
    """
    today = today or timezone.localdate()
    cells = list(
        Organisation.objects.cells()
        .below(committee)
        .filter(is_active=True)
        .select_related("parent")
        .order_by("path")
    )
    cell_ids = [cell.pk for cell in cells]
    plans = dict(
        AnnualPlan.objects.filter(cell_id__in=cell_ids, year=year).values_list("cell_id", "pk")
    )
    outcomes = topic_outcomes(
        Topic.objects.filter(plan__cell_id__in=cell_ids, plan__year=year), today=today
    )
    by_cell: dict[int, list[TopicOutcome]] = {pk: [] for pk in cell_ids}
    for outcome in outcomes:
        by_cell[outcome.cell_id].append(outcome)
    rows = []
    totals = {q: Figures() for q in QUARTERS}
    for cell in cells:
        figures = quarter_figures(by_cell[cell.pk])
        for quarter in QUARTERS:
            totals[quarter].add(figures[quarter])
        rows.append(
            GridRow(
                cell=cell,
                plan_id=plans.get(cell.pk),
                quarters=[(quarter_label(year, q), figures[q]) for q in QUARTERS],
                total=year_total(figures),
                late_topics=[o for o in by_cell[cell.pk] if o.late],
            )
        )
    # Late cells first (most late topics first), then the tree order.
    rows.sort(key=lambda row: -len(row.late_topics))
    return CellsGrid(
        committee=committee,
        year=year,
        rows=rows,
        totals=[(quarter_label(year, q), totals[q]) for q in QUARTERS],
        total=year_total(totals),
        years=grid_years(committee, today),
    )


def grid_year(value: str | None, default: int) -> int:
    """The ?year= asked for, or `default` when it is missing or not a plausible year."""
    return (
        int(value)
        if value and value.isascii() and value.isdigit() and 2000 <= int(value) <= 2100
        else default
    )


def committees_for(user: User) -> QuerySet[Organisation]:
    """Committees whose grid the user may open: those they view and those below them."""
    return Organisation.objects.visible_to(user).filter(kind=Organisation.Kind.COMMITTEE)


# --- A cell's dashboard on the home page ----------------------------------------------------


@dataclass
class CellDashboard:
    """The union of what a person's roles in their cell ask of them today."""

    access: CellAccess
    today: datetime.date
    year: int
    plan: AnnualPlan | None = None
    quarters: list[tuple[int, str, Figures]] = field(default_factory=list)
    year_figures: Figures | None = None
    next_meeting: Meeting | None = None
    # The committee's work
    to_approve: list[Topic] | None = None
    unanswered: list[Topic] | None = None
    pledge_rounds_to_evaluate: list[PledgeRound] | None = None
    overdue_follow_ups: list[FollowUp] | None = None
    # A party member's own work
    to_read: list[Topic] | None = None
    my_topics: list[Topic] | None = None
    my_follow_ups: list[FollowUp] | None = None
    # Everyone's pledge, staff included
    my_pledges: list[PledgeRegistration] = field(default_factory=list)
    rounds_to_join: list[PledgeRound] = field(default_factory=list)


def _plan_at_a_glance(board: CellDashboard) -> None:
    cell = board.access.cell
    board.plan = AnnualPlan.objects.filter(cell=cell, year=board.year).first()
    outcomes = topic_outcomes(
        Topic.objects.filter(plan__cell=cell, plan__year=board.year), today=board.today
    )
    figures = quarter_figures(outcomes)
    board.quarters = [(q, quarter_label(board.year, q), figures[q]) for q in QUARTERS]
    board.year_figures = year_total(figures)


def _committee_work(board: CellDashboard) -> None:
    cell, today = board.access.cell, board.today
    board.to_approve = list(
        Topic.objects.filter(plan__cell=cell, state=Topic.State.AWAITING_APPROVAL)
        .select_related("plan")
        .order_by("approved_at", "pk")[:LIST_CAP]
    )
    top_level_open = Q(comments__parent__isnull=True, comments__answer="")
    board.unanswered = list(
        Topic.objects.filter(
            plan__cell=cell, state__in=[Topic.State.CIRCULATED, Topic.State.PRESENTED]
        )
        .select_related("plan")
        .annotate(unanswered_count=Count("comments", filter=top_level_open))
        .filter(unanswered_count__gt=0)
        .order_by("-unanswered_count", "pk")[:LIST_CAP]
    )
    # A pledge is evaluated at the end of its period: its own deadline or the round's end.
    due = Q(registrations__level__isnull=True) & (
        Q(registrations__deadline__lt=today) | Q(end__lt=today)
    )
    board.pledge_rounds_to_evaluate = list(
        PledgeRound.objects.filter(cell=cell)
        .annotate(waiting=Count("registrations", filter=due, distinct=True))
        .filter(waiting__gt=0)
        .order_by("end", "pk")[:LIST_CAP]
    )
    board.overdue_follow_ups = list(
        FollowUp.objects.filter(meeting__cell=cell, done_on__isnull=True, due_on__lt=today)
        .select_related("owner", "meeting")
        .order_by("due_on", "pk")[:LIST_CAP]
    )


def _member_work(board: CellDashboard) -> None:
    cell, person = board.access.cell, board.access.person
    now = timezone.now()
    board.to_read = list(
        Topic.objects.filter(plan__cell=cell, state=Topic.State.CIRCULATED)
        .filter(Q(comments_close_at__isnull=True) | Q(comments_close_at__gt=now))
        .select_related("plan")
        .annotate(my_comments=Count("comments", filter=Q(comments__author=person)))
        .order_by(F("comments_close_at").asc(nulls_last=True), "pk")[:LIST_CAP]
    )
    board.my_topics = list(
        Topic.objects.filter(drafters=person)
        .exclude(state__in=[Topic.State.FINALISED, Topic.State.CANCELLED])
        .select_related("plan")
        .order_by(F("due_date").asc(nulls_last=True), "pk")[:LIST_CAP]
    )
    board.my_follow_ups = list(
        FollowUp.objects.filter(owner=person, done_on__isnull=True)
        .select_related("meeting")
        .order_by("due_on", "pk")[:LIST_CAP]
    )


def _my_pledge(board: CellDashboard) -> None:
    person, today = board.access.person, board.today
    board.my_pledges = list(PledgeRegistration.objects.for_owner(person)[:2])
    board.rounds_to_join = list(
        PledgeRound.objects.filter(cell=board.access.cell)
        .open_on(today)
        .exclude(pk__in=PledgeRegistration.objects.filter(person=person).values("round_id"))
        .order_by("start", "pk")[:LIST_CAP]
    )


def cell_dashboard(access: CellAccess, *, today: datetime.date | None = None) -> CellDashboard:
    """The home page of a person of a cell: the committee's work, their own, their pledge."""
    today = today or timezone.localdate()
    board = CellDashboard(access=access, today=today, year=today.year)
    if access.can_read_party:
        _plan_at_a_glance(board)
        board.next_meeting = (
            Meeting.objects.filter(cell=access.cell, state=Meeting.State.SCHEDULED, date__gte=today)
            .prefetch_related("topics")
            .order_by("date", "starts_at", "pk")
            .first()
        )
    if access.is_committee:
        _committee_work(board)
    if access.is_party_member and access.person is not None:
        _member_work(board)
    if access.person is not None:
        _my_pledge(board)
    return board


# --- Figures behind the charts --------------------------------------------------------------


def attendance_rates(
    cell: Organisation, *, today: datetime.date, years: int = 2
) -> list[tuple[Meeting, int, int]]:
    """Held meetings of the last `years` years of meetings, oldest first, with present and
    counted members."""
    # Two years back from the latest held meeting, so that a cell that paused still
    # sees its last two years of meetings rather than an empty chart.
    latest = (
        Meeting.objects.filter(cell=cell, state=Meeting.State.HELD, date__lte=today)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    if latest is None:
        return []
    since = latest.replace(year=latest.year - years, day=min(latest.day, 28))
    present = Q(
        attendances__counted=True,
        attendances__status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE],
    )
    meetings = (
        Meeting.objects.filter(cell=cell, state=Meeting.State.HELD, date__gt=since, date__lte=today)
        .annotate(
            present=Count("attendances", filter=present),
            counted=Count("attendances", filter=Q(attendances__counted=True)),
        )
        .order_by("date", "pk")
    )
    return [(m, m.present, m.counted) for m in meetings if m.counted]


def comments_per_topic(cell: Organisation, *, year: int) -> list[tuple[str, int]]:
    """Comments (replies included) on each topic of the year's plan that received any."""
    topics = (
        Topic.objects.filter(plan__cell=cell, plan__year=year)
        .annotate(comment_count=Count("comments"))
        .filter(comment_count__gt=0)
        .order_by("quarter", "pk")
        .values_list("title", "comment_count")
    )
    return list(topics)


def pledge_ratings(cell: Organisation, *, year: int) -> list[tuple[str, int]]:
    """Evaluations of the pledges of rounds started in a year, per level of the cell's scale."""
    levels = (
        PledgeLevel.objects.filter(cell=cell)
        .annotate(
            evaluated=Count(
                "registrations",
                filter=Q(registrations__round__start__year=year),
            )
        )
        .order_by("position", "pk")
        .values_list("name", "evaluated")
    )
    rows = list(levels)
    return rows if any(count for _name, count in rows) else []


def latest_comment_year(cell: Organisation) -> int | None:
    """The newest plan year whose topics have comments (for an empty current year)."""
    return (
        Comment.objects.filter(topic__plan__cell=cell)
        .order_by("-topic__plan__year")
        .values_list("topic__plan__year", flat=True)
        .first()
    )


def _plan_chart(year: int, quarters: list[tuple[int, str, Figures]]) -> ChartFigure:
    planned = [f.planned for _q, _label, f in quarters]
    held = [f.held for _q, _label, f in quarters]
    title = _("Plan %(year)s: planned and held topics by quarter") % {"year": year}
    desc = "; ".join(
        _("%(quarter)s: %(planned)s planned, %(held)s held")
        % {"quarter": label, "planned": f.planned, "held": f.held}
        for _q, label, f in quarters
    )
    svg = column_chart(
        [_("Q%(roman)s") % {"roman": ROMAN[q]} for q, _label, _f in quarters],
        [(_("Planned"), planned), (_("Held"), held)],
        title=title,
        desc=desc,
    )
    rows = [(label, f.planned, f.held) for _q, label, f in quarters]
    return ChartFigure(title, svg, [_("Quarter"), _("Planned"), _("Held")], rows)


def _attendance_chart(rates: list[tuple[Meeting, int, int]]) -> ChartFigure:
    title = _("Attendance at the meetings over two years")
    percents = [round(100 * present / counted) for _m, present, counted in rates]
    desc = "; ".join(
        f"{meeting.date:%d/%m/%Y}: {present}/{counted} ({percent} %)"
        for (meeting, present, counted), percent in zip(rates, percents, strict=True)
    )
    svg = column_chart(
        [f"{meeting.date:%m/%y}" for meeting, _p, _c in rates],
        [(_("Present"), percents)],
        title=title,
        desc=desc,
        maximum=100,
        unit=" %",
    )
    rows = [
        (meeting, f"{present}/{counted}", f"{percent} %")
        for (meeting, present, counted), percent in zip(rates, percents, strict=True)
    ]
    return ChartFigure(title, svg, [_("Meeting"), _("Present"), _("Rate")], rows)


def _count_chart(title: str, rows: list[tuple[str, int]], header: str) -> ChartFigure:
    # Long topic titles are cut in the picture (they would run into the figures); the
    # table under it keeps them whole.
    short = [(Truncator(label).chars(32), value) for label, value in rows]
    return ChartFigure(
        title, bar_chart(short, title=title), [header, pgettext("chart column", "Number")], rows
    )


def dashboard_charts(board: CellDashboard) -> list[ChartFigure]:
    """The charts of a cell's home page: plan progress, attendance, comments and, for the
    committee, pledge ratings. Empty figures are left out rather than drawn as nothing."""
    cell = board.access.cell
    charts = []
    if board.year_figures and board.year_figures.planned:
        charts.append(_plan_chart(board.year, board.quarters))
    rates = attendance_rates(cell, today=board.today)
    if rates:
        charts.append(_attendance_chart(rates))
    comment_year = latest_comment_year(cell)
    comments = comments_per_topic(cell, year=comment_year) if comment_year else []
    if comments:
        title = _("Comments per topic, plan %(year)s") % {"year": comment_year}
        charts.append(_count_chart(title, comments, _("Topic")))
    if board.access.is_committee:
        ratings_year = latest_rating_year(cell)
        ratings = pledge_ratings(cell, year=ratings_year) if ratings_year else []
        if ratings:
            title = _("Pledge evaluations, rounds of %(year)s") % {"year": ratings_year}
            charts.append(_count_chart(title, ratings, _("Evaluation")))
    return charts


def latest_rating_year(cell: Organisation) -> int | None:
    """The start year of the newest round with an evaluated pledge."""
    day = (
        PledgeRegistration.objects.filter(round__cell=cell, level__isnull=False)
        .order_by("-round__start")
        .values_list("round__start", flat=True)
        .first()
    )
    return day.year if day else None


def grid_chart(grid: CellsGrid) -> ChartFigure:
    """Plan progress of every cell below the committee together."""
    quarters = [(q, label, f) for q, (label, f) in zip(QUARTERS, grid.totals, strict=True)]
    return _plan_chart(grid.year, quarters)
