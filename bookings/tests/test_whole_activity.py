"""Whole-activity booking: every pattern day booked, waiting or skipped."""

from datetime import date

import pytest

from activities.models import Closure
from bookings import services
from bookings.exceptions import InvalidRequest
from bookings.models import Booking, WaitingRequest
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

MON, TUE, THU, FRI = 0, 1, 3, 4


@pytest.fixture
def activity():
    # Open all year: the family's 30 Mar to 29 May range includes the spring
    # school holidays, which this after-school club does not close for.
    activity = make_activity(booking_deadline=working_days_rule(), name="Soirs")
    Closure.objects.create(
        activity=activity,
        start_date=date(2026, 4, 20),
        end_date=date(2026, 4, 24),
        reason="travaux dans les locaux",
    )
    return activity


@pytest.fixture
def family_child(activity):
    family = make_family()
    child = first_child(family)
    enrol_directly(family, child, activity)
    return family, child


def book_spring(activity, family, child, **options):
    return services.book_whole_activity(
        family,
        child,
        activity,
        weekdays=[MON, TUE, THU, FRI],
        units=[unit(activity, "Soir")],
        start=date(2026, 3, 30),
        end=date(2026, 5, 29),
        actor=family.account,
        now=paris(2026, 3, 20, 18, 0),
        **options,
    )


def test_spring_pattern_gives_27_bookings(activity, family_child):
    family, child = family_child

    result = book_spring(activity, family, child)

    assert len(result.days) == 36
    assert len(result.bookings) == 27
    assert result.waiting == []
    assert Booking.objects.filter(child=child, status="booked").count() == 27
    assert result.skipped == [
        (
            date(2026, 4, 6),
            "Le lundi 6 avril 2026 n'est pas ouvert : jour férié (Lundi de Pâques).",
        ),
        (
            date(2026, 4, 20),
            "Le lundi 20 avril 2026 n'est pas ouvert : "
            "fermeture : travaux dans les locaux.",
        ),
        (
            date(2026, 4, 21),
            "Le mardi 21 avril 2026 n'est pas ouvert : "
            "fermeture : travaux dans les locaux.",
        ),
        (
            date(2026, 4, 23),
            "Le jeudi 23 avril 2026 n'est pas ouvert : "
            "fermeture : travaux dans les locaux.",
        ),
        (
            date(2026, 4, 24),
            "Le vendredi 24 avril 2026 n'est pas ouvert : "
            "fermeture : travaux dans les locaux.",
        ),
        (
            date(2026, 5, 1),
            "Le vendredi 1 mai 2026 n'est pas ouvert : jour férié (Fête du Travail).",
        ),
        (
            date(2026, 5, 8),
            "Le vendredi 8 mai 2026 n'est pas ouvert : "
            "jour férié (Fête de la Victoire).",
        ),
        (
            date(2026, 5, 14),
            "Le jeudi 14 mai 2026 n'est pas ouvert : jour férié (Ascension).",
        ),
        (
            date(2026, 5, 25),
            "Le lundi 25 mai 2026 n'est pas ouvert : jour férié (Lundi de Pentecôte).",
        ),
    ]


def test_full_day_waits_without_stopping_others(activity, family_child):
    family, child = family_child
    evening = unit(activity, "Soir")
    fill(evening, date(2026, 4, 2), evening.capacity, make_family(children=0))

    result = book_spring(activity, family, child)

    assert len(result.bookings) == 26
    assert [r.day for r in result.waiting] == [date(2026, 4, 2)]
    assert result.waiting[0].position == 1
    assert len(result.skipped) == 9
    assert WaitingRequest.objects.filter(child=child).count() == 1


def test_unticked_days_not_booked(activity, family_child):
    family, child = family_child

    result = book_spring(
        activity, family, child, excluded_days=[date(2026, 3, 30), date(2026, 3, 31)]
    )

    assert len(result.days) == 34
    assert len(result.bookings) == 25


def test_second_run_skips_booked_days(activity, family_child):
    family, child = family_child
    book_spring(activity, family, child)

    again = book_spring(activity, family, child)

    assert again.bookings == []
    assert "Déjà réservé le lundi 30 mars 2026." in dict(again.skipped).values()
    assert Booking.objects.filter(child=child).count() == 27


def test_whole_refused_when_only_occasional(family_child):
    family, child = family_child
    occasional = make_activity(booking_types="occasional")
    enrol_directly(family, child, occasional)

    with pytest.raises(InvalidRequest):
        book_spring(occasional, family, child)

    assert not Booking.objects.filter(activity=occasional).exists()


def test_default_start_is_request_day(activity, family_child):
    family, child = family_child

    result = services.book_whole_activity(
        family,
        child,
        activity,
        weekdays=[FRI],
        units=[unit(activity, "Soir")],
        end=date(2026, 7, 3),
        actor=family.account,
        now=paris(2026, 6, 1, 9, 0),
    )

    # The range starts on the request day, Mon 1 Jun 2026.
    assert [r.day for r in result.days] == [
        date(2026, 6, 5),
        date(2026, 6, 12),
        date(2026, 6, 19),
        date(2026, 6, 26),
        date(2026, 7, 3),
    ]
    assert len(result.bookings) == 5
