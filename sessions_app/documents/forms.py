"""Forms of the document pages: what to print, who signs, and the register's filters."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Organisation, Term
from sessions_app.documents.document import BadParameters, DocumentParams, Signer
from sessions_app.models.documents import DocumentType, IssuedDocument


class DocumentParamsForm(forms.Form):
    """The year, quarter, period or object a document is about, from a query string."""

    year = forms.IntegerField(
        label=gettext_lazy("Year"), min_value=2000, max_value=2100, required=False
    )
    quarter = forms.IntegerField(
        label=gettext_lazy("Quarter"), min_value=1, max_value=4, required=False
    )
    start = forms.DateField(label=gettext_lazy("From"), required=False)
    end = forms.DateField(label=gettext_lazy("To"), required=False)
    meeting = forms.IntegerField(min_value=1, required=False)
    topic = forms.IntegerField(min_value=1, required=False)
    round = forms.IntegerField(min_value=1, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


def parse_params(query: QueryDict | dict[str, Any]) -> DocumentParams:
    """Read document parameters ("year", "quarter", "from", "to", "meeting" …)."""
    data = {
        "year": query.get("year"),
        "quarter": query.get("quarter"),
        "start": query.get("from"),
        "end": query.get("to"),
        "meeting": query.get("meeting"),
        "topic": query.get("topic"),
        "round": query.get("round"),
    }
    form = DocumentParamsForm({k: v for k, v in data.items() if v not in (None, "")})
    if not form.is_valid():
        problems = [
            f"{form.fields[name].label or name}: {' '.join(errors)}"
            if name != "__all__"
            else " ".join(errors)
            for name, errors in form.errors.items()
        ]
        raise BadParameters("; ".join(problems))
    return DocumentParams(**{k: v for k, v in form.cleaned_data.items() if v is not None})


class IssueForm(forms.Form):
    """Issuing: who signs for the cell, from its secretary and deputy secretaries."""

    signer = forms.TypedChoiceField(
        label=gettext_lazy("Signed by"),
        coerce=int,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, signers: list[Signer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.signers = {s.person_id: s for s in signers if s.person_id is not None}
        self.fields["signer"].choices = [
            (s.person_id, f"{s.name} ({s.title.capitalize()})") for s in self.signers.values()
        ]

    def chosen_signer(self) -> Signer:
        return self.signers[self.cleaned_data["signer"]]


class RegisterFilter(django_filters.FilterSet):
    """The register of a cell, by document type and committee term."""

    doc_type = django_filters.ChoiceFilter(
        label=gettext_lazy("Document type"),
        choices=DocumentType.choices,
        empty_label=gettext_lazy("All types"),
    )
    term = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Term"),
        queryset=Term.objects.none(),
        empty_label=gettext_lazy("All terms"),
    )

    class Meta:
        model = IssuedDocument
        fields = ["doc_type", "term"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["term"].queryset = organisation.terms.order_by("-start")


class CommitteeRegisterFilter(django_filters.FilterSet):
    """The register of every cell under a committee, by type, cell and the committee's term."""

    doc_type = django_filters.ChoiceFilter(
        label=gettext_lazy("Document type"),
        choices=DocumentType.choices,
        empty_label=gettext_lazy("All types"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Cell"),
        queryset=Organisation.objects.none(),
        empty_label=gettext_lazy("All cells"),
    )
    term = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Term"),
        queryset=Term.objects.none(),
        empty_label=gettext_lazy("All terms"),
        method="filter_term",
    )

    class Meta:
        model = IssuedDocument
        fields = ["doc_type", "organisation", "term"]

    def __init__(self, *args: Any, committee: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["organisation"].queryset = (
            Organisation.objects.below(committee).cells().order_by("name")
        )
        self.filters["term"].queryset = committee.terms.order_by("-start")

    def filter_term(self, queryset: Any, name: str, value: Term | None) -> Any:
        """Cells keep their own terms: the committee's term selects by the document's date."""
        if value is None:
            return queryset
        return queryset.filter(issued_on__gte=value.start, issued_on__lte=value.end)


def _section(label: str, rows: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-control"}),
    )


class NarrativeForm(forms.Form):
    """The narrative sections of a report, edited by the committee before issue."""

    results = _section(gettext_lazy("Results"), 6)
    limitations = _section(gettext_lazy("Limitations and their causes"), 6)
    lessons = _section(gettext_lazy("Lessons"), 5)
    next_tasks = _section(gettext_lazy("Next tasks"), 5)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def sections(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in SECTION_FIELDS}


SECTION_FIELDS = ("results", "limitations", "lessons", "next_tasks")
