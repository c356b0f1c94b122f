"""The roster of the unit with its statistics (DOMAIN.md §6, §8–§9).

The cell in numbers as the founding case reports itself ("16 đảng viên, 12 nữ, 04 nam,
02 dân tộc Khmer …"), a table of figures for the party members and the whole unit,
then the party members and the non-party staff by name. It holds sensitive personal
data, so only the committee and the superior committee may print it.

The figures are counted here from the people already loaded for the tables (one
query); when `members.statistics` lands, its counts should replace `count_figures`.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import (
    Education,
    Employment,
    Organisation,
    PartyPosition,
    PartyStatus,
    Person,
    PoliticalTheory,
    Sex,
)
from sessions_app.documents import formatting
from sessions_app.documents.document import (
    Document,
    DocumentParams,
    EmptyDocument,
    Issue,
    cell_recipients,
    collective_signature,
    default_signer,
    render_html,
)
from sessions_app.models.documents import DocumentKind, DocumentType

# The document's own words: it prints in Vietnamese whatever the interface language.
EDUCATION_WORDS = {
    Education.DOCTORATE: "tiến sĩ",
    Education.MASTER: "thạc sĩ",
    Education.BACHELOR: "đại học",
    Education.COLLEGE: "cao đẳng",
    Education.VOCATIONAL: "trung cấp",
    Education.SECONDARY: "phổ thông",
}
THEORY_WORDS = {
    PoliticalTheory.BACHELOR: "cử nhân",
    PoliticalTheory.ADVANCED: "cao cấp",
    PoliticalTheory.INTERMEDIATE: "trung cấp",
    PoliticalTheory.ELEMENTARY: "sơ cấp",
}
POSITION_WORDS = {
    PartyPosition.SECRETARY: "Bí thư",
    PartyPosition.DEPUTY: "Phó Bí thư",
    PartyPosition.COMMITTEE: "Chi ủy viên",
    PartyPosition.MEMBER: "Đảng viên",
}
POSITION_ORDER = list(POSITION_WORDS)
STATUS_NOTES = {PartyStatus.PROBATIONARY: "Dự bị", PartyStatus.EXEMPTED: "Miễn sinh hoạt"}
EMPLOYMENT_WORDS = {Employment.ESTABLISHED: "Biên chế", Employment.CONTRACT: "Hợp đồng"}


@dataclass(frozen=True)
class FigureRow:
    label: str
    party: int | None
    unit: int | None
    heading: bool = False


@dataclass(frozen=True)
class Figures:
    """The cell and its unit in numbers."""

    party_total: int
    party_female: int
    party_male: int
    party_full: int
    party_probationary: int
    party_exempted: int
    party_minorities: list[tuple[str, int]]
    unit_total: int
    established: int
    contract: int
    unit_minorities: list[tuple[str, int]]
    education: list[tuple[str, int]]
    theory: list[tuple[str, int]]
    rows: list[FigureRow]


def _minorities(people: list[Person]) -> list[tuple[str, int]]:
    counts = Counter(p.ethnicity for p in people if p.ethnicity and p.ethnicity != "Kinh")
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _in_order(counts: Counter[str], words: dict[str, str]) -> list[tuple[str, int]]:
    return [(word, counts[key]) for key, word in words.items() if counts[key]]


def count_figures(party: list[Person], unit: list[Person]) -> Figures:
    """Count what the founding case reports: sex, ethnicity, status, posts, education, theory."""
    party_sex = Counter(p.sex for p in party)
    status = Counter(p.party_status for p in party)
    employment = Counter(p.employment for p in unit)
    education = Counter(p.education for p in unit)
    theory = Counter(p.political_theory for p in unit)
    party_education = Counter(p.education for p in party)
    party_theory = Counter(p.political_theory for p in party)
    unit_sex = Counter(p.sex for p in unit)
    party_ethnic = Counter(p.ethnicity for p in party)
    unit_ethnic = Counter(p.ethnicity for p in unit)

    rows = [
        FigureRow("Tổng số", len(party), len(unit), heading=True),
        FigureRow("Nữ", party_sex[Sex.FEMALE], unit_sex[Sex.FEMALE]),
        FigureRow("Nam", party_sex[Sex.MALE], unit_sex[Sex.MALE]),
        FigureRow("Dân tộc", None, None, heading=True),
    ]
    for name in sorted(unit_ethnic, key=lambda n: (n != "Kinh", -unit_ethnic[n], n)):
        rows.append(FigureRow(name, party_ethnic[name], unit_ethnic[name]))
    rows.append(FigureRow("Vị trí việc làm", None, None, heading=True))
    for key, word in EMPLOYMENT_WORDS.items():
        rows.append(FigureRow(word, sum(1 for p in party if p.employment == key), employment[key]))
    rows.append(FigureRow("Trình độ chuyên môn", None, None, heading=True))
    for key, word in EDUCATION_WORDS.items():
        if education[key]:
            rows.append(FigureRow(word.capitalize(), party_education[key], education[key]))
    rows.append(FigureRow("Lý luận chính trị", None, None, heading=True))
    for key, word in THEORY_WORDS.items():
        if theory[key]:
            rows.append(FigureRow(word.capitalize(), party_theory[key], theory[key]))
    rows.append(FigureRow("Đảng viên", None, None, heading=True))
    rows.append(FigureRow("Chính thức", status[PartyStatus.FULL], None))
    rows.append(FigureRow("Dự bị", status[PartyStatus.PROBATIONARY], None))
    if status[PartyStatus.EXEMPTED]:
        rows.append(FigureRow("Miễn công tác và sinh hoạt", status[PartyStatus.EXEMPTED], None))

    return Figures(
        party_total=len(party),
        party_female=party_sex[Sex.FEMALE],
        party_male=party_sex[Sex.MALE],
        party_full=status[PartyStatus.FULL],
        party_probationary=status[PartyStatus.PROBATIONARY],
        party_exempted=status[PartyStatus.EXEMPTED],
        party_minorities=_minorities(party),
        unit_total=len(unit),
        established=employment[Employment.ESTABLISHED],
        contract=employment[Employment.CONTRACT],
        unit_minorities=_minorities(unit),
        education=_in_order(education, EDUCATION_WORDS),
        theory=_in_order(theory, THEORY_WORDS),
        rows=rows,
    )


@dataclass(frozen=True)
class RosterRow:
    number: int
    name: str
    male_born: str
    female_born: str
    ethnicity: str
    job: str
    position: str
    joined: str
    confirmed: str
    education: str
    theory: str
    employment: str
    note: str


def _row(number: int, person: Person) -> RosterRow:
    born = str(person.date_of_birth.year) if person.date_of_birth else ""
    department = person.department.name if person.department else ""
    # "Trưởng phòng Nghiệp vụ" already names its department.
    if department and department.lower().removeprefix("phòng ") in person.job_title.lower():
        department = ""
    job = ", ".join(part for part in (person.job_title, department) if part)
    return RosterRow(
        number=number,
        name=person.full_name,
        male_born=born if person.sex == Sex.MALE else "",
        female_born=born if person.sex == Sex.FEMALE else "",
        ethnicity=person.ethnicity,
        job=job,
        position=POSITION_WORDS.get(person.party_position, ""),
        joined=formatting.short_date(person.party_joined_on),
        confirmed=formatting.short_date(person.party_confirmed_on),
        education=EDUCATION_WORDS.get(person.education, "").capitalize(),
        theory=THEORY_WORDS.get(person.political_theory, "").capitalize(),
        employment=EMPLOYMENT_WORDS.get(person.employment, ""),
        note=STATUS_NOTES.get(person.party_status, ""),
    )


def load_people(cell: Organisation) -> tuple[list[Person], list[Person]]:
    """Active party members (committee first) and non-party staff of the unit, one query."""
    people = list(
        Person.objects.filter(cell=cell, is_active=True)
        .exclude(is_party_member=True, party_status=PartyStatus.TRANSFERRED)
        .select_related("department")
        .order_by("sort_key", "pk")
    )
    party = [p for p in people if p.is_party_member]
    party.sort(
        key=lambda p: (
            POSITION_ORDER.index(p.party_position) if p.party_position in POSITION_ORDER else 9
        )
    )
    staff = [p for p in people if not p.is_party_member]
    return party, staff


def build_roster(
    cell: Organisation, params: DocumentParams, *, issue: Issue | None = None
) -> Document:
    """Collect the unit's people and figures into a report dated today (or on issue)."""
    party, staff = load_people(cell)
    if not party and not staff:
        raise EmptyDocument(_("The cell has no people recorded yet."))
    on: datetime.date = issue.issued_on if issue else timezone.localdate()
    departments = list(cell.departments.order_by("position", "name").values_list("name", flat=True))
    return Document(
        kind=DocumentKind.ROSTER,
        doc_type=DocumentType.REPORT,
        organisation=cell,
        title="BÁO CÁO",
        summary="danh sách đảng viên, viên chức và số liệu thống kê",
        subtitle=f"(tính đến {formatting.party_date(on)})",
        body_template="documents/roster.html",
        params=DocumentParams(),
        short_name=f"Danh-sach-{on:%Y-%m-%d}",
        signatures=[collective_signature(cell, default_signer(cell, issue))],
        recipients=cell_recipients(cell, members=False),
        issue=issue,
        year=on.year,
        context={
            "figures": count_figures(party, party + staff),
            "departments": departments,
            "party_rows": [_row(i, p) for i, p in enumerate(party, start=1)],
            "staff_rows": [_row(i, p) for i, p in enumerate(staff, start=1)],
        },
    )


def roster_options(cell: Organisation) -> list[tuple[str, DocumentParams]]:
    return [(_("As of today"), DocumentParams())]


def render_roster_html(cell: Organisation, *, issue: Issue | None = None) -> str:
    """The roster with statistics as the HTML that prints."""
    return render_html(build_roster(cell, DocumentParams(), issue=issue))
