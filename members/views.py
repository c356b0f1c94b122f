"""Home page, the cell overview and per-user preferences."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import cell_access, get_cell_for_user
from members.models import Organisation, TextSize, user_person, user_viewer_paths


def home(request: HttpRequest) -> HttpResponse:
    """Each role's dashboard: the cell's work and the person's own, the grids of the
    committees the user watches, and the organisations they may open."""
    from sessions_app import dashboards  # the workflow builds on members, not the reverse

    person = user_person(request.user)
    own = cell_access(request.user, person.cell) if person else None
    board = dashboards.cell_dashboard(own) if own else None
    # Most people follow no other organisation: no query asks which ones.
    follows_others = request.user.is_superuser or bool(user_viewer_paths(request.user))
    watched = (
        Organisation.objects.visible_to(request.user)
        .select_related("parent")
        .exclude(pk=person.cell_id if person else None)
        .order_by("path")
        if follows_others
        else Organisation.objects.none()
    )
    committees = (
        list(dashboards.committees_for(request.user).order_by("path")) if follows_others else []
    )
    committee = committees[0] if committees else None  # the highest one the user watches
    grid = None
    if committee is not None:
        today = timezone.localdate()
        grid = dashboards.cached_cells_grid(
            committee, year=dashboards.grid_year(request.GET.get("year"), today.year)
        )
    context = {
        "own": own,
        "board": board,
        "committee": committee,
        "committees": committees,
        "grid": grid,
        "grid_cache_seconds": dashboards.grid_cache_seconds(),
        "chart": dashboards.grid_chart(grid) if grid and grid.total.planned else None,
        "charts": dashboards.dashboard_charts(board) if board and own.can_read_party else [],
        "watched": watched,
    }
    return render(request, "members/home.html", context)


def cell_detail(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_cell_for_user(request.user, slug)
    cell = access.cell
    people = cell.people.active()
    context = {
        "access": access,
        "cell": cell,
        "term": cell.term_on(),
        "ancestors": cell.ancestors(),
        "party_count": people.party_members().count(),
        "staff_count": people.staff().count(),
    }
    return render(request, "members/cell_detail.html", context)


def _safe_next(request: HttpRequest) -> str:
    """A page of this site to go back to; anything else (another site, a word) goes home."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return "/"


@require_POST
def set_text_size(request: HttpRequest) -> HttpResponse:
    """A-, A, A+: older members read larger text; remembered on the account."""
    size = request.POST.get("size", "")
    if size not in TextSize.values:
        messages.error(request, _("Unknown text size."))
    else:
        request.user.text_size = size
        request.user.save(update_fields=["text_size"])
    return HttpResponseRedirect(_safe_next(request))
