"""Attachments: checked by content, stored under generated names, downloaded only by those
who may read the topic."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sessions_app.models import Attachment
from sessions_app.services import topics as services
from sessions_app.uploads import check_upload
from tests.sessions_app.conftest import advance

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"PE\x00\x00"
    + b"\x00" * 200
)


def ooxml(main_part: str, *, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(main_part, "<document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00")
    return buffer.getvalue()


def xlsx() -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "Số liệu"
    book.save(buffer)
    return buffer.getvalue()


def ole(stream_name: str) -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + stream_name.encode("utf-16-le") + b"\x00" * 512


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("de-cuong.pdf", PDF, "application/pdf"),
        ("anh.png", PNG, "image/png"),
        (
            "du-thao.docx",
            ooxml("word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "trinh-chieu.pptx",
            ooxml("ppt/presentation.xml"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            "so-lieu.xlsx",
            xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("cu.doc", ole("WordDocument"), "application/msword"),
        ("cu.xls", ole("Workbook"), "application/vnd.ms-excel"),
        ("cu.ppt", ole("PowerPoint Document"), "application/vnd.ms-powerpoint"),
    ],
)
def test_accepted_kinds_are_recognised_by_content(name, data, content_type):
    assert check_upload(upload(name, data)).content_type == content_type


def test_a_renamed_program_is_refused_in_vietnamese():
    with pytest.raises(ValidationError, match="không phải tài liệu PDF, Word"):
        check_upload(upload("bao-cao.pdf", EXE))


def test_a_plain_zip_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.exe", EXE)
    with pytest.raises(ValidationError):
        check_upload(upload("tai-lieu.docx", buffer.getvalue()))


def test_office_files_with_macros_are_refused():
    with pytest.raises(ValidationError, match="macro"):
        check_upload(upload("du-thao.docx", ooxml("word/document.xml", macros=True)))


def test_an_unknown_ole_container_is_refused():
    with pytest.raises(ValidationError):
        check_upload(upload("cai-dat.doc", ole("SummaryInformation")))


def test_a_name_that_lies_about_the_content_is_refused():
    with pytest.raises(ValidationError, match="pdf"):
        check_upload(upload("du-thao.docx", PDF))


def test_an_oversized_file_is_refused(settings):
    settings.CHIBO = {**settings.CHIBO, "UPLOAD_MAX_MB": 1}
    with pytest.raises(ValidationError, match="1 MB"):
        check_upload(upload("lon.pdf", PDF + b"0" * (1024 * 1024)))


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError):
        check_upload(upload("rong.pdf", b""))


def test_the_drafter_uploads_a_file_under_a_generated_name(world, topic, as_persona, settings):
    as_persona("member").post(
        f"/topics/{topic.pk}/attachments/new/",
        {"kind": "file", "file": upload("Đề cương chi tiết.pdf", PDF), "title": "Đề cương"},
    )
    attachment = Attachment.objects.get()
    stored = attachment.file.name
    assert stored.startswith("topics/") and "cương" not in stored and stored.endswith(".pdf")
    assert (settings.MEDIA_ROOT / stored).read_bytes() == PDF


def test_a_renamed_program_is_refused_by_the_page_next_to_the_field(world, topic, as_persona):
    response = as_persona("member").post(
        f"/topics/{topic.pk}/attachments/new/", {"kind": "file", "file": upload("x.pdf", EXE)}
    )
    assert response.status_code == 400 and "không phải tài liệu PDF" in response.content.decode()
    assert not Attachment.objects.exists()


def test_an_oversized_upload_is_refused_by_the_page(world, topic, as_persona, settings):
    settings.CHIBO = {**settings.CHIBO, "UPLOAD_MAX_MB": 1}
    response = as_persona("member").post(
        f"/topics/{topic.pk}/attachments/new/",
        {"kind": "file", "file": upload("lon.pdf", PDF + b"0" * (2 * 1024 * 1024))},
    )
    assert response.status_code == 400 and not Attachment.objects.exists()


@pytest.mark.parametrize("persona", ["viewer", "member"])
def test_only_drafters_and_the_committee_attach(world, topic, as_persona, persona):
    topic.drafters.set([world.committee_member])
    assert as_persona(persona).get(f"/topics/{topic.pk}/attachments/new/").status_code == 403


def test_a_video_link_is_added(world, topic, as_persona):
    as_persona("member").post(
        f"/topics/{topic.pk}/attachments/new/",
        {"kind": "link", "url": "https://www.youtube.com/watch?v=abc", "title": "Phóng sự"},
    )
    assert Attachment.objects.get().url == "https://www.youtube.com/watch?v=abc"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/a.mp4", "data:text/html,x"]
)
def test_only_web_links_are_accepted(world, topic, as_persona, url):
    as_persona("member").post(
        f"/topics/{topic.pk}/attachments/new/", {"kind": "link", "url": url, "title": "X"}
    )
    assert not Attachment.objects.exists()


@pytest.fixture
def stored(world, topic):
    return services.add_attachment(
        topic, by=world.member.user, upload=upload("Đề cương chi tiết.pdf", PDF)
    )


def test_a_member_downloads_the_file_as_an_attachment(stored, as_persona):
    response = as_persona("committee_member").get(f"/attachments/{stored.pk}/download/")
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="de-cuong-chi-tiet.pdf"'
    )
    assert "filename*=UTF-8''%C4%90%E1%BB%81%20c%C6%B0%C6%A1ng" in response["Content-Disposition"]


@pytest.mark.parametrize("persona", ["staff", "other_member", "other_secretary"])
def test_the_file_is_not_found_for_staff_and_other_cells(stored, as_persona, persona):
    assert as_persona(persona).get(f"/attachments/{stored.pk}/download/").status_code == 404


def test_anonymous_visitors_cannot_download(stored, client):
    assert client.get(f"/attachments/{stored.pk}/download/")["Location"].startswith(
        "/accounts/login/"
    )


def test_a_removed_file_is_no_longer_downloadable(world, stored, as_persona):
    services.remove_attachment(stored, by=world.member.user)
    assert as_persona("member").get(f"/attachments/{stored.pk}/download/").status_code == 404


def test_a_removed_file_kept_in_a_version_stays_downloadable(world, topic, stored, as_persona):
    advance(world, topic, "awaiting_approval")
    services.remove_attachment(stored, by=world.secretary.user)
    assert as_persona("member").get(f"/attachments/{stored.pk}/download/").status_code == 200


def test_a_version_keeps_the_attachments_of_its_time(world, topic, stored):
    advance(world, topic, "awaiting_approval")
    assert list(topic.versions.get().attachments.all()) == [stored]
