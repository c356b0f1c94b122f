from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from sessions_app.models import (
    AnnualPlan,
    Attachment,
    Comment,
    Notification,
    NotificationSettings,
    PledgeArea,
    PledgeLevel,
    PledgeProgress,
    PledgeRegistration,
    PledgeRound,
    Topic,
    TopicTransition,
    TopicVersion,
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


class NoRevertOfLockedAdmin(SimpleHistoryAdmin):
    """The history's "revert to this version" form saves an old version over the record:
    refused whenever the record as it is now may not be changed."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            current = self.get_object(request, object_id)
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


# --- Documents (issue 7) ----------------------------------------------------------------


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(NoRevertOfLockedAdmin):
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


class LockedWhenApprovedAdmin(NoRevertOfLockedAdmin):
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


# --- topics part: plans, topics, versions, attachments, comments, notifications -------------


@admin.register(AnnualPlan)
class AnnualPlanAdmin(SimpleHistoryAdmin):
    list_display = ("cell", "year", "state", "approved_at", "reported_at")
    list_filter = ("state", "year", "cell")
    search_fields = ("cell__name", "notes")
    raw_id_fields = ("created_by", "approved_by", "reported_by")


class TopicTransitionInline(admin.TabularInline):
    model = TopicTransition
    fk_name = "topic"
    extra = 0
    can_delete = False
    fields = ("at", "action", "from_state", "to_state", "by", "remark")
    readonly_fields = fields


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ("title", "plan", "quarter", "state", "due_date")
    list_filter = ("state", "group", "quarter", "plan__year", "plan__cell")
    search_fields = ("title", "purpose", "drafters__full_name")
    raw_id_fields = (
        "plan",
        "presenter",
        "drafters",
        "draft_updated_by",
        "approved_by",
        "circulated_version",
        "final_version",
    )
    inlines = [TopicTransitionInline]


@admin.register(TopicTransition)
class TopicTransitionAdmin(admin.ModelAdmin):
    list_display = ("topic", "action", "from_state", "to_state", "by", "at")
    list_filter = ("action", "to_state")
    search_fields = ("topic__title", "remark")
    raw_id_fields = ("topic", "by", "from_plan", "to_plan")


@admin.register(TopicVersion)
class TopicVersionAdmin(admin.ModelAdmin):
    list_display = ("topic", "number", "kind", "created_at", "created_by")
    list_filter = ("kind",)
    search_fields = ("topic__title", "body")
    raw_id_fields = ("topic", "created_by", "attachments")

    def has_change_permission(self, request, obj=None):
        return False  # kept versions never change


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ("title", "topic", "kind", "content_type", "size", "uploaded_at", "removed_at")
    list_filter = ("kind", "content_type")
    search_fields = ("title", "original_name", "topic__title")
    raw_id_fields = ("topic", "uploaded_by", "removed_by")


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    list_display = ("topic", "author", "section_title", "answer", "created_at")
    list_filter = ("answer",)
    search_fields = ("body", "answer_text", "author__full_name", "topic__title")
    raw_id_fields = ("topic", "version", "parent", "author", "answered_by")


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(SimpleHistoryAdmin):
    list_display = ("user", "mode", "calendar_token_created_at")
    list_filter = ("mode",)
    search_fields = ("user__username", "user__email")
    exclude = ("calendar_token_hash",)
    raw_id_fields = ("user",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "subject", "status", "created_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("user__username", "subject", "key")
    raw_id_fields = ("user", "topic")
