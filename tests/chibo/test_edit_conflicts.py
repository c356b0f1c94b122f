"""Two people edit the same record: the second to save, from a form shown before the first
saved, is told who saved meanwhile, keeps what they typed, and overwrites nothing."""

from __future__ import annotations

import pytest

from members.edit_lock import TOKEN_FIELD
from members.models import Person
from sessions_app.models import AnnualPlan, Topic
from tests.factories import AnnualPlanFactory, TopicFactory

pytestmark = pytest.mark.django_db


def form_data(response, **changes) -> dict:
    """What the browser would send back for the form as shown, with `changes` typed in."""
    data: dict = {}
    for field in response.context["form"]:
        value = field.value()
        if value is None or value is False or field.field.disabled:
            continue
        if isinstance(value, list | tuple):
            data[field.html_name] = [getattr(v, "pk", v) for v in value]
        elif value is True:
            data[field.html_name] = "on"
        else:
            formatted = field.field.widget.format_value(value)
            data[field.html_name] = "" if formatted is None else formatted
    data.update(changes)
    return data


@pytest.fixture
def plan(world):
    return AnnualPlanFactory(cell=world.cell, year=2027, notes="Mục tiêu ban đầu")


@pytest.fixture
def topic(world, plan):
    return TopicFactory(plan=plan, title="Chuyên đề ban đầu", drafters=[world.member])


# (url of the record's edit form, field typed in, how to read the stored value)
def records(world, plan, topic):
    return {
        "plan": (f"/plans/{plan.pk}/edit/", "notes", lambda: AnnualPlan.objects.get().notes),
        "topic": (f"/topics/{topic.pk}/edit/", "title", lambda: Topic.objects.get().title),
        "person": (
            f"/people/{world.member.pk}/edit/",
            "job_title",
            lambda: Person.objects.get(pk=world.member.pk).job_title,
        ),
    }


RECORDS = ["plan", "topic", "person"]


@pytest.mark.parametrize("record", RECORDS)
def test_a_stale_form_saves_nothing(world, as_persona, plan, topic, record):
    url, field, stored = records(world, plan, topic)[record]
    bob, alice = as_persona("committee_member"), as_persona("secretary")
    bobs_form, alices_form = bob.get(url), alice.get(url)
    assert alice.post(url, form_data(alices_form, **{field: "Bản của Alice"})).status_code == 302
    response = bob.post(url, form_data(bobs_form, **{field: "Bản của Bob"}))
    assert (response.status_code, stored()) == (409, "Bản của Alice")


def clash(as_persona, url: str, field: str):
    """Bob opens the form, Alice saves hers, then Bob saves from his now stale form."""
    bob, alice = as_persona("committee_member"), as_persona("secretary")
    bobs_form = bob.get(url)
    alice.post(url, form_data(alice.get(url), **{field: "Bản của Alice"}))
    return bob, bob.post(url, form_data(bobs_form, **{field: "Bản của Bob"}))


@pytest.mark.parametrize("record", RECORDS)
def test_the_conflict_names_who_saved_in_vietnamese(world, as_persona, plan, topic, record):
    url, field, _stored = records(world, plan, topic)[record]
    _bob, response = clash(as_persona, url, field)
    assert "Đồng chí Trần Thị Alice đã lưu hồ sơ này lúc" in response.content.decode()


@pytest.mark.parametrize("record", RECORDS)
def test_the_conflict_keeps_what_was_typed(world, as_persona, plan, topic, record):
    url, field, _stored = records(world, plan, topic)[record]
    _bob, response = clash(as_persona, url, field)
    assert response.context["form"][field].value() == "Bản của Bob"


@pytest.mark.parametrize("record", RECORDS)
def test_saving_again_after_the_conflict_is_a_deliberate_overwrite(
    world, as_persona, plan, topic, record
):
    url, field, stored = records(world, plan, topic)[record]
    bob, conflict = clash(as_persona, url, field)
    assert bob.post(url, form_data(conflict)).status_code == 302
    assert stored() == "Bản của Bob"


@pytest.mark.parametrize("record", RECORDS)
def test_one_editor_alone_saves_at_once(world, as_persona, plan, topic, record):
    url, field, stored = records(world, plan, topic)[record]
    bob = as_persona("committee_member")
    as_persona("secretary").get(url)
    assert bob.post(url, form_data(bob.get(url), **{field: "Bản của Bob"})).status_code == 302
    assert stored() == "Bản của Bob"


def test_a_change_to_fields_the_form_does_not_show_is_no_conflict(world, as_persona, plan):
    bob = as_persona("committee_member")
    bobs_form = bob.get(f"/plans/{plan.pk}/edit/")
    AnnualPlan.objects.filter(pk=plan.pk).update(year=2028)
    response = bob.post(f"/plans/{plan.pk}/edit/", form_data(bobs_form, notes="Mục tiêu mới"))
    assert response.status_code == 302


def test_the_token_is_in_the_form_as_a_hidden_field(world, as_persona, plan):
    page = as_persona("committee_member").get(f"/plans/{plan.pk}/edit/").content.decode()
    assert f'type="hidden" name="{TOKEN_FIELD}"' in page


def test_a_member_and_the_committee_editing_her_contact_details_do_not_overwrite(world, as_persona):
    member, bob = as_persona("member"), as_persona("committee_member")
    person_url = f"/people/{world.member.pk}/edit/"
    contact_url = f"/people/{world.member.pk}/contact/"
    bobs_form = bob.get(person_url)
    member.post(contact_url, form_data(member.get(contact_url), phone="0987654321"))
    response = bob.post(person_url, form_data(bobs_form, phone="0912000000"))
    assert response.status_code == 409
    assert Person.objects.get(pk=world.member.pk).phone == "0987654321"


def test_the_conflict_message_is_shown_once(world, as_persona, plan, topic):
    url, field, _stored = records(world, plan, topic)["person"]
    _bob, response = clash(as_persona, url, field)
    assert response.content.decode().count("đã lưu hồ sơ này lúc") == 1
