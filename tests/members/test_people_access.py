"""Every page of the people part with every persona: login, 404 when unseen, 403 when
read-only, 200 when allowed. A new page of the part fails here until it is in the matrix."""

from __future__ import annotations

import pytest

from members import urls as member_urls
from tests.conftest import PERSONAS
from tests.factories import PersonFactory

# 302 = sent to the login page (anonymous only).
REGISTER = {"anonymous": 302, "staff": 404, "member": 403, "committee_member": 200, "secretary": 200, "other_member": 404, "other_secretary": 404, "viewer": 200, "admin": 200}  # fmt: skip
COMMITTEE = {**REGISTER, "viewer": 403}
DIRECTORY = {**REGISTER, "member": 200}
# Pages about Charlie (the member) himself.
DETAIL = {**REGISTER, "member": 200}
EDIT = {**REGISTER, "viewer": 403}
HISTORY = REGISTER
CONTACT = {**REGISTER, "member": 200, "committee_member": 403, "secretary": 403, "viewer": 403, "admin": 403}  # fmt: skip
DATA = {**REGISTER, "member": 200, "viewer": 403}

CELL_PAGES = {
    "person_list": REGISTER,
    "people_statistics": REGISTER,
    "people_ratings": REGISTER,
    "people_export": REGISTER,
    "person_directory": DIRECTORY,
    "person_create": COMMITTEE,
    "people_import": COMMITTEE,
    "people_import_template": COMMITTEE,
}
PERSON_PAGES = {
    "person_detail": DETAIL,
    "person_edit": EDIT,
    "person_deactivate": EDIT,
    "person_login": EDIT,
    "person_anonymise": EDIT,
    "person_history": HISTORY,
    "person_contact": CONTACT,
    "person_data": DATA,
}
POST_ONLY = {"person_reactivate", "people_import_confirm"}
# Without an upload in the session the preview sends the committee back to the upload form.
PREVIEW = {**COMMITTEE, "committee_member": 302, "secretary": 302, "admin": 302}


def test_every_page_of_the_people_part_is_in_the_matrix():
    names = {p.name for p in member_urls.urlpatterns} - {"home", "cell_detail", "set_text_size"}
    assert names == set(CELL_PAGES) | set(PERSON_PAGES) | POST_ONLY | {"people_import_preview"}


def _status(client, url):
    response = client.get(url)
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return 302
    return response.status_code


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(CELL_PAGES))
def test_cell_pages_of_the_people_part(world, as_persona, persona, name):
    url = (
        f"/c/{world.cell.slug}/people/"
        + {
            "person_list": "",
            "people_statistics": "statistics/",
            "people_ratings": "ratings/",
            "people_export": "export.xlsx",
            "person_directory": "directory/",
            "person_create": "new/",
            "people_import": "import/",
            "people_import_template": "import/template.xlsx",
        }[name]
    )
    assert _status(as_persona(persona), url) == CELL_PAGES[name][persona]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(PERSON_PAGES))
def test_pages_of_one_person(world, as_persona, persona, name):
    url = (
        f"/people/{world.member.pk}/"
        + {
            "person_detail": "",
            "person_edit": "edit/",
            "person_deactivate": "deactivate/",
            "person_login": "login/",
            "person_anonymise": "erase/",
            "person_history": "history/",
            "person_contact": "contact/",
            "person_data": "my-data.json",
        }[name]
    )
    assert _status(as_persona(persona), url) == PERSON_PAGES[name][persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_import_preview(world, as_persona, persona):
    url = f"/c/{world.cell.slug}/people/import/preview/"
    assert _status(as_persona(persona), url) == PREVIEW[persona]


REACTIVATE = {**EDIT, "committee_member": "done", "secretary": "done", "admin": "done"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_reactivating_a_person(world, as_persona, persona):
    retired = PersonFactory(cell=world.cell, is_active=False)
    response = as_persona(persona).post(f"/people/{retired.pk}/reactivate/")
    status = response.status_code
    if status == 302:
        status = 302 if "/accounts/login/" in response["Location"] else "done"
    assert status == REACTIVATE[persona]


@pytest.mark.parametrize("persona", ["member", "viewer", "staff", "other_member"])
def test_confirming_an_import_is_for_the_committee(world, as_persona, persona):
    response = as_persona(persona).post(f"/c/{world.cell.slug}/people/import/confirm/")
    assert response.status_code == (404 if persona in ("staff", "other_member") else 403)


def test_staff_open_their_own_record(world, as_persona):
    assert as_persona("staff").get(f"/people/{world.staff.pk}/").status_code == 200


def test_staff_do_not_open_anyone_else(world, as_persona):
    assert as_persona("staff").get(f"/people/{world.secretary.pk}/").status_code == 404


def test_a_member_of_the_library_cannot_open_a_person_of_a_sibling_cell(world, as_persona):
    assert as_persona("member").get(f"/people/{world.other_member.pk}/").status_code == 404


def test_the_reactivate_page_only_accepts_post(world, as_persona):
    response = as_persona("secretary").get(f"/people/{world.member.pk}/reactivate/")
    assert response.status_code == 405
