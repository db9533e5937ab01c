"""Defences found missing by an attack on the foundation."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from accounts.auth import client_ip
from accounts.models import Role, User, normalize_email
from portail.testing import PASSWORD, make_family, make_user


def test_sqlite_takes_write_lock_at_start(settings):
    from portail import settings as base

    assert base.SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"
    if connection.vendor == "sqlite":
        assert (
            settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        )


@pytest.mark.django_db
def test_staff_search_with_nul_byte(client):
    client.force_login(make_user(Role.AGENT))

    response = client.get(reverse("families:staff_family_list"), {"q": "a\x00b"})

    assert response.status_code == 200


@pytest.mark.django_db
def test_login_next_to_itself_does_not_loop(client):
    client.force_login(make_family().account)

    response = client.get(
        reverse("accounts:login"), {"next": reverse("accounts:login")}
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:after_login")


@pytest.mark.django_db
def test_private_pages_not_cached(client):
    client.force_login(make_family().account)

    response = client.get(reverse("families:home"))

    assert "no-store" in response["Cache-Control"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_csrf_failure_page_in_french():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("families:signup"), {})

    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()


@pytest.mark.parametrize(
    "value, expected",
    [
        (" Parent.Test@Example.FR ", "parent.test@example.fr"),
        ("a@exämple.fr", "a@xn--exmple-cua.fr"),
        ("a@xn--exmple-cua.fr", "a@xn--exmple-cua.fr"),
    ],
)
def test_normalize_email(value, expected):
    assert normalize_email(value) == expected


@pytest.mark.parametrize(
    "forwarded, proxies, expected",
    [
        ("", 0, "10.0.0.1"),
        ("203.0.113.9", 0, "10.0.0.1"),
        ("203.0.113.9", 1, "203.0.113.9"),
        ("6.6.6.6, 203.0.113.9", 1, "203.0.113.9"),
        ("", 1, "10.0.0.1"),
    ],
)
def test_client_ip_behind_proxies(settings, forwarded, proxies, expected):
    settings.PORTAL_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
    )

    assert client_ip(request) == expected


@pytest.mark.django_db(transaction=True)
def test_validated_family_without_password_can_reset(client, mailoutbox):
    family = make_family(email="jamais@test.example")
    family.account.set_unusable_password()
    family.account.save()

    client.post(reverse("accounts:password_reset"), {"email": "jamais@test.example"})

    assert [mail.to for mail in mailoutbox] == [["jamais@test.example"]]
    assert "http://testserver/compte/mot-de-passe/definir/" in mailoutbox[0].body


@pytest.mark.django_db(transaction=True)
def test_reset_mails_limited_per_address(client, mailoutbox):
    make_family(email="flood@test.example")

    for _attempt in range(6):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "flood@test.example"}
        )
        assert response.status_code == 302

    assert len(mailoutbox) == 3


@pytest.mark.django_db
def test_signups_limited_per_ip(client, monkeypatch):
    from families import views
    from families.tests.test_signup import signup_data

    monkeypatch.setattr(views, "SIGNUPS_PER_IP_HOUR", 2)
    for number in range(2):
        data = signup_data(**{"p1-email": f"parent{number}@test.example"})
        assert client.post(reverse("families:signup"), data).status_code == 302

    response = client.post(
        reverse("families:signup"), signup_data(**{"p1-email": "parent9@test.example"})
    )

    assert response.status_code == 200
    assert "Trop de demandes" in response.content.decode()
    assert not User.objects.filter(email="parent9@test.example").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value",
    [("p1-postcode", "６３０００"), ("p1-mobile_phone", "06١٢٣٤٥٦٧٨")],
)
def test_non_ascii_digits_refused(client, field, value):
    from families.tests.test_signup import signup_data

    response = client.post(reverse("families:signup"), signup_data(**{field: value}))

    assert response.status_code == 200
    assert not User.objects.exists()


@pytest.mark.django_db
def test_head_on_signup(client):
    assert client.head(reverse("families:signup")).status_code == 200


@pytest.mark.django_db
def test_demo_data_refused_in_production(settings):
    from django.core.management import CommandError, call_command

    settings.DEBUG = False

    with pytest.raises(CommandError, match="public password"):
        call_command("load_demo")


@pytest.mark.django_db
def test_temporary_password_lifts_lockout(client):
    family = make_family(email="bloque@test.example")
    login_url = reverse("accounts:login")
    for _attempt in range(5):
        client.post(login_url, {"username": "bloque@test.example", "password": "x"})
    from accounts.services import set_temporary_password

    set_temporary_password(family.account, "Sapin-Neige-4410", make_user(Role.AGENT))

    response = client.post(
        login_url, {"username": "bloque@test.example", "password": "Sapin-Neige-4410"}
    )
    assert response.status_code == 302
    assert PASSWORD
