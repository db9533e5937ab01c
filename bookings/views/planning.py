"""The family's planning and the actions on one of its cells.

Each action is a plain form: without JavaScript it posts and redirects back
with a message; with htmx it answers the changed cells and the message as
out-of-band swaps, so the cells update in place and the message is read
from the polite live region.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from families.permissions import family_required

from .. import services
from ..exceptions import BookingError
from ..forms import parse_days, parse_ids
from ..models import Booking, WaitingRequest
from ..planning import Planning, format_long_day, month_bounds, week_bounds
from .booking import legend
from .family import bookable_activity, family_child, safe_next

VIEWS = ("week", "month")

# A planning date outside these bounds falls back to today: far enough for
# any real use, and a week or month around it never leaves datetime.date.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)


def planning_range(view, day):
    return month_bounds(day) if view == "month" else week_bounds(day)


@family_required
def planning(request):
    """Show the planning of one child or of the whole family, by week or by month."""
    family = request.family
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else "week"
    days, _invalid = parse_days([request.GET.get("date", "")])
    day = next(iter(days), None)
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        day = timezone.localdate()
    child = None
    if request.GET.get("child"):
        child = family_child(request, request.GET["child"])
    start, end = planning_range(view, day)
    board = Planning(family, start, end, children=[child] if child else None)
    if view == "month":
        previous_day = (start - timedelta(days=1)).replace(day=1)
        next_day = end + timedelta(days=1)
    else:
        previous_day, next_day = start - timedelta(days=7), end + timedelta(days=1)
    context = {
        "view": view,
        "day": day,
        "start": start,
        "end": end,
        "child": child,
        "family_children": family.children.order_by("birth_date", "first_name"),
        "sections": board.sections(),
        "legend": legend(),
        "previous_day": previous_day,
        "next_day": next_day,
        "today": timezone.localdate(),
    }
    return render(request, "bookings/family/planning.html", context)


def week_overview(family):
    """Context of the home page's block: this week's planning of every child."""
    start, end = week_bounds(timezone.localdate())
    board = Planning(family, start, end)
    return {
        "sections": board.sections(),
        "start": start,
        "end": end,
        "today": timezone.localdate(),
    }


# Responses shared by the actions ------------------------------------------


def _cells(family, child, activity, day, unit_ids):
    board = Planning(family, day, day, children=[child], activities=[activity])
    units = [u for u in activity.units.all() if u.pk in unit_ids]
    return [board.cell(child, activity, unit, day) for unit in units]


def _answer(request, cells, message, *, ok):
    """Answer an action: the changed cells for htmx, else a redirect."""
    if request.htmx:
        return render(
            request,
            "bookings/family/_cells_update.html",
            {
                "cells": cells,
                "message": message,
                "ok": ok,
                "next_url": safe_next(request, reverse("bookings:planning")),
            },
        )
    (messages.success if ok else messages.error)(request, message)
    return redirect(safe_next(request, reverse("bookings:planning")))


def _day_message(result):
    day = format_long_day(result.day)
    if result.is_booked:
        message = _("Réservé le %(day)s.") % {"day": day}
        if result.surcharged:
            message += " " + _("Tarif majoré : réservation après le délai.")
        return message
    if result.is_waiting:
        return _("%(day)s : en liste d'attente, rang %(position)s.") % {
            "day": capfirst(day),
            "position": result.position,
        }
    return str(result.message)


# Cancelling ----------------------------------------------------------------


@family_required
def cancel(request, pk):
    """GET: confirm the cancellation (the no-JavaScript path). POST: cancel."""
    booking = get_object_or_404(
        Booking.objects.filter(family=request.family).select_related(
            "child", "activity__cancellation_deadline", "unit"
        ),
        pk=pk,
    )
    if request.method != "POST":
        deadline = booking.activity.cancellation_deadline_for(booking.day)
        context = {
            "booking": booking,
            "deadline": deadline,
            "late": timezone.now() >= deadline,
            "active": booking.status == Booking.Status.BOOKED,
            "next": safe_next(request, reverse("bookings:planning")),
        }
        return render(request, "bookings/family/cancel_confirm.html", context)
    ok = True
    try:
        result = services.cancel_booking(request.family, booking, actor=request.user)
    except BookingError as error:
        ok, message = False, error.message
    else:
        message = _("Réservation du %(day)s (%(unit)s) annulée sans frais.") % {
            "day": format_long_day(booking.day),
            "unit": booking.unit.name,
        }
        if result.promoted:
            message += " " + _("La place libérée a été attribuée.")
    cells = _cells(
        request.family, booking.child, booking.activity, booking.day, {booking.unit_id}
    )
    return _answer(request, cells, message, ok=ok)


# Waiting list --------------------------------------------------------------


@family_required
@require_POST
def join_waiting_list(request):
    """Fields: `child`, `activity`, `day` (YYYY-MM-DD), repeated `unit`."""
    child = family_child(request, request.POST.get("child"))
    activity = bookable_activity(request.POST.get("activity"))
    days, _invalid = parse_days([request.POST.get("day", "")])
    unit_ids = parse_ids(request.POST.getlist("unit"))
    if not days:
        return _answer(request, [], _("Jour invalide."), ok=False)
    day = days.pop()
    try:
        result = services.join_waiting_list(
            request.family, child, activity, day, unit_ids, actor=request.user
        )
    except BookingError as error:
        ok, message = False, error.message
    else:
        ok, message = not result.is_refused, _day_message(result)
    cells = _cells(request.family, child, activity, day, unit_ids)
    return _answer(request, cells, message, ok=ok)


@family_required
def leave_waiting_list(request, pk):
    """GET: confirm leaving the list (no JavaScript). POST: leave it."""
    waiting = get_object_or_404(
        WaitingRequest.objects.filter(family=request.family).select_related(
            "child", "activity"
        ),
        pk=pk,
    )
    unit_ids = set(waiting.bookings.values_list("unit_id", flat=True))
    if request.method != "POST":
        context = {
            "waiting": waiting,
            "active": waiting.status == WaitingRequest.Status.WAITING,
            "position": services.waiting_position(waiting)
            if waiting.status == WaitingRequest.Status.WAITING
            else None,
            "next": safe_next(request, reverse("bookings:planning")),
        }
        return render(request, "bookings/family/leave_confirm.html", context)
    try:
        services.leave_waiting_list(request.family, waiting, actor=request.user)
    except BookingError as error:
        ok, message = False, error.message
    else:
        ok = True
        message = _("%(child)s ne figure plus sur la liste d'attente du %(day)s.") % {
            "child": waiting.child.first_name,
            "day": format_long_day(waiting.day),
        }
    cells = _cells(
        request.family, waiting.child, waiting.activity, waiting.day, unit_ids
    )
    return _answer(request, cells, message, ok=ok)
