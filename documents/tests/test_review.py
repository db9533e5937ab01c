"""Staff review of documents: queue, validation, rejection, downloads."""

from datetime import date, timedelta
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from activities.models import Structure
from audit.models import AuditEvent
from documents.models import Document, DocumentType, WantedActivity
from documents.services import validate_document
from documents.testing import make_activity, make_document, make_document_type
from portail.testing import make_family, make_user

# Real commits, so that the e-mails queued with on_commit are sent.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def agent(client):
    user = make_user(Role.AGENT, first_name="Agnès", last_name="Roux")
    client.force_login(user)
    return user


@pytest.fixture
def document():
    family = make_family(email="martin@test.example")
    insurance = make_document_type("Attestation d'assurance")
    return make_document(family, insurance, original_name="assurance.pdf")


def test_validate_emails_family(client, agent, document, mailoutbox):
    url = reverse("documents:staff_validate", args=[document.pk])

    until = date(timezone.localdate().year + 1, 8, 31)

    response = client.post(url, {"expires_on": until.isoformat()})

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Document.Status.VALIDATED
    assert document.reviewed_by == agent
    assert document.expires_on == until
    assert mailoutbox[0].to == ["martin@test.example"]
    assert "Attestation d'assurance" in mailoutbox[0].subject
    assert until.strftime("%d/%m/%Y") in mailoutbox[0].body
    assert AuditEvent.objects.filter(action="document.validate").exists()


def test_validate_refuses_past_expiry(client, agent, document, mailoutbox):
    url = reverse("documents:staff_validate", args=[document.pk])
    yesterday = timezone.localdate() - timedelta(days=1)

    response = client.post(url, {"expires_on": yesterday.isoformat()})
    today = client.post(url, {"expires_on": timezone.localdate().isoformat()})

    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "La date de fin de validité ne peut pas être passée." in page
    assert today.status_code == 302
    document.refresh_from_db()
    assert document.expires_on == timezone.localdate()
    with pytest.raises(ValidationError):
        validate_document(
            make_document(document.family, document.document_type), agent, yesterday
        )


def test_reject_needs_reason(client, agent, document, mailoutbox):
    url = reverse("documents:staff_reject", args=[document.pk])

    response = client.post(url, {"reason": "  "})

    assert response.status_code == 200
    assert "Indiquez le motif du refus." in unescape(response.content.decode())
    document.refresh_from_db()
    assert document.status == Document.Status.PENDING
    assert mailoutbox == []


def test_reject_emails_reason(client, agent, document, mailoutbox):
    url = reverse("documents:staff_reject", args=[document.pk])

    client.post(url, {"reason": "Document illisible, merci de le renvoyer."})

    document.refresh_from_db()
    assert document.status == Document.Status.REJECTED
    assert document.rejection_reason == "Document illisible, merci de le renvoyer."
    assert "Document illisible, merci de le renvoyer." in mailoutbox[0].body


def test_second_decision_refused(client, agent, document, mailoutbox):
    client.post(reverse("documents:staff_validate", args=[document.pk]))

    response = client.post(
        reverse("documents:staff_reject", args=[document.pk]),
        {"reason": "Trop tard"},
        follow=True,
    )

    assert "Ce document a déjà été examiné." in unescape(response.content.decode())
    document.refresh_from_db()
    assert document.status == Document.Status.VALIDATED
    assert len(mailoutbox) == 1


def test_get_on_decision_is_405(client, agent, document):
    response = client.get(reverse("documents:staff_validate", args=[document.pk]))

    assert response.status_code == 405


