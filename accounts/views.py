from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, resolve_url
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .forms import EmailLoginForm, EmailPasswordResetForm, NewPasswordChangeForm
from .services import clear_login_failures


class LoginView(auth_views.LoginView):
    form_class = EmailLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_success_url(self):
        url = super().get_success_url()
        # A `next` back to this page would loop for a signed-in account.
        if url.split("?", 1)[0] == self.request.path:
            return resolve_url("accounts:after_login")
        return url


def after_login(request):
    """Send each account to its own home page."""
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if user.is_family:
        return redirect("families:home")
    return redirect("families:staff_dashboard")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = NewPasswordChangeForm
    success_url = reverse_lazy("accounts:after_login")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.request.user.must_change_password:
            form.fields["old_password"].label = _("Mot de passe temporaire reçu")
        return form

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        messages.success(self.request, _("Votre mot de passe a été changé."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = EmailPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Set a new password from an e-mailed link; also serves first activation."""

    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("accounts:password_set_done")
    post_reset_login = False

    def form_valid(self, form):
        form.user.must_change_password = False
        response = super().form_valid(form)
        # Whoever holds the mailbox may log in again at once.
        clear_login_failures(form.user)
        return response
