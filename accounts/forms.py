from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
)
from django.utils.translation import gettext_lazy as _

from messaging.services import queue_email, render_email, within_rate

from .models import User, normalize_email


class EmailLoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _(
            "Adresse e-mail ou mot de passe incorrect. Vérifiez votre saisie ; "
            "après 5 essais, le compte est bloqué 15 minutes."
        ),
        "inactive": _("Ce compte n'est pas encore activé."),
    }

    def clean_username(self):
        return normalize_email(self.cleaned_data.get("username"))


class EmailPasswordResetForm(PasswordResetForm):
    """Password reset whose e-mails go through the outbox.

    Active accounts that never chose a password (a validated family whose
    first link expired) get a link too. Inactive ones (pending or rejected
    files) get nothing. At most three e-mails an hour go to one address.
    """

    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self):
        return normalize_email(self.cleaned_data.get("email"))

    def get_users(self, email):
        users = User.objects.filter(email=normalize_email(email), is_active=True)
        if users and not within_rate(f"reset:{normalize_email(email)}", 3, 3600):
            return []
        return list(users)

    def send_mail(
        self, subject_template_name, email_template_name, context, *args, **kwargs
    ):
        template = email_template_name.removesuffix(".txt")
        subject, body = render_email(template, context)
        queue_email(subject, body, [context["email"]])


class TemporaryPasswordForm(forms.Form):
    """Staff form: a password given to parent 1 by phone, changed at first login."""

    password = forms.CharField(
        label=_("Mot de passe temporaire"),
        min_length=10,
        max_length=128,
        help_text=_(
            "Au moins 10 caractères. Communiquez-le par téléphone : la famille "
            "devra le changer à sa première connexion."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class NewPasswordChangeForm(PasswordChangeForm):
    """Password change that refuses to keep the current password.

    After a temporary password, keeping it would leave the account with a
    password the service knows.
    """

    def clean(self):
        data = super().clean()
        new_password = data.get("new_password2")
        if new_password and self.user.check_password(new_password):
            self.add_error(
                "new_password1",
                _("Choisissez un mot de passe différent de l'actuel."),
            )
        return data
