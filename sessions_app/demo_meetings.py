"""Demo meetings of the founding case (DOMAIN.md §9): the nine thematic sessions the library
cell held in the first half of its 2020–2025 term, with approved minutes, and one upcoming
meeting in December 2026 for the topic now circulated.

Built through the services on top of the topics the topics part seeds; when those topics
are missing nothing is created. A topic that already has a meeting is left alone, so that
running the seed twice changes nothing.
"""

from __future__ import annotations

import datetime
import logging
import random
from dataclasses import dataclass

from django.utils import timezone

from members.demo import FoundingCase
from members.models import Person
from sessions_app.models.meetings import Attendance, Meeting, Minutes, Vote
from sessions_app.models.plans import Topic
from sessions_app.services import meetings as services

logger = logging.getLogger(__name__)

D, T = datetime.date, datetime.time
CHAIR = "Trần Thị Thu Hà"
RECORDER = "Lê Thị Ngọc Hân"
PLACE = "Hội trường Thư viện tỉnh Trà Vinh"
UPCOMING_DATE = D(2026, 12, 3)  # when the 2026 topic's comment window closes

ABSENCE_REASONS = [
    "Đi công tác tại Thư viện Quốc gia",
    "Nghỉ phép năm",
    "Ốm, có đơn xin phép",
    "Con ốm, đã báo Chi ủy",
    "Tập huấn nghiệp vụ tại Cần Thơ",
    "Nghỉ chế độ thai sản",
]
LATE_REASONS = [
    "Họp tại Sở Văn hóa, Thể thao và Du lịch, về muộn 15 phút",
    "Phục vụ đoàn khách tham quan thư viện, đến muộn",
    "Trực phòng đọc thiếu nhi, đến muộn 10 phút",
]

# Gists of speeches, written as a recorder notes them; {title} is the topic's title.
SPEECH_GISTS = [
    "Thống nhất với bố cục dự thảo chuyên đề “{title}”; đề nghị bổ sung số liệu cụ thể của năm trước để so sánh, làm rõ kết quả đạt được.",
    "Phần thực trạng còn nêu chung chung; đề nghị chỉ rõ hạn chế ở từng phòng chuyên môn và người chịu trách nhiệm khắc phục.",
    "Đề xuất gắn nội dung chuyên đề với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh bằng những việc làm cụ thể hằng tháng.",
    "Bản thân nhận thấy cần tăng cường ứng dụng công nghệ thông tin trong phục vụ bạn đọc, nhất là bạn đọc ở vùng đồng bào Khmer.",
    "Đề nghị Chi ủy phân công đảng viên trẻ phụ trách các giải pháp về chuyển đổi số, có mốc thời gian hoàn thành rõ ràng.",
    "Giải pháp thứ hai cần tính đến nguồn kinh phí; đề nghị lồng ghép với kế hoạch hoạt động năm của đơn vị để khả thi.",
    "Thống nhất cao với dự thảo; đề nghị sau buổi sinh hoạt đồng chí soạn thảo tiếp thu, hoàn chỉnh và gửi lại toàn thể đảng viên.",
    "Đề nghị bổ sung tiêu chí đánh giá kết quả thực hiện để cuối năm Chi bộ có căn cứ kiểm điểm, đánh giá đảng viên.",
    "Cần phát huy hơn nữa vai trò của tổ chức Công đoàn và Đoàn Thanh niên trong triển khai nội dung chuyên đề tại đơn vị.",
    "Bản thân đăng ký thực hiện mô hình “Trên làm gương mẫu mực, dưới tích cực làm theo” gắn với nhiệm vụ được giao tại phòng.",
    "Đề nghị đa dạng hình thức trình bày: sử dụng máy chiếu, trình chiếu hình ảnh hoạt động thực tế của thư viện để chuyên đề sinh động hơn.",
    "Một số đảng viên còn ngại phát biểu; đề nghị Chi ủy tiếp tục tạo không khí dân chủ, cởi mở trong sinh hoạt.",
]
GUEST = (
    "Nguyễn Thanh Bình",
    "Phó Bí thư Đảng ủy",
    "Đảng ủy Sở Văn hóa, Thể thao và Du lịch tỉnh Trà Vinh",
)


