import re
import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def normalize_commune(name):
    """Return a commune name without accents, case, hyphens or apostrophes."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^st(e?) ", r"saint\1 ", text)


class CommuneNotice(models.Model):
    """A commune whose own town hall runs some of the services, with what to tell its families."""

    commune = models.CharField(_("commune"), max_length=100)
    commune_key = models.CharField(max_length=100, unique=True, editable=False)
    notice = models.TextField(
        _("message affiché"),
        help_text=_(
            "Dites à la famille quels services sa mairie gère et qui contacter."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("commune gérant ses propres services")
        verbose_name_plural = _("communes gérant leurs propres services")
        ordering = ["commune"]

    def __str__(self):
        return self.commune

    def save(self, *args, **kwargs):
        self.commune_key = normalize_commune(self.commune)
        super().save(*args, **kwargs)

    @classmethod
    def for_commune(cls, name):
        key = normalize_commune(name)
        if not key:
            return None
        return cls.objects.filter(commune_key=key, is_active=True).first()


class Family(models.Model):
    """A family file: parent 1's account, the address and the children."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de validation")
        VALIDATED = "validated", _("Validé")
        REJECTED = "rejected", _("Refusé")

    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte du parent 1"),
        on_delete=models.PROTECT,
        related_name="family",
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status, default=Status.PENDING, db_index=True
    )
    address_line1 = models.CharField(_("adresse"), max_length=255)
    address_line2 = models.CharField(
        _("complément d'adresse"), max_length=255, blank=True
    )
    postcode = models.CharField(_("code postal"), max_length=5)
    commune = models.CharField(_("commune"), max_length=100)
    rules_accepted_at = models.DateTimeField(_("règlement accepté le"))
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décision prise par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(_("motif du refus"), blank=True)
    # The guardian who receives and pays the invoices; changing it waits for
    # staff validation because it changes who is billed.
    payer_rank = models.PositiveSmallIntegerField(
        _("payeur"),
        choices=[(1, _("Parent 1")), (2, _("Parent 2"))],
        default=1,
    )

    class Meta:
        verbose_name = _("dossier famille")
        verbose_name_plural = _("dossiers famille")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.reference} {self.name}"

    @property
    def reference(self):
        return f"F{self.pk:05d}" if self.pk else ""

    @property
    def parent1(self):
        return next((g for g in self.guardians.all() if g.rank == 1), None)

    @property
    def parent2(self):
        return next((g for g in self.guardians.all() if g.rank == 2), None)

    @property
    def name(self):
        parent = self.parent1
        return parent.last_name.upper() if parent else ""

    @property
    def commune_notice(self):
        return CommuneNotice.for_commune(self.commune)

    @property
    def payer(self):
        return next(
            (g for g in self.guardians.all() if g.rank == self.payer_rank), None
        )


