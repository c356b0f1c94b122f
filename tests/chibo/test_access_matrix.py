"""Every URL of the project with every persona, against one table of expected outcomes.

Each URL argument names a real object of the library cell (tests/cell_objects.py), so
that a refusal is about who asks, not about a missing object. A second pass names the
sibling cell's objects: the library's people must get 404, never 403 (objects of another
cell are never revealed).

Adding a URL means adding its row to EXPECTED: one line, usually a named shape.
Pages are fetched with GET; POST-only endpoints are posted to (empty form) and must
answer GET with 405.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client

from tests.cell_objects import CellObjects, build_world_objects
from tests.chibo.routes import fill, routes
from tests.conftest import PERSONAS, client_for
from tests.urlwalk import Route

LOGIN = "login"  # sent to the login page
OK = 200
GO = 302  # done (or refused with a message), then sent to a page
BAD = 400  # the empty form is refused
DENY = 403  # may see, may not do
HIDE = 404  # may not know it exists
NOPE = 405  # wrong method


@dataclass(frozen=True)
class Row:
    outcomes: dict[str, object]  # persona -> outcome
    method: str = "get"


def cell(staff, member, committee, secretary, viewer, admin, *, method: str = "get") -> Row:
    """A URL of one cell: anonymous visitors sign in, the sibling cell's people get 404."""
    outcomes = {
        "anonymous": LOGIN,
        "staff": staff,
        "member": member,
        "committee_member": committee,
        "secretary": secretary,
        "other_member": HIDE,
        "other_secretary": HIDE,
        "viewer": viewer,
        "admin": admin,
    }
    return Row(outcomes, method)


def everyone(outcome, *, anonymous=LOGIN, method: str = "get") -> Row:
    return Row({p: anonymous if p == "anonymous" else outcome for p in PERSONAS}, method)


def post(row: Row) -> Row:
    return replace(row, method="post")


# Named shapes: staff, member, committee member, secretary, superior viewer, administrator.
CELL_PAGE = cell(OK, OK, OK, OK, OK, OK)  # everyone of the cell reads it
PARTY_PAGE = cell(HIDE, OK, OK, OK, OK, OK)  # Party content: staff never learn of it
PEOPLE_PAGE = cell(HIDE, DENY, OK, OK, OK, OK)  # the register with sensitive data
COMMITTEE_FORM = cell(HIDE, DENY, OK, OK, DENY, OK)  # a form of the cell committee
COMMITTEE_ACTION = post(cell(HIDE, DENY, GO, GO, DENY, GO))  # a button of the committee
COMMITTEE_ADD = post(cell(HIDE, DENY, OK, OK, DENY, OK))  # the empty form comes back
PLEDGE_COMMITTEE = cell(DENY, DENY, OK, OK, DENY, OK)  # staff take part in the pledges
DRAFTER_PAGE = cell(HIDE, OK, DENY, DENY, DENY, OK)  # the member drafts the topic
SUPERIOR_PAGE = cell(HIDE, HIDE, HIDE, HIDE, OK, OK)  # the superior committee's own
SIGNED_IN = everyone(OK)
PUBLIC = everyone(OK, anonymous=OK)

