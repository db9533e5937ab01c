from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def normalize_email(email):
    """Return the form under which an address is stored and compared.

    Lower case, without surrounding spaces, and with an internationalised
    domain in its ASCII (punycode) form, so one mailbox has one spelling.
    """
    email = (email or "").strip().lower()
    local, at, domain = email.rpartition("@")
    if at and domain and not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            return email
        email = f"{local}@{domain}"
    return email


class Role(models.TextChoices):
    FAMILY = "family", _("Famille")
    AGENT = "agent", _("Agent du service")
    MANAGER = "manager", _("Responsable de structure")
    ACCOUNTANT = "accountant", _("Régisseur")
    ADMIN = "admin", _("Administrateur")


STAFF_ROLES = (Role.AGENT, Role.MANAGER, Role.ACCOUNTANT, Role.ADMIN)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email=normalize_email(username))

    def create_user(self, email, password=None, **fields):
        user = self.model(email=normalize_email(email), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(role=Role.ADMIN, is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """An account: parent 1 of a family, or a member of staff."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    role = models.CharField(_("rôle"), max_length=20, choices=Role, default=Role.FAMILY)
    # A family account stays inactive until staff validate its family file.
    is_active = models.BooleanField(_("actif"), default=True)
    # Django admin access; only administrators get it.
    is_staff = models.BooleanField(_("accès à l'administration Django"), default=False)
    must_change_password = models.BooleanField(
        _("doit changer son mot de passe"),
        default=False,
        help_text=_("Vrai après un mot de passe temporaire donné par téléphone."),
    )
    date_joined = models.DateTimeField(_("date de création"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message=_(
                    "Un compte utilise déjà cette adresse e-mail."
                ),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def is_family(self):
        return self.role == Role.FAMILY

    @property
    def is_service_staff(self):
        return self.role in STAFF_ROLES

    def has_role(self, *roles):
        """Return True when the active user has one of `roles`.

        Administrators have every role.
        """
        return self.is_active and (self.role == Role.ADMIN or self.role in roles)
