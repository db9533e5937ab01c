import re

import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from families.models import Child, CommuneNotice, Family
from portail.testing import make_family

# Real commits, so that e-mails queued with on_commit are sent.
pytestmark = pytest.mark.django_db(transaction=True)

SIGNUP_URL = reverse("families:signup")


def signup_data(**overrides):
    data = {
        "p1-last_name": "Durand",
        "p1-first_name": "Élodie",
        "p1-email": "elodie.durand@test.example",
        "p1-mobile_phone": "06 12 34 56 78",
        "p1-other_phone": "",
        "p1-address_line1": "3 rue du Lavoir",
        "p1-address_line2": "",
        "p1-postcode": "63890",
        "p1-commune": "Saint-Amant-Roche-Savine",
        "p2-last_name": "",
        "p2-first_name": "",
        "p2-email": "",
        "p2-mobile_phone": "",
        "children-TOTAL_FORMS": "1",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "1",
        "children-MAX_NUM_FORMS": "10",
        "children-0-last_name": "Durand",
        "children-0-first_name": "Jules",
        "children-0-birth_date": "2018-04-12",
        "children-0-sex": "M",
        "children-0-school": "",
        "children-0-school_level": "CE2",
        "rules-accept_rules": "on",
    }
    data.update(overrides)
    return data


def test_signup_creates_pending_family(client, mailoutbox):
    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 302
    assert response.url == reverse("families:signup_done")
    family = Family.objects.get()
    assert family.status == Family.Status.PENDING
    assert family.account.email == "elodie.durand@test.example"
    assert not family.account.is_active
    assert not family.account.has_usable_password()
    assert family.parent1.mobile_phone == "0612345678"
    assert family.children.get().first_name == "Jules"
    assert AuditEvent.objects.filter(family=family, action="family.signup").exists()
    recipients = sorted(mail.to[0] for mail in mailoutbox)
    assert "elodie.durand@test.example" in recipients
    assert all("mot de passe :" not in mail.body.lower() for mail in mailoutbox)


def test_signup_with_second_parent_and_two_children(client):
    data = signup_data(
        **{
            "p2-last_name": "Durand",
            "p2-first_name": "Marc",
            "p2-mobile_phone": "07 00 11 22 33",
            "children-TOTAL_FORMS": "2",
            "children-1-last_name": "Durand",
            "children-1-first_name": "Alice",
            "children-1-birth_date": "2020-09-01",
            "children-1-sex": "F",
        }
    )
    response = client.post(SIGNUP_URL, data)

    assert response.status_code == 302
    family = Family.objects.get()
    assert family.parent2.first_name == "Marc"
    assert family.children.count() == 2


def test_existing_email_gives_neutral_answer(client, mailoutbox):
    existing = make_family(email="parent.test@example.fr")
    data = signup_data(**{"p1-email": "PARENT.TEST@example.fr "})

    response = client.post(SIGNUP_URL, data)

    assert response.status_code == 302
    assert response.url == reverse("families:signup_done")
    assert Family.objects.count() == 1
    assert User.objects.count() == 1
    assert Child.objects.filter(first_name="Jules").count() == 0
    assert [mail.to for mail in mailoutbox] == [["parent.test@example.fr"]]
    assert "déjà un dossier" in mailoutbox[0].body
    assert "Mot de passe oublié" in mailoutbox[0].body
    existing.refresh_from_db()
    assert existing.account.email == "parent.test@example.fr"


def without_csrf_tokens(page):
    return re.sub(
        rb'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', b"", page
    )


def test_neutral_confirmation_is_identical(client):
    make_family(email="parent.test@example.fr")
    client.post(SIGNUP_URL, signup_data(**{"p1-email": "parent.test@example.fr"}))
    existing_page = client.get(reverse("families:signup_done")).content
    client.post(SIGNUP_URL, signup_data(**{"p1-email": "nouveau@test.example"}))
    new_page = client.get(reverse("families:signup_done")).content

    assert without_csrf_tokens(existing_page) == without_csrf_tokens(new_page)


