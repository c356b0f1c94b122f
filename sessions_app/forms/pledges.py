"""Forms of the pledge pages. They only collect input: the services validate the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from members.models import Organisation, Person
from sessions_app.forms.fields import RecordsChoiceField
from sessions_app.models import (
    Meeting,
    PledgeArea,
    PledgeLevel,
    PledgeRole,
    PledgeRound,
)

DATE_WIDGET = {"type": "date"}
# Large, touch-sized checkboxes and radio buttons (the font size sets a Bootstrap checkbox's size).
CHOICE_INPUT = "form-check-input fs-4 m-0 flex-shrink-0"


def _date_input() -> forms.DateInput:
    # ISO dates, the only format <input type="date"> accepts as its value.
    return forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.get_kind_display()} – {date_format(obj.date, 'SHORT_DATE_FORMAT')}"


class PledgeRoundForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("For example: Cuộc 5 – năm 2026"),
    )
    start = forms.DateField(label=_("Start of the period"), widget=_date_input())
    end = forms.DateField(label=_("End of the period"), widget=_date_input())
    meeting = MeetingChoiceField(
        label=_("Integrated into the meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("Not integrated"),
    )
    areas = RecordsChoiceField(
        label=_("Areas offered"),
        queryset=PledgeArea.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": CHOICE_INPUT}),
        required=False,
    )

    def __init__(
        self, *args: Any, cell: Organisation, pledge_round: PledgeRound | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(cell=cell).order_by("-date")
        # A round keeps showing an area it offers even after the cell stopped using it.
        offered = Q(rounds=pledge_round) if pledge_round is not None else Q(pk__in=[])
        self.fields["areas"].queryset = PledgeArea.objects.filter(
            Q(is_active=True) | offered, cell=cell
        ).distinct()

    @classmethod
    def initial_for(cls, pledge_round: PledgeRound) -> dict[str, Any]:
        return {
            "name": pledge_round.name,
            "start": pledge_round.start,
            "end": pledge_round.end,
            "meeting": pledge_round.meeting_id,
            "areas": list(pledge_round.areas.values_list("pk", flat=True)),
        }


class PledgeForm(forms.Form):
    """A person's pledge: areas, commitments, measures and a deadline."""

    areas = RecordsChoiceField(
        label=_("Areas in which you will set the example"),
        queryset=PledgeArea.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": CHOICE_INPUT}),
        required=False,
    )
    commitments = forms.CharField(
        label=_("Concrete commitments"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What you will do, in a few concrete points."),
    )
    measures = forms.CharField(
        label=_("Measures"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("How you will carry it out, and when."),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=_date_input(), required=False)

    def __init__(self, *args: Any, pledge_round: PledgeRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = pledge_round.areas.all()
        if not self.is_bound and "deadline" not in self.initial:
            self.initial["deadline"] = pledge_round.end


class OnBehalfPledgeForm(PledgeForm):
    """The committee registers for someone, e.g. an older member without a login."""

    person = forms.ModelChoiceField(label=_("Registering for"), queryset=Person.objects.none())
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("By position")), *PledgeRole.choices],
        required=False,
        help_text=_(
            "By position, committee members and heads of the unit and its departments set "
            "the example."
        ),
    )
    field_order = ["person", "role", "areas", "commitments", "measures", "deadline"]

    def __init__(self, *args: Any, pledge_round: PledgeRound, **kwargs: Any) -> None:
        super().__init__(*args, pledge_round=pledge_round, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.filter(cell=pledge_round.cell_id)
            .active()
            .exclude(pledge_registrations__round=pledge_round)
            .order_by("sort_key", "pk")
        )


class ProgressForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=_date_input(), required=False)
    text = forms.CharField(
        label=_("What you have done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class EvaluationForm(forms.Form):
    level = forms.ModelChoiceField(
        label=_("Evaluation"),
        queryset=PledgeLevel.objects.none(),
        widget=forms.RadioSelect(attrs={"class": CHOICE_INPUT}),
        required=False,
        empty_label=None,
    )
    remark = forms.CharField(
        label=_("Remark"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, cell: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = PledgeLevel.objects.filter(cell=cell, is_active=True)


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=PledgeRole.choices,
        widget=forms.RadioSelect(attrs={"class": CHOICE_INPUT}),
    )


class PledgeOptionForm(forms.ModelForm):
    """One row of a cell's areas or evaluation scale; the empty rows add new ones."""

    class Meta:
        fields = ["name", "position", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An existing row keeps a name; an empty new row is simply left out.
        self.fields["name"].required = self.instance.pk is not None
        self.fields["position"].required = False


def option_formset(
    model: type[PledgeArea] | type[PledgeLevel],
    queryset: QuerySet[Any],
    data: Any = None,
) -> forms.BaseModelFormSet:
    formset_class = forms.modelformset_factory(
        model, form=PledgeOptionForm, fields=["name", "position", "is_active"], extra=2
    )
    return formset_class(data, queryset=queryset, prefix="options")
