"""The demo catalogue loads, books through the services and stays idempotent."""

import io

import pytest
from django.core.management import call_command

from activities.models import Activity, Unit
from bookings.models import Absence, Booking, Enrolment

pytestmark = pytest.mark.django_db


def counts():
    return (
        Activity.objects.count(),
        Unit.objects.count(),
        Enrolment.objects.count(),
        Booking.objects.count(),
        Absence.objects.count(),
    )


def test_demo_catalogue_idempotent():
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    first = counts()

    call_command("load_demo", allow_production=True, stdout=io.StringIO())

    assert counts() == first
    wednesdays = Activity.objects.get(name="Mercredis")
    assert wednesdays.needs_pre_registration
    assert set(wednesdays.units.values_list("kind", flat=True)) >= {"transport"}
    assert Activity.objects.filter(parent__name="Ateliers sports").count() == 2
    assert Enrolment.objects.filter(status=Enrolment.Status.PENDING).exists()
