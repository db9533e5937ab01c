"""Family booking pages: pick an activity, tick days, check, confirm.

The pages only show what the services would do; `book_days` and
`book_whole_activity` check every rule again when the family confirms.
"""

from datetime import date

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities.models import WEEKDAY_CHOICES
from families.permissions import family_required

from .. import services
from ..exceptions import BookingError, NotFound
from ..forms import parse_days, parse_id, parse_ids, parse_month, parse_slots
from ..models import Enrolment
from ..planning import (
    LEGEND_STATES,
    STATE_LABELS,
    Planning,
    State,
    month_bounds,
)
from ..results import DayResult
from ..rules import MAX_DAYS_PER_REQUEST
from .family import bookable_activity, family_child, open_enrolment

RESULT_SESSION_KEY = "bookings:last_result"


def legend():
    """Return (state, label, symbol) for each state of the legend."""
    return [
        (
            state,
            f"{STATE_LABELS[state][0]}{STATE_LABELS[state][1]}",
            STATE_LABELS[state][2],
        )
        for state in LEGEND_STATES
    ]


# Choosing what to book ----------------------------------------------------


@family_required
def book_start(request):
    """Pick a child and one of its activities, then the kind of booking."""
    family = request.family
    children = list(family.children.order_by("birth_date", "first_name"))
    enrolments = list(
        Enrolment.objects.filter(
            family=family, status__in=Enrolment.OPEN_STATUSES
        ).select_related("activity__parent", "child")
    )
    error = ""
    if "child" in request.GET or "activity" in request.GET:
        target, error = _start_target(request, enrolments)
        if target:
            return redirect(target)
    groups = {}
    for enrolment in enrolments:
        heading = _top_heading(enrolment.activity)
        groups.setdefault(heading, []).append(enrolment)
    context = {
        "children": children,
        "groups": sorted(groups.items(), key=lambda item: item[0]),
        "error": error,
        "chosen_child": request.GET.get("child", ""),
        "chosen_activity": request.GET.get("activity", ""),
        "chosen_kind": request.GET.get("kind", "days"),
    }
    return render(request, "bookings/family/book_start.html", context)


def _top_heading(activity):
    node = activity
    seen = set()
    while node.parent_id and node.pk not in seen:
        seen.add(node.pk)
        node = node.parent
    return node.name


def _start_target(request, enrolments):
    """Return (URL of the booking page, "") or ("", French error message)."""
    child_id = parse_id(request.GET.get("child"))
    activity_id = parse_id(request.GET.get("activity"))
    if child_id is None:
        return "", _("Choisissez l'enfant.")
    if activity_id is None:
        return "", _("Choisissez l'activité.")
    enrolment = next(
        (
            e
            for e in enrolments
            if e.child_id == child_id and e.activity_id == activity_id
        ),
        None,
    )
    if enrolment is None:
        return "", _(
            "Cet enfant n'est pas inscrit à cette activité : inscrivez-le d'abord "
            "depuis « Mes activités »."
        )
    if enrolment.status != Enrolment.Status.ACTIVE:
        return "", _(
            "La pré-inscription pour %(child)s attend encore la validation de la "
            "structure."
        ) % {"child": enrolment.child.first_name}
    activity = enrolment.activity
    whole = request.GET.get("kind") == "whole"
    if whole and not activity.offers_whole:
        whole = False
    if not whole and not activity.offers_occasional:
        whole = True
    name = "bookings:book_whole" if whole else "bookings:book_days"
    return reverse(name, args=[enrolment.child_id, activity.pk]), ""


# Occasional days ------------------------------------------------------------


def _period_months(activity, today):
    first = max(activity.start_date, today).replace(day=1)
    last = activity.end_date.replace(day=1)
    return first, last


