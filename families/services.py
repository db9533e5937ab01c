"""Family file use cases: sign-up and the staff decisions on a file."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User, normalize_email
from accounts.services import send_set_password_link
from audit.services import record
from messaging.services import send_templated_mail, within_rate

from .models import Child, Family, Guardian

logger = logging.getLogger(__name__)


def register_family(parent1, parent2, children):
    """Create a pending family file from cleaned sign-up data.

    Returns the new Family, or None when the e-mail already has an account:
    then nothing is created and the owner is told that someone tried, so the
    page shown to the visitor is the same in both cases.
    """
    email = normalize_email(parent1["email"])
    try:
        with transaction.atomic():
            if User.objects.filter(email=email).exists():
                _warn_existing_account(email)
                return None
            family = _create_family(email, parent1, parent2, children)
    except IntegrityError:
        # Another sign-up with the same address committed first.
        with transaction.atomic():
            _warn_existing_account(email)
        return None
    return family


def _create_family(email, parent1, parent2, children):
    account = User.objects.create_user(
        email,
        first_name=parent1["first_name"].strip(),
        last_name=parent1["last_name"].strip(),
        role=Role.FAMILY,
        is_active=False,
    )
    family = Family.objects.create(
        account=account,
        address_line1=parent1["address_line1"].strip(),
        address_line2=parent1.get("address_line2", "").strip(),
        postcode=parent1["postcode"],
        commune=parent1["commune"].strip(),
        rules_accepted_at=timezone.now(),
    )
    Guardian.objects.create(
        family=family,
        rank=1,
        last_name=parent1["last_name"].strip(),
        first_name=parent1["first_name"].strip(),
        email=email,
        mobile_phone=parent1["mobile_phone"],
        other_phone=parent1.get("other_phone", ""),
    )
    if parent2:
        Guardian.objects.create(
            family=family,
            rank=2,
            last_name=parent2["last_name"].strip(),
            first_name=parent2["first_name"].strip(),
            email=parent2.get("email", ""),
            mobile_phone=parent2.get("mobile_phone", ""),
        )
    for child in children:
        family.children.add(Child.objects.create(**child))
    record(None, "family.signup", family=family, target=family)
    send_templated_mail("families/email/signup_received", {"family": family}, [email])
    send_templated_mail(
        "families/email/staff_new_family",
        {"family": family},
        [settings.PORTAL_SERVICE_EMAIL],
    )
    return family


def _warn_existing_account(email):
    """Tell the owner of `email` that someone tried to sign up with it.

    The message depends on the state of the owner's file, because a pending
    or rejected family cannot use the password reset.
    """
    logger.info("Sign-up attempted with an address that already has an account")
    # At most two such warnings an hour, so the form cannot flood a mailbox.
    if not within_rate(f"signup-existing:{email}", 2, 3600):
        return
    family = Family.objects.filter(account__email=email).first()
    context = {"email": email, "family": family}
    send_templated_mail("families/email/signup_existing", context, [email])


def _lock_family(family):
    return (
        Family.objects.select_for_update().select_related("account").get(pk=family.pk)
    )


@transaction.atomic
def validate_family(family, actor):
    """Validate a pending file and e-mail parent 1 a link to set the password."""
    family = _lock_family(family)
    if family.status != Family.Status.PENDING:
        raise ValidationError(_("Ce dossier n'est plus en attente de validation."))
    family.status = Family.Status.VALIDATED
    family.decided_at = timezone.now()
    family.decided_by = actor
    family.rejection_reason = ""
    family.save(
        update_fields=["status", "decided_at", "decided_by", "rejection_reason"]
    )
    account = family.account
    account.is_active = True
    account.save(update_fields=["is_active"])
    record(actor, "family.validate", family=family, target=family)
    send_set_password_link(account)
    record(actor, "account.set_password_link", family=family, target=account)
    return family


@transaction.atomic
def reject_family(family, actor, reason):
    """Reject a pending file and e-mail the reason to parent 1."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indiquez le motif du refus."))
    family = _lock_family(family)
    if family.status != Family.Status.PENDING:
        raise ValidationError(_("Ce dossier n'est plus en attente de validation."))
    family.status = Family.Status.REJECTED
    family.decided_at = timezone.now()
    family.decided_by = actor
    family.rejection_reason = reason
    family.save(
        update_fields=["status", "decided_at", "decided_by", "rejection_reason"]
    )
    record(actor, "family.reject", family=family, target=family, reason=reason)
    send_templated_mail(
        "families/email/rejected",
        {"family": family, "reason": reason},
        [family.account.email],
    )
    return family


@transaction.atomic
def resend_set_password_link(family, actor):
    """E-mail parent 1 of a validated file a fresh link to set the password."""
    family = _lock_family(family)
    if family.status != Family.Status.VALIDATED:
        raise ValidationError(_("Le lien ne peut être envoyé qu'à un dossier validé."))
    send_set_password_link(family.account)
    record(actor, "account.set_password_link", family=family, target=family.account)


@transaction.atomic
def reopen_family(family, actor):
    """Put a rejected file back in the validation queue."""
    family = _lock_family(family)
    if family.status != Family.Status.REJECTED:
        raise ValidationError(_("Seul un dossier refusé peut être remis en attente."))
    family.status = Family.Status.PENDING
    family.decided_at = None
    family.decided_by = None
    family.save(update_fields=["status", "decided_at", "decided_by"])
    record(actor, "family.reopen", family=family, target=family)
    return family
