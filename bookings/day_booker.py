"""Booking the days of one child in one activity, under the slot locks."""

from django.utils.translation import gettext as _

from activities.calendar import OpeningCalendar
from activities.deadlines import day_start
from activities.models import Activity

from .capacity import booked_counts
from .gates import documents_checker
from .models import Booking, WaitingRequest
from .results import DayResult
from .rules import documents_message, format_day, format_moment, local_date


class DayBooker:
    """Books the days of one child in one activity, under the slot locks.

    Staff bookings skip the booking deadline and may exceed the capacity with
    a recorded reason. A late staff booking is still surcharged when the
    activity's late booking policy is the surcharge.

    While another child waits for a unit of a day, a new booking of that
    unit goes to the waiting list too: a place freed there belongs to the
    line. Only a staff booking with an override may go past it.
    """

    def __init__(self, family, child, activity, selection, *, actor, now, staff):
        self.family = family
        self.child = child
        self.activity = activity
        self.actor = actor
        self.now = now
        # When the request took its place in line: set under the slot locks.
        self.queued_at = now
        self.staff = staff
        self.override_reason = ""
        # Set by join_waiting_list on an activity not booked day by day, so
        # that a day with room is rejected instead of booked.
        self.waiting_only = False
        days = [day for day, _units in selection]
        self.calendar = OpeningCalendar(activity, days[0], days[-1])
        self.missing_documents = documents_checker(family, child, activity)
        self.counts = None
        self.unsaved = []
        self.unsaved_requests = []
        self.booked_pairs = set()
        # (unit id, day) -> the child's own WAITING Booking row.
        self.own_waiting = {}
        # (unit id, day) pairs another child waits for.
        self.queued_pairs = set()
        self.waiting_days = set()

    def refuse(self, day, message):
        return DayResult(day, DayResult.REFUSED, message=message)

    def precheck(self, day):
        """Check what needs no capacity: opening, deadline and documents.

        Runs before the slot locks, so that the locks are held only for the
        count and the writes. Returns (refusal DayResult or None, surcharged).
        """
        if not self.staff and day < local_date(self.now):
            return self.refuse(
                day, _("Le %(day)s est passé.") % {"day": format_day(day)}
            ), False
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
        rows = Booking.objects.filter(
            unit__activity=self.activity,
            day__in=days,
            status__in=[Booking.Status.BOOKED, Booking.Status.WAITING],
        )
        for row in rows.filter(child=self.child):
            if row.status == Booking.Status.BOOKED:
                self.booked_pairs.add((row.unit_id, row.day))
            else:
                self.own_waiting[(row.unit_id, row.day)] = row
        self.queued_pairs = set(
            rows.filter(status=Booking.Status.WAITING)
            .exclude(child=self.child)
            .values_list("unit_id", "day")
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
        waiting = [u for u in units if (u.pk, day) in self.own_waiting]
        if waiting and not self.override_reason:
            return self.refuse(day, self._waiting_message(day, waiting))
        new = [
            u
            for u in units
            if (u.pk, day) not in self.booked_pairs
            and (u.pk, day) not in self.own_waiting
        ]
        if not new and not waiting:
            return self.refuse(
                day, _("Déjà réservé le %(day)s.") % {"day": format_day(day)}
            )
        full = [u for u in new + waiting if self.counts[(u.pk, day)] >= u.capacity]
        queued = [u for u in new if (u.pk, day) in self.queued_pairs]
        if self.override_reason:
            taken = self._take(day, waiting, full)
            result = self._create(day, new, surcharged, overridden=full)
            result.bookings[:0] = taken
            return result
        if not full and not queued:
            if self.waiting_only:
                return self.refuse(day, self._has_room_message(day))
            return self._create(day, new, surcharged, overridden=[])
        if join_waiting_list and self.activity.waiting_list_enabled:
            if day in self.waiting_days:
                return self.refuse(day, self._waiting_message(day, []))
            return self._wait(day, new, surcharged)
        return self.refuse(day, self._full_message(day, full, queued))

    def _waiting_message(self, day, units):
        """Return the message for a child already waiting for `units` of `day`,
        or for another unit when `units` is empty. A child has one request
        per day."""
        if units:
            return _("Déjà en liste d'attente le %(day)s (%(units)s).") % {
                "day": format_day(day),
                "units": ", ".join(unit.name for unit in units),
            }
        return _(
            "Déjà en liste d'attente le %(day)s pour une autre unité : quittez "
            "la liste puis demandez toutes les unités ensemble."
        ) % {"day": format_day(day)}

    def _has_room_message(self, day):
        return _(
            "Il reste de la place le %(day)s : cette activité se réserve pour "
            "toute la période."
        ) % {"day": format_day(day)}

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

    def _full_message(self, day, full, queued=()):
        if full:
            message = _("Complet le %(day)s (%(units)s).") % {
                "day": format_day(day),
                "units": ", ".join(unit.name for unit in full),
            }
        else:
            message = _(
                "Le %(day)s, les places libres (%(units)s) reviennent d'abord "
                "aux enfants en liste d'attente."
            ) % {
                "day": format_day(day),
                "units": ", ".join(unit.name for unit in queued),
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

    def _take(self, day, units, full):
        """Book the child's own waiting rows of `units`, on a staff override.

        A request left without waiting rows counts as promoted.
        """
        if not units:
            return []
        full = {unit.pk for unit in full}
        rows = [self.own_waiting.pop((unit.pk, day)) for unit in units]
        for row in rows:
            overridden = row.unit_id in full
            row.status = Booking.Status.BOOKED
            row.promoted_at = self.now
            row.capacity_override = overridden
            row.override_by = self.actor if overridden else None
            row.override_reason = self.override_reason if overridden else ""
            row.save(
                update_fields=[
                    "status",
                    "promoted_at",
                    "capacity_override",
                    "override_by",
                    "override_reason",
                ]
            )
            self.counts[(row.unit_id, day)] += 1
            self.booked_pairs.add((row.unit_id, day))
        request_ids = {row.waiting_request_id for row in rows}
        WaitingRequest.objects.filter(pk__in=request_ids).exclude(
            bookings__status=Booking.Status.WAITING
        ).update(status=WaitingRequest.Status.PROMOTED, resolved_at=self.now)
        if not any(key[1] == day for key in self.own_waiting):
            self.waiting_days.discard(day)
        return rows

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
            self.booked_pairs.add((unit.pk, day))
        return DayResult(day, DayResult.BOOKED, bookings=rows, surcharged=surcharged)

    def _wait(self, day, units, surcharged):
        request = WaitingRequest(
            family=self.family,
            child=self.child,
            activity=self.activity,
            day=day,
            requested_at=self.queued_at,
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
        self.own_waiting.update(
            {(unit.pk, day): row for unit, row in zip(units, rows, strict=True)}
        )
        return DayResult(
            day,
            DayResult.WAITING,
            bookings=rows,
            waiting_request=request,
            surcharged=surcharged,
        )
