"""Catalogue and booking helpers for the bookings tests."""

import itertools
from datetime import date, datetime, time

from activities.deadlines import PARIS, DeadlineKind
from activities.models import Activity, DeadlineRule, Structure, Unit
from bookings.models import Booking, Enrolment
from families.models import Child

_sequence = itertools.count(1)


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def rule(kind, days=0, clock=time(10, 0), weekday=0):
    found, _created = DeadlineRule.objects.get_or_create(
        kind=kind, days=days, weekday=weekday, time=clock
    )
    return found


def make_structure(name=None, managers=()):
    structure = Structure.objects.create(
        name=name or f"Structure {next(_sequence)}",
        kind=Structure.Kind.LEISURE_CENTRE,
    )
    structure.managers.add(*managers)
    return structure


def make_activity(
    structure=None,
    units=(("Soir", Unit.Kind.EVENING, 24),),
    start=date(2025, 9, 1),
    end=date(2027, 7, 3),
    weekdays=(0, 1, 2, 3, 4),
    booking_deadline=None,
    cancellation_deadline=None,
    **fields,
):
    """An all-year activity with direct enrolment and its units."""
    structure = structure or make_structure()
    fields.setdefault("school_calendar", Activity.SchoolCalendar.ALL_YEAR)
    activity = Activity.objects.create(
        structure=structure,
        name=fields.pop("name", f"Activité {next(_sequence)}"),
        start_date=start,
        end_date=end,
        weekdays=list(weekdays),
        booking_deadline=booking_deadline,
        cancellation_deadline=cancellation_deadline,
        **fields,
    )
    for position, (name, kind, capacity) in enumerate(units):
        Unit.objects.create(
            activity=activity,
            name=name,
            kind=kind,
            capacity=capacity,
            position=position,
        )
    return activity


def working_days_rule():
    return rule(DeadlineKind.WORKING_DAYS, days=2)


def unit(activity, name):
    return activity.units.get(name=name)


def first_child(family):
    return family.children.order_by("pk").first()


def enrol_directly(family, child, activity):
    return Enrolment.objects.create(
        family=family,
        child=child,
        activity=activity,
        status=Enrolment.Status.ACTIVE,
        created_at=paris(2025, 8, 1, 9, 0),
    )


def fill(unit, day, count, family):
    """Book `count` places of `unit` on `day` for made-up children of `family`."""
    children = Child.objects.bulk_create(
        Child(
            last_name="Remplissage",
            first_name=f"Enfant{index}",
            birth_date=date(2018, 1, 1),
            sex=Child.Sex.BOY,
        )
        for index in range(count)
    )
    family.children.add(*children)
    return Booking.objects.bulk_create(
        Booking(
            family=family,
            child=child,
            activity=unit.activity,
            unit=unit,
            day=day,
            status=Booking.Status.BOOKED,
            created_at=paris(2026, 9, 1, 9, 0),
        )
        for child in children
    )


def booked_count(unit, day):
    return Booking.objects.filter(
        unit=unit, day=day, status=Booking.Status.BOOKED
    ).count()
