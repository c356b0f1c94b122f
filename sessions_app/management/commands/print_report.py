"""Print one document of a cell (or of a committee) to a PDF file, for batches and cron."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from members.models import Organisation
from sessions_app.documents.document import DocumentError, render_html
from sessions_app.documents.forms import parse_params
from sessions_app.documents.pdf import render_pdf
from sessions_app.documents.registry import KINDS, build_document


class Command(BaseCommand):
    help = (
        "Print a document in the Party format to a PDF file (or HTML when the file name "
        "ends in .html), e.g. print_report plan --cell thu-vien-tra-vinh --year 2026 "
        "--output plan.pdf"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS), help="Which document to print.")
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--cell", metavar="SLUG", help="The cell whose document it is.")
        where.add_argument(
            "--org", metavar="SLUG", help="A superior committee (consolidated report)."
        )
        parser.add_argument("--year", type=int)
        parser.add_argument("--quarter", type=int, choices=(1, 2, 3, 4))
        parser.add_argument(
            "--from", dest="start", type=datetime.date.fromisoformat, metavar="YYYY-MM-DD"
        )
        parser.add_argument(
            "--to", dest="end", type=datetime.date.fromisoformat, metavar="YYYY-MM-DD"
        )
        parser.add_argument("--meeting", type=int, metavar="ID")
        parser.add_argument("--topic", type=int, metavar="ID")
        parser.add_argument("--round", type=int, metavar="ID")
        parser.add_argument("--output", required=True, type=Path, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        spec = KINDS[options["kind"]]
        organisation = self._organisation(options, for_committees=spec.for_committees)
        query = {
            "year": options["year"],
            "quarter": options["quarter"],
            "from": options["start"],
            "to": options["end"],
            "meeting": options["meeting"],
            "topic": options["topic"],
            "round": options["round"],
        }
        try:
            params = parse_params({k: v for k, v in query.items() if v is not None})
            document = build_document(spec, organisation, params)
        except DocumentError as error:
            raise CommandError(error.message) from None
        html = render_html(document)
        output: Path = options["output"]
        if output.suffix.lower() == ".html":
            output.write_text(html, encoding="utf-8")
            self.stdout.write(f"{output}: HTML of {document.full_title}")
            return
        rendered = render_pdf(html)
        output.write_bytes(rendered.data)
        self.stdout.write(
            self.style.SUCCESS(
                f"{output}: {document.full_title} – {organisation.name}, "
                f"{rendered.page_count} page(s), {len(rendered.data) // 1024} KB"
            )
        )

    def _organisation(self, options: dict[str, Any], *, for_committees: bool) -> Organisation:
        spec_label = KINDS[options["kind"]].label
        organisations = Organisation.objects.select_related("parent")
        if options["cell"]:
            if for_committees:
                raise CommandError(
                    _("“%(kind)s” is printed for a committee: use --org SLUG.")
                    % {"kind": spec_label}
                )
            found = organisations.filter(slug=options["cell"], kind=Organisation.Kind.CELL).first()
            if found is None:
                raise CommandError(
                    _("No cell has the slug “%(slug)s”.") % {"slug": options["cell"]}
                )
            return found
        if not for_committees:
            raise CommandError(
                _("“%(kind)s” is printed for a cell: use --cell SLUG.") % {"kind": spec_label}
            )
        found = organisations.filter(slug=options["org"], kind=Organisation.Kind.COMMITTEE).first()
        if found is None:
            raise CommandError(
                _("No committee has the slug “%(slug)s”.") % {"slug": options["org"]}
            )
        return found
