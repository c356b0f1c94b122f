"""Pages of the "Trên làm gương mẫu mực, dưới tích cực làm theo" pledge model."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import CellAccess, get_cell_for_user
from sessions_app.access import (
    can_edit_pledge,
    can_read_pledge_register,
    get_registration_for_user,
    get_round_for_user,
    is_pledge_owner,
)
from sessions_app.forms.pledges import (
    EvaluationForm,
    OnBehalfPledgeForm,
    PledgeForm,
    PledgeRoundForm,
    ProgressForm,
    RoleForm,
    option_formset,
)
from sessions_app.models import (
    PledgeArea,
    PledgeLevel,
    PledgeRegistration,
    PledgeRound,
)
from sessions_app.pledge_register import build_register
from sessions_app.services import pledges as services


def _show_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's validation errors next to the fields they concern."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


# --- Cell pages -------------------------------------------------------------------------


def pledge_home(request: HttpRequest, slug: str) -> HttpResponse:
    """Open rounds with their "Đăng ký" button, the user's pledges, and for the committee
    and viewers every round of the cell."""
    access = get_cell_for_user(request.user, slug)
    cell = access.cell
    mine = list(PledgeRegistration.objects.for_owner(access.person)) if access.person else []
    mine_by_round = {registration.round_id: registration for registration in mine}
    open_rounds = (
        PledgeRound.objects.filter(cell=cell).open_on(timezone.localdate()).order_by("start", "pk")
    )
    context = {
        "access": access,
        "cell": cell,
        "open_rounds": [(r, mine_by_round.get(r.pk)) for r in open_rounds],
        "mine": mine,
        "all_rounds": (
            PledgeRound.objects.filter(cell=cell).for_list()
            if can_read_pledge_register(access)
            else None
        ),
    }
    return render(request, "sessions_app/pledge_home.html", context)


def _year(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() and 2000 <= int(value) <= 2100 else default


def pledge_register(request: HttpRequest, slug: str) -> HttpResponse:
    """The register of a year, or of a span of years (a half-term: ?from=2020&to=2023)."""
    access = get_cell_for_user(request.user, slug)
    if not can_read_pledge_register(access):
        raise Http404
    years = [d.year for d in PledgeRound.objects.filter(cell=access.cell).dates("start", "year")]
    latest = years[-1] if years else timezone.localdate().year
    first = _year(request.GET.get("from"), latest)
    last = max(first, _year(request.GET.get("to"), first))
    rounds = PledgeRound.objects.filter(cell=access.cell).in_years(first, last)
    register = build_register(
        rounds.select_related("meeting").order_by("start", "pk"),
        PledgeLevel.objects.filter(cell=access.cell),
    )
    context = {
        "access": access,
        "cell": access.cell,
        "register": register,
        "years": years,
        "first": first,
        "last": last,
    }
    return render(request, "sessions_app/pledge_register.html", context)


def pledge_round_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_cell_for_user(request.user, slug, write=True)
    services.ensure_pledge_defaults(access.cell)
    form = PledgeRoundForm(request.POST or None, cell=access.cell)
    if request.method == "POST" and form.is_valid():
        try:
            pledge_round = services.create_pledge_round(
                cell=access.cell, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The round is open for registration."))
            return redirect("sessions_app:pledge_round_detail", pledge_round.pk)
    elif not form.is_bound:
        form.initial["areas"] = [area.pk for area in form.fields["areas"].queryset]
    context = {"access": access, "cell": access.cell, "form": form}
    return render(request, "sessions_app/pledge_round_form.html", context)


def _option_rows(formset: forms.BaseModelFormSet) -> list[services.OptionRow]:
    """The filled rows of the areas or scale formset; a new row without an order goes last."""
    filled = [form.cleaned_data for form in formset.forms if form.cleaned_data.get("name")]
    given = [data["position"] for data in filled if data.get("position") is not None]
    after = max(given, default=-1) + 1
    rows = []
    for data in filled:
        position = data.get("position")
        if position is None:
            position, after = after, after + 1
        rows.append(
            services.OptionRow(
                pk=data["id"].pk if data.get("id") else None,
                name=data["name"],
                position=position,
                is_active=data.get("is_active", False),
            )
        )
    return rows


def _options_page(request: HttpRequest, slug: str, model: type[Any], title: str) -> HttpResponse:
    access = get_cell_for_user(request.user, slug, write=True)
    services.ensure_pledge_defaults(access.cell)
    formset = option_formset(
        model,
        model.objects.filter(cell=access.cell),
        request.POST if request.method == "POST" else None,
    )
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        rows = _option_rows(formset)
        try:
            services.save_pledge_options(cell=access.cell, by=request.user, model=model, rows=rows)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Saved."))
            return redirect(request.path)
    context = {
        "access": access,
        "cell": access.cell,
        "formset": formset,
        "errors": [*formset.non_form_errors(), *errors] if formset.is_bound else [],
        "title": title,
    }
    return render(request, "sessions_app/pledge_options.html", context)


def pledge_areas(request: HttpRequest, slug: str) -> HttpResponse:
    return _options_page(request, slug, PledgeArea, _("Example-setting areas"))


def pledge_scale(request: HttpRequest, slug: str) -> HttpResponse:
    return _options_page(request, slug, PledgeLevel, _("Evaluation scale"))


# --- Rounds -----------------------------------------------------------------------------


def pledge_round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A round: its period and areas, the user's own pledge, and for the committee and
    viewers every registration with its status and rating."""
    pledge_round, access = get_round_for_user(request.user, pk)
    register = None
    if can_read_pledge_register(access):
        register = build_register([pledge_round], PledgeLevel.objects.filter(cell=access.cell))
    own = None
    if access.person is not None:
        own = (
            PledgeRegistration.objects.with_status()
            .filter(round=pledge_round, person=access.person)
            .first()
        )
    context = {
        "access": access,
        "cell": access.cell,
        "round": pledge_round,
        "areas": list(pledge_round.areas.all()),
        "register": register,
        "own": own,
    }
    return render(request, "sessions_app/pledge_round_detail.html", context)


