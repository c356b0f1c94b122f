"""Organisations (cells and the committees above them), their terms, users and people."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.vietnamese import ETHNIC_GROUPS, fold, name_sort_key


class TextSize(models.TextChoices):
    SMALL = "small", _("Small text")
    NORMAL = "normal", _("Normal text")
    LARGE = "large", _("Large text")


class User(AbstractUser):
    """A login. The person it belongs to (if any) is `user.person`."""

    text_size = models.CharField(
        _("text size"), max_length=10, choices=TextSize.choices, default=TextSize.NORMAL
    )

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("account")

    def __str__(self) -> str:
        # The person already loaded for this request (user_person) saves a query per page.
        person = self.__dict__.get("_chibo_person") or getattr(self, "person", None)
        return person.full_name if person else (self.get_full_name() or self.username)


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def cells(self) -> OrganisationQuerySet:
        return self.filter(kind=Organisation.Kind.CELL)

    def below(self, organisation: Organisation) -> OrganisationQuerySet:
        """The organisation itself and every organisation under it, at any depth."""
        return self.filter(path__startswith=organisation.path)

    def visible_to(self, user: User) -> OrganisationQuerySet:
        """Organisations the user may open: their own cell, everything under what they view."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        condition = Q(pk__in=[])
        for path in user_viewer_paths(user):
            condition |= Q(path__startswith=path)
        person = user_person(user)
        if person is not None:
            condition |= Q(pk=person.cell_id)
        return self.filter(condition)


