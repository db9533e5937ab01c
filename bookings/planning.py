"""The state of every (child, unit, day) cell of a family's calendar.

The family's planning and booking pages show what the services would do
with each cell: booked, available, full, past its deadline... `Planning`
loads a whole date range for any number of children and activities in a
fixed number of queries, so no template tag or cell runs a query.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from django.db.models import Count
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from activities.calendar import calendars_for
from activities.deadlines import day_start
from activities.french_calendar import monday_of
from activities.models import Activity

from .gates import planning_documents_checker
from .models import Absence, Booking, Enrolment
from .queries import waiting_ranks
from .rules import clock, local_date


class State:
    """Cell states, with the legend's colour as the CSS class suffix."""

    BOOKED = "booked"  # blue: cancellable free of charge
    DUE = "due"  # green: booked, cancellation no longer allowed
    AVAILABLE = "available"  # yellow
    CANCELLED = "cancelled"  # orange
    FULL = "full"  # dark grey
    WAITING = "waiting"  # purple
    PENDING = "pending"  # pink: enrolment awaiting the structure's decision
    CLOSED = "closed"  # the activity does not open that day
    LATE = "late"  # open, but past the booking deadline
    DOCUMENTS = "documents"  # open, but a required document is not validated


# (short label shown in the cell, rest of the label read by screen readers,
# symbol): each state reads without colour.
STATE_LABELS = {
    State.BOOKED: (
        gettext_lazy("Réservé"),
        gettext_lazy(", annulable sans frais"),
        "✓",
    ),
    State.DUE: (
        gettext_lazy("Non annulable"),
        gettext_lazy(" : réservé, le jour est dû"),
        "●",
    ),
    State.AVAILABLE: (gettext_lazy("Disponible"), "", "○"),
    State.CANCELLED: (gettext_lazy("Annulé"), "", "✕"),
    State.FULL: (gettext_lazy("Complet"), "", "■"),
    State.WAITING: (gettext_lazy("Liste d'attente"), "", "◔"),
    State.PENDING: (
        gettext_lazy("À valider"),
        gettext_lazy(" : pré-inscription en attente de validation"),
        "…",
    ),
    State.CLOSED: (
        gettext_lazy("Fermé"),
        gettext_lazy(" : la structure n'ouvre pas"),
        "–",
    ),
    State.LATE: (gettext_lazy("Clos"), gettext_lazy(" : réservation close"), "×"),
    State.DOCUMENTS: (
        gettext_lazy("Pièces manquantes"),
        gettext_lazy(" : réservation possible une fois les documents validés"),
        "!",
    ),
}
LEGEND_STATES = [
    State.BOOKED,
    State.DUE,
    State.AVAILABLE,
    State.CANCELLED,
    State.FULL,
    State.WAITING,
    State.PENDING,
    State.DOCUMENTS,
    State.LATE,
    State.CLOSED,
]


def format_long_day(day):
    """Return "mercredi 14 octobre 2026" in the active language."""
    return _long_day(day, get_language())


@lru_cache(maxsize=2048)
def _long_day(day, language):
    # A month page names each day once per cell, and formatting a date costs
    # more than the rest of the cell. So each (day, language) name is cached.
    return date_format(day, "l j F Y")


def cell_id(child_id, unit_id, day):
    """Return the HTML id of a cell, stable across reloads and htmx swaps."""
    return f"case-{child_id}-{unit_id}-{day:%Y%m%d}"


