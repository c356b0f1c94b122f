"""Pages of the people of a cell: the register, the directory, one person and their own data."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import history, personal_data
from members.access import (
    can_see_sensitive,
    get_directory_for_user,
    get_own_person_for_user,
    get_person_for_user,
    get_person_record_for_user,
    get_personal_data_for_user,
    get_register_for_user,
    is_self,
)
from members.edit_lock import StaleEdit, save_unless_stale
from members.filters import PersonFilter
from members.forms import AnonymiseForm, ContactForm, DeactivateForm, LoginForm, PersonForm
from members.models import Person
from members.services import (
    PeopleError,
    anonymise_person,
    create_login,
    deactivate_person,
    reactivate_person,
)
from members.vietnamese import fold

PER_PAGE = 50
_PASSWORD_KEY = "people_one_time_password"


def paginate(request: HttpRequest, items: QuerySet | list, per_page: int = PER_PAGE) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def person_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The committee's register, filtered and searched; read-only for the superior committee."""
    access = get_register_for_user(request.user, slug)
    people = Person.objects.filter(cell=access.cell).for_register()
    filterset = PersonFilter(request.GET, queryset=people, cell=access.cell)
    context = {
        "access": access,
        "cell": access.cell,
        "filter": filterset,
        "page": paginate(request, filterset.qs),
    }
    return render(request, "members/person_list.html", context)


def person_directory(request: HttpRequest, slug: str) -> HttpResponse:
    """Members' directory: who is who, and how to reach those who share their contacts."""
    access = get_directory_for_user(request.user, slug)
    people = Person.objects.filter(cell=access.cell).for_directory()
    query = request.GET.get("q", "").strip()
    if query:
        people = people.search(query)
    context = {"access": access, "cell": access.cell, "query": query}
    context["page"] = paginate(request, people)
    return render(request, "members/person_directory.html", context)


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One person: the full record for the committee, viewers and the person; the directory
    entry for the rest of the cell."""
    person, access = get_person_for_user(request.user, pk)
    full = can_see_sensitive(access, person)
    one_time = request.session.pop(_PASSWORD_KEY, None) if access.is_committee else None
    context = {
        "access": access,
        "cell": person.cell,
        "person": person,
        "full": full,
        "is_self": is_self(access, person),
        "show_contact": full or person.share_contact,
        "ratings": list(person.ratings.order_by("-year")) if full else [],
        "one_time": one_time if one_time and one_time.get("person") == person.pk else None,
    }
    return render(request, "members/person_detail.html", context)


def person_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_register_for_user(request.user, slug, write=True)
    form = PersonForm(request.POST or None, cell=access.cell)
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, _("%(name)s was added to the register.") % {"name": person})
        return redirect("person_detail", person.pk)
    context = {"access": access, "cell": access.cell, "form": form}
    return render(request, "members/person_form.html", context)


def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person, access = get_person_for_user(request.user, pk, write=True)
    form = PersonForm(request.POST or None, instance=person, cell=person.cell)
    if request.method == "POST" and form.is_valid():
        try:
            save_unless_stale(form)
        except StaleEdit as conflict:
            form.show_conflict(conflict)
            context = {"access": access, "cell": person.cell, "form": form, "person": person}
            return render(request, "members/person_form.html", context, status=409)
        messages.success(request, _("The record of %(name)s was saved.") % {"name": person})
        return redirect("person_detail", person.pk)
    context = {"access": access, "cell": person.cell, "form": form, "person": person}
    return render(request, "members/person_form.html", context)


def person_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a person left the unit (never a deletion)."""
    person, access = get_person_for_user(request.user, pk, write=True)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deactivate_person(
                person,
                on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["leave_reason"],
                by=request.user,
            )
        except PeopleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s is marked as left.") % {"name": person})
        return redirect("person_detail", person.pk)
    context = {"access": access, "cell": person.cell, "person": person, "form": form}
    return render(request, "members/person_deactivate.html", context)


@require_POST
def person_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person, _access = get_person_for_user(request.user, pk, write=True)
    try:
        reactivate_person(person, by=request.user)
    except PeopleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s is active again.") % {"name": person})
    return redirect("person_detail", person.pk)


def person_login(request: HttpRequest, pk: int) -> HttpResponse:
    """Create a login for a person who has none."""
    person, access = get_person_for_user(request.user, pk, write=True)
    suggestion = fold(person.full_name).replace(" ", "")
    form = LoginForm(request.POST or None, initial={"username": suggestion})
    if request.method == "POST" and form.is_valid():
        try:
            result = create_login(person, username=form.cleaned_data["username"], by=request.user)
        except PeopleError as error:
            form.add_error(None, str(error))
        else:
            if result.password:
                # Shown once, on the next page, then gone from the session.
                request.session[_PASSWORD_KEY] = {
                    "person": person.pk,
                    "username": result.user.username,
                    "password": result.password,
                }
            else:
                messages.success(
                    request,
                    _("Login created; a link to set the password was sent to %(email)s.")
                    % {"email": result.emailed_to},
                )
            return redirect("person_detail", person.pk)
    context = {"access": access, "cell": person.cell, "person": person, "form": form}
    return render(request, "members/person_login.html", context)


def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed what on a person's record, and when."""
    person, access = get_person_record_for_user(request.user, pk)
    context = {
        "access": access,
        "cell": person.cell,
        "person": person,
        "page": paginate(request, history.person_history(person)),
    }
    return render(request, "members/person_history.html", context)


def person_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """A person changes their own phone, e-mail and whether the cell sees them."""
    person, access = get_own_person_for_user(request.user, pk)
    form, status = ContactForm(request.POST or None, instance=person), 200
    if request.method == "POST" and form.is_valid():
        try:
            save_unless_stale(form)
        except StaleEdit as conflict:
            form.show_conflict(conflict)
            status = 409
        else:
            messages.success(request, _("Your contact details were saved."))
            return redirect("person_detail", person.pk)
    context = {"access": access, "cell": person.cell, "person": person, "form": form}
    return render(request, "members/person_contact.html", context, status=status)


def person_data(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held on a person, as a JSON file to download."""
    person, _access = get_personal_data_for_user(request.user, pk)
    response = HttpResponse(personal_data.as_json(person), content_type="application/json")
    response["Content-Disposition"] = (
        f'attachment; filename="chibo-du-lieu-ca-nhan-{person.pk}.json"'
    )
    response["Cache-Control"] = "no-store"
    return response


def person_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    """Erase a person's personal data on their request (the committee or the administrator)."""
    person, access = get_person_for_user(request.user, pk, write=True)
    if is_self(access, person):
        raise PermissionDenied  # it would end the session of the one erasing
    form = AnonymiseForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        anonymise_person(person, by=request.user)
        messages.success(request, _("The personal data were erased."))
        return redirect("person_list", person.cell.slug)
    context = {"access": access, "cell": person.cell, "person": person, "form": form}
    return render(request, "members/person_anonymise.html", context)
