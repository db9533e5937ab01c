from django.contrib import admin

from .models import Child, CommuneNotice, Family, Guardian


class GuardianInline(admin.StackedInline):
    model = Guardian
    extra = 0


class ChildInline(admin.TabularInline):
    model = Child
    extra = 0


@admin.register(Family)
class FamilyAdmin(admin.ModelAdmin):
    list_display = ("reference", "account", "commune", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("account__email", "guardians__last_name", "commune")
    inlines = [GuardianInline, ChildInline]


@admin.register(CommuneNotice)
class CommuneNoticeAdmin(admin.ModelAdmin):
    list_display = ("commune", "is_active")