@dataclass(frozen=True)
class Review:
    strengths: str
    limitations: str
    causes: str
    lessons: str


REVIEWS = [
    Review(
        "Dự thảo chuyên đề được chuẩn bị chu đáo, gửi trước cho đảng viên nghiên cứu; đảng viên tham gia phát biểu sôi nổi, thẳng thắn, đúng trọng tâm.",
        "Việc lựa chọn chuyên đề mang tính khoa học, sáng tạo còn lúng túng; một số giải pháp còn chung chung, chưa gắn với từng lĩnh vực chuyên môn.",
        "Thời gian chuẩn bị còn ngắn; một số đảng viên chưa dành nhiều thời gian nghiên cứu dự thảo trước buổi sinh hoạt.",
        "Phải xây dựng đề cương chi tiết và phân công chuẩn bị từ đầu năm; chọn vấn đề chi bộ còn hạn chế để cùng bàn giải pháp.",
    ),
    Review(
        "Hình thức trình bày có đổi mới, sử dụng máy chiếu và hình ảnh minh họa; không khí sinh hoạt dân chủ, cởi mở.",
        "Hình thức sinh hoạt chưa thật phong phú, đa dạng; số liệu minh chứng ở một số phần còn thiếu.",
        "Đảng viên soạn thảo kiêm nhiệm nhiều việc chuyên môn; việc thu thập số liệu giữa các phòng chưa đồng bộ.",
        "Ứng dụng công nghệ trình chiếu, video để tăng sức hấp dẫn; các phòng phối hợp cung cấp số liệu sớm cho người soạn thảo.",
    ),
    Review(
        "Đảng viên trẻ mạnh dạn phát biểu; nhiều ý kiến xây dựng thiết thực được đồng chí soạn thảo tiếp thu ngay tại buổi sinh hoạt.",
        "Một số ý kiến còn nặng về chuyên môn, chưa đi sâu vào trách nhiệm nêu gương của đảng viên.",
        "Chủ trì chưa định hướng kịp thời nội dung thảo luận vào trọng tâm của chuyên đề.",
        "Chủ trì cần gợi mở vấn đề, định hướng thảo luận; kịp thời biểu dương và thẳng thắn phê bình sau mỗi buổi sinh hoạt.",
    ),
]


def _quarter_date(year: int, quarter: int) -> datetime.date:
    """The last Thursday of the quarter's last month, the cell's usual meeting day."""
    month = quarter * 3
    day = D(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)
    while day.weekday() != 3:
        day -= datetime.timedelta(days=1)
    return day


def _after(day: datetime.date, time: datetime.time, *, minutes: int) -> datetime.time:
    return (datetime.datetime.combine(day, time) + datetime.timedelta(minutes=minutes)).time()


def _held_topics(case: FoundingCase) -> list[Topic]:
    return list(
        Topic.objects.filter(
            plan__cell=case.library,
            plan__year__gte=2020,
            plan__year__lte=2023,
            state=Topic.State.FINALISED,
        )
        .select_related("plan", "presenter")
        .prefetch_related("drafters")
        .order_by("plan__year", "quarter", "pk")
    )


def _presenter(topic: Topic) -> Person | None:
    if topic.presenter_id:
        return topic.presenter
    drafters = list(topic.drafters.all())
    return drafters[0] if drafters else None


def _details(
    case: FoundingCase, topic: Topic, date: datetime.date, starts_at: datetime.time
) -> services.MeetingDetails:
    presenter = _presenter(topic)
    agenda = [
        "Đồng chí Bí thư Chi bộ nêu mục đích, yêu cầu buổi sinh hoạt chuyên đề",
        f"Đồng chí {presenter.full_name} trình bày dự thảo chuyên đề"
        if presenter
        else "Trình bày dự thảo chuyên đề",
        "Đảng viên thảo luận, góp ý",
        "Chủ trì kết luận; Chi bộ biểu quyết thông qua",
    ]
    return services.MeetingDetails(
        kind=Meeting.Kind.THEMATIC,
        date=date,
        starts_at=starts_at,
        planned_end=_after(date, starts_at, minutes=120),
        place=PLACE,
        chair=case.people[CHAIR],
        recorder=case.people[RECORDER],
        topics=[topic],
        agenda=agenda,
    )


