"""Demo catalogue for the 2026-2027 school year, with enrolments and bookings.

Every step looks up what exists first, so running it again adds nothing.
Bookings are made through the services at the time of the run, from the
next bookable days on; past the school year they are skipped.
"""

from datetime import date, time, timedelta

from django.utils import timezone

from activities.calendar import OpeningCalendar
from activities.deadlines import DeadlineKind
from activities.models import Activity, Closure, DeadlineRule, Unit
from bookings import services
from bookings.exceptions import BookingError
from bookings.models import Absence, Booking, Enrolment

YEAR_START = date(2026, 9, 1)
YEAR_END = date(2027, 7, 3)
# The summer leisure centre runs until the end of August.
SUMMER_END = date(2027, 8, 27)
PRIMARY_LEVELS = ["PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2"]
MON, TUE, WED, THU, FRI, SAT = range(6)
# The two Wednesdays of the small outing that shows a full day.
OUTING_DAYS = (date(2027, 1, 6), date(2027, 1, 13))

Kind = Unit.Kind
Mode = Activity.EnrolmentMode
Types = Activity.BookingTypes
Calendar = Activity.SchoolCalendar


def _rule(kind, days=0, clock=time(10, 0), weekday=0):
    rule, _created = DeadlineRule.objects.get_or_create(
        kind=kind, days=days, weekday=weekday, time=clock
    )
    return rule


def _node(name, parent=None, structure=None, position=0, **fields):
    activity, _created = Activity.objects.get_or_create(
        name=name,
        parent=parent,
        defaults={"structure": structure, "position": position, **fields},
    )
    return activity


def _units(activity, units):
    for position, (name, kind, capacity, start, end) in enumerate(units):
        Unit.objects.get_or_create(
            activity=activity,
            name=name,
            defaults={
                "kind": kind,
                "capacity": capacity,
                "start_time": start,
                "end_time": end,
                "position": position,
            },
        )


