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
