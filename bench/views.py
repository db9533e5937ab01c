"""The floor: the least work a booking request must do on this stack.

One locked capacity check and one insert per requested day, in one
transaction, behind the same middleware as the portal, with no rules.
"""

import json
from datetime import date

from django.db import transaction
from django.http import JsonResponse

from .models import FloorBooking, FloorSlot

# The bytes the static page returns; the planning benchmark sets it.
STATIC_COPY = b""


@transaction.atomic
def floor_book(request):
    if request.method != "POST" or not request.user.is_authenticated:
        return JsonResponse({"error": "POST by a signed-in account"}, status=400)
    days = sorted(date.fromisoformat(d) for d in json.loads(request.body)["days"])
    booked = 0
    for day in days:
        slot = FloorSlot.objects.select_for_update().get(day=day, unit=1)
        taken = FloorBooking.objects.filter(slot=slot).count()
        if taken < slot.capacity:
            FloorBooking.objects.create(slot=slot, family_id=request.user.pk)
            booked += 1
    return JsonResponse({"booked": booked})


def static_copy(request):
    """Serve STATIC_COPY as is: the cost of the stack without the page's work."""
    from django.http import HttpResponse

    return HttpResponse(STATIC_COPY)
