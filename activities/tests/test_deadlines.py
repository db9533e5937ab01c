from datetime import date, datetime, time

import pytest

from activities.deadlines import PARIS, DeadlineKind, compute_deadline, deadline_for
from activities.french_calendar import is_working_day
from activities.models import DeadlineRule


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Fri 8 May 2026 is Victory Day.
        (date(2026, 5, 11), paris(2026, 5, 6, 10, 0)),
        # Mon 6 Apr 2026 is Easter Monday, so the weekend and it are skipped.
        (date(2026, 4, 7), paris(2026, 4, 2, 10, 0)),
        # Thu 14 May 2026 is Ascension Day.
        (date(2026, 5, 15), paris(2026, 5, 12, 10, 0)),
        # A week without public holidays.
        (date(2026, 6, 4), paris(2026, 6, 2, 10, 0)),
    ],
)
def test_two_working_days_before(day, expected):
    deadline = compute_deadline(
        DeadlineKind.WORKING_DAYS, day, days=2, clock=time(10, 0)
    )

    assert deadline == expected
    assert deadline.tzinfo is PARIS


def test_calendar_days_before():
    day = date(2026, 10, 14)

    deadline = compute_deadline(
        DeadlineKind.CALENDAR_DAYS, day, days=7, clock=time(10, 0)
    )

    assert deadline == paris(2026, 10, 7, 10, 0)


def test_calendar_days_crosses_weekend_and_holiday():
    # 11 Nov 2026 (Armistice Day) is counted: calendar days skip nothing.
    deadline = compute_deadline(
        DeadlineKind.CALENDAR_DAYS, date(2026, 11, 12), days=2, clock=time(18, 30)
    )

    assert deadline == paris(2026, 11, 10, 18, 30)


@pytest.mark.parametrize(
    ("day", "weekday", "expected"),
    [
        # Wed 14 Oct 2026: Thursday of the week before is 8 Oct.
        (date(2026, 10, 14), 3, paris(2026, 10, 8, 12, 0)),
        # A Monday: still the week before, not the same week.
        (date(2026, 10, 12), 3, paris(2026, 10, 8, 12, 0)),
        # A Sunday belongs to the week that started on the Monday before.
        (date(2026, 10, 18), 0, paris(2026, 10, 5, 12, 0)),
    ],
)
def test_weekday_of_previous_week(day, weekday, expected):
    deadline = compute_deadline(
        DeadlineKind.PREVIOUS_WEEK, day, weekday=weekday, clock=time(12, 0)
    )

    assert deadline == expected


def test_deadline_keeps_local_time_across_dst():
    # Summer time ends on Sun 25 Oct 2026: 10:00 stays 10:00 in Paris.
    before = compute_deadline(
        DeadlineKind.CALENDAR_DAYS, date(2026, 10, 26), days=3, clock=time(10, 0)
    )
    after = compute_deadline(
        DeadlineKind.CALENDAR_DAYS, date(2026, 10, 28), days=1, clock=time(10, 0)
    )

    assert before.utcoffset().total_seconds() == 2 * 3600
    assert after.utcoffset().total_seconds() == 3600


def test_zero_working_days_is_same_day():
    deadline = compute_deadline(
        DeadlineKind.WORKING_DAYS, date(2026, 5, 11), days=0, clock=time(8, 0)
    )

    assert deadline == paris(2026, 5, 11, 8, 0)


def test_without_rule_deadline_is_midnight():
    assert deadline_for(None, date(2026, 5, 11)) == paris(2026, 5, 11, 0, 0)


def test_unknown_kind_raises():
    with pytest.raises(ValueError, match="bogus"):
        compute_deadline("bogus", date(2026, 5, 11))


def test_working_days():
    assert is_working_day(date(2026, 5, 7))
    assert not is_working_day(date(2026, 5, 8))
    assert not is_working_day(date(2026, 5, 9))
    assert not is_working_day(date(2026, 5, 25))


def test_rule_model_uses_its_fields():
    rule = DeadlineRule(kind=DeadlineKind.WORKING_DAYS, days=2, time=time(10, 0))

    assert rule.deadline(date(2026, 5, 11)) == paris(2026, 5, 6, 10, 0)
    assert str(rule) == "2 jours ouvrés avant, à 10:00"


def test_previous_week_rule_label():
    rule = DeadlineRule(kind=DeadlineKind.PREVIOUS_WEEK, weekday=3, time=time(12, 0))

    assert str(rule) == "jeudi de la semaine précédente, à 12:00"
