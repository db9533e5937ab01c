"""Django admin pages of the document and permission types."""

import pytest
from django.contrib.auth import get_user_model

from documents.models import DocumentType
from documents.testing import make_document
from portail.testing import make_family

pytestmark = pytest.mark.django_db


def test_admin_pages_open(client):
    client.force_login(get_user_model().objects.create_superuser("root@test.example"))
    document_type = DocumentType.objects.create(name="Assurance", scope="family")
    document = make_document(make_family(), document_type)
    urls = [
        "/admin/documents/documenttype/",
        "/admin/documents/documenttype/add/",
        f"/admin/documents/documenttype/{document_type.pk}/change/",
        "/admin/documents/document/",
        f"/admin/documents/document/{document.pk}/change/",
        "/admin/documents/wantedactivity/",
        "/admin/families/permissiontype/",
    ]

    statuses = {url: client.get(url).status_code for url in urls}

    assert statuses == dict.fromkeys(urls, 200)
