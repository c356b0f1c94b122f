"""E-mails by each user's choice: immediate, daily digest or none; reminders once."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from sessions_app.models import Notification, NotificationSettings
from sessions_app.services import topics as services
from tests.sessions_app.conftest import advance, soon

pytestmark = pytest.mark.django_db


def prefer(user, mode):
    NotificationSettings.objects.update_or_create(user=user, defaults={"mode": mode})


def sent_to(address):
    return [m for m in mail.outbox if address in m.to]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (sending mail), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_drafter_is_told_of_the_assignment_with_a_link(world, plan, commit):
    with commit():
        services.create_topic(
            plan, by=world.secretary.user, title="Văn hóa đọc", group="unit_work", quarter=2,
            drafters=[world.member],
        )  # fmt: skip
    [message] = mail.outbox
    assert message.to == [world.member.user.email]
    assert "Văn hóa đọc" in message.subject and "https://chibo.example/topics/" in message.body


def test_no_mail_leaves_before_the_transaction_commits(world, plan):
    services.create_topic(
        plan, by=world.secretary.user, title="Văn hóa đọc", group="unit_work", quarter=2,
        drafters=[world.member],
    )  # fmt: skip
    assert mail.outbox == []


def test_a_submitted_draft_goes_to_the_committee(world, topic, commit):
    advance(world, topic, "drafting")
    with commit():
        services.submit_topic(topic, by=world.member.user)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.secretary.user.email, world.committee_member.user.email]
    )


def test_a_sent_back_draft_goes_to_the_drafter_with_the_remarks(world, topic, commit):
    advance(world, topic, "awaiting_approval")
    with commit():
        services.send_back_topic(topic, by=world.secretary.user, remark="Thêm số liệu năm 2025.")
    [message] = mail.outbox
    assert message.to == [world.member.user.email] and "Thêm số liệu năm 2025." in message.body


def test_a_circulated_draft_goes_to_every_party_member_but_not_staff(world, topic, commit):
    advance(world, topic, "approved")
    with commit():
        services.circulate_topic(topic, by=world.secretary.user, comments_close_at=soon())
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([world.committee_member.user.email, world.member.user.email])


def test_an_answer_goes_to_the_comment_s_author(world, circulated, commit):
    comment = services.post_comment(circulated, by=world.committee_member.user, body="Ý kiến.")
    with commit():
        services.answer_comment(comment, by=world.member.user, answer="accepted", text="Tiếp thu.")
    [message] = mail.outbox
    assert message.to == [world.committee_member.user.email] and "Tiếp thu" in message.body


def test_one_mail_per_preference(world, topic, commit):
    prefer(world.committee_member.user, NotificationSettings.Mode.DIGEST)
    prefer(world.member.user, NotificationSettings.Mode.NONE)
    advance(world, topic, "approved")
    with commit():
        services.circulate_topic(topic, by=world.secretary.user, comments_close_at=soon())
    immediately = len(mail.outbox)
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (immediately, [m.to[0] for m in mail.outbox]) == (0, [world.committee_member.user.email])


def test_the_digest_gathers_everything_in_one_mail(world, topic, commit):
    prefer(world.member.user, NotificationSettings.Mode.DIGEST)
    with commit():
        advance(world, topic, "awaiting_approval")
        services.send_back_topic(topic, by=world.secretary.user, remark="Sửa phần II.")
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    [digest] = sent_to(world.member.user.email)
    assert "Sửa phần II." in digest.body


def test_the_digest_is_sent_once(world, topic, commit):
    prefer(world.member.user, NotificationSettings.Mode.DIGEST)
    advance(world, topic, "awaiting_approval")
    services.send_back_topic(topic, by=world.secretary.user, remark="Sửa.")
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(sent_to(world.member.user.email)) == 1


def test_a_user_who_chose_none_gets_nothing_but_it_is_recorded(world, topic, commit):
    prefer(world.member.user, NotificationSettings.Mode.NONE)
    advance(world, topic, "awaiting_approval")
    with commit():
        services.send_back_topic(topic, by=world.secretary.user, remark="Sửa.")
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []
    assert Notification.objects.get(user=world.member.user).status == Notification.Status.SKIPPED


def test_a_reminder_before_the_draft_is_due_is_sent_once(world, topic, commit):
    topic.due_date = datetime.date.today() + datetime.timedelta(days=2)
    topic.save()
    with commit():
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with commit():
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.to for m in mail.outbox] == [[world.member.user.email]]


def test_no_reminder_when_the_due_date_is_far(world, topic, commit):
    topic.due_date = datetime.date.today() + datetime.timedelta(days=30)
    topic.save()
    with commit():
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []


def test_members_are_reminded_before_comments_close(world, topic, commit):
    advance(world, topic, "approved")
    services.circulate_topic(
        topic, by=world.secretary.user, comments_close_at=soon(0) + datetime.timedelta(hours=5)
    )
    with commit():
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # The drafter does not comment on their own draft; secretary and committee member do.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.secretary.user.email, world.committee_member.user.email]
    )


def test_the_preferences_page_saves_the_choice(world, as_persona):
    as_persona("member").post("/preferences/notifications/", {"mode": "digest"})
    assert NotificationSettings.objects.get(user=world.member.user).mode == "digest"


def test_the_preferences_page_refuses_an_unknown_choice(world, as_persona):
    response = as_persona("member").post("/preferences/notifications/", {"mode": "loud"})
    assert (
        response.status_code == 200
        and not NotificationSettings.objects.filter(mode="loud").exists()
    )


def test_the_preferences_page_needs_sign_in(client, db):
    assert client.get("/preferences/notifications/")["Location"].startswith("/accounts/login/")


def test_an_immediate_mail_that_could_not_leave_is_retried_later(world, topic):
    import time_machine

    advance(world, topic, "awaiting_approval")
    services.send_back_topic(topic, by=world.secretary.user, remark="Sửa.")  # commit never ran
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=1)):
        call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert world.member.user.email in [m.to[0] for m in mail.outbox]


def test_a_long_title_with_line_breaks_gives_a_one_line_subject_that_fits(world, plan, commit):
    title = "Dòng một\r\nBcc: x@example.org " + "đ" * 260
    with commit():
        services.create_topic(
            plan, by=world.secretary.user, title=title, group="unit_work", quarter=2,
            drafters=[world.member],
        )  # fmt: skip
    [message] = mail.outbox
    assert len(message.subject) <= 250 and "\n" not in message.subject
