from django.contrib import admin

from .models import School, Structure


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "commune")
    list_filter = ("kind",)
    filter_horizontal = ("managers",)


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("name", "commune", "after_school_structure")
