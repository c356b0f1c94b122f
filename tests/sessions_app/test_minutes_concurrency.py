"""Two clients saving the same minutes at the same moment: one wins, one gets a conflict,
and neither text is lost (the loser's comes back on the merge page)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from sessions_app.models import Minutes
from tests.sessions_app.meeting_setup import call_meeting

pytestmark = pytest.mark.django_db(transaction=True)

# SQLite's in-memory test database shares one cache between threads and answers a second
# writer with "table is locked" instead of waiting, unlike the file database the app runs
# on; the race itself is run where it is real, on PostgreSQL (CI), and the same outcome is
# checked on both with two clients taking turns.
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="threads need PostgreSQL's row locks"
)


def texts(**values):
    data = dict.fromkeys(Minutes.TEXT_FIELDS, "")
    data.update(values)
    return data


@on_postgresql
def test_two_concurrent_saves_give_one_success_and_one_conflict(world):
    minutes = call_meeting(world).minutes
    writers = {"alice": world.secretary.user, "bob": world.committee_member.user}
    barrier = threading.Barrier(len(writers))
    results: dict[str, tuple[int, str]] = {}

    def save(name):
        client = Client()
        client.force_login(writers[name])
        barrier.wait()
        try:
            data = {"version": 1, "ended_at": "", **texts(conclusion=f"Kết luận do {name} ghi")}
            response = client.post(f"/minutes/{minutes.pk}/edit/", data)
            results[name] = (response.status_code, response.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(status for status, _page in results.values())
    assert statuses == [302, 409]
    winner = next(name for name, (status, _page) in results.items() if status == 302)
    loser = next(name for name in writers if name != winner)
    stored = Minutes.objects.get(pk=minutes.pk)
    assert (stored.conclusion, stored.version) == (f"Kết luận do {winner} ghi", 2)
    conflict_page = results[loser][1]
    assert (
        f"Kết luận do {loser} ghi" in conflict_page and f"Kết luận do {winner} ghi" in conflict_page
    )


def test_two_clients_saving_from_the_same_version_give_one_success_and_one_conflict(world):
    minutes = call_meeting(world).minutes
    alice, bob = Client(), Client()
    alice.force_login(world.secretary.user)
    bob.force_login(world.committee_member.user)
    alice.get(f"/minutes/{minutes.pk}/edit/")
    bob.get(f"/minutes/{minutes.pk}/edit/")
    first = alice.post(f"/minutes/{minutes.pk}/edit/", {"version": 1, **texts(lessons="Của Alice")})
    second = bob.post(f"/minutes/{minutes.pk}/edit/", {"version": 1, **texts(lessons="Của Bob")})
    assert (first.status_code, second.status_code) == (302, 409)
    assert Minutes.objects.get(pk=minutes.pk).lessons == "Của Alice"
    assert "Của Bob" in second.content.decode()
