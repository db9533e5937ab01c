import uuid

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from .storage import private_storage


class DocumentType(models.Model):
    """A kind of supporting document (pièce justificative), set up by staff."""

    class Scope(models.TextChoices):
        FAMILY = "family", _("Famille")
        CHILD = "child", _("Enfant")

    class Validity(models.TextChoices):
        FIXED_DATE = "fixed_date", _("Jusqu'à une date fixe")
        MONTHS = "months", _("Un nombre de mois après l'envoi")
        UNLIMITED = "unlimited", _("Sans limite")

    name = models.CharField(_("nom"), max_length=150, unique=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Affichée à la famille au moment de l'envoi."),
    )
    scope = models.CharField(_("concerne"), max_length=10, choices=Scope)
    activities = models.ManyToManyField(
        "activities.Activity",
        verbose_name=_("activités qui l'exigent"),
        blank=True,
        related_name="required_document_types",
        help_text=_(
            "Une rubrique exige le document pour toutes les activités qu'elle contient."
        ),
    )
    validity = models.CharField(
        _("validité"), max_length=20, choices=Validity, default=Validity.UNLIMITED
    )
    valid_until = models.DateField(
        _("valable jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Pour une validité jusqu'à une date fixe, par exemple 31/08/2027."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("durée de validité en mois"), null=True, blank=True
    )
    can_excuse_absence = models.BooleanField(
        _("peut justifier une absence"), default=False
    )
    holds_health_data = models.BooleanField(
        _("contient des données de santé"),
        default=False,
        help_text=_(
            "Ces documents sont effacés avec la fiche sanitaire de l'enfant "
            "à la fin de la durée de conservation."
        ),
    )
    required_with_pai = models.BooleanField(
        _("exigé pour un enfant qui a un PAI"),
        default=False,
        help_text=_("Par exemple le protocole du projet d'accueil individualisé."),
    )
    position = models.PositiveIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("type de document")
        verbose_name_plural = _("types de document")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(validity="fixed_date")
                | models.Q(valid_until__isnull=False),
                name="document_type_fixed_date_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(validity="months")
                | models.Q(validity_months__gte=1),
                name="document_type_months_has_duration",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_child_level(self):
        return self.scope == self.Scope.CHILD

    def clean(self):
        if self.validity == self.Validity.FIXED_DATE and not self.valid_until:
            raise ValidationError(
                {"valid_until": _("Indiquez la date de fin de validité.")}
            )
        if self.validity == self.Validity.MONTHS and not self.validity_months:
            raise ValidationError(
                {"validity_months": _("Indiquez la durée de validité en mois.")}
            )

    def expiry_for(self, sent_on):
        """Return the last day a document sent on `sent_on` is valid, or None."""
        if self.validity == self.Validity.FIXED_DATE:
            return self.valid_until
        if self.validity == self.Validity.MONTHS:
            return sent_on + relativedelta(months=self.validity_months, days=-1)
        return None


def document_path(document, filename):
    # Random names: the family's file name is kept in the database only, so
    # it never reaches the file system.
    return f"documents/{document.family_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    """One file sent by a family; a new file never replaces an earlier one."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de validation")
        VALIDATED = "validated", _("Validé")
        REJECTED = "rejected", _("Refusé")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("famille"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    child = models.ForeignKey(
        "families.Child",
        verbose_name=_("enfant"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    document_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("type de document"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    file = models.FileField(
        _("fichier"), upload_to=document_path, storage=private_storage, max_length=255
    )
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(_("type du fichier"), max_length=100)
    size = models.PositiveBigIntegerField(_("taille en octets"))
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=Status,
        default=Status.PENDING,
        db_index=True,
    )
    uploaded_at = models.DateTimeField(_("envoyé le"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_on = models.DateField(_("valable jusqu'au"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("examiné le"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("examiné par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(_("motif du refus"), blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["family", "document_type", "child"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="document_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.document_type} · {self.original_name}"

    def is_valid_on(self, day):
        return self.status == self.Status.VALIDATED and (
            self.expires_on is None or day <= self.expires_on
        )


class WantedActivity(models.Model):
    """An activity a family wants for one child ("activités souhaitées").

    One of the sources of the activities whose documents the family must
    send; enrolments are the other one.
    """

    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="wanted_activities"
    )
    child = models.ForeignKey(
        "families.Child", on_delete=models.CASCADE, related_name="wanted_activities"
    )
    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="wished_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activité souhaitée")
        verbose_name_plural = _("activités souhaitées")
        constraints = [
            models.UniqueConstraint(
                fields=["family", "child", "activity"], name="wanted_activity_unique"
            ),
        ]

    def __str__(self):
        return f"{self.child} · {self.activity}"


@receiver(post_delete, sender=Document, dispatch_uid="documents.delete_file")
def delete_file_after_commit(sender, instance, **kwargs):
    """Remove a deleted document's file once the deletion is committed.

    Whatever deleted the row (the purge, a family's cascade), the file goes
    with it; a rolled-back deletion keeps both.
    """
    if instance.file.name:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name), robust=True)
