"""Tasks run by the huey consumer (`python manage.py run_huey`)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from sessions_app.jobs import run_job


@db_task()
def run_job_task(job_id: str) -> None:
    run_job(job_id)
