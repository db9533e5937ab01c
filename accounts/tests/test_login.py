import re

import pytest
from django.urls import reverse

from accounts.models import Role, User
from portail.testing import PASSWORD, make_family, make_user

LOGIN_URL = reverse("accounts:login")
RESET_URL = reverse("accounts:password_reset")


@pytest.mark.django_db
def test_email_unique_whatever_case(client):
    make_user(Role.FAMILY, email="Parent.Test@Example.FR")

    with pytest.raises(Exception):  # noqa: B017 - IntegrityError, wrapped by Django
        User.objects.create_user("  PARENT.TEST@example.fr ", PASSWORD)


@pytest.mark.django_db
def test_login_ignores_case_and_spaces(client):
    make_family(email="Parent.Test@Example.FR")

    response = client.post(
        LOGIN_URL, {"username": " PARENT.TEST@example.fr ", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:after_login")
    assert client.get(response.url).url == reverse("families:home")


@pytest.mark.django_db
def test_wrong_password_keeps_email(client):
    make_family(email="parent@test.example")

    response = client.post(
        LOGIN_URL, {"username": "parent@test.example", "password": "faux"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Adresse e-mail ou mot de passe incorrect" in page
    assert 'value="parent@test.example"' in page


@pytest.mark.django_db
def test_staff_lands_on_dashboard(client):
    make_user(Role.AGENT, email="agent@test.example")

    response = client.post(
        LOGIN_URL, {"username": "agent@test.example", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("families:staff_dashboard")


@pytest.mark.django_db
def test_lockout_after_five_failures(client):
    make_family(email="verrou@test.example")
    for _attempt in range(5):
        client.post(LOGIN_URL, {"username": "verrou@test.example", "password": "faux"})

    response = client.post(
        LOGIN_URL, {"username": "VERROU@test.example", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "Compte bloqué temporairement" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_spares_other_accounts(client):
    make_family(email="verrou@test.example")
    make_family(email="autre@test.example")
    for _attempt in range(5):
        client.post(LOGIN_URL, {"username": "verrou@test.example", "password": "faux"})

    response = client.post(
        LOGIN_URL, {"username": "autre@test.example", "password": PASSWORD}
    )

    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_reset_same_answer_for_unknown_address(client, mailoutbox):
    make_family(email="connu@test.example")

    known = client.post(RESET_URL, {"email": "CONNU@test.example "})
    unknown = client.post(RESET_URL, {"email": "inconnu@test.example"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert [mail.to for mail in mailoutbox] == [["connu@test.example"]]


@pytest.mark.django_db(transaction=True)
def test_reset_link_used_twice(client, mailoutbox):
    make_family(email="parent.test@example.fr")
    client.post(RESET_URL, {"email": "parent.test@example.fr"})
    link = re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[0].body).group(1)
    passwords = {
        "new_password1": "Noisette-Claire-55",
        "new_password2": "Noisette-Claire-55",
    }

    first = client.get(link, follow=True)
    saved = client.post(first.redirect_chain[-1][0], passwords)
    second = client.get(link, follow=True)
    replay = client.post(first.redirect_chain[-1][0], passwords)

    assert saved.status_code == 302
    assert not second.context["validlink"]
    assert not replay.context["validlink"]
    user = User.objects.get(email="parent.test@example.fr")
    assert user.check_password("Noisette-Claire-55")


@pytest.mark.django_db(transaction=True)
def test_reset_ignored_for_pending_family(client, mailoutbox):
    from families.models import Family

    make_family(email="attente@test.example", status=Family.Status.PENDING)

    client.post(RESET_URL, {"email": "attente@test.example"})

    assert mailoutbox == []


@pytest.mark.django_db
def test_logout_needs_post(client):
    family = make_family()
    client.force_login(family.account)

    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_production_hashes_with_argon2():
    from portail import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_forced_change_refuses_same_password(client):
    user = make_family(email="tel@test.example").account
    user.must_change_password = True
    user.save()
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": PASSWORD,
            "new_password2": PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "différent de l&#x27;actuel" in response.content.decode()
    assert "Mot de passe temporaire reçu" in response.content.decode()
    user.refresh_from_db()
    assert user.must_change_password


@pytest.mark.django_db(transaction=True)
def test_password_reset_lifts_lockout(client, mailoutbox):
    make_family(email="verrou@test.example")
    for _attempt in range(5):
        client.post(LOGIN_URL, {"username": "verrou@test.example", "password": "faux"})
    client.post(RESET_URL, {"email": "verrou@test.example"})
    link = re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = {
        "new_password1": "Pomme-Rouge-Fraise-9",
        "new_password2": "Pomme-Rouge-Fraise-9",
    }
    client.post(form_url, new)

    response = client.post(
        LOGIN_URL,
        {"username": "verrou@test.example", "password": "Pomme-Rouge-Fraise-9"},
    )

    assert response.status_code == 302
