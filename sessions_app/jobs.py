"""Long work in the background: a registry of job kinds, starting a job, running it.

A job kind is a function `(job, progress) -> JobResult` registered with `@job_kind`.
`start_job` records the job and queues it on huey once the transaction commits; the
user watches its progress on the job page and downloads the result from there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organisation, User
from sessions_app.models import BackgroundJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobResult:
    content: bytes
    filename: str


Progress = Callable[[int, int], None]
JobFunction = Callable[[BackgroundJob, Progress], JobResult]
_KINDS: dict[str, JobFunction] = {}


class JobError(Exception):
    """A failure the user should read (in Vietnamese), not a bug."""


def job_kind(name: str) -> Callable[[JobFunction], JobFunction]:
    """Register a function as the runner of a job kind."""

    def register(function: JobFunction) -> JobFunction:
        _KINDS[name] = function
        return function

    return register


def start_job(
    *, kind: str, label: str, by: User, organisation: Organisation, params: dict[str, Any]
) -> BackgroundJob:
    """Record a job and queue it to run after the current transaction commits."""
    if kind not in _KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = BackgroundJob.objects.create(
        kind=kind, label=label, requested_by=by, organisation=organisation, params=params
    )
    from sessions_app.tasks import run_job_task

    transaction.on_commit(lambda: run_job_task(str(job.pk)))
    return job


def run_job(job_id: str) -> None:
    """Run one queued job, recording progress, result or failure."""
    job = BackgroundJob.objects.filter(pk=job_id, state=BackgroundJob.State.QUEUED).first()
    if job is None:
        return
    BackgroundJob.objects.filter(pk=job.pk).update(
        state=BackgroundJob.State.RUNNING, started_at=timezone.now()
    )

    def progress(done: int, total: int) -> None:
        BackgroundJob.objects.filter(pk=job.pk).update(done_steps=done, total_steps=total)

    try:
        result = _KINDS[job.kind](job, progress)
    except JobError as exc:
        _finish(job, state=BackgroundJob.State.FAILED, message=str(exc))
        return
    except Exception:
        logger.exception("background job %s (%s) failed", job.pk, job.kind)
        _finish(
            job, state=BackgroundJob.State.FAILED, message=_("An unexpected error stopped the job.")
        )
        return
    job.refresh_from_db()
    job.result.save(result.filename, ContentFile(result.content), save=False)
    job.result_name = result.filename
    job.state = BackgroundJob.State.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["result", "result_name", "state", "finished_at"])


def _finish(job: BackgroundJob, *, state: str, message: str) -> None:
    BackgroundJob.objects.filter(pk=job.pk).update(
        state=state, message=message[:300], finished_at=timezone.now()
    )
