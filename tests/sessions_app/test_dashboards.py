"""Dashboards: each role's home page, the superior committee's grid, the late rule, charts."""

from __future__ import annotations

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.utils import timezone

from members.charts import column_chart
from sessions_app.dashboards import cells_grid, is_late, quarter_end
from sessions_app.models import Meeting, Minutes, Topic
from sessions_app.models.meetings import Attendance
from sessions_app.services import topics as services
from tests.factories import (
    AnnualPlanFactory,
    CellFactory,
    CommitteeFactory,
    FollowUpFactory,
    MeetingFactory,
    PersonFactory,
    PledgeLevelFactory,
    PledgeRegistrationFactory,
    PledgeRoundFactory,
    TopicFactory,
)
from tests.sessions_app.conftest import advance

YEAR = timezone.localdate().year
SVG = "{http://www.w3.org/2000/svg}"


def held_meeting(cell, topic, *, approved: bool) -> Meeting:
    meeting = MeetingFactory(cell=cell, date=datetime.date(topic.plan.year, 3 * topic.quarter, 10))
    meeting.topics.add(topic)
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD)
    if approved:
        Minutes.objects.filter(meeting=meeting).update(
            state=Minutes.State.APPROVED, approved_at=timezone.now()
        )
    return meeting


def grid_page(client, world, year=YEAR) -> str:
    return client.get(f"/o/{world.superior.slug}/grid/?year={year}").content.decode()


def _home(client, year=None) -> str:
    response = client.get("/", {"year": year} if year else {})
    assert response.status_code == 200
    return response.content.decode()


# --- the late rule -------------------------------------------------------------------------


def test_a_quarter_ends_on_its_last_day():
    assert quarter_end(2023, 1) == datetime.date(2023, 3, 31)


def test_a_topic_is_not_late_on_the_last_day_of_its_quarter():
    assert not is_late(2023, 2, approved=False, today=datetime.date(2023, 6, 30))


def test_a_topic_is_late_the_day_after_its_quarter_without_approved_minutes():
    assert is_late(2023, 2, approved=False, today=datetime.date(2023, 7, 1))


def test_a_topic_with_approved_minutes_is_never_late():
    assert not is_late(2023, 2, approved=True, today=datetime.date(2024, 1, 1))


def test_a_held_topic_whose_minutes_wait_for_approval_is_late(world):
    topic = TopicFactory(plan=AnnualPlanFactory(cell=world.cell, year=2025), quarter=1)
    held_meeting(world.cell, topic, approved=False)
    grid = cells_grid(world.superior, year=2025, today=datetime.date(2025, 4, 2))
    row = next(r for r in grid.rows if r.cell == world.cell)
    assert (row.quarters[0][1].held, row.quarters[0][1].late) == (1, 1)


def test_a_topic_with_approved_minutes_counts_as_held_and_approved(world):
    topic = TopicFactory(plan=AnnualPlanFactory(cell=world.cell, year=2025), quarter=1)
    held_meeting(world.cell, topic, approved=True)
    grid = cells_grid(world.superior, year=2025, today=datetime.date(2025, 12, 1))
    figures = grid.totals[0][1]
    assert (figures.planned, figures.held, figures.approved, figures.late) == (1, 1, 1, 0)


def test_a_cancelled_topic_is_not_planned(world):
    plan = AnnualPlanFactory(cell=world.cell, year=2025)
    TopicFactory(plan=plan, quarter=1, state=Topic.State.CANCELLED)
    assert cells_grid(world.superior, year=2025).total.planned == 0


# --- the grid page ---------------------------------------------------------------------------


def test_the_viewer_sees_the_grid_of_its_cells(as_persona, world):
    page = grid_page(as_persona("viewer"), world)
    assert 'id="cells-grid"' in page and "Chi bộ Thư viện" in page and "Chi bộ Bảo tàng" in page


def test_late_cells_are_listed_first_with_a_link_to_their_plan(as_persona, world):
    plan = AnnualPlanFactory(cell=world.other_cell, year=2025)
    TopicFactory(plan=plan, quarter=1, title="Chuyên đề chậm")
    page = grid_page(as_persona("viewer"), world, 2025)
    late = page[page.index('id="late-cells"') : page.index('id="cells-grid"')]
    assert "Chi bộ Bảo tàng" in late and f"/plans/{plan.pk}/" in late


def test_a_cell_on_time_is_not_among_the_late_cells(as_persona, world):
    TopicFactory(plan=AnnualPlanFactory(cell=world.other_cell, year=2025), quarter=1)
    page = grid_page(as_persona("viewer"), world, 2025)
    late = page[page.index('id="late-cells"') : page.index('id="cells-grid"')]
    assert "Chi bộ Thư viện" not in late


