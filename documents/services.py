"""Supporting document use cases: send, review, and what a family still owes.

`missing_documents` is the booking gate: enrolling or booking a child in an
activity is refused while it returns anything.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from activities.calendar import ancestor_map
from audit.services import record
from families.models import Child, Family
from messaging.services import send_templated_mail

from .models import Document, DocumentType, WantedActivity
from .validators import check_upload, clean_original_name

# Documents expiring within this many days are listed in the family's banner.
EXPIRY_WARNING_DAYS = 30


class Reason:
    MISSING = "missing"
    PENDING = "pending"
    REJECTED = "rejected"
    EXPIRED = "expired"
    EXPIRING = "expiring"


@dataclass(frozen=True)
class DocumentProblem:
    """A required document that does not count on `day`, the reason, and a French message."""

    document_type: DocumentType
    child: Child | None
    reason: str
    day: date
    document: Document | None = None

    @property
    def subject(self):
        if self.child is None:
            return _("« %(type)s »") % {"type": self.document_type.name}
        return _("« %(type)s » pour %(child)s") % {
            "type": self.document_type.name,
            "child": self.child.first_name,
        }

    @property
    def message(self):
        params = {"subject": self.subject}
        if self.reason == Reason.MISSING:
            return _("%(subject)s : document manquant.") % params
        if self.reason == Reason.PENDING:
            return _("%(subject)s : en attente de validation par le service.") % params
        if self.reason == Reason.REJECTED:
            # The reason usually ends with a full stop; the message adds its own.
            params["reason"] = self.document.rejection_reason.strip().rstrip(".")
            return (
                _("%(subject)s : document refusé (%(reason)s). Envoyez-en un nouveau.")
                % params
            )
        params["until"] = date_format(self.document.expires_on, "SHORT_DATE_FORMAT")
        if self.reason == Reason.EXPIRING:
            return (
                _(
                    "%(subject)s : valable jusqu'au %(until)s, "
                    "pensez à envoyer le suivant."
                )
                % params
            )
        params["day"] = date_format(self.day, "SHORT_DATE_FORMAT")
        return (
            _("%(subject)s : valable jusqu'au %(until)s, donc plus le %(day)s.")
            % params
        )

    @property
    def upload_url(self):
        url = reverse("documents:upload") + f"?type={self.document_type.pk}"
        return url + (f"&enfant={self.child.pk}" if self.child else "")

    def __str__(self):
        return self.message


class DocumentsMissing(ValidationError):
    """Raised by `require_documents`; `problems` lists each document at fault."""

    def __init__(self, activity, problems):
        self.problems = problems
        lead = _(
            "Inscription impossible à « %(activity)s » tant que ces documents "
            "ne sont pas validés :"
        ) % {"activity": activity.name}
        super().__init__([lead, *(problem.message for problem in problems)])


# What a family needs -------------------------------------------------------


def required_document_types(activity):
    """Return the active types an activity requires, its headings' included."""
    ids = activity.ancestor_ids()
    return list(
        DocumentType.objects.filter(is_active=True, activities__in=ids).distinct()
    )


def required_types_by_activity(activities):
    """Return {activity id: required active types} for many activities at once.

    Two queries whatever the number of activities, so that the banner shown
    on every family page costs the same for every family.
    """
    activities = list(activities)
    lineages = ancestor_map([activity.pk for activity in activities])
    types = list(
        DocumentType.objects.filter(is_active=True, activities__isnull=False)
        .prefetch_related("activities")
        .distinct()
    )
    required = {}
    for activity in activities:
        lineage = set(lineages[activity.pk])
        required[activity.pk] = [
            document_type
            for document_type in types
            if any(a.pk in lineage for a in document_type.activities.all())
        ]
    return required


def relevant_activities(family, today=None):
    """Return the (child, activity) pairs whose documents the family must send.

    They are the activities the children are enrolled in (pending or active)
    and those the family marked as wanted ("activités souhaitées"), as long
    as they are not over on `today`.
    """
    from bookings.models import Enrolment

    today = today or timezone.localdate()
    current = Q(activity__is_active=True) & (
        Q(activity__end_date__isnull=True) | Q(activity__end_date__gte=today)
    )
    wanted = WantedActivity.objects.filter(current, family=family).select_related(
        "child", "activity"
    )
    enrolled = Enrolment.objects.filter(
        current, family=family, status__in=Enrolment.OPEN_STATUSES
    ).select_related("child", "activity")
    pairs = {}
    for row in [*enrolled, *wanted]:
        pairs.setdefault((row.child_id, row.activity_id), (row.child, row.activity))
    return list(pairs.values())


