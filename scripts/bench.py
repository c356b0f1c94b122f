"""`make bench`: province-sized load on PostgreSQL under gunicorn with production settings.

Writes docs/performance.md: latency per page beside a trivial view, queries per page,
document render times beside bare WeasyPrint, and peak memory per worker.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PORT = os.environ.get("BENCH_PORT", "8106")
BASE = f"http://127.0.0.1:{PORT}"
USERS = int(os.environ.get("BENCH_USERS", "20"))
# Seconds a simulated person reads a page before the next click, drawn uniformly: people
# read; without it 20 threads on two cores only measure the queue in front of gunicorn.
_think = os.environ.get("BENCH_THINK", "1-3").split("-", 1)  # "1-3", or "0" for none
THINK = (float(_think[0]), float(_think[-1]))
PASSWORD = "chibo-load"
ARGS = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ARGS.add_argument("--small", action="store_true", help="20 cells, 2 years, short run: a check")
OPTS = ARGS.parse_args()
SECONDS = int(os.environ.get("BENCH_SECONDS", "20" if OPTS.small else "90"))
REPEATS = 1 if OPTS.small else 5  # document renders: the median of REPEATS
SIZE = ["--cells", "20", "--people", "600", "--years", "2"] if OPTS.small else []
COMMAND = "make bench" + (" ARGS=--small" if OPTS.small else "")

os.environ.setdefault(
    "DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/chibo_bench" + ("_small" if OPTS.small else ""),
)
os.environ.update(
    DEBUG="false",
    SECRET_KEY=secrets.token_urlsafe(60),
    ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
    SECURE_HTTPS="false",  # plain HTTP on the loopback; TLS ends at the proxy in production
    DJANGO_SETTINGS_MODULE="chibo.settings",
    WEB_CONCURRENCY="2",
    GUNICORN_BIND=f"127.0.0.1:{PORT}",
    GUNICORN_ACCESS_LOG="/dev/null",
    GUNICORN_MAX_REQUESTS="0",  # workers live through the run: their peak memory is measured
)
sys.path.insert(0, str(ROOT))


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


def ensure_database() -> None:
    name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True)


def main() -> None:
    ensure_database()
    manage("migrate", "--noinput", "-v0")
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        manage("collectstatic", "--noinput", "-v0")
    import django

    django.setup()
    from sessions_app.management.commands.generate_load_data import has_load_data

    if not has_load_data():
        manage("generate_load_data", "--force", "--password", PASSWORD, *SIZE)
    from sessions_app.backup import refresh_statistics

    refresh_statistics()  # a database loaded before it counted its tables (autovacuum off)
    targets = pick_targets()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "chibo.wsgi"], cwd=ROOT
    )
    try:
        wait_for_server()
        load = drive_load(targets)
        memory = worker_memory(server.pid)
    finally:
        server.terminate()
        server.wait()
    queries = count_queries(targets)
    documents = render_documents()
    write_report(targets, load, queries, documents, memory)


def pick_targets() -> dict[str, tuple[str, str]]:
    from members.models import Organisation
    from sessions_app.models import AnnualPlan, Minutes, Topic

    cell = Organisation.objects.get(slug="load-cb-1")
    plan = AnnualPlan.objects.filter(cell=cell).latest("year")
    topic = Topic.objects.filter(plan__cell=cell, state=Topic.State.FINALISED).last()
    draft = Minutes.objects.filter(meeting__cell=cell, state=Minutes.State.DRAFT).first()
    pages = {
        "trivial /healthz/": ("load-cb-1-0", "/healthz/"),
        "home (secretary)": ("load-cb-1-0", "/"),
        "plan board": ("load-cb-1-0", f"/plans/{plan.pk}/"),
        "topic with comments": ("load-cb-1-5", f"/topics/{topic.pk}/"),
        "people list": ("load-cb-1-0", f"/c/{cell.slug}/people/"),
        "people statistics": ("load-cb-1-0", f"/c/{cell.slug}/people/statistics/"),
        "superior: province home (all cells)": ("load-province", "/"),
        "superior: cell page": ("load-du-1", f"/c/{cell.slug}/"),
    }
    if draft:
        pages["minutes editor"] = ("load-cb-1-0", f"/minutes/{draft.pk}/edit/")
    return pages


def wait_for_server() -> None:
    for _ in range(120):
        try:
            if requests.get(BASE + "/healthz/", timeout=10).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


def sign_in(username: str) -> requests.Session:
    session = requests.Session()
    session.get(BASE + "/accounts/login/")
    response = session.post(
        BASE + "/accounts/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": BASE + "/accounts/login/"},
    )
    assert "sessionid" in session.cookies, f"{username} could not sign in ({response.status_code})"
    return session


def drive_load(targets: dict[str, tuple[str, str]]) -> dict[str, dict[str, float]]:
    """USERS threads, each a signed-in person going round its pages until time is up,
    reading each page for THINK seconds before the next."""
    personas = sorted({who for who, _url in targets.values()})
    sessions = {i: sign_in(personas[i % len(personas)]) for i in range(USERS)}
    timings: dict[str, list[float]] = {name: [] for name in targets}
    errors: dict[str, int] = dict.fromkeys(targets, 0)
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def user(i: int) -> None:
        persona = personas[i % len(personas)]
        mine = [(n, u) for n, (who, u) in targets.items() if who == persona]
        mine.append(("trivial /healthz/", "/healthz/"))
        session, k = sessions[i], i
        pause = random.Random(i)
        while time.monotonic() < deadline:
            time.sleep(pause.uniform(*THINK))
            name, url = mine[k % len(mine)]
            k += 1
            start = time.perf_counter()
            response = session.get(BASE + url, allow_redirects=False)
            took = time.perf_counter() - start
            with lock:
                timings[name].append(took)
                errors[name] += response.status_code != 200

    started = time.monotonic()
    threads = [threading.Thread(target=user, args=(i,)) for i in range(USERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    result = {}
    for name, values in timings.items():
        if not values:
            continue
        q = statistics.quantiles(values, n=100, method="inclusive")
        result[name] = {
            "n": len(values),
            "p50": q[49],
            "p95": q[94],
            "p99": q[98],
            "rps": len(values) / elapsed,
            "errors": errors[name],
        }
    return result


def worker_memory(master: int) -> list[int]:
    """Peak resident memory (VmHWM, KiB) of each gunicorn worker."""
    children = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True
    ).stdout.split()
    peaks = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]))
    return peaks


def count_queries(targets: dict[str, tuple[str, str]]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from members.models import User

    counts = {}
    for name, (who, url) in targets.items():
        client = Client()
        client.force_login(User.objects.get(username=who))
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[name] = len(queries)
    return counts


def bare_html(pages: int) -> str:
    """A plain A4 document of `pages` pages: paragraphs in the default serif font."""
    from weasyprint import HTML

    def html(paragraphs: int) -> str:
        text = "<p>Nội dung sinh hoạt chuyên đề của chi bộ, đảng viên phát biểu ý kiến.</p>"
        return f"<html><body style='font-family:serif'>{text * paragraphs}</body></html>"

    per_page = max(len(HTML(string=html(200)).render().pages), 1)
    return html(max(int(200 * pages / per_page) - 5, 1))


@dataclass
class DocumentTiming:
    """Median seconds of one document kind and size, beside a bare render."""

    key: str
    label: str
    total: float = 0.0  # the data, the HTML and the PDF: what the user waits for
    pdf: float = 0.0  # HTML to PDF through WeasyPrint: the render
    pages: int = 0
    bare: float = 0.0  # a plain document of as many pages, straight through WeasyPrint


def timed_render(key: str, label: str, build) -> DocumentTiming:  # noqa: ANN001
    """Times the document and a bare WeasyPrint render of as many pages turn about, so
    that the machine's ups and downs fall on both; medians of REPEATS after a warm-up."""
    from weasyprint import HTML

    from sessions_app.documents.document import render_html
    from sessions_app.documents.pdf import render_pdf

    rendered = render_pdf(render_html(build()))  # warm: templates, fonts, style sheet
    plain = bare_html(rendered.page_count)
    HTML(string=plain).write_pdf()
    totals, pdfs, bare = [], [], []
    for _ in range(REPEATS):
        start = time.perf_counter()
        html = render_html(build())
        middle = time.perf_counter()
        rendered = render_pdf(html)
        end = time.perf_counter()
        totals.append(end - start)
        pdfs.append(end - middle)
        start = time.perf_counter()
        HTML(string=plain).write_pdf()
        bare.append(time.perf_counter() - start)
    return DocumentTiming(
        key,
        label,
        total=statistics.median(totals),
        pdf=statistics.median(pdfs),
        pages=rendered.page_count,
        bare=statistics.median(bare),
    )


