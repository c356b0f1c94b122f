"""The cell in numbers (statistics with charts) and the yearly ratings of party members."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from members.access import get_register_for_user
from members.charts import bar_chart, proportion_bar
from members.forms import RatingFormSet, RatingYearForm
from members.models import Person, YearlyRating
from members.ratings import rating_summary, rating_years
from members.services import PeopleError, record_ratings
from members.statistics import Breakdown, cell_statistics

# Two-way splits read best as one bar; longer lists as bars.
_PROPORTIONS = {"sex", "employment", "status"}


def _chart(breakdown: Breakdown) -> SafeString:
    rows = [(row.label, row.count) for row in breakdown.rows]
    if breakdown.key in _PROPORTIONS:
        return proportion_bar(rows, title=breakdown.title)
    return bar_chart(rows, title=breakdown.title, total=breakdown.total)


def people_statistics(request: HttpRequest, slug: str) -> HttpResponse:
    """The cell's party members and the whole unit, counted as the cell reports them."""
    access = get_register_for_user(request.user, slug)
    stats = cell_statistics(access.cell)
    context = {
        "access": access,
        "cell": access.cell,
        "stats": stats,
        "party_charts": [(b, _chart(b)) for b in stats.party],
        "unit_charts": [(b, _chart(b)) for b in stats.unit],
    }
    return render(request, "members/people_statistics.html", context)


def people_ratings(request: HttpRequest, slug: str) -> HttpResponse:
    """The year's rating of every party member, recorded at once by the committee."""
    access = get_register_for_user(request.user, slug, write=request.method == "POST")
    years = rating_years()
    year_form = RatingYearForm(request.GET or None, years=years)
    year = year_form.cleaned_data["year"] if year_form.is_valid() else years[0]
    members = list(
        Person.objects.filter(cell=access.cell).active().party_members().order_by("sort_key")
    )
    current = dict(
        YearlyRating.objects.for_cell_year(access.cell, year).values_list("person_id", "level")
    )
    initial = [{"person": p.pk, "level": current.get(p.pk, "")} for p in members]
    formset = RatingFormSet(request.POST or None, initial=initial, prefix="r")
    if request.method == "POST" and formset.is_valid():
        levels = {f.cleaned_data["person"]: f.cleaned_data["level"] for f in formset}
        try:
            changed = record_ratings(cell=access.cell, year=year, levels=levels, by=request.user)
        except PeopleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(n)s ratings changed.") % {"n": changed})
            return redirect(reverse("people_ratings", args=[slug]) + f"?year={year}")
    context = {
        "access": access,
        "cell": access.cell,
        "year": year,
        "year_form": year_form if year_form.is_bound else RatingYearForm(years=years),
        "formset": formset,
        "rows": list(zip(members, formset.forms, strict=False)),
        "current": current,
        "summary": rating_summary(access.cell, year),
    }
    return render(request, "members/people_ratings.html", context)
