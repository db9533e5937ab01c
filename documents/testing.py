"""Factories for tests that need activities, document types and documents."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from activities.models import Activity

from .demo import pdf_bytes
from .models import Document, DocumentType

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
JPEG_HEADER = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
# The start of an ISO-BMFF file whose brand is HEIC, as an iPhone writes it.
HEIC_HEADER = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic\x00\x00\x00\x00"


def make_activity(name="Mercredis aux Grillons", parent=None, **fields):
    return Activity.objects.create(name=name, parent=parent, **fields)


def make_document_type(
    name="Attestation d'assurance",
    scope=DocumentType.Scope.FAMILY,
    activities=(),
    **fields,
):
    document_type = DocumentType.objects.create(name=name, scope=scope, **fields)
    document_type.activities.set(activities)
    return document_type


def pdf_file(name="attestation.pdf", size=None):
    """Return an uploaded PDF, padded with a comment up to `size` bytes."""
    content = pdf_bytes(name)
    if size is not None:
        content += b"%" + b"0" * max(size - len(content) - 2, 0) + b"\n"
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_document(family, document_type, child=None, status=None, **fields):
    """Store a document as if sent and, with `status`, reviewed."""
    content = pdf_bytes(document_type.name)
    now = timezone.now()
    defaults = {
        "original_name": "document.pdf",
        "content_type": "application/pdf",
        "size": len(content),
        "uploaded_at": now,
        "expires_on": document_type.expiry_for(timezone.localdate(now)),
        "status": status or Document.Status.PENDING,
    }
    if defaults["status"] == Document.Status.REJECTED:
        defaults["rejection_reason"] = "Illisible."
    defaults.update(fields)
    document = Document(
        family=family, child=child, document_type=document_type, **defaults
    )
    document.file.save("document", SimpleUploadedFile("d.pdf", content), save=False)
    document.save()
    return document