def _documents_of(family, types):
    documents = Document.objects.filter(family=family, document_type__in=types)
    grouped = {}
    for document in documents.select_related("document_type").order_by(
        "-uploaded_at", "-id"
    ):
        grouped.setdefault((document.document_type_id, document.child_id), []).append(
            document
        )
    return grouped


def document_problem(document_type, child, documents, day):
    """Return the DocumentProblem of one required document on `day`, or None.

    `documents` are the family's files of that type (and child), newest
    first. A validated file still valid on `day` settles the requirement.
    """
    if any(document.is_valid_on(day) for document in documents):
        return None
    problem = DocumentProblem(document_type, child, Reason.MISSING, day)
    pending = [d for d in documents if d.status == Document.Status.PENDING]
    validated = [d for d in documents if d.status == Document.Status.VALIDATED]
    if pending:
        return DocumentProblem(document_type, child, Reason.PENDING, day, pending[0])
    if documents and documents[0].status == Document.Status.REJECTED:
        return DocumentProblem(document_type, child, Reason.REJECTED, day, documents[0])
    if validated:
        return DocumentProblem(document_type, child, Reason.EXPIRED, day, validated[0])
    return problem


def missing_documents(family, child, activity, day):
    """Return a DocumentProblem for each document the booking of `child` lacks.

    Each type that `activity` (or a heading above it) requires must be
    validated and still valid on `day`: family-level types once for the
    family, child-level types for `child`. Only the family's own files count,
    even for a child shared with another family.
    """
    return missing_documents_checker(family, child, activity)(day)


def missing_documents_checker(family, child, activity):
    """Load what `missing_documents` needs once; return a function of the day."""
    types = required_document_types(activity)
    documents = _documents_of(family, types)

    def problems_on(day):
        problems = []
        for document_type in types:
            concerned = child if document_type.is_child_level else None
            key = (document_type.pk, concerned.pk if concerned else None)
            problem = document_problem(
                document_type, concerned, documents.get(key, []), day
            )
            if problem is not None:
                problems.append(problem)
        return problems

    return problems_on


def family_documents_checker(family, activities):
    """Return a function (child, activity, day) -> DocumentProblems.

    It loads the required types of all `activities` and the family's files
    in three queries, for pages that show many children and activities.
    """
    types_of = required_types_by_activity(activities)
    types = {t.pk: t for found in types_of.values() for t in found}
    documents = _documents_of(family, list(types.values()))

    def problems_on(child, activity, day):
        problems = []
        for document_type in types_of.get(activity.pk, []):
            concerned = child if document_type.is_child_level else None
            key = (document_type.pk, concerned.pk if concerned else None)
            problem = document_problem(
                document_type, concerned, documents.get(key, []), day
            )
            if problem is not None:
                problems.append(problem)
        return problems

    return problems_on


def require_documents(family, child, activity, day):
    """Raise DocumentsMissing unless `missing_documents` returns nothing."""
    problems = missing_documents(family, child, activity, day)
    if problems:
        raise DocumentsMissing(activity, problems)


class BannerAlerts(list):
    """The banner's problems, split into those to act on and those pending."""

    @property
    def to_send(self):
        return [a for a in self if a.reason != Reason.PENDING]

    @property
    def pending(self):
        return [a for a in self if a.reason == Reason.PENDING]


