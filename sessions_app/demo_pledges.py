"""Demo pledges of the founding case: "Trên làm gương mẫu mực, dưới tích cực làm theo".

The seed (DOMAIN.md §9): in the first half of the 2020–2025 term the library cell ran the
model in 4 rounds (cuộc), integrated into its thematic sessions, with 32 registrations of
party members (lượt) and 10 staff. Here every round has 8 member registrations, each of
the 10 non-party staff registers once, and all are evaluated. A current round of 2026 is
open, and the demo logins `vienchuc` and `dangvien` have not registered in it yet.

Everything goes through the services; what exists is left alone, so a second run changes
nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from members.demo import FoundingCase
from members.models import Organisation, Person, User
from sessions_app.models import (
    Meeting,
    PledgeArea,
    PledgeLevel,
    PledgeRegistration,
    PledgeRound,
)
from sessions_app.services.pledges import (
    add_pledge_progress,
    create_pledge_round,
    ensure_pledge_defaults,
    evaluate_pledge,
    link_pledge_round_to_meeting,
    register_pledge,
)

D = datetime.date
ROUND_DAYS = 181  # about six months: registration, two quarterly reports, evaluation


@dataclass(frozen=True)
class DemoRound:
    name: str
    start: datetime.date  # used when the round is not integrated into a seeded meeting
    meeting_index: int | None  # which held thematic meeting of the half term, by date
    members: int  # party-member registrations
    staff: int  # staff registrations (each staff member once over the four rounds)


FIRST_HALF_ROUNDS = [
    DemoRound("Cuộc 1 – nhiệm kỳ 2020–2025", D(2020, 12, 15), 1, 8, 3),
    DemoRound("Cuộc 2 – nhiệm kỳ 2020–2025", D(2021, 6, 15), 3, 8, 3),
    DemoRound("Cuộc 3 – nhiệm kỳ 2020–2025", D(2021, 12, 15), 5, 8, 2),
    DemoRound("Cuộc 4 – nhiệm kỳ 2020–2025", D(2022, 6, 15), 7, 8, 2),
]
CURRENT_ROUND = "Cuộc 1 – nhiệm kỳ 2025–2030 (năm 2026)"
CURRENT_START, CURRENT_END = D(2026, 10, 1), D(2027, 9, 30)
# Registered already in the current round; `dangvien` and `vienchuc` are left to the demo.
CURRENT_REGISTERED = [
    "Trần Thị Thu Hà",
    "Lê Thị Ngọc Hân",
    "Nguyễn Văn Dũng",
    "Huỳnh Thị Kim Thoa",
    "Võ Thị Bé",
]
HALF_TERM_END = D(2023, 6, 30)

COMMITMENTS = {
    "Tư tưởng chính trị": "Học tập, quán triệt đầy đủ các nghị quyết, chỉ thị của Đảng; kiên định lập trường, không dao động trước thông tin xấu, độc trên mạng xã hội.",
    "Đạo đức, lối sống": "Sống giản dị, trung thực, thẳng thắn; không vi phạm những điều đảng viên không được làm; gương mẫu nơi cư trú.",
    "Tác phong, phong cách làm việc": "Làm việc đúng giờ, khoa học; trả lời bạn đọc tận tình, lịch sự; không để tồn đọng hồ sơ quá hạn.",
    "Tự phê bình và phê bình": "Thẳng thắn nhận khuyết điểm và góp ý xây dựng cho đồng chí, đồng nghiệp trong các buổi sinh hoạt.",
    "Trách nhiệm trong công việc": "Hoàn thành đúng hạn các nhiệm vụ được giao; chủ động đề xuất giải pháp nâng cao chất lượng phục vụ bạn đọc.",
    "Ý thức tổ chức kỷ luật": "Chấp hành nghiêm nội quy cơ quan, tham gia đầy đủ sinh hoạt chi bộ và các buổi sinh hoạt chuyên đề.",
    "Đoàn kết nội bộ": "Giữ gìn đoàn kết, hỗ trợ đồng nghiệp mới; không nói và làm trái với tập thể đã thống nhất.",
    "Quan hệ với nhân dân": "Tôn trọng, lắng nghe bạn đọc; tích cực tham gia các hoạt động đưa sách về cơ sở.",
}
MEASURES = [
    "Xây dựng kế hoạch cá nhân theo quý; tự kiểm tra hằng tháng và báo cáo tiến độ với chi ủy.",
    "Ghi sổ theo dõi việc thực hiện; nhờ đồng nghiệp cùng phòng nhắc nhở, góp ý.",
    "Đưa nội dung cam kết vào kế hoạch công tác của phòng; báo cáo kết quả trong sinh hoạt chi bộ hằng quý.",
]
PROGRESS = [
    "Đã thực hiện đầy đủ các nội dung cam kết trong quý; tham gia đầy đủ sinh hoạt chi bộ.",
    "Tiếp tục thực hiện tốt cam kết; đã khắc phục được hạn chế chi ủy nhắc nhở ở quý trước.",
]
REMARKS = [
    "Gương mẫu, tiêu biểu trong thực hiện cam kết, được chi bộ biểu dương; là tấm gương để đồng chí, đồng nghiệp học tập.",
    "Thực hiện tốt các nội dung đã đăng ký, có tiến bộ rõ trong công việc và sinh hoạt.",
    "Hoàn thành các nội dung đã cam kết; cần chủ động hơn trong đề xuất giải pháp.",
]
# Which level of the scale, by position: leaders first, then members and staff in turn.
MEMBER_LEVELS = [1, 0, 1, 2, 1]
STAFF_LEVELS = [1, 2, 1]


def _aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _held_thematic_meetings(cell: Organisation) -> list[Meeting]:
    """The cell's thematic sessions of the first half term, by date."""
    return list(
        Meeting.objects.filter(
            cell=cell,
            kind__in=[Meeting.Kind.THEMATIC, Meeting.Kind.COMBINED],
            date__lte=HALF_TERM_END,
        ).order_by("date", "pk")
    )


