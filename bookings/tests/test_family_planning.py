"""The family's planning and its cell actions, with and without htmx."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.deadlines import DeadlineKind
from bookings import services
from bookings.models import Absence, Booking, Enrolment, WaitingRequest
from bookings.planning import cell_id
from portail.testing import make_family

from .factories import enrol_directly, fill, first_child, make_activity, rule, unit

pytestmark = pytest.mark.django_db


def ahead(weeks=3, weekday=2):
    day = timezone.localdate() + timedelta(weeks=weeks)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def period():
    today = timezone.localdate()
    return {"start": today - timedelta(days=60), "end": today + timedelta(days=300)}


@pytest.fixture
def activity():
    return make_activity(
        cancellation_deadline=rule(DeadlineKind.CALENDAR_DAYS, days=2), **period()
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


def book(family, activity, day, unit_name="Soir"):
    (result,) = services.book_days(
        family,
        first_child(family),
        activity,
        {day: [unit(activity, unit_name)]},
        actor=family.account,
    )
    return result.bookings[0]


def month_url(child=None, day=None):
    query = {"view": "month", "date": (day or ahead()).isoformat()}
    if child is not None:
        query["child"] = child.pk
    return reverse("bookings:planning"), query


def test_month_page_shows_accessible_cell(signed_in, family, activity):
    day = ahead()
    booking = book(family, activity, day)
    url, query = month_url()

    page = signed_in.get(url, query).content.decode()

    assert f'id="{cell_id(booking.child_id, booking.unit_id, day)}"' in page
    assert "Réservé" in page
    assert "annulable sans frais" in page
    assert "Légende" in page


def test_cancel_with_htmx_swaps_the_cell(signed_in, family, activity):
    day = ahead()
    booking = book(family, activity, day)

    response = signed_in.post(
        reverse("bookings:cancel", args=[booking.pk]),
        {"next": "/famille/planning/"},
        HTTP_HX_REQUEST="true",
    )

    text = response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert response.status_code == 200
    assert 'hx-swap-oob="true"' in text
    assert "Annulé" in text
    assert 'id="live-status" hx-swap-oob="innerHTML"' in text
    assert "annulée sans frais" in text


def test_cancel_without_javascript_confirms_then_redirects(signed_in, family, activity):
    booking = book(family, activity, ahead())
    url = reverse("bookings:cancel", args=[booking.pk])

    confirm_page = signed_in.get(url, {"next": "/famille/planning/"})
    response = signed_in.post(url, {"next": "/famille/planning/"})

    booking.refresh_from_db()
    assert confirm_page.status_code == 200
    assert "Confirmer l'annulation" in confirm_page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == "/famille/planning/"
    assert booking.status == Booking.Status.CANCELLED


def test_cancel_after_deadline_refused_with_absence_pointer(signed_in, family):
    late_rule = rule(DeadlineKind.CALENDAR_DAYS, days=60, clock=time(10, 0))
    activity = make_activity(cancellation_deadline=late_rule, **period())
    enrol_directly(family, first_child(family), activity)
    booking = book(family, activity, ahead())

    page = signed_in.get(reverse("bookings:cancel", args=[booking.pk]))
    response = signed_in.post(
        reverse("bookings:cancel", args=[booking.pk]), HTTP_HX_REQUEST="true"
    )

    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED
    assert "Signaler une absence" in page.content.decode()
    assert "Annulation impossible" in response.content.decode()
    assert "Non annulable" in response.content.decode()


def test_other_family_booking_answers_404(signed_in, activity):
    other = make_family()
    enrol_directly(other, first_child(other), activity)
    booking = book(other, activity, ahead())

    page = signed_in.get(reverse("bookings:cancel", args=[booking.pk]))
    post = signed_in.post(reverse("bookings:cancel", args=[booking.pk]))

    booking.refresh_from_db()
    assert page.status_code == 404
    assert post.status_code == 404
    assert booking.status == Booking.Status.BOOKED


def test_join_and_leave_waiting_list(signed_in, family, activity):
    day = ahead()
    evening = unit(activity, "Soir")
    fill(evening, day, 24, make_family(children=0))
    child = first_child(family)

    joined = signed_in.post(
        reverse("bookings:join_waiting_list"),
        {
            "child": child.pk,
            "activity": activity.pk,
            "day": day.isoformat(),
            "unit": evening.pk,
        },
        HTTP_HX_REQUEST="true",
    )
    request = WaitingRequest.objects.get(child=child)
    left = signed_in.post(reverse("bookings:leave_waiting_list", args=[request.pk]))

    request.refresh_from_db()
    assert "rang 1" in joined.content.decode()
    assert "Liste d&#x27;attente" in joined.content.decode()
    assert left.status_code == 302
    assert request.status == WaitingRequest.Status.WITHDRAWN


def test_join_waiting_list_for_other_family_child_404(signed_in, activity):
    stranger = first_child(make_family())
    day = ahead()

    response = signed_in.post(
        reverse("bookings:join_waiting_list"),
        {
            "child": stranger.pk,
            "activity": activity.pk,
            "day": day.isoformat(),
            "unit": unit(activity, "Soir").pk,
        },
    )

    assert response.status_code == 404
    assert not WaitingRequest.objects.exists()


def test_report_absence(signed_in, family, activity):
    day = ahead()
    book(family, activity, day)

    response = signed_in.post(
        reverse("bookings:report_absence"),
        {
            "child": first_child(family).pk,
            "start_date": day.isoformat(),
            "reason": Absence.Reason.ILLNESS,
        },
    )

    absence = Absence.objects.get()
    assert response.status_code == 302
    assert absence.start_date == day
    assert absence.bookings.count() == 1


def test_report_absence_without_booking_keeps_input(signed_in, family):
    day = ahead()

    response = signed_in.post(
        reverse("bookings:report_absence"),
        {
            "child": first_child(family).pk,
            "start_date": day.isoformat(),
            "reason": Absence.Reason.ILLNESS,
            "comment": "Fièvre",
        },
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "aucune réservation" in text
    assert "Fièvre" in text
    assert not Absence.objects.exists()


def test_enrol_direct_and_pre_registration(signed_in, family):
    direct = make_activity(**period())
    pre = make_activity(enrolment_mode="pre_registration", **period())
    child = first_child(family)

    for activity in (direct, pre):
        signed_in.post(
            reverse("bookings:enrol"), {"child": child.pk, "activity": activity.pk}
        )
    page = signed_in.get(reverse("bookings:catalogue")).content.decode()

    statuses = dict(
        Enrolment.objects.filter(child=child).values_list("activity_id", "status")
    )
    assert statuses[direct.pk] == Enrolment.Status.ACTIVE
    assert statuses[pre.pk] == Enrolment.Status.PENDING
    assert "Pré-inscription en attente de validation" in page


# Query count ---------------------------------------------------------------


def month_queries(client, family):
    url, query = month_url(day=ahead(weeks=2))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(queries), response.content.decode().count('class="planning-section"')


def populate(family, activities, children):
    """Enrol `children` new children in `activities` and book a week each."""
    from families.models import Child

    for index in range(children):
        child = Child.objects.create(
            last_name="Test",
            first_name=f"Enfant{index + 2}",
            birth_date=first_child(family).birth_date,
            sex=Child.Sex.GIRL,
        )
        family.children.add(child)
    for child in family.children.all():
        for activity in activities:
            if not Enrolment.objects.filter(child=child, activity=activity).exists():
                enrol_directly(family, child, activity)
            services.book_days(
                family,
                child,
                activity,
                {ahead(2, d): list(activity.units.all()) for d in range(5)},
                actor=family.account,
            )


def deadlined_activity():
    return make_activity(
        booking_deadline=rule(DeadlineKind.WORKING_DAYS, days=2),
        cancellation_deadline=rule(DeadlineKind.CALENDAR_DAYS, days=2),
        **period(),
    )


def test_month_query_count_constant(client):
    small = make_family()
    one = [deadlined_activity()]
    populate(small, one, children=0)
    big = make_family()
    four = [deadlined_activity() for _ in range(4)]
    populate(big, four, children=2)
    full_day = ahead(3, 1)
    fill(unit(four[0], "Soir"), full_day, 24, make_family(children=0))
    services.join_waiting_list(
        big,
        first_child(big),
        four[0],
        full_day,
        [unit(four[0], "Soir")],
        actor=big.account,
    )

    client.force_login(small.account)
    small_count, small_sections = month_queries(client, small)
    client.force_login(big.account)
    big_count, big_sections = month_queries(client, big)

    assert small_sections == 1
    assert big_sections == 12
    assert big_count == small_count
