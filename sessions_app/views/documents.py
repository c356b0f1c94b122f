"""Documents of a cell: preview, PDF download, issuing, and the register of issued ones."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import CellAccess, get_cell_for_user, get_organisation_for_user
from members.models import Organisation
from sessions_app.access import get_document_kind_for_user, get_issued_document_for_user
from sessions_app.documents import numbering
from sessions_app.documents.document import (
    BadParameters,
    Document,
    DocumentError,
    DocumentParams,
    render_body_html,
    render_html,
    signers_for,
)
from sessions_app.documents.formatting import ascii_filename, unicode_filename
from sessions_app.documents.forms import (
    CommitteeRegisterFilter,
    IssueForm,
    NarrativeForm,
    RegisterFilter,
    parse_params,
)
from sessions_app.documents.minutes_zip import minutes_years, start_minutes_zip
from sessions_app.documents.narratives import NarrativeConflict, save_narrative
from sessions_app.documents.pdf import html_to_pdf
from sessions_app.documents.registry import KINDS, KindSpec, available_kinds, build_document
from sessions_app.models.documents import IssuedDocument
from sessions_app.services.documents import issue_document

REGISTER_PAGE_SIZE = 50


def pdf_response(data: bytes, ascii_name: str, unicode_name: str) -> HttpResponse:
    """A PDF as an attachment, named in ASCII and, for browsers that read it, in Vietnamese."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(unicode_name, safe='')}"
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def _people_kinds() -> list[str]:
    return [key for key, spec in KINDS.items() if spec.people_data]


def _preview_url(slug: str, spec: KindSpec, params: DocumentParams) -> str:
    url = reverse("sessions_app:document_preview", args=[slug, spec.key])
    query = params.as_query()
    return f"{url}?{query}" if query else url


def _unavailable(
    request: HttpRequest,
    access: CellAccess | None,
    error: DocumentError,
    *,
    committee: Organisation | None = None,
) -> HttpResponse:
    """Why the document cannot be made, with the way back to the cell's or committee's page."""
    status = 400 if isinstance(error, BadParameters) else 404
    if committee is not None:
        back = reverse("sessions_app:committee_register", args=[committee.slug])
    else:
        back = reverse("sessions_app:document_index", args=[access.cell.slug])
    context = {"message": error.message, "back_url": back, "committee": committee}
    return render(request, "documents/unavailable.html", context, status=status)


def _last_issued(access: CellAccess, spec: KindSpec, document: Document) -> IssuedDocument | None:
    return (
        IssuedDocument.objects.filter(
            organisation=access.cell, kind=spec.key, params=document.params.as_json()
        )
        .defer("pdf")
        .order_by("-issued_at", "-pk")
        .first()
    )


def document_index(request: HttpRequest, slug: str) -> HttpResponse:
    """What the cell can print, with the latest issued documents."""
    access = get_cell_for_user(request.user, slug, party=True)
    kinds = [
        (spec, spec.options(access.cell) if spec.options else [])
        for spec in available_kinds()
        if access.can_read_people or not spec.people_data
    ]
    recent = IssuedDocument.objects.filter(organisation=access.cell).for_register()
    if not access.can_read_people:
        recent = recent.exclude(kind__in=_people_kinds())
    context = {
        "access": access,
        "cell": access.cell,
        "kinds": kinds,
        "recent": recent[:5],
        "minutes_years": minutes_years(access.cell),
    }
    return render(request, "documents/index.html", context)


def _narrative_form(document: Document, data: QueryDict | None = None) -> NarrativeForm:
    """The edit form of a report's narrative sections, filled with what the report shows."""
    if data is not None:
        return NarrativeForm(data)
    initial: dict[str, object] = {
        name: text for name, _heading, text in document.context["sections"]
    }
    initial["version"] = document.context["narrative_version"]
    return NarrativeForm(initial=initial)