def render_documents() -> list[DocumentTiming]:
    from members.models import Organisation
    from sessions_app.documents.document import DocumentError
    from sessions_app.documents.registry import KINDS, build_document

    rows = []
    small_cell = Organisation.objects.get(slug="load-cb-1")
    large_cell = Organisation.objects.get(slug="load-cb-0")
    for key, spec in KINDS.items():
        if not spec.available:
            rows.append(DocumentTiming(key, "not built yet"))
            continue
        if spec.for_committees:
            sizes = [
                (
                    f"one committee, {Organisation.objects.filter(parent__slug='load-du-1').count()}"
                    " cells",
                    Organisation.objects.get(slug="load-du-1"),
                ),
                (
                    f"province, {Organisation.objects.cells().count()} cells",
                    Organisation.objects.get(slug="load-province"),
                ),
            ]
        else:
            sizes = [("small cell", small_cell), ("large cell", large_cell)]
        for label, organisation in sizes:
            options = spec.options(organisation)
            if not options:
                rows.append(DocumentTiming(key, f"{label}: nothing to print"))
                continue
            # The fullest option: past periods come after the current one.
            params = options[min(1, len(options) - 1)][1]
            try:
                rows.append(
                    timed_render(
                        key,
                        label,
                        lambda s=spec, o=organisation, p=params: build_document(s, o, p),
                    )
                )
            except DocumentError as exc:
                rows.append(DocumentTiming(key, f"{label}: {exc}"))
    return rows


