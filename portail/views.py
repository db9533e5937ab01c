from django.shortcuts import redirect, render


def landing(request):
    """Public home page; signed-in accounts go to their own home page."""
    if request.user.is_authenticated:
        return redirect("accounts:after_login")
    return render(request, "portail/landing.html")
