"""Use cases of enrolment, booking, waiting lists and absences.

Each public function is one transaction that checks every rule inside it,
against `now` (the time the request arrived, passed by the caller) or else
the clock at the moment of the write. A refusal raises a BookingError and
writes nothing. A multi-day booking instead returns one DayResult per day,
so one closed or full day does not stop the others.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from accounts.models import Role
from activities.models import Activity, Unit
from audit.services import record
from families.models import FamilyChild

from . import notifications
from .capacity import booked_counts, ensure_slots, lock_slots
from .day_booker import DayBooker
from .exceptions import (
    AlreadyDecided,
    AlreadyEnrolled,
    DeadlinePassed,
    InvalidRequest,
    NotAllowed,
    NotEligible,
    NotFound,
)
from .gates import missing_documents
from .models import Absence, Booking, Enrolment, WaitingRequest
from .results import CancellationResult, WholeActivityResult
from .rules import (
    MAX_DAYS_PER_REQUEST,
    check_bookable,
    check_enrolled,
    check_family_child,
    check_manages,
    clock,
    documents_message,
    eligibility_problem,
    format_day,
    format_moment,
    local_date,
)

# Part of this module's API, with the use cases below.
from .waiting import waiting_position

# Enrolment --------------------------------------------------------------------


def enrol(family, child, activity, *, actor, now=None):
    """Enrol `child` in `activity`: active at once, or pending a manager's decision.

    Raises NotFound, NotAllowed, InvalidRequest, NotEligible or
    AlreadyEnrolled, writing nothing.
    """
    now = clock(now)
    with transaction.atomic():
        check_family_child(family, child)
        check_bookable(activity)
        today = local_date(now)
        if activity.end_date < today:
            raise InvalidRequest(
                _("L'activité « %(activity)s » est terminée.")
                % {"activity": activity.name}
            )
        problem = eligibility_problem(child, activity, max(activity.start_date, today))
        if problem:
            raise NotEligible(problem)
        missing = missing_documents(family, child, activity, None)
        if missing:
            raise NotEligible(documents_message(missing))
        status = (
            Enrolment.Status.PENDING
            if activity.needs_pre_registration
            else Enrolment.Status.ACTIVE
        )
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(
                    family=family,
                    child=child,
                    activity=activity,
                    status=status,
                    created_at=now,
                    created_by=actor,
                )
        except IntegrityError:
            raise AlreadyEnrolled(
                _(
                    "Une inscription ou pré-inscription existe déjà pour %(child)s à « %(activity)s »."
                )
                % {"child": child.first_name, "activity": activity.name}
            ) from None
        record(
            actor,
            "enrolment.create",
            family=family,
            target=enrolment,
            child=child.pk,
            activity=activity.pk,
            status=status,
        )
    return enrolment


def decide_pre_registration(enrolment, *, manager, accept, reason="", now=None):
    """Accept or refuse a pending pre-registration; e-mail the family after commit.

    A refusal needs a reason. Only a manager of the activity's structure (or
    an administrator) may decide.
    """
    reason = (reason or "").strip()
    now = clock(now)
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("activity__structure", "family__account", "child")
            .get(pk=enrolment.pk)
        )
        check_manages(manager, enrolment.activity)
        if enrolment.status != Enrolment.Status.PENDING:
            raise AlreadyDecided(_("Cette pré-inscription a déjà été traitée."))
        if not accept and not reason:
            raise InvalidRequest(_("Indiquez le motif du refus."))
        enrolment.status = (
            Enrolment.Status.ACTIVE if accept else Enrolment.Status.REFUSED
        )
        enrolment.decided_at = now
        enrolment.decided_by = manager
        enrolment.decision_reason = reason
        enrolment.save(
            update_fields=["status", "decided_at", "decided_by", "decision_reason"]
        )
        record(
            manager,
            "enrolment.accept" if accept else "enrolment.refuse",
            family=enrolment.family,
            target=enrolment,
            reason=reason,
        )
        notifications.enrolment_decided(enrolment)
    return enrolment


# Booking ----------------------------------------------------------------------


def _resolve_units(activity, unit_ids, units=None):
    """Return the Units of `activity` named by `unit_ids`, sorted by id.

    `units` maps the activity's unit ids to Units, to load them once for a
    whole request.
    """
    unit_ids = {getattr(unit, "pk", unit) for unit in unit_ids}
    if not unit_ids:
        raise InvalidRequest(_("Choisissez au moins une unité."))
    if units is None:
        units = {unit.pk: unit for unit in Unit.objects.filter(activity=activity)}
    if not unit_ids <= set(units):
        raise InvalidRequest(_("Unité inconnue pour cette activité."))
    return [units[unit_id] for unit_id in sorted(unit_ids)]


def _normalise_selection(activity, selection):
    """Turn {day: units} or (day, units) pairs into a sorted list of (day, [Unit])."""
    items = selection.items() if hasattr(selection, "items") else selection
    merged = {}
    for day, unit_ids in items:
        merged.setdefault(day, set()).update(getattr(u, "pk", u) for u in unit_ids)
    if not merged:
        raise InvalidRequest(_("Choisissez au moins un jour."))
    if len(merged) > MAX_DAYS_PER_REQUEST:
        raise InvalidRequest(
            _("Une demande couvre au plus %(max)s jours.")
            % {"max": MAX_DAYS_PER_REQUEST}
        )
    units = {unit.pk: unit for unit in Unit.objects.filter(activity=activity)}
    return [
        (day, _resolve_units(activity, merged[day], units)) for day in sorted(merged)
    ]


def _check_request(family, child, activity, *, staff, kind):
    """Check who books what; runs before the slots are created and again in
    the transaction that writes."""
    if staff is None:
        check_family_child(family, child)
    elif not FamilyChild.objects.filter(family=family, child=child).exists():
        raise NotFound(_("Cet enfant ne fait pas partie de ce dossier famille."))
    check_bookable(activity)
    if staff is not None:
        check_manages(staff, activity)
    elif kind == WHOLE and not activity.offers_whole:
        raise InvalidRequest(
            _("Cette activité ne se réserve pas pour toute la période.")
        )
    elif kind == DAYS and not activity.offers_occasional:
        raise InvalidRequest(_("Cette activité ne se réserve pas à la journée."))
    check_enrolled(child, activity)


def _slot_pairs(activity, selection, first):
    """The (unit id, day) pairs that may get a Slot row: days of the period
    from `first` on. DayBooker.precheck refuses the other days."""
    first = max(activity.start_date, first)
    return [
        (unit.pk, day)
        for day, units in selection
        if first <= day <= activity.end_date
        for unit in units
    ]


# Kinds of booking request.
DAYS, WHOLE, WAITING = "days", "whole", "waiting"


def _run_booking(
    family,
    child,
    activity,
    selection,
    *,
    actor,
    now,
    staff=None,
    join_waiting_list=False,
    override_reason="",
    kind=DAYS,
):
    """Lock, check and book `selection`; returns the DayResults in date order."""
    given_now, now = now, clock(now)
    _check_request(family, child, activity, staff=staff, kind=kind)
    # Staff may record a past day of the period (the child came unbooked).
    first = activity.start_date if staff is not None else local_date(now)
    ensure_slots(_slot_pairs(activity, selection, first))
    with transaction.atomic():
        _check_request(family, child, activity, staff=staff, kind=kind)
        booker = DayBooker(
            family,
            child,
            activity,
            selection,
            actor=actor,
            now=now,
            staff=staff is not None,
        )
        booker.override_reason = override_reason
        booker.waiting_only = kind == WAITING and not activity.offers_occasional
        # The checks that need no capacity run first; the slots of the days
        # that pass are then locked, for the count and the writes only.
        checked = [(day, units, *booker.precheck(day)) for day, units in selection]
        candidates = [(d, units) for d, units, refusal, _s in checked if not refusal]
        lock_slots([(unit.pk, day) for day, units in candidates for unit in units])
        # The place in line is taken now that the locks are held, so that
        # ranks follow the order in which requests got them.
        booker.queued_at = clock(given_now)
        booker.load_under_lock(candidates)
        results = [
            refusal
            or booker.book(
                day, units, join_waiting_list=join_waiting_list, surcharged=surcharged
            )
            for day, units, refusal, surcharged in checked
        ]
        booker.flush()
        _record_booking(actor, family, child, activity, results, staff=staff)
    # The rank in the waiting line is for display: read once the locks are
    # released, it counts the requests committed meanwhile too.
    for result in results:
        if result.is_waiting:
            result.position = waiting_position(result.waiting_request)
    return results


def _record_booking(actor, family, child, activity, results, *, staff):
    booked = [r.day.isoformat() for r in results if r.is_booked]
    waiting = [r.day.isoformat() for r in results if r.is_waiting]
    if booked:
        record(
            actor,
            "booking.staff_create" if staff else "booking.create",
            family=family,
            target=child,
            activity=activity.pk,
            days=booked,
            surcharged=[r.day.isoformat() for r in results if r.surcharged],
        )
    if waiting:
        record(
            actor,
            "waiting_list.join",
            family=family,
            target=child,
            activity=activity.pk,
            days=waiting,
        )
    overrides = [
        booking for r in results for booking in r.bookings if booking.capacity_override
    ]
    for booking in overrides:
        record(
            actor,
            "booking.capacity_override",
            family=family,
            target=booking,
            day=booking.day.isoformat(),
            unit=booking.unit_id,
            reason=booking.override_reason,
        )


def book_days(
    family, child, activity, selection, *, actor, now=None, join_waiting_list=False
):
    """Book occasional days: `selection` maps each day to the units wanted.

    Returns one DayResult per day. With `join_waiting_list`, a full day goes
    to the waiting list instead of being refused. Raises NotFound,
    NotAllowed, NotEnrolled or InvalidRequest for the whole request.
    """
    selection = _normalise_selection(activity, selection)
    return _run_booking(
        family,
        child,
        activity,
        selection,
        actor=actor,
        now=now,
        join_waiting_list=join_waiting_list,
    )


def whole_activity_days(activity, weekdays, *, start, end=None):
    """Return the days from `start` to `end` (default: the period's end) that
    fall on `weekdays` (0 = Monday), open or not, clamped to the period."""
    if not activity.has_period:
        return []
    first = max(start, activity.start_date)
    last = min(end or activity.end_date, activity.end_date)
    weekdays = set(weekdays)
    return [
        first + timedelta(days=offset)
        for offset in range((last - first).days + 1)
        if (first + timedelta(days=offset)).weekday() in weekdays
    ]


def book_whole_activity(
    family,
    child,
    activity,
    *,
    weekdays,
    units,
    actor,
    start=None,
    end=None,
    excluded_days=(),
    now=None,
):
    """Book `units` on every `weekdays` day from `start` (default today) to `end`.

    `excluded_days` are the days the family unticked. A full day goes to the
    waiting list without stopping the others; every other day not booked is
    listed in `skipped` with its reason.
    """
    weekdays = {int(day) for day in weekdays}
    if not weekdays or not weekdays <= set(range(7)):
        raise InvalidRequest(_("Choisissez au moins un jour de la semaine."))
    start = start or local_date(clock(now))
    days = whole_activity_days(activity, weekdays, start=start, end=end)
    excluded = set(excluded_days)
    days = [day for day in days if day not in excluded]
    if not days:
        raise InvalidRequest(_("Aucun jour à réserver sur cette période."))
    unit_list = _resolve_units(activity, units)
    selection = [(day, unit_list) for day in days]
    results = _run_booking(
        family,
        child,
        activity,
        selection,
        actor=actor,
        now=now,
        join_waiting_list=True,
        kind=WHOLE,
    )
    return WholeActivityResult(results)


def staff_book(
    staff,
    family,
    child,
    activity,
    day,
    units,
    *,
    override_capacity=False,
    override_reason="",
    join_waiting_list=False,
    now=None,
):
    """Book one day for a family on behalf of a manager of the structure.

    The booking deadline does not apply. Exceeding the capacity needs
    `override_capacity` and a reason, both recorded on the rows and in the
    audit trail. Returns the DayResult.
    """
    override_reason = (override_reason or "").strip()
    if override_capacity and not override_reason:
        raise InvalidRequest(_("Indiquez le motif du dépassement de capacité."))
    selection = _normalise_selection(activity, {day: units})
    (result,) = _run_booking(
        family,
        child,
        activity,
        selection,
        actor=staff,
        now=now,
        staff=staff,
        join_waiting_list=join_waiting_list,
        override_reason=override_reason if override_capacity else "",
    )
    return result


# Cancelling and the waiting list -----------------------------------------------


def _day_pairs(activity_id, day):
    unit_ids = Unit.objects.filter(activity_id=activity_id).values_list("pk", flat=True)
    return [(unit_id, day) for unit_id in unit_ids]


def cancel_booking(family, booking, *, actor, now=None):
    """Cancel a booked unit before the cancellation deadline.

    Frees the place at once and promotes the waiting list in the same
    transaction. Raises DeadlinePassed after the deadline.
    """
    # The time of the request, read before waiting for the locks.
    now = clock(now)
    booking = _family_booking(family, booking)
    pairs = _day_pairs(booking.activity_id, booking.day)
    ensure_slots(pairs)
    with transaction.atomic():
        lock_slots(pairs)
        booking = _reload_booked(booking)
        deadline = booking.activity.cancellation_deadline_for(booking.day)
        if now >= deadline:
            raise DeadlinePassed(
                _(
                    "Annulation impossible : le délai d'annulation du %(day)s est "
                    "dépassé depuis le %(deadline)s. Vous pouvez signaler une absence."
                )
                % {"day": format_day(booking.day), "deadline": format_moment(deadline)}
            )
        _cancel(booking, actor, now)
        record(
            actor,
            "booking.cancel",
            family=family,
            target=booking,
            day=booking.day.isoformat(),
            unit=booking.unit_id,
        )
        promoted = _promote_waiting(booking.activity, booking.day, now)
    return CancellationResult(booking, promoted)


def staff_cancel_booking(staff, booking, *, reason, now=None):
    """Cancel a booking on behalf of the structure, whatever the deadline."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidRequest(_("Indiquez le motif de l'annulation."))
    now = clock(now)
    pairs = _day_pairs(booking.activity_id, booking.day)
    ensure_slots(pairs)
    with transaction.atomic():
        lock_slots(pairs)
        booking = _reload_booked(booking)
        check_manages(staff, booking.activity)
        _cancel(booking, staff, now)
        record(
            staff,
            "booking.staff_cancel",
            family=booking.family,
            target=booking,
            day=booking.day.isoformat(),
            unit=booking.unit_id,
            reason=reason,
        )
        promoted = _promote_waiting(booking.activity, booking.day, now)
    return CancellationResult(booking, promoted)


def _family_booking(family, booking):
    found = (
        Booking.objects.filter(pk=getattr(booking, "pk", booking), family=family)
        .select_related("activity", "unit", "child")
        .first()
    )
    if found is None:
        raise NotFound(_("Réservation introuvable."))
    return found


def _reload_booked(booking):
    booking = Booking.objects.select_related(
        "activity__structure", "unit", "child", "family"
    ).get(pk=booking.pk)
    if booking.status != Booking.Status.BOOKED:
        raise InvalidRequest(_("Cette réservation n'est plus active."))
    return booking


def _cancel(booking, actor, now):
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    booking.cancelled_by = actor
    booking.save(update_fields=["status", "cancelled_at", "cancelled_by"])


def _promote_waiting(activity, day, now):
    """Promote, in line order, every waiting request of the day that fits whole.

    The caller holds the locks of every unit of the activity on that day. A
    request that does not fit keeps its rank; a later one that fits goes
    first. Returns the promoted requests; each family is e-mailed after the
    commit.

    A promotion may come just before, or after, the cancellation deadline of
    the day: the place is then due at once. That is what the family asked
    for by joining the list, and it may leave the list at any time before.
    """
    units = {unit.pk: unit for unit in Unit.objects.filter(activity=activity)}
    counts = booked_counts([(unit_id, day) for unit_id in units])
    requests = (
        WaitingRequest.objects.filter(
            activity=activity, day=day, status=WaitingRequest.Status.WAITING
        )
        .select_related("family__account", "child", "activity")
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.filter(status=Booking.Status.WAITING),
                to_attr="waiting_rows",
            )
        )
        .order_by("requested_at", "pk")
    )
    promoted = []
    for request in requests:
        rows = request.waiting_rows
        if not rows or any(
            counts[(row.unit_id, day)] >= units[row.unit_id].capacity for row in rows
        ):
            continue
        Booking.objects.filter(pk__in=[row.pk for row in rows]).update(
            status=Booking.Status.BOOKED, promoted_at=now
        )
        request.status = WaitingRequest.Status.PROMOTED
        request.resolved_at = now
        request.save(update_fields=["status", "resolved_at"])
        for row in rows:
            counts[(row.unit_id, day)] += 1
        record(
            None,
            "waiting_list.promote",
            family=request.family,
            target=request,
            day=day.isoformat(),
            units=[row.unit_id for row in rows],
        )
        notifications.waiting_request_promoted(
            request, [units[row.unit_id] for row in rows]
        )
        promoted.append(request)
    return promoted


