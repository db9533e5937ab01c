"""Booking the days of one child in one activity, under the slot locks."""

from django.utils.translation import gettext as _

from activities.calendar import OpeningCalendar
from activities.deadlines import day_start
from activities.models import Activity

from .capacity import booked_counts
from .gates import documents_checker
from .models import Booking, WaitingRequest
from .results import DayResult
from .rules import documents_message, format_day, format_moment


class DayBooker:
    """Books the days of one child in one activity, under the slot locks.

    Staff bookings skip the booking deadline and may exceed the capacity with
    a recorded reason. A late staff booking is still surcharged when the
    activity's late booking policy is the surcharge.
    """

    def __init__(self, family, child, activity, selection, *, actor, now, staff):
        self.family = family
        self.child = child
        self.activity = activity
        self.actor = actor
        self.now = now
        self.staff = staff
        self.override_reason = ""
        days = [day for day, _units in selection]
        self.calendar = OpeningCalendar(activity, days[0], days[-1])
        self.missing_documents = documents_checker(family, child, activity)
        self.counts = None
        self.unsaved = []
        self.unsaved_requests = []
        self.existing_pairs = set()
        self.waiting_days = set()

    def refuse(self, day, message):
        return DayResult(day, DayResult.REFUSED, message=message)

    def precheck(self, day):
        """Check what needs no capacity: opening, deadline and documents.

        Runs before the slot locks, so that the locks are held only for the
        count and the writes. Returns (refusal DayResult or None, surcharged).
        """
        status = self.calendar.status(day)
        if not status.is_open:
            message = _("Le %(day)s n'est pas ouvert : %(reason)s.") % {
                "day": format_day(day),
                "reason": status.reason,
            }
            return self.refuse(day, message), False
        surcharged, problem = self._deadline(day)
        if problem:
            return self.refuse(day, problem), False
        missing = self.missing_documents(day)
        if missing:
            return self.refuse(day, documents_message(missing)), False
        return None, surcharged

    def load_under_lock(self, selection):
        """Read the counts and the child's own rows; the slots must be locked.

        Read under the lock, a double submission of the same days sees the
        first one's rows instead of failing on the unique constraint.
        """
        days = [day for day, _units in selection]
        pairs = [(unit.pk, day) for day, units in selection for unit in units]
        self.counts = booked_counts(pairs)
        self.existing_pairs = set(
            Booking.objects.filter(
                child=self.child,
                unit__activity=self.activity,
                day__in=days,
                status__in=[Booking.Status.BOOKED, Booking.Status.WAITING],
            ).values_list("unit_id", "day")
        )
        self.waiting_days = set(
            WaitingRequest.objects.filter(
                child=self.child,
                activity=self.activity,
                day__in=days,
                status=WaitingRequest.Status.WAITING,
            ).values_list("day", flat=True)
        )

    def flush(self):
        """Insert the rows that book() prepared, in three INSERTs at most.

        Their ids are set afterwards, in the DayResults too.
        """
        requests = [request for request, _rows in self.unsaved_requests]
        WaitingRequest.objects.bulk_create(requests)
        for request, rows in self.unsaved_requests:
            for row in rows:
                row.waiting_request = request
            self.unsaved.extend(rows)
        Booking.objects.bulk_create(self.unsaved)
        self.unsaved = []
        self.unsaved_requests = []

    def book(self, day, units, *, join_waiting_list, surcharged):
        """Book or put on the waiting list one prechecked day, under the lock."""
        units = [unit for unit in units if (unit.pk, day) not in self.existing_pairs]
        if not units:
            return self.refuse(
                day, _("Déjà réservé le %(day)s.") % {"day": format_day(day)}
            )
        if day in self.waiting_days:
            return self.refuse(
                day,
                _("Déjà en liste d'attente le %(day)s.") % {"day": format_day(day)},
            )
        full = [u for u in units if self.counts[(u.pk, day)] >= u.capacity]
        if not full or self.override_reason:
            return self._create(day, units, surcharged, overridden=full)
        if join_waiting_list and self.activity.waiting_list_enabled:
            return self._wait(day, units, surcharged)
        return self.refuse(day, self._full_message(day, full))

    def _deadline(self, day):
        """Return (surcharged, refusal message or "") for booking `day` now."""
        deadline = self.activity.booking_deadline_for(day)
        if self.now < deadline:
            return False, ""
        surcharge = self.activity.late_booking == Activity.LateBooking.SURCHARGE
        if self.staff:
            return surcharge, ""
        if surcharge and self.now < day_start(day):
            return True, ""
        return False, _(
            "Le délai de réservation du %(day)s est dépassé depuis le %(deadline)s."
        ) % {"day": format_day(day), "deadline": format_moment(deadline)}

    def _full_message(self, day, full):
        message = _("Complet le %(day)s (%(units)s).") % {
            "day": format_day(day),
            "units": ", ".join(unit.name for unit in full),
        }
        if self.staff:
            return (
                message
                + " "
                + _(
                    "Pour dépasser la capacité, cochez le dépassement et "
                    "donnez le motif."
                )
            )
        if self.activity.waiting_list_enabled:
            return message + " " + _("Vous pouvez demander la liste d'attente.")
        return message

    def _create(self, day, units, surcharged, overridden):
        overridden = {unit.pk for unit in overridden}
        rows = [
            Booking(
                family=self.family,
                child=self.child,
                activity=self.activity,
                unit=unit,
                day=day,
                status=Booking.Status.BOOKED,
                surcharged=surcharged,
                created_at=self.now,
                booked_by=self.actor,
                capacity_override=unit.pk in overridden,
                override_by=self.actor if unit.pk in overridden else None,
                override_reason=self.override_reason if unit.pk in overridden else "",
            )
            for unit in units
        ]
        # Written together by flush(), in one INSERT for the whole request.
        self.unsaved.extend(rows)
        for unit in units:
            self.counts[(unit.pk, day)] += 1
            self.existing_pairs.add((unit.pk, day))
        return DayResult(day, DayResult.BOOKED, bookings=rows, surcharged=surcharged)

    def _wait(self, day, units, surcharged):
        request = WaitingRequest(
            family=self.family,
            child=self.child,
            activity=self.activity,
            day=day,
            requested_at=self.now,
        )
        rows = [
            Booking(
                family=self.family,
                child=self.child,
                activity=self.activity,
                unit=unit,
                day=day,
                status=Booking.Status.WAITING,
                surcharged=surcharged,
                created_at=self.now,
                booked_by=self.actor,
            )
            for unit in units
        ]
        # Written together by flush(); the rank is set after the commit.
        self.unsaved_requests.append((request, rows))
        self.waiting_days.add(day)
        self.existing_pairs.update((unit.pk, day) for unit in units)
        return DayResult(
            day,
            DayResult.WAITING,
            bookings=rows,
            waiting_request=request,
            surcharged=surcharged,
        )