def _mark_attendance(meeting: Meeting, index: int, by: object) -> list[Person]:
    """Most present, one late, one or two absent with a reason; returns those present."""
    rows = list(meeting.attendances.select_related("person").order_by("person__sort_key"))
    keep = {meeting.chair_id, meeting.recorder_id}
    candidates = [row for row in rows if row.person_id not in keep and row.counted]
    absent = {candidates[(index * 5 + 2) % len(candidates)].pk}
    if index % 2 == 0:
        absent.add(candidates[(index * 5 + 7) % len(candidates)].pk)
    late = candidates[(index * 3 + 4) % len(candidates)]
    if late.pk in absent:
        late = candidates[(index * 3 + 5) % len(candidates)]
    present = []
    for n, row in enumerate(rows):
        if row.pk in absent:
            status, reason = (
                Attendance.Status.ABSENT_EXCUSED,
                ABSENCE_REASONS[(index + n) % len(ABSENCE_REASONS)],
            )
        elif row.pk == late.pk:
            status, reason = Attendance.Status.LATE, LATE_REASONS[index % len(LATE_REASONS)]
        else:
            status, reason = Attendance.Status.PRESENT, ""
        services.mark_attendance(row, by=by, status=status, reason=reason)
        if status != Attendance.Status.ABSENT_EXCUSED:
            present.append(row.person)
    return present


def _speeches(
    meeting: Meeting, topic: Topic, index: int, present: list[Person], by: object
) -> list[Person]:
    presenter = _presenter(topic)
    speakers = [
        p for p in present if p.pk not in (meeting.chair_id, getattr(presenter, "pk", None))
    ]
    count = 5 + index % 4  # 5 to 8 speakers
    # Seeded by the meeting's place in the list, so that every run picks the same people.
    unique = random.Random(index).sample(speakers, min(count, len(speakers)))
    for n, speaker in enumerate(unique):
        gist = SPEECH_GISTS[(index + n * 5) % len(SPEECH_GISTS)].format(title=topic.title)
        services.add_speech(meeting, by=by, speaker=speaker, guest=None, gist=gist)
    return unique


def _presented_at(topic: Topic) -> datetime.datetime | None:
    """When the topics part recorded the topic as presented: the session's day."""
    transition = topic.transitions.filter(action="presented").order_by("-at").first()
    return transition.at if transition else None


