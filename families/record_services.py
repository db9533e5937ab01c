"""Use cases on a validated family file: records, permissions, pick-up persons.

Each function runs in one transaction and writes the audit trail. Values of
health fields never go to the audit trail, only the names of the fields
that changed, so that the retention purge leaves no copy behind.
"""

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record

from .models import (
    AuthorisedPerson,
    Child,
    ChildHealth,
    ChildPermission,
    Family,
    FamilyChangeRequest,
    Guardian,
)

# Family fields whose change affects billing: they wait for staff validation.
BILLING_FIELDS = ("postcode", "commune", "payer_rank")
ADDRESS_FIELDS = ("address_line1", "address_line2")
GUARDIAN_FIELDS = ("last_name", "first_name", "email", "mobile_phone", "other_phone")
CHILD_FIELDS = (
    "last_name",
    "first_name",
    "birth_date",
    "sex",
    "school",
    "school_level",
)
HEALTH_FIELDS = (
    "allergies",
    "diet",
    "diet_details",
    "has_pai",
    "vaccinations_up_to_date",
    "doctor_name",
    "doctor_phone",
)


def _lock(family):
    return Family.objects.select_for_update().get(pk=family.pk)


def _plain(value):
    """Return a value as the audit trail and change requests store it (JSON)."""
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _apply(instance, fields, data):
    """Set the changed fields; return {field: [old, new]} for those."""
    changes = {}
    for name in fields:
        if name not in data:
            continue
        old, new = getattr(instance, name), data[name]
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(instance, name, new)
    return changes


def _update_guardians(family, parent1, parent2):
    changes = {}
    guardian1 = family.guardians.get(rank=1)
    for name, change in _apply(guardian1, GUARDIAN_FIELDS, parent1).items():
        changes[f"parent1.{name}"] = change
    guardian1.save()
    guardian2 = family.guardians.filter(rank=2).first()
    if parent2 is None and guardian2 is not None:
        if family.payer_rank == 2:
            raise ValidationError(
                _("Le parent 2 est le payeur : changez d'abord le payeur.")
            )
        changes["parent2"] = [str(guardian2), None]
        guardian2.delete()
    elif parent2 is not None:
        guardian2 = guardian2 or Guardian(family=family, rank=2)
        for name, change in _apply(guardian2, GUARDIAN_FIELDS, parent2).items():
            changes[f"parent2.{name}"] = change
        guardian2.save()
    return changes


def _request_billing_changes(family, address, actor):
    """Bring the family's pending commune or payer request in line with `address`.

    A field sent back to its current value leaves the request; a request
    left without any field is withdrawn. Returns the pending request or None.
    """
    sent = {name: address[name] for name in BILLING_FIELDS if name in address}
    request = family.change_requests.filter(
        status=FamilyChangeRequest.Status.PENDING
    ).first()
    if request is None:
        request = FamilyChangeRequest(family=family, changes={})
    before = dict(request.changes)
    for name, value in sent.items():
        if getattr(family, name) != value:
            request.changes[name] = {"old": getattr(family, name), "new": value}
        else:
            request.changes.pop(name, None)
    if request.changes == before:
        return request if request.pk else None
    if not request.changes:
        request.status = FamilyChangeRequest.Status.WITHDRAWN
        request.decided_at = timezone.now()
        request.decided_by = actor
        request.save()
        record(
            actor,
            "family.change_withdraw",
            family=family,
            target=request,
            changes={name: [c["old"], c["new"]] for name, c in before.items()},
        )
        return None
    request.save()
    record(
        actor,
        "family.change_request",
        family=family,
        target=request,
        changes={name: [c["old"], c["new"]] for name, c in request.changes.items()},
    )
    return request


@transaction.atomic
def update_family_record(family, actor, parent1, parent2, address):
    """Apply the family's edits; queue commune and payer for staff validation.

    `parent2` None removes parent 2. Returns (applied changes, the pending
    FamilyChangeRequest or None).
    """
    family = _lock(family)
    if address.get("payer_rank") == 2 and parent2 is None:
        raise ValidationError(
            _("Le payeur ne peut être le parent 2 que s'il est renseigné.")
        )
    changes = _update_guardians(family, parent1, parent2)
    changes.update(_apply(family, ADDRESS_FIELDS, address))
    family.save(update_fields=list(ADDRESS_FIELDS))
    if changes:
        record(actor, "family.update", family=family, target=family, changes=changes)
    return changes, _request_billing_changes(family, address, actor)


