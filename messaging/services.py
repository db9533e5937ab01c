"""Outgoing e-mail: written in the caller's transaction, sent after the commit."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# A message that failed this many times is left for a person to look at.
MAX_ATTEMPTS = 8


def queue_email(subject, body, recipients):
    """Store an e-mail and send it once the current transaction commits.

    A failure to send never reaches the caller: the e-mail stays queued with
    its error, and `send_queued_email` retries it.
    """
    email = OutgoingEmail.objects.create(
        recipients=list(recipients), subject=subject[:255], body=body
    )
    transaction.on_commit(lambda: deliver(email.pk), robust=True)
    return email


def deliver(email_id):
    """Send one queued e-mail; return True when it left."""
    email = OutgoingEmail.objects.filter(pk=email_id, sent_at__isnull=True).first()
    if email is None:
        return False
    OutgoingEmail.objects.filter(pk=email.pk).update(attempts=F("attempts") + 1)
    try:
        send_mail(email.subject, email.body, None, email.recipients)
    except Exception as error:  # noqa: BLE001 - any transport error is kept and retried
        logger.warning("E-mail %s not sent: %s", email.pk, error)
        OutgoingEmail.objects.filter(pk=email.pk).update(last_error=str(error)[:2000])
        return False
    OutgoingEmail.objects.filter(pk=email.pk).update(
        sent_at=timezone.now(), last_error=""
    )
    return True


def send_queued():
    """Retry every unsent e-mail below MAX_ATTEMPTS; return (sent, failed)."""
    sent = failed = 0
    pending = OutgoingEmail.objects.filter(
        sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS
    )
    for email_id in pending.order_by("created_at").values_list("pk", flat=True):
        if deliver(email_id):
            sent += 1
        else:
            failed += 1
    return sent, failed


def render_email(template, context):
    """Render `<template>_subject.txt` and `<template>.txt` in the portal's language.

    Families read the portal's language whatever the language of the staff
    member whose action sends the e-mail.
    """
    context = {
        "portal_name": settings.PORTAL_NAME,
        "service_name": settings.PORTAL_SERVICE_NAME,
        "service_email": settings.PORTAL_SERVICE_EMAIL,
        "service_phone": settings.PORTAL_SERVICE_PHONE,
        "base_url": settings.PORTAL_BASE_URL.rstrip("/"),
        **context,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    return subject, body


def send_templated_mail(template, context, recipients):
    """Render a template pair and queue it for after the commit."""
    subject, body = render_email(template, context)
    return queue_email(subject, body, recipients)


def within_rate(key, limit, period_seconds):
    """Count one use of `key`; return False once `limit` uses fall in the period.

    Backed by the shared cache, so every worker counts together.
    """
    cache_key = f"rate:{key}"
    if cache.add(cache_key, 1, period_seconds):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, period_seconds)
        return True
    return count <= limit
