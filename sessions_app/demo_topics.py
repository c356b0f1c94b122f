"""The founding case's topics (DOMAIN.md §9), built through the topic services.

In the first half of the 2020–2025 term the library cell built 12 topics and held 9 (the
seed's list, in its order). Plans 2020–2023 are approved and reported. The current term
has a 2026 plan whose Quý IV topic, drafted by `dangvien`, is circulated with its comment
window open, and a 2027 plan with a Quý I topic being drafted.

Drafting steps are taken by a lead drafter who has a demo login (the services let only
drafters submit); co-drafters without logins are assigned beside them. Nothing is created
twice: a plan or topic that exists is left as it is. No e-mail is sent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from members.demo import FoundingCase
from members.models import Person, User
from sessions_app import notifications
from sessions_app.models import AnnualPlan, Comment, TopicGroup
from sessions_app.services import topics as services

TZ = ZoneInfo(settings.TIME_ZONE)

SEED_TITLES = [
    "Nâng cao chất lượng các hoạt động thư viện",
    "Chi bộ thư viện thực hiện việc làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Giải pháp nâng cao trình độ lý luận chính trị, chuyên môn nghiệp vụ cho cán bộ viên chức",
    'Giải pháp phòng, chống, khắc phục, sửa chữa các biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện "tự diễn biến", "tự chuyển hóa" trong chi bộ',
    "Đa dạng hoá các hoạt động của hai tổ chức đoàn thể",
    "Nâng cao chất lượng việc làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh tại đơn vị",
    "Chi bộ thư viện nêu cao ý chí tự lực, tự cường, xây dựng đơn vị vững mạnh",
    'Khắc phục hạn chế, khuyết điểm sau kiểm điểm và các biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện "tự diễn biến", "tự chuyển hóa" trong chi bộ',
    "Tăng cường công tác liên kết, kết nối, chia sẻ, phát triển văn hoá đọc",
    "Tăng cường việc học tập và làm theo Bác về phong cách làm việc khoa học",
    "Đa dạng hoá các sản phẩm, dịch vụ thư viện trong tình hình mới",
    "Phát huy dân chủ trong hoạt động cơ quan",
]

LAN, HAN, HA = "Phạm Thị Lan", "Lê Thị Ngọc Hân", "Trần Thị Thu Hà"  # dangvien, chiuy, bithu
LOGIN_OF = {LAN: "dangvien", HAN: "chiuy", HA: "bithu"}
G = TopicGroup


@dataclass(frozen=True)
class DemoTopic:
    title: str
    group: str
    year: int
    quarter: int
    drafters: tuple[str, ...]  # the first one leads (has a login when the topic is worked on)
    held: bool = True
    moved_from: tuple[int, int, str] | None = None  # (year, quarter, reason)


HALF_TERM = [
    DemoTopic(SEED_TITLES[0], G.UNIT_WORK, 2020, 3, (HAN, "Võ Thị Mỹ Linh")),
    DemoTopic(SEED_TITLES[1], G.HO_CHI_MINH, 2020, 4, (HA, "Huỳnh Thị Kim Thoa")),
    DemoTopic(SEED_TITLES[2], G.QUALIFICATION, 2021, 1, (LAN, "Ngô Thanh Tùng")),
    DemoTopic(SEED_TITLES[3], G.SELF_EVOLUTION, 2021, 2, (HAN, "Thạch Thị Sa Rết")),
    DemoTopic(
        SEED_TITLES[4], G.PARTY_BUILDING, 2021, 4, (LAN, "Bùi Thị Hồng Nhung"),
        moved_from=(2021, 3, "Dịch COVID-19: tỉnh thực hiện giãn cách xã hội, chi bộ không sinh hoạt tập trung trong quý III."),
    ),
    DemoTopic(SEED_TITLES[5], G.HO_CHI_MINH, 2021, 4, (HA, "Kim Văn Sóc")),
    DemoTopic(SEED_TITLES[6], G.PARTY_BUILDING, 2022, 2, (HAN, "Đặng Thị Bích Ngọc")),
    DemoTopic(SEED_TITLES[7], G.SELF_EVOLUTION, 2022, 3, (HA, "Nguyễn Văn Dũng")),
    DemoTopic(SEED_TITLES[8], G.UNIT_WORK, 2022, 4, (LAN, "Dương Minh Trí")),
    DemoTopic(SEED_TITLES[9], G.HO_CHI_MINH, 2023, 2, ("Trương Thị Ánh Tuyết", "Lý Thị Cẩm Vân"), held=False),
    DemoTopic(SEED_TITLES[10], G.UNIT_WORK, 2023, 3, ("Mai Thị Diễm My",), held=False),
    DemoTopic(SEED_TITLES[11], G.PARTY_BUILDING, 2023, 4, ("Nguyễn Văn Dũng",), held=False),
]  # fmt: skip

CURRENT_TITLE = "Ứng dụng chuyển đổi số trong hoạt động thư viện và sinh hoạt chi bộ"
NEXT_TITLE = "Nâng cao chất lượng phục vụ bạn đọc là đồng bào dân tộc Khmer"

PLAN_NOTES = (
    "Mỗi quý tổ chức ít nhất một buổi sinh hoạt chuyên đề; phân công đảng viên chuẩn bị "
    "nội dung từ đầu năm, xây dựng đề cương chi tiết, gửi dự thảo trước để đảng viên nghiên cứu, góp ý."
)


def _at(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=TZ)


def outline(title: str, *, final: bool = False) -> str:
    """A detailed outline in the shape the cell uses (đề cương chi tiết)."""
    text = f"""## I. Mục đích, yêu cầu

