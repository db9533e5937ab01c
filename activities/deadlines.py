"""Booking and cancellation deadlines of an activity day.

A deadline is an aware datetime in Europe/Paris. An action is on time when
it happens strictly before it: 09:59:59 is on time for a 10:00 deadline,
and 10:00:00 is late. The functions only read the calendar, never the
database.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

from .french_calendar import is_working_day, monday_of

PARIS = ZoneInfo("Europe/Paris")


class DeadlineKind(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", _("N jours avant, à l'heure indiquée")
    WORKING_DAYS = (
        "working_days",
        _("N jours ouvrés avant (hors week-ends et jours fériés), à l'heure indiquée"),
    )
    PREVIOUS_WEEK = (
        "previous_week",
        _("Un jour de la semaine précédente, à l'heure indiquée"),
    )


def at_time(day, clock):
    """Return `day` at `clock`, aware in Europe/Paris."""
    return datetime.combine(day, clock, tzinfo=PARIS)


def day_start(day):
    """Return midnight at the start of `day` in Europe/Paris."""
    return at_time(day, time(0, 0))


def compute_deadline(kind, day, *, days=0, weekday=0, clock=time(0, 0)):
    """Return the deadline for `day` under one rule.

    `days` counts calendar days or working days (Monday to Friday minus French
    public holidays) before `day`; `weekday` (0 = Monday) picks a day of the
    week before the one that contains `day`.
    """
    if kind == DeadlineKind.CALENDAR_DAYS:
        return at_time(day - timedelta(days=days), clock)
    if kind == DeadlineKind.WORKING_DAYS:
        current = day
        remaining = days
        while remaining > 0:
            current -= timedelta(days=1)
            if is_working_day(current):
                remaining -= 1
        return at_time(current, clock)
    if kind == DeadlineKind.PREVIOUS_WEEK:
        return at_time(monday_of(day) - timedelta(days=7 - weekday), clock)
    raise ValueError(f"Unknown deadline kind: {kind!r}")


def deadline_for(rule, day):
    """Return the deadline of `rule` (a DeadlineRule) for `day`.

    Without a rule the deadline is the start of the day itself.
    """
    if rule is None:
        return day_start(day)
    return compute_deadline(
        rule.kind, day, days=rule.days, weekday=rule.weekday, clock=rule.time
    )
