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

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
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
# The topics a cell's cards are sorted from: in practice the open topics of its plans.
TOPIC_ROWS_CAP = 200


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
    plan_id: int
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
            "plan_id",
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
                plan_id=row["plan_id"],
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
        .order_by()  # the default order (by cell) would make each cell's year a row
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


def grid_cache_seconds() -> int:
    return settings.CHIBO["GRID_CACHE_SECONDS"]


def cached_cells_grid(committee: Organisation, *, year: int) -> CellsGrid:
    """The grid as computed at most CHIBO_GRID_CACHE_SECONDS ago.

    At the end of a quarter every viewer of a province opens the same grid of hundreds of
    cells; the cells' figures change a few times a day, so a minute's delay is not seen
    and the grid is computed once a minute instead of once a visit. The day is part of
    the key: a quarter that ends at midnight makes its topics late at once.
    """
    seconds = grid_cache_seconds()
    if not seconds:
        return cells_grid(committee, year=year)
    key = f"cells-grid:{committee.pk}:{year}:{timezone.localdate().isoformat()}"
    return cache.get_or_set(key, lambda: cells_grid(committee, year=year), seconds)


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
    plan_id: int | None = None  # this year's plan
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
    outcomes = topic_outcomes(
        Topic.objects.filter(plan__cell=cell, plan__year=board.year), today=board.today
    )
    # A plan with topics is known from them; only a year without any asks for the plan.
    board.plan_id = (
        outcomes[0].plan_id
        if outcomes
        else AnnualPlan.objects.filter(cell=cell, year=board.year)
        .values_list("pk", flat=True)
        .first()
    )
    figures = quarter_figures(outcomes)
    board.quarters = [(q, quarter_label(board.year, q), figures[q]) for q in QUARTERS]
    board.year_figures = year_total(figures)


def _nulls_last(value: object) -> tuple[bool, object]:
    """A sort key putting missing dates after the others, as the lists always showed them."""
    return (value is None, value)


def _topic_cards(board: CellDashboard) -> None:
    """The cards that list topics — drafts to approve, unanswered comments, drafts to read,
    my assignments — from one query: the cell's topics waiting on someone, and the
    person's own unfinished ones. Their number stays small (a topic leaves these states
    once it is discussed), so they are sorted into the cards here."""
    access, now = board.access, timezone.now()
    cell, person = access.cell, access.person
    committee = access.is_committee
    member = access.is_party_member and person is not None
    waiting = [Topic.State.CIRCULATED]
    if committee:
        waiting += [Topic.State.AWAITING_APPROVAL, Topic.State.PRESENTED]
    wanted = Q(state__in=waiting)
    annotations: dict[str, object] = {
        "unanswered_count": Count(
            "comments", filter=Q(comments__parent__isnull=True, comments__answer="")
        )
    }
    if member:
        mine = Topic.drafters.through.objects.filter(topic_id=OuterRef("pk"), person_id=person.pk)
        wanted |= Exists(mine) & ~Q(state__in=[Topic.State.FINALISED, Topic.State.CANCELLED])
        annotations["my_comments"] = Count("comments", filter=Q(comments__author=person))
        annotations["is_mine"] = Exists(mine)
    topics = list(
        Topic.objects.filter(plan__cell=cell)
        .filter(wanted)
        .select_related("plan")
        .annotate(**annotations)
        .order_by("-pk")[:TOPIC_ROWS_CAP]  # the newest, should a cell ever pass the cap
    )
    if committee:
        board.to_approve = sorted(
            (t for t in topics if t.state == Topic.State.AWAITING_APPROVAL),
            key=lambda t: (_nulls_last(t.approved_at), t.pk),
        )[:LIST_CAP]
        board.unanswered = sorted(
            (
                t
                for t in topics
                if t.state in (Topic.State.CIRCULATED, Topic.State.PRESENTED) and t.unanswered_count
            ),
            key=lambda t: (-t.unanswered_count, t.pk),
        )[:LIST_CAP]
    if member:
        board.to_read = sorted(
            (t for t in topics if t.state == Topic.State.CIRCULATED and t.comments_open(now)),
            key=lambda t: (_nulls_last(t.comments_close_at), t.pk),
        )[:LIST_CAP]
        board.my_topics = sorted(
            (t for t in topics if t.is_mine),
            key=lambda t: (_nulls_last(t.due_date), t.pk),
        )[:LIST_CAP]


