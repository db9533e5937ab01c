from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "last_name", "first_name", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("email", "last_name", "first_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (None, {"fields": ("first_name", "last_name", "role")}),
        (
            None,
            {
                "fields": (
                    "is_active",
                    "must_change_password",
                    "is_staff",
                    "is_superuser",
                )
            },
        ),
    )
    add_fieldsets = ((None, {"fields": ("email", "password1", "password2", "role")}),)
