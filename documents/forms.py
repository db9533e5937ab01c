from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Structure

from .models import Document, DocumentType
from .validators import ACCEPTED_TYPES, check_upload


class UploadForm(forms.Form):
    document_type = forms.ModelChoiceField(
        label=_("Type de document"),
        queryset=DocumentType.objects.filter(is_active=True),
        empty_label=_("— Choisir —"),
    )
    child = forms.ModelChoiceField(
        label=_("Enfant concerné"),
        queryset=None,
        required=False,
        empty_label=_("— Toute la famille —"),
        help_text=_("Pour un document d'enfant : carnet de vaccinations, PAI…"),
    )
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, JPEG ou PNG, 10 Mo au plus."),
        widget=forms.FileInput(
            attrs={"accept": ",".join([*ACCEPTED_TYPES, *ACCEPTED_TYPES.values()])}
        ),
    )

    def __init__(self, family, *args, max_size=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = family.children.all()
        if max_size:
            self.fields["file"].help_text = _(
                "PDF, JPEG ou PNG, %(max)s Mo au plus."
            ) % {"max": max_size}

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.content_type = check_upload(uploaded)
        return uploaded

    def clean(self):
        data = super().clean()
        document_type, child = data.get("document_type"), data.get("child")
        if document_type is None:
            return data
        if document_type.is_child_level and child is None:
            self.add_error("child", _("Choisissez l'enfant que concerne ce document."))
        if not document_type.is_child_level and child is not None:
            self.add_error(
                "child",
                _(
                    "Ce document concerne toute la famille : "
                    "choisissez « Toute la famille »."
                ),
            )
        return data


def activity_label(activity):
    names = [activity.name]
    parent = activity.parent
    while parent is not None:
        names.insert(0, parent.name)
        parent = parent.parent
    return " › ".join(names)


class WantedActivitiesForm(forms.Form):
    activities = forms.ModelMultipleChoiceField(
        label=_("Activités souhaitées"),
        queryset=Activity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Bookable activities are the leaves of the tree: a heading with
        # active sub-activities is not offered itself.
        queryset = (
            Activity.objects.filter(is_active=True)
            .exclude(subactivities__is_active=True)
            .select_related("parent__parent")
        )
        field = self.fields["activities"]
        field.queryset = queryset
        field.label_from_instance = activity_label


class ValidateForm(forms.Form):
    expires_on = forms.DateField(
        label=_("Valable jusqu'au"),
        required=False,
        help_text=_("Laissez vide pour garder la date calculée selon le type."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        if expires_on is not None and expires_on < timezone.localdate():
            raise ValidationError(
                _("La date de fin de validité ne peut pas être passée.")
            )
        return expires_on


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus, envoyé à la famille"),
        max_length=1000,
        error_messages={"required": _("Indiquez le motif du refus.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Indiquez le motif du refus."))
        return reason


class QueueFilterForm(forms.Form):
    statut = forms.ChoiceField(
        label=_("État"),
        required=False,
        choices=[("", _("Tous"))] + list(Document.Status.choices),
    )
    type = forms.ModelChoiceField(
        label=_("Type"),
        required=False,
        queryset=DocumentType.objects.all(),
        empty_label=_("Tous"),
    )
    structure = forms.ModelChoiceField(
        label=_("Structure"),
        required=False,
        queryset=Structure.objects.all(),
        empty_label=_("Toutes"),
    )
    activite = forms.ModelChoiceField(
        label=_("Activité"),
        required=False,
        queryset=Activity.objects.select_related("parent__parent__parent"),
        empty_label=_("Toutes"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Full paths ("Accueil périscolaire › Marsac › Soir") tell apart the
        # activities that share a name, in tree order.
        field = self.fields["activite"]
        field.label_from_instance = activity_label
        field.choices = [
            ("", field.empty_label),
            *sorted(
                ((a.pk, activity_label(a)) for a in field.queryset),
                key=lambda choice: choice[1],
            ),
        ]
