"""Shared form fields: hostile ids are invalid choices, not server errors."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from members.models import Person
from sessions_app.forms.fields import RecordsChoiceField

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["9223372036854775808", "-9223372036854775809", "1" * 40])
def test_an_id_beyond_64_bits_is_an_invalid_choice(world, value):
    field = RecordsChoiceField(queryset=Person.objects.all())
    with pytest.raises(ValidationError) as error:
        field.clean([str(world.member.pk), value])
    assert error.value.code == "invalid_choice"


def test_known_ids_are_still_chosen(world):
    field = RecordsChoiceField(queryset=Person.objects.all())
    assert list(field.clean([str(world.member.pk)])) == [world.member]


def test_the_topic_form_answers_a_hostile_drafter_id_with_its_message(world, as_persona):
    from tests.factories import AnnualPlanFactory, TopicFactory

    topic = TopicFactory(plan=AnnualPlanFactory(cell=world.cell))
    response = as_persona("secretary").post(
        f"/topics/{topic.pk}/edit/", {"title": "X", "drafters": ["9223372036854775808"]}
    )
    assert response.status_code == 200 and "drafters" in response.context["form"].errors
