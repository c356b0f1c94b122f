"""The audit registry: every model with a change history, and where its cell is.

`register(Model, cell="lookup__to__cell", label=...)` names, for each model kept by
django-simple-history, the lookup from its historical record to the cell it belongs to.
The cell's "change history" page (`cell_history`) reads every registered history at once:
one UNION query picks the page's entries, then a fixed number of queries per kind loads
them and the versions before them, whatever the size of the history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import IntegerField, OuterRef, Subquery, Value
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from members.history import FieldChange, LinkNames, _author, _Display


@dataclass(frozen=True)
class AuditKind:
    model: type[models.Model]
    cell: str  # lookup from a historical record to the cell's primary key
    label: Promise | str

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    def history(self) -> models.QuerySet:
        return self.model.history.all()  # type: ignore[attr-defined]


_REGISTRY: dict[str, AuditKind] = {}


def register(model: type[models.Model], *, cell: str, label: Promise | str) -> None:
    if not hasattr(model, "history"):
        raise ValueError(f"{model._meta.label} keeps no history")
    kind = AuditKind(model=model, cell=cell, label=label)
    _REGISTRY[kind.key] = kind


def kinds() -> list[AuditKind]:
    return list(_REGISTRY.values())


def get_kind(key: str) -> AuditKind | None:
    return _REGISTRY.get(key)


@dataclass(frozen=True)
class Entry:
    when: datetime.datetime
    by: str
    kind: str  # "+" created, "~" changed, "-" deleted
    label: str
    title: str
    changes: list[FieldChange]


_TITLE_FIELDS = ("full_name", "title", "name", "number")


def _title(kind: AuditKind, record: Any) -> str:
    for name in _TITLE_FIELDS:
        value = getattr(record, name, None)
        if value not in (None, ""):
            return f"{kind.model._meta.verbose_name.capitalize()} «{value}»"
    return f"{kind.model._meta.verbose_name.capitalize()} #{record.id}"


def cell_history(
    cell_pk: int,
    *,
    kind_keys: list[str] | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> models.QuerySet:
    """Newest first: rows of (history_id, history_date, kind index) for the cell."""
    selected = [
        (index, kind)
        for index, kind in enumerate(kinds())
        if not kind_keys or kind.key in kind_keys
    ]
    queries = []
    for index, kind in selected:
        records = kind.history().filter(**{kind.cell: cell_pk})
        if since:
            records = records.filter(history_date__date__gte=since)
        if until:
            records = records.filter(history_date__date__lte=until)
        queries.append(
            records.annotate(kind_index=Value(index, output_field=IntegerField()))
            .order_by()
            .values_list("history_id", "history_date", "kind_index")
        )
    if not queries:
        return kinds()[0].history().none().values_list("history_id", "history_date")
    first, *rest = queries
    return first.union(*rest, all=True).order_by("-history_date", "-history_id")


def entries(rows: list[tuple[int, datetime.datetime, int]]) -> list[Entry]:
    """The page's rows as readable entries: a few queries per kind shown."""
    registered = kinds()
    wanted: dict[int, list[int]] = {}
    for history_id, _when, index in rows:
        wanted.setdefault(index, []).append(history_id)
    links = LinkNames()  # the records linked from the whole page, named in one go
    prepared = []
    for index, history_ids in wanted.items():
        kind = registered[index]
        history = kind.history()
        previous = history.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        records = list(
            history.filter(history_id__in=history_ids)
            .select_related("history_user__person")
            .annotate(
                previous_id=Subquery(
                    previous.order_by("-history_date", "-history_id").values("history_id")[:1]
                )
            )
        )
        before = history.in_bulk([r.previous_id for r in records if r.previous_id])
        record_fields = {f.attname for f in history.model._meta.concrete_fields}
        skip = tuple(
            f.name for f in kind.model._meta.concrete_fields if f.attname not in record_fields
        )
        display = _Display(kind.model, records + list(before.values()), skip=skip, links=links)
        prepared.append((index, kind, records, before, display))
    links.resolve()
    loaded: dict[tuple[int, int], Entry] = {}
    for index, kind, records, before, display in prepared:
        for record in records:
            old = before.get(record.previous_id)
            changes = [] if record.history_type == "-" else display.diff(old, record)
            loaded[(index, record.history_id)] = Entry(
                when=record.history_date,
                by=_author(record),
                kind=record.history_type,
                label=str(kind.label),
                title=_title(kind, record),
                changes=changes,
            )
    return [loaded[(index, history_id)] for history_id, _when, index in rows]


def register_all() -> None:
    """Every model with a history, and the way to its cell."""
    from members.models import (
        Department,
        Organisation,
        OrganisationViewer,
        Person,
        Term,
        YearlyRating,
    )
    from sessions_app.models import (
        AnnualPlan,
        Attachment,
        Comment,
        PledgeRegistration,
        PledgeRound,
        Topic,
    )
    from sessions_app.models.documents import IssuedDocument, ReportNarrative
    from sessions_app.models.meetings import (
        AgendaItem,
        Amendment,
        Attendance,
        FollowUp,
        Guest,
        Meeting,
        Minutes,
        Speech,
        Vote,
    )
    from sessions_app.models.plans import NotificationSettings, TopicVersion
    from sessions_app.models.pledges import PledgeArea, PledgeLevel, PledgeProgress

    _ = gettext_lazy
    # The cell and its organisation records
    register(Organisation, cell="id", label=_("Cell details"))
    register(Term, cell="organisation", label=_("Terms of office"))
    register(OrganisationViewer, cell="organisation", label=_("Superior viewers"))
    # People
    register(Person, cell="cell", label=_("People"))
    register(YearlyRating, cell="person__cell", label=_("Yearly ratings"))
    register(Department, cell="cell", label=_("Departments"))
    # Topics
    register(AnnualPlan, cell="cell", label=_("Annual plans"))
    register(Topic, cell="plan__cell", label=_("Topics"))
    register(TopicVersion, cell="topic__plan__cell", label=_("Topic versions"))
    register(Attachment, cell="topic__plan__cell", label=_("Attachments"))
    register(Comment, cell="topic__plan__cell", label=_("Comments"))
    register(NotificationSettings, cell="user__person__cell", label=_("Notification settings"))
    # Meetings and minutes
    register(Meeting, cell="cell", label=_("Meetings"))
    register(Guest, cell="meeting__cell", label=_("Guests"))
    register(AgendaItem, cell="meeting__cell", label=_("Agenda items"))
    register(Attendance, cell="meeting__cell", label=_("Attendance"))
    register(Minutes, cell="meeting__cell", label=_("Minutes"))
    register(Speech, cell="meeting__cell", label=_("Speeches"))
    register(Vote, cell="meeting__cell", label=_("Votes"))
    register(FollowUp, cell="meeting__cell", label=_("Follow-ups"))
    register(Amendment, cell="minutes__meeting__cell", label=_("Amendments"))
    # Pledges
    register(PledgeArea, cell="cell", label=_("Pledge areas"))
    register(PledgeLevel, cell="cell", label=_("Pledge levels"))
    register(PledgeRound, cell="cell", label=_("Pledge rounds"))
    register(PledgeRegistration, cell="round__cell", label=_("Pledges"))
    register(PledgeProgress, cell="registration__round__cell", label=_("Pledge progress"))
    # Documents
    register(IssuedDocument, cell="organisation", label=_("Issued documents"))
    register(ReportNarrative, cell="organisation", label=_("Report sections"))
