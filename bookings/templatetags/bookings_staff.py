"""The structure manager's block on the staff dashboard."""

from django import template

from ..queries import managed_structures, pending_pre_registrations

register = template.Library()


@register.inclusion_tag("bookings/staff/_dashboard.html", takes_context=True)
def manager_overview(context):
    """Structures with their day list, and the pre-registrations to decide."""
    user = context["request"].user
    structures = list(managed_structures(user).order_by("name"))
    return {
        "structures": structures,
        "pending_count": pending_pre_registrations(structures).count(),
    }
