from django.contrib.admin import apps as admin_apps
from django.apps import AppConfig


class PortailConfig(AppConfig):
    name = "portail"
    verbose_name = "Portail Famille"
    default = True


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "portail.admin.PortalAdminSite"
