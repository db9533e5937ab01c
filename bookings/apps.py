from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Inscriptions et réservations")

    def ready(self):
        from audit.labels import ACTION_LABELS

        from .labels import AUDIT_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)
