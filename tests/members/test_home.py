from __future__ import annotations

import pytest

from members.models import User


def test_the_home_page_names_the_members_cell_and_role(as_persona):
    page = as_persona("member").get("/").content.decode()
    assert "Chi bộ Thư viện" in page and "Đảng viên" in page


def test_the_home_page_of_a_viewer_lists_the_cells_below(as_persona):
    page = as_persona("viewer").get("/").content.decode()
    assert "Chi bộ Thư viện" in page and "Chi bộ Bảo tàng" in page


def test_the_home_page_of_a_member_hides_other_cells(as_persona):
    page = as_persona("member").get("/").content.decode()
    assert "Chi bộ Bảo tàng" not in page


def test_a_login_without_a_cell_is_told_whom_to_ask(client, db):
    client.force_login(User.objects.create(username="lonely"))
    assert "chưa được gắn với chi bộ nào" in client.get("/").content.decode()


def test_the_home_page_is_in_vietnamese_by_default(as_persona):
    response = as_persona("member").get("/")
    assert response["Content-Language"] == "vi"


def test_the_language_switch_offers_english(as_persona):
    client = as_persona("member")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.get("/")["Content-Language"] == "en"


@pytest.mark.parametrize("persona", ["staff", "member", "secretary", "viewer"])
def test_the_cell_page_opens_for_those_who_may_see_it(as_persona, world, persona):
    assert as_persona(persona).get(f"/c/{world.cell.slug}/").status_code == 200


def test_the_cell_page_of_another_cell_is_not_found(as_persona, world):
    assert as_persona("other_member").get(f"/c/{world.cell.slug}/").status_code == 404


def test_staff_do_not_see_party_counts_on_the_cell_page(as_persona, world):
    page = as_persona("staff").get(f"/c/{world.cell.slug}/").content.decode()
    assert "đảng viên</div>" not in page


def test_the_text_size_is_remembered_on_the_account(as_persona, world):
    client = as_persona("member")
    client.post("/preferences/text-size/", {"size": "large", "next": "/"})
    world.member.user.refresh_from_db()
    assert world.member.user.text_size == "large"


def test_the_text_size_shows_on_every_page(as_persona, world):
    client = as_persona("member")
    client.post("/preferences/text-size/", {"size": "large", "next": "/"})
    assert 'class="text-large"' in client.get("/").content.decode()


def test_a_bad_text_size_is_refused(as_persona, world):
    client = as_persona("member")
    client.post("/preferences/text-size/", {"size": "huge", "next": "/"})
    world.member.user.refresh_from_db()
    assert world.member.user.text_size == "normal"


def test_the_text_size_form_does_not_redirect_offsite(as_persona):
    response = as_persona("member").post(
        "/preferences/text-size/", {"size": "large", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_an_english_browser_still_gets_vietnamese(as_persona):
    response = as_persona("member").get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