@dataclass
class Cell:
    """One child, one unit, one day, in the state the family would find now."""

    child: object
    activity: object
    unit: object
    day: date
    state: str
    booking: object = None
    position: int | None = None
    surcharged: bool = False
    reason: str = ""
    cancellation_deadline: object = None
    # True when the family could book this cell now (maybe on the waiting list).
    bookable: bool = False
    # The absence reported on this booking, if any.
    absence: object = None

    @property
    def dom_id(self):
        return cell_id(self.child.pk, self.unit.pk, self.day)

    @property
    def day_name(self):
        return format_long_day(self.day)

    @property
    def short_label(self):
        return STATE_LABELS[self.state][0]

    @property
    def label_detail(self):
        return STATE_LABELS[self.state][1]

    @property
    def label(self):
        return f"{self.short_label}{self.label_detail}"

    @property
    def symbol(self):
        return STATE_LABELS[self.state][2]

    @property
    def extra_text(self):
        """Rank, surcharge, absence and cancellation, shown after the label."""
        parts = []
        if self.state == State.WAITING and self.position:
            parts.append(_("rang %(position)s") % {"position": self.position})
        if self.surcharged:
            parts.append(_("tarif majoré"))
        if self.absence is not None:
            parts.append(
                _("absence signalée, excusée")
                if self.absence.excused
                else _("absence signalée")
            )
        if self.state == State.FULL and self.booking is not None:
            parts.append(_("réservation annulée"))
        return ", ".join(parts)

    @property
    def slot(self):
        """The value of this cell in a booking form: YYYY-MM-DD:<unit id>."""
        return f"{self.day:%Y-%m-%d}:{self.unit.pk}"

    @property
    def status_text(self):
        """The state in words: label, rank, surcharge."""
        extra = self.extra_text
        return f"{self.label}, {extra}" if extra else str(self.label)

    @property
    def accessible_name(self):
        """For example "mercredi 14 octobre 2026, Soir, Réservé, annulable sans frais"."""
        return f"{format_long_day(self.day)}, {self.unit.name}, {self.status_text}"


@dataclass
class GridDay:
    day: date
    in_range: bool
    cells: list = field(default_factory=list)
    closed_reason: str = ""


@dataclass
class Section:
    """One child in one activity over the date range, as weeks of weekday columns."""

    child: object
    activity: object
    path: str
    enrolment: object
    weekdays: list
    weeks: list
    # DocumentProblems that block booking some of the shown days.
    documents: list = field(default_factory=list)

    @property
    def weekday_names(self):
        monday = date(2026, 1, 5)
        return [
            date_format(monday + timedelta(days=weekday), "l")
            for weekday in self.weekdays
        ]

    def cells(self):
        for week in self.weeks:
            for grid_day in week:
                if grid_day is not None:
                    yield from grid_day.cells


