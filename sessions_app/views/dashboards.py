"""The superior committee's cells × quarters grid (the cells' dashboards are the home page)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from sessions_app.access import get_committee_for_user
from sessions_app.dashboards import (
    cached_cells_grid,
    committees_for,
    grid_cache_seconds,
    grid_chart,
    grid_year,
)


def cells_grid_pick(request: HttpRequest) -> HttpResponse:
    """The committee and year chosen in the form (or the user's first committee) → its grid."""
    committees = committees_for(request.user).order_by("path")
    slug = request.GET.get("committee", "")
    committee = committees.filter(slug=slug).first() if slug else committees.first()
    if committee is None:
        raise Http404
    year = grid_year(request.GET.get("year"), timezone.localdate().year)
    return redirect(f"{reverse('sessions_app:cells_grid', args=[committee.slug])}?year={year}")


def cells_grid_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Every cell below a committee × the quarters of a year, the late cells listed first."""
    committee = get_committee_for_user(request.user, slug)
    year = grid_year(request.GET.get("year"), timezone.localdate().year)
    grid = cached_cells_grid(committee, year=year)
    context = {
        "committee": committee,
        "grid": grid,
        "grid_cache_seconds": grid_cache_seconds(),
        "chart": grid_chart(grid) if grid.total.planned else None,
        "committees": list(committees_for(request.user).order_by("path")),
    }
    return render(request, "sessions_app/cells_grid.html", context)
