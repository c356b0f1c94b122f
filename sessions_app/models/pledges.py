"""The "Trên làm gương mẫu mực, dưới tích cực làm theo" pledge model (DOMAIN.md §7).

A cell runs rounds (cuộc), often launched at a thematic session. In each round a person —
party member or non-party staff — registers a pledge: the example-setting areas chosen,
concrete commitments, measures and a deadline. They report progress during the period,
and the committee evaluates each pledge at its end on the cell's own scale.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Organisation, Person

if TYPE_CHECKING:
    from members.access import CellAccess

__all__ = [
    "DEFAULT_PLEDGE_AREAS",
    "DEFAULT_PLEDGE_LEVELS",
    "PledgeArea",
    "PledgeLevel",
    "PledgeProgress",
    "PledgeRegistration",
    "PledgeRole",
    "PledgeRound",
    "PledgeStatus",
]

# DOMAIN.md §7: the areas usually offered, created for a cell the first time it uses pledges.
DEFAULT_PLEDGE_AREAS = [
    "Tư tưởng chính trị",
    "Đạo đức, lối sống",
    "Tác phong, phong cách làm việc",
    "Tự phê bình và phê bình",
    "Trách nhiệm trong công việc",
    "Ý thức tổ chức kỷ luật",
    "Đoàn kết nội bộ",
    "Quan hệ với nhân dân",
]
# The default evaluation scale, best first (DOMAIN.md §7; configurable per cell).
DEFAULT_PLEDGE_LEVELS = [
    "Tấm gương xuất sắc, tiêu biểu",
    "Tấm gương tốt",
    "Hoàn thành",
    "Không gương mẫu",
]


class PledgeRole(models.TextChoices):
    """ "Trên" sets the example (committee, heads of the unit and departments); "dưới" follows."""

    UPPER = "upper", _("Sets the example")
    LOWER = "lower", _("Follows the example")


class PledgeStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    REPORTING = "reporting", _("Reporting progress")
    EVALUATED = "evaluated", _("Evaluated")


class PledgeArea(models.Model):
    """An example-setting area a cell offers (tư tưởng chính trị, đạo đức, lối sống …)."""

    cell = models.ForeignKey(
        Organisation, verbose_name=_("cell"), on_delete=models.CASCADE, related_name="pledge_areas"
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("offered"), default=True, help_text=_("Untick to stop offering it in new rounds.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pledge area")
        verbose_name_plural = _("pledge areas")
        ordering = ["cell", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cell", "name"], name="pledge_area_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class PledgeLevel(models.Model):
    """One level of a cell's evaluation scale, best first (`position` 0 is the best)."""

    cell = models.ForeignKey(
        Organisation, verbose_name=_("cell"), on_delete=models.CASCADE, related_name="pledge_levels"
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Untick to stop using it in new evaluations.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation level")
        verbose_name_plural = _("evaluation scale")
        ordering = ["cell", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cell", "name"], name="pledge_level_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class PledgeRoundQuerySet(models.QuerySet["PledgeRound"]):
    def open_on(self, day: datetime.date) -> PledgeRoundQuerySet:
        """Rounds still taking registrations on a day: their period has not ended."""
        return self.filter(end__gte=day)

    def visible_to(self, access: CellAccess) -> PledgeRoundQuerySet:
        """Rounds of the access's cell the user may open.

        The committee and superior-committee viewers see every round; others see the open
        rounds and those they registered in (staff must not browse past Party activity).
        """
        qs = self.filter(cell=access.cell)
        if access.is_committee or access.is_viewer:
            return qs
        condition = Q(end__gte=timezone.localdate())
        if access.person is not None:
            # A subquery rather than a join, so that counts annotated later stay whole.
            own = PledgeRegistration.objects.filter(person=access.person).values("round_id")
            condition |= Q(pk__in=own)
        return qs.filter(condition)

    def with_counts(self) -> PledgeRoundQuerySet:
        """Registrations per round, split into party members and staff, and evaluated ones."""
        return self.annotate(
            registration_count=Count("registrations", distinct=True),
            party_registration_count=Count(
                "registrations", filter=Q(registrations__party_member=True), distinct=True
            ),
            staff_registration_count=Count(
                "registrations", filter=Q(registrations__party_member=False), distinct=True
            ),
            evaluated_count=Count(
                "registrations", filter=Q(registrations__level__isnull=False), distinct=True
            ),
        )

    def in_years(self, first: int, last: int) -> PledgeRoundQuerySet:
        """Rounds that started in the years first..last (a round belongs to its start year)."""
        return self.filter(start__year__gte=first, start__year__lte=last)

    def for_list(self) -> PledgeRoundQuerySet:
        """The rounds list of the pledge home page: newest first, with counts."""
        return self.select_related("meeting").with_counts().order_by("-start", "-pk")


class PledgeRound(models.Model):
    """A round (cuộc) of the model in a cell, often launched at a thematic session."""

    cell = models.ForeignKey(
        Organisation,
        verbose_name=_("cell"),
        on_delete=models.PROTECT,
        related_name="pledge_rounds",
        limit_choices_to={"kind": Organisation.Kind.CELL},
    )
    name = models.CharField(_("name"), max_length=200)
    start = models.DateField(_("start of the period"))
    end = models.DateField(_("end of the period"))
    meeting = models.ForeignKey(
        "sessions_app.Meeting",
        verbose_name=_("integrated into the meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledge_rounds",
    )
    areas = models.ManyToManyField(
        PledgeArea, verbose_name=_("areas offered"), related_name="rounds", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords(m2m_fields=[areas])
    objects = PledgeRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge round")
        verbose_name_plural = _("pledge rounds")
        ordering = ["cell", "-start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="pledge_round_ends_after_start"
            ),
            models.UniqueConstraint(fields=["cell", "name"], name="pledge_round_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open_on(self, day: datetime.date | None = None) -> bool:
        return (day or timezone.localdate()) <= self.end

    @property
    def is_open(self) -> bool:
        return self.is_open_on()


class PledgeRegistrationQuerySet(models.QuerySet["PledgeRegistration"]):
    def with_status(self) -> PledgeRegistrationQuerySet:
        """Annotate the number of progress reports, from which the status is derived."""
        return self.annotate(progress_count=Count("progress_reports"))

    def for_register(self) -> PledgeRegistrationQuerySet:
        """Rows of a register (round page, yearly register): person, rating and status."""
        return (
            self.select_related("person", "person__department", "level", "round")
            .with_status()
            .order_by("round__start", "round__pk", "-role", "person__sort_key", "pk")
        )

    def for_owner(self, person: Person) -> PledgeRegistrationQuerySet:
        """A person's own pledges, newest round first."""
        return (
            self.filter(person=person)
            .select_related("round", "level")
            .with_status()
            .order_by("-round__start", "-pk")
        )

    def for_detail(self) -> PledgeRegistrationQuerySet:
        return self.select_related(
            "round",
            "round__cell",
            "round__cell__parent",
            "person",
            "person__cell",
            "person__user",
            "level",
            "registered_by",
            "registered_by__person",
            "evaluated_by",
            "evaluated_by__person",
        ).prefetch_related("areas")


class PledgeRegistration(models.Model):
    """One person's pledge in one round: chosen areas, commitments, measures, deadline.

    The status (registered → reporting → evaluated) is derived from the progress reports
    and the evaluation, never stored.
    """

    round = models.ForeignKey(
        PledgeRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="pledge_registrations",
    )
    role = models.CharField(_("role"), max_length=5, choices=PledgeRole.choices)
    # Kept as it was on registration day: a member admitted later still counted as staff
    # in the rounds of that time, so old registers do not change.
    party_member = models.BooleanField(_("party member when registering"))
    areas = models.ManyToManyField(
        PledgeArea, verbose_name=_("areas"), related_name="registrations"
    )
    commitments = models.TextField(_("commitments"))
    measures = models.TextField(_("measures"))
    deadline = models.DateField(_("deadline"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    on_behalf = models.BooleanField(_("registered on their behalf"), default=False)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    level = models.ForeignKey(
        PledgeLevel,
        verbose_name=_("evaluation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )
    remark = models.TextField(_("remark"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[areas])
    objects = PledgeRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge registration")
        verbose_name_plural = _("pledge registrations")
        ordering = ["round", "person__sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"], name="pledge_one_registration_per_round"
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True, evaluated_at__isnull=True)
                | Q(level__isnull=False, evaluated_at__isnull=False),
                name="pledge_evaluation_complete",
            ),
            models.CheckConstraint(
                condition=Q(role__in=PledgeRole.values), name="pledge_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.round}"

    @property
    def is_evaluated(self) -> bool:
        return self.level_id is not None

    @property
    def status(self) -> PledgeStatus:
        if self.is_evaluated:
            return PledgeStatus.EVALUATED
        count = getattr(self, "progress_count", None)
        if count is None:
            count = self.progress_reports.count()
        return PledgeStatus.REPORTING if count else PledgeStatus.REGISTERED


class PledgeProgress(models.Model):
    """A dated progress report on a pledge (often quarterly)."""

    registration = models.ForeignKey(
        PledgeRegistration,
        verbose_name=_("pledge"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["registration", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.registration} – {self.date:%d/%m/%Y}"