Giúp đảng viên nhận thức đầy đủ về chuyên đề “{title}”, thống nhất giải pháp thực hiện tại Chi bộ Thư viện tỉnh.

## II. Thực trạng tại chi bộ, đơn vị

### 1. Ưu điểm

- Đảng viên gương mẫu, đoàn kết; nhiệm vụ chuyên môn hoàn thành.
- Chi ủy quan tâm lãnh đạo, phân công cụ thể.

### 2. Hạn chế và nguyên nhân

- Một số nội dung còn chung chung, chưa gắn với từng lĩnh vực chuyên môn.
- Việc trao đổi, góp ý trong sinh hoạt chưa thường xuyên.

## III. Giải pháp

1. Xây dựng kế hoạch, phân công cụ thể từng đảng viên từ đầu năm.
2. Gắn nội dung chuyên đề với nhiệm vụ chính trị của đơn vị.
3. Định kỳ sơ kết, rút kinh nghiệm.

## IV. Tổ chức thực hiện

Chi ủy chỉ đạo; các đảng viên thực hiện và báo cáo kết quả tại các kỳ sinh hoạt chi bộ.
"""
    if final:
        text = text.replace(
            "3. Định kỳ sơ kết, rút kinh nghiệm.",
            "3. Định kỳ sơ kết, rút kinh nghiệm.\n"
            "4. Biểu dương kịp thời đảng viên làm tốt; nêu rõ thời hạn và người chịu trách nhiệm từng việc.",
        )
    return text


def _user(case: FoundingCase, name: str) -> User:
    return case.users[LOGIN_OF[name]]


def _plan(case: FoundingCase, year: int, *, at: datetime.datetime) -> tuple[AnnualPlan, bool]:
    plan = AnnualPlan.objects.filter(cell=case.library, year=year).first()
    if plan is not None:
        return plan, False
    secretary = case.users["bithu"]
    return services.create_plan(
        case.library, by=secretary, year=year, notes=PLAN_NOTES, at=at
    ), True


def _close_plan(case: FoundingCase, plan: AnnualPlan, *, approve: bool, report: bool) -> None:
    secretary = case.users["bithu"]
    if approve:
        services.approve_plan(plan, by=secretary, at=plan.created_at + datetime.timedelta(days=15))
    if report:
        services.report_plan(plan, by=secretary, at=plan.created_at + datetime.timedelta(days=20))


def _held_topic(case: FoundingCase, plan: AnnualPlan, spec: DemoTopic) -> None:
    """Assign, draft, submit, approve, circulate, comment, present, answer, finalise."""
    y, m = spec.year, 3 * (spec.quarter - 1) + 1
    lead = spec.drafters[0]
    drafter = _user(case, lead)
    approver = case.users["chiuy" if lead == HA else "bithu"]
    quarter = spec.moved_from[1] if spec.moved_from else spec.quarter
    topic = services.create_topic(
        plan,
        by=case.users["bithu"],
        title=spec.title,
        group=spec.group,
        quarter=quarter,
        purpose="Nâng cao nhận thức và trách nhiệm của đảng viên; thống nhất giải pháp thực hiện tại đơn vị.",
        scope="Toàn thể đảng viên Chi bộ Thư viện tỉnh; gắn với nhiệm vụ chuyên môn của đơn vị.",
        drafters=[case.people[name] for name in spec.drafters],
        presenter=case.people[lead],
        due_date=datetime.date(y, m + 1, 1),
        at=plan.created_at + datetime.timedelta(days=5),
    )
    if spec.moved_from:
        services.move_topic(
            topic, by=case.users["bithu"], year=y, quarter=spec.quarter,
            reason=spec.moved_from[2], at=_at(y, 9, 25),
        )  # fmt: skip
    services.save_draft(topic, by=drafter, body=outline(spec.title), revision=0, at=_at(y, m, 12))
    services.submit_topic(topic, by=drafter, at=_at(y, m + 1, 1))
    services.approve_topic(topic, by=approver, at=_at(y, m + 1, 3))
    services.circulate_topic(
        topic, by=approver, comments_close_at=_at(y, m + 1, 15, 14), at=_at(y, m + 1, 5)
    )
    commenters = [
        case.users[login] for login in ("bithu", "chiuy", "dangvien") if login != LOGIN_OF[lead]
    ]
    on_solutions = services.post_comment(
        topic,
        by=commenters[0],
        body="Đề nghị bổ sung giải pháp biểu dương kịp thời và nêu rõ thời hạn, người chịu trách nhiệm từng việc.",
        section="s-iii-giai-phap",
        at=_at(y, m + 1, 8),
    )
    general = services.post_comment(
        topic,
        by=commenters[1],
        body="Phần thực trạng nên có số liệu cụ thể của đơn vị để đảng viên dễ theo dõi.",
        at=_at(y, m + 1, 10),
    )
    services.mark_presented(topic, by=case.users["bithu"], at=_at(y, m + 1, 15, 16))
    services.answer_comment(
        on_solutions, by=drafter, answer=Comment.Answer.ACCEPTED,
        text="Tiếp thu, đã bổ sung giải pháp 4 trong bản hoàn chỉnh.", at=_at(y, m + 1, 18),
    )  # fmt: skip
    services.answer_comment(
        general, by=drafter, answer=Comment.Answer.EXPLAINED,
        text="Số liệu chi tiết đã trình bày tại buổi sinh hoạt và lưu trong biên bản; đề cương giữ ngắn gọn.",
        at=_at(y, m + 1, 18),
    )  # fmt: skip
    services.save_draft(
        topic, by=drafter, body=outline(spec.title, final=True), revision=topic.draft_revision,
        at=_at(y, m + 1, 20),
    )  # fmt: skip
    services.finalise_topic(topic, by=drafter, at=_at(y, m + 1, 25))


def _planned_topic(case: FoundingCase, plan: AnnualPlan, spec: DemoTopic) -> None:
    services.create_topic(
        plan,
        by=case.users["bithu"],
        title=spec.title,
        group=spec.group,
        quarter=spec.quarter,
        purpose="Nâng cao nhận thức và trách nhiệm của đảng viên.",
        drafters=[case.people[name] for name in spec.drafters],
        presenter=case.people[spec.drafters[0]],
        due_date=datetime.date(spec.year, 3 * (spec.quarter - 1) + 2, 1),
        at=plan.created_at + datetime.timedelta(days=5),
    )


def _plan_day(year: int) -> datetime.datetime:
    """When a plan of the first half term was built: July 2020 for the term's first year,
    January for the next ones; the 2023 plan in November 2022, before the mid-term review,
    which counts its three topics among the twelve built in the first half of the term."""
    if year == 2020:
        return _at(2020, 7, 5)
    if year == 2023:
        return _at(2022, 11, 5)
    return _at(year, 1, 5)


def _seed_half_term(case: FoundingCase) -> None:
    for year in (2020, 2021, 2022, 2023):
        plan, created = _plan(case, year, at=_plan_day(year))
        if not created:
            continue
        for spec in (s for s in HALF_TERM if (s.moved_from or (s.year,))[0] == year):
            if spec.held:
                _held_topic(case, plan, spec)
            else:
                _planned_topic(case, plan, spec)
        # Plans were approved and reported at the start of each year; the topics above were
        # recorded through the services first, so approval comes after them here.
        plan.refresh_from_db()
        _close_plan(case, plan, approve=True, report=True)


def _seed_current_term(case: FoundingCase) -> None:
    people: dict[str, Person] = case.people
    lan, secretary = case.users["dangvien"], case.users["bithu"]
    plan, created = _plan(case, 2026, at=_at(2026, 1, 5))
    if created:
        topic = services.create_topic(
            plan,
            by=secretary,
            title=CURRENT_TITLE,
            group=G.UNIT_WORK,
            quarter=4,
            purpose="Đảng viên nắm vững yêu cầu chuyển đổi số, ứng dụng vào công việc chuyên môn và sinh hoạt chi bộ.",
            scope="Hoạt động thư viện, quản lý hồ sơ đảng viên, sinh hoạt chi bộ trực tuyến.",
            drafters=[people[LAN]],
            presenter=people[LAN],
            due_date=datetime.date(2026, 11, 1),
            at=_at(2026, 1, 10),
        )
        _close_plan(case, plan, approve=True, report=True)
        services.save_draft(
            topic, by=lan, body=outline(CURRENT_TITLE), revision=0, at=_at(2026, 10, 20)
        )
        services.submit_topic(topic, by=lan, at=_at(2026, 11, 2))
        services.approve_topic(topic, by=secretary, remark="Đồng ý nội dung.", at=_at(2026, 11, 5))
        now = timezone.now()
        close = max(_at(2026, 12, 3, 14), now + datetime.timedelta(days=7))
        circulated_at = min(_at(2026, 11, 20), now)
        services.circulate_topic(topic, by=secretary, comments_close_at=close, at=circulated_at)
        first = services.post_comment(
            topic,
            by=case.users["chiuy"],
            body="Đề nghị bổ sung lộ trình số hóa tài liệu địa chí Trà Vinh, có mốc thời gian cụ thể.",
            section="s-iii-giai-phap",
            at=circulated_at + datetime.timedelta(hours=3),
        )
        services.post_comment(
            topic,
            by=secretary,
            body="Cần nêu rõ việc bảo mật thông tin khi sinh hoạt chi bộ trực tuyến.",
            section="s-iv-to-chuc-thuc-hien",
            at=circulated_at + datetime.timedelta(hours=5),
        )
        services.answer_comment(
            first, by=lan, answer=Comment.Answer.ACCEPTED,
            text="Tiếp thu; sẽ bổ sung lộ trình đến năm 2027 vào bản hoàn chỉnh.",
            at=circulated_at + datetime.timedelta(hours=8),
        )  # fmt: skip
    plan, created = _plan(case, 2027, at=_at(2026, 11, 10))
    if created:
        topic = services.create_topic(
            plan,
            by=secretary,
            title=NEXT_TITLE,
            group=G.UNIT_WORK,
            quarter=1,
            purpose="Mở rộng phục vụ bạn đọc người Khmer: tài liệu song ngữ, giờ đọc, lưu động.",
            drafters=[people[LAN], people["Thạch Thị Sa Rết"]],
            presenter=people["Thạch Thị Sa Rết"],
            due_date=datetime.date(2027, 2, 15),
            at=_at(2026, 11, 10),
        )
        services.save_draft(
            topic, by=lan, body="## I. Mục đích, yêu cầu\n\n(đang soạn)\n", revision=0,
            at=min(_at(2026, 11, 24), timezone.now()),
        )  # fmt: skip


def seed_topics(case: FoundingCase) -> None:
    """Plans and topics of the founding case; silent (no e-mail) and idempotent."""
    with notifications.muted():
        _seed_half_term(case)
        _seed_current_term(case)
