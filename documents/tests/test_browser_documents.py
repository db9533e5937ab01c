"""In Chromium: a family sends a document, an agent validates it, the banner goes.

The enrolment check runs on the "activités souhaitées" page and through
documents.services.missing_documents, the gate the bookings use.
"""

import pytest
from django.utils import timezone

from accounts.models import Role
from documents.demo import pdf_bytes
from documents.models import Document, WantedActivity
from documents.services import missing_documents
from documents.testing import make_activity, make_document_type
from portail.testing import PASSWORD, make_family, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(ui, email):
    page = ui.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    ui.check()
    return page


def logout(ui):
    ui.page.get_by_role("button", name="Se déconnecter").click()
    ui.check()


def test_document_sent_validated_unblocks(browser_page, tmp_path):
    family = make_family(email="famille@test.example")
    child = family.children.get()
    make_user(Role.AGENT, email="agent@test.example")
    activity = make_activity("Mercredis aux Grillons")
    make_document_type("Attestation d'assurance", activities=[activity])
    WantedActivity.objects.create(family=family, child=child, activity=activity)
    today = timezone.localdate()
    assert missing_documents(family, child, activity, today)
    ui = browser_page

    page = login(ui, "famille@test.example")
    banner = page.locator(".alert-banner")
    assert "« Attestation d'assurance » : document manquant." in banner.inner_text()
    page = ui.goto("/famille/activites-souhaitees/")
    assert page.get_by_text("Inscription impossible pour le moment.").is_visible()

    page.locator(".alert-banner").get_by_role("link", name="Envoyer").click()
    ui.check()
    assert page.get_by_label("Type de document").input_value() != ""
    upload = tmp_path / "assurance_été.pdf"
    upload.write_bytes(pdf_bytes("Attestation"))
    page.get_by_label("Fichier").set_input_files(str(upload))
    page.get_by_role("button", name="Envoyer", exact=True).click()
    ui.check()
    assert page.get_by_text("le service va le vérifier").is_visible()
    assert page.get_by_role("link", name="assurance_été.pdf").is_visible()
    assert Document.objects.get().status == Document.Status.PENDING
    logout(ui)

    page = login(ui, "agent@test.example")
    page.get_by_role("link", name="Documents à valider").first.click()
    ui.check()
    page.get_by_role("link", name="Attestation d'assurance").click()
    ui.check()
    page.get_by_role("button", name="Valider le document").click()
    ui.check()
    assert page.get_by_text("Document validé").is_visible()
    logout(ui)

    page = login(ui, "famille@test.example")
    assert page.locator(".alert-banner").count() == 0
    page = ui.goto("/famille/activites-souhaitees/")
    assert page.get_by_text("Inscription possible :").is_visible()
    assert missing_documents(family, child, activity, today) == []
