"""The cell's change history: who changed what, when, across every kept record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from members.access import get_cell_for_user
from sessions_app import audit

PER_PAGE = 25


class HistoryFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + [
            (kind.key, kind.label) for kind in audit.kinds()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date must not be before the start date."))
        return data


def cell_history(request: HttpRequest, slug: str) -> HttpResponse:
    """The committee, superior viewers and the administrator; other members 403."""
    access = get_cell_for_user(request.user, slug)
    if not access.can_read_people:
        raise PermissionDenied
    form = HistoryFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "kind_keys": [data["kind"]] if data["kind"] else None,
            "since": data["since"],
            "until": data["until"],
        }
    rows = audit.cell_history(access.cell.pk, **filters)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "access": access,
        "cell": access.cell,
        "form": form,
        "page": page,
        "entries": audit.entries(list(page.object_list)),
    }
    return render(request, "sessions_app/cell_history.html", context)
