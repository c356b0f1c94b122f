"""The audit registry and the cell's change history page."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from members.models import Person
from sessions_app import audit
from tests.conftest import PERSONAS
from tests.factories import MeetingFactory, PersonFactory, meeting_topic

URL_NAME = "sessions_app:cell_history"


def test_every_model_with_a_history_is_registered():
    historical = {
        model.instance_type._meta.label_lower
        for model in apps.get_models()
        # Many-to-many histories (HistoricalTopic_drafters …) belong to their model's.
        if model.__name__.startswith("Historical") and hasattr(model.instance_type, "history")
    }
    registered = {kind.key for kind in audit.kinds()}
    assert historical - registered == set()
    assert "sessions_app.topicversion" in registered
    assert "members.department" in registered


def test_every_registered_lookup_reaches_a_cell(db):
    for kind in audit.kinds():
        # An unknown lookup raises FieldError here.
        list(kind.history().filter(**{kind.cell: 1})[:1])


EXPECTED = {
    "anonymous": 302,
    "staff": 403,
    "member": 403,
    "committee_member": 200,
    "secretary": 200,
    "other_member": 404,
    "other_secretary": 404,
    "viewer": 200,
    "admin": 200,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_read_the_history(world, as_persona, persona):
    response = as_persona(persona).get(reverse(URL_NAME, args=[world.cell.slug]))
    assert response.status_code == EXPECTED[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_history_shows_who_what_and_the_change(world, as_persona):
    person = world.member
    person.phone = "0912 345 678"
    person._history_user = world.secretary.user
    person.save()
    html = as_persona("secretary").get(reverse(URL_NAME, args=[world.cell.slug])).content.decode()
    assert "Lịch sử thay đổi" in html
    assert "Phạm Văn Charlie" in html
    assert "Trần Thị Alice" in html  # who
    assert "0912 345 678" in html  # new value
    # The other cell's people are not listed.
    assert "Võ Thị Erin" not in html


def test_filters_by_kind_and_date(world, as_persona):
    MeetingFactory(cell=world.cell)
    url = reverse(URL_NAME, args=[world.cell.slug])
    client = as_persona("secretary")
    meetings = client.get(url, {"kind": "sessions_app.meeting"}).content.decode()
    assert "Hội trường Thư viện tỉnh" in meetings
    assert "Phạm Văn Charlie" not in meetings
    future = client.get(url, {"since": "2099-01-01"}).content.decode()
    assert "Chưa có thay đổi nào" in future or "Không có thay đổi" in future
    wrong = client.get(url, {"since": "2026-12-01", "until": "2026-01-01"})
    assert wrong.status_code == 200
    assert "không được trước ngày bắt đầu" in wrong.content.decode()


def _populate(world, size: int) -> None:
    for index in range(size):
        person = PersonFactory(cell=world.cell, full_name=f"Người số {index}")
        person.phone = f"09{index:08d}"
        person.save()
        MeetingFactory(cell=world.cell, place=f"Phòng {index}")
    meeting_topic(world.cell, title=f"Chuyên đề {size}")


def test_history_page_queries_do_not_grow(world, as_persona, django_assert_max_num_queries):
    client = as_persona("secretary")
    url = reverse(URL_NAME, args=[world.cell.slug])
    # A page costs a few queries per kind of record shown on it, whatever the history's size.
    for size in (2, 12):
        _populate(world, size)
        for page in (1, 2):
            with django_assert_max_num_queries(60):
                assert client.get(url, {"page": page}).status_code == 200


def test_topic_versions_keep_a_history(world):
    topic = meeting_topic(world.cell)
    version = topic.versions.first()
    assert version.history.count() == 1
    assert Person.history.filter(cell=world.cell).exists()


def test_the_history_names_linked_records_instead_of_their_ids(world, as_persona):
    from tests.factories import FollowUpFactory

    meeting = MeetingFactory(cell=world.cell)
    follow_up = FollowUpFactory(meeting=meeting, owner=world.member, description="Sửa nội quy")
    page = as_persona("secretary").get(reverse(URL_NAME, args=[world.cell.slug]))
    text = page.content.decode()
    assert f'<span class="new">{world.member.full_name}</span>' in text  # the owner
    assert f'<span class="new">{world.member.pk}</span>' not in text
    assert f'<span class="new">{world.cell.name}</span>' in text  # the meeting's cell
    assert follow_up.description in text
