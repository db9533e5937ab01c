"""`planning`: the month page of a family, its SQL queries and server time.

The page of a family with 3 children in 4 activities is compared with the
page of a family with 1 child in 1 activity, and with a month with more
open days. The query count must be the same for all three. Server time is the
median of in-process requests through the whole middleware stack, compared
with a static page of the same size served by the same stack.
"""

import statistics
import time
from datetime import date

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from . import harness

RUNS = 30
# The family month planning page, and the two months measured.
PLANNING_PATH = "/famille/planning/"
SHORT_MONTH = date(2027, 2, 1)  # 20 weekdays
LONG_MONTH = date(2027, 3, 1)  # 23 weekdays


def month_query(month):
    return {"view": "month", "date": f"{month:%Y-%m-%d}"}


def seed_family(name, children_count, activities):
    """Create a validated family whose children are enrolled in `activities`.

    Each child is booked every other open day of February and March 2027.
    """
    from django.utils import timezone

    from accounts.models import Role, User
    from activities.calendar import OpeningCalendar
    from bookings.models import Booking, Enrolment
    from families.models import Child, Family, FamilyChild, Guardian

    now = timezone.now()
    user = User.objects.create(
        email=f"{name}@bench.example", role=Role.FAMILY, password="!"
    )
    family = Family.objects.create(
        account=user,
        status=Family.Status.VALIDATED,
        address_line1="1 place du Marché",
        postcode="63220",
        commune="Marsac-en-Livradois",
        rules_accepted_at=now,
    )
    Guardian.objects.create(family=family, rank=1, last_name=name, first_name="Parent")
    bookings = []
    for number in range(children_count):
        child = Child.objects.create(
            last_name=name,
            first_name=f"Enfant {number}",
            birth_date=date(2018, 1, 1),
            sex="F",
        )
        FamilyChild.objects.create(family=family, child=child)
        for activity in activities:
            Enrolment.objects.create(
                family=family,
                child=child,
                activity=activity,
                status=Enrolment.Status.ACTIVE,
                created_at=now,
            )
            unit = activity.units.first()
            days = OpeningCalendar(activity, SHORT_MONTH, date(2027, 3, 31)).open_days()
            bookings += [
                Booking(
                    family=family,
                    child=child,
                    activity=activity,
                    unit=unit,
                    day=day,
                    status=Booking.Status.BOOKED,
                    created_at=now,
                )
                for day in days[::2]
            ]
    Booking.objects.bulk_create(bookings)
    return user


def seed_activities():
    from activities.models import Activity, Structure, Unit

    structure = Structure.objects.create(
        name="Périscolaire (bench)", kind=Structure.Kind.AFTER_SCHOOL
    )
    activities = []
    for name, kind in [
        ("Matin", Unit.Kind.MORNING),
        ("Soir", Unit.Kind.EVENING),
        ("Mercredi", Unit.Kind.FULL_DAY),
        ("Espace jeunes", Unit.Kind.AFTERNOON),
    ]:
        activity = Activity.objects.create(
            structure=structure,
            name=name,
            start_date=date(2026, 9, 1),
            end_date=date(2027, 7, 3),
            weekdays=[0, 1, 2, 3, 4],
            school_calendar=Activity.SchoolCalendar.ALL_YEAR,
        )
        Unit.objects.create(activity=activity, name=name, kind=kind, capacity=24)
        activities.append(activity)
    return activities


def measure(client, path, query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, query)
    assert response.status_code == 200, (path, response.status_code)
    # Count now: the next requests empty the connection's query log.
    query_count = len(queries)
    timings = []
    for _run in range(RUNS):
        started = time.perf_counter()
        client.get(path, query)
        timings.append(time.perf_counter() - started)
    return response.content, query_count, statistics.median(timings)


def run():
    from bench import views

    harness.reset_database()
    activities = seed_activities()
    small = seed_family("petite", 1, activities[:1])
    large = seed_family("grande", 3, activities)

    results = {}
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(small)
    _page, small_queries, _time = measure(
        client, PLANNING_PATH, month_query(SHORT_MONTH)
    )
    client.force_login(large)
    page, large_queries, large_time = measure(
        client, PLANNING_PATH, month_query(SHORT_MONTH)
    )
    _page, long_month_queries, _time = measure(
        client, PLANNING_PATH, month_query(LONG_MONTH)
    )
    views.STATIC_COPY = page
    _copy, static_queries, static_time = measure(client, "/bench/static/", {})
    results = {
        "queries": {
            "1 child, 1 activity, February 2027": small_queries,
            "3 children, 4 activities, February 2027": large_queries,
            "3 children, 4 activities, March 2027": long_month_queries,
            "static page": static_queries,
        },
        "page_bytes": len(page),
        "median_ms": {
            "planning, 3 children, 4 activities": round(large_time * 1000, 2),
            "static page of the same size": round(static_time * 1000, 2),
        },
        "ratio_to_static": round(large_time / static_time, 1),
        "runs": RUNS,
    }
    return results
