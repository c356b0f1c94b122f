from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from members.models import (
    Department,
    Organisation,
    OrganisationViewer,
    Person,
    Term,
    User,
    YearlyRating,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Preferences"), {"fields": ("text_size",)}))
    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_superuser")


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "parent", "short_code", "place_name", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "slug", "issuer_header")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [TermInline]


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ("name", "organisation", "start", "end")
    list_filter = ("organisation",)
    search_fields = ("name", "organisation__name")


@admin.register(OrganisationViewer)
class OrganisationViewerAdmin(SimpleHistoryAdmin):
    list_display = ("user", "organisation", "title")
    list_filter = ("organisation",)
    search_fields = ("user__username", "organisation__name")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "cell", "position")
    list_filter = ("cell",)
    search_fields = ("name",)


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = (
        "full_name",
        "cell",
        "is_party_member",
        "party_position",
        "party_status",
        "is_active",
    )
    list_filter = (
        "cell",
        "is_party_member",
        "party_position",
        "party_status",
        "sex",
        "ethnicity",
        "education",
        "political_theory",
        "is_active",
    )
    search_fields = ("search_text", "full_name", "party_card_number")
    raw_id_fields = ("user",)


# people part


@admin.register(YearlyRating)
class YearlyRatingAdmin(SimpleHistoryAdmin):
    list_display = ("person", "year", "level")
    list_filter = ("year", "level", "person__cell")
    search_fields = ("person__full_name", "person__search_text")
    raw_id_fields = ("person",)
    list_select_related = ("person",)