def _round(
    cell: Organisation, by: User, name: str, start: datetime.date, end: datetime.date,
    meeting: Meeting | None,
) -> tuple[PledgeRound, bool]:  # fmt: skip
    existing = PledgeRound.objects.filter(cell=cell, name=name).first()
    if existing is not None:
        if existing.meeting_id is None and meeting is not None:
            link_pledge_round_to_meeting(existing, by=by, meeting=meeting)
        return existing, False
    created = create_pledge_round(
        cell=cell, by=by, name=name, start=start, end=end, meeting=meeting
    )
    return created, True


def _register(
    pledge_round: PledgeRound,
    person: Person,
    *,
    secretary: User,
    areas: list[PledgeArea],
    index: int,
) -> PledgeRegistration | None:
    """Register a person unless they already are; returns the new registration only."""
    if PledgeRegistration.objects.filter(round=pledge_round, person=person).exists():
        return None
    chosen = [areas[(index + k) % len(areas)] for k in ((0, 3, 5) if person.is_leader else (0, 3))]
    return register_pledge(
        pledge_round=pledge_round,
        person=person,
        by=person.user or secretary,
        areas=chosen,
        commitments="\n".join(f"- {COMMITMENTS.get(a.name, a.name)}" for a in chosen),
        measures=MEASURES[index % len(MEASURES)],
        deadline=pledge_round.end,
        at=_aware(pledge_round.start + datetime.timedelta(days=3)),
    )


def _report_and_evaluate(
    registration: PledgeRegistration,
    *,
    secretary: User,
    level: PledgeLevel,
    remark: str,
) -> None:
    pledge_round = registration.round
    by = registration.person.user or secretary
    for k, text in enumerate(PROGRESS):
        on = pledge_round.start + datetime.timedelta(days=90 * (k + 1) - 10)
        add_pledge_progress(registration, by=by, on=on, text=text)
    evaluate_pledge(
        registration,
        by=secretary,
        level=level,
        remark=remark,
        at=_aware(pledge_round.end + datetime.timedelta(days=10), hour=15),
    )


def _level_position(registration: PledgeRegistration, turn: int) -> int:
    """A spread of ratings: leaders often excellent, most members good, staff good or done."""
    if not registration.party_member:
        return STAFF_LEVELS[turn % len(STAFF_LEVELS)]
    if registration.role == "upper" and turn % 2 == 0:
        return 0
    return MEMBER_LEVELS[turn % len(MEMBER_LEVELS)]


def seed_pledges(case: FoundingCase) -> None:
    """The founding case's 4 rounds (32 member and 10 staff registrations, evaluated) and
    the open round of 2026."""
    cell = case.library
    secretary = case.secretary.user
    assert secretary is not None  # the demo secretary signs in as `bithu`
    ensure_pledge_defaults(cell)
    areas = list(PledgeArea.objects.filter(cell=cell, is_active=True))
    levels = list(PledgeLevel.objects.filter(cell=cell, is_active=True))
    meetings = _held_thematic_meetings(cell)
    committee = [p for p in case.party_members() if p.is_committee]
    others = [p for p in case.party_members() if not p.is_committee]
    staff = case.staff()
    staff_taken = 0
    for number, spec in enumerate(FIRST_HALF_ROUNDS):
        meeting = meetings[spec.meeting_index] if spec.meeting_index < len(meetings) else None
        start = meeting.date if meeting else spec.start
        end = start + datetime.timedelta(days=ROUND_DAYS)
        pledge_round, _created = _round(cell, secretary, spec.name, start, end, meeting)
        # Only those already in the Party when the round began count as party members.
        eligible = [
            p for p in others if p.party_joined_on and p.party_joined_on <= pledge_round.start
        ]
        rotation = [eligible[(number * 5 + k) % len(eligible)] for k in range(len(eligible))]
        members = (committee + rotation)[: spec.members]
        people = members + staff[staff_taken : staff_taken + spec.staff]
        staff_taken += spec.staff
        for index, person in enumerate(people):
            registration = _register(
                pledge_round, person, secretary=secretary, areas=areas, index=number + index
            )
            if registration is None:
                continue
            position = _level_position(registration, number + index)
            _report_and_evaluate(
                registration,
                secretary=secretary,
                level=levels[position],
                remark=REMARKS[min(position, len(REMARKS) - 1)],
            )
    _seed_current_round(case, secretary, areas)


def _seed_current_round(case: FoundingCase, secretary: User, areas: list[PledgeArea]) -> None:
    pledge_round, _created = _round(
        case.library, secretary, CURRENT_ROUND, CURRENT_START, CURRENT_END, None
    )
    for index, name in enumerate(CURRENT_REGISTERED):
        registration = _register(
            pledge_round, case.people[name], secretary=secretary, areas=areas, index=index
        )
        on = CURRENT_START + datetime.timedelta(days=50)
        if registration is not None and index == 0 and on <= timezone.localdate():
            by = registration.person.user or secretary
            add_pledge_progress(registration, by=by, on=on, text=PROGRESS[0])
