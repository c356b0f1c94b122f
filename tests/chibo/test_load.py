"""Twenty people at once against a real server: members post 500 comments on a draft while
the committee marks attendance. Nothing fails, nothing is lost, the last mark wins.

Each client signs in through the login form and sends the CSRF token like a browser.
The comment rate limit is switched off for this test only (its own test shows it works).
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import cycle

import pytest
import requests
from django.conf import settings as django_settings
from django.utils import timezone

from members.models import PartyPosition, Person
from sessions_app.models import Attendance, Comment, Meeting, Topic
from sessions_app.services import meetings as meeting_services
from tests.factories import (
    PASSWORD,
    CellFactory,
    PersonFactory,
    TermFactory,
    UserFactory,
    meeting_topic,
)

COMMENTERS = 16
RECORDERS = 4
COMMENTS = 500
MARKS_PER_RECORDER = 30
STATUSES = ["present", "late", "absent_unexcused", "present", "absent_excused"]

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@dataclass
class Outcome:
    statuses: list[int] = field(default_factory=list)
    last_mark: dict[int, str] = field(default_factory=dict)  # attendance pk -> status
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int) -> None:
        with self.lock:
            self.statuses.append(status)


def signed_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=30).raise_for_status()
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, f"{username} could not sign in"
    return session


def post(session: requests.Session, url: str, data: dict[str, str]) -> int:
    token = session.cookies["csrftoken"]
    response = session.post(
        url,
        data={**data, "csrfmiddlewaretoken": token},
        headers={"X-CSRFToken": token},
        allow_redirects=False,
        timeout=60,
    )
    return response.status_code


@pytest.fixture
def busy_cell(transactional_db):
    cell = CellFactory(name="Chi bộ Đông người", slug="dong-nguoi")
    TermFactory(organisation=cell)

    def person(login: str, position: str = PartyPosition.MEMBER) -> Person:
        user = UserFactory(username=login)
        return PersonFactory(cell=cell, user=user, party_position=position)

    secretary = person("bithu-tai", PartyPosition.SECRETARY)
    recorders = [secretary] + [
        person(f"chiuy-{n}", PartyPosition.COMMITTEE) for n in range(RECORDERS - 1)
    ]
    commenters = [person(f"dangvien-{n:02d}") for n in range(COMMENTERS)]
    topic = meeting_topic(cell, title="Chuyên đề góp ý đông người", quarter=4)
    presented = meeting_topic(cell, title="Chuyên đề sinh hoạt", quarter=3)
    meeting = meeting_services.create_meeting(
        cell,
        by=secretary.user,
        details=meeting_services.MeetingDetails(
            kind=Meeting.Kind.THEMATIC,
            date=timezone.localdate() + datetime.timedelta(days=10),
            starts_at=datetime.time(14, 0),
            planned_end=datetime.time(16, 0),
            place="Hội trường",
            chair=secretary,
            recorder=recorders[1],
            topics=[presented],
            agenda=["Trình bày chuyên đề"],
        ),
    )
    assert topic.comments_open(timezone.now())
    return {"topic": topic, "meeting": meeting, "recorders": recorders, "commenters": commenters}


def run_all(jobs: list[Callable[[], None]]) -> None:
    start = threading.Barrier(len(jobs))

    def together(job: Callable[[], None]) -> None:
        start.wait(timeout=60)
        job()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        for future in [pool.submit(together, job) for job in jobs]:
            future.result()


def test_twenty_people_at_once_lose_nothing(live_server, busy_cell, settings):
    settings.RATELIMIT_ENABLE = False
    base, outcome = live_server.url, Outcome()
    topic: Topic = busy_cell["topic"]
    meeting: Meeting = busy_cell["meeting"]
    rows = list(meeting.attendances.order_by("pk"))
    recorders = busy_cell["recorders"]
    # Each recorder owns some rows, so that "the last mark" of a row is well defined.
    owned = {n: rows[n::RECORDERS] for n in range(RECORDERS)}
    shares = [COMMENTS // COMMENTERS + (n < COMMENTS % COMMENTERS) for n in range(COMMENTERS)]

    def commenter(n: int) -> Callable[[], None]:
        def job() -> None:
            session = signed_in(base, busy_cell["commenters"][n].user.username)
            for k in range(shares[n]):
                body = f"Góp ý số {k} của đồng chí {n}"
                outcome.record(post(session, f"{base}/topics/{topic.pk}/comments/", {"body": body}))

        return job

    def recorder(n: int) -> Callable[[], None]:
        def job() -> None:
            session = signed_in(base, recorders[n].user.username)
            marks = zip(range(MARKS_PER_RECORDER), cycle(owned[n]), strict=False)
            for k, row in marks:
                status = STATUSES[(k + n) % len(STATUSES)]
                data = {f"a{row.pk}-status": status, f"a{row.pk}-reason": "Đi công tác"}
                url = f"{base}/meetings/{meeting.pk}/attendance/{row.pk}/"
                outcome.record(post(session, url, data))
                with outcome.lock:
                    outcome.last_mark[row.pk] = status

        return job

    run_all([commenter(n) for n in range(COMMENTERS)] + [recorder(n) for n in range(RECORDERS)])

    assert [s for s in outcome.statuses if s >= 500] == []
    assert set(outcome.statuses) == {302}
    assert Comment.objects.filter(topic=topic).count() == COMMENTS
    stored = dict(Attendance.objects.filter(meeting=meeting).values_list("pk", "status"))
    assert {pk: stored[pk] for pk in outcome.last_mark} == outcome.last_mark


def test_the_comment_rate_limit_is_on_outside_this_test():
    assert getattr(django_settings, "RATELIMIT_ENABLE", True) is True
