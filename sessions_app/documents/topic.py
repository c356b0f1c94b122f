"""The final text of a topic (chuyên đề), as the cell keeps it after the session.

The text is the topic's final version, or its latest kept version (printed DỰ THẢO)
while it is not final. Drafts are Markdown: they are rendered and cleaned again here
by the same allow-list as in the site, so nothing in them can fetch anything.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from members.models import Organisation, Person
from sessions_app.documents import formatting
from sessions_app.documents.document import (
    Document,
    DocumentNotFound,
    DocumentParams,
    EmptyDocument,
    Issue,
    cell_recipients,
    collective_signature,
    default_signer,
    render_html,
)
from sessions_app.models.documents import DocumentKind, DocumentType
from sessions_app.models.plans import Topic, TopicVersion
from sessions_app.richtext import render_markdown


def _text(version: TopicVersion | None, topic: Topic) -> SafeString:
    body = version.body if version is not None else topic.draft_body
    if not body.strip():
        return format_html("")
    # Cleaned by the allow-list of sessions_app.richtext (no images, no scripts, no styles).
    return mark_safe(render_markdown(body).html)


def build_topic(
    cell: Organisation, params: DocumentParams, *, issue: Issue | None = None
) -> Document:
    """Collect the final (or latest) text of `params.topic` into a document."""
    topic = (
        Topic.objects.filter(plan__cell=cell, pk=params.topic)
        .select_related("plan", "presenter", "final_version")
        .prefetch_related(Prefetch("drafters", queryset=Person.objects.order_by("sort_key")))
        .first()
    )
    if topic is None:
        raise DocumentNotFound(_("The cell has no topic with that number."))
    version = topic.final_version or topic.versions.order_by("-number").first()
    text = _text(version, topic)
    if not text:
        raise EmptyDocument(_("The topic has no text yet."))
    drafters = [p.full_name for p in topic.drafters.all()]
    quarter = formatting.quarter_label(topic.quarter, topic.plan.year)
    return Document(
        kind=DocumentKind.TOPIC,
        doc_type=DocumentType.REPORT,
        organisation=cell,
        title="CHUYÊN ĐỀ",
        summary=topic.title,
        subtitle=f"(Sinh hoạt chuyên đề {quarter})",
        body_template="documents/topic.html",
        params=DocumentParams(topic=topic.pk),
        short_name=f"Chuyen-de-{topic.plan.year}-Q{topic.quarter}",
        source=topic,
        approved=topic.final_version_id is not None,
        signatures=[collective_signature(cell, default_signer(cell, issue))],
        recipients=cell_recipients(cell),
        issue=issue,
        year=topic.plan.year,
        context={
            "topic": topic,
            "text": text,
            "drafters": drafters,
            "presenter": topic.presenter.full_name if topic.presenter else "",
            "version": version,
        },
    )


def topic_options(cell: Organisation) -> list[tuple[str, DocumentParams]]:
    """Topics with a kept version, newest plan first."""
    topics = (
        Topic.objects.filter(plan__cell=cell, versions__isnull=False)
        .distinct()
        .select_related("plan")
        .order_by("-plan__year", "-quarter", "-pk")
    )
    return [
        (
            f"{formatting.quarter_label(t.quarter, t.plan.year)} – {t.title}",
            DocumentParams(topic=t.pk),
        )
        for t in topics
    ]


def render_topic_html(cell: Organisation, *, topic: int, issue: Issue | None = None) -> str:
    """The final text of a topic as the HTML that prints."""
    return render_html(build_topic(cell, DocumentParams(topic=topic), issue=issue))
