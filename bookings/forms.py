import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Unit

from .models import Absence, Enrolment


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Indiquez le motif du refus.")},
        help_text=_("La famille reçoit ce motif par e-mail."),
    )


class DayForm(forms.Form):
    jour = forms.DateField(
        label=_("Jour"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Saisissez une date valide.")},
    )


# Family pages -------------------------------------------------------------

# ASCII digits only: str.isdigit() accepts "²", which int() refuses, and
# int() accepts other scripts' digits and spaces. 18 digits fit a bigint.
ID_PATTERN = re.compile(r"[0-9]{1,18}")


def parse_id(value):
    """Return the database id written in `value`, or None if it is not one."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and ID_PATTERN.fullmatch(value):
        return int(value)
    return None


def parse_ids(values, allowed=None):
    """Return the set of ids among `values`, limited to `allowed` if given."""
    ids = {parse_id(value) for value in values} - {None}
    return ids if allowed is None else ids & set(allowed)


def parse_slot(value):
    """Parse "YYYY-MM-DD:<unit id>" into (date, unit id); raise ValueError."""
    day_text, _sep, unit_text = (value or "").partition(":")
    unit_id = parse_id(unit_text)
    if unit_id is None:
        raise ValueError(value)
    return date.fromisoformat(day_text), unit_id


def parse_slots(values):
    """Parse repeated slot values into ({day: {unit ids}}, [invalid values])."""
    selection = {}
    invalid = []
    for value in values:
        try:
            day, unit_id = parse_slot(value)
        except ValueError:
            invalid.append(value)
            continue
        selection.setdefault(day, set()).add(unit_id)
    return selection, invalid


def parse_days(values):
    """Parse repeated YYYY-MM-DD values into (set of dates, [invalid values])."""
    days = set()
    invalid = []
    for value in values:
        try:
            days.add(date.fromisoformat(value))
        except ValueError:
            invalid.append(value)
    return days, invalid


def parse_month(value, default):
    """Parse "YYYY-MM" into the first day of that month; `default` if invalid."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return default


def unit_label(unit):
    """Return "Périscolaire de Marsac · Matin", never "Matin · Matin".

    A leaf activity is often named like its only unit: its parent names it.
    """
    activity = unit.activity
    name = activity.name
    if name.casefold() == unit.name.casefold() and activity.parent is not None:
        name = activity.parent.name
    return f"{name} · {unit.name}"


class AbsenceForm(forms.Form):
    child = forms.TypedChoiceField(label=_("Enfant"), coerce=int)
    start_date = forms.DateField(
        label=_("Premier jour d'absence"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("Indiquez le premier jour d'absence."),
            "invalid": _("Saisissez une date valide."),
        },
    )
    end_date = forms.DateField(
        label=_("Dernier jour d'absence"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        help_text=_("Laissez vide pour une absence d'un seul jour."),
        error_messages={"invalid": _("Saisissez une date valide.")},
    )
    units = forms.TypedMultipleChoiceField(
        label=_("Unités concernées"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sans unité cochée, toutes les réservations de ces jours."),
    )
    reason = forms.ChoiceField(
        label=_("Motif"),
        choices=[("", _("Choisissez le motif"))] + list(Absence.Reason.choices),
        error_messages={"required": _("Choisissez le motif de l'absence.")},
    )
    comment = forms.CharField(
        label=_("Précisions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, family, *args, **kwargs):
        super().__init__(*args, **kwargs)
        children = family.children.order_by("birth_date", "first_name")
        self.fields["child"].choices = [(c.pk, c.first_name) for c in children]
        units = Unit.objects.filter(
            activity__enrolments__family=family,
            activity__enrolments__status=Enrolment.Status.ACTIVE,
        ).select_related("activity__parent")
        self.fields["units"].choices = sorted(
            {(u.pk, unit_label(u)) for u in units}, key=lambda choice: choice[1]
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and not end:
            data["end_date"] = start
        elif start and end and end < start:
            self.add_error(
                "end_date", _("Le dernier jour d'absence précède le premier.")
            )
        return data


class StaffBookingForm(forms.Form):
    enrolment = forms.TypedChoiceField(
        label=_("Enfant et activité"),
        coerce=int,
        error_messages={"required": _("Choisissez l'enfant et l'activité.")},
    )
    day = forms.DateField(
        label=_("Jour"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("Indiquez le jour."),
            "invalid": _("Saisissez une date valide."),
        },
    )
    units = forms.TypedMultipleChoiceField(
        label=_("Unités"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins une unité.")},
    )
    join_waiting_list = forms.BooleanField(
        label=_("Si c'est complet, mettre l'enfant en liste d'attente"),
        required=False,
    )
    override_capacity = forms.BooleanField(
        label=_("Dépasser la capacité"),
        required=False,
        help_text=_("Enregistré avec votre nom et le motif."),
    )
    override_reason = forms.CharField(
        label=_("Motif du dépassement"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, enrolments, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolments = {e.pk: e for e in enrolments}
        self.fields["enrolment"].choices = [("", _("Choisissez"))] + [
            (
                e.pk,
                f"{e.child.last_name.upper()} {e.child.first_name} · "
                f"{e.activity.name} ({e.family.reference})",
            )
            for e in enrolments
        ]
        units = sorted(
            {u for e in enrolments for u in e.activity.units.all()},
            key=lambda u: (u.activity.name, u.position, u.pk),
        )
        self.fields["units"].choices = [
            (u.pk, f"{u.activity.name} · {u.name}") for u in units
        ]

    def clean(self):
        data = super().clean()
        enrolment = self.enrolments.get(data.get("enrolment"))
        if enrolment is not None:
            data["enrolment"] = enrolment
            own = {unit.pk for unit in enrolment.activity.units.all()}
            if data.get("units") and not set(data["units"]) <= own:
                self.add_error(
                    "units",
                    _("Cochez seulement des unités de « %(activity)s ».")
                    % {"activity": enrolment.activity.name},
                )
        if (
            data.get("override_capacity")
            and not data.get("override_reason", "").strip()
        ):
            self.add_error(
                "override_reason", _("Indiquez le motif du dépassement de capacité.")
            )
        return data
