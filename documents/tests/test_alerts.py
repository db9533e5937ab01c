"""The missing-document banner and the "activités souhaitées" page."""

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from documents.models import Document, DocumentType, WantedActivity
from documents.services import Reason, document_alerts
from documents.testing import make_activity, make_document, make_document_type
from families.models import ChildHealth
from portail.testing import make_family, make_user

pytestmark = pytest.mark.django_db

VALIDATED = Document.Status.VALIDATED


@pytest.fixture
def family(client):
    family = make_family()
    client.force_login(family.account)
    return family


@pytest.fixture
def activity():
    return make_activity("Mercredis aux Grillons")


@pytest.fixture
def insurance(activity):
    return make_document_type("Attestation d'assurance", activities=[activity])


def want(family, activity):
    WantedActivity.objects.create(
        family=family, child=family.children.first(), activity=activity
    )


def page(client, name="families:home"):
    return unescape(client.get(reverse(name)).content.decode())


def test_banner_lists_missing_with_link(client, family, activity, insurance):
    want(family, activity)

    text = page(client)

    assert "Documents à fournir" in text
    assert "« Attestation d'assurance » : document manquant." in text
    link = reverse("documents:upload") + f"?type={insurance.pk}"
    assert f'href="{link}"' in text


def test_banner_on_every_family_page(client, family, activity, insurance):
    want(family, activity)

    for name in ("documents:family_documents", "families:permissions"):
        assert "« Attestation d'assurance » : document manquant." in page(client, name)


def test_no_banner_without_wanted_activity(client, family, insurance):
    assert "Documents à fournir" not in page(client)


def test_no_banner_once_validated(client, family, activity, insurance):
    want(family, activity)
    make_document(family, insurance, status=VALIDATED)

    assert "Documents à fournir" not in page(client)


def test_pending_document_not_in_banner(family, activity, insurance):
    want(family, activity)
    make_document(family, insurance)

    assert document_alerts(family) == []


def test_banner_warns_30_days_before_expiry(family, activity, insurance):
    want(family, activity)
    today = timezone.localdate()
    make_document(
        family, insurance, status=VALIDATED, expires_on=today + timedelta(days=30)
    )

    alerts = document_alerts(family, today)
    later = document_alerts(family, today - timedelta(days=1))

    assert [a.reason for a in alerts] == [Reason.EXPIRING]
    assert "pensez à envoyer le suivant" in alerts[0].message
    assert later == []


def test_banner_lists_expired(family, activity, insurance):
    want(family, activity)
    today = timezone.localdate()
    make_document(
        family, insurance, status=VALIDATED, expires_on=today - timedelta(days=1)
    )

    assert [a.reason for a in document_alerts(family, today)] == [Reason.EXPIRED]


def test_banner_lists_rejected_even_unrequired(family):
    quotient = make_document_type("Attestation de quotient familial")
    make_document(family, quotient, status=Document.Status.REJECTED)

    alerts = document_alerts(family)

    assert [(a.document_type, a.reason) for a in alerts] == [
        (quotient, Reason.REJECTED)
    ]


def test_banner_asks_pai_protocol(family):
    pai = make_document_type("PAI", DocumentType.Scope.CHILD, required_with_pai=True)
    child = family.children.get()
    ChildHealth.objects.create(child=child, has_pai=True)

    alerts = document_alerts(family)

    assert [(a.document_type, a.child, a.reason) for a in alerts] == [
        (pai, child, Reason.MISSING)
    ]


def test_no_banner_for_staff(client, activity, insurance):
    client.force_login(make_user(Role.AGENT))

    assert "Documents à fournir" not in page(client, "families:staff_dashboard")


def test_wanted_activities_saved_and_checked(client, family, activity, insurance):
    child = family.children.get()
    url = reverse("documents:wanted_activities")

    response = client.post(url, {f"enfant{child.pk}-activities": [activity.pk]})
    text = page(client, "documents:wanted_activities")

    assert response.status_code == 302
    assert list(WantedActivity.objects.values_list("activity", flat=True)) == [
        activity.pk
    ]
    assert "Inscription impossible pour le moment." in text
    assert "« Attestation d'assurance » : document manquant." in text


def test_wanted_activities_passes_when_validated(client, family, activity, insurance):
    want(family, activity)
    make_document(family, insurance, status=VALIDATED)

    text = page(client, "documents:wanted_activities")

    assert "Inscription possible :" in text


def test_headings_not_offered(client, family, activity):
    make_activity("Soir", parent=make_activity("Accueil périscolaire"))

    response = client.get(reverse("documents:wanted_activities"))

    _child, form = next(iter(response.context["forms"]))
    labels = {label for _value, label in form.fields["activities"].choices}
    assert labels == {"Accueil périscolaire › Soir", "Mercredis aux Grillons"}


def test_banner_ignores_finished_activities(family):
    from bookings.tests.factories import enrol_directly

    today = timezone.localdate()
    start = today - timedelta(days=300)
    finished = make_activity(
        "Été dernier", start_date=start, end_date=today - timedelta(days=1)
    )
    ending = make_activity("Dernier jour", start_date=start, end_date=today)
    make_document_type("Attestation d'assurance", activities=[finished])
    make_document_type(
        "Carnet de vaccinations", DocumentType.Scope.CHILD, activities=[finished]
    )
    make_document_type("Certificat médical", activities=[ending])
    enrol_directly(family, family.children.first(), finished)
    want(family, finished)
    want(family, ending)

    alerts = document_alerts(family, today=today)

    assert [alert.document_type.name for alert in alerts] == ["Certificat médical"]
    assert document_alerts(family, today=today + timedelta(days=1)) == []