def test_agent_downloads_and_is_logged(client, agent, document):
    response = client.get(reverse("documents:staff_download", args=[document.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert AuditEvent.objects.filter(
        action="document.download", actor=agent, target_id=str(document.pk)
    ).exists()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ACCOUNTANT])
def test_other_roles_cannot_download(client, document, role):
    client.force_login(make_user(role))

    response = client.get(reverse("documents:staff_download", args=[document.pk]))

    assert response.status_code == 403


def test_queue_filters(client, agent):
    family = make_family()
    grillons = Structure.objects.create(
        name="Accueil de loisirs Les Grillons", kind=Structure.Kind.LEISURE_CENTRE
    )
    heading = make_activity("Accueil de loisirs")
    wednesdays = make_activity("Mercredis", parent=heading, structure=grillons)
    sports = make_activity("Multisport")
    insurance = make_document_type("Attestation d'assurance", activities=[heading])
    certificate = make_document_type(
        "Certificat médical", DocumentType.Scope.CHILD, activities=[sports]
    )
    quotient = make_document_type("Attestation de quotient familial")
    child = family.children.get()
    by_type = {
        "insurance": make_document(family, insurance),
        "certificate": make_document(family, certificate, child=child),
        "quotient": make_document(family, quotient),
    }
    url = reverse("documents:staff_queue")

    def listed(**params):
        return set(client.get(url, params).context["documents"])

    assert listed() == set(by_type.values())
    assert listed(type=certificate.pk) == {by_type["certificate"]}
    assert listed(activite=wednesdays.pk) == {by_type["insurance"]}
    assert listed(structure=grillons.pk) == set()
    assert listed(activite=sports.pk) == {by_type["certificate"]}
    assert listed(statut="validated") == set()


def test_queue_structure_filter_follows_the_children(client, agent):
    from bookings.models import Enrolment
    from bookings.tests.factories import enrol_directly

    grillons = Structure.objects.create(
        name="Accueil de loisirs Les Grillons", kind=Structure.Kind.LEISURE_CENTRE
    )
    wednesdays = make_activity("Mercredis", structure=grillons)
    elsewhere = make_activity(
        "Multisport",
        structure=Structure.objects.create(
            name="Gymnase", kind=Structure.Kind.LEISURE_CENTRE
        ),
    )
    insurance = make_document_type("Attestation d'assurance", activities=[elsewhere])
    pai = make_document_type("PAI", DocumentType.Scope.CHILD, holds_health_data=True)
    enrolled, wishing, refused, away = (make_family(children=2) for _ in range(4))
    first, second = enrolled.children.order_by("pk")
    enrol_directly(enrolled, first, wednesdays)
    WantedActivity.objects.create(
        family=wishing, child=wishing.children.first(), activity=wednesdays
    )
    Enrolment.objects.filter(
        pk=enrol_directly(refused, refused.children.first(), wednesdays).pk
    ).update(status=Enrolment.Status.REFUSED)
    enrol_directly(away, away.children.first(), elsewhere)
    expected = {
        make_document(enrolled, insurance),
        make_document(enrolled, pai, child=first),
        make_document(wishing, insurance),
        make_document(wishing, pai, child=wishing.children.first()),
    }
    for family in (refused, away):
        make_document(family, insurance)
        make_document(family, pai, child=family.children.first())
    make_document(enrolled, pai, child=second)

    response = client.get(reverse("documents:staff_queue"), {"structure": grillons.pk})

    assert set(response.context["documents"]) == expected


def test_queue_closed_to_managers(client):
    client.force_login(make_user(Role.MANAGER))

    assert client.get(reverse("documents:staff_queue")).status_code == 403


def test_health_document_leaves_no_trace(client, mailoutbox):
    from django.core.management import call_command

    from documents.testing import pdf_file
    from messaging.models import OutgoingEmail

    family = make_family()
    child = family.children.get()
    pai = make_document_type("PAI", DocumentType.Scope.CHILD, holds_health_data=True)
    insurance = make_document_type("Attestation d'assurance")
    client.force_login(family.account)
    upload = reverse("documents:upload")
    for name in ("PAI_allergie_arachide.pdf", "PAI_arachide_signé.pdf"):
        data = {"document_type": pai.pk, "child": child.pk, "file": pdf_file(name)}
        client.post(upload, data)
    client.post(
        upload, {"document_type": insurance.pk, "file": pdf_file("assurance.pdf")}
    )
    client.force_login(make_user(Role.AGENT))
    rejected, validated = Document.objects.filter(document_type=pai).order_by("pk")
    client.post(
        reverse("documents:staff_reject", args=[rejected.pk]),
        {"reason": "Le protocole ne cite pas l'allergie arachide."},
    )
    client.post(reverse("documents:staff_validate", args=[validated.pk]))

    def traces():
        events = [str(event.data) for event in AuditEvent.objects.all()]
        emails = [f"{m.subject} {m.body}" for m in OutgoingEmail.objects.all()]
        return [text for text in events + emails if "arachide" in text.lower()]

    assert len(mailoutbox) == 2
    assert "Vous le trouverez dans votre espace" in mailoutbox[0].body
    assert traces() == []
    # Documents without health data keep their file name in the audit trail.
    assert AuditEvent.objects.filter(data__file="assurance.pdf").exists()
    Document.objects.update(uploaded_at=timezone.now() - timedelta(days=2000))
    call_command("purge_health_data")
    assert not Document.objects.filter(document_type=pai).exists()
    assert traces() == []


def test_queue_activity_filter_shows_paths(client, agent):
    first = make_activity("Soir", parent=make_activity("Périscolaire de Marsac"))
    make_activity("Soir", parent=make_activity("Périscolaire de Saint-Amant"))

    page = client.get(reverse("documents:staff_queue")).content.decode()

    assert "Périscolaire de Marsac › Soir" in page
    assert "Périscolaire de Saint-Amant › Soir" in page
    response = client.get(reverse("documents:staff_queue"), {"activite": first.pk})
    assert response.status_code == 200
