from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import Family


def family_required(view):
    """Restrict a view to the account of a validated family; sets request.family.

    Every family-scoped query must then filter on request.family.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.is_family:
            raise PermissionDenied
        family = (
            Family.objects.filter(account=user, status=Family.Status.VALIDATED)
            .prefetch_related("guardians")
            .first()
        )
        if family is None:
            raise PermissionDenied
        request.family = family
        return view(request, *args, **kwargs)

    wrapper.family_view = True
    return wrapper
