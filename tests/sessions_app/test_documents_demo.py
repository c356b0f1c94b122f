"""The demo issues the founding case's annual plans once."""

from __future__ import annotations

import pytest

from members.demo import seed_founding_case
from sessions_app.demo_documents import seed_documents
from sessions_app.models import IssuedDocument
from tests.sessions_app.documents_support import make_plan


@pytest.fixture
def case(db):
    case = seed_founding_case()
    make_plan(case.library, year=2024, topics=2)
    make_plan(case.library, year=2026, topics=2)
    return case


def test_the_demo_issues_each_plan_in_the_term_of_its_date(case):
    seed_documents(case)
    numbers = dict(IssuedDocument.objects.values_list("params__year", "number"))
    assert numbers == {2024: "01-KH/CB", 2026: "01-KH/CB"}


def test_the_demo_issues_nothing_new_when_run_again(case):
    seed_documents(case)
    seed_documents(case)
    assert IssuedDocument.objects.count() == 2


def test_the_demo_plans_are_signed_by_the_secretary(case):
    seed_documents(case)
    assert set(IssuedDocument.objects.values_list("signer_name", flat=True)) == {"Trần Thị Thu Hà"}
