"""`rush`: summer bookings open and every family books at the same moment.

FAMILIES families each send one request booking DAYS_PER_FAMILY days of a
holiday activity, all released together against gunicorn on PostgreSQL.
The same load then runs against the floor view, which does only one locked
capacity check and one insert per day.
"""

import random
from datetime import date

from django.db import connection

from . import harness

FAMILIES = 500
DAYS_PER_FAMILY = 10
CAPACITY = 150
SEASON = (date(2027, 7, 5), date(2027, 7, 30))
# The family confirm endpoint of the occasional booking and its fields.
BOOKING_PATH = "/famille/reserver/confirmer/"


def seed(families_count):
    """Create the activity, FAMILIES families with one enrolled child each."""
    from django.utils import timezone

    from accounts.models import Role, User
    from activities.calendar import OpeningCalendar
    from activities.models import Activity, Structure, Unit
    from bench.models import FloorSlot
    from bookings.models import Enrolment
    from families.models import Child, Family, FamilyChild, Guardian

    structure = Structure.objects.create(
        name="Accueil de loisirs (bench)", kind=Structure.Kind.LEISURE_CENTRE
    )
    activity = Activity.objects.create(
        structure=structure,
        name="Été 2027",
        start_date=SEASON[0],
        end_date=SEASON[1],
        weekdays=[0, 1, 2, 3, 4],
        school_calendar=Activity.SchoolCalendar.ALL_YEAR,
    )
    unit = Unit.objects.create(
        activity=activity, name="Journée", kind=Unit.Kind.FULL_DAY, capacity=CAPACITY
    )
    days = OpeningCalendar(activity, *SEASON).open_days()
    FloorSlot.objects.bulk_create(
        FloorSlot(day=day, unit=1, capacity=CAPACITY) for day in days
    )
    now = timezone.now()
    users = User.objects.bulk_create(
        User(email=f"rush{n}@bench.example", role=Role.FAMILY, password="!")
        for n in range(families_count)
    )
    families = Family.objects.bulk_create(
        Family(
            account=user,
            status=Family.Status.VALIDATED,
            address_line1="1 place du Marché",
            postcode="63220",
            commune="Marsac-en-Livradois",
            rules_accepted_at=now,
        )
        for user in users
    )
    Guardian.objects.bulk_create(
        Guardian(family=family, rank=1, last_name="Rush", first_name=str(n))
        for n, family in enumerate(families)
    )
    children = Child.objects.bulk_create(
        Child(last_name="Rush", first_name=str(n), birth_date=date(2017, 1, 1), sex="F")
        for n in range(families_count)
    )
    FamilyChild.objects.bulk_create(
        FamilyChild(family=family, child=child)
        for family, child in zip(families, children, strict=True)
    )
    Enrolment.objects.bulk_create(
        Enrolment(
            family=family,
            child=child,
            activity=activity,
            status=Enrolment.Status.ACTIVE,
            created_at=now,
        )
        for family, child in zip(families, children, strict=True)
    )
    return activity, unit, days, list(zip(users, children, strict=True))


def overbooked_places():
    """Count places booked beyond capacity, over every unit and day."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT COALESCE(SUM(taken - capacity), 0) FROM (
                SELECT COUNT(*) AS taken, u.capacity
                FROM bookings_booking b JOIN activities_unit u ON u.id = b.unit_id
                WHERE b.status = 'booked'
                GROUP BY b.unit_id, b.day, u.capacity
                HAVING COUNT(*) > u.capacity
            ) AS over
            """
        )
        portal = cursor.fetchone()[0]
        cursor.execute(
            """
            SELECT COALESCE(SUM(taken - capacity), 0) FROM (
                SELECT COUNT(*) AS taken, s.capacity
                FROM bench_floorbooking f JOIN bench_floorslot s ON s.id = f.slot_id
                GROUP BY s.id, s.capacity HAVING COUNT(*) > s.capacity
            ) AS over
            """
        )
        floor = cursor.fetchone()[0]
    return int(portal), int(floor)


def run(workers=4, families=FAMILIES):
    from bench.models import FloorBooking
    from bookings.models import Booking

    harness.reset_database()
    activity, unit, days, accounts = seed(families)
    concurrency = families
    rng = random.Random(2027)
    picks = [sorted(rng.sample(days, DAYS_PER_FAMILY)) for _account in accounts]
    cookies = [harness.session_cookie(user) for user, _child in accounts]

    results = {}
    with harness.Gunicorn(workers) as server:
        portal_requests = [
            harness.form_post(
                BOOKING_PATH,
                cookie,
                {
                    "child": child.pk,
                    "activity": activity.pk,
                    "slot": [f"{day:%Y-%m-%d}:{unit.pk}" for day in chosen],
                    "waiting_list": "1",
                },
                server.port,
            )
            for cookie, (_user, child), chosen in zip(
                cookies, accounts, picks, strict=True
            )
        ]
        floor_requests = [
            harness.json_post(
                "/bench/floor/",
                cookie,
                {"days": [f"{d:%Y-%m-%d}" for d in chosen]},
                server.port,
            )
            for cookie, chosen in zip(cookies, picks, strict=True)
        ]
        portal = harness.run_load(server.port, portal_requests, concurrency)
        portal_memory = server.peak_worker_memory_mib()
        floor = harness.run_load(server.port, floor_requests, concurrency)
    booked = Booking.objects.filter(status="booked").count()
    floor_booked = FloorBooking.objects.count()
    portal_over, floor_over = overbooked_places()
    results["portal"] = {
        **portal.summary(),
        "bookings": booked,
        "bookings_per_second": round(booked / portal.elapsed, 1),
        "peak_worker_memory_mib": round(portal_memory, 1),
        "booked_beyond_capacity": portal_over,
    }
    results["floor"] = {
        **floor.summary(),
        "bookings": floor_booked,
        "bookings_per_second": round(floor_booked / floor.elapsed, 1),
        "booked_beyond_capacity": floor_over,
    }
    results["ratio_to_floor"] = round(
        results["portal"]["bookings_per_second"]
        / max(results["floor"]["bookings_per_second"], 0.001),
        3,
    )
    results["setup"] = {
        "families": families,
        "days_per_family": DAYS_PER_FAMILY,
        "open_days": len(days),
        "capacity_per_day": CAPACITY,
        "gunicorn_workers": workers,
        "client_concurrency": concurrency,
    }
    return results
