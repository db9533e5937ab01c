"""Keyboard-only use of the login page and the language switch, in Chromium."""

import pytest

from portail.testing import PASSWORD, make_family

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_with_keyboard_only(browser_page):
    make_family(email="clavier@test.example")
    ui = browser_page
    page = ui.goto("/")

    page.keyboard.press("Tab")
    assert focused_text(page) == "Aller au contenu"
    for _step in range(20):
        page.keyboard.press("Tab")
        if focused_text(page) == "Se connecter":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/compte/connexion/")
    ui.check()
    assert page.evaluate("document.activeElement.id") == "id_username"
    page.keyboard.type("clavier@test.example")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/famille/")
    ui.check()

    assert page.get_by_role("heading", level=1).inner_text().startswith("Famille")


def test_language_switch_to_english(browser_page):
    ui = browser_page
    page = ui.goto("/compte/connexion/")

    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Changer").click()
    page.wait_for_load_state("load")
    ui.check()

    assert page.get_by_role("heading", level=1).inner_text() == "Log in"
    assert page.locator("html").get_attribute("lang") == "en"


def focused_text(page):
    return page.evaluate("document.activeElement.textContent.trim()")


def test_rules_page_accessible(browser_page):
    page = browser_page.goto("/reglement/")

    assert page.get_by_role("heading", level=1).inner_text().startswith("Règlement")
