from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import role_required
from audit.services import record
from families.permissions import family_required

from . import services
from .forms import (
    QueueFilterForm,
    RejectForm,
    UploadForm,
    ValidateForm,
    WantedActivitiesForm,
)
from .models import Document, DocumentType, WantedActivity
from .validators import download_name, megabytes

# Agents review the documents and may download them (administrators pass
# every role check). Structure managers and accountants may not.
# TODO: let managers download the health documents of children enrolled in
# their structures once enrolments exist.
review_required = role_required(Role.AGENT)


def _post_only(request):
    """Return 405 for anything but POST; call it after the object lookup."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _file_response(document):
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(document.original_name, document.content_type),
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Family pages -----------------------------------------------------------------


def _history(family):
    """Return the family's documents grouped by type and child, newest first."""
    groups = {}
    documents = family.documents.select_related("document_type", "child")
    for document in documents.order_by("document_type__position", "-uploaded_at"):
        key = (document.document_type, document.child)
        groups.setdefault(key, []).append(document)
    return [
        {"type": key[0], "child": key[1], "documents": docs}
        for key, docs in groups.items()
    ]


@family_required
def family_documents(request):
    family = request.family
    context = {
        "groups": _history(family),
        "types": DocumentType.objects.filter(is_active=True).prefetch_related(
            "activities"
        ),
    }
    return render(request, "documents/family_documents.html", context)


@family_required
def upload(request):
    family = request.family
    max_size = megabytes(settings.DOCUMENT_MAX_UPLOAD_SIZE)
    if request.method == "POST":
        form = UploadForm(family, request.POST, request.FILES, max_size=max_size)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.upload_document(
                    family,
                    data["document_type"],
                    data["child"],
                    data["file"],
                    request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Document « %(name)s » envoyé : le service va le vérifier. "
                        "Vous recevrez un e-mail."
                    )
                    % {"name": data["document_type"].name},
                )
                return redirect("documents:family_documents")
    else:
        initial = {
            "document_type": request.GET.get("type", "")[:20],
            "child": request.GET.get("enfant", "")[:20],
        }
        form = UploadForm(family, initial=initial, max_size=max_size)
    return render(request, "documents/upload.html", {"form": form})


@family_required
def family_download(request, pk):
    document = get_object_or_404(Document, pk=pk, family=request.family)
    return _file_response(document)


@family_required
def wanted_activities(request):
    """Choose the activities wanted per child; show whether enrolling is possible."""
    family = request.family
    children = list(family.children.all())
    forms = {}
    for child in children:
        prefix = f"enfant{child.pk}"
        initial = {
            "activities": WantedActivity.objects.filter(
                family=family, child=child
            ).values_list("activity_id", flat=True)
        }
        data = request.POST if request.method == "POST" else None
        forms[child] = WantedActivitiesForm(data, prefix=prefix, initial=initial)
    if request.method == "POST" and all(form.is_valid() for form in forms.values()):
        for child, form in forms.items():
            services.set_wanted_activities(
                family, child, form.cleaned_data["activities"], request.user
            )
        messages.success(request, _("Activités souhaitées enregistrées."))
        return redirect("documents:wanted_activities")
    today = timezone.localdate()
    checks = [
        {
            "child": child,
            "activity": activity,
            "problems": services.missing_documents(family, child, activity, today),
        }
        for child, activity in services.relevant_activities(family, today)
    ]
    context = {"forms": forms.items(), "checks": checks, "today": today}
    return render(request, "documents/wanted_activities.html", context)


# Staff pages -------------------------------------------------------------------


@review_required
def staff_queue(request):
    data = request.GET.copy()
    data.setdefault("statut", Document.Status.PENDING)
    form = QueueFilterForm(data)
    filters = form.cleaned_data if form.is_valid() else {"statut": "pending"}
    documents = services.review_queue(
        status=filters.get("statut") or None,
        document_type=filters.get("type"),
        structure=filters.get("structure"),
        activity=filters.get("activite"),
    )
    context = {"form": form, "documents": documents[:200]}
    return render(request, "documents/staff/queue.html", context)


def _staff_document(pk):
    return get_object_or_404(
        Document.objects.select_related(
            "family__account", "document_type", "child", "reviewed_by"
        ),
        pk=pk,
    )


def _staff_context(document, **forms):
    earlier = document.family.documents.filter(
        document_type=document.document_type, child=document.child
    ).exclude(pk=document.pk)
    return {
        "document": document,
        "earlier": earlier.select_related("reviewed_by"),
        "validate_form": forms.get("validate_form")
        or ValidateForm(initial={"expires_on": document.expires_on}),
        "reject_form": forms.get("reject_form") or RejectForm(),
    }


@review_required
def staff_document(request, pk):
    document = _staff_document(pk)
    return render(request, "documents/staff/document.html", _staff_context(document))


@review_required
def staff_validate(request, pk):
    document = _staff_document(pk)
    if not_allowed := _post_only(request):
        return not_allowed
    form = ValidateForm(request.POST)
    if form.is_valid():
        try:
            services.validate_document(
                document, request.user, form.cleaned_data["expires_on"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Document validé ; la famille est prévenue."))
            return redirect("documents:staff_queue")
        return redirect("documents:staff_document", pk=document.pk)
    context = _staff_context(document, validate_form=form)
    return render(request, "documents/staff/document.html", context)


@review_required
def staff_reject(request, pk):
    document = _staff_document(pk)
    if not_allowed := _post_only(request):
        return not_allowed
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject_document(
                document, request.user, form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Document refusé ; la famille a reçu le motif.")
            )
            return redirect("documents:staff_queue")
        return redirect("documents:staff_document", pk=document.pk)
    context = _staff_context(document, reject_form=form)
    return render(request, "documents/staff/document.html", context)


@review_required
def staff_download(request, pk):
    document = _staff_document(pk)
    record(
        request.user,
        "document.download",
        family=document.family,
        target=document,
        type=document.document_type.name,
    )
    return _file_response(document)
