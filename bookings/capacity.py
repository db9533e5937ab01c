"""Capacity under a lock: one Slot row per unit and day, locked in order.

Every service that books, cancels or promotes first locks the Slot rows of
the units and days it touches, sorted by (unit id, day), then counts the
BOOKED rows. Taking the locks in that one order keeps two requests from
waiting on each other. SQLite ignores SELECT ... FOR UPDATE, but it lets
only one transaction write at a time, which serialises the same checks.
"""

from collections import Counter

from django.db.models import Count

from .models import Booking, Slot


def ensure_slots(pairs):
    """Create the missing Slot rows for (unit id, day) pairs.

    Call it before opening the transaction that locks them, so the inserts
    are committed and never hold a row another request waits for.
    """
    keys = sorted(set(pairs))
    Slot.objects.bulk_create(
        [Slot(unit_id=unit_id, day=day) for unit_id, day in keys],
        ignore_conflicts=True,
    )


def lock_slots(pairs):
    """Lock the Slot rows of (unit id, day) pairs in (unit id, day) order.

    Must run inside a transaction. Returns the set of pairs locked; a pair
    whose row is missing raises, because it would go unprotected.
    """
    keys = set(pairs)
    if not keys:
        return keys
    unit_ids = {unit_id for unit_id, _day in keys}
    days = {day for _unit_id, day in keys}
    rows = (
        Slot.objects.select_for_update()
        .filter(unit_id__in=unit_ids, day__in=days)
        .order_by("unit_id", "day")
        .values_list("unit_id", "day")
    )
    locked = set(rows)
    missing = keys - locked
    if missing:
        raise RuntimeError(
            f"Slot rows missing for {sorted(missing)}; call ensure_slots"
        )
    return locked


def booked_counts(pairs):
    """Return a Counter of BOOKED rows per (unit id, day) among `pairs`."""
    keys = set(pairs)
    if not keys:
        return Counter()
    rows = (
        Booking.objects.filter(
            status=Booking.Status.BOOKED,
            unit_id__in={unit_id for unit_id, _day in keys},
            day__in={day for _unit_id, day in keys},
        )
        .values_list("unit_id", "day")
        .annotate(total=Count("id"))
        .order_by()
    )
    return Counter({(unit_id, day): total for unit_id, day, total in rows})
