"""Helpers shared by the login views and django-axes."""

from django.conf import settings

from .models import normalize_email


def client_ip(request):
    """Return the visitor's IP address.

    Behind PORTAL_TRUSTED_PROXY_COUNT reverse proxies, each appends the
    address it received the request from to X-Forwarded-For, so the visitor
    is that many entries from the right. Entries further left are whatever
    the client sent and are ignored.
    """
    proxies = settings.PORTAL_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def axes_username(request, credentials):
    """Return the e-mail that django-axes counts failures against.

    Normalised like stored addresses, so that " Parent@X.fr" and
    "parent@x.fr" share one failure count.
    """
    if credentials and credentials.get("username"):
        return normalize_email(credentials["username"])
    return normalize_email(request.POST.get("username", "")) if request else ""
