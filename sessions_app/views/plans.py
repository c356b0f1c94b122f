"""Annual plans: the cell's year × quarter board, one year's plan, adding topics."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.edit_lock import StaleEdit
from sessions_app.access import get_cell_plans_for_user, get_plan_for_user
from sessions_app.forms.topics import PlanForm, PlanNotesForm, TopicForm, add_service_error
from sessions_app.models import AnnualPlan
from sessions_app.services import topics as services


def plan_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Every year of the cell as a row of four quarters."""
    access = get_cell_plans_for_user(request.user, slug)
    plans = AnnualPlan.objects.filter(cell=access.cell).for_board().order_by("-year")
    context = {"access": access, "cell": access.cell, "plans": plans}
    return render(request, "sessions_app/plan_list.html", context)


def plan_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_cell_plans_for_user(request.user, slug, write=True)
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(access.cell, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The plan for %(year)s is open.") % {"year": plan.year})
            return redirect("sessions_app:plan_detail", plan.pk)
    return render(
        request, "sessions_app/plan_form.html", {"form": form, "cell": access.cell, "plan": None}
    )


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan, access = get_plan_for_user(request.user, pk)
    plan = AnnualPlan.objects.for_board().get(pk=plan.pk)
    context = {"plan": plan, "cell": plan.cell, "access": access}
    return render(request, "sessions_app/plan_detail.html", context)


def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan, _access = get_plan_for_user(request.user, pk, write=True)
    form, status = PlanNotesForm(request.POST or None, plan=plan), 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(
                plan, by=request.user, notes=form.cleaned_data["notes"], token=form.edit_token
            )
        except StaleEdit as conflict:
            form.show_conflict(conflict)
            status = 409
        else:
            return redirect("sessions_app:plan_detail", plan.pk)
    context = {"form": form, "cell": plan.cell, "plan": plan}
    return render(request, "sessions_app/plan_form.html", context, status=status)


@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan, _access = get_plan_for_user(request.user, pk, write=True)
    try:
        services.approve_plan(plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The plan is approved."))
    return redirect("sessions_app:plan_detail", plan.pk)


@require_POST
def plan_report(request: HttpRequest, pk: int) -> HttpResponse:
    plan, _access = get_plan_for_user(request.user, pk, write=True)
    try:
        services.report_plan(plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The plan is recorded as reported to the superior committee."))
    return redirect("sessions_app:plan_detail", plan.pk)


def topic_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a topic to a plan and assign its drafters."""
    plan, _access = get_plan_for_user(request.user, pk, write=True)
    initial = {"quarter": request.GET.get("quarter", 1)}
    form = TopicForm(request.POST or None, cell=plan.cell, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.create_topic(plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The topic is added to the plan."))
            return redirect("sessions_app:topic_detail", topic.pk)
    context = {"form": form, "plan": plan, "cell": plan.cell, "topic": None}
    return render(request, "sessions_app/topic_form.html", context)