EXPECTED: dict[str, Row] = {
    # members
    "home": SIGNED_IN,
    "cell_detail": CELL_PAGE,
    "set_text_size": post(everyone(GO)),
    "person_list": PEOPLE_PAGE,
    "person_directory": PARTY_PAGE,
    "person_create": COMMITTEE_FORM,
    "people_statistics": PEOPLE_PAGE,
    "people_ratings": PEOPLE_PAGE,
    "people_import": COMMITTEE_FORM,
    "people_import_preview": cell(HIDE, DENY, GO, GO, DENY, GO),  # nothing uploaded yet
    "people_import_confirm": COMMITTEE_ACTION,
    "people_import_template": COMMITTEE_FORM,
    "people_export": PEOPLE_PAGE,
    "person_detail": PARTY_PAGE,
    "person_edit": COMMITTEE_FORM,
    "person_deactivate": COMMITTEE_FORM,
    "person_reactivate": COMMITTEE_ACTION,
    "person_login": COMMITTEE_FORM,
    "person_history": PEOPLE_PAGE,
    "person_contact": cell(HIDE, DENY, DENY, DENY, DENY, DENY),  # only the person themself
    "person_data": COMMITTEE_FORM,
    "person_anonymise": COMMITTEE_FORM,
    # plans and topics
    "sessions_app:plan_list": PARTY_PAGE,
    "sessions_app:plan_create": COMMITTEE_FORM,
    "sessions_app:plan_detail": PARTY_PAGE,
    "sessions_app:plan_edit": COMMITTEE_FORM,
    "sessions_app:plan_approve": COMMITTEE_ACTION,
    "sessions_app:plan_report": COMMITTEE_ACTION,
    "sessions_app:topic_create": COMMITTEE_FORM,
    "sessions_app:topic_detail": PARTY_PAGE,
    "sessions_app:topic_edit": COMMITTEE_FORM,
    "sessions_app:topic_draft": DRAFTER_PAGE,
    "sessions_app:topic_preview": post(DRAFTER_PAGE),
    "sessions_app:version_detail": PARTY_PAGE,
    "sessions_app:version_diff": PARTY_PAGE,
    "sessions_app:attachment_create": cell(HIDE, OK, OK, OK, DENY, OK),
    "sessions_app:comment_create": post(cell(HIDE, BAD, BAD, BAD, DENY, DENY)),  # members only
    "sessions_app:topic_action": COMMITTEE_FORM,
    "sessions_app:attachment_download": PARTY_PAGE,
    "sessions_app:attachment_remove": post(cell(HIDE, GO, GO, GO, DENY, GO)),
    "sessions_app:comment_edit": cell(HIDE, OK, DENY, DENY, DENY, DENY),  # its author only
    "sessions_app:comment_answer": cell(HIDE, OK, OK, OK, DENY, OK),  # drafter and committee
    "sessions_app:my_work": SIGNED_IN,
    "sessions_app:notification_settings": SIGNED_IN,
    "sessions_app:calendar_feed": PUBLIC,  # the secret token is the key
    # meetings and minutes (Bob records, Alice chairs)
    "sessions_app:meeting_list": PARTY_PAGE,
    "sessions_app:meeting_create": COMMITTEE_FORM,
    "sessions_app:follow_up_list": PARTY_PAGE,
    "sessions_app:meeting_detail": PARTY_PAGE,
    "sessions_app:meeting_edit": COMMITTEE_FORM,
    "sessions_app:meeting_held": COMMITTEE_ACTION,
    "sessions_app:meeting_attendance": PARTY_PAGE,
    "sessions_app:attendance_all_present": COMMITTEE_ACTION,
    "sessions_app:attendance_mark": COMMITTEE_ACTION,
    "sessions_app:guest_add": COMMITTEE_ADD,
    "sessions_app:guest_delete": COMMITTEE_ACTION,
    "sessions_app:follow_up_done": post(cell(HIDE, GO, GO, GO, DENY, GO)),  # Charlie owns it
    "sessions_app:minutes_detail": PARTY_PAGE,
    "sessions_app:minutes_edit": COMMITTEE_FORM,
    "sessions_app:minutes_read_back": COMMITTEE_ACTION,
    "sessions_app:minutes_approve": post(cell(HIDE, DENY, DENY, GO, DENY, DENY)),  # the chair
    "sessions_app:minutes_amend": cell(HIDE, DENY, GO, GO, DENY, GO),  # not approved yet
    "sessions_app:speech_add": COMMITTEE_ADD,
    "sessions_app:speech_edit": COMMITTEE_FORM,
    "sessions_app:speech_delete": COMMITTEE_ACTION,
    "sessions_app:speech_move": COMMITTEE_ACTION,
    "sessions_app:vote_add": COMMITTEE_ADD,
    "sessions_app:vote_edit": COMMITTEE_FORM,
    "sessions_app:vote_delete": COMMITTEE_ACTION,
    "sessions_app:follow_up_add": COMMITTEE_ADD,
    "sessions_app:follow_up_delete": COMMITTEE_ACTION,
    # pledges (Charlie's pledge, open round)
    "sessions_app:pledge_home": CELL_PAGE,
    "sessions_app:pledge_register": cell(HIDE, HIDE, OK, OK, OK, OK),  # need-to-know
    "sessions_app:pledge_round_create": PLEDGE_COMMITTEE,
    "sessions_app:pledge_areas": PLEDGE_COMMITTEE,
    "sessions_app:pledge_scale": PLEDGE_COMMITTEE,
    "sessions_app:pledge_round_detail": CELL_PAGE,
    "sessions_app:pledge_round_edit": PLEDGE_COMMITTEE,
    "sessions_app:pledge_create": cell(OK, OK, OK, OK, DENY, DENY),  # people of the cell
    "sessions_app:pledge_create_on_behalf": PLEDGE_COMMITTEE,
    "sessions_app:pledge_detail": PARTY_PAGE,  # its owner, the committee and viewers
    "sessions_app:pledge_edit": cell(HIDE, OK, DENY, DENY, DENY, DENY),  # its owner
    "sessions_app:pledge_progress": post(cell(HIDE, BAD, DENY, DENY, DENY, DENY)),
    "sessions_app:pledge_evaluate": post(cell(HIDE, DENY, BAD, BAD, DENY, BAD)),
    "sessions_app:pledge_role": post(cell(HIDE, DENY, BAD, BAD, DENY, BAD)),
    # documents
    "sessions_app:document_index": PARTY_PAGE,
    "sessions_app:document_register": PARTY_PAGE,
    "sessions_app:document_preview": PARTY_PAGE,
    "sessions_app:document_pdf": PARTY_PAGE,
    "sessions_app:document_issue": COMMITTEE_ACTION,
    "sessions_app:document_narrative": post(cell(HIDE, DENY, BAD, BAD, DENY, BAD)),  # empty form
    "sessions_app:minutes_zip": post(cell(HIDE, GO, GO, GO, GO, GO)),  # to the job page
    "sessions_app:committee_register": SUPERIOR_PAGE,
    "sessions_app:cells_grid": SUPERIOR_PAGE,
    "sessions_app:cells_grid_pick": cell(HIDE, HIDE, HIDE, HIDE, GO, GO),  # to a committee's grid
    "sessions_app:committee_document_preview": SUPERIOR_PAGE,
    "sessions_app:committee_document_pdf": cell(HIDE, HIDE, HIDE, HIDE, BAD, BAD),  # no quarter
    "sessions_app:issued_document": PARTY_PAGE,
    "sessions_app:issued_document_pdf": PARTY_PAGE,
    "sessions_app:cell_history": cell(DENY, DENY, OK, OK, OK, OK),  # the committee's audit
    # background jobs: only who asked (Alice) and the administrator
    "sessions_app:job_detail": cell(HIDE, HIDE, HIDE, OK, HIDE, OK),
    "sessions_app:job_download": cell(HIDE, HIDE, HIDE, OK, HIDE, OK),
    # accounts
    "login": PUBLIC,
    "logout": post(everyone(LOGIN)),
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    "set_language": everyone(GO, anonymous=GO),
    "healthz": PUBLIC,
    # two-factor sign-in, not required and not set up: the set-up page, back home, to set-up
    "two_factor_setup": SIGNED_IN,
    "two_factor_verify": everyone(GO),
    "two_factor_disable": everyone(GO),
}