class Planning:
    """Cells of a family's children between `start` and `end`, both included.

    `children` and `activities` narrow what is shown. By default it covers
    every child of the family in every activity where the child is enrolled,
    pre-registered or has a booking in the range. It runs the same number of
    queries whatever the number of children, activities and days.
    """

    def __init__(self, family, start, end, *, children=None, activities=None, now=None):
        self.family = family
        self.start = start
        self.end = end
        self.now = clock(now)
        self.today = local_date(self.now)
        if children is None:
            children = family.children.order_by("birth_date", "first_name")
        self.children = list(children)
        wanted = None if activities is None else {a.pk for a in activities}
        self._load(wanted)

    # Loading --------------------------------------------------------------

    def _load(self, wanted):
        child_ids = [child.pk for child in self.children]
        enrolments = Enrolment.objects.filter(
            family=self.family,
            child_id__in=child_ids,
            status__in=Enrolment.OPEN_STATUSES,
        )
        self.enrolments = {(e.child_id, e.activity_id): e for e in enrolments}
        rows = Booking.objects.filter(
            family=self.family,
            child_id__in=child_ids,
            day__range=(self.start, self.end),
            status__in=[
                Booking.Status.BOOKED,
                Booking.Status.WAITING,
                Booking.Status.CANCELLED,
            ],
        ).order_by("pk")
        self.bookings = {}
        for row in rows:
            key = (row.child_id, row.unit_id, row.day)
            current = self.bookings.get(key)
            # An active row wins over an older cancelled one.
            if current is None or row.status != Booking.Status.CANCELLED:
                self.bookings[key] = row
        pairs = set(self.enrolments) | {
            (row.child_id, row.activity_id) for row in self.bookings.values()
        }
        if wanted is not None:
            # Asked for explicitly: shown even without enrolment or booking.
            pairs = {pair for pair in pairs if pair[1] in wanted} | {
                (child_id, activity_id)
                for child_id in child_ids
                for activity_id in wanted
            }
        activity_ids = {activity_id for _child, activity_id in pairs}
        self.tree = {
            pk: (parent, position, name)
            for pk, parent, position, name in Activity.objects.values_list(
                "pk", "parent_id", "position", "name"
            )
        }
        activities = (
            Activity.objects.filter(pk__in=activity_ids)
            .select_related("structure", "booking_deadline", "cancellation_deadline")
            .prefetch_related("units")
        )
        self.activities = {activity.pk: activity for activity in activities}
        self.pairs = sorted(
            (pair for pair in pairs if pair[1] in self.activities),
            key=lambda pair: (self._child_rank(pair[0]), self._tree_key(pair[1])),
        )
        parents = {pk: node[0] for pk, node in self.tree.items()}
        self.calendars = calendars_for(
            self.activities.values(), self.start, self.end, parents
        )
        unit_ids = [u.pk for a in self.activities.values() for u in a.units.all()]
        self.counts = self._booked_counts(unit_ids)
        self.positions = self._positions()
        self.absences = self._absences()
        self.documents_on = planning_documents_checker(
            self.family, list(self.activities.values())
        )
        self._document_problems = {}

    def _absences(self):
        """Return {booking id: Absence} for the shown bookings, in one query."""
        booking_ids = [row.pk for row in self.bookings.values()]
        links = Absence.bookings.through.objects.filter(
            booking_id__in=booking_ids
        ).select_related("absence")
        return {link.booking_id: link.absence for link in links}

    def document_problems(self, child, activity, day):
        """Return the DocumentProblems that block booking `day`, cached."""
        key = (child.pk, activity.pk, day)
        if key not in self._document_problems:
            self._document_problems[key] = self.documents_on(child, activity, day)
        return self._document_problems[key]

    def blocking_documents(self, child, activity):
        """Return the distinct documents missing on some shown day, in order."""
        seen = {}
        for (child_pk, activity_pk, _day), problems in self._document_problems.items():
            if child_pk == child.pk and activity_pk == activity.pk:
                for problem in problems:
                    seen.setdefault((problem.document_type.pk, problem.reason), problem)
        return list(seen.values())

    def _booked_counts(self, unit_ids):
        rows = (
            Booking.objects.filter(
                unit_id__in=unit_ids,
                day__range=(self.start, self.end),
                status=Booking.Status.BOOKED,
            )
            .values_list("unit_id", "day")
            .annotate(total=Count("id"))
            .order_by()
        )
        return {(unit_id, day): total for unit_id, day, total in rows}

    def _positions(self):
        """Return {waiting request id: rank} for the family's waiting requests.

        Always one query, so the page's query count does not depend on data.
        """
        rows = Booking.objects.filter(
            activity_id__in=list(self.activities),
            day__range=(self.start, self.end),
            status=Booking.Status.WAITING,
        ).select_related("unit", "waiting_request")
        return waiting_ranks(rows)

    def _child_rank(self, child_id):
        return next(
            (i for i, child in enumerate(self.children) if child.pk == child_id), 0
        )

    def _chain(self, activity_id):
        chain = []
        node = activity_id
        while node is not None and node not in chain:
            chain.append(node)
            node = self.tree.get(node, (None,))[0]
        return list(reversed(chain))

    def _tree_key(self, activity_id):
        return [self.tree[node][1:] for node in self._chain(activity_id)]

    def path(self, activity_id):
        """Return "Accueil périscolaire › Périscolaire de Marsac › Soir"."""
        return " › ".join(self.tree[node][2] for node in self._chain(activity_id))

    # States ----------------------------------------------------------------

    def cell(self, child, activity, unit, day):
        """Return the Cell of `child` on `unit` of `activity` on `day`."""
        booking = self.bookings.get((child.pk, unit.pk, day))
        make = lambda state, **kw: Cell(child, activity, unit, day, state, **kw)  # noqa: E731
        if booking is not None and booking.status == Booking.Status.BOOKED:
            deadline = activity.cancellation_deadline_for(day)
            state = State.BOOKED if self.now < deadline else State.DUE
            return make(
                state,
                booking=booking,
                surcharged=booking.surcharged,
                cancellation_deadline=deadline,
                absence=self.absences.get(booking.pk),
            )
        if booking is not None and booking.status == Booking.Status.WAITING:
            return make(
                State.WAITING,
                booking=booking,
                position=self.positions.get(booking.waiting_request_id),
                surcharged=booking.surcharged,
            )
        status = self.calendars[activity.pk].status(day)
        if not status.is_open:
            return make(State.CLOSED, reason=status.reason)
        enrolment = self.enrolments.get((child.pk, activity.pk))
        late, surcharged, reason = self._lateness(activity, day)
        if enrolment is None:
            late, reason = True, reason or _("aucune inscription en cours")
        elif not enrolment_active(enrolment):
            return make(State.PENDING, booking=booking, reason=reason)
        full = self.counts.get((unit.pk, day), 0) >= unit.capacity
        problems = [] if late else self.document_problems(child, activity, day)
        if problems:
            late = True
            reason = ", ".join(str(p.document_type.name) for p in problems)
        if booking is not None and not (full and not late):
            # Cancelled stays visible; rebooking waits for the documents.
            return make(
                State.CANCELLED, booking=booking, reason=reason, bookable=not late
            )
        if problems:
            return make(State.DOCUMENTS, reason=reason)
        if late:
            return make(State.LATE, reason=reason)
        # A cancelled day whose place went to someone else is full like any other.
        return make(
            State.FULL if full else State.AVAILABLE,
            booking=booking,
            surcharged=surcharged,
            bookable=True,
        )

    def _lateness(self, activity, day):
        """Return (late, surcharged, reason) for a family booking `day` now."""
        if day == self.today:
            return True, False, _("aujourd'hui : réservation close")
        if day < self.today:
            return True, False, _("ce jour est passé")
        deadline = activity.booking_deadline_for(day)
        if self.now < deadline:
            return False, False, ""
        if activity.late_booking == Activity.LateBooking.SURCHARGE and (
            self.now < day_start(day)
        ):
            return False, True, ""
        return (
            True,
            False,
            _("délai de réservation dépassé depuis le %(deadline)s")
            % {"deadline": date_format(deadline, "j F Y, H:i")},
        )

    # Layout ----------------------------------------------------------------

    def sections(self):
        """Return a Section per (child, activity), in the catalogue's order."""
        children = {child.pk: child for child in self.children}
        return [
            self.section(children[child_id], self.activities[activity_id])
            for child_id, activity_id in self.pairs
        ]

    def section(self, child, activity):
        units = list(activity.units.all())
        booked_days = {
            day
            for (child_id, _unit, day), row in self.bookings.items()
            if child_id == child.pk and row.activity_id == activity.pk
        }
        calendar = self.calendars[activity.pk]
        weekdays = sorted(
            set(activity.weekdays)
            | {day.weekday() for day in booked_days}
            | {day.weekday() for day in calendar.extra_openings}
        )
        weeks = []
        monday = monday_of(self.start)
        while monday <= self.end:
            week = []
            for weekday in weekdays:
                day = monday + timedelta(days=weekday)
                in_range = self.start <= day <= self.end
                grid_day = GridDay(day, in_range)
                if in_range:
                    grid_day.cells = [
                        self.cell(child, activity, unit, day) for unit in units
                    ]
                    if all(c.state == State.CLOSED for c in grid_day.cells):
                        grid_day.closed_reason = grid_day.cells[0].reason
                week.append(grid_day)
            weeks.append(week)
            monday += timedelta(days=7)
        return Section(
            child,
            activity,
            self.path(activity.pk),
            self.enrolments.get((child.pk, activity.pk)),
            weekdays,
            weeks,
            self.blocking_documents(child, activity),
        )


def enrolment_active(enrolment):
    return enrolment.status == Enrolment.Status.ACTIVE


def month_bounds(day):
    """Return the first and last days of the month of `day`."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def week_bounds(day):
    monday = monday_of(day)
    return monday, monday + timedelta(days=6)
