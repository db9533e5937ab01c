"""The opening calendar of an activity: which days it opens, and why not.

A day in the activity's period is open when staff added it as an extra
opening day. Otherwise it must be one of the activity's weekdays, fit its
school calendar (term time, holidays only or all year), be no French public
holiday and fall in no closure. Closures and extra opening days of a heading
apply to every activity under it.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .french_calendar import days_between, is_school_holiday, public_holiday_name
from .models import Activity, Closure, ExtraOpening


@dataclass(frozen=True)
class DayStatus:
    day: object
    is_open: bool
    reason: str = ""


class OpeningCalendar:
    """Open days of one activity between two dates, loaded in two queries.

    `calendars_for` builds the calendars of many activities at once from
    preloaded `closures` and `extra_openings`.
    """

    def __init__(self, activity, start, end, *, closures=None, extra_openings=None):
        self.activity = activity
        self.start = start
        self.end = end
        if closures is None or extra_openings is None:
            ancestors = activity.ancestor_ids()
            closures = Closure.objects.filter(
                Q(activity_id__in=ancestors),
                start_date__lte=end,
                end_date__gte=start,
            ).order_by("start_date", "id")
            extra_openings = ExtraOpening.objects.filter(
                activity_id__in=ancestors, day__range=(start, end)
            )
        self.closures = list(closures)
        self.extra_openings = {opening.day: opening for opening in extra_openings}

    def status(self, day):
        """Return a DayStatus telling whether `day` is open, and why not."""
        activity = self.activity
        if not activity.has_period or not (
            activity.start_date <= day <= activity.end_date
        ):
            return DayStatus(day, False, self._outside_period())
        if day in self.extra_openings:
            return DayStatus(day, True)
        if day.weekday() not in activity.weekdays:
            return DayStatus(
                day,
                False,
                _("l'activité n'a pas lieu le %(weekday)s")
                % {"weekday": date_format(day, "l")},
            )
        holiday = public_holiday_name(day)
        if holiday:
            return DayStatus(day, False, _("jour férié (%(name)s)") % {"name": holiday})
        in_holidays = is_school_holiday(day, activity.school_zone)
        calendar = activity.school_calendar
        if calendar == Activity.SchoolCalendar.TERM_TIME and in_holidays:
            return DayStatus(day, False, _("vacances scolaires"))
        if calendar == Activity.SchoolCalendar.HOLIDAYS and not in_holidays:
            return DayStatus(
                day, False, _("l'activité n'ouvre que pendant les vacances scolaires")
            )
        for closure in self.closures:
            if closure.start_date <= day <= closure.end_date:
                return DayStatus(
                    day, False, _("fermeture : %(reason)s") % {"reason": closure.reason}
                )
        return DayStatus(day, True)

    def is_open(self, day):
        return self.status(day).is_open

    def open_days(self):
        """Return the open days from start to end, in order."""
        return [day for day in days_between(self.start, self.end) if self.is_open(day)]

    def _outside_period(self):
        activity = self.activity
        if not activity.has_period:
            return _("cette activité n'a pas de période de réservation")
        return _("en dehors de la période de l'activité (du %(start)s au %(end)s)") % {
            "start": date_format(activity.start_date, "j F Y"),
            "end": date_format(activity.end_date, "j F Y"),
        }


def ancestor_map(activity_ids, parents=None):
    """Return {activity id: ids of the activity and of its headings}.

    `parents` maps every activity id to its parent id; it is read from the
    database in one query when not given.
    """
    if parents is None:
        parents = dict(Activity.objects.values_list("pk", "parent_id"))
    ancestors = {}
    for activity_id in activity_ids:
        chain = []
        node = activity_id
        while node is not None and node not in chain:
            chain.append(node)
            node = parents.get(node)
        ancestors[activity_id] = chain
    return ancestors


def calendars_for(activities, start, end, parents=None):
    """Return {activity id: OpeningCalendar} for `activities`, in three queries
    whatever their number (two when `parents` is given)."""
    activities = list(activities)
    if not activities:
        return {}
    ancestors = ancestor_map([activity.pk for activity in activities], parents)
    every_id = {node for chain in ancestors.values() for node in chain}
    closures = list(
        Closure.objects.filter(
            activity_id__in=every_id, start_date__lte=end, end_date__gte=start
        ).order_by("start_date", "id")
    )
    openings = list(
        ExtraOpening.objects.filter(activity_id__in=every_id, day__range=(start, end))
    )
    calendars = {}
    for activity in activities:
        chain = set(ancestors[activity.pk])
        calendars[activity.pk] = OpeningCalendar(
            activity,
            start,
            end,
            closures=[c for c in closures if c.activity_id in chain],
            extra_openings=[o for o in openings if o.activity_id in chain],
        )
    return calendars
