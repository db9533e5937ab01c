from django import template

from documents.models import Document

register = template.Library()


@register.inclusion_tag("documents/staff/_family_documents.html")
def family_documents(family):
    """Render a family's documents for the staff family file review."""
    documents = family.documents.select_related("document_type", "child")
    return {"documents": documents}


@register.simple_tag
def pending_documents_count():
    return Document.objects.filter(status=Document.Status.PENDING).count()
