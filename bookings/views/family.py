"""Lookups shared by the family pages: everything filters by request.family."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from activities.models import Activity

from ..forms import parse_id
from ..models import Enrolment


def family_child(request, pk):
    """Return the child `pk` of the signed-in family; 404 for any other."""
    pk = parse_id(pk)
    if pk is None:
        raise Http404
    return get_object_or_404(request.family.children, pk=pk)


def bookable_activity(pk):
    """Return an active activity with a period and a structure; 404 otherwise."""
    pk = parse_id(pk)
    if pk is None:
        raise Http404
    return get_object_or_404(
        Activity.objects.filter(
            is_active=True, start_date__isnull=False, structure__isnull=False
        ).select_related("structure", "booking_deadline", "cancellation_deadline"),
        pk=pk,
    )


def open_enrolment(family, child, activity):
    return Enrolment.objects.filter(
        family=family,
        child=child,
        activity=activity,
        status__in=Enrolment.OPEN_STATUSES,
    ).first()


def safe_next(request, default):
    """Return the `next` field when it points to this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