def join_waiting_list(family, child, activity, day, units, *, actor, now=None):
    """Ask for `units` of a full `day`; books them at once if they have room.

    Joining is open whatever the booking types of the activity: it is no
    occasional booking. On an activity not booked day by day, a day with
    room is refused instead. Returns the DayResult, whose `position` is the
    rank in line.
    """
    (result,) = _run_booking(
        family,
        child,
        activity,
        _normalise_selection(activity, {day: units}),
        actor=actor,
        now=now,
        join_waiting_list=True,
        kind=WAITING,
    )
    return result


def leave_waiting_list(family, request, *, actor, now=None):
    """Withdraw a waiting request of the family; its rank is given up."""
    now = clock(now)
    request = WaitingRequest.objects.filter(
        pk=getattr(request, "pk", request), family=family
    ).first()
    if request is None:
        raise NotFound(_("Demande de liste d'attente introuvable."))
    pairs = _day_pairs(request.activity_id, request.day)
    ensure_slots(pairs)
    with transaction.atomic():
        lock_slots(pairs)
        request = WaitingRequest.objects.get(pk=request.pk)
        if request.status != WaitingRequest.Status.WAITING:
            raise InvalidRequest(_("Cette demande n'est plus en liste d'attente."))
        request.status = WaitingRequest.Status.WITHDRAWN
        request.resolved_at = now
        request.save(update_fields=["status", "resolved_at"])
        request.bookings.filter(status=Booking.Status.WAITING).update(
            status=Booking.Status.WITHDRAWN, cancelled_at=now, cancelled_by=actor
        )
        record(
            actor,
            "waiting_list.leave",
            family=family,
            target=request,
            day=request.day.isoformat(),
        )
    return request


