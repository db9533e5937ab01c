"""Helpers shared by the login views and django-axes."""

from .models import normalize_email


def axes_username(request, credentials):
    """Return the e-mail that django-axes counts failures against.

    Normalised like stored addresses, so that " Parent@X.fr" and
    "parent@x.fr" share one failure count.
    """
    if credentials and credentials.get("username"):
        return normalize_email(credentials["username"])
    return normalize_email(request.POST.get("username", "")) if request else ""
