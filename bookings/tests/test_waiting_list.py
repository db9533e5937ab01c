"""Waiting list order and promotion when a place frees."""

from datetime import date

import pytest

from bookings import services
from bookings.exceptions import InvalidRequest, NotFound
from bookings.models import Booking, WaitingRequest
from portail.testing import make_family

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

DAY = date(2026, 10, 7)
UNITS = [
    ("Matin", "morning", 24),
    ("Repas", "lunch", 24),
    ("Après-midi", "afternoon", 24),
]


@pytest.fixture
def activity():
    activity = make_activity(units=UNITS)
    filler = make_family(children=0)
    for name, _kind, capacity in UNITS:
        fill(unit(activity, name), DAY, capacity, filler)
    return activity


def waiting_family(activity, email):
    family = make_family(email=email)
    child = first_child(family)
    enrol_directly(family, child, activity)
    return family, child


def wait(activity, family, child, names, now):
    result = services.join_waiting_list(
        family,
        child,
        activity,
        DAY,
        [unit(activity, name) for name in names],
        actor=family.account,
        now=now,
    )
    assert result.is_waiting
    return result.waiting_request


def free_afternoon_place(activity):
    booking = Booking.objects.filter(
        unit=unit(activity, "Après-midi"), day=DAY, status="booked"
    ).first()
    return services.cancel_booking(
        booking.family, booking, actor=None, now=paris(2026, 10, 2, 12, 0)
    )


def test_promotion_order(activity, django_capture_on_commit_callbacks, mailoutbox):
    w1_family, w1_child = waiting_family(activity, "w1@test.example")
    w2_family, w2_child = waiting_family(activity, "w2@test.example")
    w3_family, w3_child = waiting_family(activity, "w3@test.example")
    w1 = wait(
        activity,
        w1_family,
        w1_child,
        ["Matin", "Repas", "Après-midi"],
        paris(2026, 10, 1, 9, 0, 0),
    )
    w2 = wait(activity, w2_family, w2_child, ["Après-midi"], paris(2026, 10, 1, 9, 5))
    w3 = wait(activity, w3_family, w3_child, ["Après-midi"], paris(2026, 10, 1, 9, 5))
    assert w2.pk < w3.pk
    assert services.waiting_position(w1) == 1
    assert services.waiting_position(w2) == 2
    assert services.waiting_position(w3) == 3

    with django_capture_on_commit_callbacks(execute=True):
        first = free_afternoon_place(activity)

    assert first.promoted == [w2]
    w1.refresh_from_db()
    w2.refresh_from_db()
    assert w1.status == WaitingRequest.Status.WAITING
    assert services.waiting_position(w1) == 1
    assert w2.status == WaitingRequest.Status.PROMOTED
    assert Booking.objects.get(child=w2_child).status == Booking.Status.BOOKED
    assert booked_count(unit(activity, "Après-midi"), DAY) == 24
    assert [mail.to for mail in mailoutbox] == [["w2@test.example"]]

    with django_capture_on_commit_callbacks(execute=True):
        second = services.cancel_booking(
            w2_family,
            Booking.objects.get(child=w2_child),
            actor=w2_family.account,
            now=paris(2026, 10, 3, 12, 0),
        )

    assert second.promoted == [w3]
    w1.refresh_from_db()
    assert w1.status == WaitingRequest.Status.WAITING
    assert not WaitingRequest.objects.filter(child=w2_child, status="waiting").exists()
    assert Booking.objects.get(child=w2_child).status == Booking.Status.CANCELLED
    assert Booking.objects.get(child=w3_child).status == Booking.Status.BOOKED
    assert [mail.to for mail in mailoutbox] == [
        ["w2@test.example"],
        ["w3@test.example"],
    ]


def test_multi_unit_request_promoted_when_all_fit(activity):
    family, child = waiting_family(activity, "w1@test.example")
    request = wait(
        activity, family, child, ["Matin", "Après-midi"], paris(2026, 10, 1, 9, 0)
    )
    free_afternoon_place(activity)
    request.refresh_from_db()
    assert request.status == WaitingRequest.Status.WAITING

    morning = Booking.objects.filter(
        unit=unit(activity, "Matin"), day=DAY, status="booked"
    ).first()
    result = services.cancel_booking(
        morning.family, morning, actor=None, now=paris(2026, 10, 2, 12, 0)
    )

    assert result.promoted == [request]
    assert set(
        Booking.objects.filter(child=child).values_list("status", flat=True)
    ) == {"booked"}


def test_join_when_room_books_at_once(activity):
    family, child = waiting_family(activity, "w1@test.example")
    free_afternoon_place(activity)

    result = services.join_waiting_list(
        family,
        child,
        activity,
        DAY,
        [unit(activity, "Après-midi")],
        actor=family.account,
        now=paris(2026, 10, 2, 13, 0),
    )

    assert result.is_booked


def test_leave_gives_up_rank(activity):
    w1_family, w1_child = waiting_family(activity, "w1@test.example")
    w2_family, w2_child = waiting_family(activity, "w2@test.example")
    w1 = wait(activity, w1_family, w1_child, ["Après-midi"], paris(2026, 10, 1, 9, 0))
    w2 = wait(activity, w2_family, w2_child, ["Après-midi"], paris(2026, 10, 1, 9, 5))

    services.leave_waiting_list(w1_family, w1, actor=w1_family.account)
    promoted = free_afternoon_place(activity).promoted

    assert services.waiting_position(w2) == 1
    assert promoted == [w2]
    assert Booking.objects.get(child=w1_child).status == Booking.Status.WITHDRAWN
    with pytest.raises(InvalidRequest):
        services.leave_waiting_list(w1_family, w1, actor=w1_family.account)


def test_leave_other_family_request_not_found(activity):
    w1_family, w1_child = waiting_family(activity, "w1@test.example")
    request = wait(
        activity, w1_family, w1_child, ["Après-midi"], paris(2026, 10, 1, 9, 0)
    )
    other = make_family()

    with pytest.raises(NotFound):
        services.leave_waiting_list(other, request, actor=other.account)

    request.refresh_from_db()
    assert request.status == WaitingRequest.Status.WAITING


def test_second_request_same_day_refused(activity):
    family, child = waiting_family(activity, "w1@test.example")
    wait(activity, family, child, ["Après-midi"], paris(2026, 10, 1, 9, 0))

    again = services.join_waiting_list(
        family,
        child,
        activity,
        DAY,
        [unit(activity, "Matin")],
        actor=family.account,
        now=paris(2026, 10, 1, 9, 1),
    )

    assert again.is_refused
    assert "Déjà en liste d'attente" in again.message
