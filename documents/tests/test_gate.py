"""The booking gate: which required documents a child's booking still lacks."""

from datetime import date, timedelta
from html import unescape

import pytest
from django.utils import timezone

from documents.models import Document, DocumentType
from documents.services import (
    DocumentsMissing,
    Reason,
    missing_documents,
    require_documents,
)
from documents.testing import (
    make_activity,
    make_document,
    make_document_type,
    pdf_file,
)
from portail.testing import make_family

pytestmark = pytest.mark.django_db

VALIDATED = Document.Status.VALIDATED
DAY = date(2027, 3, 10)


@pytest.fixture
def heading():
    return make_activity("Accueil de loisirs")


@pytest.fixture
def activity(heading):
    return make_activity("Mercredis aux Grillons", parent=heading)


@pytest.fixture
def insurance(heading):
    return make_document_type("Attestation d'assurance", activities=[heading])


@pytest.fixture
def vaccinations(activity):
    return make_document_type(
        "Carnet de vaccinations", DocumentType.Scope.CHILD, activities=[activity]
    )


@pytest.fixture
def family():
    return make_family(children=2)


def reasons(problems):
    return [(p.document_type.name, p.reason) for p in problems]


def test_missing_documents_named(family, activity, insurance, vaccinations):
    child = family.children.first()

    problems = missing_documents(family, child, activity, DAY)

    assert reasons(problems) == [
        ("Attestation d'assurance", Reason.MISSING),
        ("Carnet de vaccinations", Reason.MISSING),
    ]
    assert problems[0].message == "« Attestation d'assurance » : document manquant."
    assert problems[1].message == (
        f"« Carnet de vaccinations » pour {child.first_name} : document manquant."
    )


def test_validated_documents_pass(family, activity, insurance, vaccinations):
    child = family.children.first()
    make_document(family, insurance, status=VALIDATED)
    make_document(family, vaccinations, child=child, status=VALIDATED)

    assert missing_documents(family, child, activity, DAY) == []


def test_pending_and_rejected_block(family, activity, insurance, vaccinations):
    child = family.children.first()
    make_document(family, insurance)
    make_document(family, vaccinations, child=child, status=Document.Status.REJECTED)

    problems = missing_documents(family, child, activity, DAY)

    assert reasons(problems) == [
        ("Attestation d'assurance", Reason.PENDING),
        ("Carnet de vaccinations", Reason.REJECTED),
    ]
    assert "en attente de validation" in problems[0].message
    assert "refusé (Illisible). Envoyez" in problems[1].message


def test_expired_on_booked_day(family, activity, insurance):
    child = family.children.first()
    make_document(family, insurance, status=VALIDATED, expires_on=date(2027, 3, 9))

    problems = missing_documents(family, child, activity, DAY)
    day_before = missing_documents(family, child, activity, date(2027, 3, 9))

    assert reasons(problems) == [("Attestation d'assurance", Reason.EXPIRED)]
    assert problems[0].message == (
        "« Attestation d'assurance » : valable jusqu'au 09/03/2027, "
        "donc plus le 10/03/2027."
    )
    assert day_before == []


def test_newer_valid_document_wins(family, activity, insurance):
    child = family.children.first()
    make_document(family, insurance, status=VALIDATED, expires_on=date(2026, 8, 31))
    make_document(family, insurance, status=VALIDATED, expires_on=date(2027, 8, 31))

    assert missing_documents(family, child, activity, DAY) == []


def test_pending_renewal_after_expiry(family, activity, insurance):
    child = family.children.first()
    make_document(family, insurance, status=VALIDATED, expires_on=date(2026, 8, 31))
    make_document(family, insurance)

    problems = missing_documents(family, child, activity, DAY)

    assert reasons(problems) == [("Attestation d'assurance", Reason.PENDING)]