def build_catalogue(structures):
    """Create the activity tree; return the bookable activities by short key."""
    after_school_rule = _rule(DeadlineKind.WORKING_DAYS, days=2)
    leisure_booking = _rule(DeadlineKind.CALENDAR_DAYS, days=7)
    two_days = _rule(DeadlineKind.CALENDAR_DAYS, days=2)
    youth_booking = _rule(DeadlineKind.PREVIOUS_WEEK, weekday=THU, clock=time(12, 0))
    sports_booking = _rule(DeadlineKind.CALENDAR_DAYS, days=2, clock=time(18, 0))
    year = {"start_date": YEAR_START, "end_date": YEAR_END}
    activities = {}

    after_school = _node("Accueil périscolaire", position=1)
    for site, key in [
        ("Périscolaire de Saint-Amant", "saint_amant"),
        ("Périscolaire de Marsac", "marsac"),
    ]:
        structure = structures[site]
        site_node = _node(site, parent=after_school, structure=structure)
        common = {
            **year,
            "structure": structure,
            "weekdays": [MON, TUE, THU, FRI],
            "school_levels": PRIMARY_LEVELS,
            "enrolment_mode": Mode.DIRECT,
            "booking_types": Types.BOTH,
            "booking_deadline": after_school_rule,
            "cancellation_deadline": after_school_rule,
        }
        morning = _node("Matin", parent=site_node, position=1, **common)
        _units(morning, [("Matin", Kind.MORNING, 20, time(7, 30), time(8, 30))])
        evening = _node("Soir", parent=site_node, position=2, **common)
        _units(evening, [("Soir", Kind.EVENING, 24, time(16, 30), time(18, 30))])
        activities[f"{key}_morning"] = morning
        activities[f"{key}_evening"] = evening

    leisure_centre = structures["Accueil de loisirs Les Grillons"]
    leisure = _node("Accueil de loisirs", structure=leisure_centre, position=2)
    leisure_rules = {
        "structure": leisure_centre,
        "min_age": 3,
        "max_age": 11,
        "enrolment_mode": Mode.PRE_REGISTRATION,
        "booking_deadline": leisure_booking,
        "cancellation_deadline": two_days,
        "late_booking": Activity.LateBooking.SURCHARGE,
    }
    wednesdays = _node(
        "Mercredis",
        parent=leisure,
        position=1,
        **year,
        **leisure_rules,
        weekdays=[WED],
        booking_types=Types.BOTH,
    )
    _units(
        wednesdays,
        [
            ("Matin", Kind.MORNING, 24, time(8, 30), time(12, 0)),
            ("Repas", Kind.LUNCH, 24, time(12, 0), time(13, 30)),
            ("Après-midi", Kind.AFTERNOON, 24, time(13, 30), time(17, 30)),
            ("Transport", Kind.TRANSPORT, 8, None, None),
        ],
    )
    holidays = _node(
        "Vacances",
        parent=leisure,
        position=2,
        start_date=date(2026, 10, 17),
        end_date=SUMMER_END,
        **leisure_rules,
        weekdays=[MON, TUE, WED, THU, FRI],
        school_calendar=Calendar.HOLIDAYS,
        booking_types=Types.OCCASIONAL,
    )
    _units(
        holidays,
        [
            ("Journée", Kind.FULL_DAY, 40, time(8, 30), time(17, 30)),
            ("Transport", Kind.TRANSPORT, 8, None, None),
        ],
    )
    Closure.objects.get_or_create(
        activity=leisure,
        start_date=date(2026, 12, 21),
        end_date=date(2027, 1, 1),
        defaults={"reason": "fermeture de fin d'année"},
    )
    activities["wednesdays"] = wednesdays
    activities["holidays"] = holidays
    # Two places only: the demo fills them to show a full day and a waiting list.
    outing = _node(
        "Sortie patinoire de janvier",
        parent=leisure,
        structure=leisure_centre,
        position=3,
        start_date=OUTING_DAYS[0],
        end_date=OUTING_DAYS[-1],
        weekdays=[WED],
        min_age=4,
        max_age=14,
        booking_types=Types.OCCASIONAL,
        booking_deadline=leisure_booking,
        cancellation_deadline=two_days,
    )
    _units(outing, [("Sortie", Kind.AFTERNOON, 2, time(13, 30), time(17, 30))])
    activities["outing"] = outing

    youth_club = structures["Espace jeunes du Livradois"]
    youth = _node("Espace jeunes", structure=youth_club, position=3)
    youth_afternoons = _node(
        "Après-midis du mercredi et du samedi",
        parent=youth,
        structure=youth_club,
        **year,
        weekdays=[WED, SAT],
        min_age=11,
        max_age=17,
        enrolment_mode=Mode.PRE_REGISTRATION,
        booking_types=Types.BOTH,
        booking_deadline=youth_booking,
        cancellation_deadline=two_days,
    )
    _units(
        youth_afternoons,
        [("Après-midi", Kind.AFTERNOON, 16, time(14, 0), time(18, 0))],
    )
    activities["youth"] = youth_afternoons

    sports_structure = structures["Ateliers sports intercommunaux"]
    sports = _node("Ateliers sports", structure=sports_structure, position=4)
    for name, weekday, ages, capacity, key in [
        ("Multisports (6-10 ans)", TUE, (6, 10), 12, "multisports"),
        ("Escalade (11-14 ans)", THU, (11, 14), 10, "climbing"),
    ]:
        workshop = _node(
            name,
            parent=sports,
            structure=sports_structure,
            **year,
            weekdays=[weekday],
            min_age=ages[0],
            max_age=ages[1],
            enrolment_mode=Mode.PRE_REGISTRATION,
            booking_types=Types.WHOLE,
            booking_deadline=sports_booking,
            cancellation_deadline=sports_booking,
        )
        _units(workshop, [("Séance", Kind.OTHER, capacity, time(17, 0), time(18, 30))])
        activities[key] = workshop
    return activities


def _enrol(family, child, activity, manager=None):
    """Enrol `child`, accepting the pre-registration when `manager` is given."""
    open_enrolment = Enrolment.objects.filter(
        child=child, activity=activity, status__in=Enrolment.OPEN_STATUSES
    ).first()
    if open_enrolment is not None:
        return open_enrolment
    try:
        enrolment = services.enrol(family, child, activity, actor=family.account)
        if manager is not None and enrolment.status == Enrolment.Status.PENDING:
            services.decide_pre_registration(enrolment, manager=manager, accept=True)
    except BookingError:
        return None
    return enrolment


def _has_bookings(child, activity):
    return Booking.objects.filter(child=child, activity=activity).exists()


def enrol_and_book(families, activities, manager):
    """Enrol the validated demo children and book some of their days."""
    today = timezone.localdate()
    martin = families.get("famille.martin@demo.portail-famille.fr")
    bernard = families.get("famille.bernard@demo.portail-famille.fr")
    if martin is not None:
        children = {child.first_name: child for child in martin.children.all()}
        lea, hugo, ines = children["Léa"], children["Hugo"], children["Inès"]
        evening = activities["saint_amant_evening"]
        if _enrol(martin, lea, evening) and not _has_bookings(lea, evening):
            _book_whole(martin, lea, evening, [MON, TUE, THU, FRI], today, 8)
        morning = activities["saint_amant_morning"]
        if _enrol(martin, hugo, morning) and not _has_bookings(hugo, morning):
            _book_next(martin, hugo, morning, today, count=3)
        wednesdays = activities["wednesdays"]
        if _enrol(martin, lea, wednesdays, manager) and not _has_bookings(
            lea, wednesdays
        ):
            _book_next(martin, lea, wednesdays, today, count=2, units=3)
        # Left pending for the manager to decide in the demo.
        _enrol(martin, ines, activities["youth"])
    if bernard is not None:
        noah = bernard.children.first()
        wednesdays = activities["wednesdays"]
        if _enrol(bernard, noah, wednesdays, manager) and not _has_bookings(
            noah, wednesdays
        ):
            _book_next(bernard, noah, wednesdays, today, count=4, units=4)
        _enrol(bernard, noah, activities["multisports"])
        _report_absence(bernard, noah, wednesdays)
    if martin is not None and bernard is not None:
        show_every_state(martin, bernard, activities, today)