def pledge_round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pledge_round, access = get_round_for_user(request.user, pk, write=True)
    form = PledgeRoundForm(
        request.POST or None,
        cell=access.cell,
        pledge_round=pledge_round,
        initial=PledgeRoundForm.initial_for(pledge_round),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_pledge_round(pledge_round, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The round is saved."))
            return redirect("sessions_app:pledge_round_detail", pledge_round.pk)
    context = {"access": access, "cell": access.cell, "form": form, "round": pledge_round}
    return render(request, "sessions_app/pledge_round_form.html", context)


def pledge_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A person registers their own pledge in an open round."""
    pledge_round, access = get_round_for_user(request.user, pk)
    if access.person is None:
        raise PermissionDenied  # a viewer or administrator is nobody of the cell
    form = PledgeForm(request.POST or None, pledge_round=pledge_round)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register_pledge(
                pledge_round=pledge_round,
                person=access.person,
                by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Your pledge is registered."))
            return redirect("sessions_app:pledge_detail", registration.pk)
    context = {
        "access": access,
        "cell": access.cell,
        "round": pledge_round,
        "form": form,
        "existing": pledge_round.registrations.filter(person=access.person).first(),
    }
    return render(request, "sessions_app/pledge_form.html", context)


def pledge_create_on_behalf(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee registers a pledge for someone of the cell (recorded as such)."""
    pledge_round, access = get_round_for_user(request.user, pk, write=True)
    form = OnBehalfPledgeForm(request.POST or None, pledge_round=pledge_round)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            registration = services.register_pledge(
                pledge_round=pledge_round, by=request.user, role=data.pop("role") or None, **data
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The pledge is registered on their behalf."))
            return redirect("sessions_app:pledge_detail", registration.pk)
    context = {
        "access": access,
        "cell": access.cell,
        "round": pledge_round,
        "form": form,
        "on_behalf": True,
    }
    return render(request, "sessions_app/pledge_form.html", context)


# --- Registrations ----------------------------------------------------------------------


def _render_detail(
    request: HttpRequest,
    registration: PledgeRegistration,
    access: CellAccess,
    **forms_: forms.Form,
) -> HttpResponse:
    cell = access.cell
    editable = can_edit_pledge(access, registration)
    progress = list(registration.progress_reports.all())
    registration.progress_count = len(progress)  # the status needs it; no second query
    context = {
        "access": access,
        "cell": cell,
        "pledge": registration,
        "round": registration.round,
        "progress": progress,
        "is_owner": is_pledge_owner(access, registration),
        "can_edit": editable,
        "progress_form": forms_.get("progress_form")
        or (ProgressForm(initial={"date": timezone.localdate()}) if editable else None),
        "evaluation_form": forms_.get("evaluation_form")
        or (
            EvaluationForm(
                cell=cell,
                initial={"level": registration.level_id, "remark": registration.remark},
            )
            if access.is_committee
            else None
        ),
        "role_form": forms_.get("role_form")
        or (RoleForm(initial={"role": registration.role}) if access.is_committee else None),
    }
    status = 400 if forms_ else 200
    return render(request, "sessions_app/pledge_detail.html", context, status=status)


def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration, access = get_registration_for_user(request.user, pk)
    return _render_detail(request, registration, access)


def pledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    registration, access = get_registration_for_user(request.user, pk, write=True)
    initial = {
        "areas": [area.pk for area in registration.areas.all()],
        "commitments": registration.commitments,
        "measures": registration.measures,
        "deadline": registration.deadline,
    }
    form = PledgeForm(request.POST or None, pledge_round=registration.round, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_pledge(registration, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Your pledge is saved."))
            return redirect("sessions_app:pledge_detail", registration.pk)
    context = {
        "access": access,
        "cell": access.cell,
        "round": registration.round,
        "form": form,
        "pledge": registration,
    }
    return render(request, "sessions_app/pledge_form.html", context)


@require_POST
def pledge_progress(request: HttpRequest, pk: int) -> HttpResponse:
    registration, access = get_registration_for_user(request.user, pk, write=True)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.add_pledge_progress(
                registration,
                by=request.user,
                on=form.cleaned_data["date"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The progress report is added."))
            return redirect("sessions_app:pledge_detail", registration.pk)
    return _render_detail(request, registration, access, progress_form=form)


@require_POST
def pledge_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    registration, access = get_registration_for_user(request.user, pk, committee=True)
    form = EvaluationForm(request.POST, cell=access.cell)
    if form.is_valid():
        try:
            services.evaluate_pledge(registration, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The evaluation is recorded."))
            return redirect("sessions_app:pledge_detail", registration.pk)
    return _render_detail(request, registration, access, evaluation_form=form)


@require_POST
def pledge_role(request: HttpRequest, pk: int) -> HttpResponse:
    registration, access = get_registration_for_user(request.user, pk, committee=True)
    form = RoleForm(request.POST)
    if form.is_valid():
        services.set_pledge_role(registration, by=request.user, role=form.cleaned_data["role"])
        messages.success(request, _("The role is saved."))
        return redirect("sessions_app:pledge_detail", registration.pk)
    return _render_detail(request, registration, access, role_form=form)