def test_errors_keep_input_and_speak_french(client):
    data = signup_data(
        **{
            "p1-email": "pas-une-adresse",
            "p1-postcode": "6389",
            "p1-mobile_phone": "12",
            "children-0-birth_date": "2099-01-01",
            "rules-accept_rules": "",
        }
    )
    response = client.post(SIGNUP_URL, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Le code postal doit comporter 5 chiffres" in page
    assert "n&#x27;est pas un numéro de téléphone français valide" in page
    assert "La date de naissance ne peut pas être dans le futur." in page
    assert "Vous devez accepter le règlement" in page
    assert 'value="Durand"' in page
    assert 'value="3 rue du Lavoir"' in page
    assert Family.objects.count() == 0


def test_parent2_needs_name_when_partly_filled(client):
    response = client.post(SIGNUP_URL, signup_data(**{"p2-mobile_phone": "0612345678"}))

    assert response.status_code == 200
    assert "Indiquez le nom et le prénom du parent 2" in response.content.decode()
    assert Family.objects.count() == 0


def test_child_required(client):
    data = signup_data(
        **{
            "children-0-last_name": "",
            "children-0-first_name": "",
            "children-0-birth_date": "",
            "children-0-sex": "",
            "children-0-school_level": "",
        }
    )
    response = client.post(SIGNUP_URL, data)

    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert Family.objects.count() == 0


def test_add_child_button_keeps_input(client):
    response = client.post(SIGNUP_URL, signup_data(add_child="1"))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="children-TOTAL_FORMS" value="2"' in page
    assert 'value="Jules"' in page
    assert "children-1-first_name" in page
    assert "errorlist" not in page
    assert Family.objects.count() == 0


@pytest.mark.parametrize(
    "tampering",
    [
        {"children-TOTAL_FORMS": None},
        {"children-TOTAL_FORMS": "abc"},
        {"children-TOTAL_FORMS": "100000"},
        {"p1-email": None, "p1-last_name": None},
        {"children-0-birth_date": "31/02/2019"},
        {"children-0-sex": "X"},
        {"children-0-school": "999999"},
        {"unexpected": "field"},
    ],
)
def test_tampered_post_never_500(client, tampering):
    data = signup_data()
    for key, value in tampering.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value

    response = client.post(SIGNUP_URL, data)

    assert response.status_code in (200, 302)
    if "unexpected" not in tampering:
        assert response.status_code == 200
        assert Family.objects.count() == 0


def test_commune_notice_shown(client):
    CommuneNotice.objects.create(
        commune="Ambert", notice="Contactez la mairie d'Ambert."
    )

    fragment = client.get(
        reverse("families:commune_notice"), {"p1-commune": " AMBERT "}
    )
    response = client.post(SIGNUP_URL, signup_data(**{"p1-commune": "ambert"}))
    done = client.get(response.url)

    assert "Contactez la mairie d" in fragment.content.decode()
    assert "Contactez la mairie d" in done.content.decode()
    assert Family.objects.get().commune == "ambert"


def test_commune_notice_absent_elsewhere(client):
    CommuneNotice.objects.create(
        commune="Ambert", notice="Contactez la mairie d'Ambert."
    )

    fragment = client.get(reverse("families:commune_notice"), {"p1-commune": "Job"})

    assert fragment.content.decode().strip() == ""


def test_pending_family_cannot_log_in(client):
    make_family(email="attente@test.example", status=Family.Status.PENDING)

    response = client.post(
        reverse("accounts:login"),
        {"username": "attente@test.example", "password": "n-importe-quoi-2026"},
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_pending_owner_told_file_is_waiting(client, mailoutbox):
    make_family(email="attente@test.example", status=Family.Status.PENDING)

    client.post(SIGNUP_URL, signup_data(**{"p1-email": "attente@test.example"}))

    assert "en attente de validation" in mailoutbox[0].body
    assert "Mot de passe oublié" not in mailoutbox[0].body


def test_remove_child_button_keeps_others(client):
    data = signup_data(
        **{
            "children-TOTAL_FORMS": "2",
            "children-1-last_name": "Durand",
            "children-1-first_name": "Alice",
            "children-1-birth_date": "2020-09-01",
            "children-1-sex": "F",
            "remove_child": "0",
        }
    )

    response = client.post(SIGNUP_URL, data)

    page = response.content.decode()
    assert 'name="children-TOTAL_FORMS" value="1"' in page
    assert 'value="Alice"' in page
    assert 'value="Jules"' not in page
    assert Family.objects.count() == 0


def test_enter_key_default_button_sends_file(client):
    page = client.get(SIGNUP_URL).content.decode()

    first_button = re.search(r"<button[^>]*>", page.split("<main", 1)[1]).group(0)
    assert 'name="add_child"' not in first_button
    assert 'type="submit"' in first_button
