"""Annual topic plans and their topics (DOMAIN.md §3, steps 1–5 and 7)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Organisation, Person


class TopicGroup(models.TextChoices):
    HO_CHI_MINH = "ho_chi_minh", _("Learning from and following Hồ Chí Minh")
    QUALIFICATION = "qualification", _("Raising political and professional level")
    RESOLUTIONS = "resolutions", _("Applying Party resolutions")
    SELF_EVOLUTION = "self_evolution", _("Preventing “self-evolution” and “self-transformation”")
    PARTY_BUILDING = "party_building", _("Party building")
    ANTI_CORRUPTION = "anti_corruption", _("Preventing corruption and waste")
    UNIT_WORK = "unit_work", _("The unit's own work")


class AnnualPlan(models.Model):
    """A cell's yearly plan of thematic sessions (kế hoạch sinh hoạt chuyên đề năm)."""

    class State(models.TextChoices):
        DRAFTING = "drafting", _("Being drafted")
        APPROVED = "approved", _("Approved by the committee")
        REPORTED = "reported", _("Reported to the superior committee")

    cell = models.ForeignKey(
        Organisation, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFTING
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["cell", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cell", "year"], name="plan_unique_year"),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="plan_sane_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cell} – {self.year}"


class Topic(models.Model):
    """One thematic topic (chuyên đề) of a plan, from assignment to its final text."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DRAFTING = "drafting", _("Drafting")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        CIRCULATED = "circulated", _("Circulated for comments")
        PRESENTED = "presented", _("Presented")
        FINALISED = "finalised", _("Finalised")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="topics"
    )
    title = models.CharField(_("title"), max_length=300)
    group = models.CharField(_("topic group"), max_length=20, choices=TopicGroup.choices)
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, q) for q in (1, 2, 3, 4)])
    drafters = models.ManyToManyField(
        Person, verbose_name=_("drafters"), related_name="drafted_topics", blank=True
    )
    presenter = models.ForeignKey(
        Person,
        verbose_name=_("presenter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presented_topics",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PLANNED
    )

    history = HistoricalRecords(m2m_fields=[drafters])

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["plan", "quarter", "pk"]

    def __str__(self) -> str:
        return self.title
