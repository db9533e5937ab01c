from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = _("Familles")

    def ready(self):
        from audit.labels import ACTION_LABELS

        from .labels import ACTION_LABELS as FAMILY_LABELS

        ACTION_LABELS.update(FAMILY_LABELS)

        from . import checks  # noqa: F401 - registers the system checks
