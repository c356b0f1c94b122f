"""Approved minutes and issued documents never change in place, whichever way one tries:
the services, the pages, the admin, or the models themselves. A correction is recorded
beside the original (an amendment, or a new document that replaces the old one)."""

from __future__ import annotations

import pytest

from sessions_app.models import IssuedDocument, LockedMinutesError, Minutes
from sessions_app.models.documents import ImmutableDocumentError
from sessions_app.services import meetings as services
from tests.factories import IssuedDocumentFactory
from tests.sessions_app.meeting_setup import approved, call_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def minutes(world):
    return approved(world, call_meeting(world))


@pytest.fixture
def issued(world):
    return IssuedDocumentFactory(organisation=world.cell, issued_by=world.secretary.user)


def stored_document(document) -> tuple:
    row = IssuedDocument.objects.get(pk=document.pk)
    return (row.number, row.summary, row.signer_name, bytes(row.pdf), row.pdf_sha256)


# --- Approved minutes, below the services -------------------------------------------------


def test_saving_approved_minutes_is_refused_by_the_model(minutes):
    minutes = Minutes.objects.get(pk=minutes.pk)
    minutes.conclusion = "Viết lại kết luận"
    with pytest.raises(LockedMinutesError):
        minutes.save()
    assert Minutes.objects.get(pk=minutes.pk).conclusion == "Chi bộ thống nhất các giải pháp."


def test_an_old_version_from_the_history_cannot_be_saved_over_approved_minutes(minutes):
    draft = minutes.history.filter(state=Minutes.State.DRAFT).last().instance
    with pytest.raises(LockedMinutesError):
        draft.save()
    assert Minutes.objects.get(pk=minutes.pk).is_locked


def test_reopening_approved_minutes_is_refused_by_the_model(minutes):
    minutes = Minutes.objects.get(pk=minutes.pk)
    minutes.state = Minutes.State.DRAFT
    with pytest.raises(LockedMinutesError):
        minutes.save(update_fields=["state"])
    assert Minutes.objects.get(pk=minutes.pk).is_locked


def test_approved_minutes_cannot_be_updated_in_bulk(minutes):
    with pytest.raises(LockedMinutesError):
        Minutes.objects.filter(pk=minutes.pk).update(conclusion="Viết lại")
    assert Minutes.objects.get(pk=minutes.pk).conclusion == "Chi bộ thống nhất các giải pháp."


def test_draft_minutes_are_still_saved_normally(world):
    draft = call_meeting(world).minutes
    Minutes.objects.filter(pk=draft.pk).update(conclusion="Bản nháp")
    draft.refresh_from_db()
    draft.lessons = "Bài học"
    draft.save()
    assert Minutes.objects.get(pk=draft.pk).lessons == "Bài học"


def test_the_service_refuses_to_save_approved_minutes(world, minutes):
    with pytest.raises(services.MinutesLocked):
        services.save_minutes(
            minutes,
            by=world.secretary.user,
            base_version=minutes.version,
            texts={"lessons": "X"},
            ended_at=None,
        )


def test_an_amendment_is_recorded_beside_the_locked_minutes(world, minutes):
    services.amend_minutes(
        minutes, by=world.secretary.user, section="speeches", text="Sửa tên", reason="Ghi nhầm"
    )
    stored = Minutes.objects.get(pk=minutes.pk)
    assert (stored.amendments.count(), stored.conclusion) == (
        1,
        "Chi bộ thống nhất các giải pháp.",
    )


def test_approval_can_be_dated_to_the_meeting(world):
    meeting = call_meeting(world)
    minutes = approved(world, meeting)
    assert minutes.approved_at is not None and minutes.is_locked


# --- Issued documents -------------------------------------------------------------------


def test_the_admin_shows_an_issued_document_without_a_save_button(as_persona, issued):
    response = as_persona("admin").get(f"/admin/sessions_app/issueddocument/{issued.pk}/change/")
    assert response.status_code == 200 and 'name="_save"' not in response.content.decode()


@pytest.mark.parametrize("action", ["change", "delete"])
def test_the_admin_cannot_change_or_delete_an_issued_document(as_persona, issued, action):
    before = stored_document(issued)
    response = as_persona("admin").post(
        f"/admin/sessions_app/issueddocument/{issued.pk}/{action}/",
        {"summary": "Sửa trích yếu", "signer_name": "Người khác", "post": "yes"},
    )
    assert response.status_code == 403
    assert stored_document(issued) == before


def test_the_admin_cannot_revert_an_issued_document_to_an_earlier_record(as_persona, issued):
    record = issued.history.first()
    before = stored_document(issued)
    response = as_persona("admin").post(
        f"/admin/sessions_app/issueddocument/{issued.pk}/history/{record.pk}/",
        {"summary": "Bản cũ"},
    )
    assert response.status_code == 403
    assert stored_document(issued) == before


def test_the_admin_cannot_add_a_document_by_hand(as_persona):
    assert as_persona("admin").get("/admin/sessions_app/issueddocument/add/").status_code == 403


@pytest.mark.parametrize("suffix", ["", "pdf/"])
def test_the_pages_of_an_issued_document_accept_no_change(as_persona, issued, suffix):
    before = stored_document(issued)
    response = as_persona("secretary").post(
        f"/documents/{issued.pk}/{suffix}", {"summary": "Sửa trích yếu"}
    )
    assert response.status_code == 405
    assert stored_document(issued) == before


def test_an_issued_document_refuses_a_save_with_changed_bytes(issued):
    document = IssuedDocument.objects.get(pk=issued.pk)
    document.pdf = b"%PDF-1.7 forged"
    with pytest.raises(ImmutableDocumentError):
        document.save(update_fields=["pdf"])
    assert bytes(IssuedDocument.objects.get(pk=issued.pk).pdf) == b"%PDF-1.7 stand-in"


def test_the_admin_cannot_revert_approved_minutes_to_their_draft(world, as_persona, minutes):
    draft = minutes.history.filter(state=Minutes.State.DRAFT).last()
    response = as_persona("admin").post(
        f"/admin/sessions_app/minutes/{minutes.pk}/history/{draft.pk}/",
        {"meeting": minutes.meeting_id, "state": "draft", "conclusion": "Đã sửa", "updated_by": ""},
    )
    stored = Minutes.objects.get(pk=minutes.pk)
    assert response.status_code == 403
    assert (stored.state, stored.conclusion) == (
        Minutes.State.APPROVED,
        "Chi bộ thống nhất các giải pháp.",
    )


def test_an_issued_document_rebuilt_from_the_history_cannot_overwrite_it(issued):
    before = stored_document(issued)
    with pytest.raises(ImmutableDocumentError):
        issued.history.first().instance.save()
    assert stored_document(issued) == before
