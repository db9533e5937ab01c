"""Absences across structures, the request clock, slots and hand-made input."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from accounts.models import Role
from activities.deadlines import DeadlineKind
from bookings import capacity, services
from bookings.exceptions import NotEnrolled
from bookings.models import Absence, Booking, Slot
from bookings.results import DayResult
from bookings.views.planning import _day_message
from portail.testing import make_family, make_user

from .factories import enrol_directly, first_child, make_activity, paris, rule, unit

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 14)
NOW = paris(2026, 10, 1, 9, 0)


@pytest.fixture
def activity():
    return make_activity(
        units=[("Matin", "morning", 24)],
        cancellation_deadline=rule(DeadlineKind.CALENDAR_DAYS, days=2),
    )


@pytest.fixture
def family(activity):
    family = make_family()
    enrol_directly(family, first_child(family), activity)
    return family


def book(family, activity, day=DAY):
    (result,) = services.book_days(
        family,
        first_child(family),
        activity,
        {day: [activity.units.first()]},
        actor=family.account,
        now=NOW,
    )
    return result


def report(family):
    return services.report_absence(
        family,
        first_child(family),
        start_date=DAY,
        end_date=DAY,
        reason="illness",
        actor=family.account,
        now=NOW,
    )


def test_manager_cannot_excuse_another_structures_booking(client, activity, family):
    other = make_activity(units=[("Soir", "evening", 24)])
    enrol_directly(family, first_child(family), other)
    book(family, activity)
    book(family, other)
    absence = services.report_absence(
        family,
        first_child(family),
        start_date=DAY,
        end_date=DAY,
        reason="illness",
        comment="Rendez-vous chez le pédiatre",
        actor=family.account,
        now=NOW,
    )
    manager = make_user(Role.MANAGER)
    activity.structure.managers.add(manager)

    with pytest.raises(services.NotAllowed):
        services.set_absence_excused(absence, staff=manager, now=NOW)
    client.force_login(manager)
    url = reverse("bookings:staff_structure_day", args=[activity.structure.pk])
    page = client.get(url + f"?jour={DAY:%Y-%m-%d}").content.decode()

    absence.refresh_from_db()
    assert not absence.excused
    assert "Rendez-vous chez le pédiatre" not in page
    assert "autre structure" in page
    agent = make_user(Role.AGENT)
    assert services.set_absence_excused(absence, staff=agent, now=NOW).excused


def test_same_absence_is_reported_once(activity, family):
    book(family, activity)
    report(family)

    with pytest.raises(services.InvalidRequest, match="déjà signalée"):
        report(family)
    assert Absence.objects.count() == 1


def test_cancel_reads_the_clock_before_the_locks(activity, family, monkeypatch):
    """Sent at 09:59:59 before the deadline, served after waiting for the
    locks until 10:00:01: the time of the request counts."""
    booking = book(family, activity).bookings[0]
    lock_slots = capacity.lock_slots

    def slow_lock(pairs):
        locked = lock_slots(pairs)
        monkeypatch.setattr(
            "bookings.rules.timezone.now", lambda: paris(2026, 10, 12, 10, 0, 1)
        )
        return locked

    monkeypatch.setattr("bookings.services.lock_slots", slow_lock)
    monkeypatch.setattr(
        "bookings.rules.timezone.now", lambda: paris(2026, 10, 12, 9, 59, 59)
    )

    services.cancel_booking(family, booking, actor=family.account)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_slots_only_for_days_of_the_period_from_today(activity, family):
    far = {
        date(2100, 1, 1) + timedelta(days=i): [unit(activity, "Matin")]
        for i in range(5)
    }
    past = {date(2026, 9, 30): [unit(activity, "Matin")]}

    results = services.book_days(
        family,
        first_child(family),
        activity,
        {**far, **past},
        actor=family.account,
        now=NOW,
    )

    assert all(result.is_refused for result in results)
    assert not Slot.objects.exists()


def test_no_slot_before_the_enrolment_check(activity):
    stranger = make_family()
    with pytest.raises(NotEnrolled):
        book(stranger, activity)
    assert not Slot.objects.exists()


@pytest.fixture
def signed_in(client, family):
    client.force_login(family.account)
    return client


@pytest.mark.parametrize("date_text", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("view", ["week", "month"])
def test_planning_far_dates_fall_back_to_today(signed_in, date_text, view):
    url = reverse("bookings:planning") + f"?date={date_text}&view={view}"
    response = signed_in.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("bookings:book_start", "?child=²&activity=1"),
        ("bookings:planning", "?child=²"),
        ("bookings:report_absence", "?child=²"),
    ],
)
def test_unicode_digits_in_query(signed_in, name, query):
    response = signed_in.get(reverse(name) + query)
    assert response.status_code in (200, 404)


def test_unicode_digits_in_whole_activity_page(signed_in, family, activity):
    activity.booking_types = "both"
    activity.save(update_fields=["booking_types"])
    url = reverse("bookings:book_whole", args=[first_child(family).pk, activity.pk])
    response = signed_in.get(url + "?weekday=²&unit=²")
    assert response.status_code == 200
    assert "Choisissez au moins un jour de la semaine" in response.content.decode()


def test_unicode_digits_in_waiting_list_unit(signed_in, family, activity):
    response = signed_in.post(
        reverse("bookings:join_waiting_list"),
        {
            "child": first_child(family).pk,
            "activity": activity.pk,
            "day": "2026-12-16",
            "unit": "²",
        },
    )
    assert response.status_code == 302


def test_excuse_with_bad_fields_writes_nothing_and_redirects(client, activity, family):
    manager = make_user(Role.MANAGER)
    activity.structure.managers.add(manager)
    book(family, activity)
    absence = report(family)
    client.force_login(manager)
    url = reverse("bookings:staff_absence_excuse", args=[absence.pk])

    bad_structure = client.post(url, {"excused": "1", "structure": "²"})
    bad_choice = client.post(url, {"excused": "²", "structure": "1"})

    assert bad_structure.status_code == 302
    assert bad_choice.status_code == 302
    absence.refresh_from_db()
    assert absence.excused  # the first post was valid but for its way back


def test_waiting_message_starts_with_a_capital(settings):
    from django.utils import translation

    result = DayResult(date(2027, 3, 2), DayResult.WAITING, position=3)
    with translation.override("en"):
        message = _day_message(result)
    assert message.startswith("Tuesday 2 March 2027"), message


def test_absence_form_with_unicode_digit_child(client, family):
    client.force_login(family.account)

    response = client.get(
        reverse("bookings:report_absence"), {"child": "²", "date": "2027-03-03"}
    )

    assert response.status_code == 200