def document_alerts(family, today=None, *, include_pending=False):
    """Return the problems the family banner lists on `today`.

    Missing, rejected or expired documents for the family's relevant
    activities and for the PAI of its children, those expiring within
    EXPIRY_WARNING_DAYS, and every type whose latest file was rejected.
    With `include_pending`, also the required documents awaiting review,
    which block booking until validated.
    """
    today = today or timezone.localdate()
    needed = {}
    pairs = relevant_activities(family, today)
    types_of = required_types_by_activity({activity for _child, activity in pairs})
    for child, activity in pairs:
        for document_type in types_of[activity.pk]:
            concerned = child if document_type.is_child_level else None
            key = (document_type.pk, concerned.pk if concerned else None)
            needed.setdefault(key, (document_type, concerned))
    pai_types = DocumentType.objects.filter(is_active=True, required_with_pai=True)
    for child in family.children.filter(health__has_pai=True):
        for document_type in pai_types:
            concerned = child if document_type.is_child_level else None
            key = (document_type.pk, concerned.pk if concerned else None)
            needed.setdefault(key, (document_type, concerned))
    grouped = _documents_of(family, DocumentType.objects.all())
    for key, documents in grouped.items():
        if documents[0].status == Document.Status.REJECTED and key not in needed:
            needed[key] = (documents[0].document_type, documents[0].child)
    alerts = []
    for key, (document_type, child) in needed.items():
        documents = grouped.get(key, [])
        problem = document_problem(document_type, child, documents, today)
        if problem is None:
            problem = _expiring(document_type, child, documents, today)
        if problem is None or (
            problem.reason == Reason.PENDING and not include_pending
        ):
            continue
        alerts.append(problem)
    return BannerAlerts(
        sorted(alerts, key=lambda a: (a.child is not None, str(a.subject)))
    )


def _expiring(document_type, child, documents, today):
    valid = [d for d in documents if d.is_valid_on(today)]
    if any(d.expires_on is None for d in valid) or any(
        d.status == Document.Status.PENDING for d in documents
    ):
        return None
    best = max(valid, key=lambda d: d.expires_on)
    if best.expires_on <= today + timedelta(days=EXPIRY_WARNING_DAYS):
        return DocumentProblem(document_type, child, Reason.EXPIRING, today, best)
    return None


# Use cases ------------------------------------------------------------------


def _check_target(family, document_type, child, today):
    if not document_type.is_active:
        raise ValidationError(_("Ce type de document n'est plus demandé."))
    expires_on = document_type.expiry_for(today)
    if expires_on is not None and expires_on < today:
        # Staff have not set the next period yet: the file would arrive expired.
        raise ValidationError(
            _(
                "Les documents « %(type)s » ne sont valables que jusqu'au %(until)s "
                "et le service n'a pas encore fixé la période suivante : un document "
                "envoyé aujourd'hui serait déjà périmé. Contactez le service."
            )
            % {
                "type": document_type.name,
                "until": date_format(expires_on, "SHORT_DATE_FORMAT"),
            }
        )
    if document_type.is_child_level:
        if child is None:
            raise ValidationError(_("Choisissez l'enfant que concerne ce document."))
        if not family.children.filter(pk=child.pk).exists():
            raise ValidationError(_("Cet enfant ne fait pas partie de votre dossier."))
    elif child is not None:
        raise ValidationError(
            _("Ce document concerne toute la famille : ne choisissez pas d'enfant.")
        )


def _audit_details(document_type, **details):
    """Return the audit data of a document event: its type, and `details`.

    The file name and the rejection reason of a health document may name a
    diagnosis ("PAI_allergie_arachide.pdf"): they stay out of the audit
    trail, which the health data purge does not erase.
    """
    if document_type.holds_health_data:
        details = {}
    return {"type": document_type.name, **details}


@transaction.atomic
def upload_document(family, document_type, child, uploaded_file, actor):
    """Store a new file, pending review; earlier files of the same type stay."""
    now = timezone.now()
    _check_target(family, document_type, child, timezone.localdate(now))
    content_type = check_upload(uploaded_file)
    document = Document(
        family=family,
        child=child if document_type.is_child_level else None,
        document_type=document_type,
        original_name=clean_original_name(uploaded_file.name),
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_at=now,
        uploaded_by=actor,
        expires_on=document_type.expiry_for(timezone.localdate(now)),
    )
    document.file.save("document", uploaded_file, save=False)
    # The file is on disk before its row exists: remove it if saving fails.
    # NOTE: a rollback of an enclosing transaction leaves the file orphaned.
    try:
        document.save()
        record(
            actor,
            "document.upload",
            family=family,
            target=document,
            **_audit_details(document_type, file=document.original_name),
        )
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def _lock_pending(document):
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("family__account", "document_type", "child")
        .get(pk=document.pk)
    )
    if document.status != Document.Status.PENDING:
        raise ValidationError(_("Ce document a déjà été examiné."))
    return document