def test_the_grid_has_a_totals_row(as_persona, world):
    TopicFactory(plan=AnnualPlanFactory(cell=world.cell, year=2025), quarter=2)
    TopicFactory(plan=AnnualPlanFactory(cell=world.other_cell, year=2025), quarter=2)
    grid = cells_grid(world.superior, year=2025)
    assert grid.totals[1][1].planned == 2


def test_the_grid_writes_quarters_the_party_way(as_persona, world):
    assert f"Quý II/{YEAR}" in grid_page(as_persona("viewer"), world)


def test_the_grid_covers_cells_of_sub_committees(as_persona, world):
    sub = CommitteeFactory(name="Đảng bộ cơ sở", slug="dang-bo-co-so", parent=world.superior)
    CellFactory(name="Chi bộ Nhà hát", slug="nha-hat", parent=sub)
    assert "Chi bộ Nhà hát" in grid_page(as_persona("viewer"), world)


def test_the_grid_of_another_committee_is_not_found(as_persona, world):
    other = CommitteeFactory(name="Đảng ủy Sở Y tế", slug="so-y-te")
    response = as_persona("viewer").get(f"/o/{other.slug}/grid/")
    assert response.status_code == 404


def test_the_viewer_never_sees_cells_of_another_committee(as_persona, world):
    other = CommitteeFactory(name="Đảng ủy Sở Y tế", slug="so-y-te")
    CellFactory(name="Chi bộ Bệnh viện", slug="benh-vien", parent=other)
    assert "Chi bộ Bệnh viện" not in grid_page(as_persona("viewer"), world)


@pytest.mark.parametrize(
    "persona",
    ["staff", "member", "committee_member", "secretary", "other_member", "other_secretary"],
)
def test_people_of_a_cell_do_not_reach_the_grid(as_persona, world, persona):
    client = as_persona(persona)
    assert client.get(f"/o/{world.superior.slug}/grid/").status_code == 404
    assert client.get("/grid/").status_code == 404


def test_the_viewer_is_sent_to_the_grid_of_its_committee(as_persona, world):
    response = as_persona("viewer").get("/grid/?year=x")
    assert response["Location"] == f"/o/{world.superior.slug}/grid/?year={YEAR}"


def test_a_cell_has_no_grid(as_persona, world):
    assert as_persona("viewer").get(f"/o/{world.cell.slug}/grid/").status_code == 404


def test_the_admin_picks_any_committee(as_persona, world):
    response = as_persona("admin").get("/grid/", {"committee": world.superior.slug, "year": 2024})
    assert response["Location"] == f"/o/{world.superior.slug}/grid/?year=2024"


def test_a_bad_year_falls_back_to_this_year(as_persona, world):
    page = as_persona("viewer").get(f"/o/{world.superior.slug}/grid/?year=abc").content.decode()
    assert f"Quý I/{YEAR}" in page


def test_the_anonymous_visitor_is_sent_to_sign_in(client, world):
    assert client.get(f"/o/{world.superior.slug}/grid/").status_code == 302


def _grid_world(world, cells: int) -> None:
    for n in range(cells):
        cell = CellFactory(name=f"Chi bộ {n}", slug=f"cb-{n}", parent=world.superior)
        plan = AnnualPlanFactory(cell=cell, year=2025)
        for quarter in (1, 2):
            topic = TopicFactory(plan=plan, quarter=quarter)
            held_meeting(cell, topic, approved=quarter == 1)


@pytest.mark.parametrize("cells", [3, 30])
@pytest.mark.parametrize("where", ["grid", "home"])
def test_the_grid_reads_a_fixed_number_of_queries(
    as_persona, world, django_assert_max_num_queries, cells, where
):
    _grid_world(world, cells)
    client = as_persona("viewer")
    with django_assert_max_num_queries(15):
        page = grid_page(client, world, 2025) if where == "grid" else _home(client, 2025)
    assert "Chi bộ 2" in page[page.index('id="cells-grid"') :]


def test_the_viewer_sees_the_grid_on_the_home_page(as_persona, world):
    plan = AnnualPlanFactory(cell=world.other_cell, year=2025)
    TopicFactory(plan=plan, quarter=1, title="Chuyên đề chậm")
    page = _home(as_persona("viewer"), 2025)
    late = page[page.index('id="late-cells"') : page.index('id="cells-grid"')]
    assert "Chi bộ Bảo tàng" in late and f"/plans/{plan.pk}/" in late
    assert "Chi bộ Thư viện" in page[page.index('id="cells-grid"') :]
    assert f"/c/{world.cell.slug}/documents/" in page


