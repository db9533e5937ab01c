"""Account use cases: password links and temporary passwords."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from audit.services import record
from messaging.services import send_templated_mail


def clear_login_failures(user):
    """Lift a django-axes lockout of `user` after a new password was set."""
    from axes.utils import reset

    reset(username=user.email)


def set_password_url(user):
    """Build the absolute, single-use link that lets `user` choose a password.

    Django's token generator hashes the current password and last login, so
    the link stops working once used, and after PASSWORD_RESET_TIMEOUT.
    """
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:set_password", kwargs={"uidb64": uid, "token": token})
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def send_set_password_link(user):
    """E-mail `user` a link to set the password, after the current commit."""
    context = {
        "user": user,
        "email": user.email,
        "url": set_password_url(user),
        "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    send_templated_mail("accounts/email/set_password", context, [user.email])


@transaction.atomic
def set_temporary_password(user, password, actor, family=None):
    """Give `user` a password told by phone; it must be changed at first login.

    Raises django.core.exceptions.ValidationError when the password is too weak.
    """
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    clear_login_failures(user)
    record(actor, "account.temporary_password", family=family, target=user)
