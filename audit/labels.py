from django.utils.translation import gettext_lazy as _

# Human-readable names of the audited actions, shown on the family file.
ACTION_LABELS = {
    "family.signup": _("Dossier famille créé en ligne"),
    "family.validate": _("Dossier famille validé"),
    "family.reject": _("Dossier famille refusé"),
    "family.reopen": _("Dossier famille remis en attente"),
    "account.set_password_link": _("Lien de création du mot de passe envoyé"),
    "account.temporary_password": _("Mot de passe temporaire défini"),
}
