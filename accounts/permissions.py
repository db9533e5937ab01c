"""Role checks for staff views.

Anonymous visitors are sent to the login page; a signed-in account without
the role gets 403, so a family account never reaches a staff page.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import Role


def role_required(*roles):
    """Restrict a view to active accounts holding one of `roles` (admins pass)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_roles = roles
        return wrapper

    return decorator


staff_required = role_required(Role.AGENT, Role.MANAGER, Role.ACCOUNTANT)
agent_required = role_required(Role.AGENT)