class Guardian(models.Model):
    """A legal guardian (responsable légal); rank 1 holds the account."""

    family = models.ForeignKey(
        Family,
        verbose_name=_("famille"),
        on_delete=models.CASCADE,
        related_name="guardians",
    )
    rank = models.PositiveSmallIntegerField(_("rang"), choices=[(1, "1"), (2, "2")])
    last_name = models.CharField(_("nom"), max_length=100)
    first_name = models.CharField(_("prénom"), max_length=100)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    mobile_phone = models.CharField(_("téléphone portable"), max_length=20, blank=True)
    other_phone = models.CharField(_("autre téléphone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("responsable légal")
        verbose_name_plural = _("responsables légaux")
        ordering = ["family", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "rank"], name="guardian_rank_unique"
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class Child(models.Model):
    class Sex(models.TextChoices):
        GIRL = "F", _("Fille")
        BOY = "M", _("Garçon")

    class SchoolLevel(models.TextChoices):
        PS = "PS", _("Petite section")
        MS = "MS", _("Moyenne section")
        GS = "GS", _("Grande section")
        CP = "CP", _("CP")
        CE1 = "CE1", _("CE1")
        CE2 = "CE2", _("CE2")
        CM1 = "CM1", _("CM1")
        CM2 = "CM2", _("CM2")
        SIXIEME = "6E", _("6e")
        CINQUIEME = "5E", _("5e")
        QUATRIEME = "4E", _("4e")
        TROISIEME = "3E", _("3e")
        LYCEE = "LYC", _("Lycée")

    # A child of separated parents belongs to both family files; each family
    # sees and books only through its own file.
    families = models.ManyToManyField(
        Family,
        through="FamilyChild",
        verbose_name=_("familles"),
        related_name="children",
    )
    last_name = models.CharField(_("nom"), max_length=100)
    first_name = models.CharField(_("prénom"), max_length=100)
    birth_date = models.DateField(_("date de naissance"))
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex)
    school = models.ForeignKey(
        "activities.School",
        verbose_name=_("école"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    school_level = models.CharField(
        _("classe"), max_length=3, choices=SchoolLevel, blank=True
    )

    class Meta:
        verbose_name = _("enfant")
        verbose_name_plural = _("enfants")
        ordering = ["birth_date", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class FamilyChild(models.Model):
    """The link between a family file and one of its children."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="child_links"
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="family_links"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enfant du dossier")
        verbose_name_plural = _("enfants du dossier")
        constraints = [
            models.UniqueConstraint(
                fields=["family", "child"], name="family_child_unique"
            ),
        ]

    def __str__(self):
        return f"{self.family} / {self.child}"


class ChildHealth(models.Model):
    """The health information care needs for one child, and nothing more.

    Kept apart from the child's identity so that the retention purge can
    erase it whole.
    """

    class Diet(models.TextChoices):
        NONE = "", _("Aucun régime particulier")
        NO_PORK = "no_pork", _("Sans porc")
        NO_MEAT = "no_meat", _("Sans viande")
        VEGETARIAN = "vegetarian", _("Végétarien")
        GLUTEN_FREE = "gluten_free", _("Sans gluten")
        OTHER = "other", _("Autre (préciser)")

    child = models.OneToOneField(
        Child,
        verbose_name=_("enfant"),
        on_delete=models.CASCADE,
        related_name="health",
    )
    allergies = models.TextField(_("allergies"), blank=True, max_length=1000)
    diet = models.CharField(
        _("régime alimentaire"), max_length=20, choices=Diet, blank=True
    )
    diet_details = models.CharField(
        _("précisions sur le régime"), max_length=255, blank=True
    )
    has_pai = models.BooleanField(
        _("projet d'accueil individualisé (PAI)"), default=False
    )
    vaccinations_up_to_date = models.BooleanField(
        _("vaccinations obligatoires à jour"), null=True
    )
    doctor_name = models.CharField(_("médecin traitant"), max_length=150, blank=True)
    doctor_phone = models.CharField(
        _("téléphone du médecin"), max_length=20, blank=True
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("fiche sanitaire")
        verbose_name_plural = _("fiches sanitaires")

    def __str__(self):
        return str(self.child)

    @property
    def has_allergies(self):
        return bool(self.allergies.strip())


class PermissionType(models.Model):
    """A permission a family grants or withholds per child, set up by staff."""

    name = models.CharField(_("nom"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("type d'autorisation")
        verbose_name_plural = _("types d'autorisation")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ChildPermission(models.Model):
    """The current answer of one family for one child and one permission.

    Each change also goes to the audit trail, which keeps the history.
    """

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="child_permissions"
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="permissions"
    )
    permission_type = models.ForeignKey(
        PermissionType,
        verbose_name=_("autorisation"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    granted = models.BooleanField(_("accordée"), default=False)
    changed_at = models.DateTimeField(_("modifiée le"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("autorisation accordée")
        verbose_name_plural = _("autorisations accordées")
        constraints = [
            models.UniqueConstraint(
                fields=["family", "child", "permission_type"],
                name="child_permission_unique",
            ),
        ]

    def __str__(self):
        return f"{self.child} / {self.permission_type}: {self.granted}"


class AuthorisedPerson(models.Model):
    """A person a family allows to pick up some of its children."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="authorised_persons"
    )
    children = models.ManyToManyField(
        Child, verbose_name=_("enfants"), related_name="authorised_persons"
    )
    last_name = models.CharField(_("nom"), max_length=100)
    first_name = models.CharField(_("prénom"), max_length=100)
    relationship = models.CharField(_("lien avec l'enfant"), max_length=100)
    phone = models.CharField(_("téléphone"), max_length=20)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("personne autorisée")
        verbose_name_plural = _("personnes autorisées")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class FamilyChangeRequest(models.Model):
    """Changes of a family file that wait for staff: commune or payer.

    `changes` maps a Family field name to {"old": value, "new": value}; a
    family has at most one pending request, which a new change updates.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de validation")
        APPROVED = "approved", _("Acceptée")
        REJECTED = "rejected", _("Refusée")
        WITHDRAWN = "withdrawn", _("Retirée par la famille")

    family = models.ForeignKey(
        Family,
        verbose_name=_("famille"),
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    changes = models.JSONField(_("modifications"))
    status = models.CharField(
        _("état"), max_length=20, choices=Status, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(_("motif du refus"), blank=True)

    class Meta:
        verbose_name = _("modification à valider")
        verbose_name_plural = _("modifications à valider")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=models.Q(status="pending"),
                name="one_pending_change_request_per_family",
            ),
        ]

    def __str__(self):
        return f"{self.family} ({self.get_status_display()})"
