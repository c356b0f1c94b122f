"""All minutes of a year in one ZIP file, made in the background with its progress.

Each meeting's minutes are rendered as they stand (DỰ THẢO when not approved) and named
in plain ASCII, date first, so that every unzip tool on every system shows them right
and in order.
"""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _

from members.models import Organisation, User
from sessions_app.documents import formatting
from sessions_app.documents.document import DocumentParams, render_html
from sessions_app.documents.minutes import build_minutes
from sessions_app.documents.pdf import html_to_pdf
from sessions_app.jobs import JobError, JobResult, Progress, job_kind, start_job
from sessions_app.models import BackgroundJob
from sessions_app.models.meetings import Meeting

JOB_KIND = "minutes_zip"


def minutes_years(cell: Organisation) -> list[int]:
    """The years in which the cell has meetings, newest first."""
    return [d.year for d in Meeting.objects.filter(cell=cell).dates("date", "year", order="DESC")]


def zip_name(cell: Organisation, year: int) -> str:
    return formatting.ascii_filename(f"Bien-ban-{year}", cell.name, extension="zip")


def start_minutes_zip(cell: Organisation, year: int, *, by: User) -> BackgroundJob:
    """Queue the ZIP of a year's minutes; refuses a year without meetings."""
    if not Meeting.objects.filter(cell=cell, date__year=year).exists():
        raise JobError(_("The cell has no meetings in %(year)s.") % {"year": year})
    return start_job(
        kind=JOB_KIND,
        label=_("Minutes of %(year)s (ZIP)") % {"year": year},
        by=by,
        organisation=cell,
        params={"year": year},
    )


@job_kind(JOB_KIND)
def make_minutes_zip(job: BackgroundJob, progress: Progress) -> JobResult:
    cell = Organisation.objects.select_related("parent").get(pk=job.organisation_id)
    year = int(job.params["year"])
    ids = list(
        Meeting.objects.filter(cell=cell, date__year=year)
        .order_by("date", "starts_at", "pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        raise JobError(_("The cell has no meetings in %(year)s.") % {"year": year})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, meeting_id in enumerate(ids, start=1):
            document = build_minutes(cell, DocumentParams(meeting=meeting_id))
            name = f"{done:02d}-{document.filename()}"
            archive.writestr(name, html_to_pdf(render_html(document)))
            progress(done, len(ids))
    return JobResult(content=buffer.getvalue(), filename=zip_name(cell, year))
