"""Run by test_documents_numbering on a fresh SQLite file: two threads issue at once.

Prints the numbers they got (or the errors) as JSON. The in-memory test database
cannot show this: its shared cache answers concurrent writers with table locks,
where the file database used in development and small deployments waits its turn
(IMMEDIATE transactions and a busy timeout, see settings).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chibo.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from sessions_app.documents import numbering  # noqa: E402
from sessions_app.documents.document import DocumentParams, Signer  # noqa: E402
from sessions_app.documents.registry import KINDS  # noqa: E402
from sessions_app.services import documents as services  # noqa: E402
from tests.factories import CellFactory, PersonFactory, TermFactory, UserFactory  # noqa: E402
from tests.sessions_app.documents_support import make_plan  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    cell = CellFactory(slug="race")
    TermFactory(organisation=cell)
    user = UserFactory(username="race")
    PersonFactory(cell=cell, user=user)
    make_plan(cell, topics=1)
    connection.close()

    real_next_sequence = numbering.next_sequence

    def slow_next_sequence(**kwargs: object) -> int:
        value = real_next_sequence(**kwargs)
        time.sleep(0.3)
        return value

    numbering.next_sequence = slow_next_sequence
    services.pdf.render_pdf = lambda html: services.pdf.RenderedPdf(b"%PDF x", 1, ())
    start = threading.Barrier(2)
    results: list[str] = []

    def worker() -> None:
        try:
            start.wait()
            issued = services.issue_document(
                spec=KINDS["plan"],
                organisation=cell,
                params=DocumentParams(year=2026),
                by=user,
                signer=Signer("Nguyễn Văn Thử", "BÍ THƯ"),
            )
            results.append(issued.number)
        except Exception as error:
            results.append(f"error: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(sorted(results)))


if __name__ == "__main__":
    main()