def _notify(document, template):
    send_templated_mail(
        template, {"document": document}, [document.family.account.email]
    )


@transaction.atomic
def validate_document(document, actor, expires_on=None):
    """Accept a pending document; `expires_on` replaces the computed expiry date."""
    if expires_on is not None and expires_on < timezone.localdate():
        raise ValidationError(_("La date de fin de validité ne peut pas être passée."))
    document = _lock_pending(document)
    document.status = Document.Status.VALIDATED
    document.reviewed_at = timezone.now()
    document.reviewed_by = actor
    if expires_on is not None:
        document.expires_on = expires_on
    document.save(update_fields=["status", "reviewed_at", "reviewed_by", "expires_on"])
    record(
        actor,
        "document.validate",
        family=document.family,
        target=document,
        type=document.document_type.name,
    )
    _notify(document, "documents/email/validated")
    return document


@transaction.atomic
def reject_document(document, actor, reason):
    """Reject a pending document and e-mail the family the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indiquez le motif du refus."))
    document = _lock_pending(document)
    document.status = Document.Status.REJECTED
    document.reviewed_at = timezone.now()
    document.reviewed_by = actor
    document.rejection_reason = reason
    document.save(
        update_fields=["status", "reviewed_at", "reviewed_by", "rejection_reason"]
    )
    record(
        actor,
        "document.reject",
        family=document.family,
        target=document,
        **_audit_details(document.document_type, reason=reason),
    )
    _notify(document, "documents/email/rejected")
    return document


@transaction.atomic
def set_wanted_activities(family, child, activities, actor):
    """Replace the activities a family wants for one of its children."""
    if not family.children.filter(pk=child.pk).exists():
        raise ValidationError(_("Cet enfant ne fait pas partie de votre dossier."))
    Family.objects.select_for_update().get(pk=family.pk)
    wished = WantedActivity.objects.filter(family=family, child=child)
    before = set(wished.values_list("activity_id", flat=True))
    after = {activity.pk for activity in activities}
    wished.exclude(activity_id__in=after).delete()
    WantedActivity.objects.bulk_create(
        WantedActivity(family=family, child=child, activity_id=pk)
        for pk in after - before
    )
    if before != after:
        record(
            actor,
            "activities.wanted",
            family=family,
            target=child,
            activities=sorted(after),
        )


def review_queue(
    status=Document.Status.PENDING, document_type=None, structure=None, activity=None
):
    """Return the documents staff review, oldest first, filtered as asked.

    An activity filter keeps the types that the activity (or its headings)
    requires. A structure filter keeps the documents of the children that
    attend it: a child's document when that child is enrolled (pending or
    active) in one of the structure's activities or wanted there, a family
    document when one of the family's children is. Filtering by the types
    the structure requires would miss the PAI and list families that never
    came.
    """
    from bookings.models import Enrolment

    documents = Document.objects.select_related(
        "family__account", "document_type", "child"
    ).prefetch_related("family__guardians")
    if status:
        documents = documents.filter(status=status)
    if document_type is not None:
        documents = documents.filter(document_type=document_type)
    if activity is not None:
        ids = activity.ancestor_ids()
        documents = documents.filter(document_type__activities__in=ids)
    if structure is not None:
        enrolled = Enrolment.objects.filter(
            family=OuterRef("family"),
            status__in=Enrolment.OPEN_STATUSES,
            activity__structure=structure,
        )
        wanted = WantedActivity.objects.filter(
            family=OuterRef("family"), activity__structure=structure
        )
        documents = documents.filter(
            Q(child__isnull=True) & (Exists(enrolled) | Exists(wanted))
            | Q(child__isnull=False)
            & (
                Exists(enrolled.filter(child=OuterRef("child")))
                | Exists(wanted.filter(child=OuterRef("child")))
            )
        )
    return documents.distinct().order_by("uploaded_at", "id")
