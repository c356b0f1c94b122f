"""Forms of the people part: a person's record, leaving, a login, contact details, ratings."""

from __future__ import annotations

import datetime
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.edit_lock import TOKEN_FIELD, EditTokenMixin
from members.models import (
    Organisation,
    PartyPosition,
    Person,
    RatingLevel,
    User,
)

# Users write dates the Vietnamese way; ISO is accepted for pasted values.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
PARTY_FIELDS = (
    "party_position",
    "party_status",
    "party_joined_on",
    "party_confirmed_on",
    "party_card_number",
)


class VietnameseDateInput(forms.DateInput):
    """A text box for dd/mm/yyyy: the same on every phone, unlike the native date picker."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


def vietnamese_dates(form: forms.BaseForm) -> None:
    """Make every date field of a form read and show dd/mm/yyyy with a clear error."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.input_formats = DATE_INPUT_FORMATS
            field.widget = VietnameseDateInput()
            field.error_messages["invalid"] = _("Enter the date as dd/mm/yyyy, e.g. 19/05/1990.")


class PersonForm(EditTokenMixin, forms.ModelForm):
    """A person's record. Staff carry no Party data: it is cleared when the box is unticked."""

    class Meta:
        model = Person
        fields = [
            "full_name",
            "sex",
            "date_of_birth",
            "ethnicity",
            "religion",
            "phone",
            "email",
            "share_contact",
            "department",
            "job_title",
            "is_leader",
            "employment",
            "education",
            "political_theory",
            "is_party_member",
            *PARTY_FIELDS,
        ]

    def __init__(self, *args: Any, cell: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.LOCKED_FIELDS = tuple(self._meta.fields or ())
        self.add_edit_token(self.instance)
        self.instance.cell = cell
        self.fields["department"].queryset = cell.departments.all()
        vietnamese_dates(self)
        self.fields["party_card_number"].widget.attrs.update(
            {"inputmode": "numeric", "maxlength": "8", "autocomplete": "off"}
        )
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Personal details"),
                "full_name",
                "sex",
                "date_of_birth",
                "ethnicity",
                "religion",
                "phone",
                "email",
                "share_contact",
            ),
            Fieldset(
                _("Work"),
                "department",
                "job_title",
                "is_leader",
                "employment",
                "education",
                "political_theory",
            ),
            Fieldset(_("Party membership"), "is_party_member"),
            Div(*PARTY_FIELDS, css_id="party-fields", css_class="party-fields"),
            *([TOKEN_FIELD] if TOKEN_FIELD in self.fields else []),
        )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_party_card_number(self) -> str:
        return "".join(self.cleaned_data.get("party_card_number", "").split())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("is_party_member"):
            # Non-party staff carry no Party data (the database refuses it too).
            for name in PARTY_FIELDS:
                self.errors.pop(name, None)
                data[name] = None if name.endswith("_on") else ""
            return data
        self._check_party_data(data)
        self._check_dates(data)
        return data

    def _check_party_data(self, data: dict[str, Any]) -> None:
        if not data.get("party_status"):
            self.add_error("party_status", _("Choose the Party status of a party member."))
        if not data.get("party_position"):
            data["party_position"] = PartyPosition.MEMBER
        card = data.get("party_card_number")
        if (
            card
            and Person.objects.filter(party_card_number=card).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error(
                "party_card_number",
                _("This Party card number is already recorded for another person."),
            )

    def _check_dates(self, data: dict[str, Any]) -> None:
        today = timezone.localdate()
        born = data.get("date_of_birth")
        joined = data.get("party_joined_on")
        confirmed = data.get("party_confirmed_on")
        if born and born > today:
            self.add_error("date_of_birth", _("The date of birth cannot be in the future."))
        if joined and born and joined <= born:
            self.add_error("party_joined_on", _("The date of admission must be after birth."))
        if joined and confirmed and confirmed < joined:
            self.add_error(
                "party_confirmed_on",
                _("Full membership cannot come before admission to the Party."),
            )


class DeactivateForm(forms.Form):
    left_on = forms.DateField(label=_("Date left"))
    leave_reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("For example: retired, moved to another unit, transferred out."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"left_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        vietnamese_dates(self)

    def clean_left_on(self) -> datetime.date:
        left_on = self.cleaned_data["left_on"]
        if left_on > timezone.localdate():
            raise forms.ValidationError(_("The date left cannot be in the future."))
        return left_on


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Login name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and . @ + - _ only, e.g. hoa.nguyen"),
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This login name is taken; choose another."))
        return username


class ContactForm(EditTokenMixin, forms.ModelForm):
    """What a person changes on their own record."""

    class Meta:
        model = Person
        fields = ["phone", "email", "share_contact"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.LOCKED_FIELDS = tuple(self._meta.fields or ())
        self.add_edit_token(self.instance)
        self.fields["phone"].widget.attrs.update({"inputmode": "tel"})


class AnonymiseForm(forms.Form):
    confirm_name = forms.CharField(
        label=_("Type the person's full name to confirm"), max_length=120
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_confirm_name(self) -> str:
        typed = " ".join(self.cleaned_data["confirm_name"].split())
        if typed.casefold() != self.person.full_name.casefold():
            raise forms.ValidationError(_("The name does not match."))
        return typed


class RatingYearForm(forms.Form):
    """The year whose ratings the page shows (GET)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]


class RatingRowForm(forms.Form):
    """One party member's rating for the year; empty means not rated."""

    person = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.ChoiceField(
        label=_("Rating"),
        choices=[("", _("— not rated —")), *RatingLevel.choices],
        required=False,
    )


RatingFormSet = forms.formset_factory(RatingRowForm, extra=0, max_num=500, validate_max=True)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel (.xlsx) or CSV file"),
        help_text=_("Use the template: one person per row, headers in the first row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
