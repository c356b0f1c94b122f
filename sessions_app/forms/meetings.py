"""Forms of the meeting and minutes pages; the services hold the rules, these the fields."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Organisation, Person
from sessions_app.forms.fields import RecordsChoiceField
from sessions_app.models.meetings import Amendment, Attendance, Guest, Meeting, Minutes, Vote
from sessions_app.models.plans import Topic
from sessions_app.templatetags.meeting_tags import quarter_text

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class TopicChoiceField(RecordsChoiceField):
    def label_from_instance(self, obj: Topic) -> str:
        return f"{obj.title} ({quarter_text(obj.quarter, obj.plan.year)})"


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of meeting"), choices=Meeting.Kind.choices, widget=forms.RadioSelect
    )
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    starts_at = forms.TimeField(label=_("Start time"), widget=TIME_WIDGET)
    planned_end = forms.TimeField(label=_("Planned end time"), widget=TIME_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=200)
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=Person.objects.none())
    recorder = forms.ModelChoiceField(label=_("Recorder"), queryset=Person.objects.none())
    topics = TopicChoiceField(
        label=_("Topics presented"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One item per line. Open follow-ups of earlier meetings are added by themselves."
        ),
    )

    def __init__(
        self, *args: Any, cell: Organisation, meeting: Meeting | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        members = cell.people.active().party_members().order_by("sort_key")
        self.fields["chair"].queryset = members
        self.fields["recorder"].queryset = members
        open_topics = Topic.objects.filter(plan__cell=cell).exclude(
            state__in=[Topic.State.FINALISED, Topic.State.CANCELLED]
        )
        if meeting is not None:
            open_topics = open_topics | Topic.objects.filter(meetings=meeting)
        self.fields["topics"].queryset = (
            open_topics.select_related("plan").distinct().order_by("-plan__year", "quarter", "pk")
        )


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Attendance"),
        choices=[c for c in Attendance.Status.choices if c[0] != Attendance.Status.UNMARKED],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class GuestForm(forms.Form):
    name = forms.CharField(label=_("Guest's full name"), max_length=120)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=200, required=False)


class SpeechForm(forms.Form):
    """Speaker from the members present or the guests ("p12" or "g3"), and the gist."""

    speaker = forms.ChoiceField(label=_("Speaker"))
    gist = forms.CharField(
        label=_("Gist of what was said"),
        widget=forms.Textarea(attrs={"rows": 3, "data-keep-local": "speech"}),
    )

    def __init__(
        self,
        *args: Any,
        present: list[Person],
        guests: list[Guest],
        autofocus: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if autofocus:
            # After a speech is added the form comes back empty, ready for the next speaker.
            self.fields["speaker"].widget.attrs["autofocus"] = True
        self.people = {f"p{p.pk}": p for p in present}
        self.guests = {f"g{g.pk}": g for g in guests}
        choices: list[Any] = [("", _("— choose the speaker —"))]
        if present:
            choices.append(
                (_("Members present"), [(k, p.full_name) for k, p in self.people.items()])
            )
        if guests:
            choices.append((_("Guests"), [(k, g.name) for k, g in self.guests.items()]))
        self.fields["speaker"].choices = choices

    def speaker_and_guest(self) -> tuple[Person | None, Guest | None]:
        key = self.cleaned_data["speaker"]
        return self.people.get(key), self.guests.get(key)

    @staticmethod
    def key_of(speech: Any) -> str:
        return f"p{speech.speaker_id}" if speech.speaker_id else f"g{speech.guest_id}"


class VoteForm(forms.Form):
    subject = forms.CharField(label=_("What was voted on"), max_length=300)
    method = forms.ChoiceField(
        label=_("Method"),
        choices=Vote.Method.choices,
        widget=forms.RadioSelect,
        initial=Vote.Method.SHOW_OF_HANDS,
    )
    votes_for = forms.IntegerField(label=_("For"), min_value=0, max_value=9999)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, max_value=9999, initial=0)
    votes_abstain = forms.IntegerField(
        label=_("Abstaining"), min_value=0, max_value=9999, initial=0
    )


class FollowUpForm(forms.Form):
    description = forms.CharField(label=_("Action to take"), max_length=500)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.none())
    due_on = forms.DateField(label=_("Due date"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, cell: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = cell.people.active()
        # One query for the select (no count, no second read); the queryset validates.
        people = owner.queryset.order_by("sort_key")
        owner.widget.choices = [
            ("", owner.empty_label),
            *((person.pk, owner.label_from_instance(person)) for person in people),
        ]


class MinutesForm(forms.Form):
    """The free text of the minutes and the end time, saved together with their version."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    ended_at = forms.TimeField(label=_("The meeting ended at"), required=False, widget=TIME_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in Minutes.TEXT_FIELDS:
            self.fields[name] = forms.CharField(
                label=Minutes.text_label(name).capitalize(),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    @staticmethod
    def initial_for(minutes: Minutes) -> dict[str, Any]:
        return {
            "version": minutes.version,
            "ended_at": minutes.meeting.ended_at,
            **minutes.texts(),
        }

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in Minutes.TEXT_FIELDS}


class AmendmentForm(forms.Form):
    section = forms.ChoiceField(label=_("Part of the minutes"), choices=Amendment.Section.choices)
    text = forms.CharField(label=_("Corrected text"), widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(
        label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 2})
    )


def time_or_none(value: datetime.time | None) -> datetime.time | None:
    return value.replace(second=0, microsecond=0) if value else None