def test_the_home_grid_never_shows_cells_of_another_committee(as_persona, world):
    other = CommitteeFactory(name="Đảng ủy Sở Y tế", slug="so-y-te")
    CellFactory(name="Chi bộ Bệnh viện", slug="benh-vien", parent=other)
    assert "Chi bộ Bệnh viện" not in _home(as_persona("viewer"))


@pytest.mark.parametrize("year", ["abc", "²", "99999999999999999999", "-1"])
def test_a_bad_year_on_the_home_page_falls_back_to_this_year(as_persona, world, year):
    assert f"Quý I/{YEAR}" in _home(as_persona("viewer"), year)


def test_the_admin_sees_the_grid_of_a_top_committee(as_persona, world):
    assert 'id="cells-grid"' in _home(as_persona("admin"))


@pytest.mark.parametrize("persona", ["staff", "member", "secretary", "other_secretary"])
def test_people_of_a_cell_have_no_grid_on_their_home_page(as_persona, world, persona):
    assert 'id="cells-grid"' not in _home(as_persona(persona))


# --- home pages by role ----------------------------------------------------------------------


def test_the_secretary_sees_drafts_awaiting_approval(as_persona, world):
    TopicFactory(
        plan=AnnualPlanFactory(cell=world.cell, year=YEAR),
        title="Chuyên đề chờ duyệt",
        state=Topic.State.AWAITING_APPROVAL,
    )
    assert "Chuyên đề chờ duyệt" in as_persona("secretary").get("/").content.decode()


def test_a_member_never_sees_the_committees_work(as_persona, world):
    TopicFactory(
        plan=AnnualPlanFactory(cell=world.cell, year=YEAR),
        title="Chuyên đề chờ duyệt",
        state=Topic.State.AWAITING_APPROVAL,
    )
    page = as_persona("member").get("/").content.decode()
    assert "Chuyên đề chờ duyệt" not in page and "Bản đăng ký cần đánh giá" not in page


def test_a_member_sees_the_topics_they_draft(as_persona, world):
    TopicFactory(
        plan=AnnualPlanFactory(cell=world.cell, year=YEAR),
        title="Chuyên đề của tôi",
        drafters=[world.member],
    )
    assert "Chuyên đề của tôi" in as_persona("member").get("/").content.decode()


def test_the_committee_sees_overdue_follow_ups(as_persona, world):
    meeting = MeetingFactory(cell=world.cell)
    FollowUpFactory(
        meeting=meeting, owner=world.member, description="Sửa nội quy phòng đọc",
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )  # fmt: skip
    assert "Sửa nội quy phòng đọc" in as_persona("committee_member").get("/").content.decode()


def test_a_member_sees_follow_ups_they_own(as_persona, world):
    meeting = MeetingFactory(cell=world.cell)
    FollowUpFactory(meeting=meeting, owner=world.member, description="Báo cáo số liệu")
    assert "Báo cáo số liệu" in as_persona("member").get("/").content.decode()


def test_staff_see_only_their_pledge(as_persona, world):
    page = as_persona("staff").get("/").content.decode()
    assert "Bản đăng ký của tôi" in page and "Buổi sinh hoạt sắp tới" not in page


def test_the_secretary_without_a_plan_is_told_to_draw_one_up(as_persona, world):
    assert "Lập kế hoạch năm" in as_persona("secretary").get("/").content.decode()


def test_the_next_meeting_is_written_as_a_long_date(as_persona, world):
    day = timezone.localdate() + datetime.timedelta(days=5)
    MeetingFactory(cell=world.cell, date=day)
    page = as_persona("member").get("/").content.decode()
    assert f"ngày {day.day} tháng {day.month} năm {day.year}" in page


def test_the_viewer_home_links_to_the_grid(as_persona, world):
    assert f"/o/{world.superior.slug}/grid/" in as_persona("viewer").get("/").content.decode()


