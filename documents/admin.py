from django.contrib import admin

from .models import Document, DocumentType, WantedActivity


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "scope", "validity", "valid_until", "validity_months")
    list_filter = ("scope", "validity", "is_active")
    filter_horizontal = ("activities",)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read-only: staff review documents in the portal, where access is logged."""

    list_display = ("document_type", "family", "child", "status", "uploaded_at")
    list_filter = ("status", "document_type")
    exclude = ("file",)
    readonly_fields = [
        field.name for field in Document._meta.fields if field.name != "file"
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Documents leave only with the health data purge or their family.
        return False


@admin.register(WantedActivity)
class WantedActivityAdmin(admin.ModelAdmin):
    list_display = ("family", "child", "activity")
    raw_id_fields = ("family", "child")
