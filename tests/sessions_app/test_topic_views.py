"""Pages of plans and topics with every persona, and the journey through the forms."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sessions_app.models import AnnualPlan, Comment, Topic
from sessions_app.services import topics as services
from tests.sessions_app.conftest import DRAFT, advance, soon

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

READERS = ["member", "committee_member", "secretary", "viewer", "admin"]
HIDDEN = ["staff", "other_member", "other_secretary"]


@pytest.fixture
def full(world, topic):
    """A circulated topic with an attachment and a comment: every kind of page exists."""
    advance(world, topic, "drafting")
    attachment = services.add_attachment(
        topic, by=world.member.user, upload=SimpleUploadedFile("đề cương.pdf", PDF)
    )
    advance(world, topic, "circulated")
    comment = services.post_comment(topic, by=world.committee_member.user, body="Góp ý.")
    return topic, attachment, comment


def read_urls(world, full):
    topic, attachment, _comment = full
    return [
        f"/c/{world.cell.slug}/plans/",
        f"/plans/{topic.plan_id}/",
        f"/topics/{topic.pk}/",
        f"/topics/{topic.pk}/versions/1/",
        f"/topics/{topic.pk}/diff/",
        f"/attachments/{attachment.pk}/download/",
    ]


@pytest.mark.parametrize("persona", READERS)
def test_party_readers_see_every_page_of_the_topic(world, full, as_persona, persona):
    client = as_persona(persona)
    statuses = {url: client.get(url).status_code for url in read_urls(world, full)}
    assert set(statuses.values()) == {200}, statuses


@pytest.mark.parametrize("persona", HIDDEN)
def test_staff_and_other_cells_get_not_found_everywhere(world, full, as_persona, persona):
    client = as_persona(persona)
    statuses = {url: client.get(url).status_code for url in read_urls(world, full)}
    assert set(statuses.values()) == {404}, statuses


def test_anonymous_visitors_are_sent_to_sign_in(world, full, client):
    locations = [client.get(url)["Location"] for url in read_urls(world, full)]
    assert all(loc.startswith("/accounts/login/") for loc in locations)


@pytest.mark.parametrize("persona", HIDDEN)
def test_staff_and_other_cells_cannot_guess_a_comment(world, full, as_persona, persona):
    comment = full[2]
    client = as_persona(persona)
    assert client.get(f"/comments/{comment.pk}/answer/").status_code == 404


def test_an_unknown_topic_is_not_found(as_persona):
    assert as_persona("secretary").get("/topics/999999/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "edit/",
        "do/approve/",
        "do/send-back/",
        "do/circulate/",
        "do/postpone/",
        "do/cancel/",
        "do/move/",
    ],
)
@pytest.mark.parametrize("persona", ["member", "viewer"])
def test_committee_moves_are_forbidden_to_members_and_viewers(
    world, topic, as_persona, path, persona
):
    advance(world, topic, "awaiting_approval")
    assert as_persona(persona).get(f"/topics/{topic.pk}/{path}").status_code == 403


def test_a_member_cannot_approve_by_posting(world, topic, as_persona):
    advance(world, topic, "awaiting_approval")
    as_persona("member").post(f"/topics/{topic.pk}/do/approve/", {"remark": ""})
    topic.refresh_from_db()
    assert topic.approved_at is None


@pytest.mark.parametrize("persona", ["secretary", "committee_member", "viewer"])
def test_only_the_drafter_submits_through_the_page(world, topic, as_persona, persona):
    advance(world, topic, "drafting")
    assert as_persona(persona).get(f"/topics/{topic.pk}/do/submit/").status_code == 403


@pytest.mark.parametrize("persona", ["secretary", "committee_member", "viewer"])
def test_only_the_drafter_opens_the_draft_editor(world, topic, as_persona, persona):
    assert as_persona(persona).get(f"/topics/{topic.pk}/draft/").status_code == 403


def test_a_move_at_the_wrong_stage_explains_itself(world, topic, as_persona):
    response = as_persona("secretary").post(f"/topics/{topic.pk}/do/approve/", follow=True)
    assert "Không thể thực hiện ở giai đoạn này" in response.content.decode()


def test_an_unknown_move_is_not_found(world, topic, as_persona):
    assert as_persona("secretary").get(f"/topics/{topic.pk}/do/explode/").status_code == 404


@pytest.mark.parametrize("persona", ["member", "viewer", "staff"])
def test_only_the_committee_opens_a_plan(world, as_persona, persona):
    expected = 404 if persona == "staff" else 403
    assert as_persona(persona).get(f"/c/{world.cell.slug}/plans/new/").status_code == expected


def test_the_secretary_opens_a_plan(world, as_persona):
    as_persona("secretary").post(
        f"/c/{world.cell.slug}/plans/new/", {"year": 2027, "notes": "Mục tiêu"}
    )
    assert AnnualPlan.objects.get(cell=world.cell, year=2027).notes == "Mục tiêu"


def test_a_second_plan_for_the_same_year_is_refused_next_to_the_field(world, plan, as_persona):
    response = as_persona("secretary").post(f"/c/{world.cell.slug}/plans/new/", {"year": plan.year})
    assert "đã có kế hoạch" in response.content.decode()


def test_the_secretary_adds_a_topic_and_assigns_a_drafter(world, plan, as_persona):
    as_persona("secretary").post(
        f"/plans/{plan.pk}/topics/new/",
        {
            "title": "Văn hóa đọc",
            "group": "unit_work",
            "quarter": 2,
            "drafters": [world.member.pk],
            "due_date": "2026-05-01",
        },
    )
    topic = Topic.objects.get(title="Văn hóa đọc")
    assert (topic.quarter, list(topic.drafters.all())) == (2, [world.member])


def test_a_drafter_from_another_cell_is_refused_by_the_form(world, plan, as_persona):
    response = as_persona("secretary").post(
        f"/plans/{plan.pk}/topics/new/",
        {"title": "X", "group": "unit_work", "quarter": 2, "drafters": [world.other_member.pk]},
    )
    assert response.status_code == 200 and not Topic.objects.filter(title="X").exists()


def test_the_secretary_approves_and_reports_the_plan(world, topic, as_persona):
    client = as_persona("secretary")
    client.post(f"/plans/{topic.plan_id}/approve/")
    client.post(f"/plans/{topic.plan_id}/report/")
    topic.plan.refresh_from_db()
    assert topic.plan.state == AnnualPlan.State.REPORTED


def test_the_drafter_writes_and_submits_through_the_pages(world, topic, as_persona):
    client = as_persona("member")
    client.post(f"/topics/{topic.pk}/draft/", {"body": DRAFT, "revision": 0})
    client.post(f"/topics/{topic.pk}/do/submit/", {"remark": "Kính trình chi ủy."})
    topic.refresh_from_db()
    assert (topic.state, topic.versions.get().body) == ("awaiting_approval", DRAFT)


def test_the_secretary_approves_and_circulates_through_the_pages(world, topic, as_persona):
    advance(world, topic, "awaiting_approval")
    client = as_persona("secretary")
    client.post(f"/topics/{topic.pk}/do/approve/", {"remark": "Đồng ý."})
    close = soon().strftime("%Y-%m-%dT%H:%M")
    client.post(f"/topics/{topic.pk}/do/circulate/", {"comments_close_at": close, "remark": ""})
    topic.refresh_from_db()
    assert topic.state == "circulated" and topic.comments_close_at is not None


def test_a_send_back_without_remarks_keeps_the_form(world, topic, as_persona):
    advance(world, topic, "awaiting_approval")
    response = as_persona("secretary").post(f"/topics/{topic.pk}/do/send-back/", {"remark": ""})
    topic.refresh_from_db()
    assert response.status_code == 200 and topic.state == "awaiting_approval"


def test_the_committee_moves_a_topic_with_a_reason(world, topic, as_persona):
    as_persona("secretary").post(
        f"/topics/{topic.pk}/do/move/", {"year": 2027, "quarter": 1, "remark": "Dịch bệnh."}
    )
    topic.refresh_from_db()
    assert (topic.plan.year, topic.quarter) == (2027, 1)


def test_the_plan_board_shows_a_moved_topic_in_its_old_quarter(world, topic, as_persona):
    services.move_topic(topic, by=world.secretary.user, year=2027, quarter=1, reason="Dịch bệnh.")
    page = (
        as_persona("member").get(f"/plans/{world.cell.plans.get(year=2026).pk}/").content.decode()
    )
    assert "Dịch bệnh." in page and "Quý I/2027" in page


def test_the_plan_board_shows_state_drafters_and_due_date(world, topic, as_persona):
    page = as_persona("member").get(f"/c/{world.cell.slug}/plans/").content.decode()
    assert all(text in page for text in ("Đã lên kế hoạch", "Phạm Văn Charlie", "01/12/2026"))


def test_the_topic_page_shows_its_history(world, topic, as_persona):
    advance(world, topic, "awaiting_approval")
    services.send_back_topic(topic, by=world.secretary.user, remark="Thêm số liệu về bạn đọc.")
    page = as_persona("member").get(f"/topics/{topic.pk}/").content.decode()
    assert "Thêm số liệu về bạn đọc." in page and "Trả lại" in page


def test_a_second_editor_gets_a_conflict_with_both_texts(world, topic, as_persona):
    client = as_persona("member")
    client.post(f"/topics/{topic.pk}/draft/", {"body": "Bản thứ nhất", "revision": 0})
    response = client.post(f"/topics/{topic.pk}/draft/", {"body": "Bản thứ hai", "revision": 0})
    page = response.content.decode()
    assert response.status_code == 409 and "Bản thứ nhất" in page and "Bản thứ hai" in page


def test_after_a_conflict_the_editor_can_save_their_text(world, topic, as_persona):
    client = as_persona("member")
    client.post(f"/topics/{topic.pk}/draft/", {"body": "Bản thứ nhất", "revision": 0})
    client.post(f"/topics/{topic.pk}/draft/", {"body": "Bản thứ hai", "revision": 1})
    topic.refresh_from_db()
    assert topic.draft_body == "Bản thứ hai"


def test_the_preview_renders_the_draft_safely(world, topic, as_persona):
    response = as_persona("member").post(
        f"/topics/{topic.pk}/preview/", {"body": "## Giải pháp\n<script>x()</script>"}
    )
    html = response.content.decode()
    assert 'id="s-giai-phap"' in html and "<script" not in html


def test_the_preview_without_javascript_keeps_the_text(world, topic, as_persona):
    response = as_persona("member").post(
        f"/topics/{topic.pk}/draft/", {"body": "## Mới", "revision": 0, "preview": "1"}
    )
    topic.refresh_from_db()
    assert 'id="s-moi"' in response.content.decode() and topic.draft_body == ""


def test_the_diff_page_shows_what_changed_between_versions(world, topic, as_persona):
    advance(world, topic, "presented")
    services.save_draft(
        topic,
        by=world.member.user,
        body=DRAFT + "2. Biểu dương kịp thời.\n",
        revision=topic.draft_revision,
    )
    services.finalise_topic(topic, by=world.member.user)
    page = as_persona("member").get(f"/topics/{topic.pk}/diff/?a=2&b=3").content.decode()
    assert "Biểu dương kịp thời." in page and "diff-insert" in page


def test_the_circulated_text_offers_to_comment_on_each_section(world, circulated, as_persona):
    page = as_persona("member").get(f"/topics/{circulated.pk}/").content.decode()
    assert "?section=s-iii-giai-phap#comment-form" in page


def test_a_viewer_reads_comments_but_is_not_offered_the_form(world, circulated, as_persona):
    page = as_persona("viewer").get(f"/topics/{circulated.pk}/").content.decode()
    assert 'id="comment-form"' not in page


def test_the_lead_time_warning_shows_when_comments_close_soon(world, topic, as_persona, settings):
    settings.CHIBO = {**settings.CHIBO, "CIRCULATION_LEAD_DAYS": 3}
    advance(world, topic, "approved")
    services.circulate_topic(topic, by=world.secretary.user, comments_close_at=soon(1))
    page = as_persona("member").get(f"/topics/{topic.pk}/").content.decode()
    assert "alert-warning" in page


def test_no_lead_time_warning_when_there_is_time(world, circulated, as_persona):
    page = as_persona("member").get(f"/topics/{circulated.pk}/").content.decode()
    assert "alert-warning" not in page


def test_the_my_work_page_lists_the_drafts_to_comment(world, circulated, as_persona):
    page = as_persona("committee_member").get("/my-work/").content.decode()
    assert circulated.title in page


def test_the_my_work_page_lists_the_topics_i_draft(world, topic, as_persona):
    page = as_persona("member").get("/my-work/").content.decode()
    assert topic.title in page and "01/12/2026" in page


def test_the_my_work_page_shows_the_answer_to_my_comment(world, circulated, as_persona):
    comment = services.post_comment(
        circulated, by=world.committee_member.user, body="Thêm số liệu."
    )
    services.answer_comment(
        comment, by=world.member.user, answer=Comment.Answer.ACCEPTED, text="Đã bổ sung."
    )
    page = as_persona("committee_member").get("/my-work/").content.decode()
    assert "Đã bổ sung." in page and "Tiếp thu" in page


def test_staff_see_no_party_work(world, circulated, as_persona):
    page = as_persona("staff").get("/my-work/").content.decode()
    assert circulated.title not in page
