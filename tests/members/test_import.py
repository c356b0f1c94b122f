"""Import from Excel and CSV: preview with every problem, all or nothing, no duplicates."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from members import importing, uploads
from members.models import Department, Person
from tests.factories import PersonFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def headers(world, as_persona):
    """The template's header row, as the committee downloads it."""
    response = as_persona("secretary").get(f"/c/{world.cell.slug}/people/import/template.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [cell.value for cell in sheet[1]]


def make_row(i: int) -> dict[str, str]:
    """Row i of a generated register: party members on even rows, staff on odd ones."""
    party = i % 2 == 0
    return {
        "Họ và tên": f"Lê Thị Mẫu {i:03d}",
        "Giới tính": "Nữ" if i % 3 else "Nam",
        "Ngày sinh": f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1960 + i % 40}",
        "Dân tộc": "Khmer" if i % 10 == 0 else "kinh",
        "Tôn giáo": "Không",
        "Phòng, ban": "Phòng Nghiệp vụ" if i % 4 else "Ban Giám đốc",
        "Chức vụ chuyên môn": "Thư viện viên",
        "Biên chế/Hợp đồng": "Hợp đồng" if i % 9 == 0 else "Biên chế",
        "Trình độ chuyên môn": "Đại học",
        "Lý luận chính trị": "Trung cấp" if party else "Chưa qua đào tạo",
        "Đảng viên (có/không)": "có" if party else "không",
        "Ngày vào Đảng": "03/02/2015" if party else "",
        "Số thẻ đảng viên": f"{20000000 + i}" if party else "",
        "Chức vụ Đảng": "Đảng viên" if party else "",
        "Tình trạng đảng viên": "Chính thức" if party else "",
    }