class Organisation(models.Model):
    """A Party organisation: a cell (chi bộ) or a committee above cells (đảng ủy), in a tree."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Superior committee")
        CELL = "cell", _("Cell")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("For example: Chi bộ Thư viện tỉnh")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    issuer_header = models.CharField(
        _("name as issuer"),
        max_length=200,
        help_text=_("The bold line at the top left of its documents, e.g. CHI BỘ THƯ VIỆN TỈNH"),
    )
    parent_header = models.CharField(
        _("name as superior"),
        max_length=200,
        help_text=_(
            "The top line at the left of its cells' documents, e.g. ĐẢNG BỘ SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"
        ),
    )
    collective_name = models.CharField(
        _("signing collective"),
        max_length=60,
        help_text=_("After “T/M” in the signature, e.g. CHI BỘ or ĐẢNG ỦY"),
    )
    short_code = models.CharField(
        _("document code"),
        max_length=20,
        validators=[
            RegexValidator(r"^[A-ZĐ0-9]+$", _("Use capital letters and digits only, e.g. CB."))
        ],
        help_text=_("The part after the slash in document numbers, e.g. CB in Số 05-BB/CB"),
    )
    place_name = models.CharField(
        _("place name"), max_length=100, help_text=_("Used in the date line, e.g. Trà Vinh")
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Party organisation")
        verbose_name_plural = _("Party organisation")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # The materialised path ("/3/7/12/") makes "every cell under this committee" one
        # indexed prefix query at any depth of the tree.
        if not self.pk:
            super().save(*args, **kwargs)  # type: ignore[arg-type]
            kwargs = {}
        parent_path = self.parent.path if self.parent_id else "/"
        old_path, self.path = self.path, f"{parent_path}{self.pk}/"
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        if old_path and old_path != self.path:
            for child in Organisation.objects.filter(parent=self):
                child.save()

    @property
    def is_cell(self) -> bool:
        return self.kind == self.Kind.CELL

    def ancestors(self) -> list[Organisation]:
        """From the top of the tree down to the parent."""
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        found = {org.pk: org for org in Organisation.objects.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]

    def term_on(self, day: datetime.date | None = None) -> Term | None:
        """The committee term (nhiệm kỳ) covering a day, today by default."""
        day = day or timezone.localdate()
        return self.terms.filter(start__lte=day, end__gte=day).first()


class Term(models.Model):
    """A committee term (nhiệm kỳ); document numbers restart with each term."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="terms"
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("For example: Nhiệm kỳ 2020 – 2025")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("term")
        ordering = ["organisation", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="term_ends_after_start"
            ),
            models.UniqueConstraint(fields=["organisation", "start"], name="term_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start:%d/%m/%Y} – {self.end:%d/%m/%Y})"

    @property
    def midpoint(self) -> datetime.date:
        return self.start + (self.end - self.start) / 2


class OrganisationViewer(models.Model):
    """A user of a superior committee who reads everything of every cell below it."""

    user = models.ForeignKey(
        User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="viewer_roles"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="viewers",
    )
    title = models.CharField(_("position"), max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("superior committee viewer")
        verbose_name_plural = _("superior committee viewer")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="viewer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"


class Department(models.Model):
    """A part of the unit the cell sits in (Ban Giám đốc, Phòng …)."""

    cell = models.ForeignKey(
        Organisation, verbose_name=_("cell"), on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("department")
        ordering = ["cell", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cell", "name"], name="department_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Employment(models.TextChoices):
    ESTABLISHED = "established", _("Established post")
    CONTRACT = "contract", _("Contract")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("Doctorate")
    MASTER = "master", _("Master's degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    COLLEGE = "college", _("College")
    VOCATIONAL = "vocational", _("Vocational")
    SECONDARY = "secondary", _("Secondary school")


class PoliticalTheory(models.TextChoices):
    NONE = "none", _("No training")
    ELEMENTARY = "elementary", _("Elementary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    BACHELOR = "bachelor", _("Bachelor (political theory)")


class PartyPosition(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY = "deputy", _("Deputy secretary")
    COMMITTEE = "committee", _("Committee member")
    MEMBER = "member", _("Party member")


class PartyStatus(models.TextChoices):
    FULL = "full", _("Full member")
    PROBATIONARY = "probationary", _("Probationary")
    EXEMPTED = "exempted", _("Exempted from Party work and meetings")
    TRANSFERRED = "transferred", _("Transferred out")


ETHNICITY_CHOICES = [(name, name) for name in ETHNIC_GROUPS]

card_number_validator = RegexValidator(r"^\d{8}$", _("A Party card number has exactly 8 digits."))


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self) -> PersonQuerySet:
        return self.filter(is_active=True)

    def party_members(self) -> PersonQuerySet:
        """People holding Party membership in the cell now (transferred-out members excluded)."""
        return self.filter(is_party_member=True).exclude(party_status=PartyStatus.TRANSFERRED)

    def staff(self) -> PersonQuerySet:
        return self.filter(is_party_member=False)

    def search(self, query: str) -> PersonQuerySet:
        """Match every word of the query, ignoring case and diacritics ("nguyen van")."""
        qs = self
        for word in fold(query).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    # people part: querysets named for the pages that use them
    def for_register(self) -> PersonQuerySet:
        """The committee's register: what each row shows, in Vietnamese name order."""
        return self.select_related("department").order_by("sort_key", "pk")

    def for_directory(self) -> PersonQuerySet:
        """The members' directory: active people only, without the sensitive columns."""
        return (
            self.active()
            .select_related("department")
            .only(
                "full_name",
                "sort_key",
                "is_party_member",
                "party_position",
                "party_status",
                "job_title",
                "phone",
                "email",
                "share_contact",
                "department__name",
            )
            .order_by("sort_key", "pk")
        )


class Person(models.Model):
    """Someone of the unit: a party member or non-party staff (DOMAIN.md §8).

    People are deactivated, never deleted, so that minutes and pledges stay whole.
    """

    cell = models.ForeignKey(
        Organisation,
        verbose_name=_("cell"),
        on_delete=models.PROTECT,
        related_name="people",
        limit_choices_to={"kind": Organisation.Kind.CELL},
    )
    user = models.OneToOneField(
        User,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    full_name = models.CharField(_("full name"), max_length=120)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=40, choices=ETHNICITY_CHOICES, default="Kinh"
    )
    religion = models.CharField(_("religion"), max_length=60, default="Không", blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    share_contact = models.BooleanField(_("show phone and e-mail to the cell"), default=False)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    is_leader = models.BooleanField(
        _("leader of the unit or a department"),
        default=False,
        help_text=_("Head or deputy head of the unit or of a department"),
    )
    employment = models.CharField(
        _("employment"), max_length=12, choices=Employment.choices, default=Employment.ESTABLISHED
    )
    education = models.CharField(
        _("education"), max_length=12, choices=Education.choices, blank=True
    )
    political_theory = models.CharField(
        _("political theory"),
        max_length=12,
        choices=PoliticalTheory.choices,
        default=PoliticalTheory.NONE,
    )

    is_party_member = models.BooleanField(_("party member"), default=False)
    party_joined_on = models.DateField(_("date admitted to the Party"), null=True, blank=True)
    party_confirmed_on = models.DateField(_("date of full membership"), null=True, blank=True)
    party_card_number = models.CharField(
        _("Party card number"), max_length=8, blank=True, validators=[card_number_validator]
    )
    party_position = models.CharField(
        _("Party position"), max_length=10, choices=PartyPosition.choices, blank=True
    )
    party_status = models.CharField(
        _("Party status"), max_length=12, choices=PartyStatus.choices, blank=True
    )

    is_active = models.BooleanField(_("active"), default=True)
    left_on = models.DateField(_("date left"), null=True, blank=True)
    leave_reason = models.CharField(_("reason"), max_length=200, blank=True)

    search_text = models.CharField(max_length=400, editable=False, default="")
    sort_key = models.CharField(max_length=255, editable=False, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "sort_key", "updated_at"])
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people of the unit")
        ordering = ["sort_key", "pk"]
        indexes = [models.Index(fields=["cell", "is_active", "sort_key"], name="person_cell_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["party_card_number"],
                condition=~Q(party_card_number=""),
                name="person_unique_card_number",
            ),
            models.CheckConstraint(
                condition=Q(is_party_member=True)
                | Q(party_position="", party_status="", party_card_number=""),
                name="person_staff_has_no_party_data",
            ),
            models.CheckConstraint(
                condition=Q(is_party_member=False) | ~Q(party_status=""),
                name="person_member_has_status",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.full_name = " ".join(self.full_name.split())
        self.search_text = " ".join(
            part for part in (fold(self.full_name), fold(self.email), self.phone) if part
        )
        self.sort_key = name_sort_key(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "sort_key"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_committee(self) -> bool:
        return self.is_party_member and self.party_position in (
            PartyPosition.SECRETARY,
            PartyPosition.DEPUTY,
            PartyPosition.COMMITTEE,
        )

    @property
    def counts_in_attendance(self) -> bool:
        """Exempted members are listed at meetings but not counted (DOMAIN.md §1)."""
        return self.is_party_member and self.party_status in (
            PartyStatus.FULL,
            PartyStatus.PROBATIONARY,
        )


def user_person(user: User) -> Person | None:
    """The active person behind a login, loaded once per request object."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_chibo_person"):
        user._chibo_person = (  # type: ignore[attr-defined]
            Person.objects.select_related("cell", "cell__parent")
            .filter(user=user, is_active=True)
            .first()
        )
    return user._chibo_person  # type: ignore[attr-defined]


def user_viewer_paths(user: User) -> list[str]:
    """Tree paths of the organisations the user views as a superior committee."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_chibo_viewer_paths"):
        user._chibo_viewer_paths = list(  # type: ignore[attr-defined]
            OrganisationViewer.objects.filter(user=user, organisation__is_active=True).values_list(
                "organisation__path", flat=True
            )
        )
    return user._chibo_viewer_paths  # type: ignore[attr-defined]


# people part: yearly quality ratings of party members


class RatingLevel(models.TextChoices):
    """The four levels of the yearly quality rating of a party member (QĐ 124-QĐ/TW)."""

    EXCELLENT = "excellent", _("Excellently fulfilled duties")
    GOOD = "good", _("Well fulfilled duties")
    FULFILLED = "fulfilled", _("Fulfilled duties")
    NOT_FULFILLED = "not_fulfilled", _("Did not fulfil duties")


class YearlyRatingQuerySet(models.QuerySet["YearlyRating"]):
    def for_cell_year(self, cell: Organisation, year: int) -> YearlyRatingQuerySet:
        """Ratings of one cell's people for one year."""
        return self.filter(person__cell=cell, year=year)


class YearlyRating(models.Model):
    """A party member's quality rating for one year (xếp loại chất lượng đảng viên)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="ratings"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("rating"), max_length=14, choices=RatingLevel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = YearlyRatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("yearly rating")
        verbose_name_plural = _("yearly ratings")
        ordering = ["person", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="rating_unique_person_year"),
            # The Party was founded in 1930; nothing is rated before it.
            models.CheckConstraint(
                condition=Q(year__gte=1930) & Q(year__lte=2100), name="rating_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.year}: {self.get_level_display()}"