# In the second pass the sibling cell's people stand where the library's stood.
MIRROR = {"other_member": "member", "other_secretary": "secretary"}
LIBRARY_PEOPLE = ("staff", "member", "committee_member", "secretary")


def outcome(response: HttpResponse) -> object:
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return LOGIN
    return response.status_code


class Clients:
    """One client per persona, signed in anew after a request signed it out."""

    def __init__(self, world) -> None:
        self.world = world
        self.clients: dict[str, Client] = {}

    def request(self, persona: str, method: str, url: str) -> object:
        """One request, undone afterwards so that every persona meets the same objects."""
        user = self.world.user(persona)
        client = self.clients.get(persona) or self.clients.setdefault(persona, client_for(user))
        with transaction.atomic():
            response = getattr(client, method)(url)
            transaction.set_rollback(True)
        if user is not None and "_auth_user_id" not in client.session:
            del self.clients[persona]
        return outcome(response)


def rows() -> list[tuple[Route, Row]]:
    """Each URL with its row (test_every_url_has_a_row names those without)."""
    return [(route, EXPECTED[route.name]) for route in routes() if route.name in EXPECTED]


@pytest.fixture
def objects(world, settings, tmp_path) -> tuple[CellObjects, CellObjects]:
    settings.MEDIA_ROOT = tmp_path
    return build_world_objects(world)


def test_every_url_has_a_row():
    names = {route.name for route in routes()}
    assert sorted(names - EXPECTED.keys()) == [], "URLs without a row in EXPECTED"


def test_every_row_names_a_url():
    names = {route.name for route in routes()}
    assert sorted(EXPECTED.keys() - names) == [], "rows of EXPECTED for URLs that are gone"


@pytest.mark.django_db
def test_every_url_gives_each_persona_its_expected_outcome(world, objects):
    library, _sibling = objects
    clients, wrong = Clients(world), []
    for route, row in rows():
        url = fill(route, library, committee_slug=world.superior.slug)
        for persona in PERSONAS:
            got = clients.request(persona, row.method, url)
            if got != row.outcomes[persona]:
                wrong.append(f"{route.name} {row.method.upper()} {url} as {persona}: {got}")
            if row.method == "post":
                refused = LOGIN if persona == "anonymous" else NOPE
                if (got := clients.request(persona, "get", url)) != refused:
                    wrong.append(f"{route.name} GET {url} as {persona}: {got}, not {refused}")
    assert wrong == [], "\n" + "\n".join(wrong)


@pytest.mark.django_db
def test_objects_of_the_sibling_cell_are_never_revealed(world, objects):
    library, sibling = objects
    clients, wrong = Clients(world), []
    for route, row in rows():
        url = fill(route, sibling, committee_slug=world.superior.slug)
        same = url == fill(route, library, committee_slug=world.superior.slug)
        if same or row.outcomes["other_member"] != HIDE:
            continue  # names no object of a cell (a calendar token names a user)
        for persona in PERSONAS:
            mirror = MIRROR.get(persona, persona)
            expected = HIDE if persona in LIBRARY_PEOPLE else row.outcomes[mirror]
            if (got := clients.request(persona, row.method, url)) != expected:
                wrong.append(f"{route.name} {url} as {persona}: {got}, not {expected}")
    assert wrong == [], "\n" + "\n".join(wrong)
