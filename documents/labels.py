from django.utils.translation import gettext_lazy as _

# Names of the audited document actions, added to audit.labels at start-up.
ACTION_LABELS = {
    "document.upload": _("Document envoyé"),
    "document.validate": _("Document validé"),
    "document.reject": _("Document refusé"),
    "document.download": _("Document téléchargé"),
    "document.purge": _("Document de santé effacé"),
    "activities.wanted": _("Activités souhaitées modifiées"),
}
