"""Checks and wording shared by the booking services."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from activities.deadlines import PARIS
from families.models import Family, FamilyChild

from .exceptions import InvalidRequest, NotAllowed, NotEnrolled, NotFound
from .models import Enrolment

# Largest number of days one booking or absence request may cover.
MAX_DAYS_PER_REQUEST = 400


def clock(now):
    return now if now is not None else timezone.now()


def local_date(moment):
    return timezone.localtime(moment, PARIS).date()


def format_day(day):
    return date_format(day, "l j F Y")


def format_moment(moment):
    local = timezone.localtime(moment, PARIS)
    return _("%(day)s à %(time)s") % {
        "day": format_day(local.date()),
        "time": local.strftime("%H:%M"),
    }


def age_on(birth_date, day):
    """Return the age in whole years on `day`."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


# Checks shared by the use cases ----------------------------------------------


def check_family_child(family, child):
    if family.status != Family.Status.VALIDATED:
        raise NotAllowed(_("Votre dossier famille n'est pas encore validé."))
    if not FamilyChild.objects.filter(family=family, child=child).exists():
        raise NotFound(_("Cet enfant ne fait pas partie de votre dossier famille."))


def check_bookable(activity):
    if not (activity.is_active and activity.has_period and activity.structure_id):
        raise InvalidRequest(
            _("L'activité « %(activity)s » n'est pas ouverte aux inscriptions.")
            % {"activity": activity.name}
        )


def check_enrolled(child, activity):
    statuses = set(
        Enrolment.objects.filter(
            child=child, activity=activity, status__in=Enrolment.OPEN_STATUSES
        ).values_list("status", flat=True)
    )
    if Enrolment.Status.ACTIVE in statuses:
        return
    values = {"child": child.first_name, "activity": activity.name}
    if Enrolment.Status.PENDING in statuses:
        raise NotEnrolled(
            _(
                "La pré-inscription pour %(child)s à « %(activity)s » attend encore "
                "la validation de la structure."
            )
            % values
        )
    raise NotEnrolled(
        _(
            "Aucune inscription pour %(child)s à l'activité « %(activity)s » : "
            "faites d'abord l'inscription."
        )
        % values
    )


def eligibility_problem(child, activity, on):
    """Return why `child` may not enrol in `activity` on date `on`, or ""."""
    age = age_on(child.birth_date, on)
    values = {"child": child.first_name, "age": age}
    if activity.min_age is not None and age < activity.min_age:
        return _(
            "%(child)s a %(age)s ans : l'activité accueille les enfants à partir "
            "de %(min)s ans."
        ) % {**values, "min": activity.min_age}
    if activity.max_age is not None and age > activity.max_age:
        return _(
            "%(child)s a %(age)s ans : l'activité accueille les enfants "
            "jusqu'à %(max)s ans."
        ) % {**values, "max": activity.max_age}
    if activity.school_levels and child.school_level not in activity.school_levels:
        if not child.school_level:
            return (
                _(
                    "Indiquez la classe (%(child)s) : l'activité est réservée à "
                    "certaines classes."
                )
                % values
            )
        return _(
            "L'activité n'accueille pas la classe de cet enfant, %(child)s (%(level)s)."
        ) % {**values, "level": child.get_school_level_display()}
    return ""


def documents_message(missing):
    return _("Pièces justificatives manquantes : %(documents)s.") % {
        "documents": ", ".join(str(label) for label in missing)
    }


def check_manages(staff, activity):
    if not activity.is_managed_by(staff):
        raise NotAllowed(_("Vous ne gérez pas la structure de cette activité."))
