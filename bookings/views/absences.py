"""Reporting an absence: the child was booked and will not come."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from families.permissions import family_required

from .. import services
from ..exceptions import BookingError
from ..forms import AbsenceForm, parse_id
from ..models import Absence
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
                messages.success(
                    request,
                    _(
                        "Absence signalée pour %(child)s du %(start)s au %(end)s "
                        "(%(count)s réservation(s) concernée(s))."
                    )
                    % {
                        "child": child.first_name,
                        "start": format_long_day(absence.start_date),
                        "end": format_long_day(absence.end_date),
                        "count": absence.bookings.count(),
                    },
                )
                return redirect("bookings:report_absence")
    else:
        initial = {}
        if parse_id(request.GET.get("child")) is not None:
            initial["child"] = parse_id(request.GET["child"])
        if request.GET.get("date"):
            initial["start_date"] = request.GET["date"]
            initial["end_date"] = request.GET["date"]
        form = AbsenceForm(family, initial=initial)
    absences = (
        Absence.objects.filter(family=family)
        .select_related("child")
        .prefetch_related("bookings__unit")[:20]
    )
    return render(
        request,
        "bookings/family/absence.html",
        {"form": form, "absences": absences},
        status=400 if form.is_bound and form.errors else 200,
    )
