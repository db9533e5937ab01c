"""Checks on an uploaded file: its size, and its real type read from its content."""

import unicodedata

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ACCEPTED_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}
# iPhones take photos in HEIF (HEIC) by default since iOS 11, so these get
# their own advice.
HEIF_TYPES = {"image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"}
# ISO-BMFF brands of HEIF images and sequences (ISO/IEC 23008-12). filetype 1.2.0
# detects only "heic", but iPhones also write "heix" and "hevc" for some photos.
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"}
# The generic HEIF brands, also used by AVIF: HEIF only with a HEIF brand above.
GENERIC_HEIF_BRANDS = {b"mif1", b"msf1"}
# filetype identifies these formats from their first bytes (signatures).
SNIFF_BYTES = 8192
# MIME type given to a file without a known signature.
UNKNOWN_TYPE = "application/octet-stream"
MEGABYTE = 1024 * 1024


def clean_original_name(name):
    """Return the file name as the family sent it, without any folder part.

    Accents stay; NFC joins the decomposed accents that macOS sends.
    """
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/")
    name = name.rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[-255:] or "document"


def download_name(original_name, content_type):
    """Return the name a file is downloaded under: its extension follows its content.

    The family's name is kept, and the extension of the type read from the
    content is added unless the name already ends with it: a JPEG sent as
    `attestation.html` downloads as `attestation.html.jpg`, so that no
    computer opens it as a web page.
    """
    extension = ACCEPTED_TYPES.get(content_type, ".bin")
    endings = (extension, ".jpeg") if extension == ".jpg" else (extension,)
    if original_name.lower().endswith(endings):
        return original_name
    return original_name + extension


def megabytes(size):
    """Return a size in bytes as a number of Mo with at most one decimal."""
    text = f"{size / MEGABYTE:.1f}".removesuffix(".0")
    return text.replace(".", ",")


def is_heif(head):
    """Tell whether the first bytes of a file are those of a HEIF image.

    An ISO-BMFF file starts with a box (4-byte size, then "ftyp"), holding
    the major brand, a minor version and the compatible brands.
    """
    if len(head) < 16 or head[4:8] != b"ftyp":
        return False
    size = int.from_bytes(head[:4], "big")
    box = head[8 : max(16, min(size, len(head)))]
    major, compatible = box[:4], {box[i : i + 4] for i in range(8, len(box) - 3, 4)}
    if major in HEIF_BRANDS:
        return True
    return major in GENERIC_HEIF_BRANDS and bool(compatible & HEIF_BRANDS)


def describe_content(content_type):
    """Return what a refused file seems to be, in plain words, or "" if unknown."""
    if content_type == UNKNOWN_TYPE:
        return ""
    kind = filetype.get_type(mime=content_type)
    return kind.extension.upper() if kind is not None else ""


def detect_content_type(uploaded_file):
    """Return the MIME type read from the file's signature, whatever its name.

    A file without a known signature (text, HTML, a renamed archive...) is
    `application/octet-stream`, which no document type accepts.
    """
    uploaded_file.seek(0)
    head = uploaded_file.read(SNIFF_BYTES)
    uploaded_file.seek(0)
    if not head:
        return "inode/x-empty"
    if is_heif(head):
        return "image/heic"
    kind = filetype.guess(head)
    return kind.mime if kind else UNKNOWN_TYPE


def check_upload(uploaded_file):
    """Return the content type of an acceptable file, else raise ValidationError.

    The file name and the type the browser declares are ignored: only the
    content counts.
    """
    name = clean_original_name(uploaded_file.name)
    limit = settings.DOCUMENT_MAX_UPLOAD_SIZE
    if uploaded_file.size > limit:
        params = {
            "name": name,
            "size": megabytes(uploaded_file.size),
            "max": megabytes(limit),
        }
        if params["size"] == params["max"]:
            # Just over the limit: "fait 10 Mo : il dépasse 10 Mo" would puzzle.
            message = _(
                "Le fichier « %(name)s » fait un peu plus de %(max)s Mo, la taille "
                "maximale. Réduisez-le (par exemple en prenant la photo en qualité "
                "moindre) puis envoyez-le à nouveau."
            )
        else:
            message = _(
                "Le fichier « %(name)s » fait %(size)s Mo : il dépasse la taille "
                "maximale de %(max)s Mo. Réduisez-le (par exemple en prenant la "
                "photo en qualité moindre) puis envoyez-le à nouveau."
            )
        raise ValidationError(message, code="too_large", params=params)
    if uploaded_file.size == 0:
        raise ValidationError(
            _("Le fichier « %(name)s » est vide."), code="empty", params={"name": name}
        )
    content_type = detect_content_type(uploaded_file)
    if content_type in HEIF_TYPES:
        raise ValidationError(
            _(
                "Le fichier « %(name)s » est une photo au format HEIC, que le portail "
                "n'accepte pas. Envoyez un PDF, une image JPEG ou PNG : sur iPhone, "
                "choisissez le format « Le plus compatible » dans Réglages > "
                "Appareil photo > Formats, ou faites une capture d'écran du document."
            ),
            code="heic",
            params={"name": name},
        )
    if content_type not in ACCEPTED_TYPES:
        kind = describe_content(content_type)
        if kind:
            message = _(
                "Le fichier « %(name)s » n'est ni un PDF, ni une image JPEG ou PNG "
                "(il semble s'agir d'un fichier %(kind)s). Envoyez un PDF, une "
                "image JPEG ou PNG."
            )
        else:
            message = _(
                "Le fichier « %(name)s » n'est ni un PDF, ni une image JPEG ou PNG. "
                "Envoyez un PDF, une image JPEG ou PNG."
            )
        raise ValidationError(message, code="type", params={"name": name, "kind": kind})
    return content_type
