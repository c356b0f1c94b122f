"""Factories for every model; deterministic sequences so that assertions can name things."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from members.models import (
    Department,
    Organisation,
    OrganisationViewer,
    PartyPosition,
    PartyStatus,
    Person,
    RatingLevel,
    Sex,
    Term,
    User,
    YearlyRating,
)
from sessions_app.models import (
    PledgeArea,
    PledgeLevel,
    PledgeRegistration,
    PledgeRole,
    PledgeRound,
)

PASSWORD = "mật-khẩu-thử-nghiệm"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.LazyFunction(lambda: make_password(PASSWORD))


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.COMMITTEE
    name = factory.Sequence(lambda n: f"Đảng ủy Sở số {n}")
    slug = factory.Sequence(lambda n: f"dang-uy-{n}")
    issuer_header = factory.LazyAttribute(lambda o: o.name.upper())
    parent_header = factory.LazyAttribute(lambda o: o.name.upper().replace("ĐẢNG ỦY", "ĐẢNG BỘ"))
    collective_name = "ĐẢNG ỦY"
    short_code = "ĐU"
    place_name = "Trà Vinh"


class CellFactory(CommitteeFactory):
    kind = Organisation.Kind.CELL
    name = factory.Sequence(lambda n: f"Chi bộ số {n}")
    slug = factory.Sequence(lambda n: f"chi-bo-{n}")
    parent = factory.SubFactory(CommitteeFactory)
    parent_header = factory.LazyAttribute(lambda o: o.name.upper())
    collective_name = "CHI BỘ"
    short_code = "CB"


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    organisation = factory.SubFactory(CellFactory)
    name = "Nhiệm kỳ 2025 – 2030"
    start = datetime.date(2025, 6, 1)
    end = datetime.date(2030, 5, 31)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    cell = factory.SubFactory(CellFactory)
    name = factory.Sequence(lambda n: f"Phòng {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    """A party member by default; `staff=True` for non-party staff."""

    class Meta:
        model = Person

    class Params:
        staff = factory.Trait(
            is_party_member=False,
            party_position="",
            party_status="",
            party_card_number="",
            party_joined_on=None,
        )

    cell = factory.SubFactory(CellFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    sex = Sex.MALE
    date_of_birth = datetime.date(1985, 5, 19)
    is_party_member = True
    party_position = PartyPosition.MEMBER
    party_status = PartyStatus.FULL
    party_card_number = factory.Sequence(lambda n: f"{10000000 + n:08d}")
    party_joined_on = datetime.date(2010, 2, 3)


class ViewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationViewer

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(CommitteeFactory)


# --- Meetings and minutes (meetings part) -------------------------------------------------
from sessions_app.models import (  # noqa: E402
    AnnualPlan,
    Attendance,
    FollowUp,
    Guest,
    Meeting,
    Minutes,
    Speech,
    Topic,
    TopicGroup,
    Vote,
)


def meeting_topic(
    cell,
    *,
    state=Topic.State.CIRCULATED,
    title="Học tập và làm theo tư tưởng Hồ Chí Minh",
    year=2026,
    quarter=4,
):
    """A topic of the cell's plan for a year, brought to `state` through the topic services:
    drafted by a member of the cell, approved and circulated by its secretary."""
    from sessions_app.services import topics as topic_services

    people = cell.people.filter(is_party_member=True, user__isnull=False)
    secretary = people.filter(party_position=PartyPosition.SECRETARY).first()
    drafter = people.filter(party_position=PartyPosition.MEMBER).first() or secretary
    plan, _created = AnnualPlan.objects.get_or_create(cell=cell, year=year)
    topic = TopicFactory(
        plan=plan, title=title, group=TopicGroup.HO_CHI_MINH, quarter=quarter,
        drafters=[drafter], presenter=drafter,
    )  # fmt: skip
    order = [
        "planned",
        "drafting",
        "awaiting_approval",
        "approved",
        "circulated",
        "presented",
        "finalised",
    ]
    steps = {
        "drafting": lambda: topic_services.save_draft(
            topic,
            by=drafter.user,
            body="## I. Mục đích\n\nNội dung.\n",
            revision=topic.draft_revision,
        ),
        "awaiting_approval": lambda: topic_services.submit_topic(topic, by=drafter.user),
        "approved": lambda: topic_services.approve_topic(topic, by=secretary.user),
        "circulated": lambda: topic_services.circulate_topic(
            topic, by=secretary.user, comments_close_at=timezone.now() + datetime.timedelta(days=7)
        ),
        "presented": lambda: topic_services.mark_presented(topic, by=secretary.user),
        "finalised": lambda: topic_services.finalise_topic(topic, by=drafter.user),
    }
    for step in order[1 : order.index(state) + 1]:
        steps[step]()
        topic.refresh_from_db()
    return topic


class MeetingFactory(factory.django.DjangoModelFactory):
    """A thematic meeting of 120 minutes, with empty minutes and every member listed."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    cell = factory.SubFactory(CellFactory)
    kind = Meeting.Kind.THEMATIC
    date = datetime.date(2026, 11, 20)
    starts_at = datetime.time(14, 0)
    planned_end = datetime.time(16, 0)
    place = "Hội trường Thư viện tỉnh"
    chair = factory.LazyAttribute(
        lambda m: m.cell.people.filter(party_position=PartyPosition.SECRETARY).first()
    )
    recorder = factory.LazyAttribute(
        lambda m: m.cell.people.filter(party_position=PartyPosition.COMMITTEE).first()
    )

    @factory.post_generation
    def listed(self, create, extracted, **kwargs):
        if not create:
            return
        from sessions_app.services.meetings import list_attendance

        list_attendance(self)
        Minutes.objects.get_or_create(meeting=self)


class GuestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guest

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Khách mời {n}")
    position = "Phó Bí thư Đảng ủy"
    unit = "Đảng ủy Sở Văn hóa"


class SpeechFactory(factory.django.DjangoModelFactory):
    """A speech by a member (mark them present first) or, with guest=…, by a guest."""

    class Meta:
        model = Speech

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    speaker = factory.LazyAttribute(lambda s: None if s.guest else s.meeting.recorder)
    guest = None
    gist = factory.Sequence(
        lambda n: f"Ý kiến số {n}: đề nghị bổ sung số liệu về hoạt động thư viện."
    )


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    meeting = factory.SubFactory(MeetingFactory)
    subject = "Thông qua kết luận của chủ trì"
    votes_for = 3
    votes_against = 0
    votes_abstain = 0
    present = 3


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    meeting = factory.SubFactory(MeetingFactory)
    description = factory.Sequence(lambda n: f"Việc cần làm số {n}")
    owner = factory.LazyAttribute(lambda f: f.meeting.recorder)
    due_on = datetime.date(2026, 12, 31)


def mark_everyone(meeting, status=Attendance.Status.PRESENT):
    """Mark every listed member with one status (for tests that need people present)."""
    meeting.attendances.update(
        status=status, reason="ốm" if status == Attendance.Status.ABSENT_EXCUSED else ""
    )


# --- Documents (issue 7) ----------------------------------------------------------------


class IssuedDocumentFactory(factory.django.DjangoModelFactory):
    """An issued plan of a cell, numbered 01, 02 … in its term; the PDF is a stand-in."""

    class Meta:
        model = "sessions_app.IssuedDocument"

    organisation = factory.SubFactory(CellFactory)
    term = factory.LazyAttribute(
        lambda d: d.organisation.terms.first() or TermFactory(organisation=d.organisation)
    )
    doc_type = "KH"
    sequence = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(
        lambda d: f"{d.sequence:02d}-{d.doc_type}/{d.organisation.short_code}"
    )
    kind = "plan"
    params = factory.LazyAttribute(lambda d: {"year": 2026})
    title = "KẾ HOẠCH"
    summary = "sinh hoạt chuyên đề năm 2026"
    issued_on = datetime.date(2026, 1, 5)
    issued_by = factory.SubFactory(UserFactory)
    signer_name = "Trần Thị Alice"
    signer_title = "BÍ THƯ"
    pdf = b"%PDF-1.7 stand-in"
    pdf_sha256 = "0" * 64
    page_count = 1


# --- Pledges ("Trên làm gương") ------------------------------------------------------------


class PledgeAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeArea

    cell = factory.SubFactory(CellFactory)
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    position = factory.Sequence(lambda n: n)


class PledgeLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeLevel

    cell = factory.SubFactory(CellFactory)
    name = factory.Sequence(lambda n: f"Mức {n}")
    position = factory.Sequence(lambda n: n)


class PledgeRoundFactory(factory.django.DjangoModelFactory):
    """An open round (its period runs from a month ago to almost a year ahead)."""

    class Meta:
        model = PledgeRound
        skip_postgeneration_save = True

    cell = factory.SubFactory(CellFactory)
    name = factory.Sequence(lambda n: f"Cuộc {n}")
    start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=300))

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create:
            self.areas.set(
                extracted if extracted is not None else [PledgeAreaFactory(cell=self.cell)]
            )


class PledgeRegistrationFactory(factory.django.DjangoModelFactory):
    """A registration made by the person themself, not yet evaluated."""

    class Meta:
        model = PledgeRegistration
        skip_postgeneration_save = True

    round = factory.SubFactory(PledgeRoundFactory)
    person = factory.SubFactory(PersonFactory, cell=factory.SelfAttribute("..round.cell"))
    role = PledgeRole.LOWER
    party_member = factory.LazyAttribute(lambda r: r.person.is_party_member)
    commitments = factory.Sequence(lambda n: f"Cam kết số {n}")
    measures = "Báo cáo hằng quý với chi ủy."
    deadline = factory.LazyAttribute(lambda r: r.round.end)
    registered_by = factory.LazyAttribute(lambda r: r.person.user)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create:
            self.areas.set(extracted if extracted is not None else self.round.areas.all()[:1])


# people part


class YearlyRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearlyRating

    person = factory.SubFactory(PersonFactory)
    year = 2025
    level = RatingLevel.GOOD


# --- topics part: plans and topics (build later states through sessions_app.services.topics) ---
from sessions_app.models import Topic  # noqa: E402


class AnnualPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualPlan

    cell = factory.SubFactory(CellFactory)
    year = 2026


class TopicFactory(factory.django.DjangoModelFactory):
    """A planned topic; `drafters=[person, …]` assigns drafters."""

    class Meta:
        model = Topic
        skip_postgeneration_save = True

    plan = factory.SubFactory(AnnualPlanFactory)
    title = factory.Sequence(lambda n: f"Chuyên đề số {n}")
    group = TopicGroup.UNIT_WORK
    quarter = 4
    due_date = datetime.date(2026, 12, 1)

    @factory.post_generation
    def drafters(self, create, extracted, **kwargs):
        if create and extracted:
            self.drafters.set(extracted)
