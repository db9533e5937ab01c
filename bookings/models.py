from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Enrolment(models.Model):
    """A child's enrolment in an activity, asked for by one of its families."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pré-inscription en attente de validation")
        ACTIVE = "active", _("Inscrit")
        REFUSED = "refused", _("Refusée")
        CANCELLED = "cancelled", _("Annulée")

    OPEN_STATUSES = (Status.PENDING, Status.ACTIVE)

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("famille"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    child = models.ForeignKey(
        "families.Child",
        verbose_name=_("enfant"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activité"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    status = models.CharField(_("état"), max_length=20, choices=Status)
    created_at = models.DateTimeField(_("demandée le"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décision prise par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(_("motif de la décision"), blank=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "activity"],
                condition=Q(status__in=["pending", "active"]),
                name="enrolment_open_unique",
            ),
        ]

    def __str__(self):
        return f"{self.child} · {self.activity} ({self.get_status_display()})"


class Slot(models.Model):
    """The row locked to serialise the capacity checks of one unit on one day.

    It contains no count, because capacity is computed from the booked rows.
    """

    unit = models.ForeignKey(
        "activities.Unit", on_delete=models.CASCADE, related_name="slots"
    )
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="slot_unique"),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.day}"


class WaitingRequest(models.Model):
    """A request to book one or more units of one day once they all have room.

    Its units are the WAITING bookings that point to it. Requests are served
    by earliest `requested_at`, then lowest id.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("En liste d'attente")
        PROMOTED = "promoted", _("Place attribuée")
        WITHDRAWN = "withdrawn", _("Retirée")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("famille"),
        on_delete=models.PROTECT,
        related_name="waiting_requests",
    )
    child = models.ForeignKey(
        "families.Child",
        verbose_name=_("enfant"),
        on_delete=models.PROTECT,
        related_name="waiting_requests",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activité"),
        on_delete=models.PROTECT,
        related_name="waiting_requests",
    )
    day = models.DateField(_("jour"))
    requested_at = models.DateTimeField(_("demandée le"))
    status = models.CharField(
        _("état"), max_length=20, choices=Status, default=Status.WAITING
    )
    resolved_at = models.DateTimeField(_("traitée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande en liste d'attente")
        verbose_name_plural = _("listes d'attente")
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["activity", "day", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "activity", "day"],
                condition=Q(status="waiting"),
                name="waiting_request_open_unique",
            ),
        ]

    def __str__(self):
        return f"{self.child} · {self.activity} · {self.day}"


class Booking(models.Model):
    """One child, one unit, one day: booked, waiting for a place, or cancelled."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Réservé")
        WAITING = "waiting", _("En liste d'attente")
        CANCELLED = "cancelled", _("Annulé")
        WITHDRAWN = "withdrawn", _("Retiré de la liste d'attente")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("famille"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    child = models.ForeignKey(
        "families.Child",
        verbose_name=_("enfant"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    # Always the unit's activity; stored for the planning and staff queries.
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activité"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    unit = models.ForeignKey(
        "activities.Unit",
        verbose_name=_("unité"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    day = models.DateField(_("jour"))
    status = models.CharField(_("état"), max_length=20, choices=Status)
    surcharged = models.BooleanField(_("tarif majoré"), default=False)
    created_at = models.DateTimeField(_("demandée le"))
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("réservée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    capacity_override = models.BooleanField(_("capacité dépassée"), default=False)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dépassement décidé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    override_reason = models.TextField(_("motif du dépassement"), blank=True)
    waiting_request = models.ForeignKey(
        WaitingRequest,
        verbose_name=_("demande en liste d'attente"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    promoted_at = models.DateTimeField(_("place attribuée le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("annulée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("réservation")
        verbose_name_plural = _("réservations")
        ordering = ["day", "unit__position", "id"]
        indexes = [
            models.Index(fields=["unit", "day", "status"]),
            models.Index(fields=["family", "day"]),
            models.Index(fields=["activity", "day"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "unit", "day"],
                condition=Q(status__in=["booked", "waiting"]),
                name="booking_active_unique",
            ),
            models.CheckConstraint(
                condition=Q(capacity_override=False) | ~Q(override_reason=""),
                name="booking_override_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(waiting_request__isnull=False),
                name="booking_waiting_has_request",
            ),
        ]

    def __str__(self):
        return f"{self.child} · {self.unit} · {self.day}"


class Absence(models.Model):
    """A family's report that a booked child will not come.

    It is no cancellation: the booked days stay due unless staff excuse the
    absence, usually on a supporting document.
    """

    class Reason(models.TextChoices):
        ILLNESS = "illness", _("Maladie")
        FAMILY = "family", _("Raison familiale")
        OTHER = "other", _("Autre")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("famille"),
        on_delete=models.PROTECT,
        related_name="absences",
    )
    child = models.ForeignKey(
        "families.Child",
        verbose_name=_("enfant"),
        on_delete=models.PROTECT,
        related_name="absences",
    )
    start_date = models.DateField(_("premier jour d'absence"))
    end_date = models.DateField(_("dernier jour d'absence"))
    bookings = models.ManyToManyField(
        Booking, verbose_name=_("réservations concernées"), related_name="absences"
    )
    reason = models.CharField(_("motif"), max_length=20, choices=Reason)
    comment = models.TextField(_("précisions"), blank=True)
    # TODO: becomes a ForeignKey named `supporting_document` to the documents
    # app's upload model (same column) once that model exists.
    supporting_document_id = models.PositiveBigIntegerField(
        _("pièce justificative"), null=True, blank=True, editable=False
    )
    excused = models.BooleanField(_("absence excusée"), default=False)
    excused_at = models.DateTimeField(_("excusée le"), null=True, blank=True)
    excused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("excusée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("signalée le"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signalée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("signalement d'absence")
        verbose_name_plural = _("signalements d'absence")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="absence_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.child} · {self.start_date} → {self.end_date}"
