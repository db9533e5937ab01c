"""Sending documents: size and type read from the content, private storage."""

from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from documents.models import Document, DocumentType
from documents.testing import (
    HEIC_HEADER,
    JPEG_HEADER,
    PNG_HEADER,
    make_document_type,
    pdf_file,
)
from documents.uploads import CappedTemporaryFileUploadHandler
from documents.validators import download_name, is_heif
from portail.testing import make_family, make_user

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("documents:upload")
MEGABYTE = 1024 * 1024


@pytest.fixture
def family(client):
    family = make_family()
    client.force_login(family.account)
    return family


@pytest.fixture
def quotient():
    return make_document_type("Attestation de quotient familial")


def page_text(response):
    return unescape(response.content.decode())


def stored_files(settings):
    root = Path(settings.PRIVATE_STORAGE_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def post(client, document_type, upload, child=None):
    data = {"document_type": document_type.pk, "file": upload}
    if child is not None:
        data["child"] = child.pk
    return client.post(UPLOAD_URL, data)


def test_photo_of_14_mb_rejected_on_form(client, family, quotient, settings):
    photo = SimpleUploadedFile(
        "attestation.jpg", JPEG_HEADER + b"\0" * (14 * MEGABYTE), "image/jpeg"
    )

    response = post(client, quotient, photo)

    assert response.status_code == 200
    page = page_text(response)
    assert "dépasse la taille maximale de 10 Mo" in page
    assert "« attestation.jpg » fait 14 Mo" in page
    assert Document.objects.count() == 0
    assert stored_files(settings) == []


def test_size_limit_is_a_setting(client, family, quotient, settings):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 1 * MEGABYTE

    response = post(client, quotient, pdf_file(size=2 * MEGABYTE))

    assert "dépasse la taille maximale de 1 Mo" in page_text(response)
    assert Document.objects.count() == 0


def test_heic_named_jpg_rejected_with_advice(client, family, quotient, settings):
    photo = SimpleUploadedFile(
        "attestation_caf.jpg", HEIC_HEADER + b"\0" * 4096, "image/jpeg"
    )

    response = post(client, quotient, photo)

    page = page_text(response)
    assert response.status_code == 200
    assert "« attestation_caf.jpg » est une photo au format HEIC" in page
    assert "Envoyez un PDF, une image JPEG ou PNG" in page
    assert Document.objects.count() == 0
    assert stored_files(settings) == []


def test_html_renamed_pdf_rejected(client, family, quotient, settings):
    page_file = SimpleUploadedFile(
        "quotient.pdf",
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        "application/pdf",
    )

    response = post(client, quotient, page_file)

    page = page_text(response)
    assert response.status_code == 200
    assert "n'est ni un PDF, ni une image JPEG ou PNG" in page
    assert "application/octet-stream" not in page
    assert "il semble" not in page
    assert Document.objects.count() == 0
    assert stored_files(settings) == []


def test_pdf_of_2_mb_accepted_with_name(client, family, quotient, settings):
    response = post(client, quotient, pdf_file("quotient_été.pdf", 2 * MEGABYTE))

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.family == family
    assert document.status == Document.Status.PENDING
    assert document.original_name == "quotient_été.pdf"
    assert document.content_type == "application/pdf"
    assert document.size >= 2 * MEGABYTE
    path = Path(document.file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_STORAGE_ROOT))
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "été" not in path.name
    assert AuditEvent.objects.filter(action="document.upload", family=family).exists()


def test_download_by_owner_is_attachment(client, family, quotient):
    post(client, quotient, pdf_file("quotient_été.pdf", 2 * MEGABYTE))
    document = Document.objects.get()

    response = client.get(reverse("documents:family_download", args=[document.pk]))

    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert quote("quotient_été.pdf") in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    assert len(body) == document.size


def test_download_by_other_family_is_404(client, family, quotient):
    post(client, quotient, pdf_file("quotient_été.pdf", 2 * MEGABYTE))
    document = Document.objects.get()
    url = reverse("documents:family_download", args=[document.pk])
    client.force_login(make_family().account)

    assert client.get(url).status_code == 404


def test_download_by_anonymous_goes_to_login(client, family, quotient):
    post(client, quotient, pdf_file("quotient_été.pdf"))
    document = Document.objects.get()
    url = reverse("documents:family_download", args=[document.pk])
    client.logout()

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_png_accepted_whatever_its_name(client, family, quotient):
    image = SimpleUploadedFile("scan.pdf", PNG_HEADER + b"\0" * 2048, "image/png")

    post(client, quotient, image)

    assert Document.objects.get().content_type == "image/png"


def test_new_upload_keeps_history(client, family, quotient):
    post(client, quotient, pdf_file("premier.pdf"))
    post(client, quotient, pdf_file("second.pdf"))

    names = list(Document.objects.values_list("original_name", flat=True))
    assert sorted(names) == ["premier.pdf", "second.pdf"]
    page = client.get(reverse("documents:family_documents")).content.decode()
    assert "premier.pdf" in page
    assert "second.pdf" in page


