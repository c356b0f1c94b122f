"""Background jobs: started, run, watched and downloaded by whoever started them."""

from __future__ import annotations

import pytest

from sessions_app.jobs import JobError, JobResult, job_kind, start_job
from sessions_app.models import BackgroundJob


@job_kind("test_letters")
def _letters(job, progress):
    for i in range(3):
        progress(i + 1, 3)
    if job.params.get("fail"):
        raise JobError("Không có dữ liệu trong kỳ này.")
    if job.params.get("crash"):
        raise RuntimeError("boom")
    return JobResult(content=b"abc", filename="thu.txt")


@pytest.fixture
def run(world, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def _run(**params):
        with django_capture_on_commit_callbacks(execute=True):
            job = start_job(
                kind="test_letters",
                label="Thử",
                by=world.secretary.user,
                organisation=world.cell,
                params=params,
            )
        job.refresh_from_db()
        return job

    return _run


def test_a_job_runs_after_commit_and_keeps_its_result(run):
    job = run()
    assert (job.state, job.result.read()) == ("done", b"abc")


def test_a_job_records_its_progress(run):
    assert run().done_steps == 3


def test_a_failing_job_shows_its_message(run):
    job = run(fail=True)
    assert (job.state, job.message) == ("failed", "Không có dữ liệu trong kỳ này.")


def test_a_crashing_job_fails_without_showing_the_error(run):
    job = run(crash=True)
    assert job.state == "failed" and "boom" not in job.message


def test_an_unknown_kind_is_refused(world):
    with pytest.raises(ValueError, match="unknown job kind"):
        start_job(kind="nope", label="x", by=world.admin, organisation=world.cell, params={})


def test_whoever_started_it_sees_the_job_page(run, as_persona):
    job = run()
    assert as_persona("secretary").get(f"/jobs/{job.pk}/").status_code == 200


def test_someone_else_does_not_see_the_job(run, as_persona):
    job = run()
    assert as_persona("committee_member").get(f"/jobs/{job.pk}/").status_code == 404


def test_the_result_downloads_as_an_attachment(run, as_persona):
    job = run()
    response = as_persona("secretary").get(f"/jobs/{job.pk}/download/")
    assert response["Content-Disposition"] == 'attachment; filename="thu.txt"'


def test_a_failed_job_has_nothing_to_download(run, as_persona):
    job = run(fail=True)
    assert as_persona("secretary").get(f"/jobs/{job.pk}/download/").status_code == 404


def test_the_job_page_polls_only_while_running(world, as_persona):
    job = BackgroundJob.objects.create(
        kind="test_letters", label="Thử", requested_by=world.secretary.user, organisation=world.cell
    )
    page = as_persona("secretary").get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in page
