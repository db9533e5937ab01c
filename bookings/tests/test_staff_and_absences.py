"""Staff bookings with a capacity override, and absence reports."""

from datetime import date

import pytest

from accounts.models import Role
from audit.models import AuditEvent
from bookings import services
from bookings.exceptions import InvalidRequest, NotAllowed
from bookings.models import Absence, Booking
from portail.testing import make_family, make_user

from .factories import (
    booked_count,
    enrol_directly,
    fill,
    first_child,
    make_activity,
    make_structure,
    paris,
    unit,
    working_days_rule,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 8)


@pytest.fixture
def manager():
    return make_user(Role.MANAGER)


@pytest.fixture
def activity(manager):
    return make_activity(
        structure=make_structure(managers=[manager]),
        booking_deadline=working_days_rule(),
        units=[("Soir", "evening", 2)],
    )


@pytest.fixture
def family(activity):
    family = make_family()
    enrol_directly(family, first_child(family), activity)
    return family


def test_staff_override_recorded(activity, family, manager):
    evening = unit(activity, "Soir")
    fill(evening, DAY, 2, make_family(children=0))

    refused = services.staff_book(
        manager, family, first_child(family), activity, DAY, [evening]
    )
    booked = services.staff_book(
        manager,
        family,
        first_child(family),
        activity,
        DAY,
        [evening],
        override_capacity=True,
        override_reason="Enfant placé en urgence",
    )

    assert refused.is_refused
    assert "cochez le dépassement" in refused.message
    assert booked.is_booked
    booking = booked.bookings[0]
    assert booking.capacity_override
    assert booking.override_by == manager
    assert booking.override_reason == "Enfant placé en urgence"
    assert booked_count(evening, DAY) == 3
    event = AuditEvent.objects.get(action="booking.capacity_override")
    assert event.actor == manager
    assert event.data["reason"] == "Enfant placé en urgence"


def test_override_without_reason_refused(activity, family, manager):
    with pytest.raises(InvalidRequest):
        services.staff_book(
            manager,
            family,
            first_child(family),
            activity,
            DAY,
            [unit(activity, "Soir")],
            override_capacity=True,
        )

    assert not Booking.objects.exists()


def test_staff_books_past_deadline(activity, family, manager):
    result = services.staff_book(
        manager,
        family,
        first_child(family),
        activity,
        DAY,
        [unit(activity, "Soir")],
        now=paris(2026, 10, 7, 18, 0),
    )

    assert result.is_booked
    assert not result.surcharged


def test_other_structure_manager_cannot_book(activity, family):
    stranger = make_user(Role.MANAGER)

    with pytest.raises(NotAllowed):
        services.staff_book(
            stranger,
            family,
            first_child(family),
            activity,
            DAY,
            [unit(activity, "Soir")],
        )

    assert not Booking.objects.exists()


def book(family, activity, days):
    return services.book_days(
        family,
        first_child(family),
        activity,
        {day: [unit(activity, "Soir")] for day in days},
        actor=family.account,
        now=paris(2026, 10, 1, 9, 0),
    )


def test_absence_covers_booked_days(activity, family):
    book(family, activity, [DAY, date(2026, 10, 9), date(2026, 10, 13)])

    absence = services.report_absence(
        family,
        first_child(family),
        start_date=DAY,
        end_date=date(2026, 10, 12),
        reason=Absence.Reason.ILLNESS,
        comment="Varicelle",
        actor=family.account,
    )

    assert sorted(b.day for b in absence.bookings.all()) == [DAY, date(2026, 10, 9)]
    assert not absence.excused
    # An absence is no cancellation: the days stay booked and due.
    assert Booking.objects.filter(status="booked").count() == 3


def test_absence_without_booking_refused(activity, family):
    with pytest.raises(InvalidRequest) as refused:
        services.report_absence(
            family,
            first_child(family),
            start_date=DAY,
            end_date=DAY,
            reason=Absence.Reason.ILLNESS,
            actor=family.account,
        )

    assert "aucune réservation" in refused.value.message
    assert not Absence.objects.exists()


def test_manager_excuses_absence(activity, family, manager):
    book(family, activity, [DAY])
    absence = services.report_absence(
        family,
        first_child(family),
        start_date=DAY,
        end_date=DAY,
        reason=Absence.Reason.ILLNESS,
        actor=family.account,
    )

    services.set_absence_excused(absence, staff=manager)

    absence.refresh_from_db()
    assert absence.excused
    assert absence.excused_by == manager
    with pytest.raises(NotAllowed):
        services.set_absence_excused(absence, staff=make_user(Role.MANAGER))
