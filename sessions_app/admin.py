from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sessions_app.models import (
    PledgeArea,
    PledgeLevel,
    PledgeProgress,
    PledgeRegistration,
    PledgeRound,
)
from sessions_app.models.documents import IssuedDocument
from sessions_app.models.meetings import (
    AgendaItem,
    Amendment,
    Attendance,
    FollowUp,
    Guest,
    Meeting,
    Minutes,
    Speech,
    Vote,
)

# --- Documents (issue 7) ----------------------------------------------------------------


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(SimpleHistoryAdmin):
    """Read-only: documents are issued from the cell's pages and never change."""

    list_display = ("number", "issued_on", "organisation", "doc_type", "summary", "signer_name")
    list_filter = ("doc_type", "kind", "organisation", "term")
    search_fields = ("number", "summary", "signer_name", "organisation__name")
    date_hierarchy = "issued_on"
    exclude = ("pdf",)
    list_select_related = ("organisation",)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Meetings and minutes (meetings part) -------------------------------------------------


def _meeting_of(obj):
    if obj is None or isinstance(obj, Meeting):
        return obj
    return obj.meeting


class LockedWhenApprovedAdmin(SimpleHistoryAdmin):
    """Approved minutes are locked in the admin too: changes go through amendments."""

    def has_change_permission(self, request, obj=None):
        meeting = _meeting_of(obj)
        if meeting is not None and meeting.is_locked:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        meeting = _meeting_of(obj)
        if meeting is not None and meeting.is_locked:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Meeting)
class MeetingAdmin(LockedWhenApprovedAdmin):
    list_display = ("date", "kind", "cell", "state", "chair", "recorder")
    list_filter = ("kind", "state", "cell")
    search_fields = ("place", "cell__name", "topics__title")
    date_hierarchy = "date"
    raw_id_fields = ("chair", "recorder")
    filter_horizontal = ("topics",)


@admin.register(Minutes)
class MinutesAdmin(LockedWhenApprovedAdmin):
    list_display = ("meeting", "state", "version", "updated_at", "approved_at")
    list_filter = ("state", "meeting__cell")
    search_fields = ("meeting__cell__name", "conclusion", "lessons")
    readonly_fields = ("version", "read_back_at", "read_back_by", "approved_at", "approved_by")


@admin.register(Attendance)
class AttendanceAdmin(LockedWhenApprovedAdmin):
    list_display = ("person", "meeting", "status", "reason", "counted")
    list_filter = ("status", "counted", "meeting__cell")
    search_fields = ("person__full_name", "reason")


@admin.register(Speech)
class SpeechAdmin(LockedWhenApprovedAdmin):
    list_display = ("meeting", "position", "speaker", "guest")
    list_filter = ("meeting__cell",)
    search_fields = ("gist", "speaker__full_name", "guest__name")


@admin.register(Vote)
class VoteAdmin(LockedWhenApprovedAdmin):
    list_display = (
        "subject",
        "meeting",
        "method",
        "votes_for",
        "votes_against",
        "votes_abstain",
        "present",
    )
    list_filter = ("method", "meeting__cell")
    search_fields = ("subject",)


@admin.register(Guest)
class GuestAdmin(LockedWhenApprovedAdmin):
    list_display = ("name", "position", "unit", "meeting")
    list_filter = ("meeting__cell",)
    search_fields = ("name", "unit")


@admin.register(AgendaItem)
class AgendaItemAdmin(LockedWhenApprovedAdmin):
    list_display = ("title", "meeting", "position")
    list_filter = ("meeting__cell",)
    search_fields = ("title",)


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ("description", "owner", "due_on", "done_on", "meeting")
    list_filter = ("meeting__cell", "done_on")
    search_fields = ("description", "owner__full_name")


@admin.register(Amendment)
class AmendmentAdmin(SimpleHistoryAdmin):
    list_display = ("minutes", "section", "created_by", "created_at")
    list_filter = ("section", "minutes__meeting__cell")
    search_fields = ("text", "reason")

    def has_change_permission(self, request, obj=None):
        return False  # an amendment is itself part of the record: corrected by another one

    def has_delete_permission(self, request, obj=None):
        return False


# --- Pledges ("Trên làm gương") -----------------------------------------------------------


@admin.register(PledgeArea, PledgeLevel)
class PledgeOptionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "cell", "position", "is_active"]
    list_filter = ["is_active", "cell"]
    search_fields = ["name", "cell__name"]


@admin.register(PledgeRound)
class PledgeRoundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "cell", "start", "end", "meeting"]
    list_filter = ["cell", "start"]
    search_fields = ["name", "cell__name"]
    date_hierarchy = "start"
    filter_horizontal = ["areas"]
    raw_id_fields = ["meeting", "created_by"]


class PledgeProgressInline(admin.TabularInline):
    model = PledgeProgress
    extra = 0
    raw_id_fields = ["created_by"]


@admin.register(PledgeRegistration)
class PledgeRegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "round", "role", "party_member", "on_behalf", "level"]
    list_filter = ["role", "party_member", "on_behalf", "round__cell", "level"]
    search_fields = ["person__full_name", "person__search_text", "round__name"]
    list_select_related = ["person", "round", "level"]
    raw_id_fields = ["round", "person", "registered_by", "evaluated_by", "level"]
    filter_horizontal = ["areas"]
    inlines = [PledgeProgressInline]