def xlsx(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, world, content: bytes, name="danh-sach.xlsx"):
    return client.post(
        f"/c/{world.cell.slug}/people/import/",
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def confirm(client, world):
    return client.post(f"/c/{world.cell.slug}/people/import/confirm/", follow=True)


def problems(response):
    preview = response.context["preview"]
    return {row.number: row.problems for row in preview.bad_rows}


BAD = {
    10: ("Ngày sinh", "31/02/1980"),
    50: ("Dân tộc", "Klingon"),
    100: ("Số thẻ đảng viên", "20000000"),  # the card of row 0
    150: ("Họ và tên", ""),
    200: ("Giới tính", "X"),
}


def register_with_bad_rows():
    rows = [make_row(i) for i in range(300)]
    for i, (column, value) in BAD.items():
        rows[i][column] = value
    return rows


# --- the Done-when case ---------------------------------------------------------------------


def test_a_300_row_file_with_5_bad_rows_shows_exactly_those_5_problems(world, as_persona, headers):
    response = upload(as_persona("secretary"), world, xlsx(headers, register_with_bad_rows()))
    assert {n: len(p) for n, p in problems(response).items()} == {i + 2: 1 for i in BAD}


def test_a_file_with_bad_rows_saves_nothing_even_when_confirmed(world, as_persona, headers):
    client = as_persona("secretary")
    upload(client, world, xlsx(headers, register_with_bad_rows()))
    confirm(client, world)
    assert Person.objects.count() == 6


def test_the_fixed_file_saves_300_people(world, as_persona, headers):
    client = as_persona("secretary")
    upload(client, world, xlsx(headers, register_with_bad_rows()))
    upload(client, world, xlsx(headers, [make_row(i) for i in range(300)]))
    confirm(client, world)
    assert world.cell.people.count() == 4 + 300


def test_importing_the_same_file_again_adds_nobody(world, as_persona, headers):
    client = as_persona("secretary")
    content = xlsx(headers, [make_row(i) for i in range(300)])
    upload(client, world, content)
    confirm(client, world)
    upload(client, world, content)
    confirm(client, world)
    assert world.cell.people.count() == 4 + 300


def test_the_problems_are_named_in_vietnamese(world, as_persona, headers):
    response = upload(as_persona("secretary"), world, xlsx(headers, register_with_bad_rows()))
    found = problems(response)
    assert found[12] == [
        "Ngày sinh: “31/02/1980” không phải ngày hợp lệ; ghi theo dạng dd/mm/yyyy."
    ]
    assert found[52] == ["Dân tộc: không có dân tộc “Klingon”."]
    assert found[102] == ["Số thẻ đảng viên 20000000 trùng với dòng 2."]
    assert found[152] == ["Thiếu họ và tên."]
    assert found[202][0].startswith("Giới tính: “X” không thuộc các giá trị: Nam, Nữ")


def test_the_preview_of_300_rows_runs_a_fixed_number_of_queries(world, as_persona, headers):
    client = as_persona("secretary")
    upload(client, world, xlsx(headers, [make_row(i) for i in range(3)]))
    with CaptureQueriesContext(connection) as small:
        client.get(f"/c/{world.cell.slug}/people/import/preview/")
    upload(client, world, xlsx(headers, register_with_bad_rows()))
    with CaptureQueriesContext(connection) as large:
        client.get(f"/c/{world.cell.slug}/people/import/preview/")
    assert len(large.captured_queries) == len(small.captured_queries)


# --- updating instead of duplicating --------------------------------------------------------


def test_a_row_with_a_known_card_number_updates_that_person(world, as_persona, headers):
    row = {
        **make_row(0),
        "Số thẻ đảng viên": world.member.party_card_number,
        "Chức vụ chuyên môn": "Kế toán",
    }
    client = as_persona("secretary")
    upload(client, world, xlsx(headers, [row]))
    confirm(client, world)
    world.member.refresh_from_db()
    assert (world.member.job_title, world.cell.people.count()) == ("Kế toán", 4)


def test_a_row_without_card_matches_by_name_and_birth_date(world, as_persona, headers):
    row = {"Họ và tên": "Nguyễn Thị Dana", "Ngày sinh": "19/05/1985", "Điện thoại": "0909000111"}
    client = as_persona("secretary")
    upload(client, world, xlsx(headers, [row]))
    confirm(client, world)
    world.staff.refresh_from_db()
    assert (world.staff.phone, world.cell.people.count()) == ("0909000111", 4)


def test_an_empty_cell_keeps_what_is_recorded(world, as_persona, headers):
    world.staff.job_title = "Văn thư"
    world.staff.save()
    row = {"Họ và tên": "Nguyễn Thị Dana", "Ngày sinh": "19/05/1985", "Điện thoại": "0909000111"}
    client = as_persona("secretary")
    upload(client, world, xlsx(headers, [row]))
    confirm(client, world)
    world.staff.refresh_from_db()
    assert world.staff.job_title == "Văn thư"


def test_a_card_number_of_another_cell_is_a_problem(world, as_persona, headers):
    row = {**make_row(0), "Số thẻ đảng viên": world.other_member.party_card_number}
    response = upload(as_persona("secretary"), world, xlsx(headers, [row]))
    assert problems(response) == {
        2: [
            f"Số thẻ đảng viên {world.other_member.party_card_number} thuộc về một người của chi bộ khác."
        ]
    }


def test_the_import_adds_missing_departments(world, as_persona, headers):
    client = as_persona("secretary")
    upload(client, world, xlsx(headers, [make_row(1)]))
    confirm(client, world)
    assert Department.objects.filter(cell=world.cell, name="Phòng Nghiệp vụ").exists()


def test_staff_rows_with_party_data_are_a_problem(world, as_persona, headers):
    row = {**make_row(1), "Số thẻ đảng viên": "12121212"}
    response = upload(as_persona("secretary"), world, xlsx(headers, [row]))
    assert len(problems(response)[2]) == 1


def test_a_new_party_member_needs_a_status(world, as_persona, headers):
    row = {**make_row(0), "Tình trạng đảng viên": ""}
    response = upload(as_persona("secretary"), world, xlsx(headers, [row]))
    assert problems(response) == {2: ["Thiếu tình trạng của đảng viên mới (ví dụ: Chính thức)."]}


def test_the_same_person_twice_in_a_file_is_a_problem(world, as_persona, headers):
    row = make_row(1)
    response = upload(as_persona("secretary"), world, xlsx(headers, [row, row]))
    assert problems(response) == {3: ["Trùng họ tên và ngày sinh với dòng 2."]}


def test_dates_typed_as_excel_dates_are_read(world, as_persona, headers):
    import datetime

    row = {**make_row(1), "Ngày sinh": datetime.datetime(1990, 5, 19)}
    client = as_persona("secretary")
    upload(client, world, xlsx(headers, [row]))
    confirm(client, world)
    assert Person.objects.get(full_name="Lê Thị Mẫu 001").date_of_birth == datetime.date(
        1990, 5, 19
    )


def test_a_card_number_typed_as_a_number_keeps_its_leading_zero(world, as_persona, headers):
    row = {**make_row(0), "Số thẻ đảng viên": 1234567}
    client = as_persona("secretary")
    upload(client, world, xlsx(headers, [row]))
    confirm(client, world)
    assert Person.objects.get(full_name="Lê Thị Mẫu 000").party_card_number == "01234567"


# --- CSV -------------------------------------------------------------------------------------


def csv_bytes(headers, rows, *, bom: bool, delimiter=",") -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


@pytest.mark.parametrize("bom", [True, False])
def test_a_utf8_csv_is_imported_with_or_without_bom(world, as_persona, headers, bom):
    client = as_persona("secretary")
    upload(client, world, csv_bytes(headers, [make_row(i) for i in range(5)], bom=bom), "ds.csv")
    confirm(client, world)
    assert world.cell.people.filter(full_name__startswith="Lê Thị Mẫu").count() == 5


def test_a_csv_with_semicolons_is_read(world, as_persona, headers):
    client = as_persona("secretary")
    content = csv_bytes(headers, [make_row(1)], bom=True, delimiter=";")
    response = upload(client, world, content, "ds.csv")
    assert response.context["preview"].is_valid


def test_a_csv_not_in_utf8_is_refused(world, as_persona, headers):
    content = "Họ và tên\nLê Thị Mẫu\n".encode().replace("ọ".encode(), b"\xf5")  # not UTF-8
    response = upload(as_persona("secretary"), world, content, "ds.csv")
    assert response.context["form"].errors["file"] == [
        "Tệp CSV phải được lưu với mã UTF-8 (CSV UTF-8)."
    ]


def test_english_headers_are_understood(world, as_persona, headers):
    english = ["Full name", "Sex", "Date of birth"]
    rows = [{"Full name": "Lê Thị Anh", "Sex": "Female", "Date of birth": "1990-05-19"}]
    response = upload(as_persona("secretary"), world, xlsx(english, rows))
    assert response.context["preview"].is_valid


# --- the file ---------------------------------------------------------------------------------


def test_a_file_without_the_name_column_is_refused(world, as_persona):
    response = upload(as_persona("secretary"), world, xlsx(["Tên"], [{"Tên": "A"}]))
    assert response.context["preview"].file_errors == [
        "Dòng đầu không có cột “Họ và tên”: đề nghị dùng tệp mẫu."
    ]


def test_a_file_that_is_no_spreadsheet_is_refused(world, as_persona):
    response = upload(as_persona("secretary"), world, b"\x89PNG\r\n\x1a\n\x00\x00", "anh.xlsx")
    assert "file" in response.context["form"].errors


def test_a_damaged_workbook_is_refused(world, as_persona):
    response = upload(as_persona("secretary"), world, b"PK\x03\x04garbage", "hong.xlsx")
    assert response.context["form"].errors["file"] == [
        "Tệp này không phải bảng tính Excel (.xlsx)."
    ]


def test_a_file_over_the_limit_is_refused(world, as_persona, settings):
    settings.CHIBO = {**settings.CHIBO, "IMPORT_MAX_MB": 1}
    response = upload(as_persona("secretary"), world, b"a;b\n" * (300 * 1024), "lon.csv")
    assert response.context["form"].errors["file"] == ["Tệp quá lớn (tối đa 1 MB)."]


def test_the_upload_is_kept_under_a_generated_name_until_confirmed(
    world, as_persona, headers, settings
):
    client = as_persona("secretary")
    upload(client, world, xlsx(headers, [make_row(1)]), "danh sách của tôi.xlsx")
    kept = list((settings.MEDIA_ROOT / "imports").iterdir())
    assert len(kept) == 1 and kept[0].name != "danh sách của tôi.xlsx"


def test_the_upload_is_deleted_after_confirmation(world, as_persona, headers, settings):
    client = as_persona("secretary")
    upload(client, world, xlsx(headers, [make_row(1)]))
    confirm(client, world)
    assert list((settings.MEDIA_ROOT / "imports").iterdir()) == []


def test_cancelling_deletes_the_upload(world, as_persona, headers, settings):
    client = as_persona("secretary")
    upload(client, world, xlsx(headers, [make_row(1)]))
    client.post(f"/c/{world.cell.slug}/people/import/confirm/", {"cancel": "1"})
    assert list((settings.MEDIA_ROOT / "imports").iterdir()) == []


def test_another_session_cannot_confirm_someone_elses_upload(world, as_persona, headers):
    upload(as_persona("secretary"), world, xlsx(headers, [make_row(1)]))
    confirm(as_persona("committee_member"), world)
    assert not Person.objects.filter(full_name="Lê Thị Mẫu 001").exists()


def test_an_upload_for_one_cell_is_not_confirmed_in_another(world, as_persona, headers):
    client = as_persona("admin")
    upload(client, world, xlsx(headers, [make_row(1)]))
    client.post(f"/c/{world.other_cell.slug}/people/import/confirm/")
    assert not Person.objects.filter(full_name="Lê Thị Mẫu 001").exists()


def test_the_template_has_an_example_row_and_a_guide(world, as_persona, headers):
    response = as_persona("secretary").get(f"/c/{world.cell.slug}/people/import/template.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    example = [c.value for c in workbook.worksheets[0][2]]
    assert example[0] == "Nguyễn Văn An" and workbook.sheetnames == ["Danh sách", "Hướng dẫn"]


def test_the_template_example_row_would_import_cleanly(world, as_persona):
    response = as_persona("secretary").get(f"/c/{world.cell.slug}/people/import/template.xlsx")
    preview = importing.preview_import(world.cell, response.content, "xlsx", "mau.xlsx")
    assert preview.is_valid


def test_the_template_headers_are_vietnamese(headers):
    assert headers[:3] == ["Họ và tên", "Giới tính", "Ngày sinh"]


def test_a_person_added_by_import_has_history_by_the_importer(world, as_persona, headers):
    client = as_persona("secretary")
    upload(client, world, xlsx(headers, [make_row(1)]))
    confirm(client, world)
    person = Person.objects.get(full_name="Lê Thị Mẫu 001")
    assert person.history.get().history_user == world.secretary.user


def test_a_record_changed_between_preview_and_confirm_is_checked_again(world, as_persona, headers):
    client = as_persona("secretary")
    upload(client, world, xlsx(headers, [make_row(0)]))
    PersonFactory(cell=world.other_cell, party_card_number="20000000")
    confirm(client, world)
    assert not Person.objects.filter(full_name="Lê Thị Mẫu 000").exists()


def test_abandoned_uploads_are_purged_after_a_day(world, as_persona, headers, settings):
    import os
    import time

    client = as_persona("secretary")
    upload(client, world, xlsx(headers, [make_row(1)]))
    (kept,) = (settings.MEDIA_ROOT / "imports").iterdir()
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(kept, (two_days_ago, two_days_ago))
    assert uploads.purge_stale_imports() == 1


def test_a_forged_token_in_the_session_is_refused():
    forged = uploads.StoredImport(token="../../settings", kind="csv", filename="x.csv")
    with pytest.raises(uploads.ImportFileError):
        forged.read()
