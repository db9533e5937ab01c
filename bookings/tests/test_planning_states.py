"""Cell states a first-time family met: documents, absences, full after a
cancellation, today, and the banner listing documents under review."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings import services
from bookings.models import Booking
from bookings.planning import Planning, State
from documents.models import DocumentType
from documents.testing import make_document, make_document_type
from portail.testing import make_family

from .factories import enrol_directly, fill, first_child, make_activity, unit

pytestmark = pytest.mark.django_db


def ahead(weeks=3, weekday=2):
    day = timezone.localdate() + timedelta(weeks=weeks)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def period():
    today = timezone.localdate()
    return {"start": today - timedelta(days=60), "end": today + timedelta(days=300)}


@pytest.fixture
def activity():
    return make_activity(**period())


@pytest.fixture
def family(activity):
    family = make_family()
    enrol_directly(family, first_child(family), activity)
    return family


def cell(family, activity, day):
    child = first_child(family)
    board = Planning(family, day, day, children=[child], activities=[activity])
    return board.cell(child, activity, unit(activity, "Soir"), day)


def book(family, activity, day):
    (result,) = services.book_days(
        family,
        first_child(family),
        activity,
        {day: [unit(activity, "Soir")]},
        actor=family.account,
    )
    return result.bookings[0]


def test_pending_document_blocks_day(client, family, activity):
    vaccinations = make_document_type(
        "Carnet de vaccinations", DocumentType.Scope.CHILD, activities=[activity]
    )
    make_document(family, vaccinations, child=first_child(family))
    day = ahead()
    client.force_login(family.account)

    page = client.get(
        reverse("bookings:book_days", args=[first_child(family).pk, activity.pk]),
        {"month": f"{day:%Y-%m}"},
    ).content.decode()

    assert cell(family, activity, day).state == State.DOCUMENTS
    assert not cell(family, activity, day).bookable
    assert "Réservation bloquée : pièces justificatives manquantes" in page
    assert "Carnet de vaccinations" in page
    assert 'name="slot"' not in page
    assert "en attente de validation, réservation possible une fois validé" in page


def test_absence_shown_on_booked_cell(client, family, activity):
    day = ahead()
    book(family, activity, day)
    services.report_absence(
        family,
        first_child(family),
        start_date=day,
        end_date=day,
        reason="illness",
        units=[],
        comment="",
        actor=family.account,
    )

    found = cell(family, activity, day)

    assert found.state == State.BOOKED
    assert "absence signalée" in found.accessible_name


def test_cancelled_full_day_offers_waiting_list(family, activity):
    day = ahead()
    booking = book(family, activity, day)
    services.cancel_booking(family, booking, actor=family.account)
    soir = unit(activity, "Soir")
    fill(soir, day, soir.capacity, make_family())

    found = cell(family, activity, day)

    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CANCELLED
    assert found.state == State.FULL
    assert found.bookable
    assert "Complet" in found.accessible_name


def test_today_reads_booking_closed(family, activity):
    today = timezone.localdate()
    board = Planning(family, today, today, activities=[activity])

    late, _surcharged, reason = board._lateness(activity, today)

    assert late
    assert reason == "aujourd'hui : réservation close"


def test_enrolment_result_inside_activity(client):
    family = make_family()
    child = first_child(family)
    child.sex = "F"
    child.save()
    activity = make_activity(**period())
    client.force_login(family.account)

    response = client.post(
        reverse("bookings:enrol"), {"child": child.pk, "activity": activity.pk}
    )
    page = client.get(reverse("bookings:catalogue")).content.decode()
    article = page[page.index(f'id="activite-{activity.pk}"') :]

    assert response["Location"].endswith(f"#resultat-{activity.pk}")
    assert f'id="resultat-{activity.pk}"' in article
    assert "est inscrite à" in article
    assert "data-focus-on-load" in article
    assert "✓ Inscrite" in article
    assert "Sur pré-inscription" not in article


def test_absence_form_suggests_cancelling(client, family, activity):
    day = ahead()
    book(family, activity, day)
    client.force_login(family.account)
    url = reverse("bookings:report_absence")
    child = first_child(family)

    form_page = client.get(url, {"child": child.pk, "date": day.isoformat()})
    response = client.post(
        url,
        {"child": child.pk, "start_date": day.isoformat(), "reason": "illness"},
        follow=True,
    )
    text = response.content.decode()

    assert "peut encore être annulé sans frais" in form_page.content.decode()
    assert "(1 réservation concernée)" in text
    assert f"pour {child.first_name} le " in text
    assert "réservation(s)" not in text
    assert "arrivera avec" not in text


def test_cancelled_day_kept_when_documents_block(family, activity):
    day = ahead()
    booking = book(family, activity, day)
    services.cancel_booking(family, booking, actor=family.account)
    vaccinations = make_document_type(
        "Carnet de vaccinations", DocumentType.Scope.CHILD, activities=[activity]
    )
    make_document(family, vaccinations, child=first_child(family))

    found = cell(family, activity, day)

    assert found.state == State.CANCELLED
    assert not found.bookable
    assert found.reason == "Carnet de vaccinations"