# Absences ----------------------------------------------------------------------


def report_absence(
    family,
    child,
    *,
    start_date,
    end_date,
    reason,
    actor,
    units=None,
    comment="",
    now=None,
):
    """Report that `child` will miss its booked units from start to end date.

    The bookings stay due; staff may excuse the absence later. Raises
    InvalidRequest when no booked unit matches.
    """
    if end_date < start_date:
        raise InvalidRequest(_("Le dernier jour d'absence précède le premier."))
    if (end_date - start_date).days >= MAX_DAYS_PER_REQUEST:
        raise InvalidRequest(
            _("Une demande couvre au plus %(max)s jours.")
            % {"max": MAX_DAYS_PER_REQUEST}
        )
    if reason not in Absence.Reason.values:
        raise InvalidRequest(_("Choisissez le motif de l'absence."))
    now = clock(now)
    with transaction.atomic():
        check_family_child(family, child)
        bookings = Booking.objects.filter(
            family=family,
            child=child,
            status=Booking.Status.BOOKED,
            day__range=(start_date, end_date),
        )
        if units:
            bookings = bookings.filter(unit_id__in=[getattr(u, "pk", u) for u in units])
        # Locked, so that the same absence reported twice at once is seen.
        bookings = list(bookings.select_for_update().order_by("pk"))
        values = {
            "child": child.first_name,
            "start": format_day(start_date),
            "end": format_day(end_date),
        }
        if not bookings:
            raise InvalidRequest(
                _(
                    "%(child)s n'a aucune réservation du %(start)s au %(end)s : "
                    "il n'y a pas d'absence à signaler."
                )
                % values
            )
        covered = set(
            Absence.bookings.through.objects.filter(
                booking_id__in=[booking.pk for booking in bookings]
            ).values_list("booking_id", flat=True)
        )
        bookings = [booking for booking in bookings if booking.pk not in covered]
        if not bookings:
            raise InvalidRequest(
                _(
                    "L'absence de %(child)s du %(start)s au %(end)s est déjà "
                    "signalée pour toutes ses réservations."
                )
                % values
            )
        absence = Absence.objects.create(
            family=family,
            child=child,
            start_date=start_date,
            end_date=end_date,
            reason=reason,
            comment=(comment or "").strip(),
            created_at=now,
            created_by=actor,
        )
        absence.bookings.set(bookings)
        record(
            actor,
            "absence.report",
            family=family,
            target=absence,
            start=start_date.isoformat(),
            end=end_date.isoformat(),
            bookings=[booking.pk for booking in bookings],
        )
    return absence


def set_absence_excused(absence, *, staff, excused=True, now=None):
    """Mark an absence excused (or not).

    Agents and administrators may do it. A manager may only when they manage
    every activity the absence covers, because an absence without units
    covers the bookings of every activity on those days.
    """
    now = clock(now)
    with transaction.atomic():
        absence = Absence.objects.select_for_update().get(pk=absence.pk)
        if not staff.has_role(Role.AGENT):
            activities = Activity.objects.filter(
                bookings__absences=absence
            ).select_related("structure")
            if not activities or not all(
                activity.is_managed_by(staff) for activity in activities
            ):
                raise NotAllowed(
                    _(
                        "Cette absence concerne aussi une structure que vous ne "
                        "gérez pas : un agent du service peut l'excuser."
                    )
                )
        absence.excused = excused
        absence.excused_at = now if excused else None
        absence.excused_by = staff if excused else None
        absence.save(update_fields=["excused", "excused_at", "excused_by"])
        record(
            staff,
            "absence.excuse" if excused else "absence.unexcuse",
            family=absence.family,
            target=absence,
        )
    return absence
