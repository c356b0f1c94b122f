"""Party documents (DOMAIN.md §4–§6): the format, the numbers and the PDF pipeline.

- `formatting`: dates, quarters, counts, numbers and file names as Party documents write them.
- `document`: the `Document` every kind fills in, and `render_html` / `render_body_html`.
- `pdf`: HTML to PDF bytes through WeasyPrint, reading only the project's static files.
- `numbering`: "Số 05-KH/CB", per document type per committee term, never reused.
- `registry`: every kind, what it needs and who may read it; one module per kind
  (`plan`, `roster`, …) with `build_<kind>` and `render_<kind>_html`.
Issuing lives in `sessions_app.services.documents`, the pages in `sessions_app.views.documents`.
"""
