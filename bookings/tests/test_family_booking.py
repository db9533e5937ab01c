"""Family booking pages over HTTP: summary, confirm, results, refusals.

Days are chosen relative to today, far enough ahead of the deadlines, so the
tests run on any date without freezing the clock.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Closure
from audit.models import AuditEvent
from bookings.models import Booking, Enrolment, WaitingRequest
from portail.testing import make_family

from .factories import enrol_directly, fill, first_child, make_activity, unit

pytestmark = pytest.mark.django_db


def next_weekday(weekday, weeks_ahead=3):
    """Return a day on `weekday` (0 = Monday) at least `weeks_ahead` weeks away."""
    day = timezone.localdate() + timedelta(weeks=weeks_ahead)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def slot(day, unit_obj):
    return f"{day:%Y-%m-%d}:{unit_obj.pk}"


def snapshot():
    return (
        Booking.objects.count(),
        WaitingRequest.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def activity():
    today = timezone.localdate()
    return make_activity(
        start=today - timedelta(days=30), end=today + timedelta(days=200)
    )


@pytest.fixture
def family(activity):
    family = make_family()
    enrol_directly(family, first_child(family), activity)
    return family


@pytest.fixture
def signed_in(client, family):
    client.force_login(family.account)
    return client


def confirm(client, child, activity, slots, **extra):
    data = {"child": child.pk, "activity": activity.pk, "slot": slots, **extra}
    return client.post(reverse("bookings:book_days_confirm"), data)


def test_confirm_books_every_ticked_day(signed_in, family, activity):
    child = first_child(family)
    evening = unit(activity, "Soir")
    days = [next_weekday(0), next_weekday(1), next_weekday(2)]

    response = confirm(signed_in, child, activity, [slot(d, evening) for d in days])

    assert response.status_code == 303
    assert response["Location"] == reverse("bookings:book_result")
    booked = Booking.objects.filter(child=child, status=Booking.Status.BOOKED)
    assert sorted(booked.values_list("day", flat=True)) == days
    page = signed_in.get(response["Location"]).content.decode()
    assert "3 jours réservés" in page
