from django.contrib import admin

from .models import (
    Child,
    CommuneNotice,
    Family,
    FamilyChild,
    Guardian,
    PermissionType,
)


class GuardianInline(admin.StackedInline):
    model = Guardian
    extra = 0


class ChildInline(admin.TabularInline):
    model = FamilyChild
    extra = 0
    raw_id_fields = ("child",)


@admin.register(Child)
class ChildAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "birth_date")
    search_fields = ("last_name", "first_name")


@admin.register(Family)
class FamilyAdmin(admin.ModelAdmin):
    list_display = ("reference", "account", "commune", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("account__email", "guardians__last_name", "commune")
    inlines = [GuardianInline, ChildInline]


@admin.register(CommuneNotice)
class CommuneNoticeAdmin(admin.ModelAdmin):
    list_display = ("commune", "is_active")


@admin.register(PermissionType)
class PermissionTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "is_active")
    list_editable = ("position", "is_active")
