from django import forms
from django.utils.translation import gettext_lazy as _


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Indiquez le motif du refus.")},
        help_text=_("La famille reçoit ce motif par e-mail."),
    )


class DayForm(forms.Form):
    jour = forms.DateField(
        label=_("Jour"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Saisissez une date valide.")},
    )
