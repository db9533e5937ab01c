"""Rank of a waiting request in its line."""

from django.db.models import Q

from .models import Booking, WaitingRequest


def waiting_position(request):
    """Return the 1-based rank of a waiting request among those sharing a unit."""
    unit_ids = list(
        request.bookings.filter(status=Booking.Status.WAITING).values_list(
            "unit_id", flat=True
        )
    )
    ahead = (
        WaitingRequest.objects.filter(
            activity_id=request.activity_id,
            day=request.day,
            status=WaitingRequest.Status.WAITING,
            bookings__status=Booking.Status.WAITING,
            bookings__unit_id__in=unit_ids,
        )
        .filter(
            Q(requested_at__lt=request.requested_at)
            | Q(requested_at=request.requested_at, pk__lt=request.pk)
        )
        .distinct()
        .count()
    )
    return ahead + 1
