"""Optimistic locking for records two people may edit at the same time.

A form carries a hidden token: a digest of the stored values of the fields it edits, as
they were when the form was shown. Saving compares it with the record as stored now,
under the row's lock: if someone else saved in between, nothing is saved and the person
sees who did, with what they typed still in the form. A digest of the values needs no
version column, and a change that only touched other fields is no conflict.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable
from typing import Any, TypeVar

from django import forms
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

TOKEN_FIELD = "edit_token"
M = TypeVar("M", bound=models.Model)


def fingerprint(instance: models.Model, fields: Iterable[str]) -> str:
    """A digest of the stored values of `fields` (many-to-many fields by their keys)."""
    values: dict[str, Any] = {}
    for name in sorted(fields):
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(getattr(instance, name).values_list("pk", flat=True))
        else:
            values[name] = field.value_from_object(instance)  # type: ignore[union-attr]
    text = json.dumps(values, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class StaleEdit(Exception):
    """Someone else saved the record after the form was shown."""

    def __init__(self, instance: models.Model, token: str) -> None:
        self.token = token  # of the record as stored now: saving again overwrites it
        self.who, self.when = _last_change(instance)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        when = formats.date_format(timezone.localtime(self.when), "SHORT_DATETIME_FORMAT")
        if self.who:
            return _(
                "%(who)s saved this record at %(when)s while you were editing it. Nothing of "
                "yours is saved yet: check the current record, then save your changes again."
            ) % {"who": self.who, "when": when}
        return _(
            "Someone else saved this record at %(when)s while you were editing it. Nothing of "
            "yours is saved yet: check the current record, then save your changes again."
        ) % {"when": when}


def _last_change(instance: models.Model) -> tuple[str, datetime.datetime]:
    history = getattr(instance, "history", None)
    record = history.select_related("history_user").first() if history is not None else None
    if record is None:
        return "", timezone.now()
    user = record.history_user
    person = getattr(user, "person", None) if user is not None else None
    name = str(person) if person is not None else (user.get_username() if user else "")
    return name, record.history_date


def check_fresh(stored: models.Model, fields: Iterable[str], token: str | None) -> None:
    """Raise StaleEdit if `stored` (read under its row lock) changed since `token` was made.

    No token means the write does not come from a form shown earlier (an import, a
    command), which has nothing to compare.
    """
    if token is None:
        return
    current = fingerprint(stored, fields)
    if token != current:
        raise StaleEdit(stored, current)


def locked_copy(instance: M) -> M:
    """The record as stored now, its row locked until the transaction ends."""
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


class EditTokenMixin(forms.BaseForm):
    """Adds the hidden token to a form; `LOCKED_FIELDS` are the fields it covers."""

    LOCKED_FIELDS: tuple[str, ...] = ()

    def add_edit_token(self, instance: models.Model | None) -> None:
        """Only an existing record has something to compare with."""
        if instance is None or instance.pk is None:
            return
        token = fingerprint(instance, self.LOCKED_FIELDS)
        self.fields[TOKEN_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=token
        )

    @property
    def edit_token(self) -> str | None:
        return self.cleaned_data.get(TOKEN_FIELD) or None

    def show_conflict(self, conflict: StaleEdit) -> None:
        """Keep what was typed, carry the new token, and say who saved meanwhile."""
        self.data = self.data.copy()
        self.data[self.add_prefix(TOKEN_FIELD)] = conflict.token
        self.add_error(None, conflict.message)


def save_unless_stale(form: Any) -> models.Model:
    """Save a model form carrying the token, unless the record changed since it was shown.

    Raises StaleEdit (nothing saved) when it did; the check and the save share the row lock.
    """
    with transaction.atomic():
        check_fresh(locked_copy(form.instance), form.LOCKED_FIELDS, form.edit_token)
        return form.save()
