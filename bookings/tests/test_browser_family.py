"""A family books, cancels, waits, is promoted and reports an absence, in
Chromium at 360 px, with an axe-core check after every page load."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from activities.deadlines import DeadlineKind
from bookings import services
from bookings.models import Absence, Booking, WaitingRequest
from portail.testing import PASSWORD, make_family

from .factories import enrol_directly, fill, first_child, make_activity, rule, unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def weekday_ahead(weekday, weeks):
    day = timezone.localdate() + timedelta(weeks=weeks)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def long_day(day):
    with translation.override("fr"):
        return date_format(day, "l j F Y")


def test_family_books_cancels_waits_and_reports(browser_page):
    today = timezone.localdate()
    activity = make_activity(
        name="Mercredis loisirs",
        start=today - timedelta(days=30),
        end=today + timedelta(days=120),
        weekdays=(0, 2),
        cancellation_deadline=rule(DeadlineKind.CALENDAR_DAYS, days=2),
    )
    evening = unit(activity, "Soir")
    family = make_family(email="famille@test.example")
    child = first_child(family)
    enrol_directly(family, child, activity)
    occasional_day = weekday_ahead(2, 3)
    full_day = weekday_ahead(2, 4)
    other = make_family()
    enrol_directly(other, first_child(other), activity)
    (other_result,) = services.book_days(
        other, first_child(other), activity, {full_day: [evening]}, actor=other.account
    )
    fill(evening, full_day, 23, make_family(children=0))

    ui = browser_page
    page = ui.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill("famille@test.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    ui.check()

    # Occasional days: pick, tick, check the summary, confirm.
    page.get_by_role("link", name="Réserver", exact=True).first.click()
    ui.check()
    page.get_by_label("Mercredis loisirs").check()
    page.get_by_role("button", name="Réserver une nouvelle activité").click()
    ui.check()
    while not page.get_by_label(re.compile(long_day(occasional_day))).count():
        page.get_by_role("button", name="Mois suivant").click()
        ui.check()
    page.get_by_label(re.compile(long_day(occasional_day))).check()
    page.get_by_role("button", name="Valider", exact=True).click()
    ui.check()
    assert page.get_by_text("1 jour choisi").is_visible()
    page.get_by_role("button", name="Valider mon inscription").click()
    ui.check()
    assert page.get_by_text("1 jour réservé").is_visible()
    assert Booking.objects.filter(child=child, day=occasional_day).exists()

    # Whole activity: Mondays, one day unticked.
    page = ui.goto(f"/famille/reserver/{child.pk}/{activity.pk}/toute-l-activite/")
    page.get_by_label("Lundi").check()
    page.get_by_role("button", name="Afficher les jours").click()
    ui.check()
    first_monday = weekday_ahead(0, 1)
    page.locator(f"#day-{first_monday:%Y%m%d}").uncheck()
    page.get_by_role("button", name="Valider mon inscription").click()
    ui.check()
    assert page.get_by_role("heading", name="Jours réservés").is_visible()
    mondays = Booking.objects.filter(child=child, day__week_day=2)
    assert mondays.exists()
    assert not mondays.filter(day=first_monday).exists()

    # Planning: cancel in place with htmx, then join a waiting list.
    page = ui.goto(f"/famille/planning/?view=month&date={occasional_day}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role(
        "button", name=re.compile(f"{long_day(occasional_day)}.*Annuler")
    ).click()
    status = page.locator("#live-status")
    status.get_by_text("annulée sans frais").wait_for()
    cell = page.locator(f"#case-{child.pk}-{evening.pk}-{occasional_day:%Y%m%d}")
    assert "Annulé" in cell.inner_text()
    ui.check()
    page = ui.goto(f"/famille/planning/?view=month&date={full_day}")
    page.get_by_role(
        "button", name=re.compile(f"{long_day(full_day)}.*Rejoindre")
    ).click()
    status.get_by_text("rang 1").wait_for()
    ui.check()
    waiting = WaitingRequest.objects.get(child=child)

    # Another family cancels: the place goes to this child.
    services.cancel_booking(other, other_result.bookings[0], actor=other.account)
    waiting.refresh_from_db()
    assert waiting.status == WaitingRequest.Status.PROMOTED
    page = ui.goto(f"/famille/planning/?view=month&date={full_day}")
    full_cell = page.locator(f"#case-{child.pk}-{evening.pk}-{full_day:%Y%m%d}")
    assert "Réservé" in full_cell.inner_text()

    # Absence on a booked day.
    page.get_by_role("link", name="Signaler une absence").first.click()
    ui.check()
    page.get_by_label("Premier jour d'absence").fill(full_day.isoformat())
    page.get_by_label("Motif").select_option("illness")
    page.get_by_role("button", name="Signaler l'absence").click()
    ui.check()
    assert page.get_by_text("Absence signalée pour Enfant1").is_visible()
    assert Absence.objects.filter(child=child, start_date=full_day).exists()
