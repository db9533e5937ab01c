from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms import BaseFormSet
from django.forms.utils import ErrorDict
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.auth import client_ip
from accounts.forms import TemporaryPasswordForm
from accounts.models import Role
from accounts.permissions import role_required, staff_required
from accounts.services import set_temporary_password
from bookings.views.planning import week_overview
from messaging.services import within_rate

from . import services
from .forms import (
    ChildFormSet,
    FamilySearchForm,
    Parent1Form,
    Parent2Form,
    RejectForm,
    RulesForm,
)
from .models import CommuneNotice, Family, FamilyChangeRequest
from .permissions import family_required
from .record_services import child_care_summary

validation_required = role_required(Role.AGENT)
# A family signs up once; a school's shared connection may send a few.
SIGNUPS_PER_IP_HOUR = 20


def _signup_forms(data=None):
    return {
        "parent1": Parent1Form(data, prefix="p1"),
        "parent2": Parent2Form(data, prefix="p2"),
        "children": ChildFormSet(data, prefix="children"),
        "rules": RulesForm(data, prefix="rules"),
    }


CHILD_FIELDS = (
    "last_name",
    "first_name",
    "birth_date",
    "sex",
    "school",
    "school_level",
)


def _child_count(data):
    try:
        total = int(data.get("children-TOTAL_FORMS", "1"))
    except ValueError:
        total = 1
    return min(max(total, 1), ChildFormSet.max_num)


def _with_extra_child(data):
    """Return a copy of the POST data with one more empty child form."""
    data = data.copy()
    data["children-TOTAL_FORMS"] = str(
        min(_child_count(data) + 1, ChildFormSet.max_num)
    )
    return data


def _without_child(data, removed):
    """Return a copy of the POST data without child form number `removed`."""
    data = data.copy()
    total = _child_count(data)
    if total <= 1 or not 0 <= removed < total:
        return data
    for index in range(removed, total - 1):
        for name in CHILD_FIELDS:
            data[f"children-{index}-{name}"] = data.get(
                f"children-{index + 1}-{name}", ""
            )
    for name in CHILD_FIELDS:
        data.pop(f"children-{total - 1}-{name}", None)
    data["children-TOTAL_FORMS"] = str(total - 1)
    return data


def signup(request):
    """Public sign-up: "Créer mon dossier famille"."""
    if request.user.is_authenticated:
        return redirect("accounts:after_login")
    if request.method in ("GET", "HEAD"):
        return render(request, "families/signup.html", {"forms": _signup_forms()})
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])

    if "add_child" in request.POST or "remove_child" in request.POST:
        # Redisplay what was typed with one child more or less, without
        # flagging mistakes the family has not had a chance to fix yet.
        if "add_child" in request.POST:
            data = _with_extra_child(request.POST)
        else:
            try:
                removed = int(request.POST["remove_child"])
            except ValueError:
                removed = -1
            data = _without_child(request.POST, removed)
        forms = _signup_forms(data)
        _clear_errors(forms)
        if "add_child" in request.POST:
            # Keyboard and screen reader users land on the new child's form.
            new_child = forms["children"].forms[-1]
            new_child.fields["last_name"].widget.attrs["autofocus"] = True
        return render(request, "families/signup.html", _signup_context(request, forms))

    forms = _signup_forms(request.POST)
    if all(form.is_valid() for form in forms.values()):
        if not within_rate(
            f"signup-ip:{client_ip(request)}", SIGNUPS_PER_IP_HOUR, 3600
        ):
            forms["rules"].add_error(
                None,
                _(
                    "Trop de demandes envoyées depuis votre connexion. Réessayez dans "
                    "une heure ou appelez le service."
                ),
            )
            return render(
                request, "families/signup.html", _signup_context(request, forms)
            )
        parent2 = None if forms["parent2"].is_empty() else forms["parent2"].cleaned_data
        children = [
            form.cleaned_data
            for form in forms["children"].forms
            if form.has_changed() and form.cleaned_data
        ]
        services.register_family(forms["parent1"].cleaned_data, parent2, children)
        request.session["signup_commune"] = forms["parent1"].cleaned_data["commune"]
        return redirect("families:signup_done")
    return render(request, "families/signup.html", _signup_context(request, forms))


def _signup_context(request, forms):
    commune = request.POST.get("p1-commune", "")[:100]
    return {"forms": forms, "commune_notice": CommuneNotice.for_commune(commune)}


def _clear_errors(forms):
    """Validate bound forms, then drop their errors so none is displayed."""
    for form in forms.values():
        form.full_clean()
        if isinstance(form, BaseFormSet):
            for child_form in form.forms:
                child_form._errors = ErrorDict()
            form._errors = [ErrorDict() for _form in form.forms]
            form._non_form_errors = form.error_class()
        else:
            form._errors = ErrorDict()