def _lock_pending_request(change_request):
    change_request = (
        FamilyChangeRequest.objects.select_for_update()
        .select_related("family")
        .get(pk=change_request.pk)
    )
    if change_request.status != FamilyChangeRequest.Status.PENDING:
        raise ValidationError(_("Cette modification a déjà été traitée."))
    return change_request


@transaction.atomic
def approve_change_request(change_request, actor):
    """Apply the requested commune or payer change to the family file."""
    change_request = _lock_pending_request(change_request)
    family = _lock(change_request.family)
    new_values = {name: c["new"] for name, c in change_request.changes.items()}
    if (
        new_values.get("payer_rank") == 2
        and not family.guardians.filter(rank=2).exists()
    ):
        raise ValidationError(
            _("Le parent 2 n'existe plus : la famille ne peut pas le désigner payeur.")
        )
    changes = _apply(family, BILLING_FIELDS, new_values)
    family.save(update_fields=list(BILLING_FIELDS))
    change_request.status = FamilyChangeRequest.Status.APPROVED
    change_request.decided_at = timezone.now()
    change_request.decided_by = actor
    change_request.save()
    record(
        actor,
        "family.change_approve",
        family=family,
        target=change_request,
        changes=changes,
    )
    return change_request


@transaction.atomic
def reject_change_request(change_request, actor, reason):
    """Close a requested change without applying it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indiquez le motif du refus."))
    change_request = _lock_pending_request(change_request)
    change_request.status = FamilyChangeRequest.Status.REJECTED
    change_request.decided_at = timezone.now()
    change_request.decided_by = actor
    change_request.rejection_reason = reason
    change_request.save()
    record(
        actor,
        "family.change_reject",
        family=change_request.family,
        target=change_request,
        reason=reason,
    )
    return change_request


def _check_child(family, child):
    if not family.children.filter(pk=child.pk).exists():
        raise ValidationError(_("Cet enfant ne fait pas partie de votre dossier."))


@transaction.atomic
def update_child_record(family, child, actor, identity, health):
    """Save the child's identity, school and health record ("fiche enfant")."""
    _check_child(family, child)
    _lock(family)
    # Reload: a bound ModelForm has already copied the new values onto `child`.
    child = Child.objects.get(pk=child.pk)
    changes = _apply(child, CHILD_FIELDS, identity)
    child.save()
    if changes:
        record(actor, "child.update", family=family, target=child, changes=changes)
    sheet = ChildHealth.objects.filter(child=child).first() or ChildHealth(child=child)
    changed = sorted(_apply(sheet, HEALTH_FIELDS, health))
    if changed or sheet.pk is None:
        sheet.save()
    if changed:
        record(
            actor, "child.health_update", family=family, target=child, fields=changed
        )
    return child


@transaction.atomic
def set_child_permissions(family, child, answers, actor):
    """Record the family's answer to each permission; changed ones are time-stamped.

    `answers` maps a PermissionType to True (granted) or False.
    """
    _check_child(family, child)
    _lock(family)
    now = timezone.now()
    changed = []
    for permission_type, granted in answers.items():
        answer = ChildPermission.objects.filter(
            family=family, child=child, permission_type=permission_type
        ).first()
        if answer is not None and answer.granted == granted:
            continue
        answer = answer or ChildPermission(
            family=family, child=child, permission_type=permission_type
        )
        answer.granted = granted
        answer.changed_at = now
        answer.changed_by = actor
        answer.save()
        changed.append(permission_type.name)
        record(
            actor,
            "child.permission",
            family=family,
            target=child,
            permission=permission_type.name,
            granted=granted,
        )
    return changed


def _check_children(family, children):
    for child in children:
        _check_child(family, child)


