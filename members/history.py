"""A person's change history, read from django-simple-history: who, when, what changed.

Each version is compared with the one before it, field by field, and shown with the
field's Vietnamese label and readable values ("Phòng Nghiệp vụ", "Chính thức",
"19/05/1990"). A fixed number of queries, whatever the number of versions.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.models import Department, Person, User, YearlyRating

# Derived or bookkeeping fields, not changes anyone made.
_SKIPPED = {"id", "created_at", "updated_at", "search_text", "sort_key"}
# What names a linked record in a history, in order of preference.
_LABEL_FIELDS = ("full_name", "title", "name", "username", "number", "year", "date")


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Version:
    when: datetime.datetime
    by: str
    kind: str  # "+" created, "~" changed, "-" deleted
    title: str
    changes: list[FieldChange]


def _author(record: Any) -> str:
    user = record.history_user
    if user is None:
        return _("the system")
    person = getattr(user, "person", None)
    return person.full_name if person else user.username


def _plain(raw: Any) -> str:
    if isinstance(raw, datetime.date):
        return date_format(raw, "SHORT_DATE_FORMAT")
    return str(raw)


class LinkNames:
    """Names of the records that a page of history links to: one query per linked model,
    however many kinds of record and fields point to it."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = {}
        self.names: dict[type[models.Model], dict[Any, str]] = {}

    def want(self, model: type[models.Model], ids: set[Any]) -> None:
        self.wanted.setdefault(model, set()).update(ids)

    def resolve(self) -> None:
        for model, ids in self.wanted.items():
            if model is ContentType:  # a kind of record: its name, from Django's own cache
                self.names[model] = {}
                for pk in ids:
                    with contextlib.suppress(ContentType.DoesNotExist):  # deleted since
                        self.names[model][pk] = str(ContentType.objects.get_for_id(pk).name)
                continue
            own = {f.name for f in model._meta.concrete_fields}
            label = next((name for name in _LABEL_FIELDS if name in own), None)
            if ids and label and model not in self.names:
                rows = model._base_manager.filter(pk__in=ids).order_by().values_list("pk", label)
                self.names[model] = {pk: _plain(value) for pk, value in rows}

    def name(self, model: type[models.Model], pk: Any) -> str:
        """The linked record's name; for one deleted since, or of a model without a name,
        what the missing record was, or its id."""
        known = self.names.get(model, {}).get(pk)
        if known is not None:
            return known
        missing = {Department: _("(deleted department)"), User: _("(deleted login)")}
        return missing.get(model, f"#{pk}")


class _Display:
    """Readable values for a model's fields, with the few lookups loaded in bulk."""

    def __init__(
        self,
        model: type[models.Model],
        records: list[Any],
        skip: tuple[str, ...] = (),
        links: LinkNames | None = None,
    ) -> None:
        """`links`: shared by the displays of one page, which then resolves it once."""
        self.fields = [
            f
            for f in model._meta.concrete_fields
            if f.name not in _SKIPPED and f.name not in skip and f.editable
        ]
        # Links (the department, the login, the issuing organisation, the meeting…) by
        # what names them: a history shows "Chi bộ Thư viện", not "3".
        self.links = links if links is not None else LinkNames()
        self.linked = {}
        for field in self.fields:
            if field.is_relation:
                self.linked[field.name] = field.related_model
                ids = {getattr(r, field.attname, None) for r in records} - {None}
                self.links.want(field.related_model, ids)
        if links is None:
            self.links.resolve()

    def value(self, field: models.Field, raw: Any) -> str:
        if raw is None or raw == "":
            return "—"
        if field.name in self.linked:
            return self.links.name(self.linked[field.name], raw)
        if field.choices:
            return str(dict(field.flatchoices).get(raw, raw))
        if isinstance(field, models.BooleanField):
            return _("yes") if raw else _("no")
        return _plain(raw)

    def diff(self, old: Any, new: Any) -> list[FieldChange]:
        """What changed from `old` to `new`; from None, every field given a value."""
        changes = []
        for field in self.fields:
            before = getattr(old, field.attname) if old is not None else None
            after = getattr(new, field.attname)
            if before != after and not (old is None and after in (None, "", False)):
                changes.append(
                    FieldChange(
                        label=str(field.verbose_name).capitalize(),
                        old=self.value(field, before),
                        new=self.value(field, after),
                    )
                )
        return changes


def _versions(records: list[Any], display: _Display, title: Any) -> list[Version]:
    """Oldest first in `records`; each version compared with the one before it."""
    versions = []
    previous = None
    for record in records:
        changes = [] if record.history_type == "-" else display.diff(previous, record)
        versions.append(
            Version(
                when=record.history_date,
                by=_author(record),
                kind=record.history_type,
                title=title(record),
                changes=changes,
            )
        )
        previous = record
    return versions


def person_history(person: Person) -> list[Version]:
    """Every change to the person's record and to their yearly ratings, newest first."""
    records = list(
        Person.history.filter(id=person.pk)
        .select_related("history_user__person")
        .order_by("history_date", "history_id")
    )
    display_person = _Display(Person, records, skip=("cell",))
    versions = _versions(records, display_person, lambda r: _("Personal record"))
    ratings = list(
        YearlyRating.history.filter(person_id=person.pk)
        .select_related("history_user__person")
        .order_by("year", "history_date", "history_id")
    )
    by_year: dict[int, list[Any]] = {}
    for record in ratings:
        by_year.setdefault(record.year, []).append(record)
    display = _Display(YearlyRating, [], skip=("person", "year"))
    for year, year_records in by_year.items():
        versions += _versions(
            year_records, display, lambda r, y=year: _("Rating %(year)s") % {"year": y}
        )
    return sorted(versions, key=lambda v: v.when, reverse=True)