def show_every_state(martin, bernard, activities, today):
    """Give the Martin planning each legend state once (run before the demo
    documents exist, so that no missing document refuses these bookings).

    This week (booked earlier, so past the cancellation deadline: green), a
    surcharged late booking, a cancelled day, a full outing and a rank on
    its waiting list; Inès's youth club pre-registration stays pending.
    """
    children = {child.first_name: child for child in martin.children.all()}
    lea, hugo = children["Léa"], children["Hugo"]
    weeks_ago = timezone.now() - timedelta(weeks=3)
    morning = activities["saint_amant_morning"]
    monday = today - timedelta(days=today.weekday())
    this_week = [monday + timedelta(days=n) for n in range(5)]
    if not Booking.objects.filter(child=hugo, day__in=this_week).exists():
        _book_open_days(martin, hugo, morning, this_week, now=weeks_ago)
    wednesdays = activities["wednesdays"]
    late = [today + timedelta(days=n) for n in range(1, 7)]
    if not Booking.objects.filter(child=lea, surcharged=True).exists():
        _book_open_days(martin, lea, wednesdays, late, units=1)
    _cancel_one(martin, lea, activities["saint_amant_evening"], today)
    outing = activities["outing"]
    for family, child in ((bernard, bernard.children.first()), (martin, lea)):
        if _enrol(family, child, outing) and not _has_bookings(child, outing):
            _book_open_days(family, child, outing, OUTING_DAYS)
    # Inès is enrolled but books nothing: both outing days read "Complet".
    _enrol(martin, children["Inès"], outing)
    if _enrol(martin, hugo, outing) and not _has_bookings(hugo, outing):
        try:
            services.join_waiting_list(
                martin,
                hugo,
                outing,
                OUTING_DAYS[0],
                list(outing.units.all()),
                actor=martin.account,
            )
        except BookingError:
            pass


def _book_open_days(family, child, activity, days, units=None, now=None):
    """Book the open days among `days`, ignoring refusals (deadlines...)."""
    calendar = OpeningCalendar(activity, min(days), max(days))
    open_days = [day for day in days if calendar.status(day).is_open]
    unit_list = list(activity.units.all()[:units] if units else activity.units.all())
    if not open_days:
        return
    try:
        services.book_days(
            family,
            child,
            activity,
            {day: unit_list for day in open_days},
            actor=family.account,
            now=now,
        )
    except BookingError:
        pass


def _cancel_one(family, child, activity, today):
    """Cancel the child's last booking more than a week ahead, once."""
    if Booking.objects.filter(child=child, status=Booking.Status.CANCELLED).exists():
        return
    booking = (
        Booking.objects.filter(
            child=child,
            activity=activity,
            status=Booking.Status.BOOKED,
            day__gt=today + timedelta(days=7),
        )
        .order_by("-day")
        .first()
    )
    if booking is None:
        return
    try:
        services.cancel_booking(family, booking, actor=family.account)
    except BookingError:
        pass


def _report_absence(family, child, activity):
    """Report the child ill on its first booked day, once."""
    if Absence.objects.filter(child=child).exists():
        return
    first = (
        Booking.objects.filter(child=child, activity=activity, status="booked")
        .order_by("day")
        .first()
    )
    if first is None:
        return
    services.report_absence(
        family,
        child,
        start_date=first.day,
        end_date=first.day,
        reason=Absence.Reason.ILLNESS,
        comment="Fièvre, certificat médical à suivre.",
        actor=family.account,
    )


def _book_whole(family, child, activity, weekdays, today, weeks):
    try:
        services.book_whole_activity(
            family,
            child,
            activity,
            weekdays=weekdays,
            units=activity.units.all(),
            start=today,
            end=today + timedelta(weeks=weeks),
            actor=family.account,
        )
    except BookingError:
        pass


def _book_next(family, child, activity, today, count, units=1):
    """Book the first `count` open days whose booking deadline is still ahead."""
    now = timezone.now()
    end = today + timedelta(weeks=8)
    calendar = OpeningCalendar(activity, today, end)
    days = [
        day for day in calendar.open_days() if activity.booking_deadline_for(day) > now
    ][:count]
    if not days:
        return
    unit_list = list(activity.units.all()[:units])
    try:
        services.book_days(
            family,
            child,
            activity,
            {day: unit_list for day in days},
            actor=family.account,
        )
    except BookingError:
        pass
