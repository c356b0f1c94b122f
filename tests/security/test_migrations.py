"""Migrating forward keeps the rows of a populated database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from members.models import Department, Organisation, Person
from sessions_app.models import AnnualPlan

EARLIEST = [
    ("members", "0002_people_ratings"),
    ("sessions_app", "0005_topics_plans_versions_comments"),
]


@pytest.mark.django_db(transaction=True)
def test_rows_survive_migrating_forward():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(EARLIEST)
    old = MigrationExecutor(connection).loader.project_state(EARLIEST).apps
    cell = old.get_model("members", "Organisation").objects.create(
        kind="cell", name="Chi bộ Thư viện", slug="thu-vien", path="/thu-vien/"
    )
    department = old.get_model("members", "Department").objects.create(
        cell_id=cell.pk, name="Phòng Nghiệp vụ"
    )
    old.get_model("members", "Person").objects.create(
        cell_id=cell.pk, full_name="Phạm Văn Charlie", department_id=department.pk
    )
    old.get_model("sessions_app", "AnnualPlan").objects.create(cell_id=cell.pk, year=2026)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)

    assert Organisation.objects.get(slug="thu-vien").name == "Chi bộ Thư viện"
    person = Person.objects.get(full_name="Phạm Văn Charlie")
    assert person.department == Department.objects.get(name="Phòng Nghiệp vụ")
    assert AnnualPlan.objects.get(cell__slug="thu-vien").year == 2026
    # The new history tables are there and work.
    department = Department.objects.get(name="Phòng Nghiệp vụ")
    department.name = "Phòng Đọc"
    department.save()
    assert department.history.count() == 1
