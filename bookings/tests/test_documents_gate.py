"""Enrolling and booking wait for the documents the activity requires."""

from datetime import date

import pytest

from accounts.models import Role
from bookings.exceptions import NotEligible
from bookings.services import book_days, enrol
from bookings.tests.factories import enrol_directly, first_child, make_activity, paris
from documents.models import Document, DocumentType
from documents.services import validate_document
from documents.testing import make_document, make_document_type
from portail.testing import make_family, make_user

pytestmark = pytest.mark.django_db

DAY = date(2027, 3, 10)
NOW = paris(2027, 3, 1, 9, 0)


@pytest.fixture
def activity():
    return make_activity(name="Mercredis aux Grillons")


@pytest.fixture
def vaccinations(activity):
    return make_document_type(
        "Carnet de vaccinations", DocumentType.Scope.CHILD, activities=[activity]
    )


def test_enrolment_refused_without_document(activity, vaccinations):
    family = make_family()
    child = first_child(family)

    with pytest.raises(NotEligible, match="Carnet de vaccinations"):
        enrol(family, child, activity, actor=family.account)

    assert not child.enrolments.exists()


def test_booking_accepted_once_document_validated(activity, vaccinations):
    family = make_family()
    child = first_child(family)
    enrol_directly(family, child, activity)
    unit = activity.units.get()
    document = make_document(family, vaccinations, child=child)

    refused = book_days(
        family, child, activity, {DAY: [unit.pk]}, actor=family.account, now=NOW
    )
    validate_document(document, make_user(Role.AGENT))
    accepted = book_days(
        family, child, activity, {DAY: [unit.pk]}, actor=family.account, now=NOW
    )

    assert refused[0].is_refused
    assert "Carnet de vaccinations" in refused[0].message
    assert "en attente de validation" in refused[0].message
    assert accepted[0].is_booked
    assert Document.objects.get().status == Document.Status.VALIDATED


def test_health_purge_counts_from_last_activity():
    from families.record_services import last_activity_end

    family = make_family()
    child = first_child(family)
    finished = make_activity(start=date(2024, 9, 2), end=date(2025, 7, 4))
    enrol_directly(family, child, finished)

    assert last_activity_end(child) == date(2025, 7, 4)
