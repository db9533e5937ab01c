"""Booking and cancellation deadlines checked at the time of the request."""

from datetime import date

import pytest

from activities.deadlines import DeadlineKind
from bookings import services
from bookings.exceptions import DeadlinePassed
from bookings.models import Booking, WaitingRequest
from portail.testing import make_family

from .factories import (
    booked_count,
    enrol_directly,
    first_child,
    make_activity,
    paris,
    rule,
    unit,
    working_days_rule,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    return make_activity(booking_deadline=working_days_rule())


def book_one(activity, day, now):
    family = make_family()
    child = first_child(family)
    enrol_directly(family, child, activity)
    (result,) = services.book_days(
        family,
        child,
        activity,
        {day: [unit(activity, "Soir")]},
        actor=family.account,
        now=now,
    )
    return result


@pytest.mark.parametrize(
    ("day", "deadline"),
    [
        # Fri 8 May 2026 (Victory Day) is not a working day.
        (date(2026, 5, 11), (2026, 5, 6)),
        # Mon 6 Apr 2026 (Easter Monday) and the weekend are skipped.
        (date(2026, 4, 7), (2026, 4, 2)),
        # Thu 14 May 2026 (Ascension Day) is skipped.
        (date(2026, 5, 15), (2026, 5, 12)),
    ],
)
def test_working_day_deadline(activity, day, deadline):
    on_time = book_one(activity, day, paris(*deadline, 9, 59, 59))
    late = book_one(activity, day, paris(*deadline, 10, 0, 0))

    assert on_time.is_booked
    assert late.is_refused
    assert "délai de réservation" in late.message
    assert "à 10:00" in late.message
    assert booked_count(unit(activity, "Soir"), day) == 1


def test_late_booking_accepted_with_surcharge():
    activity = make_activity(
        booking_deadline=working_days_rule(), late_booking="surcharge"
    )

    late = book_one(activity, date(2026, 5, 11), paris(2026, 5, 6, 10, 0, 0))
    same_day = book_one(activity, date(2026, 5, 11), paris(2026, 5, 11, 0, 0, 0))

    assert late.is_booked
    assert late.surcharged
    assert late.bookings[0].surcharged
    assert same_day.is_refused


class TestOctoberFourteenth:
    """Booking 7 days before at 10:00, cancelling 2 days before at 10:00."""

    day = date(2026, 10, 14)

    @pytest.fixture
    def activity(self):
        return make_activity(
            units=[("Après-midi", "afternoon", 1)],
            booking_deadline=rule(DeadlineKind.CALENDAR_DAYS, days=7),
            cancellation_deadline=rule(DeadlineKind.CALENDAR_DAYS, days=2),
        )

    def booking_for(self, activity):
        family = make_family()
        child = first_child(family)
        enrol_directly(family, child, activity)
        (result,) = services.book_days(
            family,
            child,
            activity,
            {self.day: [unit(activity, "Après-midi")]},
            actor=family.account,
            now=paris(2026, 10, 1, 12, 0),
        )
        return family, child, result

    def test_cancel_friday_frees_place(
        self, activity, django_capture_on_commit_callbacks
    ):
        family, child, booked = self.booking_for(activity)
        afternoon = unit(activity, "Après-midi")

        with django_capture_on_commit_callbacks(execute=True):
            cancelled = services.cancel_booking(
                family,
                booked.bookings[0],
                actor=family.account,
                now=paris(2026, 10, 9, 15, 0),
            )

        assert cancelled.booking.status == Booking.Status.CANCELLED
        assert booked_count(afternoon, self.day) == 0

    def test_booking_again_refused(self, activity):
        family, child, booked = self.booking_for(activity)
        services.cancel_booking(
            family,
            booked.bookings[0],
            actor=family.account,
            now=paris(2026, 10, 9, 15, 0),
        )

        (again,) = services.book_days(
            family,
            child,
            activity,
            {self.day: [unit(activity, "Après-midi")]},
            actor=family.account,
            now=paris(2026, 10, 9, 15, 0),
        )

        assert again.is_refused
        assert "délai de réservation" in again.message
        assert "mercredi 7 octobre 2026 à 10:00" in again.message
        assert booked_count(unit(activity, "Après-midi"), self.day) == 0

    def test_cancel_tuesday_refused(self, activity):
        family, child, booked = self.booking_for(activity)

        with pytest.raises(DeadlinePassed) as refused:
            services.cancel_booking(
                family,
                booked.bookings[0],
                actor=family.account,
                now=paris(2026, 10, 13, 8, 0),
            )

        assert "lundi 12 octobre 2026 à 10:00" in refused.value.message
        assert "signaler une absence" in refused.value.message
        booking = Booking.objects.get(pk=booked.bookings[0].pk)
        assert booking.status == Booking.Status.BOOKED

    def test_cancel_promotes_waiting_family(
        self, activity, django_capture_on_commit_callbacks, mailoutbox
    ):
        family, child, booked = self.booking_for(activity)
        waiting_family = make_family(email="attente@test.example")
        waiting_child = first_child(waiting_family)
        enrol_directly(waiting_family, waiting_child, activity)
        waiting = services.join_waiting_list(
            waiting_family,
            waiting_child,
            activity,
            self.day,
            [unit(activity, "Après-midi")],
            actor=waiting_family.account,
            now=paris(2026, 10, 2, 9, 0),
        )

        with django_capture_on_commit_callbacks(execute=True):
            result = services.cancel_booking(
                family,
                booked.bookings[0],
                actor=family.account,
                now=paris(2026, 10, 9, 15, 0),
            )

        assert waiting.is_waiting
        assert waiting.position == 1
        assert result.promoted == [waiting.waiting_request]
        request = WaitingRequest.objects.get(pk=waiting.waiting_request.pk)
        assert request.status == WaitingRequest.Status.PROMOTED
        assert Booking.objects.get(child=waiting_child).status == "booked"
        assert [mail.to for mail in mailoutbox] == [["attente@test.example"]]
