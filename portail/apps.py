from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortailConfig(AppConfig):
    name = "portail"
    verbose_name = "Portail Famille"
    default = True


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "portail.admin.PortalAdminSite"
