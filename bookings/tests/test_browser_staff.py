"""A manager decides a pre-registration and reads the day list in Chromium."""

from datetime import date

import pytest

from accounts.models import Role
from bookings import services
from bookings.models import Enrolment
from portail.testing import PASSWORD, make_family, make_user

from .factories import fill, first_child, make_activity, make_structure, paris, unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_pages_accessible(browser_page):
    manager = make_user(Role.MANAGER, email="responsable@test.example")
    structure = make_structure(name="Les Grillons", managers=[manager])
    activity = make_activity(
        structure=structure, name="Mercredis", enrolment_mode="pre_registration"
    )
    fill(unit(activity, "Soir"), date(2026, 10, 8), 24, make_family(children=0))
    family = make_family()
    enrolment = services.enrol(
        family,
        first_child(family),
        activity,
        actor=family.account,
        now=paris(2026, 9, 1, 9, 0),
    )
    ui = browser_page
    page = ui.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill("responsable@test.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    ui.check()

    page.get_by_role("link", name="Mes structures").first.click()
    ui.check()
    page.get_by_role("link", name="1 pré-inscription à traiter").click()
    ui.check()
    page.get_by_role("button", name="Refuser la pré-inscription (Enfant1)").click()
    ui.check()
    assert page.get_by_text("Indiquez le motif du refus.").first.is_visible()
    page.get_by_role("button", name="Accepter la pré-inscription (Enfant1)").click()
    ui.check()
    assert page.get_by_text("acceptée").first.is_visible()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE

    page = ui.goto(f"/gestion/structures/{structure.pk}/?jour=2026-10-08")
    assert page.get_by_role("heading", name="Soir · 24 / 24 places").is_visible()


def test_day_list_fits_a_phone_and_moves_by_day(browser_page):
    manager = make_user(Role.MANAGER, email="jour@test.example")
    structure = make_structure(name="Les Grillons", managers=[manager])
    activity = make_activity(structure=structure, name="Mercredis")
    fill(unit(activity, "Soir"), date(2026, 10, 14), 3, make_family(children=0))
    ui = browser_page
    page = ui.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill("jour@test.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    ui.check()

    page = ui.goto(f"/gestion/structures/{structure.pk}/?jour=2026-10-13")
    ui.check()
    page.get_by_role("link", name="Jour suivant").click()
    ui.check()

    assert page.get_by_role("heading", name="Soir · 3 / 24 places").is_visible()
    assert "jour=2026-10-14" in page.url
