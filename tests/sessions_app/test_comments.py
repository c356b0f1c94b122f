"""Comments (góp ý) on a circulated draft, replies, edits and answers."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sessions_app.models import Comment
from sessions_app.services import topics as services
from tests.sessions_app.conftest import advance

pytestmark = pytest.mark.django_db


def post(client, topic, **data):
    return client.post(f"/topics/{topic.pk}/comments/", data)


def test_a_member_comments_on_a_section(world, circulated, as_persona):
    post(
        as_persona("committee_member"),
        circulated,
        body="Bổ sung lộ trình.",
        section="s-iii-giai-phap",
    )
    comment = Comment.objects.get()
    assert (comment.author, comment.section, comment.section_title, comment.version) == (
        world.committee_member,
        "s-iii-giai-phap",
        "III. Giải pháp",
        circulated.circulated_version,
    )


def test_a_comment_on_an_unknown_section_is_refused(world, circulated, as_persona):
    response = post(as_persona("committee_member"), circulated, body="X", section="s-khong-co")
    assert response.status_code == 400 and not Comment.objects.exists()


def test_an_empty_comment_keeps_the_form_with_a_message(world, circulated, as_persona):
    response = post(as_persona("committee_member"), circulated, body="  ", section="")
    assert response.status_code == 400 and not Comment.objects.exists()


@pytest.mark.parametrize("persona", ["viewer", "admin"])
def test_readers_who_are_not_party_members_of_the_cell_cannot_comment(
    circulated, as_persona, persona
):
    assert post(as_persona(persona), circulated, body="X").status_code == 403


@pytest.mark.parametrize("persona", ["staff", "other_member", "other_secretary"])
def test_staff_and_other_cells_cannot_comment(circulated, as_persona, persona):
    assert post(as_persona(persona), circulated, body="X").status_code == 404


def test_anonymous_visitors_cannot_comment(circulated, client):
    assert post(client, circulated, body="X")["Location"].startswith("/accounts/login/")


def test_a_reply_to_a_reply_joins_the_first_comment(world, circulated):
    first = services.post_comment(circulated, by=world.committee_member.user, body="Ý kiến.")
    reply = services.post_comment(circulated, by=world.member.user, body="Trả lời.", parent=first)
    again = services.post_comment(circulated, by=world.secretary.user, body="Thêm.", parent=reply)
    assert again.parent == first


def test_a_reply_is_posted_through_the_page(world, circulated, as_persona):
    first = services.post_comment(circulated, by=world.committee_member.user, body="Ý kiến.")
    post(as_persona("secretary"), circulated, body="Đồng ý.", parent=first.pk)
    assert first.replies.get().body == "Đồng ý."


def test_comments_are_refused_after_the_window_closes(world, circulated):
    later = circulated.comments_close_at + datetime.timedelta(minutes=1)
    with time_machine.travel(later), pytest.raises(ValidationError):
        services.post_comment(circulated, by=world.committee_member.user, body="Muộn.")


def test_comments_are_refused_before_circulation(world, topic):
    advance(world, topic, "awaiting_approval")
    with pytest.raises(ValidationError):
        services.post_comment(topic, by=world.committee_member.user, body="Sớm.")


def test_the_author_edits_their_comment_while_the_window_is_open(world, circulated, as_persona):
    comment = services.post_comment(circulated, by=world.committee_member.user, body="Cũ.")
    as_persona("committee_member").post(f"/comments/{comment.pk}/edit/", {"body": "Mới."})
    comment.refresh_from_db()
    assert (comment.body, comment.edited_at is not None) == ("Mới.", True)


def test_nobody_else_edits_a_comment(world, circulated, as_persona):
    comment = services.post_comment(circulated, by=world.committee_member.user, body="Cũ.")
    assert as_persona("secretary").get(f"/comments/{comment.pk}/edit/").status_code == 403


def test_a_comment_cannot_be_edited_after_the_window(world, circulated):
    comment = services.post_comment(circulated, by=world.committee_member.user, body="Cũ.")
    services.mark_presented(circulated, by=world.secretary.user)
    comment.topic.refresh_from_db()
    with pytest.raises(ValidationError):
        services.edit_comment(comment, by=world.committee_member.user, body="Mới.")


def test_the_drafter_answers_a_comment(world, circulated, as_persona):
    comment = services.post_comment(circulated, by=world.committee_member.user, body="Ý kiến.")
    as_persona("member").post(
        f"/comments/{comment.pk}/answer/", {"answer": "explained", "text": "Đã có trong phần II."}
    )
    comment.refresh_from_db()
    assert (comment.answer, comment.answer_text, comment.answered_by) == (
        "explained",
        "Đã có trong phần II.",
        world.member.user,
    )


def test_the_committee_answers_a_comment(world, circulated):
    comment = services.post_comment(circulated, by=world.member.user, body="Ý kiến.")
    services.answer_comment(comment, by=world.secretary.user, answer="noted", text="Ghi nhận.")
    assert comment.answer == "noted"


def test_a_member_who_does_not_draft_cannot_answer(world, circulated, as_persona):
    comment = services.post_comment(circulated, by=world.secretary.user, body="Ý kiến.")
    topic = comment.topic
    topic.drafters.set([world.committee_member])
    response = as_persona("member").post(
        f"/comments/{comment.pk}/answer/", {"answer": "accepted", "text": "Được."}
    )
    assert response.status_code == 403


def test_a_viewer_cannot_answer(world, circulated, as_persona):
    comment = services.post_comment(circulated, by=world.secretary.user, body="Ý kiến.")
    response = as_persona("viewer").post(
        f"/comments/{comment.pk}/answer/", {"answer": "accepted", "text": "Được."}
    )
    assert response.status_code == 403


def test_an_answer_needs_a_text(world, circulated):
    comment = services.post_comment(circulated, by=world.secretary.user, body="Ý kiến.")
    with pytest.raises(ValidationError):
        services.answer_comment(comment, by=world.member.user, answer="accepted", text="")


def test_replies_are_not_answered(world, circulated):
    first = services.post_comment(circulated, by=world.secretary.user, body="Ý kiến.")
    reply = services.post_comment(
        circulated, by=world.committee_member.user, body="Thêm.", parent=first
    )
    with pytest.raises(ValidationError):
        services.answer_comment(reply, by=world.member.user, answer="accepted", text="Được.")


def test_comments_are_answered_after_the_session(world, circulated):
    comment = services.post_comment(circulated, by=world.secretary.user, body="Ý kiến.")
    services.mark_presented(circulated, by=world.secretary.user)
    comment.topic.refresh_from_db()
    services.answer_comment(comment, by=world.member.user, answer="accepted", text="Tiếp thu.")
    assert comment.answer == "accepted"


def test_the_topic_page_groups_comments_by_section(world, circulated, as_persona):
    services.post_comment(circulated, by=world.secretary.user, body="Chung.")
    services.post_comment(
        circulated, by=world.committee_member.user, body="Mục III.", section="s-iii-giai-phap"
    )
    page = as_persona("member").get(f"/topics/{circulated.pk}/").content.decode()
    assert 'id="comments-general"' in page and 'id="comments-s-iii-giai-phap"' in page


def test_the_topic_page_counts_unanswered_comments(world, circulated, as_persona):
    first = services.post_comment(circulated, by=world.secretary.user, body="Một.")
    services.post_comment(circulated, by=world.committee_member.user, body="Hai.")
    services.answer_comment(first, by=world.member.user, answer="accepted", text="Được.")
    page = as_persona("member").get(f"/topics/{circulated.pk}/").content.decode()
    assert "1 ý kiến chưa được trả lời" in page


def test_the_topic_page_filters_comments_by_answer(world, circulated, as_persona):
    first = services.post_comment(circulated, by=world.secretary.user, body="Đã trả lời.")
    services.post_comment(circulated, by=world.committee_member.user, body="Còn chờ.")
    services.answer_comment(first, by=world.member.user, answer="accepted", text="Được.")
    page = as_persona("member").get(f"/topics/{circulated.pk}/?answer=unanswered").content.decode()
    assert "Còn chờ." in page and "Đã trả lời." not in page


def test_posting_with_htmx_returns_the_comment_list(world, circulated, as_persona):
    response = as_persona("committee_member").post(
        f"/topics/{circulated.pk}/comments/", {"body": "Qua htmx."}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="comments"') and "Qua htmx." in html


def test_answering_with_htmx_returns_the_comment(world, circulated, as_persona):
    comment = services.post_comment(circulated, by=world.secretary.user, body="Ý kiến.")
    response = as_persona("member").post(
        f"/comments/{comment.pk}/answer/",
        {"answer": "accepted", "text": "Tiếp thu."},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert (
        html.lstrip().startswith(f'<article class="comment" id="comment-{comment.pk}"')
        and "Tiếp thu." in html
    )


def test_a_comment_flood_is_stopped_with_a_message(world, circulated, as_persona):
    client = as_persona("committee_member")
    # Rate windows follow the clock: stand still so that all posts fall in one minute.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=1), tick=False):
        for n in range(8):
            response = post(client, circulated, body=f"Ý kiến {n}.")
    follow = client.get(response["Location"]).content.decode()
    assert Comment.objects.count() == 5 and "quá nhanh" in follow


def test_the_window_closes_at_its_deadline(circulated):
    assert circulated.comments_open() and not circulated.comments_open(
        circulated.comments_close_at + datetime.timedelta(seconds=1)
    )


def test_the_topic_knows_when_comments_close_soon(circulated, settings):
    settings.CHIBO = {**settings.CHIBO, "CIRCULATION_LEAD_DAYS": 10}
    assert circulated.closes_soon(timezone.now())


def test_comments_by_members_need_a_party_role(world, circulated):
    with pytest.raises(PermissionDenied):
        services.post_comment(circulated, by=world.viewer, body="X")


def test_an_empty_reply_with_htmx_stays_in_the_comment_list(world, circulated, as_persona):
    first = services.post_comment(circulated, by=world.secretary.user, body="Ý kiến.")
    response = as_persona("committee_member").post(
        f"/topics/{circulated.pk}/comments/",
        {"body": "", "parent": first.pk},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="comments"') and "alert-danger" in html