def _full_cell_world(world, size: int) -> None:
    """Every card and chart of the secretary's home has something to show, `size` times."""
    today = timezone.localdate()
    plan = AnnualPlanFactory(cell=world.cell, year=YEAR)
    level = PledgeLevelFactory(cell=world.cell)
    evaluated = PledgeRoundFactory(cell=world.cell)
    overdue = PledgeRoundFactory(
        cell=world.cell, start=today - datetime.timedelta(days=400), end=today.replace(day=1)
    )
    for n in range(size):
        drafters = [world.member, world.secretary]
        waiting, circulated, planned = (
            TopicFactory(plan=plan, quarter=n % 4 + 1, drafters=drafters) for _ in range(3)
        )
        advance(world, waiting, "awaiting_approval")
        advance(world, circulated, "circulated")
        services.post_comment(circulated, by=world.committee_member.user, body=f"Ý kiến {n}.")
        meeting = MeetingFactory(cell=world.cell, date=today + datetime.timedelta(n + 1))
        meeting.topics.add(planned)
        held = MeetingFactory(cell=world.cell, date=today - datetime.timedelta(days=20 * (n + 1)))
        Meeting.objects.filter(pk=held.pk).update(state=Meeting.State.HELD)
        Attendance.objects.update_or_create(
            meeting=held, person=world.member, defaults={"status": Attendance.Status.PRESENT}
        )
        FollowUpFactory(meeting=meeting, owner=world.member, due_on=datetime.date(2020, 1, 1))
        person = PersonFactory(cell=world.cell)
        PledgeRegistrationFactory(
            round=evaluated, person=person, level=level, evaluated_at=timezone.now()
        )
        PledgeRegistrationFactory(round=overdue, person=person)


@pytest.mark.parametrize("size", [1, 12])
def test_the_secretarys_home_reads_at_most_15_queries_whatever_it_shows(
    as_persona, world, django_assert_max_num_queries, size
):
    secretary = as_persona("secretary")
    _full_cell_world(world, size)
    with django_assert_max_num_queries(15):
        response = secretary.get("/")
    board = response.context["board"]
    assert board.next_meeting and board.to_approve and board.unanswered and board.to_read
    assert board.my_topics and board.overdue_follow_ups and board.pledge_rounds_to_evaluate
    assert len(response.context["charts"]) == 4  # plan, attendance, comments, pledges


def test_the_cards_list_each_topic_where_it_waits(as_persona, world):
    _full_cell_world(world, 2)
    board = as_persona("secretary").get("/").context["board"]
    assert {t.state for t in board.to_approve} == {Topic.State.AWAITING_APPROVAL}
    assert {t.state for t in board.to_read} == {Topic.State.CIRCULATED}
    assert [t.unanswered_count for t in board.unanswered] == [1, 1]
    assert len(board.my_topics) == 6  # the secretary drafts all six, none finished


def test_the_grid_is_kept_for_a_minute_for_every_viewer(
    as_persona, world, settings, django_assert_max_num_queries
):
    settings.CHIBO = {**settings.CHIBO, "GRID_CACHE_SECONDS": 60}
    topic = TopicFactory(plan=AnnualPlanFactory(cell=world.cell, year=YEAR), quarter=1)
    viewer = as_persona("viewer")

    def grid_part() -> str:
        page = grid_page(viewer, world)
        return page[page.index('id="late-cells"') : page.index("</table>")]

    first = grid_part()
    held_meeting(world.cell, topic, approved=True)
    with django_assert_max_num_queries(7):  # the grid's four queries are not among them
        again = grid_part()
    assert again == first  # a minute behind: the new meeting is not seen yet
    cache.clear()  # the minute is over
    assert grid_part() != first


# --- charts ----------------------------------------------------------------------------------


def _chart() -> str:
    return str(
        column_chart(
            ["Quý I", "Quý II"],
            [("Kế hoạch", [2, 1]), ("Đã tổ chức", [1, 0])],
            title="Kế hoạch năm 2025",
            desc="Quý I: 2 theo kế hoạch, 1 đã tổ chức",
        )
    )


def test_a_column_chart_is_valid_svg_with_a_title():
    root = ET.fromstring(_chart())
    assert root.find(f"{SVG}title").text == "Kế hoạch năm 2025"


def test_a_column_chart_labels_its_categories():
    texts = [t.text for t in ET.fromstring(_chart()).iter(f"{SVG}text")]
    assert "Quý II" in texts and "Đã tổ chức" in texts


def test_the_home_page_charts_have_a_table_for_screen_readers(as_persona, world):
    TopicFactory(plan=AnnualPlanFactory(cell=world.cell, year=YEAR), quarter=1)
    page = as_persona("secretary").get("/").content.decode()
    assert '<div class="visually-hidden"><table>' in page and "<svg" in page


def test_a_chart_prints_in_a_pdf():
    from pypdf import PdfReader
    from weasyprint import HTML

    pdf = HTML(string=f"<html><body>{_chart()}</body></html>").write_pdf()
    assert "Đã tổ chức" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
