from django.conf import settings
from django.shortcuts import redirect, render


def rules(request):
    """Show the service's rules, or redirect to where the local authority publishes them."""
    if settings.PORTAL_RULES_URL:
        return redirect(settings.PORTAL_RULES_URL)
    return render(request, "portail/rules.html")


def landing(request):
    """Public home page; signed-in accounts go to their own home page."""
    if request.user.is_authenticated:
        return redirect("accounts:after_login")
    return render(request, "portail/landing.html")
