"""Filters of the committee's register (django-filter); the export uses the same ones."""

from __future__ import annotations

from typing import Any

import django_filters
from crispy_forms.helper import FormHelper
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from members.models import (
    ETHNICITY_CHOICES,
    Department,
    Education,
    Organisation,
    PartyPosition,
    PartyStatus,
    PersonQuerySet,
    PoliticalTheory,
    Sex,
)


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    kind = django_filters.ChoiceFilter(
        label=_("Party members or staff"),
        choices=[("party", _("Party members")), ("staff", _("Non-party staff"))],
        method="filter_kind",
    )
    party_status = django_filters.ChoiceFilter(
        label=capfirst(_("Party status")), choices=PartyStatus.choices
    )
    party_position = django_filters.ChoiceFilter(
        label=capfirst(_("Party position")), choices=PartyPosition.choices
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.none()
    )
    sex = django_filters.ChoiceFilter(label=_("Sex"), choices=Sex.choices)
    ethnicity = django_filters.ChoiceFilter(label=_("Ethnicity"), choices=ETHNICITY_CHOICES)
    education = django_filters.ChoiceFilter(label=_("Education"), choices=Education.choices)
    political_theory = django_filters.ChoiceFilter(
        label=_("Political theory"), choices=PoliticalTheory.choices
    )
    state = django_filters.ChoiceFilter(
        label=_("Working now"),
        choices=[("active", _("Active")), ("inactive", _("Left the unit")), ("all", _("All"))],
        method="filter_state",
        empty_label=None,
    )

    def __init__(self, data: Any = None, *args: Any, cell: Organisation, **kwargs: Any) -> None:
        # Without a choice the register shows the people working now.
        data = data.copy() if data is not None else {}
        if not data.get("state"):
            data["state"] = "active"
        super().__init__(data, *args, **kwargs)
        self.filters["department"].queryset = cell.departments.all()
        self.form.helper = FormHelper()
        self.form.helper.form_tag = False
        self.form.helper.disable_csrf = True

    def filter_search(self, queryset: PersonQuerySet, name: str, value: str) -> PersonQuerySet:
        return queryset.search(value)

    def filter_kind(self, queryset: PersonQuerySet, name: str, value: str) -> PersonQuerySet:
        return queryset.party_members() if value == "party" else queryset.staff()

    def filter_state(self, queryset: PersonQuerySet, name: str, value: str) -> PersonQuerySet:
        if value == "all":
            return queryset
        return queryset.filter(Q(is_active=value == "active"))

    def is_filtered(self) -> bool:
        """Whether a filter beyond the search and the default (active people) narrows the list."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        narrowed = any(v for k, v in data.items() if k not in ("q", "state"))
        return narrowed or data.get("state") != "active"