def _shift_month(month, months):
    index = month.year * 12 + month.month - 1 + months
    return month.replace(year=index // 12, month=index % 12 + 1, day=1)


def _booking_context(request, child, activity):
    enrolment = open_enrolment(request.family, child, activity)
    return {
        "child": child,
        "activity": activity,
        "enrolment": enrolment,
        "enrolled": enrolment is not None
        and enrolment.status == Enrolment.Status.ACTIVE,
        "legend": legend(),
    }


@family_required
def book_days(request, child_pk, activity_pk):
    """A month of the activity: tick the available (yellow) days and units.

    Ticked slots travel in the query string (`slot=YYYY-MM-DD:<unit id>`)
    when the family moves between months, so nothing is lost without JS.
    """
    child = family_child(request, child_pk)
    activity = bookable_activity(activity_pk)
    if not activity.offers_occasional:
        return redirect("bookings:book_whole", child.pk, activity.pk)
    today = timezone.localdate()
    first, last = _period_months(activity, today)
    month = parse_month(request.GET.get("month"), first)
    month = min(max(month, first), max(first, last))
    selection, invalid = parse_slots(request.GET.getlist("slot"))
    start, end = month_bounds(month)
    planning = Planning(
        request.family, start, end, children=[child], activities=[activity]
    )
    slots = _slot_values(selection)
    context = _booking_context(request, child, activity)
    context.update(
        {
            "section": planning.section(child, activity),
            "month": month,
            "previous_month": _shift_month(month, -1) if month > first else None,
            "next_month": _shift_month(month, 1) if month < last else None,
            "selected": set(slots),
            "hidden_slots": [s for s in slots if not s.startswith(f"{month:%Y-%m}")],
            "invalid": invalid,
        }
    )
    return render(request, "bookings/family/book_days.html", context)


def _slot_values(selection):
    return sorted(
        f"{day:%Y-%m-%d}:{unit_id}"
        for day, unit_ids in selection.items()
        for unit_id in unit_ids
    )


@family_required
def book_days_summary(request, child_pk, activity_pk):
    """Show every ticked day with its state and price flag, before the confirmation."""
    child = family_child(request, child_pk)
    activity = bookable_activity(activity_pk)
    selection, invalid = parse_slots(request.GET.getlist("slot"))
    calendar_url = reverse("bookings:book_days", args=[child.pk, activity.pk])
    if not selection:
        messages.error(request, _("Cochez au moins un jour sur le calendrier."))
        return redirect(calendar_url)
    return _render_summary(request, child, activity, selection, invalid=invalid)


def _render_summary(request, child, activity, selection, *, invalid=(), error=""):
    units = {unit.pk: unit for unit in activity.units.all()}
    unknown = sorted(
        {unit_id for ids in selection.values() for unit_id in ids} - set(units)
    )
    days = sorted(selection)[:MAX_DAYS_PER_REQUEST]
    planning = Planning(
        request.family, days[0], days[-1], children=[child], activities=[activity]
    )
    rows = [
        (
            day,
            [
                planning.cell(child, activity, units[unit_id], day)
                for unit_id in sorted(selection[day], key=_unit_order(units))
                if unit_id in units
            ],
        )
        for day in days
    ]
    context = _booking_context(request, child, activity)
    context.update(
        {
            "rows": [row for row in rows if row[1]],
            "slots": _slot_values(selection),
            "calendar_query": urlencode(
                {"month": f"{days[0]:%Y-%m}", "slot": _slot_values(selection)}, True
            ),
            "invalid": list(invalid) + [str(pk) for pk in unknown],
            "error": error,
            "has_full": any(c.state == State.FULL for _d, cells in rows for c in cells),
            "has_surcharge": any(c.surcharged for _d, cells in rows for c in cells),
            "waiting_list": request.POST.get("waiting_list") == "1",
        }
    )
    status = 200 if not error else 400
    return render(
        request, "bookings/family/book_days_summary.html", context, status=status
    )


def _unit_order(units):
    return lambda unit_id: (
        (units[unit_id].position, unit_id) if unit_id in units else (0, unit_id)
    )


@family_required
@require_POST
def book_days_confirm(request):
    """Book the ticked days of one child in one activity, in one call to book_days.

    Form fields (application/x-www-form-urlencoded, with the CSRF token):
    - `child`: id of a child of the signed-in family;
    - `activity`: id of the activity;
    - `slot`: repeated, one per unit and day, "YYYY-MM-DD:<unit id>";
    - `waiting_list`: "1" to put full days on the waiting list (optional).
    Answers 303 to the result page (one line per day: booked, waiting with
    its rank, or refused with the reason); 404 for another family's child or
    an unknown activity; 400 with the summary and a French message when the
    whole request is refused (not enrolled, malformed slot...).
    """
    child = family_child(request, request.POST.get("child"))
    activity = bookable_activity(request.POST.get("activity"))
    selection, invalid = parse_slots(request.POST.getlist("slot"))
    if invalid:
        return _summary_error(
            request,
            child,
            activity,
            selection,
            _("Jour ou unité invalide : %(values)s.")
            % {"values": ", ".join(invalid[:5])},
        )
    try:
        results = services.book_days(
            request.family,
            child,
            activity,
            selection,
            actor=request.user,
            join_waiting_list=request.POST.get("waiting_list") == "1",
        )
    except NotFound:
        raise
    except BookingError as error:
        return _summary_error(request, child, activity, selection, error.message)
    _store_result(request, child, activity, results, selection)
    return HttpResponseRedirect(reverse("bookings:book_result"), status=303)


def _summary_error(request, child, activity, selection, message):
    if not selection:
        messages.error(request, message)
        return redirect("bookings:book_days", child.pk, activity.pk)
    return _render_summary(request, child, activity, selection, error=message)


def _store_result(request, child, activity, results, requested, whole=False):
    """Keep the DayResults in the session for the result page (POST, redirect,
    GET); `requested` maps each day to the unit ids asked for."""
    request.session[RESULT_SESSION_KEY] = {
        "child": child.pk,
        "activity": activity.pk,
        "whole": whole,
        "days": [
            {
                "day": result.day.isoformat(),
                "outcome": result.outcome,
                "message": str(result.message),
                "position": result.position,
                "surcharged": result.surcharged,
                "units": sorted(
                    {b.unit_id for b in result.bookings}
                    or {getattr(u, "pk", u) for u in requested.get(result.day, ())}
                ),
            }
            for result in results
        ],
    }


@family_required
def book_result(request):
    """Show the outcome of the last confirmation, day by day."""
    stored = request.session.get(RESULT_SESSION_KEY)
    if not stored:
        return redirect("bookings:planning")
    child = family_child(request, stored["child"])
    activity = bookable_activity(stored["activity"])
    units = {unit.pk: unit for unit in activity.units.all()}
    days = []
    for entry in stored["days"]:
        entry = dict(entry)
        entry["day"] = date.fromisoformat(entry["day"])
        entry["units"] = [units[pk] for pk in entry["units"] if pk in units]
        days.append(entry)
    _mark_full_days(request, child, activity, days)
    context = {
        "child": child,
        "activity": activity,
        "whole": stored.get("whole", False),
        "booked": [d for d in days if d["outcome"] == DayResult.BOOKED],
        "waiting": [d for d in days if d["outcome"] == DayResult.WAITING],
        "refused": [d for d in days if d["outcome"] == DayResult.REFUSED],
        "units": list(units.values()),
        "planning_url": _planning_url(child, days),
    }
    return render(request, "bookings/family/book_result.html", context)


def _mark_full_days(request, child, activity, days):
    """Flag the refused days that are full now: the family may join the list."""
    refused = [d for d in days if d["outcome"] == DayResult.REFUSED and d["units"]]
    if not refused or not activity.waiting_list_enabled:
        return
    planning = Planning(
        request.family,
        refused[0]["day"],
        refused[-1]["day"],
        children=[child],
        activities=[activity],
    )
    for entry in refused:
        cells = [
            planning.cell(child, activity, u, entry["day"]) for u in entry["units"]
        ]
        entry["full"] = any(c.state == State.FULL for c in cells) and all(
            c.bookable for c in cells
        )


def _planning_url(child, days):
    query = {"child": child.pk, "view": "month"}
    if days:
        query["date"] = days[0]["day"].isoformat()
    return reverse("bookings:planning") + "?" + urlencode(query)


# Whole activity -------------------------------------------------------------


@family_required
def book_whole(request, child_pk, activity_pk):
    """Pick weekdays and units; every open day to the end comes pre-ticked."""
    child = family_child(request, child_pk)
    activity = bookable_activity(activity_pk)
    if not activity.offers_whole:
        return redirect("bookings:book_days", child.pk, activity.pk)
    context = _booking_context(request, child, activity)
    weekdays = parse_ids(request.GET.getlist("weekday"), range(7))
    unit_ids = parse_ids(
        request.GET.getlist("unit"), [u.pk for u in activity.units.all()]
    )
    context.update(_whole_choices(activity, weekdays, unit_ids))
    if "weekday" in request.GET or "unit" in request.GET:
        if not weekdays:
            context["error"] = _("Choisissez au moins un jour de la semaine.")
        elif not unit_ids:
            context["error"] = _("Choisissez au moins une unité.")
        else:
            context.update(_whole_preview(request, child, activity, weekdays, unit_ids))
    return render(request, "bookings/family/book_whole.html", context)


def _whole_choices(activity, weekdays, unit_ids):
    names = dict(WEEKDAY_CHOICES)
    return {
        "weekday_choices": [
            (day, names[day], day in weekdays) for day in sorted(activity.weekdays)
        ],
        "unit_choices": [(unit, unit.pk in unit_ids) for unit in activity.units.all()],
        "weekdays": sorted(weekdays),
        "unit_ids": sorted(unit_ids),
    }


def _whole_preview(request, child, activity, weekdays, unit_ids, unticked=()):
    days = services.whole_activity_days(activity, weekdays, start=timezone.localdate())
    if not days:
        return {"error": _("Aucun jour à réserver sur cette période.")}
    planning = Planning(
        request.family, days[0], days[-1], children=[child], activities=[activity]
    )
    units = [u for u in activity.units.all() if u.pk in unit_ids]
    rows = []
    # Untickable days are sent too, so the result lists them with the reason.
    for day in days:
        cells = [planning.cell(child, activity, unit, day) for unit in units]
        rows.append(
            {
                "day": day,
                "cells": cells,
                "tickable": any(c.bookable for c in cells),
                "full": any(c.state == State.FULL for c in cells),
                "checked": day not in unticked,
                "reason": next((c.reason for c in cells if c.reason), ""),
            }
        )
    return {
        "months": _rows_by_month(rows),
        "tickable_count": sum(1 for row in rows if row["tickable"]),
        "documents": planning.blocking_documents(child, activity),
    }


def _rows_by_month(rows):
    months = {}
    for row in rows:
        months.setdefault(row["day"].replace(day=1), []).append(row)
    return sorted(months.items())


@family_required
@require_POST
def book_whole_confirm(request):
    """Book the ticked days of a whole-activity booking.

    Fields: `child`, `activity`, repeated `weekday` (0 = Monday) and `unit`
    (unit ids), and repeated `day` (YYYY-MM-DD), the days left ticked. The
    days of the pattern left unticked are sent to the service as excluded.
    """
    child = family_child(request, request.POST.get("child"))
    activity = bookable_activity(request.POST.get("activity"))
    weekdays = parse_ids(request.POST.getlist("weekday"), range(7))
    unit_ids = parse_ids(
        request.POST.getlist("unit"), [u.pk for u in activity.units.all()]
    )
    ticked, invalid = parse_days(request.POST.getlist("day"))
    back = reverse("bookings:book_whole", args=[child.pk, activity.pk])
    query = urlencode({"weekday": sorted(weekdays), "unit": sorted(unit_ids)}, True)
    if invalid:
        messages.error(request, _("Date invalide : %(value)s.") % {"value": invalid[0]})
        return redirect(f"{back}?{query}")
    today = timezone.localdate()
    pattern = services.whole_activity_days(activity, weekdays, start=today)
    try:
        result = services.book_whole_activity(
            request.family,
            child,
            activity,
            weekdays=weekdays,
            units=unit_ids,
            actor=request.user,
            start=today,
            excluded_days=[day for day in pattern if day not in ticked],
        )
    except NotFound:
        raise
    except BookingError as error:
        messages.error(request, error.message)
        return redirect(f"{back}?{query}" if weekdays else back)
    requested = {r.day: unit_ids for r in result.days}
    _store_result(request, child, activity, result.days, requested, whole=True)
    return HttpResponseRedirect(reverse("bookings:book_result"), status=303)
