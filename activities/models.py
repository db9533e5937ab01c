from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Structure(models.Model):
    """A site run by the service: an after-school club, a leisure centre, a youth club."""

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


class Activity(models.Model):
    """A node of the catalogue tree: a heading that unfolds, or a bookable activity.

    For example "Accueil périscolaire" > "Périscolaire de Marsac" > "Soir".
    """

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

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name
