"""Requests that break a rule are refused with a message and write nothing."""

from datetime import date

import pytest

from activities.models import Closure
from audit.models import AuditEvent
from bookings import services
from bookings.exceptions import InvalidRequest, NotEnrolled, NotFound
from bookings.models import Booking, Enrolment, WaitingRequest
from portail.testing import make_family

from .factories import (
    enrol_directly,
    fill,
    first_child,
    make_activity,
    paris,
    unit,
    working_days_rule,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 8)
NOW = paris(2026, 10, 1, 9, 0)


@pytest.fixture
def activity():
    return make_activity(
        booking_deadline=working_days_rule(), waiting_list_enabled=False
    )


@pytest.fixture
def family(activity):
    family = make_family()
    enrol_directly(family, first_child(family), activity)
    return family


def snapshot():
    return (
        Booking.objects.count(),
        WaitingRequest.objects.count(),
        AuditEvent.objects.count(),
    )


def book(family, child, activity, day=DAY, now=NOW):
    return services.book_days(
        family,
        child,
        activity,
        {day: [unit(activity, "Soir")]},
        actor=family.account,
        now=now,
    )


def test_closed_day_refused(activity, family):
    Closure.objects.create(
        activity=activity, start_date=DAY, end_date=DAY, reason="sortie scolaire"
    )
    before = snapshot()

    (result,) = book(family, first_child(family), activity)

    assert result.is_refused
    assert result.message == (
        "Le jeudi 8 octobre 2026 n'est pas ouvert : fermeture : sortie scolaire."
    )
    assert snapshot() == before


def test_weekend_refused(activity, family):
    before = snapshot()

    (result,) = book(family, first_child(family), activity, day=date(2026, 10, 10))

    assert result.is_refused
    assert "l'activité n'a pas lieu le samedi" in result.message
    assert snapshot() == before


def test_full_day_refused(activity, family):
    evening = unit(activity, "Soir")
    fill(evening, DAY, evening.capacity, make_family(children=0))
    before = snapshot()

    (result,) = services.book_days(
        family,
        first_child(family),
        activity,
        {DAY: [evening]},
        actor=family.account,
        now=NOW,
        join_waiting_list=True,
    )

    assert result.is_refused
    assert result.message == "Complet le jeudi 8 octobre 2026 (Soir)."
    assert snapshot() == before


def test_past_deadline_refused(activity, family):
    before = snapshot()

    (result,) = book(family, first_child(family), activity, now=paris(2026, 10, 6, 10))

    assert result.is_refused
    assert result.message == (
        "Le délai de réservation du jeudi 8 octobre 2026 est dépassé depuis le "
        "mardi 6 octobre 2026 à 10:00."
    )
    assert snapshot() == before


def test_past_day_refused(activity, family):
    before = snapshot()

    (result,) = book(family, first_child(family), activity, now=paris(2026, 10, 9, 9))

    assert result.is_refused
    assert snapshot() == before


def test_not_enrolled_refused(family):
    other_activity = make_activity(name="Ateliers sports")
    before = snapshot()

    with pytest.raises(NotEnrolled) as refused:
        book(family, first_child(family), other_activity)

    assert refused.value.message == (
        "Aucune inscription pour Enfant1 à l'activité « Ateliers sports » : "
        "faites d'abord l'inscription."
    )
    assert snapshot() == before


def test_pending_pre_registration_refused(family):
    activity = make_activity(name="Mercredis", enrolment_mode="pre_registration")
    child = first_child(family)
    services.enrol(family, child, activity, actor=family.account, now=NOW)
    before = snapshot()

    with pytest.raises(NotEnrolled) as refused:
        book(family, child, activity)

    assert "attend encore la validation" in refused.value.message
    assert snapshot() == before


def test_other_family_child_refused(activity, family):
    other = make_family()
    enrol_directly(other, first_child(other), activity)
    before = snapshot()

    with pytest.raises(NotFound) as refused:
        book(family, first_child(other), activity)

    assert refused.value.message == (
        "Cet enfant ne fait pas partie de votre dossier famille."
    )
    assert snapshot() == before


def test_unit_of_other_activity_refused(activity, family):
    other = make_activity()
    before = snapshot()

    with pytest.raises(InvalidRequest) as refused:
        services.book_days(
            family,
            first_child(family),
            activity,
            {DAY: [unit(other, "Soir")]},
            actor=family.account,
            now=NOW,
        )

    assert refused.value.message == "Unité inconnue pour cette activité."
    assert snapshot() == before


def test_cancel_other_family_booking_not_found(activity, family):
    (result,) = book(family, first_child(family), activity)
    other = make_family()

    with pytest.raises(NotFound):
        services.cancel_booking(other, result.bookings[0], actor=other.account, now=NOW)

    assert Booking.objects.get(pk=result.bookings[0].pk).status == "booked"


def test_partial_request_books_valid_days(activity, family):
    (booked, closed) = services.book_days(
        family,
        first_child(family),
        activity,
        {date(2026, 10, 10): [unit(activity, "Soir")], DAY: [unit(activity, "Soir")]},
        actor=family.account,
        now=NOW,
    )

    assert booked.day == DAY
    assert booked.is_booked
    assert closed.is_refused
    assert Booking.objects.count() == 1
    assert Enrolment.objects.count() == 1
