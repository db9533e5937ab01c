from django.utils.translation import gettext_lazy as _

# Names of the audited family record actions, added to audit.labels at
# start-up.
ACTION_LABELS = {
    "family.update": _("Dossier famille modifié"),
    "family.change_request": _("Modification demandée, à valider"),
    "family.change_approve": _("Modification acceptée"),
    "family.change_reject": _("Modification refusée"),
    "family.change_withdraw": _("Demande de modification retirée par la famille"),
    "child.update": _("Fiche enfant modifiée"),
    "child.health_update": _("Fiche sanitaire modifiée"),
    "child.health_purge": _("Données de santé effacées"),
    "child.permission": _("Autorisation modifiée"),
    "person.add": _("Personne autorisée ajoutée"),
    "person.update": _("Personne autorisée modifiée"),
    "person.remove": _("Personne autorisée retirée"),
}