def machine() -> list[str]:
    from django.db import connection

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    import weasyprint
    from weasyprint.text.ffi import harfbuzz_subset

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    subsetter = "HarfBuzz" if harfbuzz_subset is not None else "fontTools (slow fallback)"
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores (shared with other work during the run)",
        f"- RAM: {int(mem) // 1024 // 1024} GiB",
        f"- Python {platform.python_version()}, PostgreSQL {pg}",
        f"- WeasyPrint {weasyprint.__version__}, fonts subset by {subsetter}",
        f"- gunicorn with gunicorn.conf.py, 2 workers; {USERS} concurrent users for {SECONDS} s,"
        f" each reading a page {THINK[0]:g}–{THINK[1]:g} s before the next",
    ]


KEPT = "## Gaps, explained"


def write_report(targets, load, queries, documents, memory) -> None:  # noqa: ANN001
    trivial = load["trivial /healthz/"]["p95"]
    lines = [
        "# Performance",
        "",
        f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC with `{COMMAND}`"
        " (`.venv/bin/python scripts/bench.py`), production settings (DEBUG off) on PostgreSQL.",
        "",
        *machine(),
        "",
        "The machine was shared with other work during the run, so absolute times vary from run"
        " to run; the ratios measured side by side in one run (page p95 ÷ trivial p95, render ÷"
        " bare WeasyPrint) are what count. Document times are the median of"
        f" {REPEATS} renders; queries are counted in-process with the test client on the same"
        " data.",
        "",
        "## Pages under load",
        "",
        "| page | requests | p50 ms | p95 ms | p99 ms | req/s | p95 ÷ trivial p95 | queries | errors |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, row in load.items():
        lines.append(
            f"| {name} | {row['n']} | {row['p50'] * 1000:.0f} | {row['p95'] * 1000:.0f} "
            f"| {row['p99'] * 1000:.0f} | {row['rps']:.1f} | {row['p95'] / trivial:.1f}× "
            f"| {queries.get(name, '')} | {row['errors']} |"
        )
    lines += [
        "",
        "## Documents",
        "",
        "Seconds: the data, the HTML and the PDF (what the user waits for). PDF: the HTML"
        " laid out by WeasyPrint, the render that the ratio compares with a bare WeasyPrint"
        " render of a plain document (paragraphs in the default serif font) of as many pages.",
        "",
        "| kind | size | seconds | PDF s | pages | bare WeasyPrint s | PDF ÷ bare |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in documents:
        if not row.pages:
            lines.append(f"| {row.key} | {row.label} | | | | | |")
            continue
        lines.append(
            f"| {row.key} | {row.label} | {row.total:.2f} | {row.pdf:.2f} | {row.pages} "
            f"| {row.bare:.2f} | {row.pdf / row.bare:.1f}× |"
        )
    lines += [
        "",
        "## Memory",
        "",
        "Peak resident memory (VmHWM) per gunicorn worker after the load: "
        + ", ".join(f"{kib / 1024:.0f} MiB" for kib in memory),
        "",
    ]
    lines += ["## Targets", ""]
    for name, row in load.items():
        if name.startswith("trivial"):
            continue
        ratio, count = row["p95"] / trivial, queries.get(name, 0)
        lines.append(
            f"- {name}: p95 {ratio:.1f}× trivial (≤ 3×: {'met' if ratio <= 3 else '**missed**'});"
            f" {count} queries (≤ 15: {'met' if count <= 15 else '**missed**'})"
        )
    limits = {"minutes": 0.5, "quarterly": 1.0, "consolidated": 10.0}
    for row in documents:
        if not row.pages:
            continue
        ratio = row.pdf / row.bare
        parts = [f"PDF {ratio:.1f}× bare (≤ 1.5×: {'met' if ratio <= 1.5 else '**missed**'})"]
        if row.key in limits:
            limit = limits[row.key]
            met = "met" if row.total <= limit else "**missed**"
            parts.insert(0, f"{row.total:.2f} s (≤ {limit:g} s: {met})")
        lines.append(f"- {row.key} ({row.label}): " + "; ".join(parts))
    lines.append("")
    if OPTS.small:  # a check of the benchmark itself: docs/performance.md keeps the full run
        print("\n".join(lines))
        return
    out = ROOT / "docs" / "performance.md"
    # The written analysis (gaps and changes) below the measured part is kept from run to run.
    kept = out.read_text(encoding="utf-8").partition(KEPT)[2] if out.exists() else ""
    if kept:
        lines += [KEPT + kept.rstrip("\n"), ""]
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    print(f"\nWritten to {out}")


if __name__ == "__main__":
    main()
