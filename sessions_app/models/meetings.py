"""Meetings of a cell, their attendance and minutes (DOMAIN.md §3 steps 6–8, §4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Organisation
from sessions_app.models.plans import Topic


class Meeting(models.Model):
    """A sitting of the cell: thematic, regular, or both in one sitting."""

    class Kind(models.TextChoices):
        THEMATIC = "thematic", _("Thematic session")
        REGULAR = "regular", _("Regular monthly meeting")
        COMBINED = "combined", _("Regular meeting with a thematic session")

    cell = models.ForeignKey(
        Organisation, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.THEMATIC)
    date = models.DateField(_("date"))
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="meetings", blank=True
    )

    history = HistoricalRecords(m2m_fields=[topics])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["cell", "-date"]

    def __str__(self) -> str:
        return f"{self.cell} – {self.date:%d/%m/%Y}"
