from django.utils.translation import gettext_lazy as _

# Audit actions recorded by this app; merged into audit.labels at start-up so
# that the strings live in this app's catalogue.
AUDIT_LABELS = {
    "enrolment.create": _("Inscription à une activité demandée"),
    "enrolment.accept": _("Pré-inscription acceptée"),
    "enrolment.refuse": _("Pré-inscription refusée"),
    "booking.create": _("Jours réservés"),
    "booking.staff_create": _("Jours réservés par le service"),
    "booking.capacity_override": _("Capacité dépassée par le service"),
    "booking.cancel": _("Réservation annulée"),
    "booking.staff_cancel": _("Réservation annulée par le service"),
    "waiting_list.join": _("Inscription sur liste d'attente"),
    "waiting_list.leave": _("Retrait de la liste d'attente"),
    "waiting_list.promote": _("Place attribuée depuis la liste d'attente"),
    "absence.report": _("Absence signalée"),
    "absence.excuse": _("Absence excusée"),
    "absence.unexcuse": _("Absence non excusée"),
}
