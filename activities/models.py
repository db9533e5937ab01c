from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Role

from .deadlines import DeadlineKind, deadline_for


class Structure(models.Model):
    """A site run by the service: after-school club, leisure centre, youth club."""

    class Kind(models.TextChoices):
        AFTER_SCHOOL = "after_school", _("Accueil périscolaire")
        LEISURE_CENTRE = "leisure_centre", _("Accueil de loisirs")
        YOUTH_CLUB = "youth_club", _("Espace jeunes")
        SPORTS = "sports", _("Ateliers sports")

    name = models.CharField(_("nom"), max_length=150, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.CharField(_("commune"), max_length=100, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsables"),
        blank=True,
        related_name="managed_structures",
    )

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]

    def __str__(self):
        return self.name


class School(models.Model):
    """A school the children attend; its after-school club is a structure."""

    name = models.CharField(_("nom"), max_length=150, unique=True)
    commune = models.CharField(_("commune"), max_length=100)
    after_school_structure = models.ForeignKey(
        Structure,
        verbose_name=_("accueil périscolaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="schools",
    )

    class Meta:
        verbose_name = _("école")
        verbose_name_plural = _("écoles")
        ordering = ["commune", "name"]

    def __str__(self):
        return f"{self.name} ({self.commune})"


WEEKDAY_CHOICES = [
    (0, _("lundi")),
    (1, _("mardi")),
    (2, _("mercredi")),
    (3, _("jeudi")),
    (4, _("vendredi")),
    (5, _("samedi")),
    (6, _("dimanche")),
]


class DeadlineRule(models.Model):
    """A booking or cancellation deadline rule that activities share."""

    kind = models.CharField(_("type de délai"), max_length=20, choices=DeadlineKind)
    days = models.PositiveSmallIntegerField(
        _("nombre de jours"),
        default=0,
        help_text=_("Jours calendaires ou ouvrés avant le jour réservé."),
    )
    weekday = models.PositiveSmallIntegerField(
        _("jour de la semaine précédente"),
        choices=WEEKDAY_CHOICES,
        default=0,
        help_text=_("Seulement pour un délai fixé un jour de la semaine précédente."),
    )
    time = models.TimeField(_("heure limite"))

    class Meta:
        verbose_name = _("règle de délai")
        verbose_name_plural = _("règles de délai")
        ordering = ["kind", "days", "weekday", "time"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "days", "weekday", "time"],
                name="deadline_rule_unique",
            ),
        ]

    def __str__(self):
        clock = self.time.strftime("%H:%M")
        if self.kind == DeadlineKind.WORKING_DAYS:
            return ngettext(
                "%(days)d jour ouvré avant, à %(time)s",
                "%(days)d jours ouvrés avant, à %(time)s",
                self.days,
            ) % {"days": self.days, "time": clock}
        if self.kind == DeadlineKind.PREVIOUS_WEEK:
            return _("%(weekday)s de la semaine précédente, à %(time)s") % {
                "weekday": self.get_weekday_display(),
                "time": clock,
            }
        return ngettext(
            "%(days)d jour avant, à %(time)s",
            "%(days)d jours avant, à %(time)s",
            self.days,
        ) % {"days": self.days, "time": clock}

    def deadline(self, day):
        """Return the aware deadline for `day`."""
        return deadline_for(self, day)


