from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    """Django admin, for administrators only.

    A signed-in account without admin access gets 403 instead of the admin
    login form, like on every other staff page.
    """

    site_header = _("Administration du Portail Famille")
    site_title = _("Portail Famille")

    def login(self, request, extra_context=None):
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied
        return super().login(request, extra_context)
