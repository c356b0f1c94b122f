"""The page where a user watches a background job and downloads its result."""

from __future__ import annotations

import uuid

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sessions_app.access import get_job_for_user


def job_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    job = get_job_for_user(request.user, str(pk))
    template = "sessions_app/_job_status.html" if request.htmx else "sessions_app/job_detail.html"
    return render(request, template, {"job": job})


def job_download(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    job = get_job_for_user(request.user, str(pk))
    if job.state != job.State.DONE or not job.result:
        raise Http404
    response = FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
