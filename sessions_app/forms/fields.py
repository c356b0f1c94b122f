"""Form fields shared by the workflow's forms."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

# What a 64-bit integer column holds: ids outside it can name no record.
ID_MIN, ID_MAX = -(2**63), 2**63 - 1


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """Several records chosen by id, refusing ids that no database column can hold.

    Django checks each id alone, then sends all of them in one `id IN (…)`; SQLite raises
    OverflowError (a server error) on an integer beyond 64 bits that a hostile form sent.
    Such an id is an invalid choice like any other unknown one.
    """

    def _check_values(self, value: Iterable[object]) -> QuerySet:
        for item in value:
            try:
                number = int(str(item).strip())
            except ValueError:
                continue  # not a number: Django's own check refuses it
            if not ID_MIN <= number <= ID_MAX:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)
