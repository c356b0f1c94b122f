"""Issued documents and their numbers (DOMAIN.md §5–§6).

A document is *issued* when the committee gives it a number ("Số 05-KH/CB") and a
date; the PDF made at that moment is stored with it and never changes. A correction
is a new document with a new number that names the one it replaces.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from members.models import Organisation, Term

__all__ = [
    "DocumentKind",
    "DocumentType",
    "ImmutableDocumentError",
    "IssuedDocument",
    "IssuedDocumentQuerySet",
    "ReportNarrative",
]


class DocumentType(models.TextChoices):
    """Type codes of Party documents (Hướng dẫn 36-HD/VPTW), the "KH" of "Số 05-KH/CB"."""

    MINUTES = "BB", pgettext_lazy("document type", "Minutes")
    REPORT = "BC", pgettext_lazy("document type", "Report")
    PLAN = "KH", pgettext_lazy("document type", "Plan")
    RESOLUTION = "NQ", pgettext_lazy("document type", "Resolution")
    CONCLUSION = "KL", pgettext_lazy("document type", "Conclusion")
    NOTICE = "TB", pgettext_lazy("document type", "Notice")
    LETTER = "CV", pgettext_lazy("document type", "Official letter")
    GUIDANCE = "HD", pgettext_lazy("document type", "Guidance")


class DocumentKind(models.TextChoices):
    """What the application prints; `sessions_app.documents.registry` knows how."""

    MINUTES = "minutes", _("Minutes of a meeting")
    PLAN = "plan", _("Annual topic plan")
    QUARTERLY = "quarterly", _("Quarterly report")
    REVIEW = "review", _("Review report")
    TOPIC = "topic", _("Final text of a topic")
    PLEDGES = "pledges", _("Pledge register")
    ROSTER = "roster", _("Roster with statistics")
    CONSOLIDATED = "consolidated", _("Consolidated quarterly report of the cells")


class ImmutableDocumentError(Exception):
    """An issued document never changes; a correction is a new document."""


class IssuedDocumentQuerySet(models.QuerySet["IssuedDocument"]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableDocumentError("Issued documents cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableDocumentError("Issued documents cannot be deleted.")

    def for_register(self) -> IssuedDocumentQuerySet:
        """The register's rows: everything a row shows, without the stored PDF."""
        return (
            self.defer("pdf")
            .select_related("organisation", "term", "issued_by", "replaces")
            .order_by("-issued_on", "-pk")
        )

    def in_cells_below(self, organisation: Organisation) -> IssuedDocumentQuerySet:
        """Documents of every organisation at or under a committee, at any depth."""
        return self.filter(organisation__path__startswith=organisation.path)


class IssuedDocument(models.Model):
    """A numbered Party document, frozen at issue with its PDF.

    The source is a generic relation (an annual plan, a meeting, a topic …, or nothing
    for reports over a period); `kind` and `params` say how it was made, so the same
    document can be found again whatever its source.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("issuing organisation"),
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="issued_documents"
    )
    doc_type = models.CharField(_("document type"), max_length=2, choices=DocumentType.choices)
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=40, help_text=_("For example: 05-KH/CB"))
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(_("summary"), max_length=300)
    source_type = models.ForeignKey(
        ContentType,
        verbose_name=_("source type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(_("source"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    issued_on = models.DateField(_("date of the document"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    signer_name = models.CharField(_("signed by"), max_length=120)
    signer_title = models.CharField(_("signer's position"), max_length=60)
    pdf = models.BinaryField(_("PDF"))
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    page_count = models.PositiveSmallIntegerField(_("pages"))

    # The PDF stays out of the history table: the row never changes, only its creation counts.
    history = HistoricalRecords(excluded_fields=["pdf"])
    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "kind", "-issued_on"], name="issued_doc_kind"),
        ]
        constraints = [
            # Sequences restart per type per committee term and are never reused.
            models.UniqueConstraint(
                fields=["organisation", "term", "doc_type", "sequence"],
                name="issued_doc_unique_sequence",
            ),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="issued_doc_sequence_1"),
            models.CheckConstraint(
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
                name="issued_doc_source_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"Số {self.number} – {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableDocumentError(
                f"Document {self.number} is issued and cannot change; issue a new one instead."
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableDocumentError(f"Document {self.number} is issued and cannot be deleted.")

    @property
    def number_line(self) -> str:
        return f"Số {self.number}"


class ReportNarrative(models.Model):
    """The narrative sections of a report (results, limitations …) as edited before issue.

    One row per organisation, kind and parameters (the same report); until someone
    saves, the report shows text prefilled from what was recorded. `version` guards
    against two people overwriting each other's edits.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="report_narratives",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    params_key = models.CharField(_("parameters"), max_length=200)
    params = models.JSONField(_("parameters"), default=dict)
    sections = models.JSONField(_("sections"), default=dict)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report narrative")
        verbose_name_plural = _("report narratives")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "params_key"], name="narrative_unique_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.params_key}"
