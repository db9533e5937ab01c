"""The waiting line keeps freed places, and a waiting child's other units."""

from datetime import date, timedelta

import pytest

from accounts.models import Role
from bookings import capacity, services
from bookings.models import Booking, WaitingRequest
from portail.testing import make_family, make_user

from .factories import (
    booked_count,
    enrol_directly,
    fill,
    first_child,
    make_activity,
    paris,
    unit,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 14)
NOW = paris(2026, 10, 1, 9, 0)


def enrolled_family(activity):
    family = make_family()
    enrol_directly(family, first_child(family), activity)
    return family


def book(family, activity, names, *, waiting=False, now=NOW):
    (result,) = services.book_days(
        family,
        first_child(family),
        activity,
        {DAY: [unit(activity, name) for name in names]},
        actor=family.account,
        now=now,
        join_waiting_list=waiting,
    )
    return result


@pytest.fixture
def two_units():
    return make_activity(
        units=[("Matin", "morning", 1), ("Après-midi", "afternoon", 1)]
    )


def test_freed_place_is_kept_for_the_line(two_units):
    activity = two_units
    holder, first, newcomer = (enrolled_family(activity) for _ in range(3))
    morning, afternoon = book(holder, activity, ["Matin", "Après-midi"]).bookings
    queued = book(first, activity, ["Matin", "Après-midi"], waiting=True)
    services.cancel_booking(holder, morning, actor=holder.account, now=NOW)

    refused = book(newcomer, activity, ["Matin"])
    late = book(newcomer, activity, ["Matin"], waiting=True)
    services.cancel_booking(holder, afternoon, actor=holder.account, now=NOW)

    assert refused.is_refused
    assert "liste d'attente" in refused.message
    assert late.is_waiting and late.position == 2
    queued.waiting_request.refresh_from_db()
    assert queued.waiting_request.status == WaitingRequest.Status.PROMOTED
    late.waiting_request.refresh_from_db()
    assert late.waiting_request.status == WaitingRequest.Status.WAITING
    assert booked_count(unit(activity, "Matin"), DAY) == 1


def test_staff_override_still_goes_past_the_line(two_units):
    activity = two_units
    manager = make_user(Role.MANAGER)
    activity.structure.managers.add(manager)
    holder, first, newcomer = (enrolled_family(activity) for _ in range(3))
    morning, _afternoon = book(holder, activity, ["Matin", "Après-midi"]).bookings
    book(first, activity, ["Matin", "Après-midi"], waiting=True)
    services.cancel_booking(holder, morning, actor=holder.account, now=NOW)

    kwargs = {"now": NOW}
    refused = services.staff_book(
        manager,
        newcomer,
        first_child(newcomer),
        activity,
        DAY,
        [unit(activity, "Matin")],
        **kwargs,
    )
    booked = services.staff_book(
        manager,
        newcomer,
        first_child(newcomer),
        activity,
        DAY,
        [unit(activity, "Matin")],
        override_capacity=True,
        override_reason="accueil d'urgence",
        **kwargs,
    )

    assert refused.is_refused
    assert booked.is_booked


@pytest.fixture
def afternoon_full():
    activity = make_activity(
        units=[("Matin", "morning", 24), ("Après-midi", "afternoon", 1)]
    )
    fill(unit(activity, "Après-midi"), DAY, 1, make_family(children=0))
    return activity


def test_waiting_child_books_another_free_unit(afternoon_full):
    family = enrolled_family(afternoon_full)
    assert book(family, afternoon_full, ["Après-midi"], waiting=True).is_waiting

    morning = book(family, afternoon_full, ["Matin"])

    assert morning.is_booked, morning.message


def test_joining_again_says_already_waiting(afternoon_full):
    family = enrolled_family(afternoon_full)
    book(family, afternoon_full, ["Après-midi"], waiting=True)

    again = book(family, afternoon_full, ["Après-midi"], waiting=True)

    assert again.is_refused
    assert "Déjà en liste d'attente" in again.message
    assert WaitingRequest.objects.count() == 1


def test_staff_override_takes_the_childs_waiting_request(afternoon_full):
    activity = afternoon_full
    manager = make_user(Role.MANAGER)
    activity.structure.managers.add(manager)
    family = enrolled_family(activity)
    request = book(family, activity, ["Après-midi"], waiting=True).waiting_request

    result = services.staff_book(
        manager,
        family,
        first_child(family),
        activity,
        DAY,
        [unit(activity, "Après-midi")],
        override_capacity=True,
        override_reason="place accordée par la direction",
        now=NOW,
    )

    assert result.is_booked, result.message
    (row,) = Booking.objects.filter(child=first_child(family))
    assert row.status == Booking.Status.BOOKED
    assert row.capacity_override and row.override_by == manager
    request.refresh_from_db()
    assert request.status == WaitingRequest.Status.PROMOTED


def test_join_on_whole_activity_only(afternoon_full):
    activity = afternoon_full
    activity.booking_types = "whole"
    activity.save(update_fields=["booking_types"])
    family = enrolled_family(activity)

    waiting = services.join_waiting_list(
        family,
        first_child(family),
        activity,
        DAY,
        [unit(activity, "Après-midi")],
        actor=family.account,
        now=NOW,
    )
    room = services.join_waiting_list(
        family,
        first_child(family),
        activity,
        DAY,
        [unit(activity, "Matin")],
        actor=family.account,
        now=NOW,
    )

    assert waiting.is_waiting, waiting.message
    assert room.is_refused
    assert "toute la période" in room.message
    assert booked_count(unit(activity, "Matin"), DAY) == 0


def test_place_in_line_is_taken_under_the_lock(afternoon_full, monkeypatch):
    """The request that waited for the locks queues after the one holding
    them, whatever the time its request arrived."""
    activity = afternoon_full
    early, late = enrolled_family(activity), enrolled_family(activity)
    moments = iter([paris(2026, 10, 1, 9, 0, 5), paris(2026, 10, 1, 9, 0, 9)])
    lock_slots = capacity.lock_slots

    def lock_then_tick(pairs):
        locked = lock_slots(pairs)
        moment = next(moments)
        monkeypatch.setattr("bookings.rules.timezone.now", lambda: moment)
        return locked

    monkeypatch.setattr("bookings.services.lock_slots", lock_then_tick)
    monkeypatch.setattr("bookings.rules.timezone.now", lambda: NOW)
    first = book(late, activity, ["Après-midi"], waiting=True, now=None)
    monkeypatch.setattr("bookings.rules.timezone.now", lambda: NOW - timedelta(1))
    second = book(early, activity, ["Après-midi"], waiting=True, now=None)

    assert first.waiting_request.requested_at == paris(2026, 10, 1, 9, 0, 5)
    assert (first.position, second.position) == (1, 2)