def test_child_document_is_per_child(family, activity, vaccinations):
    first, second = family.children.all()
    make_document(family, vaccinations, child=first, status=VALIDATED)

    assert missing_documents(family, first, activity, DAY) == []
    assert reasons(missing_documents(family, second, activity, DAY)) == [
        ("Carnet de vaccinations", Reason.MISSING)
    ]


def test_shared_child_counts_own_family_only(family, activity, vaccinations):
    child = family.children.first()
    other = make_family(children=0)
    other.children.add(child)
    make_document(other, vaccinations, child=child, status=VALIDATED)

    problems = missing_documents(family, child, activity, DAY)

    assert reasons(problems) == [("Carnet de vaccinations", Reason.MISSING)]


def test_heading_types_apply_below(family, heading, insurance):
    leaf = make_activity("Sortie", parent=make_activity("Été", parent=heading))

    problems = missing_documents(family, family.children.first(), leaf, DAY)

    assert reasons(problems) == [("Attestation d'assurance", Reason.MISSING)]


def test_inactive_type_not_required(family, activity, insurance):
    insurance.is_active = False
    insurance.save()

    assert missing_documents(family, family.children.first(), activity, DAY) == []


def test_require_documents_raises_messages(family, activity, insurance):
    child = family.children.first()

    with pytest.raises(DocumentsMissing) as raised:
        require_documents(family, child, activity, DAY)

    assert raised.value.messages == [
        "Inscription impossible à « Mercredis aux Grillons » tant que ces "
        "documents ne sont pas validés :",
        "« Attestation d'assurance » : document manquant.",
    ]
    assert [p.reason for p in raised.value.problems] == [Reason.MISSING]


def test_validity_in_months_computed_at_upload():
    certificate = make_document_type(
        "Certificat médical",
        DocumentType.Scope.CHILD,
        validity=DocumentType.Validity.MONTHS,
        validity_months=12,
    )
    fixed = make_document_type(
        "Assurance",
        validity=DocumentType.Validity.FIXED_DATE,
        valid_until=date(2027, 8, 31),
    )
    unlimited = make_document_type("Justificatif")

    assert certificate.expiry_for(date(2026, 9, 15)) == date(2027, 9, 14)
    assert certificate.expiry_for(date(2028, 2, 29)) == date(2029, 2, 27)
    assert fixed.expiry_for(date(2026, 9, 15)) == date(2027, 8, 31)
    assert unlimited.expiry_for(date(2026, 9, 15)) is None


def test_upload_sets_expiry_from_type(client, family):
    client.force_login(family.account)
    certificate = make_document_type(
        "Certificat médical",
        validity=DocumentType.Validity.MONTHS,
        validity_months=6,
    )
    client.post(
        "/famille/documents/envoyer/",
        {"document_type": certificate.pk, "file": pdf_file()},
    )

    today = timezone.localdate()
    expected = certificate.expiry_for(today)
    assert Document.objects.get().expires_on == expected
    assert expected > today + timedelta(days=150)


def test_upload_refused_when_fixed_date_has_passed(client, family):
    # Staff did not roll the insurance over to the new school year.
    client.force_login(family.account)
    ended = timezone.localdate() - timedelta(days=30)
    insurance = make_document_type(
        "Attestation d'assurance",
        validity=DocumentType.Validity.FIXED_DATE,
        valid_until=ended,
    )

    response = client.post(
        "/famille/documents/envoyer/",
        {"document_type": insurance.pk, "file": pdf_file()},
    )

    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "ne sont valables que jusqu'au " + ended.strftime("%d/%m/%Y") in page
    assert "Contactez le service." in page
    assert not Document.objects.exists()


def test_upload_accepted_on_the_last_day_of_a_fixed_date(client, family):
    client.force_login(family.account)
    insurance = make_document_type(
        "Attestation d'assurance",
        validity=DocumentType.Validity.FIXED_DATE,
        valid_until=timezone.localdate(),
    )

    client.post(
        "/famille/documents/envoyer/",
        {"document_type": insurance.pk, "file": pdf_file()},
    )

    assert Document.objects.get().expires_on == timezone.localdate()
