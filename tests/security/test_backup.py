"""backup and restore round-trip every table and every uploaded file."""

from __future__ import annotations

import datetime
import io
import json
import tarfile

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from members.models import Person
from sessions_app.backup import EXCLUDED_APPS
from sessions_app.backup_json import ExactJSONEncoder
from sessions_app.models import Attachment
from tests.factories import MeetingFactory, meeting_topic

# Committed rows, as in real use: PostgreSQL cannot empty tables that the same transaction
# has just written to (pending constraint checks), and `restore` runs in its own.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def every_table() -> dict[str, list]:
    """Every model's rows, serialised in primary-key order."""
    tables = {}
    for model in apps.get_models():
        if model._meta.app_label in EXCLUDED_APPS:
            continue
        rows = model._default_manager.order_by("pk")
        # To the microsecond: Django's own JSON would hide times cut to the millisecond.
        exact = serializers.serialize("json", rows, cls=ExactJSONEncoder)
        tables[model._meta.label_lower] = json.loads(exact)
    return tables


@pytest.fixture
def populated(world, media):
    topic = meeting_topic(world.cell)
    attachment = Attachment(topic=topic, kind=Attachment.Kind.FILE, title="Tài liệu tham khảo")
    attachment.file.save("tham-khao.pdf", ContentFile(b"%PDF-1.4 noi dung"), save=True)
    MeetingFactory(cell=world.cell)
    person = world.member
    person.phone = "0987 654 321"
    person.save()
    # A time whose microseconds Django's JSON would cut (it keeps milliseconds).
    exact = datetime.datetime(2026, 11, 27, 1, 58, 24, 123, tzinfo=datetime.UTC)
    Person.history.filter(id=person.pk).update(history_date=exact)
    return attachment


def test_round_trip_keeps_every_table_and_file(populated, tmp_path):
    before = every_table()
    assert before["members.historicalperson"] and before["sessions_app.historicaltopic"]
    archive = tmp_path / "chibo.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)
    assert "Backup written" in out.getvalue()

    file_name = populated.file.name
    default_storage.delete(file_name)
    Person.objects.filter(pk=populated.topic.plan.cell.people.first().pk).update(phone="x")
    call_command("restore", str(archive), yes=True, stdout=io.StringIO())

    after = every_table()
    assert after.keys() == before.keys()
    for label in before:
        differing = [
            (old["pk"], key, old["fields"][key], new["fields"].get(key))
            for old, new in zip(before[label], after[label], strict=False)
            for key in old["fields"]
            if old["fields"][key] != new["fields"].get(key)
        ]
        assert differing == [], label
        assert after[label] == before[label], label
    with default_storage.open(file_name, "rb") as handle:
        assert handle.read() == b"%PDF-1.4 noi dung"
    # Sequences continue after the restored rows (PostgreSQL: reset by loaddata).
    assert Person.objects.create(cell=populated.topic.plan.cell, full_name="Mới").pk


def test_manifest_lists_counts_migrations_and_files(populated, tmp_path):
    archive = tmp_path / "chibo.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = tar.getnames()
    assert manifest["counts"]["members.person"] == Person.objects.count()
    assert manifest["migrations"]["members"] == "0003_security"
    assert manifest["files"] == [populated.file.name]
    assert f"files/{populated.file.name}" in names
    assert "data.json" in names


def test_restore_refuses_a_database_with_data_without_yes(populated, tmp_path):
    archive = tmp_path / "chibo.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_restore_into_an_empty_database_needs_no_yes(populated, tmp_path):
    archive = tmp_path / "chibo.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    people = Person.objects.count()
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(archive), stdout=io.StringIO())
    assert Person.objects.count() == people


def test_restore_refuses_a_backup_of_another_schema(populated, tmp_path):
    archive = tmp_path / "chibo.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    tampered = tmp_path / "old.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["migrations"]["members"] = "0002_people_ratings"
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    people = Person.objects.count()
    with pytest.raises(CommandError, match=r"different database schema.*members: backup 0002"):
        call_command("restore", str(tampered), yes=True, stdout=io.StringIO())
    assert Person.objects.count() == people


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as tar:
        info = tarfile.TarInfo("readme.txt")
        tar.addfile(info, io.BytesIO(b""))
    with pytest.raises(CommandError, match="not a chibo backup"):
        call_command("restore", str(other), yes=True, stdout=io.StringIO())
