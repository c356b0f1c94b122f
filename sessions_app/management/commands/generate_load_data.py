"""Province-sized data for load tests: committees, cells, people, five years of work.

Rows go in with bulk inserts in batches, one transaction per cell chunk, and the fields
that `save()` would compute (organisation paths, people's search text and sort key,
rendered topic versions) are computed here.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from members.models import (
    Organisation,
    OrganisationViewer,
    PartyPosition,
    PartyStatus,
    Person,
    Sex,
    User,
)
from members.vietnamese import fold, name_sort_key
from sessions_app.backup import refresh_statistics
from sessions_app.models import (
    AnnualPlan,
    Attendance,
    Comment,
    Meeting,
    Minutes,
    PledgeArea,
    PledgeRegistration,
    PledgeRound,
    Speech,
    Topic,
    TopicGroup,
    TopicVersion,
)
from sessions_app.richtext import render_markdown

PREFIX = "load-"
BATCH = 2000
CHUNK = 10  # cells per transaction
LARGE = 5

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Thạch"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Kim", "Quốc"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam"]
SENTENCES = [
    "Đồng chí đề nghị bổ sung ví dụ thực tế của đơn vị.",
    "Cần làm rõ trách nhiệm nêu gương của cán bộ chủ chốt.",
    "Nội dung phù hợp với tình hình của chi bộ.",
    "Đề nghị gắn chuyên đề với nhiệm vụ chuyên môn trong quý.",
    "Thống nhất với dự thảo, có chỉnh sửa câu chữ ở phần II.",
]
DRAFT = (
    "## I. Mục đích, yêu cầu\n\nNâng cao nhận thức của đảng viên.\n\n"
    "## II. Nội dung\n\n{text}\n\n## III. Tổ chức thực hiện\n\nChi ủy phân công thực hiện.\n"
)


def has_load_data() -> bool:
    return Organisation.objects.filter(slug__startswith=PREFIX).exists()


class Command(BaseCommand):
    help = "Fill the database with province-sized data for load tests (bulk inserts)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cells", type=int, default=200)
        parser.add_argument("--people", type=int, default=6000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--password", default="chibo-load")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--force", action="store_true", help="run with DEBUG off")
        parser.add_argument("--replace", action="store_true", help="empty the whole database first")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not settings.DEBUG and not opts["force"]:
            raise CommandError("DEBUG is off: this looks like production. Add --force.")
        if has_load_data():
            if not opts["replace"]:
                raise CommandError("The database already has load data. Add --replace.")
            call_command("flush", interactive=False, verbosity=0)
        self.prepare(opts["seed"], opts["password"], opts["years"])
        cells = self._organisations(opts["cells"])
        # The first cell is a large agency with five times the people of the others.
        per_cell = max(opts["people"] // (len(cells) + LARGE - 1), 8)
        large = max(opts["people"] - per_cell * (len(cells) - 1), per_cell)
        for start in range(0, len(cells), CHUNK):
            with transaction.atomic():
                for index in range(start, min(start + CHUNK, len(cells))):
                    self._cell(cells[index], large if index == 0 else per_cell)
            self.stdout.write(f"{min(start + CHUNK, len(cells))}/{len(cells)} cells")
        refresh_statistics()
        self.stdout.write(self.style.SUCCESS("Load data ready."))

    def prepare(self, seed: int, password: str, years: int) -> None:
        self.rng = random.Random(seed)
        self.password = make_password(password)  # hashed once for every user
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.years = list(range(self.today.year - years + 1, self.today.year + 1))

    # organisations ---------------------------------------------------------------------

    def _org(self, kind: str, slug: str, name: str, parent: Organisation | None) -> Organisation:
        return Organisation(
            kind=kind,
            slug=PREFIX + slug,
            name=name,
            parent=parent,
            issuer_header=name.upper(),
            parent_header=(parent.name.upper() if parent else "TỈNH ỦY TRÀ VINH"),
            collective_name="CHI BỘ" if kind == Organisation.Kind.CELL else "ĐẢNG ỦY",
            short_code="CB" if kind == Organisation.Kind.CELL else "ĐU",
            place_name="Trà Vinh",
        )

    def _with_paths(self, orgs: list[Organisation]) -> list[Organisation]:
        created = Organisation.objects.bulk_create(orgs, batch_size=BATCH)
        for org in created:
            org.path = f"{org.parent.path if org.parent else '/'}{org.pk}/"
        Organisation.objects.bulk_update(created, ["path"], batch_size=BATCH)
        return created

    def _organisations(self, n_cells: int) -> list[Organisation]:
        with transaction.atomic():
            committee = Organisation.Kind.COMMITTEE
            (province,) = self._with_paths(
                [self._org(committee, "province", "Đảng bộ tỉnh (tải)", None)]
            )
            superiors = self._with_paths(
                [
                    self._org(committee, f"du-{i}", f"Đảng ủy khối {i + 1}", province)
                    for i in range(10)
                ]
            )
            cells = self._with_paths(
                [
                    self._org(
                        Organisation.Kind.CELL,
                        f"cb-{i}",
                        f"Chi bộ đơn vị {i + 1}",
                        superiors[i % len(superiors)],
                    )
                    for i in range(n_cells)
                ]
            )
            viewers = [
                self._user(f"{PREFIX}{org.slug[len(PREFIX) :]}") for org in [province, *superiors]
            ]
            User.objects.bulk_create(viewers)
            OrganisationViewer.objects.bulk_create(
                OrganisationViewer(user=u, organisation=o, title="Ủy viên")
                for u, o in zip(viewers, [province, *superiors], strict=True)
            )
        return cells

    def _user(self, username: str) -> User:
        return User(username=username, password=self.password, is_active=True)

    # one cell ----------------------------------------------------------------------------

    def _cell(self, cell: Organisation, n: int) -> None:
        people = self.add_people(cell, n)
        members = [p for p in people if p.is_party_member]
        areas = PledgeArea.objects.bulk_create(
            PledgeArea(cell=cell, name=name, position=k)
            for k, name in enumerate(["Chuyên môn", "Đạo đức, lối sống", "Tác phong"])
        )
        for year in self.years:
            self.add_year(cell, year, people, members, members[0].user, areas)

    def add_people(self, cell: Organisation, n: int, start: int = 0) -> list[Person]:
        rng = self.rng
        people = []
        for i in range(start, start + n):
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {cell.pk}-{i}"
            member = i % 7 != 6
            position = (
                PartyPosition.SECRETARY
                if i == 0
                else PartyPosition.DEPUTY
                if i == 1
                else PartyPosition.COMMITTEE
                if i < 4
                else PartyPosition.MEMBER
            )
            email = f"p{cell.pk}x{i}@example.org"
            people.append(
                Person(
                    cell=cell,
                    full_name=name,
                    sex=rng.choice([Sex.MALE, Sex.FEMALE]),
                    date_of_birth=datetime.date(rng.randint(1965, 2000), 1 + i % 12, 1 + i % 28),
                    email=email,
                    job_title="Chuyên viên",
                    is_party_member=member,
                    party_joined_on=datetime.date(2010, 5, 19) if member else None,
                    party_card_number=f"{cell.pk:04d}{i:04d}" if member else "",
                    party_position=position if member else "",
                    party_status=(
                        (PartyStatus.EXEMPTED if i % 17 == 16 else PartyStatus.FULL)
                        if member
                        else ""
                    ),
                    search_text=" ".join((fold(name), fold(email))),
                    sort_key=name_sort_key(name),
                )
            )
        # Logins for a sample: the committee and every fifth person.
        users = {
            k: self._user(f"{cell.slug}-{start + k}")
            for k in range(n)
            if start + k < 4 or (start + k) % 5 == 0
        }
        User.objects.bulk_create(users.values())
        for k, user in users.items():
            people[k].user = user
        return Person.objects.bulk_create(people, batch_size=BATCH)

    def add_year(self, cell, year, people, members, secretary, areas) -> None:
        rng = self.rng
        past = year < self.today.year
        at = datetime.datetime(year, 1, 10, 1, tzinfo=datetime.UTC)
        plan = AnnualPlan.objects.create(
            cell=cell,
            year=year,
            state=AnnualPlan.State.REPORTED if past else AnnualPlan.State.APPROVED,
            created_at=at,
            created_by=secretary,
            approved_at=at,
            approved_by=secretary,
        )
        groups = list(TopicGroup.values)
        topics = Topic.objects.bulk_create(
            Topic(
                plan=plan,
                title=f"Chuyên đề {k + 1} năm {year}: học tập và làm theo tư tưởng Hồ Chí Minh",
                group=groups[k % len(groups)],
                quarter=1 + k % 4,
                purpose="Nâng cao nhận thức, trách nhiệm của đảng viên.",
                presenter=members[k % len(members)],
                created_at=at,
            )
            for k in range(rng.randint(4, 12))
        )
        held = [t for t in topics if past or t.quarter < (self.today.month - 1) // 3 + 1]
        versions, comments = [], []
        for topic in held:
            body = DRAFT.format(text=" ".join(rng.sample(SENTENCES, 3)))
            rendered = render_markdown(body)
            for number, kind in enumerate(TopicVersion.Kind.values, start=1):
                versions.append(
                    TopicVersion(
                        topic=topic,
                        number=number,
                        kind=kind,
                        body=body,
                        body_html=rendered.html,
                        sections=rendered.sections,
                        created_at=at,
                        created_by=secretary,
                    )
                )
        TopicVersion.objects.bulk_create(versions, batch_size=BATCH)
        by_topic: dict[int, list[TopicVersion]] = {}
        for version in versions:
            by_topic.setdefault(version.topic_id, []).append(version)
        for topic in held:
            circulated, final = by_topic[topic.pk][1], by_topic[topic.pk][2]
            topic.state, topic.draft_body = Topic.State.FINALISED, final.body
            topic.circulated_version, topic.final_version = circulated, final
            for c in range(rng.randint(20, 40)):
                comments.append(
                    Comment(
                        topic=topic,
                        version=circulated,
                        author=rng.choice(members),
                        body=rng.choice(SENTENCES),
                        created_at=at + datetime.timedelta(days=20, minutes=c),
                    )
                )
        Topic.objects.bulk_update(
            held, ["state", "draft_body", "circulated_version", "final_version"]
        )
        Comment.objects.bulk_create(comments, batch_size=BATCH)
        self._meetings(cell, year, held, people, members, secretary)
        self._pledges(cell, year, people, secretary, areas)

    def _meetings(self, cell, year, held, people, members, secretary) -> None:
        rng = self.rng
        by_quarter: dict[int, list[Topic]] = {}
        for topic in held:
            by_quarter.setdefault(topic.quarter, []).append(topic)
        meetings = Meeting.objects.bulk_create(
            Meeting(
                cell=cell,
                kind=Meeting.Kind.COMBINED,
                state=Meeting.State.HELD,
                date=datetime.date(year, 3 * quarter - 1, 15),
                starts_at=datetime.time(14),
                planned_end=datetime.time(16, 30),
                ended_at=datetime.time(16, 45),
                place="Hội trường cơ quan",
                chair=members[0],
                recorder=members[1],
                created_by=secretary,
            )
            for quarter in sorted(by_quarter)
        )
        through = Meeting.topics.through
        through.objects.bulk_create(
            through(meeting=m, topic=t)
            for m, q in zip(meetings, sorted(by_quarter), strict=True)
            for t in by_quarter[q]
        )
        attendances, speeches, minutes = [], [], []
        for m_index, meeting in enumerate(meetings):
            for k, person in enumerate(members):
                exempted = person.party_status == PartyStatus.EXEMPTED
                absent = k % 13 == 5
                attendances.append(
                    Attendance(
                        meeting=meeting,
                        person=person,
                        status=(
                            Attendance.Status.ABSENT_EXCUSED
                            if absent
                            else Attendance.Status.PRESENT
                        ),
                        reason="Đi công tác" if absent else "",
                        counted=not exempted,
                    )
                )
            for k in range(rng.randint(5, 15)):
                speeches.append(
                    Speech(
                        meeting=meeting,
                        position=k + 1,
                        speaker=rng.choice(members),
                        gist=" ".join(rng.sample(SENTENCES, 2)),
                        created_by=secretary,
                    )
                )
            approved = m_index < len(meetings) - 1 or year < self.today.year
            minutes.append(
                Minutes(
                    meeting=meeting,
                    state=Minutes.State.APPROVED if approved else Minutes.State.DRAFT,
                    presentation="Đồng chí báo cáo viên trình bày nội dung chuyên đề.",
                    conclusion="Chi bộ thống nhất nội dung chuyên đề và giao chi ủy theo dõi.",
                    strengths="Đảng viên tham gia đầy đủ, phát biểu sôi nổi.",
                    limitations="Một số ý kiến chưa gắn với nhiệm vụ chuyên môn.",
                    lessons="Chuẩn bị tài liệu sớm.",
                    updated_by=secretary,
                    approved_at=self.now if approved else None,
                    approved_by=secretary if approved else None,
                )
            )
        Attendance.objects.bulk_create(attendances, batch_size=BATCH)
        Speech.objects.bulk_create(speeches, batch_size=BATCH)
        Minutes.objects.bulk_create(minutes, batch_size=BATCH)

    def _pledges(self, cell, year, people, secretary, areas) -> None:
        pledge_round = PledgeRound.objects.create(
            cell=cell,
            name=f"Đăng ký làm theo năm {year}",
            start=datetime.date(year, 1, 1),
            end=datetime.date(year, 12, 31),
            created_by=secretary,
        )
        pledge_round.areas.set(areas)
        registrations = PledgeRegistration.objects.bulk_create(
            PledgeRegistration(
                round=pledge_round,
                person=person,
                role="upper" if k < 4 else "lower",
                party_member=person.is_party_member,
                commitments="Hoàn thành tốt nhiệm vụ được giao.",
                measures="Rèn luyện tác phong, chấp hành giờ giấc.",
                deadline=datetime.date(year, 12, 31),
                registered_by=secretary,
            )
            for k, person in enumerate(people)
            if k % 2 == 0
        )
        through = PledgeRegistration.areas.through
        through.objects.bulk_create(
            (
                through(pledgeregistration=r, pledgearea=areas[i % len(areas)])
                for i, r in enumerate(registrations)
            ),
            batch_size=BATCH,
        )
