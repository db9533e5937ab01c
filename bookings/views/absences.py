"""Reporting an absence: the child was booked and will not come."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext

from families.permissions import family_required

from .. import services
from ..exceptions import BookingError
from ..forms import AbsenceForm, parse_days, parse_id
from ..models import Absence, Booking
from ..planning import format_long_day
from .family import family_child


@family_required
def report_absence(request):
    """GET `child` and `date` prefill the form; POST reports the absence."""
    family = request.family
    if request.method == "POST":
        form = AbsenceForm(family, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            child = family_child(request, data["child"])
            try:
                absence = services.report_absence(
                    family,
                    child,
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    reason=data["reason"],
                    units=data["units"],
                    comment=data["comment"],
                    actor=request.user,
                )
            except BookingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _reported_message(child, absence))
                return redirect("bookings:report_absence")
    else:
        initial = {}
        if parse_id(request.GET.get("child")) is not None:
            initial["child"] = parse_id(request.GET["child"])
        if request.GET.get("date"):
            initial["start_date"] = request.GET["date"]
            initial["end_date"] = request.GET["date"]
        form = AbsenceForm(family, initial=initial)
    cancellable = _cancellable(
        family, request.GET.get("child"), request.GET.get("date")
    )
    absences = (
        Absence.objects.filter(family=family)
        .select_related("child")
        .prefetch_related("bookings__unit")[:20]
    )
    return render(
        request,
        "bookings/family/absence.html",
        {
            "form": form,
            "absences": absences,
            "cancellable": cancellable if not form.is_bound else [],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _reported_message(child, absence):
    count = absence.bookings.count()
    values = {
        "child": child.first_name,
        "start": format_long_day(absence.start_date),
        "end": format_long_day(absence.end_date),
        "count": count,
    }
    if absence.start_date == absence.end_date:
        return (
            ngettext(
                "Absence signalée pour %(child)s le %(start)s "
                "(%(count)s réservation concernée).",
                "Absence signalée pour %(child)s le %(start)s "
                "(%(count)s réservations concernées).",
                count,
            )
            % values
        )
    return (
        ngettext(
            "Absence signalée pour %(child)s du %(start)s au %(end)s "
            "(%(count)s réservation concernée).",
            "Absence signalée pour %(child)s du %(start)s au %(end)s "
            "(%(count)s réservations concernées).",
            count,
        )
        % values
    )


def _cancellable(family, child_id, day_text):
    """Return the bookings of the prefilled child and day that can still be
    cancelled free of charge: cancelling them is better than an absence."""
    days, _invalid = parse_days([day_text or ""])
    child_id = parse_id(child_id)
    if not days or child_id is None:
        return []
    bookings = Booking.objects.filter(
        family=family,
        child_id=child_id,
        day__in=days,
        status=Booking.Status.BOOKED,
    ).select_related("unit", "activity__cancellation_deadline", "child")
    now = timezone.now()
    found = []
    for booking in bookings:
        deadline = booking.activity.cancellation_deadline_for(booking.day)
        if now < deadline:
            booking.deadline = deadline
            found.append(booking)
    return found
