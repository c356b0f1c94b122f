from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

# --- topics part: plans, topics, versions, attachments, comments, notifications -------------
from sessions_app.models import (
    AnnualPlan,
    Attachment,
    Comment,
    Notification,
    NotificationSettings,
    Topic,
    TopicTransition,
    TopicVersion,
)


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