def test_child_document_needs_own_child(client, family):
    vaccinations = make_document_type(
        "Carnet de vaccinations", scope=DocumentType.Scope.CHILD
    )
    other_child = make_family().children.get()

    missing = post(client, vaccinations, pdf_file())
    foreign = post(client, vaccinations, pdf_file(), child=other_child)
    own = post(client, vaccinations, pdf_file(), child=family.children.get())

    assert "Choisissez l'enfant que concerne ce document." in page_text(missing)
    assert foreign.status_code == 200
    assert "child" in foreign.context["form"].errors
    assert own.status_code == 302
    assert Document.objects.get().child == family.children.get()


def test_family_document_refuses_child(client, family, quotient):
    response = post(client, quotient, pdf_file(), child=family.children.get())

    assert "concerne toute la famille" in page_text(response)
    assert Document.objects.count() == 0


def test_upload_form_prefills_from_banner_link(client, family, quotient):
    response = client.get(UPLOAD_URL, {"type": quotient.pk})

    assert response.context["form"]["document_type"].value() == str(quotient.pk)


def test_capped_handler_stops_writing_past_limit(settings):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 10
    handler = CappedTemporaryFileUploadHandler()
    handler.new_file("file", "photo.jpg", "image/jpeg", 24)
    for chunk in (b"a" * 8, b"b" * 8, b"c" * 8):
        handler.receive_data_chunk(chunk, 0)

    uploaded = handler.file_complete(24)

    assert uploaded.size == 24
    assert uploaded.read() == b"a" * 8 + b"bbb"


def test_download_name_follows_detected_type(client, family, quotient):
    image = SimpleUploadedFile(
        "attestation.html",
        JPEG_HEADER + b"<html><script>1</script></html>",
        "text/html",
    )
    post(client, quotient, image)
    document = Document.objects.get()

    response = client.get(reverse("documents:family_download", args=[document.pk]))
    staff = make_user(Role.AGENT)
    client.force_login(staff)
    staff_response = client.get(reverse("documents:staff_download", args=[document.pk]))
    page = page_text(
        client.get(reverse("documents:staff_document", args=[document.pk]))
    )

    for answer in (response, staff_response):
        assert answer["Content-Type"] == "image/jpeg"
        assert 'filename="attestation.html.jpg"' in answer["Content-Disposition"]
    assert document.original_name == "attestation.html"
    assert "attestation.html" in page
    assert "attestation.html.jpg" not in page


@pytest.mark.parametrize(
    "name, content_type, expected",
    [
        ("quotient_été.pdf", "application/pdf", "quotient_été.pdf"),
        ("scan.PDF", "application/pdf", "scan.PDF"),
        ("photo.jpeg", "image/jpeg", "photo.jpeg"),
        ("photo.JPG", "image/jpeg", "photo.JPG"),
        ("scan.pdf", "image/png", "scan.pdf.png"),
        ("attestation.svg", "image/jpeg", "attestation.svg.jpg"),
        ("document", "application/pdf", "document.pdf"),
    ],
)
def test_download_name(name, content_type, expected):
    assert download_name(name, content_type) == expected


def test_file_just_over_the_limit_says_so(client, family, quotient):
    response = post(client, quotient, pdf_file(size=10 * MEGABYTE + 1))

    page = page_text(response)
    assert "fait un peu plus de 10 Mo, la taille maximale" in page
    assert "fait 10 Mo" not in page
    assert Document.objects.count() == 0


def test_refused_type_described_in_plain_words(client, family, quotient):
    archive = SimpleUploadedFile(
        "quotient.pdf", b"PK\x03\x04" + b"\0" * 200, "application/pdf"
    )

    page = page_text(post(client, quotient, archive))

    assert "(il semble s'agir d'un fichier ZIP)" in page
    assert "application/zip" not in page


@pytest.mark.parametrize("brand", [b"heix", b"hevc", b"heim"])
def test_heic_brands_get_the_heic_advice(client, family, quotient, brand):
    header = b"\x00\x00\x00\x18ftyp" + brand + b"\x00\x00\x00\x00mif1" + brand
    photo = SimpleUploadedFile("photo.jpg", header + b"\0" * 4096, "image/jpeg")

    page = page_text(post(client, quotient, photo))

    assert "« photo.jpg » est une photo au format HEIC" in page
    assert Document.objects.count() == 0


def test_heic_detection_leaves_avif_alone():
    avif = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"
    generic_heic = b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heix"

    assert not is_heif(avif)
    assert is_heif(generic_heic)
    assert not is_heif(JPEG_HEADER)


def test_private_folders_are_private(client, family, quotient, settings):
    post(client, quotient, pdf_file())
    document = Document.objects.get()

    folder = Path(document.file.path).parent
    assert folder.stat().st_mode & 0o777 == 0o700
    assert Path(document.file.path).stat().st_mode & 0o777 == 0o600
