"""Forms of the topic workflow. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from members.edit_lock import EditTokenMixin
from members.models import Organisation, Person
from sessions_app.forms.fields import RecordsChoiceField
from sessions_app.models import (
    ROMAN,
    AnnualPlan,
    Comment,
    NotificationSettings,
    Topic,
    TopicGroup,
    TopicVersion,
)
from sessions_app.uploads import ACCEPT, max_bytes

QUARTER_CHOICES = [(q, format_lazy("{} {}", _("Quarter"), ROMAN[q])) for q in (1, 2, 3, 4)]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    notes = forms.CharField(
        label=_("Aims of the year"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the cell wants to achieve with this year's thematic sessions"),
    )


class PlanNotesForm(EditTokenMixin, forms.Form):
    notes = forms.CharField(
        label=_("Aims of the year"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    LOCKED_FIELDS = AnnualPlan.EDIT_FIELDS

    def __init__(self, *args: Any, plan: AnnualPlan, **kwargs: Any) -> None:
        super().__init__(*args, initial={"notes": plan.notes}, **kwargs)
        self.add_edit_token(plan)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class PeopleChoiceField(RecordsChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class TopicForm(EditTokenMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    group = forms.ChoiceField(label=_("Topic group"), choices=TopicGroup.choices)
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTER_CHOICES, coerce=int)
    purpose = forms.CharField(
        label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    scope = forms.CharField(
        label=_("Scope"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    drafters = PeopleChoiceField(
        label=_("Drafters"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Party members assigned to draft the topic"),
    )
    presenter = PersonChoiceField(
        label=_("Presenter"), queryset=Person.objects.none(), required=False
    )
    due_date = forms.DateField(label=_("Draft due"), required=False, widget=_date_input())

    LOCKED_FIELDS = Topic.EDIT_FIELDS

    def __init__(
        self,
        *args: Any,
        cell: Organisation,
        quarter_locked: bool = False,
        topic: Topic | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_edit_token(topic)
        people = Person.objects.filter(cell=cell, is_active=True).party_members()
        self.fields["drafters"].queryset = people
        self.fields["presenter"].queryset = people
        if quarter_locked:
            self.fields["quarter"].disabled = True
            self.fields["quarter"].help_text = _(
                "The plan is approved: use “Move to a later quarter” to change it."
            )

    @staticmethod
    def initial_for(topic: Topic) -> dict[str, Any]:
        return {
            "title": topic.title,
            "group": topic.group,
            "quarter": topic.quarter,
            "purpose": topic.purpose,
            "scope": topic.scope,
            "drafters": list(topic.drafters.all()),
            "presenter": topic.presenter,
            "due_date": topic.due_date,
        }


class DraftForm(forms.Form):
    body = forms.CharField(
        label=_("Draft (Markdown)"),
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 20, "class": "form-control draft-editor", "spellcheck": "true"}
        ),
        help_text=_(
            "Start each section with “## ” and its title, e.g. “## I. Purpose and requirements”. "
            "Members can comment on each section."
        ),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class RemarkForm(forms.Form):
    remark = forms.CharField(
        label=_("Remark"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, required: bool = False, label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remark"].required = required
        if label:
            self.fields["remark"].label = label


class CommentWindowForm(RemarkForm):
    comments_close_at = forms.DateTimeField(
        label=_("Comments close at"),
        required=False,
        widget=_datetime_input(),
        help_text=_(
            "Usually when the session starts. Leave empty to keep comments open until then."
        ),
    )

    def clean_comments_close_at(self) -> Any:
        value = self.cleaned_data["comments_close_at"]
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(_("The comment deadline must be in the future."))
        return value


class MoveForm(RemarkForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTER_CHOICES, coerce=int)

    field_order = ["year", "quarter", "remark"]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, PowerPoint, Excel, OpenDocument, PNG or JPG; at most %(mb)s MB."),
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text % {
            "mb": max_bytes() // (1024 * 1024)
        }
        self.fields["file"].widget.attrs["accept"] = ACCEPT


class VideoLinkForm(forms.Form):
    url = forms.URLField(
        label=_("Video link"),
        assume_scheme="https",
        help_text=_("An address starting with http:// or https://"),
    )
    title = forms.CharField(label=_("Title"), max_length=200)

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Only http:// and https:// links are accepted."))
        return url


class CommentForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), required=False)
    body = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, version: TopicVersion | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sections = version.sections if version else []
        self.fields["section"].choices = [("", _("The whole draft"))] + [
            (s["id"], "— " * (int(s["level"]) - 2) + str(s["title"])) for s in sections
        ]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    parent = forms.IntegerField(widget=forms.HiddenInput)


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("The comment is"), choices=Comment.Answer.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))


class NotificationSettingsForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("E-mail notifications"),
        choices=NotificationSettings.Mode.choices,
        widget=forms.RadioSelect,
    )


class DiffForm(forms.Form):
    a = forms.TypedChoiceField(label=_("From version"), coerce=int)
    b = forms.TypedChoiceField(label=_("To version"), coerce=int)

    def __init__(self, *args: Any, versions: list[TopicVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(v.number, f"{v.number}. {v.get_kind_display()}") for v in versions]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices


def add_service_error(form: forms.Form, error: Exception) -> None:
    """Show a service's ValidationError on the form: by field where the form has the field."""
    if not isinstance(error, forms.ValidationError):
        raise error
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
