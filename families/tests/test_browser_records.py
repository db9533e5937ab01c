"""In Chromium: a family edits its records and permissions; staff approve."""

import pytest

from accounts.models import Role
from families.models import (
    AuthorisedPerson,
    ChildHealth,
    ChildPermission,
    PermissionType,
)
from portail.testing import PASSWORD, make_family, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(ui, email):
    page = ui.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    ui.check()
    return page


def test_family_records_and_staff_review(browser_page):
    family = make_family(email="famille@test.example")
    child = family.children.get()
    make_user(Role.AGENT, email="agent@test.example")
    image = PermissionType.objects.create(name="Droit à l'image")
    ui = browser_page

    page = login(ui, "famille@test.example")
    page.get_by_role("link", name="Modifier mes informations").click()
    ui.check()
    page.locator("#id_address-commune").fill("Ambert")
    page.get_by_role("button", name="Enregistrer").click()
    ui.check()
    assert page.get_by_text("après validation par le service").is_visible()

    page.get_by_role("link", name=f"{child.first_name} {child.last_name}").click()
    ui.check()
    page.get_by_label("Allergies").fill("Arachides")
    page.get_by_label("Téléphone du médecin").fill("12")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    ui.check()
    assert page.get_by_text("n'est pas un numéro de téléphone français").is_visible()
    assert page.get_by_label("Allergies").input_value() == "Arachides"
    page.get_by_label("Téléphone du médecin").fill("04 73 65 43 21")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    ui.check()
    assert ChildHealth.objects.get(child=child).allergies == "Arachides"

    page = ui.goto("/famille/autorisations/")
    page.get_by_role("switch", name="Droit à l'image").check()
    page.get_by_role("button", name=f"Enregistrer pour {child.first_name}").click()
    ui.check()
    assert ChildPermission.objects.get(permission_type=image).granted
    page.get_by_role("link", name="Ajouter une personne autorisée").click()
    ui.check()
    page.locator("#id_last_name").fill("Martin")
    page.get_by_label("Prénom").fill("Monique")
    page.get_by_label("Lien avec l'enfant").fill("Grand-mère")
    page.get_by_label("Téléphone").fill("04 73 12 34 56")
    page.get_by_label(child.first_name).check()
    page.get_by_role("button", name="Enregistrer").click()
    ui.check()
    assert AuthorisedPerson.objects.get().first_name == "Monique"
    page.get_by_role("button", name="Se déconnecter").click()
    ui.check()

    page = login(ui, "agent@test.example")
    page.get_by_role("link", name="Modifications à valider").first.click()
    ui.check()
    assert page.get_by_role("cell", name="Ambert").is_visible()
    page.get_by_role("button", name="Accepter et appliquer").click()
    ui.check()
    family.refresh_from_db()
    assert family.commune == "Ambert"
    page = ui.goto(f"/gestion/familles/{family.pk}/")
    assert page.get_by_text("Arachides").is_visible()
    assert page.get_by_text("Monique Martin").is_visible()
