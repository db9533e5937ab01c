from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from audit.labels import ACTION_LABELS

        from .labels import ACTION_LABELS as DOCUMENT_LABELS

        ACTION_LABELS.update(DOCUMENT_LABELS)
