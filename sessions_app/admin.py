from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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