def _committee_work(board: CellDashboard) -> None:
    cell, today = board.access.cell, board.today
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
    board.my_follow_ups = list(
        FollowUp.objects.filter(owner=board.access.person, done_on__isnull=True)
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
    if access.is_committee or access.is_party_member:
        _topic_cards(board)
    if access.is_committee:
        _committee_work(board)
    if access.is_party_member and access.person is not None:
        _member_work(board)
    if access.person is not None:
        _my_pledge(board)
    return board


# --- Figures behind the charts --------------------------------------------------------------


# A cell meets monthly and for each topic: two years of held meetings fit well within this.
ATTENDANCE_ROWS_CAP = 60


def attendance_rates(
    cell: Organisation, *, today: datetime.date, years: int = 2
) -> list[tuple[Meeting, int, int]]:
    """Held meetings of the last `years` years of meetings, oldest first, with present and
    counted members: one query."""
    present = Q(
        attendances__counted=True,
        attendances__status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE],
    )
    newest_first = list(
        Meeting.objects.filter(cell=cell, state=Meeting.State.HELD, date__lte=today)
        .annotate(
            present=Count("attendances", filter=present),
            counted=Count("attendances", filter=Q(attendances__counted=True)),
        )
        .order_by("-date", "-pk")[:ATTENDANCE_ROWS_CAP]
    )
    if not newest_first:
        return []
    # Two years back from the latest held meeting, so that a cell that paused still
    # sees its last two years of meetings rather than an empty chart.
    latest = newest_first[0].date
    since = latest.replace(year=latest.year - years, day=min(latest.day, 28))
    return [
        (m, m.present, m.counted) for m in reversed(newest_first) if m.date > since and m.counted
    ]


def comments_per_topic(cell: Organisation) -> tuple[int | None, list[tuple[str, int]]]:
    """The newest plan year whose topics received comments, and the comments (replies
    included) on each of its topics that received any: one query."""
    newest = (
        Comment.objects.filter(topic__plan__cell=cell)
        .order_by("-topic__plan__year")
        .values("topic__plan__year")[:1]
    )
    rows = list(
        Topic.objects.filter(plan__cell=cell, plan__year=Subquery(newest))
        .annotate(comment_count=Count("comments"))
        .filter(comment_count__gt=0)
        .order_by("quarter", "pk")
        .values_list("plan__year", "title", "comment_count")
    )
    return (rows[0][0] if rows else None), [(title, count) for _year, title, count in rows]


def pledge_ratings(cell: Organisation) -> tuple[int | None, list[tuple[str, int]]]:
    """The start year of the newest round with an evaluated pledge, and the evaluations of
    the pledges of rounds started that year per level of the cell's scale: one query."""
    newest = (
        PledgeRegistration.objects.filter(round__cell=cell, level__isnull=False)
        .order_by("-round__start")
        .values("round__start__year")[:1]
    )
    rows = list(
        PledgeLevel.objects.filter(cell=cell)
        .annotate(
            year=Subquery(newest),
            evaluated=Count(
                "registrations", filter=Q(registrations__round__start__year=Subquery(newest))
            ),
        )
        .order_by("position", "pk")
        .values_list("year", "name", "evaluated")
    )
    if not any(count for _year, _name, count in rows):
        return None, []
    return rows[0][0], [(name, count) for _year, name, count in rows]


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
    comment_year, comments = comments_per_topic(cell)
    if comments:
        title = _("Comments per topic, plan %(year)s") % {"year": comment_year}
        charts.append(_count_chart(title, comments, _("Topic")))
    if board.access.is_committee:
        ratings_year, ratings = pledge_ratings(cell)
        if ratings:
            title = _("Pledge evaluations, rounds of %(year)s") % {"year": ratings_year}
            charts.append(_count_chart(title, ratings, _("Evaluation")))
    return charts


def grid_chart(grid: CellsGrid) -> ChartFigure:
    """Plan progress of every cell below the committee together."""
    quarters = [(q, label, f) for q, (label, f) in zip(QUARTERS, grid.totals, strict=True)]
    return _plan_chart(grid.year, quarters)
