from datetime import date

import pytest

from activities.calendar import OpeningCalendar
from activities.models import Activity, Closure, ExtraOpening, Structure

pytestmark = pytest.mark.django_db


def make_activity(calendar=Activity.SchoolCalendar.TERM_TIME, **fields):
    structure, _created = Structure.objects.get_or_create(
        name="Accueil de test", defaults={"kind": Structure.Kind.LEISURE_CENTRE}
    )
    heading, _created = Activity.objects.get_or_create(name="Rubrique")
    return Activity.objects.create(
        parent=heading,
        structure=structure,
        name=fields.pop("name", "Soir"),
        start_date=date(2026, 9, 1),
        end_date=date(2027, 7, 3),
        school_calendar=calendar,
        **{"weekdays": [0, 1, 3, 4], **fields},
    )


def test_term_time_closed_in_school_holidays():
    activity = make_activity()
    calendar = OpeningCalendar(activity, date(2026, 10, 12), date(2026, 11, 6))

    days = calendar.open_days()

    assert date(2026, 10, 16) in days
    # Toussaint holidays of zone A: 17 Oct to 1 Nov 2026.
    assert date(2026, 10, 19) not in days
    assert calendar.status(date(2026, 10, 19)).reason == "vacances scolaires"
    assert date(2026, 11, 2) in days


def test_holiday_activity_opens_only_in_holidays():
    activity = make_activity(
        Activity.SchoolCalendar.HOLIDAYS, weekdays=[0, 1, 2, 3, 4], name="Vacances"
    )
    calendar = OpeningCalendar(activity, date(2026, 10, 12), date(2026, 11, 6))

    days = calendar.open_days()

    assert days[0] == date(2026, 10, 19)
    assert days[-1] == date(2026, 10, 30)
    assert len(days) == 10


def test_public_holiday_closed_with_name():
    activity = make_activity(Activity.SchoolCalendar.ALL_YEAR, weekdays=[2])
    calendar = OpeningCalendar(activity, date(2026, 11, 9), date(2026, 11, 13))

    status = calendar.status(date(2026, 11, 11))

    assert not status.is_open
    assert status.reason == "jour férié (Armistice)"


def test_weekday_not_open():
    activity = make_activity()
    status = OpeningCalendar(activity, date(2026, 9, 1), date(2026, 9, 30)).status(
        date(2026, 9, 9)
    )

    assert not status.is_open
    assert status.reason == "l'activité n'a pas lieu le mercredi"


def test_outside_period():
    activity = make_activity()
    status = OpeningCalendar(activity, date(2026, 8, 1), date(2026, 9, 30)).status(
        date(2026, 8, 31)
    )

    assert not status.is_open
    assert "en dehors de la période" in status.reason


def test_heading_closure_applies_to_children():
    activity = make_activity()
    Closure.objects.create(
        activity=activity.parent,
        start_date=date(2026, 9, 14),
        end_date=date(2026, 9, 15),
        reason="formation des animateurs",
    )
    calendar = OpeningCalendar(activity, date(2026, 9, 1), date(2026, 9, 30))

    assert not calendar.is_open(date(2026, 9, 14))
    assert calendar.status(date(2026, 9, 15)).reason == (
        "fermeture : formation des animateurs"
    )
    assert calendar.is_open(date(2026, 9, 17))


def test_extra_opening_overrides_calendar():
    activity = make_activity()
    ExtraOpening.objects.create(
        activity=activity, day=date(2026, 10, 21), reason="stage"
    )
    calendar = OpeningCalendar(activity, date(2026, 10, 19), date(2026, 10, 23))

    assert calendar.open_days() == [date(2026, 10, 21)]


def test_other_activity_closure_ignored():
    activity = make_activity()
    other = make_activity(name="Matin")
    Closure.objects.create(
        activity=other,
        start_date=date(2026, 9, 14),
        end_date=date(2026, 9, 14),
        reason="travaux",
    )

    assert OpeningCalendar(activity, date(2026, 9, 14), date(2026, 9, 14)).is_open(
        date(2026, 9, 14)
    )
