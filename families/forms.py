import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import normalize_email
from activities.models import School

from .models import Child, Family

PHONE_PATTERN = re.compile(r"^(?:\+33|0033|0)[1-9][0-9]{8}$")
POSTCODE_PATTERN = re.compile(r"^[0-9]{5}$")
MAX_CHILDREN = 10
# The service welcomes children and young people up to 17 years old.
MAX_CHILD_AGE_YEARS = 18


def clean_phone(value, required=False):
    """Return a French phone number as 10 digits (or +33...) without separators."""
    value = (value or "").strip()
    if not value:
        if required:
            raise ValidationError(_("Indiquez un numéro de téléphone."))
        return ""
    compact = re.sub(r"[\s.\-()]", "", value)
    if not PHONE_PATTERN.match(compact):
        raise ValidationError(
            _(
                "« %(value)s » n'est pas un numéro de téléphone français valide, "
                "par exemple 06 12 34 56 78."
            ),
            params={"value": value},
        )
    return compact


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Parent1Form(forms.Form):
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        help_text=_("Elle servira d'identifiant de connexion."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    mobile_phone = forms.CharField(
        label=_("Téléphone portable"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    other_phone = forms.CharField(
        label=_("Autre téléphone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    address_line1 = forms.CharField(
        label=_("Adresse"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    address_line2 = forms.CharField(
        label=_("Complément d'adresse"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
    )
    postcode = forms.CharField(
        label=_("Code postal"),
        max_length=5,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
        ),
    )
    commune = forms.CharField(
        label=_("Commune"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])

    def clean_mobile_phone(self):
        return clean_phone(self.cleaned_data.get("mobile_phone"), required=True)

    def clean_other_phone(self):
        return clean_phone(self.cleaned_data.get("other_phone"))

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if not POSTCODE_PATTERN.match(value):
            raise ValidationError(
                _("Le code postal doit comporter 5 chiffres, par exemple 63000.")
            )
        return value


class Parent2Form(forms.Form):
    """Optional second guardian: empty, or at least a name and a first name."""

    last_name = forms.CharField(label=_("Nom"), max_length=100, required=False)
    first_name = forms.CharField(label=_("Prénom"), max_length=100, required=False)
    email = forms.EmailField(label=_("Adresse e-mail"), max_length=254, required=False)
    mobile_phone = forms.CharField(
        label=_("Téléphone portable"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )

    def clean_email(self):
        return normalize_email(self.cleaned_data.get("email"))

    def clean_mobile_phone(self):
        return clean_phone(self.cleaned_data.get("mobile_phone"))

    def clean(self):
        data = super().clean()
        if self.is_empty():
            return data
        for field in ("last_name", "first_name"):
            if not (data.get(field) or "").strip() and field not in self.errors:
                self.add_error(
                    field,
                    _(
                        "Indiquez le nom et le prénom du parent 2, ou laissez tout vide."
                    ),
                )
        return data

    def is_empty(self):
        return not any(
            (self.cleaned_data.get(name) or "").strip() for name in self.fields
        )


class ChildForm(forms.ModelForm):
    school = forms.ModelChoiceField(
        label=_("École"),
        queryset=School.objects.all(),
        required=False,
        empty_label=_("— Aucune ou autre école —"),
    )

    class Meta:
        model = Child
        fields = [
            "last_name",
            "first_name",
            "birth_date",
            "sex",
            "school",
            "school_level",
        ]
        widgets = {"birth_date": date_input()}
        labels = {
            "last_name": _("Nom"),
            "first_name": _("Prénom"),
            "birth_date": _("Date de naissance"),
            "sex": _("Sexe"),
            "school_level": _("Classe"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = [("", _("— Choisir —"))] + list(Child.Sex.choices)
        self.fields["school_level"].choices = [
            ("", _("— Non scolarisé ou inconnu —"))
        ] + list(Child.SchoolLevel.choices)
        self.fields["birth_date"].error_messages["invalid"] = _(
            "Saisissez une date valide, par exemple 14/10/2018."
        )

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if born > today:
            raise ValidationError(
                _("La date de naissance ne peut pas être dans le futur.")
            )
        oldest = date(today.year - MAX_CHILD_AGE_YEARS, today.month, min(today.day, 28))
        if born <= oldest:
            raise ValidationError(
                _(
                    "Le portail accueille les enfants et les jeunes de moins de %(age)s ans."
                ),
                params={"age": MAX_CHILD_AGE_YEARS},
            )
        return born


class BaseChildFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        filled = [
            f for f in self.forms if f.has_changed() and not self._should_delete_form(f)
        ]
        if not filled:
            raise ValidationError(_("Ajoutez au moins un enfant."))


ChildFormSet = forms.formset_factory(
    ChildForm,
    formset=BaseChildFormSet,
    extra=0,
    min_num=1,
    validate_min=False,
    max_num=MAX_CHILDREN,
    validate_max=True,
    absolute_max=MAX_CHILDREN,
)


class RulesForm(forms.Form):
    accept_rules = forms.BooleanField(
        label=_("J'ai lu et j'accepte le règlement intérieur du service."),
        error_messages={
            "required": _("Vous devez accepter le règlement pour créer votre dossier.")
        },
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus, envoyé à la famille"),
        max_length=2000,
        error_messages={"required": _("Indiquez le motif du refus.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Indiquez le motif du refus."))
        return reason


class FamilySearchForm(forms.Form):
    """Staff filter of the family files; bad values fall back to the defaults."""

    statut = forms.ChoiceField(
        choices=[*Family.Status.choices, ("all", _("Tous"))], required=False
    )
    q = forms.CharField(max_length=100, required=False)

    def filters(self):
        if not self.is_valid():
            return Family.Status.PENDING, ""
        return self.cleaned_data["statut"] or Family.Status.PENDING, self.cleaned_data[
            "q"
        ]
