"""Two families take the last place at the same moment on PostgreSQL."""

import threading
from datetime import date

import pytest
from django.db import connections

from bookings import day_booker, services
from bookings.models import Booking
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

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DAY = date(2026, 10, 8)


@pytest.fixture
def last_place(postgres_only):
    activity = make_activity(units=[("Soir", "evening", 24)])
    fill(unit(activity, "Soir"), DAY, 23, make_family(children=0))
    families = []
    for _index in range(2):
        family = make_family()
        enrol_directly(family, first_child(family), activity)
        families.append(family)
    return activity, families


def book_together(activity, families, join_waiting_list):
    """Run one booking per family in its own thread and connection, released
    together by a barrier; return the DayResults."""
    start = threading.Barrier(len(families))
    results = [None] * len(families)
    errors = []

    def request(index, family):
        try:
            start.wait(timeout=10)
            (results[index],) = services.book_days(
                family,
                first_child(family),
                activity,
                {DAY: [unit(activity, "Soir")]},
                actor=family.account,
                now=paris(2026, 10, 1, 9, 0),
                join_waiting_list=join_waiting_list,
            )
        except Exception as error:  # re-raised in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=request, args=(index, family))
        for index, family in enumerate(families)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    if errors:
        raise errors[0]
    return results


@pytest.fixture
def pause_after_count(monkeypatch):
    """Hold each request after it has counted the booked places until the
    other one has counted too, or for one second.

    Without the slot lock both requests count 23 and both insert. With it,
    the second one cannot count before the first commits, so the pause only
    times out.
    """
    counted = threading.Barrier(2)
    real_count = day_booker.booked_counts

    def count_then_pause(pairs):
        counts = real_count(pairs)
        try:
            counted.wait(timeout=1)
        except threading.BrokenBarrierError:
            pass
        return counts

    monkeypatch.setattr(day_booker, "booked_counts", count_then_pause)


def test_one_gets_last_place(last_place, pause_after_count):
    activity, families = last_place

    results = book_together(activity, families, join_waiting_list=False)

    outcomes = sorted(result.outcome for result in results)
    assert outcomes == ["booked", "refused"]
    refused = next(result for result in results if result.is_refused)
    assert refused.message.startswith("Complet le jeudi 8 octobre 2026")
    assert booked_count(unit(activity, "Soir"), DAY) == 24


def test_other_goes_to_waiting_list(last_place, pause_after_count):
    activity, families = last_place

    results = book_together(activity, families, join_waiting_list=True)

    assert sorted(result.outcome for result in results) == ["booked", "waiting"]
    assert booked_count(unit(activity, "Soir"), DAY) == 24
    assert Booking.objects.filter(day=DAY, status="waiting").count() == 1


def test_race_without_pause(last_place):
    activity, families = last_place

    results = book_together(activity, families, join_waiting_list=False)

    assert sorted(result.outcome for result in results) == ["booked", "refused"]
    assert booked_count(unit(activity, "Soir"), DAY) == 24
