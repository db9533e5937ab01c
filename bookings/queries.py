"""Read-only views of bookings for staff: a structure's day, pending decisions."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch

from accounts.models import Role
from activities.calendar import OpeningCalendar
from activities.models import Activity, Structure

from .models import Absence, Booking, Enrolment


def managed_structures(user):
    """Return the structures `user` manages; administrators see them all."""
    if user.role == Role.ADMIN:
        return Structure.objects.all()
    return user.managed_structures.all()


def pending_pre_registrations(structures):
    return (
        Enrolment.objects.filter(
            activity__structure__in=structures, status=Enrolment.Status.PENDING
        )
        .select_related("child", "family__account", "activity__structure")
        .order_by("created_at", "pk")
    )


@dataclass
class WaitingEntry:
    request: object
    position: int
    units: list


@dataclass
class UnitDay:
    unit: object
    booked: list = field(default_factory=list)
    waiting: list = field(default_factory=list)

    @property
    def occupancy(self):
        return len(self.booked)

    @property
    def free_places(self):
        return max(self.unit.capacity - self.occupancy, 0)

    @property
    def is_full(self):
        return self.occupancy >= self.unit.capacity


@dataclass
class ActivityDay:
    activity: object
    status: object
    units: list


@dataclass
class StructureDay:
    structure: object
    day: object
    activities: list
    pending: list


def _waiting_entries(rows):
    """Rank the waiting requests of one activity's day among those sharing a unit."""
    units_of = defaultdict(list)
    requests = {}
    for row in rows:
        units_of[row.waiting_request_id].append(row.unit)
        requests[row.waiting_request_id] = row.waiting_request
    ordered = sorted(requests.values(), key=lambda r: (r.requested_at, r.pk))
    entries = []
    for index, request in enumerate(ordered):
        unit_ids = {unit.pk for unit in units_of[request.pk]}
        ahead = sum(
            1
            for earlier in ordered[:index]
            if unit_ids & {unit.pk for unit in units_of[earlier.pk]}
        )
        entries.append(WaitingEntry(request, ahead + 1, units_of[request.pk]))
    return entries


def waiting_ranks(rows):
    """Return {waiting request id: rank} from WAITING rows of any activities and
    days, loaded with their unit and waiting request."""
    groups = defaultdict(list)
    for row in rows:
        groups[(row.activity_id, row.day)].append(row)
    return {
        entry.request.pk: entry.position
        for group in groups.values()
        for entry in _waiting_entries(group)
    }


@dataclass
class Care:
    """Health flags, permissions and pick-up persons of a booked child, for the staff."""

    health: object = None
    permissions: list = field(default_factory=list)
    persons: list = field(default_factory=list)


def attach_care(bookings):
    """Set `booking.care` on each booking, in three queries for the whole list.

    Permissions and pick-up persons are those of the booking's family: a
    child of separated parents may have different answers in each file.
    """
    from families.models import AuthorisedPerson, ChildHealth, ChildPermission

    child_ids = {booking.child_id for booking in bookings}
    health = {
        sheet.child_id: sheet
        for sheet in ChildHealth.objects.filter(child_id__in=child_ids)
    }
    permissions = defaultdict(list)
    for answer in (
        ChildPermission.objects.filter(child_id__in=child_ids, granted=True)
        .select_related("permission_type")
        .order_by("permission_type__position", "pk")
    ):
        permissions[(answer.family_id, answer.child_id)].append(answer.permission_type)
    persons = defaultdict(list)
    links = AuthorisedPerson.children.through.objects.filter(
        child_id__in=child_ids
    ).select_related("authorisedperson")
    for link in links:
        person = link.authorisedperson
        persons[(person.family_id, link.child_id)].append(person)
    for booking in bookings:
        key = (booking.family_id, booking.child_id)
        booking.care = Care(
            health.get(booking.child_id), permissions[key], persons[key]
        )


def _absences_seen_from(structure):
    """Absences flagged `elsewhere` when they cover another structure's
    bookings too: their comment and the excuse button are not shown here."""
    other = Booking.objects.filter(absences=OuterRef("pk")).exclude(
        activity__structure=structure
    )
    return Absence.objects.annotate(elsewhere=Exists(other)).order_by("pk")


def structure_day(structure, day):
    """Return the children booked per unit, occupancy, waiting lists and
    pending pre-registrations of `structure` on `day`."""
    activities = list(
        Activity.objects.filter(
            structure=structure,
            is_active=True,
            start_date__lte=day,
            end_date__gte=day,
        ).prefetch_related("units")
    )
    rows = (
        Booking.objects.filter(
            activity__in=activities,
            day=day,
            status__in=[Booking.Status.BOOKED, Booking.Status.WAITING],
        )
        .select_related("child", "family__account", "unit", "waiting_request")
        .prefetch_related(Prefetch("absences", queryset=_absences_seen_from(structure)))
        .order_by("child__last_name", "child__first_name", "pk")
    )
    rows = list(rows)
    attach_care(rows)
    booked = defaultdict(list)
    waiting = defaultdict(list)
    for row in rows:
        if row.status == Booking.Status.BOOKED:
            booked[row.unit_id].append(row)
        else:
            waiting[row.activity_id].append(row)
    days = []
    for activity in activities:
        entries = _waiting_entries(waiting[activity.pk])
        units = [
            UnitDay(
                unit,
                booked[unit.pk],
                [entry for entry in entries if unit in entry.units],
            )
            for unit in activity.units.all()
        ]
        status = OpeningCalendar(activity, day, day).status(day)
        days.append(ActivityDay(activity, status, units))
    pending = list(pending_pre_registrations([structure]))
    return StructureDay(structure, day, days, pending)
