"""Staff pages of the structure managers: the day list and pre-registrations."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import role_required
from activities.calendar import calendars_for
from activities.models import Activity

from .. import services
from ..exceptions import BookingError
from ..forms import DayForm, RefusalForm, StaffBookingForm, parse_id
from ..models import Absence, Enrolment
from ..queries import managed_structures, pending_pre_registrations, structure_day

manager_required = role_required(Role.MANAGER)


@manager_required
def staff_structures(request):
    structures = managed_structures(request.user)
    context = {
        "structures": structures,
        "pending_count": pending_pre_registrations(structures).count(),
    }
    return render(request, "bookings/staff/structures.html", context)


@manager_required
def staff_structure_day(request, pk):
    """Show the day list of a date, by default today or the next open day."""
    structure = get_object_or_404(managed_structures(request.user), pk=pk)
    today = timezone.localdate()
    default = next_open_day(structure, today)
    form = DayForm(request.GET if "jour" in request.GET else {"jour": default})
    day = form.cleaned_data["jour"] if form.is_valid() else default
    context = {
        "form": form,
        "overview": structure_day(structure, day),
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
        "today": today,
    }
    return render(request, "bookings/staff/structure_day.html", context)


# How far ahead the day list looks for an open day (a summer break is shorter).
OPEN_DAY_HORIZON = 92


def next_open_day(structure, start):
    """Return the first day from `start` on which an activity of `structure`
    opens, or `start` when none opens within OPEN_DAY_HORIZON days."""
    end = start + timedelta(days=OPEN_DAY_HORIZON)
    activities = list(
        Activity.objects.filter(
            structure=structure,
            is_active=True,
            start_date__lte=end,
            end_date__gte=start,
        )
    )
    calendars = calendars_for(activities, start, end)
    day = start
    while day <= end:
        for activity in activities:
            in_period = activity.start_date <= day <= activity.end_date
            if in_period and calendars[activity.pk].status(day).is_open:
                return day
        day += timedelta(days=1)
    return start


def _pre_registration_page(request, refusal_forms=None, status=200):
    pending = list(pending_pre_registrations(managed_structures(request.user)))
    refusal_forms = refusal_forms or {}
    for enrolment in pending:
        enrolment.refusal_form = refusal_forms.get(
            enrolment.pk, RefusalForm(prefix=f"refus-{enrolment.pk}")
        )
    return render(
        request,
        "bookings/staff/pre_registrations.html",
        {"pending": pending},
        status=status,
    )


@manager_required
def staff_pre_registrations(request):
    return _pre_registration_page(request)


def _managed_enrolment(request, pk):
    return get_object_or_404(
        Enrolment.objects.filter(
            activity__structure__in=managed_structures(request.user)
        ).select_related("child", "activity"),
        pk=pk,
    )


@manager_required
@require_POST
def staff_pre_registration_accept(request, pk):
    enrolment = _managed_enrolment(request, pk)
    try:
        services.decide_pre_registration(enrolment, manager=request.user, accept=True)
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Pré-inscription acceptée pour %(child)s à « %(activity)s ».")
            % {"child": enrolment.child, "activity": enrolment.activity},
        )
    return redirect("bookings:staff_pre_registrations")


@manager_required
@require_POST
def staff_pre_registration_refuse(request, pk):
    enrolment = _managed_enrolment(request, pk)
    form = RefusalForm(request.POST, prefix=f"refus-{enrolment.pk}")
    if not form.is_valid():
        return _pre_registration_page(request, {enrolment.pk: form})
    try:
        services.decide_pre_registration(
            enrolment,
            manager=request.user,
            accept=False,
            reason=form.cleaned_data["reason"],
        )
    except BookingError as error:
        form.add_error(None, error.message)
        return _pre_registration_page(request, {enrolment.pk: form})
    messages.success(
        request,
        _("Pré-inscription refusée pour %(child)s ; la famille a reçu le motif.")
        % {"child": enrolment.child},
    )
    return redirect("bookings:staff_pre_registrations")


@manager_required
@require_POST
def staff_absence_excuse(request, pk):
    absence = get_object_or_404(
        Absence.objects.filter(
            bookings__activity__structure__in=managed_structures(request.user)
        ).distinct(),
        pk=pk,
    )
    # Everything posted is read before anything is written.
    back = _day_url(request.POST)
    excused = {"1": True, "0": False}.get(request.POST.get("excused"))
    if excused is None:
        messages.error(request, _("Choisissez d'excuser l'absence ou non."))
        return redirect(back)
    try:
        services.set_absence_excused(absence, staff=request.user, excused=excused)
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Absence marquée excusée.") if excused else _("Absence non excusée."),
        )
    return redirect(back)


def _day_url(data):
    """Return the day list that posted a form, from its hidden fields."""
    structure = parse_id(data.get("structure"))
    if structure is None:
        return reverse("bookings:staff_structures")
    url = reverse("bookings:staff_structure_day", args=[structure])
    form = DayForm({"jour": data.get("jour", "")})
    if not form.is_valid():
        return url
    return f"{url}?jour={form.cleaned_data['jour']:%Y-%m-%d}"


@manager_required
def staff_book(request):
    """Book a day for a family, in the manager's structures only.

    Exceeding the capacity needs the override box and a reason, which the
    service records on the bookings and in the audit trail.
    """
    enrolments = list(
        Enrolment.objects.filter(
            activity__structure__in=managed_structures(request.user),
            status=Enrolment.Status.ACTIVE,
        )
        .select_related("child", "family", "activity")
        .prefetch_related("activity__units")
        .order_by("activity__name", "child__last_name", "child__first_name")
    )
    form = StaffBookingForm(enrolments, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enrolment = data["enrolment"]
        try:
            result = services.staff_book(
                request.user,
                enrolment.family,
                enrolment.child,
                enrolment.activity,
                data["day"],
                data["units"],
                override_capacity=data["override_capacity"],
                override_reason=data["override_reason"],
                join_waiting_list=data["join_waiting_list"],
            )
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            if result.is_refused:
                form.add_error(None, result.message)
            else:
                messages.success(request, _staff_result_message(enrolment, result))
                return redirect("bookings:staff_book")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "bookings/staff/book.html", {"form": form}, status=status)


def _staff_result_message(enrolment, result):
    values = {"child": enrolment.child, "day": date_format(result.day, "l j F Y")}
    if result.is_waiting:
        return _("%(child)s est en liste d'attente le %(day)s, rang %(position)s.") % {
            **values,
            "position": result.position,
        }
    message = _("Réservation enregistrée pour %(child)s le %(day)s.") % values
    if any(booking.capacity_override for booking in result.bookings):
        message += " " + _("Capacité dépassée : le motif est enregistré.")
    return message