def _hold(case: FoundingCase, topic: Topic, index: int) -> None:
    chair_user = case.people[CHAIR].user
    presented = _presented_at(topic)
    if presented is not None:
        date = timezone.localdate(presented)
    else:
        date = _quarter_date(topic.plan.year, topic.quarter)
    # Two topics presented on one day were two sessions of one sitting, one after the other.
    earlier = Meeting.objects.filter(cell=case.library, date=date).order_by("-planned_end").first()
    starts_at = _after(date, earlier.planned_end, minutes=15) if earlier else T(14, 0)
    meeting = services.create_meeting(
        case.library, by=chair_user, details=_details(case, topic, date, starts_at)
    )
    if index % 3 == 0:
        guest = services.add_guest(
            meeting, by=chair_user, name=GUEST[0], position=GUEST[1], unit=GUEST[2]
        )
    else:
        guest = None
    present = _mark_attendance(meeting, index, chair_user)
    speakers = _speeches(meeting, topic, index, present, chair_user)
    if guest is not None:
        services.add_speech(
            meeting,
            by=chair_user,
            speaker=None,
            guest=guest,
            gist="Ghi nhận Chi bộ tổ chức sinh hoạt chuyên đề nghiêm túc, đúng hướng dẫn; đề nghị Chi bộ tiếp tục duy trì, nhân rộng cách làm hay.",
        )
    presenter = _presenter(topic)
    review = REVIEWS[index % len(REVIEWS)]
    summary = services.attendance_summary(meeting)
    services.record_vote(
        meeting,
        by=chair_user,
        subject=f"Thông qua chuyên đề “{topic.title}” và các giải pháp thực hiện",
        method=Vote.Method.SHOW_OF_HANDS,
        votes_for=summary.present,
        votes_against=0,
        votes_abstain=0,
    )
    first_speaker = speakers[0].full_name
    services.add_follow_up(
        meeting,
        by=chair_user,
        description=f"Tiếp thu ý kiến đóng góp, hoàn chỉnh chuyên đề “{topic.title}” và gửi lại Chi bộ",
        owner=presenter or case.people[RECORDER],
        due_on=date + datetime.timedelta(days=14),
    )
    services.add_follow_up(
        meeting,
        by=chair_user,
        description="Xây dựng kế hoạch triển khai các giải pháp của chuyên đề tại các phòng chuyên môn",
        owner=case.people["Huỳnh Thị Kim Thoa"],
        due_on=date + datetime.timedelta(days=30),
    )
    minutes = Minutes.objects.get(meeting=meeting)
    texts = {
        "presentation": (
            f"Đồng chí {presenter.full_name if presenter else '…'} trình bày dự thảo chuyên đề “{topic.title}” "
            "gồm ba phần: thực trạng tại đơn vị; nguyên nhân của những hạn chế; mục tiêu và giải pháp "
            "thực hiện trong thời gian tới. Dự thảo đã được gửi đến đảng viên trước buổi sinh hoạt."
        ),
        "conclusion": (
            f"Đồng chí Bí thư kết luận: Chi bộ thống nhất cao với nội dung chuyên đề “{topic.title}”. "
            "Đề nghị đồng chí soạn thảo tiếp thu đầy đủ các ý kiến phát biểu, hoàn chỉnh chuyên đề trong "
            "hai tuần; các phòng chuyên môn cụ thể hóa giải pháp vào kế hoạch công tác; mỗi đảng viên "
            "đăng ký việc làm cụ thể để thực hiện."
        ),
        "strengths": review.strengths,
        "limitations": review.limitations,
        "causes": review.causes,
        "lessons": review.lessons,
        "commendations": f"Biểu dương đồng chí {presenter.full_name if presenter else '…'} chuẩn bị dự thảo công phu; đồng chí {first_speaker} có nhiều ý kiến xây dựng thiết thực.",
        "criticisms": "Phê bình tinh thần chuẩn bị chưa chu đáo của một số đảng viên chưa nghiên cứu dự thảo trước buổi sinh hoạt.",
    }
    services.save_minutes(
        minutes,
        by=chair_user,
        base_version=minutes.version,
        texts=texts,
        ended_at=_after(date, meeting.planned_end, minutes=10 + index % 4 * 5),
    )
    # The approval happened on the meeting's day, not when the demo was seeded.
    meeting.refresh_from_db()
    moment = timezone.make_aware(
        datetime.datetime.combine(date, _after(date, meeting.ended_at, minutes=5))
    )
    services.mark_read_back(minutes, by=case.people[RECORDER].user, at=moment)
    services.approve_minutes(minutes, by=chair_user, at=moment)
    for follow_up in meeting.follow_ups.all():
        services.set_follow_up_done(
            follow_up, by=chair_user, done=True, on=follow_up.due_on - datetime.timedelta(days=2)
        )


def _upcoming(case: FoundingCase) -> Meeting | None:
    topic = (
        Topic.objects.filter(plan__cell=case.library, plan__year=2026, state=Topic.State.CIRCULATED)
        .order_by("quarter", "pk")
        .first()
    )
    if topic is None:
        return None
    if topic.meetings.exists():
        return topic.meetings.first()
    chair_user = case.people[CHAIR].user
    date = UPCOMING_DATE
    if topic.comments_close_at and timezone.localdate(topic.comments_close_at).month == 12:
        date = timezone.localdate(topic.comments_close_at)
    return services.create_meeting(
        case.library, by=chair_user, details=_details(case, topic, date, T(14, 0))
    )


def seed_meetings(case: FoundingCase) -> None:
    """The nine held sessions of 2020–2023 and the December 2026 meeting."""
    topics = _held_topics(case)
    if not topics:
        logger.warning(
            "No finalised topics of the library cell for 2020–2023: no demo meetings made."
        )
    for index, topic in enumerate(topics):
        if not topic.meetings.exists():
            _hold(case, topic, index)
    if _upcoming(case) is None:
        logger.warning(
            "No circulated 2026 topic of the library cell: no upcoming demo meeting made."
        )
