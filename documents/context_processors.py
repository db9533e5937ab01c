from django.utils.functional import SimpleLazyObject

from families.models import Family


def document_alerts(request):
    """Add the missing-document banner of a signed-in family to every page.

    The list is computed only when a template reads it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_family:
        return {}

    def alerts():
        from .services import document_alerts as family_alerts

        family = Family.objects.filter(
            account=user, status=Family.Status.VALIDATED
        ).first()
        return family_alerts(family, include_pending=True) if family else []

    return {"document_alerts": SimpleLazyObject(alerts)}
