"""Django admin pages of the document and permission types."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from documents.models import Document, DocumentType
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


def test_admin_cannot_delete_documents(client):
    client.force_login(get_user_model().objects.create_superuser("root@test.example"))
    document = make_document(
        make_family(), DocumentType.objects.create(name="PAI", scope="family")
    )
    path = Path(document.file.path)

    page = client.get("/admin/documents/document/")
    response = client.post(
        f"/admin/documents/document/{document.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert "delete_selected" not in page.content.decode()
    assert Document.objects.filter(pk=document.pk).exists()
    assert path.exists()


def test_deleted_document_loses_its_file_after_commit(
    django_capture_on_commit_callbacks,
):
    family = make_family()
    document_type = DocumentType.objects.create(name="PAI", scope="family")
    kept, gone = (
        make_document(family, document_type),
        make_document(family, document_type),
    )

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            kept.delete()
            raise RuntimeError("rolled back")
        gone.delete()

    assert Path(kept.file.path).exists()
    assert not Path(gone.file.path).exists()


def test_family_cascade_removes_document_files(django_capture_on_commit_callbacks):
    family = make_family()
    document = make_document(
        family, DocumentType.objects.create(name="Assurance", scope="family")
    )
    path = Path(document.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        family.delete()

    assert not Document.objects.exists()
    assert not path.exists()
