from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from families.models import Child

from .models import (
    WEEKDAY_CHOICES,
    Activity,
    Closure,
    DeadlineRule,
    ExtraOpening,
    School,
    Structure,
    Unit,
)


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "commune")
    list_filter = ("kind",)
    filter_horizontal = ("managers",)


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("name", "commune", "after_school_structure")


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind")


class ActivityForm(forms.ModelForm):
    """Ticks for the weekdays and school levels stored as JSON lists."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("jours d'ouverture"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    school_levels = forms.MultipleChoiceField(
        label=_("classes admises"),
        choices=Child.SchoolLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune case cochée : toutes les classes."),
    )

    class Meta:
        model = Activity
        fields = [
            "parent",
            "structure",
            "name",
            "description",
            "position",
            "is_active",
            "start_date",
            "end_date",
            "min_age",
            "max_age",
            "school_levels",
            "weekdays",
            "school_calendar",
            "school_zone",
            "enrolment_mode",
            "booking_types",
            "booking_deadline",
            "cancellation_deadline",
            "late_booking",
            "waiting_list_enabled",
        ]


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


class ExtraOpeningInline(admin.TabularInline):
    model = ExtraOpening
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    form = ActivityForm
    list_display = (
        "name",
        "parent",
        "structure",
        "start_date",
        "end_date",
        "enrolment_mode",
        "is_active",
    )
    list_filter = ("structure", "enrolment_mode", "is_active")
    search_fields = ("name",)
    inlines = [UnitInline, ClosureInline, ExtraOpeningInline]
    fieldsets = [
        (None, {"fields": ["parent", "structure", "name", "description", "position"]}),
        (
            _("Période et public"),
            {
                "fields": [
                    "is_active",
                    ("start_date", "end_date"),
                    ("min_age", "max_age"),
                    "school_levels",
                ]
            },
        ),
        (
            _("Calendrier"),
            {"fields": ["weekdays", "school_calendar", "school_zone"]},
        ),
        (
            _("Inscription et réservation"),
            {
                "fields": [
                    "enrolment_mode",
                    "booking_types",
                    "booking_deadline",
                    "cancellation_deadline",
                    "late_booking",
                    "waiting_list_enabled",
                ]
            },
        ),
    ]


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ("activity", "start_date", "end_date", "reason")
    list_filter = ("activity",)
    date_hierarchy = "start_date"
