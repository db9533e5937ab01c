"""Forms of the family's own pages: family file, child record, permissions."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .forms import POSTCODE_PATTERN, clean_phone
from .models import AuthorisedPerson, ChildHealth, Guardian


class GuardianForm(forms.ModelForm):
    class Meta:
        model = Guardian
        fields = ["last_name", "first_name", "email", "mobile_phone", "other_phone"]
        labels = {
            "last_name": _("Nom"),
            "first_name": _("Prénom"),
            "email": _("Adresse e-mail"),
            "mobile_phone": _("Téléphone portable"),
            "other_phone": _("Autre téléphone"),
        }
        widgets = {
            "mobile_phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "other_phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }

    def __init__(self, *args, optional=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.optional = optional
        for name in ("last_name", "first_name"):
            self.fields[name].required = not optional
        if not optional:
            self.fields["mobile_phone"].required = True

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean_mobile_phone(self):
        return clean_phone(
            self.cleaned_data.get("mobile_phone"), required=not self.optional
        )

    def clean_other_phone(self):
        return clean_phone(self.cleaned_data.get("other_phone"))

    def is_empty(self):
        data = getattr(self, "cleaned_data", {})
        return not any((data.get(name) or "").strip() for name in self.Meta.fields)

    def clean(self):
        data = super().clean()
        if self.optional and not self.is_empty():
            for name in ("last_name", "first_name"):
                if not (data.get(name) or "").strip() and name not in self.errors:
                    self.add_error(
                        name,
                        _(
                            "Indiquez le nom et le prénom du parent 2, "
                            "ou laissez tout vide."
                        ),
                    )
        return data


class AddressForm(forms.Form):
    address_line1 = forms.CharField(label=_("Adresse"), max_length=255)
    address_line2 = forms.CharField(
        label=_("Complément d'adresse"), max_length=255, required=False
    )
    postcode = forms.CharField(
        label=_("Code postal"),
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    commune = forms.CharField(
        label=_("Commune"),
        max_length=100,
        help_text=_(
            "Un changement de commune est appliqué après validation du service."
        ),
    )
    payer_rank = forms.TypedChoiceField(
        label=_("Payeur des factures"),
        coerce=int,
        choices=[(1, _("Parent 1")), (2, _("Parent 2"))],
        help_text=_(
            "Un changement de payeur est appliqué après validation du service."
        ),
    )

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if not POSTCODE_PATTERN.match(value):
            raise ValidationError(
                _("Le code postal doit comporter 5 chiffres, par exemple 63000.")
            )
        return value

    def clean_commune(self):
        return self.cleaned_data["commune"].strip()


class ChildHealthForm(forms.ModelForm):
    vaccinations_up_to_date = forms.TypedChoiceField(
        label=_("Vaccinations obligatoires à jour"),
        choices=[("", _("— Non renseigné —")), ("1", _("Oui")), ("0", _("Non"))],
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
    )

    class Meta:
        model = ChildHealth
        fields = [
            "allergies",
            "diet",
            "diet_details",
            "has_pai",
            "vaccinations_up_to_date",
            "doctor_name",
            "doctor_phone",
        ]
        labels = {
            "allergies": _("Allergies"),
            "diet": _("Régime alimentaire"),
            "diet_details": _("Précisions sur le régime"),
            "has_pai": _("Mon enfant a un projet d'accueil individualisé (PAI)"),
            "doctor_name": _("Nom du médecin traitant"),
            "doctor_phone": _("Téléphone du médecin"),
        }
        help_texts = {
            "allergies": _(
                "Alimentaires, médicamenteuses ou autres ; "
                "laissez vide s'il n'y en a pas."
            ),
            "has_pai": _("Envoyez ensuite le protocole du PAI dans vos documents."),
        }
        widgets = {
            "allergies": forms.Textarea(attrs={"rows": 3}),
            "doctor_phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = {None: "", True: "1", False: "0"}
        value = self.instance.vaccinations_up_to_date
        self.initial["vaccinations_up_to_date"] = choices[value]

    def clean_doctor_phone(self):
        return clean_phone(self.cleaned_data.get("doctor_phone"))

    def clean(self):
        data = super().clean()
        if (
            data.get("diet") == ChildHealth.Diet.OTHER
            and not (data.get("diet_details") or "").strip()
        ):
            self.add_error("diet_details", _("Précisez le régime alimentaire."))
        return data


class AuthorisedPersonForm(forms.ModelForm):
    children = forms.ModelMultipleChoiceField(
        label=_("Enfants qu'elle peut venir chercher"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins un enfant.")},
    )

    class Meta:
        model = AuthorisedPerson
        fields = ["last_name", "first_name", "relationship", "phone", "children"]
        labels = {
            "last_name": _("Nom"),
            "first_name": _("Prénom"),
            "relationship": _("Lien avec l'enfant"),
            "phone": _("Téléphone"),
        }
        help_texts = {"relationship": _("Par exemple : grand-mère, voisin, nourrice.")}
        error_messages = {
            "phone": {"required": _("Indiquez un numéro de téléphone.")},
        }
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel"})}

    def __init__(self, family, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = family.children.all()

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"), required=True)


class PermissionsForm(forms.Form):
    """One switch per active permission type, for one child."""

    def __init__(self, permission_types, answers, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission_types = list(permission_types)
        self.previous_answers = answers
        for permission_type in self.permission_types:
            answer = answers.get(permission_type.pk)
            self.fields[f"permission_{permission_type.pk}"] = forms.BooleanField(
                label=permission_type.name,
                help_text=permission_type.description,
                required=False,
                initial=bool(answer and answer.granted),
                widget=forms.CheckboxInput(attrs={"role": "switch"}),
            )

    def rows(self):
        """Return (bound field, current ChildPermission or None) per permission."""
        return [
            (self[f"permission_{t.pk}"], self.previous_answers.get(t.pk))
            for t in self.permission_types
        ]

    def answers(self):
        return {
            permission_type: self.cleaned_data[f"permission_{permission_type.pk}"]
            for permission_type in self.permission_types
        }


class ChangeRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=1000,
        error_messages={"required": _("Indiquez le motif du refus.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