class Activity(models.Model):
    """A node of the catalogue tree: a heading that unfolds, or a bookable activity.

    For example "Accueil périscolaire" > "Périscolaire de Marsac" > "Soir".
    An activity is bookable once it has a validity period, a structure and
    at least one unit; a heading has none of them.
    """

    class EnrolmentMode(models.TextChoices):
        DIRECT = "direct", _("Inscription directe")
        PRE_REGISTRATION = (
            "pre_registration",
            _("Pré-inscription validée par la structure"),
        )

    class BookingTypes(models.TextChoices):
        OCCASIONAL = "occasional", _("Occasionnelle")
        WHOLE = "whole", _("Toute l'activité")
        BOTH = "both", _("Occasionnelle ou toute l'activité")

    class SchoolCalendar(models.TextChoices):
        TERM_TIME = "term_time", _("Période scolaire : fermé pendant les vacances")
        HOLIDAYS = "holidays", _("Vacances scolaires uniquement")
        ALL_YEAR = "all_year", _("Toute l'année, vacances comprises")

    class LateBooking(models.TextChoices):
        REFUSE = "refuse", _("Refusée")
        SURCHARGE = "surcharge", _("Acceptée au tarif majoré")

    class SchoolZone(models.TextChoices):
        A = "A", _("Zone A")
        B = "B", _("Zone B")
        C = "C", _("Zone C")

    parent = models.ForeignKey(
        "self",
        verbose_name=_("rubrique parente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subactivities",
    )
    structure = models.ForeignKey(
        Structure,
        verbose_name=_("structure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    name = models.CharField(_("nom"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    start_date = models.DateField(_("début de la période"), null=True, blank=True)
    end_date = models.DateField(_("fin de la période"), null=True, blank=True)
    min_age = models.PositiveSmallIntegerField(_("âge minimum"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("âge maximum"), null=True, blank=True)
    # Codes of families.Child.SchoolLevel; empty means every level.
    school_levels = models.JSONField(_("classes admises"), default=list, blank=True)
    # Opening weekdays, 0 = Monday.
    weekdays = models.JSONField(_("jours d'ouverture"), default=list, blank=True)
    school_calendar = models.CharField(
        _("calendrier"),
        max_length=20,
        choices=SchoolCalendar,
        default=SchoolCalendar.TERM_TIME,
    )
    school_zone = models.CharField(
        _("zone de vacances scolaires"),
        max_length=1,
        choices=SchoolZone,
        default=SchoolZone.A,
    )
    enrolment_mode = models.CharField(
        _("mode d'inscription"),
        max_length=20,
        choices=EnrolmentMode,
        default=EnrolmentMode.DIRECT,
    )
    booking_types = models.CharField(
        _("types de réservation"),
        max_length=20,
        choices=BookingTypes,
        default=BookingTypes.BOTH,
    )
    booking_deadline = models.ForeignKey(
        DeadlineRule,
        verbose_name=_("délai de réservation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Sans délai, on peut réserver jusqu'à minuit la veille du jour."),
    )
    cancellation_deadline = models.ForeignKey(
        DeadlineRule,
        verbose_name=_("délai d'annulation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Sans délai, on peut annuler jusqu'à minuit la veille du jour."),
    )
    late_booking = models.CharField(
        _("réservation après le délai"),
        max_length=20,
        choices=LateBooking,
        default=LateBooking.REFUSE,
    )
    waiting_list_enabled = models.BooleanField(_("liste d'attente"), default=True)

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="activity_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(max_age__gte=models.F("min_age")),
                name="activity_ages_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if (self.start_date is None) != (self.end_date is None):
            raise ValidationError(
                _("Indiquez le début et la fin de la période, ou aucun des deux.")
            )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("La fin de la période précède son début.")}
            )
        if self.start_date and self.structure_id is None:
            raise ValidationError(
                {"structure": _("Une activité réservable dépend d'une structure.")}
            )
        invalid = [d for d in self.weekdays if d not in range(7)]
        if invalid:
            raise ValidationError({"weekdays": _("Jour de la semaine invalide.")})

    @property
    def has_period(self):
        return self.start_date is not None and self.end_date is not None

    @property
    def offers_occasional(self):
        return self.booking_types in (
            self.BookingTypes.OCCASIONAL,
            self.BookingTypes.BOTH,
        )

    @property
    def offers_whole(self):
        return self.booking_types != self.BookingTypes.OCCASIONAL

    @property
    def needs_pre_registration(self):
        return self.enrolment_mode == self.EnrolmentMode.PRE_REGISTRATION

    def ancestor_ids(self):
        """Return the ids of this activity and of every heading above it."""
        ids = []
        node = self
        while node is not None and node.pk not in ids:
            ids.append(node.pk)
            node = node.parent
        return ids

    def is_managed_by(self, user):
        """Return True when `user` is an administrator or manages the structure."""
        if not user.is_active:
            return False
        if user.role == Role.ADMIN:
            return True
        return (
            user.role == Role.MANAGER
            and self.structure is not None
            and self.structure.managers.filter(pk=user.pk).exists()
        )

    def booking_deadline_for(self, day):
        return deadline_for(self.booking_deadline, day)

    def cancellation_deadline_for(self, day):
        return deadline_for(self.cancellation_deadline, day)


class Unit(models.Model):
    """A time slot of an activity (morning, lunch, evening) and its daily capacity."""

    class Kind(models.TextChoices):
        MORNING = "morning", _("Matin")
        LUNCH = "lunch", _("Repas de midi")
        AFTERNOON = "afternoon", _("Après-midi")
        EVENING = "evening", _("Soir")
        FULL_DAY = "full_day", _("Journée")
        HALF_DAY = "half_day", _("Demi-journée")
        TRANSPORT = "transport", _("Transport")
        OTHER = "other", _("Autre")

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activité"),
        on_delete=models.CASCADE,
        related_name="units",
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    name = models.CharField(_("nom"), max_length=100)
    capacity = models.PositiveIntegerField(
        _("places par jour"),
        help_text=_("Nombre maximum d'enfants sur cette unité, chaque jour."),
    )
    start_time = models.TimeField(_("heure de début"), null=True, blank=True)
    end_time = models.TimeField(_("heure de fin"), null=True, blank=True)
    position = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("unité")
        verbose_name_plural = _("unités")
        ordering = ["activity", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "name"], name="unit_name_unique"
            ),
        ]

    def __str__(self):
        return f"{self.activity} · {self.name}"


class Closure(models.Model):
    """Days on which an activity, or every activity under a heading, is closed."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activité ou rubrique"),
        on_delete=models.CASCADE,
        related_name="closures",
    )
    start_date = models.DateField(_("premier jour fermé"))
    end_date = models.DateField(_("dernier jour fermé"))
    reason = models.CharField(_("motif"), max_length=200)

    class Meta:
        verbose_name = _("fermeture")
        verbose_name_plural = _("fermetures")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="closure_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.activity} : {self.start_date} → {self.end_date}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("Le dernier jour fermé précède le premier.")}
            )


class ExtraOpening(models.Model):
    """A day on which an activity opens although its calendar would keep it closed."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activité ou rubrique"),
        on_delete=models.CASCADE,
        related_name="extra_openings",
    )
    day = models.DateField(_("jour"))
    reason = models.CharField(_("motif"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ouverture exceptionnelle")
        verbose_name_plural = _("ouvertures exceptionnelles")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "day"], name="extra_opening_unique"
            ),
        ]

    def __str__(self):
        return f"{self.activity} : {self.day}"
