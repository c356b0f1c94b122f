"""Access helpers for the workflow's objects (see members/access.py for the rules)."""

from __future__ import annotations

from django.http import Http404

from members.models import User
from sessions_app.models import BackgroundJob

# --- Background jobs -------------------------------------------------------------------


def get_job_for_user(user: User, pk: str) -> BackgroundJob:
    """A job is seen only by whoever started it (and the site administrator)."""
    job = BackgroundJob.objects.select_related("organisation").filter(pk=pk).first()
    if job is None or not (user.is_superuser or job.requested_by_id == user.pk):
        raise Http404
    return job