def signup_done(request):
    commune = request.session.pop("signup_commune", "")
    notice = CommuneNotice.for_commune(commune) if commune else None
    return render(request, "families/signup_done.html", {"notice": notice})


@require_GET
def commune_notice(request):
    """htmx fragment: the notice for the commune being typed, or nothing."""
    notice = CommuneNotice.for_commune(request.GET.get("p1-commune", "")[:100])
    return render(request, "families/_commune_notice.html", {"notice": notice})


@family_required
def home(request):
    family = request.family
    children = family.children.select_related("school")
    context = {
        "family": family,
        "children": children,
        "week": week_overview(family),
    }
    return render(request, "families/home.html", context)


@staff_required
def staff_dashboard(request):
    counts = Family.objects.aggregate(
        pending=Count("id", filter=Q(status=Family.Status.PENDING)),
        validated=Count("id", filter=Q(status=Family.Status.VALIDATED)),
    )
    counts["changes"] = FamilyChangeRequest.objects.filter(
        status=FamilyChangeRequest.Status.PENDING
    ).count()
    return render(request, "families/staff/dashboard.html", {"counts": counts})


@validation_required
def staff_family_list(request):
    status, query = FamilySearchForm(request.GET).filters()
    families = Family.objects.select_related("account").prefetch_related(
        "guardians", "children"
    )
    if status != "all":
        families = families.filter(status=status)
    if query:
        families = families.filter(
            Q(guardians__last_name__icontains=query)
            | Q(account__email__icontains=query)
            | Q(children__last_name__icontains=query)
            | Q(commune__icontains=query)
        ).distinct()
    families = families.order_by("created_at") if status == "pending" else families
    context = {
        "families": families[:200],
        "status": status,
        "query": query,
        "statuses": Family.Status.choices,
    }
    return render(request, "families/staff/family_list.html", context)


def _family_detail_context(family, **forms):
    children = list(family.children.select_related("school"))
    for child in children:
        child.care = child_care_summary(child, family)
    return {
        "family": family,
        "children": children,
        "pending_change": family.change_requests.filter(
            status=FamilyChangeRequest.Status.PENDING
        ).exists(),
        "events": family.audit_events.select_related("actor")[:100],
        "reject_form": forms.get("reject_form") or RejectForm(),
        "password_form": forms.get("password_form") or TemporaryPasswordForm(),
    }


def _get_family(pk):
    return get_object_or_404(
        Family.objects.select_related("account").prefetch_related("guardians"), pk=pk
    )


@validation_required
def staff_family_detail(request, pk):
    family = _get_family(pk)
    return render(
        request, "families/staff/family_detail.html", _family_detail_context(family)
    )


@validation_required
@require_POST
def staff_family_validate(request, pk):
    family = _get_family(pk)
    try:
        services.validate_family(family, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Dossier validé. Un lien pour choisir le mot de passe a été envoyé à %(email)s."
            )
            % {"email": family.account.email},
        )
    return redirect("families:staff_family_detail", pk=family.pk)


@validation_required
@require_POST
def staff_family_reject(request, pk):
    family = _get_family(pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject_family(family, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Dossier refusé ; la famille a reçu le motif."))
        return redirect("families:staff_family_detail", pk=family.pk)
    context = _family_detail_context(family, reject_form=form)
    return render(request, "families/staff/family_detail.html", context, status=200)


@validation_required
@require_POST
def staff_family_reopen(request, pk):
    family = _get_family(pk)
    try:
        services.reopen_family(family, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Dossier remis en attente de validation."))
    return redirect("families:staff_family_detail", pk=family.pk)


@validation_required
@require_POST
def staff_family_resend_link(request, pk):
    family = _get_family(pk)
    try:
        services.resend_set_password_link(family, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Un nouveau lien a été envoyé à %(email)s.")
            % {"email": family.account.email},
        )
    return redirect("families:staff_family_detail", pk=family.pk)


@validation_required
@require_POST
def staff_family_temporary_password(request, pk):
    family = _get_family(pk)
    form = TemporaryPasswordForm(request.POST)
    if family.status != Family.Status.VALIDATED:
        messages.error(
            request, _("Validez le dossier avant de définir un mot de passe.")
        )
        return redirect("families:staff_family_detail", pk=family.pk)
    if form.is_valid():
        try:
            set_temporary_password(
                family.account,
                form.cleaned_data["password"],
                request.user,
                family=family,
            )
        except ValidationError as error:
            form.add_error("password", error)
        else:
            messages.success(
                request,
                _(
                    "Mot de passe temporaire enregistré : la famille devra le changer "
                    "à sa première connexion."
                ),
            )
            return redirect("families:staff_family_detail", pk=family.pk)
    context = _family_detail_context(family, password_form=form)
    return render(request, "families/staff/family_detail.html", context, status=200)
