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


def test_summary_shows_day_states(signed_in, family, activity):
    child = first_child(family)
    evening = unit(activity, "Soir")
    free, full = next_weekday(0), next_weekday(1)
    fill(evening, full, 24, make_family(children=0))
    url = reverse("bookings:book_days_summary", args=[child.pk, activity.pk])

    page = signed_in.get(url, {"slot": [slot(free, evening), slot(full, evening)]})

    text = page.content.decode()
    assert page.status_code == 200
    assert "Disponible" in text
    assert "Complet" in text
    assert 'name="waiting_list"' in text


def test_calendar_keeps_ticked_days_across_months(signed_in, family, activity):
    child = first_child(family)
    evening = unit(activity, "Soir")
    ticked = slot(next_weekday(0, weeks_ahead=10), evening)
    url = reverse("bookings:book_days", args=[child.pk, activity.pk])

    page = signed_in.get(url, {"slot": ticked}).content.decode()

    assert f'value="{ticked}"' in page


@pytest.mark.parametrize(
    "case", ["closed", "full", "late", "not_enrolled", "other_child", "bad_slot"]
)
def test_refused_confirm_changes_nothing(signed_in, family, activity, case):
    child = first_child(family)
    evening = unit(activity, "Soir")
    day = next_weekday(2)
    if case == "closed":
        Closure.objects.create(
            activity=activity, start_date=day, end_date=day, reason="travaux"
        )
    elif case == "full":
        fill(evening, day, 24, make_family(children=0))
    elif case == "late":
        day = timezone.localdate()
    elif case == "not_enrolled":
        Enrolment.objects.filter(child=child).delete()
    elif case == "other_child":
        child = first_child(make_family())
    slots = ["2026-13-45:x"] if case == "bad_slot" else [slot(day, evening)]
    before = snapshot()

    response = confirm(signed_in, child, activity, slots)

    assert snapshot() == before
    if case == "other_child":
        assert response.status_code == 404
        return
    if case == "not_enrolled":
        assert response.status_code == 400
        assert "pas inscrit" in response.content.decode()
        return
    if case == "bad_slot":
        assert response.status_code == 302
        follow = signed_in.get(response["Location"]).content.decode()
        assert "invalide" in follow
        return
    assert response.status_code == 303
    result = signed_in.get(response["Location"]).content.decode()
    assert "1 non réservé" in result
    expected = {"closed": "travaux", "full": "Complet", "late": "délai"}[case]
    assert expected in result


def test_full_day_goes_to_waiting_list(signed_in, family, activity):
    child = first_child(family)
    evening = unit(activity, "Soir")
    day = next_weekday(3)
    fill(evening, day, 24, make_family(children=0))

    response = confirm(
        signed_in, child, activity, [slot(day, evening)], waiting_list="1"
    )

    assert response.status_code == 303
    request = WaitingRequest.objects.get(child=child)
    assert request.day == day
    assert "rang 1" in signed_in.get(response["Location"]).content.decode()


def test_whole_activity_lists_bookings_and_skipped(signed_in, family, activity):
    child = first_child(family)
    evening = unit(activity, "Soir")
    start = next_weekday(0)
    closed = start + timedelta(days=7)
    unticked = start + timedelta(days=14)
    Closure.objects.create(
        activity=activity, start_date=closed, end_date=closed, reason="travaux"
    )
    page = signed_in.get(
        reverse("bookings:book_whole", args=[child.pk, activity.pk]),
        {"weekday": "0", "unit": str(evening.pk)},
    ).content.decode()
    assert f'name="day" value="{start:%Y-%m-%d}"' in page
    days = [
        d for d in (start + timedelta(days=7 * w) for w in range(4)) if d != unticked
    ]

    response = signed_in.post(
        reverse("bookings:book_whole_confirm"),
        {
            "child": child.pk,
            "activity": activity.pk,
            "weekday": "0",
            "unit": str(evening.pk),
            "day": [d.isoformat() for d in days],
        },
    )

    assert response.status_code == 303
    booked = set(
        Booking.objects.filter(child=child, status="booked").values_list(
            "day", flat=True
        )
    )
    assert start in booked
    assert closed not in booked
    assert unticked not in booked
    result = signed_in.get(response["Location"]).content.decode()
    assert "travaux" in result


def test_whole_activity_other_family_child_404(signed_in, activity):
    stranger = first_child(make_family())
    before = snapshot()

    response = signed_in.post(
        reverse("bookings:book_whole_confirm"),
        {"child": stranger.pk, "activity": activity.pk, "weekday": "0"},
    )

    assert response.status_code == 404
    assert snapshot() == before


def test_start_page_redirects_to_calendar(signed_in, family, activity):
    child = first_child(family)

    response = signed_in.get(
        reverse("bookings:book_start"),
        {"child": child.pk, "activity": activity.pk, "kind": "days"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "bookings:book_days", args=[child.pk, activity.pk]
    )


def test_start_page_refuses_activity_not_enrolled(signed_in, family):
    other = make_activity()

    response = signed_in.get(
        reverse("bookings:book_start"),
        {"child": first_child(family).pk, "activity": other.pk},
    )

    assert response.status_code == 200
    assert "pas inscrit" in response.content.decode()


def test_calendar_has_no_form_inside_the_booking_form(signed_in, family, activity):
    child = first_child(family)
    day = next_weekday(0)
    confirm(signed_in, child, activity, [slot(day, unit(activity, "Soir"))])
    url = reverse("bookings:book_days", args=[child.pk, activity.pk])

    page = signed_in.get(url, {"month": f"{day:%Y-%m}"}).content.decode()

    booking_form = page.split('action="' + url + 'recapitulatif/"', 1)[1]
    booking_form = booking_form.split("</form>", 1)[0]
    assert "<form" not in booking_form
    booking = Booking.objects.get(day=day)
    assert reverse("bookings:cancel", args=[booking.pk]) in booking_form


def test_month_link_keeps_the_chosen_day(signed_in):
    day = next_weekday(4)

    page = signed_in.get(
        reverse("bookings:planning"), {"view": "week", "date": day.isoformat()}
    ).content.decode()

    assert f"view=month&amp;date={day:%Y-%m-%d}" in page
