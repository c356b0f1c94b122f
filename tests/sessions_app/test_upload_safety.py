"""Hostile uploads: programs renamed as documents, macro-carrying OpenDocument files,
files stored straight into the media folder, and downloads that bypass the access check."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve

from members.uploads import ImportFileError, sniff_kind
from sessions_app.models import Attachment
from sessions_app.services import topics as services
from sessions_app.uploads import check_upload
from tests.sessions_app.test_attachments import EXE, PDF

pytestmark = pytest.mark.django_db

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


def odf(kind: str, *, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The mimetype entry comes first and uncompressed, as the OpenDocument format asks.
        archive.writestr("mimetype", f"application/vnd.oasis.opendocument.{kind}")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
        if macros:
            archive.writestr("Basic/Standard/Module1.xml", "<script/>")
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize("name", ["bao-cao.pdf", "du-thao.docx", "so-lieu.xlsx", "anh.png"])
@pytest.mark.parametrize("program", [ELF, EXE], ids=["elf", "mz"])
def test_a_program_renamed_as_a_document_is_refused(name, program):
    with pytest.raises(ValidationError, match="không phải tài liệu PDF, Word"):
        check_upload(upload(name, program))


@pytest.mark.parametrize(
    ("name", "kind"), [("du-thao.odt", "text"), ("so-lieu.ods", "spreadsheet")]
)
def test_opendocument_files_are_accepted_by_content(name, kind):
    checked = check_upload(upload(name, odf(kind)))
    assert checked.content_type == f"application/vnd.oasis.opendocument.{kind}"


def test_an_opendocument_file_with_macros_is_refused():
    with pytest.raises(ValidationError, match="macro"):
        check_upload(upload("du-thao.odt", odf("text", macros=True)))


def test_an_opendocument_text_named_as_a_spreadsheet_is_refused():
    with pytest.raises(ValidationError, match="odt"):
        check_upload(upload("so-lieu.ods", odf("text")))


def test_the_size_limit_is_named_in_the_message(settings):
    settings.CHIBO = {**settings.CHIBO, "UPLOAD_MAX_MB": 2}
    with pytest.raises(ValidationError, match="lớn hơn 2 MB"):
        check_upload(upload("lon.pdf", PDF + b"0" * (2 * 1024 * 1024)))


def test_the_stored_name_is_generated_and_the_original_kept_as_metadata(world, topic):
    attachment = services.add_attachment(
        topic, by=world.member.user, upload=upload("../../Báo cáo; rm -rf.pdf", PDF)
    )
    assert attachment.file.name.startswith("topics/") and "rm" not in attachment.file.name
    assert attachment.original_name == "Báo cáo; rm -rf.pdf"


def test_a_failed_save_leaves_no_file_behind(world, topic, settings, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Attachment, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.add_attachment(topic, by=world.member.user, upload=upload("a.pdf", PDF))
    stored = settings.MEDIA_ROOT / "topics"
    assert not stored.exists() or list(stored.iterdir()) == []


def test_a_download_names_the_file_in_vietnamese_safely(world, topic, as_persona):
    attachment = services.add_attachment(
        topic, by=world.member.user, upload=upload('Kế hoạch "số 1"; năm.pdf', PDF)
    )
    response = as_persona("member").get(f"/attachments/{attachment.pk}/download/")
    disposition = response["Content-Disposition"]
    assert disposition == (
        'attachment; filename="ke-hoach-so-1-nam.pdf"; '
        "filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20%22s%E1%BB%91%201%22%3B%20n%C4%83m.pdf"
    )


def test_a_download_tells_the_browser_not_to_guess_the_type(world, topic, as_persona):
    attachment = services.add_attachment(topic, by=world.member.user, upload=upload("a.pdf", PDF))
    response = as_persona("member").get(f"/attachments/{attachment.pk}/download/")
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == (
        "application/pdf",
        "nosniff",
    )


def test_the_media_folder_is_not_served_by_any_url(world, topic, as_persona, settings):
    attachment = services.add_attachment(topic, by=world.member.user, upload=upload("a.pdf", PDF))
    assert (settings.MEDIA_ROOT / attachment.file.name).exists()
    for prefix in ("/media/", "/", settings.MEDIA_URL or "/"):
        response = as_persona("member").get(prefix + attachment.file.name)
        assert response.status_code == 404


def test_no_url_pattern_serves_the_media_root():
    with pytest.raises(Resolver404):
        resolve("/media/topics/0123456789abcdef0123456789abcdef.pdf")


@pytest.mark.parametrize("content", [ELF, EXE, PDF, odf("text")], ids=["elf", "mz", "pdf", "odt"])
def test_the_import_refuses_anything_but_a_workbook_or_text(content):
    with pytest.raises(ImportFileError):
        sniff_kind(content)


@pytest.mark.parametrize("name", ["danh-sach.csv", "danh-sach.xlsx"])
def test_the_import_page_refuses_a_renamed_program(world, as_persona, name, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = as_persona("secretary").post(
        f"/c/{world.cell.slug}/people/import/", {"file": upload(name, EXE)}
    )
    assert response.context["form"].errors["file"]
    assert not (tmp_path / "imports").exists() or list((tmp_path / "imports").iterdir()) == []
