"""Import of people from Excel or CSV (upload, preview, confirm) and export to Excel."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import CellAccess, get_register_for_user
from members.filters import PersonFilter
from members.forms import ImportUploadForm
from members.importing import ImportPreview, preview_import
from members.models import Person
from members.services import PeopleError, import_people
from members.spreadsheets import export_workbook, template_workbook
from members.uploads import ImportFileError, StoredImport, purge_stale_imports, store_upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SESSION_KEY = "people_import"


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _stored(request: HttpRequest, access: CellAccess) -> StoredImport | None:
    """The upload this session is previewing for this cell, if any."""
    data = request.session.get(_SESSION_KEY)
    if not isinstance(data, dict) or data.get("cell") != access.cell.pk:
        return None
    return StoredImport.from_session(data)


def _forget(request: HttpRequest, access: CellAccess) -> None:
    stored = _stored(request, access)
    if stored is not None:
        stored.delete()
    request.session.pop(_SESSION_KEY, None)


def _preview(access: CellAccess, stored: StoredImport) -> ImportPreview:
    return preview_import(access.cell, stored.read(), stored.kind, stored.filename)


def people_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a file; it is kept (under a random name) until confirmed or replaced."""
    access = get_register_for_user(request.user, slug, write=True)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            stored = store_upload(form.cleaned_data["file"])
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            _forget(request, access)
            purge_stale_imports()
            request.session[_SESSION_KEY] = {**stored.as_session(), "cell": access.cell.pk}
            return redirect("people_import_preview", slug)
    context = {"access": access, "cell": access.cell, "form": form}
    return render(request, "members/people_import.html", context)


def people_import_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """Every row's problems, or what a confirmation would add and update; nothing saved."""
    access = get_register_for_user(request.user, slug, write=True)
    stored = _stored(request, access)
    if stored is None:
        return redirect("people_import", slug)
    try:
        preview = _preview(access, stored)
    except ImportFileError as error:
        messages.error(request, str(error))
        _forget(request, access)
        return redirect("people_import", slug)
    context = {"access": access, "cell": access.cell, "preview": preview}
    return render(request, "members/people_import_preview.html", context)


@require_POST
def people_import_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    """Save the whole file in one transaction (checked again first), or cancel it."""
    access = get_register_for_user(request.user, slug, write=True)
    stored = _stored(request, access)
    if stored is None or "cancel" in request.POST:
        _forget(request, access)
        return redirect("person_list", slug)
    try:
        result = import_people(cell=access.cell, preview=_preview(access, stored), by=request.user)
    except (ImportFileError, PeopleError) as error:
        messages.error(request, str(error))
        return redirect("people_import_preview", slug)
    _forget(request, access)
    messages.success(
        request,
        _("Import done: %(created)s added, %(updated)s updated, %(unchanged)s unchanged.")
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect("person_list", slug)


def people_import_template(request: HttpRequest, slug: str) -> HttpResponse:
    get_register_for_user(request.user, slug, write=True)
    return _xlsx_response(template_workbook(), "mau-nhap-danh-sach.xlsx")


def people_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The register as filtered on its page, as an Excel workbook."""
    access = get_register_for_user(request.user, slug)
    people = Person.objects.filter(cell=access.cell).for_register()
    filterset = PersonFilter(request.GET, queryset=people, cell=access.cell)
    filename = f"danh-sach-{access.cell.slug}-{timezone.localdate():%Y%m%d}.xlsx"
    return _xlsx_response(export_workbook(filterset.qs), filename)
