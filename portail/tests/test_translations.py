import shutil

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation


def test_english_catalogues_complete():
    if not shutil.which("xgettext"):
        pytest.skip("needs GNU gettext (apt-get install gettext)")

    call_command("update_messages", check=True)


def test_english_catalogue_compiled():
    with translation.override("en"):
        assert (
            translation.gettext("Créer mon dossier famille") == "Create my family file"
        )


@pytest.mark.django_db
@override_settings(LANGUAGE_CODE="fr")
def test_french_by_default_and_english_on_request(client):
    french = client.get(reverse("accounts:login"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("accounts:login"))

    assert '<html lang="fr">' in french.content.decode()
    assert "Mot de passe oublié ?" in french.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert "Forgotten password?" in english.content.decode()


@pytest.mark.django_db
def test_browser_language_does_not_switch_to_english(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-GB,en")

    assert '<html lang="fr">' in response.content.decode()


def test_english_dates_are_day_first():
    from datetime import date

    from django.utils.formats import date_format

    with translation.override("en"):
        assert date_format(date(2026, 12, 4), "SHORT_DATE_FORMAT") == "04/12/2026"


def test_french_plural_for_zero():
    from django.utils.translation import ngettext

    with translation.override("fr"):
        text = ngettext("%(counter)s dossier", "%(counter)s dossiers", 0)

    assert text == "%(counter)s dossier"
