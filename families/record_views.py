"""The family's own records, permissions and pick-up persons; staff review of changes.

Every family view looks objects up through request.family, so another
family's id returns 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import role_required

from . import record_services as services
from .forms import ChildForm
from .models import (
    ChildHealth,
    ChildPermission,
    FamilyChangeRequest,
    PermissionType,
)
from .permissions import family_required
from .record_forms import (
    AddressForm,
    AuthorisedPersonForm,
    ChangeRejectForm,
    ChildHealthForm,
    GuardianForm,
    PermissionsForm,
)

validation_required = role_required(Role.AGENT)


def _post_only(request):
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _pending_request(family):
    return family.change_requests.filter(
        status=FamilyChangeRequest.Status.PENDING
    ).first()


# Family file ---------------------------------------------------------------------


def _record_forms(family, data=None):
    address_initial = {
        name: getattr(family, name)
        for name in (*services.ADDRESS_FIELDS, *services.BILLING_FIELDS)
    }
    # The form shows the commune and payer the family asked for: sending it
    # again keeps the request, and putting back the current value withdraws it.
    if pending := _pending_request(family):
        address_initial.update(
            {name: change["new"] for name, change in pending.changes.items()}
        )
    parent2 = family.parent2
    return {
        "parent1": GuardianForm(data, instance=family.parent1, prefix="p1"),
        "parent2": GuardianForm(data, instance=parent2, prefix="p2", optional=True),
        "address": AddressForm(data, initial=address_initial, prefix="address"),
    }


@family_required
def family_record(request):
    family = request.family
    forms = _record_forms(family, request.POST or None)
    if request.method == "POST" and all(f.is_valid() for f in forms.values()):
        parent2 = forms["parent2"]
        try:
            changes, pending = services.update_family_record(
                family,
                request.user,
                forms["parent1"].cleaned_data,
                None if parent2.is_empty() else parent2.cleaned_data,
                forms["address"].cleaned_data,
            )
        except ValidationError as error:
            forms["address"].add_error(None, error)
        else:
            if changes:
                messages.success(request, _("Vos modifications sont enregistrées."))
            if pending is not None:
                messages.info(
                    request,
                    _(
                        "Le changement de commune ou de payeur sera appliqué après "
                        "validation par le service."
                    ),
                )
            return redirect("families:home")
    pending = _pending_request(family)
    context = {
        "forms": forms,
        "pending_rows": change_rows(pending) if pending else [],
    }
    return render(request, "families/family_record.html", context)


# Child record ---------------------------------------------------------------------


@family_required
def child_record(request, pk):
    family = request.family
    child = get_object_or_404(family.children.select_related("school"), pk=pk)
    sheet = ChildHealth.objects.filter(child=child).first() or ChildHealth(child=child)
    data = request.POST if request.method == "POST" else None
    identity_form = ChildForm(data, instance=child, prefix="child")
    health_form = ChildHealthForm(data, instance=sheet, prefix="health")
    if data is not None and identity_form.is_valid() and health_form.is_valid():
        services.update_child_record(
            family,
            child,
            request.user,
            identity_form.cleaned_data,
            health_form.cleaned_data,
        )
        messages.success(
            request,
            _("Fiche de %(name)s enregistrée.") % {"name": child.first_name},
        )
        return redirect("families:child_record", pk=child.pk)
    child.refresh_from_db()
    context = {
        "child": child,
        "identity_form": identity_form,
        "health_form": health_form,
    }
    return render(request, "families/child_record.html", context)


# Permissions and pick-up persons ---------------------------------------------


def _permission_forms(family, data=None, only=None):
    types = PermissionType.objects.filter(is_active=True)
    answers = {}
    for answer in ChildPermission.objects.filter(family=family):
        answers.setdefault(answer.child_id, {})[answer.permission_type_id] = answer
    forms = []
    for child in family.children.all():
        bound = data if only is not None and child.pk == only.pk else None
        form = PermissionsForm(
            types, answers.get(child.pk, {}), bound, prefix=f"enfant{child.pk}"
        )
        form.child = child
        forms.append(form)
    return forms


@family_required
def permissions(request):
    family = request.family
    context = {
        "forms": _permission_forms(family),
        "persons": family.authorised_persons.prefetch_related("children"),
    }
    return render(request, "families/permissions.html", context)


@family_required
def child_permissions(request, pk):
    family = request.family
    child = get_object_or_404(family.children, pk=pk)
    if not_allowed := _post_only(request):
        return not_allowed
    forms = _permission_forms(family, request.POST, only=child)
    form = next(f for f in forms if f.child == child)
    if form.is_valid():
        changed = services.set_child_permissions(
            family, child, form.answers(), request.user
        )
        if changed:
            messages.success(
                request,
                _("Autorisations de %(name)s enregistrées.")
                % {"name": child.first_name},
            )
        else:
            messages.info(request, _("Aucune autorisation n'a changé."))
    return redirect("families:permissions")


@family_required
def person_add(request):
    return _person_form(request, None)


@family_required
def person_edit(request, pk):
    person = get_object_or_404(request.family.authorised_persons, pk=pk)
    return _person_form(request, person)


def _person_form(request, person):
    family = request.family
    data = request.POST if request.method == "POST" else None
    form = AuthorisedPersonForm(family, data, instance=person)
    if data is not None and form.is_valid():
        try:
            services.save_authorised_person(
                family, request.user, form.cleaned_data, person=person
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Personne autorisée enregistrée."))
            return redirect("families:permissions")
    return render(
        request, "families/person_form.html", {"form": form, "person": person}
    )


@family_required
def person_remove(request, pk):
    family = request.family
    person = get_object_or_404(family.authorised_persons, pk=pk)
    if request.method == "POST":
        services.remove_authorised_person(family, request.user, person)
        messages.success(
            request,
            _("%(name)s ne figure plus parmi les personnes autorisées.")
            % {"name": person},
        )
        return redirect("families:permissions")
    return render(request, "families/person_remove.html", {"person": person})


# Staff: changes waiting for validation ---------------------------------------


def change_rows(change_request):
    """Return (label, old value, new value) rows to show side by side."""
    family = change_request.family
    labels = {
        "postcode": _("Code postal"),
        "commune": _("Commune"),
        "payer_rank": _("Payeur"),
    }
    rows = []
    for name, change in change_request.changes.items():
        old, new = change["old"], change["new"]
        if name == "payer_rank":
            old, new = _payer_label(family, old), _payer_label(family, new)
        rows.append((labels.get(name, name), old, new))
    return rows


def _payer_label(family, rank):
    guardian = next((g for g in family.guardians.all() if g.rank == rank), None)
    name = f" ({guardian})" if guardian else ""
    return _("Parent %(rank)s") % {"rank": rank} + name


@validation_required
def staff_change_requests(request):
    pending = (
        FamilyChangeRequest.objects.filter(status=FamilyChangeRequest.Status.PENDING)
        .select_related("family")
        .prefetch_related("family__guardians")
    )
    items = [
        {"request": change, "rows": change_rows(change), "form": ChangeRejectForm()}
        for change in pending
    ]
    return render(request, "families/staff/change_requests.html", {"items": items})


def _decide(request, pk, decision):
    change = get_object_or_404(FamilyChangeRequest, pk=pk)
    if not_allowed := _post_only(request):
        return not_allowed
    try:
        if decision == "approve":
            services.approve_change_request(change, request.user)
            messages.success(request, _("Modification acceptée et appliquée."))
        else:
            form = ChangeRejectForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Indiquez le motif du refus."))
            services.reject_change_request(
                change, request.user, form.cleaned_data["reason"]
            )
            messages.success(request, _("Modification refusée."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("families:staff_change_requests")


@validation_required
def staff_change_approve(request, pk):
    return _decide(request, pk, "approve")


@validation_required
def staff_change_reject(request, pk):
    return _decide(request, pk, "reject")
