"""The founding case (DOMAIN.md §9): Chi bộ Thư viện tỉnh Trà Vinh and its people.

Every function here creates what is missing and leaves what exists untouched, so that
running the demo seed twice changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from members.models import (
    Department,
    Education,
    Employment,
    Organisation,
    OrganisationViewer,
    PartyPosition,
    PartyStatus,
    Person,
    PoliticalTheory,
    Sex,
    Term,
    User,
)

DEMO_PASSWORD = "chibo-demo"
LIBRARY_SLUG = "thu-vien-tra-vinh"

D = datetime.date
F, M = Sex.FEMALE, Sex.MALE
MA, BA, CO, SE = Education.MASTER, Education.BACHELOR, Education.COLLEGE, Education.SECONDARY
ADV, INT, ELE, NON = (
    PoliticalTheory.ADVANCED,
    PoliticalTheory.INTERMEDIATE,
    PoliticalTheory.ELEMENTARY,
    PoliticalTheory.NONE,
)
SEC, DEP, COM, MEM = (
    PartyPosition.SECRETARY,
    PartyPosition.DEPUTY,
    PartyPosition.COMMITTEE,
    PartyPosition.MEMBER,
)
BOARD, SERVICES, ADMIN = "Ban Giám đốc", "Phòng Nghiệp vụ", "Phòng Hành chính - Tổng hợp"


@dataclass(frozen=True)
class DemoPerson:
    name: str
    sex: str
    born: datetime.date
    education: str
    theory: str
    department: str
    job: str
    position: str = ""  # Party position; empty for non-party staff
    ethnicity: str = "Kinh"
    login: str = ""
    leader: bool = False
    contract: bool = False
    probationary: bool = False
    joined: datetime.date | None = None


# 16 party members: 12 women, 4 men, 2 Khmer; 3 master's and 13 bachelor's degrees;
# political theory 1 advanced, 9 intermediate, 6 elementary.
# 10 staff: 3 on contract (Decree 111); 1 Khmer, 1 Hoa; 1 master's, 4 bachelor's,
# 2 college degrees. Together: 4 master's, 17 bachelor's, 2 college (seed's figures).
LIBRARY_PEOPLE = [
    DemoPerson("Trần Thị Thu Hà", F, D(1972, 3, 14), MA, ADV, BOARD, "Giám đốc", SEC, login="bithu", leader=True, joined=D(1998, 5, 19)),
    DemoPerson("Nguyễn Văn Dũng", M, D(1975, 8, 2), MA, INT, BOARD, "Phó Giám đốc", DEP, leader=True, joined=D(2001, 9, 2)),
    DemoPerson("Lê Thị Ngọc Hân", F, D(1980, 11, 20), MA, INT, SERVICES, "Trưởng phòng Nghiệp vụ", COM, login="chiuy", leader=True, joined=D(2006, 3, 26)),
    DemoPerson("Thạch Thị Sa Rết", F, D(1983, 4, 9), BA, INT, SERVICES, "Thư viện viên", MEM, ethnicity="Khmer", joined=D(2010, 2, 3)),
    DemoPerson("Kim Văn Sóc", M, D(1986, 12, 1), BA, ELE, ADMIN, "Kế toán", MEM, ethnicity="Khmer", joined=D(2014, 5, 19)),
    DemoPerson("Phạm Thị Lan", F, D(1985, 6, 15), BA, INT, SERVICES, "Thư viện viên", MEM, login="dangvien", joined=D(2012, 8, 19)),
    DemoPerson("Võ Thị Mỹ Linh", F, D(1984, 1, 28), BA, INT, SERVICES, "Thư viện viên", MEM, joined=D(2011, 12, 22)),
    DemoPerson("Huỳnh Thị Kim Thoa", F, D(1978, 9, 5), BA, INT, ADMIN, "Trưởng phòng Hành chính - Tổng hợp", MEM, leader=True, joined=D(2005, 2, 3)),
    DemoPerson("Đặng Thị Bích Ngọc", F, D(1987, 2, 17), BA, INT, SERVICES, "Thư viện viên", MEM, joined=D(2015, 9, 2)),
    DemoPerson("Ngô Thanh Tùng", M, D(1982, 7, 30), BA, INT, ADMIN, "Chuyên viên", MEM, joined=D(2009, 3, 26)),
    DemoPerson("Bùi Thị Hồng Nhung", F, D(1988, 10, 10), BA, INT, SERVICES, "Thư viện viên", MEM, joined=D(2016, 5, 19)),
    DemoPerson("Dương Minh Trí", M, D(1990, 5, 5), BA, ELE, SERVICES, "Thư viện viên", MEM, joined=D(2018, 2, 3)),
    DemoPerson("Trương Thị Ánh Tuyết", F, D(1991, 3, 8), BA, ELE, SERVICES, "Thư viện viên", MEM, joined=D(2019, 9, 2)),
    DemoPerson("Lý Thị Cẩm Vân", F, D(1992, 12, 24), BA, ELE, ADMIN, "Văn thư", MEM, joined=D(2020, 5, 19)),
    DemoPerson("Đỗ Thị Yến Nhi", F, D(1995, 4, 30), BA, ELE, SERVICES, "Thư viện viên", MEM, probationary=True, joined=D(2025, 12, 22)),
    DemoPerson("Mai Thị Diễm My", F, D(1993, 8, 18), BA, ELE, SERVICES, "Thư viện viên", MEM, joined=D(2021, 3, 26)),
    DemoPerson("Nguyễn Thị Hoa", F, D(1994, 6, 1), BA, NON, SERVICES, "Thư viện viên", login="vienchuc"),
    DemoPerson("Thạch Thị Mai", F, D(1996, 11, 11), BA, NON, SERVICES, "Thư viện viên", ethnicity="Khmer"),
    DemoPerson("Lưu Bảo Ngọc", F, D(1997, 1, 20), BA, NON, SERVICES, "Thư viện viên", ethnicity="Hoa"),
    DemoPerson("Trần Quốc Bảo", M, D(1989, 9, 9), MA, NON, SERVICES, "Thư viện viên chính"),
    DemoPerson("Phan Thị Kiều", F, D(1998, 7, 7), BA, NON, ADMIN, "Chuyên viên"),
    DemoPerson("Lê Hoàng Nam", M, D(1999, 2, 14), CO, NON, SERVICES, "Thư viện viên"),
    DemoPerson("Châu Thị Ngọc Hạnh", F, D(2000, 10, 3), CO, NON, ADMIN, "Thủ quỹ"),
    DemoPerson("Nguyễn Văn Tư", M, D(1970, 4, 4), SE, NON, ADMIN, "Bảo vệ", contract=True),
    DemoPerson("Trần Văn Sáu", M, D(1974, 6, 6), SE, NON, ADMIN, "Lái xe", contract=True),
    DemoPerson("Võ Thị Bé", F, D(1976, 12, 12), SE, NON, ADMIN, "Tạp vụ", contract=True),
]  # fmt: skip

SIBLING_CELLS = [
    (
        "bao-tang-tra-vinh",
        "Chi bộ Bảo tàng tỉnh Trà Vinh",
        "CHI BỘ BẢO TÀNG TỈNH",
        [
            DemoPerson("Sơn Văn Hùng", M, D(1976, 5, 1), MA, INT, "Ban Giám đốc", "Giám đốc", SEC, ethnicity="Khmer", leader=True, joined=D(2000, 5, 19)),
            DemoPerson("Lê Văn Khải", M, D(1986, 7, 21), BA, ELE, "Phòng Trưng bày", "Chuyên viên", MEM, login="khac", joined=D(2013, 2, 3)),
            DemoPerson("Trịnh Thị Thanh", F, D(1990, 3, 3), BA, ELE, "Phòng Trưng bày", "Chuyên viên", MEM, joined=D(2017, 9, 2)),
            DemoPerson("Phùng Thị Xuân", F, D(1988, 1, 1), BA, NON, "Phòng Trưng bày", "Thuyết minh viên"),
        ],
    ),
    (
        "van-hoa-tra-vinh",
        "Chi bộ Trung tâm Văn hóa tỉnh Trà Vinh",
        "CHI BỘ TRUNG TÂM VĂN HÓA TỈNH",
        [
            DemoPerson("Hồ Thị Thắm", F, D(1979, 8, 8), MA, INT, "Ban Giám đốc", "Giám đốc", SEC, leader=True, joined=D(2003, 3, 26)),
            DemoPerson("Cao Văn Lực", M, D(1984, 4, 14), BA, ELE, "Phòng Nghệ thuật", "Đạo diễn", MEM, joined=D(2012, 5, 19)),
            DemoPerson("Tô Văn Phước", M, D(1960, 2, 2), BA, ELE, "Phòng Nghệ thuật", "Nhạc công", MEM, joined=D(1990, 2, 3)),
        ],
    ),
]  # fmt: skip


@dataclass
class FoundingCase:
    """What later demo steps build on."""

    province: Organisation
    superior: Organisation
    library: Organisation
    siblings: list[Organisation]
    people: dict[str, Person] = field(default_factory=dict)  # by full name, library only
    users: dict[str, User] = field(default_factory=dict)  # by login

    @property
    def secretary(self) -> Person:
        return self.people["Trần Thị Thu Hà"]

    def party_members(self) -> list[Person]:
        return [p for p in self.people.values() if p.is_party_member]

    def staff(self) -> list[Person]:
        return [p for p in self.people.values() if not p.is_party_member]


def _organisation(slug: str, **values: object) -> Organisation:
    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        org = Organisation(slug=slug, **values)
        org.save()
    return org


def _term(org: Organisation, name: str, start: datetime.date, end: datetime.date) -> None:
    Term.objects.get_or_create(organisation=org, start=start, defaults={"name": name, "end": end})


def _user(login: str, *, password_hash: str, superuser: bool = False) -> User:
    user = User.objects.filter(username=login).first()
    if user is None:
        user = User.objects.create(
            username=login,
            password=password_hash,
            is_superuser=superuser,
            is_staff=superuser,
            email=f"{login}@chibo.example",
        )
    return user


def _person(cell: Organisation, spec: DemoPerson, user: User | None) -> Person:
    existing = Person.objects.filter(cell=cell, full_name=spec.name).first()
    if existing is not None:
        return existing
    department, _created = Department.objects.get_or_create(
        cell=cell,
        name=spec.department,
        defaults={"position": 0 if "Giám đốc" in spec.department else 1},
    )
    person = Person(
        cell=cell,
        user=user,
        full_name=spec.name,
        sex=spec.sex,
        date_of_birth=spec.born,
        ethnicity=spec.ethnicity,
        # Fictional numbers; only leaders and demo logins share them with the cell.
        phone=f"09{spec.born:%y%m%d}{len(spec.name):02d}",
        share_contact=spec.leader or bool(spec.login),
        job_title=spec.job,
        department=department,
        is_leader=spec.leader,
        employment=Employment.CONTRACT if spec.contract else Employment.ESTABLISHED,
        education=spec.education,
        political_theory=spec.theory,
    )
    if spec.position:
        person.is_party_member = True
        person.party_position = spec.position
        person.party_status = PartyStatus.PROBATIONARY if spec.probationary else PartyStatus.FULL
        person.party_joined_on = spec.joined
        if spec.joined and not spec.probationary:
            person.party_confirmed_on = spec.joined.replace(year=spec.joined.year + 1)
    person.save()
    return person


def seed_founding_case() -> FoundingCase:
    """Create the organisations, terms, people and logins of the founding case."""
    password_hash = make_password(DEMO_PASSWORD)
    province = _organisation(
        "tinh-uy-tra-vinh",
        kind=Organisation.Kind.COMMITTEE,
        name="Tỉnh ủy Trà Vinh",
        issuer_header="TỈNH ỦY TRÀ VINH",
        parent_header="ĐẢNG BỘ TỈNH TRÀ VINH",
        collective_name="TỈNH ỦY",
        short_code="TU",
        place_name="Trà Vinh",
    )
    superior = _organisation(
        "dang-uy-so-vhttdl-tra-vinh",
        kind=Organisation.Kind.COMMITTEE,
        parent=province,
        name="Đảng ủy Sở Văn hóa, Thể thao và Du lịch tỉnh Trà Vinh",
        issuer_header="ĐẢNG ỦY SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
        parent_header="ĐẢNG BỘ SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
        collective_name="ĐẢNG ỦY",
        short_code="ĐU",
        place_name="Trà Vinh",
    )
    _term(superior, "Nhiệm kỳ 2020 – 2025", D(2020, 7, 15), D(2025, 7, 14))
    _term(superior, "Nhiệm kỳ 2025 – 2030", D(2025, 7, 15), D(2030, 7, 14))

    def cell(slug: str, name: str, header: str) -> Organisation:
        org = _organisation(
            slug,
            kind=Organisation.Kind.CELL,
            parent=superior,
            name=name,
            issuer_header=header,
            parent_header=header,
            collective_name="CHI BỘ",
            short_code="CB",
            place_name="Trà Vinh",
        )
        _term(org, "Nhiệm kỳ 2020 – 2025", D(2020, 6, 1), D(2025, 5, 31))
        _term(org, "Nhiệm kỳ 2025 – 2030", D(2025, 6, 1), D(2030, 5, 31))
        return org

    library = cell(LIBRARY_SLUG, "Chi bộ Thư viện tỉnh Trà Vinh", "CHI BỘ THƯ VIỆN TỈNH")
    case = FoundingCase(province=province, superior=superior, library=library, siblings=[])
    for spec in LIBRARY_PEOPLE:
        user = _user(spec.login, password_hash=password_hash) if spec.login else None
        if user:
            case.users[spec.login] = user
        case.people[spec.name] = _person(library, spec, user)
    for slug, name, header, specs in SIBLING_CELLS:
        sibling = cell(slug, name, header)
        case.siblings.append(sibling)
        for spec in specs:
            user = _user(spec.login, password_hash=password_hash) if spec.login else None
            if user:
                case.users[spec.login] = user
            _person(sibling, spec, user)

    viewer = _user("captren", password_hash=password_hash)
    OrganisationViewer.objects.get_or_create(
        user=viewer, organisation=superior, defaults={"title": "Phó Bí thư Đảng ủy"}
    )
    case.users["captren"] = viewer
    case.users["quantri"] = _user("quantri", password_hash=password_hash, superuser=True)
    return case


DEMO_LOGINS = [
    ("bithu", "Bí thư Chi bộ Thư viện tỉnh Trà Vinh"),
    ("chiuy", "Chi ủy viên Chi bộ Thư viện"),
    ("dangvien", "Đảng viên Chi bộ Thư viện"),
    ("vienchuc", "Viên chức ngoài Đảng của Thư viện"),
    ("captren", "Cấp ủy cấp trên: Đảng ủy Sở Văn hóa, Thể thao và Du lịch"),
    ("khac", "Đảng viên Chi bộ Bảo tàng tỉnh (chi bộ khác)"),
    ("quantri", "Quản trị hệ thống"),
]