@transaction.atomic
def save_authorised_person(family, actor, data, person=None):
    """Add a pick-up person, or change one of the family's."""
    _lock(family)
    children = list(data["children"])
    if not children:
        raise ValidationError(_("Cochez au moins un enfant."))
    _check_children(family, children)
    if person is not None and person.family_id != family.pk:
        raise ValidationError(_("Cette personne ne fait pas partie de votre dossier."))
    action = "person.update" if person is not None else "person.add"
    # Reload: a bound ModelForm has already copied the new values onto `person`.
    person = (
        AuthorisedPerson.objects.get(pk=person.pk)
        if person is not None
        else AuthorisedPerson(family=family)
    )
    changes = _apply(person, ("last_name", "first_name", "relationship", "phone"), data)
    person.save()
    person.children.set(children)
    record(
        actor,
        action,
        family=family,
        target=person,
        name=str(person),
        changes=changes,
        children=[child.pk for child in children],
    )
    return person


@transaction.atomic
def remove_authorised_person(family, actor, person):
    _lock(family)
    if person.family_id != family.pk:
        raise ValidationError(_("Cette personne ne fait pas partie de votre dossier."))
    record(actor, "person.remove", family=family, target=person, name=str(person))
    person.delete()


# Health data retention -------------------------------------------------------


def last_activity_end(child):
    """Return the last day of the child's activities, or None without any.

    That is the latest of the end of each activity the child is enrolled in,
    asked for (pending enrolment) or wanted by one of its families (today
    for an activity without an end, which is still running), and the last
    booked day.
    """
    from bookings.models import Booking, Enrolment
    from documents.models import WantedActivity

    today = timezone.localdate()
    enrolled = (
        Enrolment.objects.filter(child=child)
        .exclude(status=Enrolment.Status.REFUSED)
        .values_list("activity__end_date", flat=True)
    )
    wanted = WantedActivity.objects.filter(child=child).values_list(
        "activity__end_date", flat=True
    )
    ends = [end_date or today for end_date in [*enrolled, *wanted]]
    last_day = Booking.objects.filter(child=child).aggregate(last=Max("day"))["last"]
    if last_day is not None:
        ends.append(last_day)
    return max(ends) if ends else None


def _last_health_write(child):
    from documents.models import Document

    dates = [
        timezone.localdate(moment)
        for moment in Document.objects.filter(
            child=child, document_type__holds_health_data=True
        ).values_list("uploaded_at", flat=True)
    ]
    sheet = ChildHealth.objects.filter(child=child).first()
    if sheet is not None:
        dates.append(timezone.localdate(sheet.updated_at))
    return max(dates)


def children_to_purge(today, retention_months):
    """Return the children whose health data is kept past `retention_months`.

    The period runs from the later of the end of the child's last activity
    and the last write of its health data: a health record filled in after
    the last activity (for next year, say) is kept for the whole period.
    """
    if retention_months < 1:
        raise ValueError("The health data retention must be at least one month.")
    candidates = Child.objects.filter(
        Q(health__isnull=False) | Q(documents__document_type__holds_health_data=True)
    ).distinct()
    due = []
    for child in candidates:
        starts = [last_activity_end(child), _last_health_write(child)]
        start = max(day for day in starts if day is not None)
        if start + relativedelta(months=retention_months) < today:
            due.append(child)
    return due


@transaction.atomic
def purge_health_data(today, retention_months):
    """Erase the health record and health documents of each child past retention.

    Returns the number of children whose health data was erased.
    """
    from documents.models import Document

    children = children_to_purge(today, retention_months)
    for child in children:
        documents = Document.objects.filter(
            child=child, document_type__holds_health_data=True
        ).select_related("document_type", "family")
        for document in documents:
            record(
                None,
                "document.purge",
                family=document.family,
                target=document,
                type=document.document_type.name,
            )
        # The files go after the commit (see documents.models).
        documents.delete()
        ChildHealth.objects.filter(child=child).delete()
        for family in child.families.all():
            record(None, "child.health_purge", family=family, target=child)
    return len(children)


# What staff need at hand --------------------------------------------------------


def child_care_summary(child, family=None):
    """Return the health flags, permissions and pick-up persons of a child.

    For the staff family review and the day lists. With `family`, only that
    family's answers and persons; without it, those of every family of the
    child (separated parents).
    """
    permissions = ChildPermission.objects.filter(child=child).select_related(
        "permission_type"
    )
    persons = AuthorisedPerson.objects.filter(children=child)
    if family is not None:
        permissions = permissions.filter(family=family)
        persons = persons.filter(family=family)
    return {
        "health": ChildHealth.objects.filter(child=child).first(),
        "permissions": list(permissions.order_by("permission_type__position")),
        "persons": list(persons),
    }