def _render_preview(
    request: HttpRequest,
    access: CellAccess,
    spec: KindSpec,
    document: Document,
    *,
    narrative_form: NarrativeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    issue_form = None
    if access.is_committee:
        issue_form = IssueForm(signers=signers_for(access.cell))
        if spec.narratives and narrative_form is None:
            narrative_form = _narrative_form(document)
    context = {
        "access": access,
        "cell": access.cell,
        "spec": spec,
        "document": document,
        "body": render_body_html(document),
        "query": document.params.as_query(),
        "options": spec.options(access.cell) if spec.options else [],
        "issue_form": issue_form,
        "narrative_form": narrative_form if access.is_committee else None,
        "narrative": document.context.get("narrative"),
        "last_issued": _last_issued(access, spec, document),
        "next_number": numbering.predicted_number(
            organisation=access.cell, doc_type=spec.doc_type, day=timezone.localdate()
        ),
    }
    return render(request, "documents/preview.html", context, status=status)


def document_preview(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """The document as it prints, inside the site, with download and issue actions."""
    access, spec = get_document_kind_for_user(request.user, slug, kind)
    try:
        document = build_document(spec, access.cell, parse_params(request.GET))
    except DocumentError as error:
        return _unavailable(request, access, error)
    return _render_preview(request, access, spec, document)


@require_POST
def document_narrative(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """The committee saves a report's narrative sections; a stale version is refused."""
    access, spec = get_document_kind_for_user(request.user, slug, kind, write=True)
    if not spec.narratives:
        raise Http404
    try:
        params = parse_params(request.POST)
        document = build_document(spec, access.cell, params)
    except DocumentError as error:
        return _unavailable(request, access, error)
    form = _narrative_form(document, request.POST)
    if not form.is_valid():
        return _render_preview(request, access, spec, document, narrative_form=form, status=400)
    try:
        save_narrative(
            organisation=access.cell,
            kind=spec.key,
            params=document.params,
            sections=form.sections(),
            version=form.cleaned_data["version"],
            by=request.user,
        )
    except DocumentError as error:
        form.add_error(None, error.message)
        status = 409 if isinstance(error, NarrativeConflict) else 400
        return _render_preview(request, access, spec, document, narrative_form=form, status=status)
    messages.success(request, _("The sections of the report were saved."))
    return redirect(_preview_url(slug, spec, document.params))


def document_pdf(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """The document as a PDF, as it stands now (DỰ THẢO unless approved)."""
    access, spec = get_document_kind_for_user(request.user, slug, kind)
    try:
        document = build_document(spec, access.cell, parse_params(request.GET))
    except DocumentError as error:
        return _unavailable(request, access, error)
    data = html_to_pdf(render_html(document))
    return pdf_response(data, document.filename(), document.unicode_filename())


@require_POST
def minutes_zip(request: HttpRequest, slug: str) -> HttpResponse:
    """Start the ZIP of all minutes of a year; the job page shows its progress."""
    access, _spec = get_document_kind_for_user(request.user, slug, "minutes")
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    if year not in minutes_years(access.cell):
        messages.error(request, _("Choose a year in which the cell has meetings."))
        return redirect("sessions_app:document_index", slug)
    job = start_minutes_zip(access.cell, year, by=request.user)
    return redirect("sessions_app:job_detail", job.pk)


@require_POST
def document_issue(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """The committee issues the document: the next number, today's date, the PDF stored."""
    access, spec = get_document_kind_for_user(request.user, slug, kind, write=True)
    try:
        params = parse_params(request.POST)
    except BadParameters as error:
        return _unavailable(request, access, error)
    form = IssueForm(request.POST, signers=signers_for(access.cell))
    if not form.is_valid():
        messages.error(request, _("Choose who signs the document."))
        return redirect(_preview_url(slug, spec, params))
    try:
        issued = issue_document(
            spec=spec,
            organisation=access.cell,
            params=params,
            by=request.user,
            signer=form.chosen_signer(),
        )
    except DocumentError as error:
        messages.error(request, error.message)
        return redirect(_preview_url(slug, spec, params))
    messages.success(
        request, _("The document was issued as Số %(number)s.") % {"number": issued.number}
    )
    return redirect("sessions_app:issued_document", issued.pk)


def document_register(request: HttpRequest, slug: str) -> HttpResponse:
    """The register of documents the cell has issued (sổ đăng ký văn bản đi)."""
    access = get_cell_for_user(request.user, slug, party=True)
    documents = IssuedDocument.objects.filter(organisation=access.cell).for_register()
    if not access.can_read_people:
        documents = documents.exclude(kind__in=_people_kinds())
    filterset = RegisterFilter(request.GET or None, queryset=documents, organisation=access.cell)
    page = Paginator(filterset.qs, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"access": access, "cell": access.cell, "filterset": filterset, "page": page}
    return render(request, "documents/register.html", context)


def committee_register(request: HttpRequest, slug: str) -> HttpResponse:
    """Every document issued by the cells under a committee, for its viewers."""
    committee = get_organisation_for_user(request.user, slug)
    if committee.is_cell:
        raise Http404
    documents = IssuedDocument.objects.in_cells_below(committee).for_register()
    filterset = CommitteeRegisterFilter(
        request.GET or None, queryset=documents, committee=committee
    )
    page = Paginator(filterset.qs, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    cells = Organisation.objects.below(committee).cells().filter(is_active=True).order_by("name")
    context = {"committee": committee, "filterset": filterset, "page": page, "cells": cells}
    return render(request, "documents/committee_register.html", context)


def issued_document(request: HttpRequest, pk: int) -> HttpResponse:
    """One issued document: its number, date, signer, and what it replaces."""
    document, access = get_issued_document_for_user(request.user, pk)
    spec = KINDS.get(document.kind)
    live_url = None
    if access is not None and spec is not None and spec.available:
        live_url = _preview_url(
            document.organisation.slug, spec, DocumentParams.from_json(document.params)
        )
    replaced_by = document.replaced_by.defer("pdf").order_by("pk").first()
    context = {
        "issued": document,
        "access": access,
        "live_url": live_url,
        "replaced_by": replaced_by,
    }
    return render(request, "documents/issued_document.html", context)


def issued_document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF stored when the document was issued, unchanged."""
    document, _access = get_issued_document_for_user(request.user, pk, with_pdf=True)
    parts = (document.number.replace("/", "-"), document.title.capitalize(), document.summary)
    return pdf_response(
        bytes(document.pdf),
        ascii_filename(*parts, document.organisation.name),
        unicode_filename(f"Số {parts[0]}", f"{parts[1]} {parts[2]}", document.organisation.name),
    )


def _committee_kind(request: HttpRequest, slug: str, kind: str) -> tuple[Organisation, KindSpec]:
    """A committee's own document kind (the consolidated report), for those who watch it."""
    committee = get_organisation_for_user(request.user, slug)
    spec = KINDS.get(kind)
    if committee.is_cell or spec is None or not spec.for_committees or not spec.available:
        raise Http404
    return committee, spec


def committee_document_preview(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """A committee's report over its cells, as it prints, with its PDF download."""
    committee, spec = _committee_kind(request, slug, kind)
    options = spec.options(committee) if spec.options else []
    try:
        params = parse_params(request.GET) if request.GET else (options[0][1] if options else None)
        if params is None:
            raise BadParameters(_("Choose a quarter."))
        document = build_document(spec, committee, params)
    except DocumentError as error:
        return _unavailable(request, None, error, committee=committee)
    context = {
        "committee": committee,
        "spec": spec,
        "document": document,
        "body": render_body_html(document),
        "query": document.params.as_query(),
        "options": options,
        "cells": Organisation.objects.below(committee)
        .cells()
        .filter(is_active=True)
        .order_by("name"),
    }
    return render(request, "documents/committee_preview.html", context)


def committee_document_pdf(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """A committee's report as a PDF."""
    committee, spec = _committee_kind(request, slug, kind)
    try:
        document = build_document(spec, committee, parse_params(request.GET))
    except DocumentError as error:
        return _unavailable(request, None, error, committee=committee)
    data = html_to_pdf(render_html(document))
    return pdf_response(data, document.filename(), document.unicode_filename())
