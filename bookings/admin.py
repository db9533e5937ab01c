"""Read-only admin lists: changes go through the services, which check the rules."""

from django.contrib import admin

from .models import Absence, Booking, Enrolment, WaitingRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ("child", "activity", "family", "status", "created_at")
    list_filter = ("status", "activity__structure")
    search_fields = ("child__last_name", "child__first_name")


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = (
        "day",
        "child",
        "unit",
        "status",
        "surcharged",
        "capacity_override",
    )
    list_filter = ("status", "surcharged", "capacity_override", "activity")
    date_hierarchy = "day"
    search_fields = ("child__last_name", "child__first_name")


@admin.register(WaitingRequest)
class WaitingRequestAdmin(ReadOnlyAdmin):
    list_display = ("day", "child", "activity", "requested_at", "status")
    list_filter = ("status", "activity")
    date_hierarchy = "day"


@admin.register(Absence)
class AbsenceAdmin(ReadOnlyAdmin):
    list_display = ("child", "start_date", "end_date", "reason", "excused")
    list_filter = ("reason", "excused")
