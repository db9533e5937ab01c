"""The whole path in Chromium: sign-up, validation, password link, login."""

import re

import pytest
from django.core import mail

from accounts.models import Role
from families.models import Family
from portail.testing import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_family_signs_up_and_logs_in(browser_page, settings, live_server):
    settings.PORTAL_BASE_URL = live_server.url
    agent = make_user(Role.AGENT, email="agent@test.example", first_name="Agnès")
    ui = browser_page
    page = ui.goto("/")

    page.get_by_role("link", name="Créer mon dossier famille").click()
    ui.check()
    page.locator("#id_p1-last_name").fill("Lefèvre")
    page.locator("#id_p1-first_name").fill("Camille")
    page.locator("#id_p1-email").fill("Camille.Lefevre@Test.example")
    page.locator("#id_p1-mobile_phone").fill("06 11 22 33 44")
    page.locator("#id_p1-address_line1").fill("5 route de Job")
    page.locator("#id_p1-postcode").fill("63890")
    page.locator("#id_p1-commune").fill("Saint-Amant-Roche-Savine")
    page.locator("#id_children-0-last_name").fill("Lefèvre")
    page.locator("#id_children-0-first_name").fill("Zoé")
    page.locator("#id_children-0-birth_date").fill("2019-02-03")
    page.locator("#id_children-0-sex").select_option("F")
    page.get_by_role("button", name="Ajouter un enfant").click()
    ui.check()
    page.locator("#id_children-1-last_name").fill("Lefèvre")
    page.locator("#id_children-1-first_name").fill("Paul")
    page.locator("#id_children-1-birth_date").fill("2022-07-14")
    page.locator("#id_children-1-sex").select_option("M")
    page.get_by_label("J'ai lu et j'accepte le règlement").check()
    page.get_by_role("button", name="Envoyer mon dossier").click()
    ui.check()
    assert page.get_by_role("heading", name="Demande envoyée").is_visible()
    family = Family.objects.get(account__email="camille.lefevre@test.example")
    assert family.children.count() == 2

    # The agent validates the file.
    login(ui, "agent@test.example", PASSWORD)
    page.get_by_role("link", name="Dossiers famille").first.click()
    ui.check()
    page.get_by_role("link", name=family.reference).click()
    ui.check()
    page.get_by_role("button", name="Valider le dossier").click()
    ui.check()
    assert page.get_by_text("Dossier validé").is_visible()
    page.get_by_role("button", name="Se déconnecter").click()
    ui.check()
    assert agent.pk

    # Parent 1 follows the link from the e-mail and chooses a password.
    link_mail = next(
        m for m in mail.outbox if m.to == [family.account.email] and "definir" in m.body
    )
    link = re.search(r"https?://\S+", link_mail.body).group(0)
    page.goto(link)
    ui.check()
    page.locator("#id_new_password1").fill("Prairie-Jaune-2026")
    page.locator("#id_new_password2").fill("Prairie-Jaune-2026")
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    ui.check()

    login(ui, "camille.lefevre@test.example", "Prairie-Jaune-2026")
    assert page.get_by_role("heading", name="Famille LEFÈVRE").is_visible()
    assert page.get_by_text("Zoé Lefèvre").is_visible()


def login(ui, email, password):
    page = ui.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    ui.check()
