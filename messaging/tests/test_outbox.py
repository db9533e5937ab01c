import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from families.models import Family
from messaging.models import OutgoingEmail
from messaging.services import send_queued
from portail.testing import make_family, make_user

pytestmark = pytest.mark.django_db(transaction=True)

# Nothing listens on port 9 of the loopback: every SMTP connection fails.
CLOSED_SMTP = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 9,
    "EMAIL_TIMEOUT": 2,
}


def test_mail_server_down_keeps_the_change(client, settings, mailoutbox):
    for name, value in CLOSED_SMTP.items():
        setattr(settings, name, value)
    agent = make_user(Role.AGENT)
    family = make_family(status=Family.Status.PENDING)
    client.force_login(agent)

    response = client.post(reverse("families:staff_family_validate", args=[family.pk]))

    assert response.status_code == 302
    family.refresh_from_db()
    assert family.status == Family.Status.VALIDATED
    email = OutgoingEmail.objects.get()
    assert email.sent_at is None
    assert email.attempts == 1
    assert email.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_queued() == (1, 0)
    assert mailoutbox[0].to == [family.account.email]
    email.refresh_from_db()
    assert email.sent_at is not None


def test_family_mail_in_french_whatever_staff_language(client, mailoutbox):
    family = make_family(status=Family.Status.PENDING)
    client.force_login(make_user(Role.AGENT))

    with translation.override("en"):
        client.post(reverse("families:staff_family_validate", args=[family.pk]))

    assert "choisissez votre mot de passe" in mailoutbox[0].subject


def test_rolled_back_change_sends_nothing(mailoutbox):
    from django.db import transaction

    from messaging.services import queue_email

    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email("Objet", "Texte", ["a@test.example"])
        raise RuntimeError("rollback")

    assert OutgoingEmail.objects.count() == 0
    assert mailoutbox == []
