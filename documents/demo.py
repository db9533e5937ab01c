"""Demonstration document types and documents; each step is idempotent."""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from activities.models import Activity, Structure

from .models import Document, DocumentType, WantedActivity

# (heading, activity, structure name)
ACTIVITIES = [
    (
        "Accueil périscolaire",
        "Périscolaire de Saint-Amant",
        "Périscolaire de Saint-Amant",
    ),
    ("Accueil périscolaire", "Périscolaire de Marsac", "Périscolaire de Marsac"),
    ("Accueil de loisirs", "Mercredis aux Grillons", "Accueil de loisirs Les Grillons"),
    ("Espace jeunes", "Soirées de l'espace jeunes", "Espace jeunes du Livradois"),
    ("Ateliers sports", "Multisport du mercredi", "Ateliers sports intercommunaux"),
]
HEADINGS = [
    "Accueil périscolaire",
    "Accueil de loisirs",
    "Espace jeunes",
    "Ateliers sports",
]


def end_of_school_year(today):
    return date(today.year if today.month < 9 else today.year + 1, 8, 31)


def document_types(today):
    """Return (name, fields, headings that require it) for each demo type."""
    school_year_end = end_of_school_year(today)
    child, family = DocumentType.Scope.CHILD, DocumentType.Scope.FAMILY
    return [
        (
            "Attestation d'assurance",
            {
                "scope": family,
                "validity": DocumentType.Validity.FIXED_DATE,
                "valid_until": school_year_end,
                "description": "Responsabilité civile et individuelle accident.",
            },
            HEADINGS,
        ),
        (
            "Carnet de vaccinations",
            {
                "scope": child,
                "holds_health_data": True,
                "description": "Les pages des vaccinations obligatoires.",
            },
            HEADINGS,
        ),
        (
            "Attestation de quotient familial",
            {
                "scope": family,
                "validity": DocumentType.Validity.MONTHS,
                "validity_months": 12,
                "description": "Attestation de la CAF ou de la MSA de moins de 3 mois.",
            },
            [],
        ),
        (
            "Certificat médical",
            {
                "scope": child,
                "validity": DocumentType.Validity.MONTHS,
                "validity_months": 12,
                "can_excuse_absence": True,
                "holds_health_data": True,
                "description": "Non-contre-indication à la pratique sportive.",
            },
            ["Ateliers sports"],
        ),
        (
            "PAI",
            {
                "scope": child,
                "validity": DocumentType.Validity.FIXED_DATE,
                "valid_until": school_year_end,
                "holds_health_data": True,
                "required_with_pai": True,
                "description": "Le protocole du projet d'accueil individualisé signé.",
            },
            [],
        ),
        (
            "Justificatif de domicile",
            {
                "scope": family,
                "validity": DocumentType.Validity.MONTHS,
                "validity_months": 12,
                "description": "Facture d'énergie ou avis d'imposition.",
            },
            [],
        ),
    ]


def load_activities():
    """Create the demo activity tree when missing; return activities by name."""
    activities = {}
    for position, name in enumerate(HEADINGS):
        activities[name], _created = Activity.objects.get_or_create(
            name=name, parent=None, defaults={"position": position}
        )
    for heading, name, structure_name in ACTIVITIES:
        activities[name], _created = Activity.objects.get_or_create(
            name=name,
            parent=activities[heading],
            defaults={
                "structure": Structure.objects.filter(name=structure_name).first()
            },
        )
    return activities


def load_types(activities, today):
    types = {}
    for position, (name, fields, headings) in enumerate(document_types(today)):
        document_type, created = DocumentType.objects.get_or_create(
            name=name, defaults={**fields, "position": position}
        )
        if created:
            document_type.activities.set([activities[h] for h in headings])
        types[name] = document_type
    return types


def pdf_bytes(title):
    """Return a small valid PDF showing `title`."""
    text = title.encode("latin-1", "replace")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length "
        + str(len(stream)).encode()
        + b" >>\nstream\n"
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        output += f"{offset:010d} 00000 n \n".encode()
    output += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(output)


def add_document(family, document_type, child, name, status, agent, **fields):
    """Store a demo PDF as if the family had sent it."""
    content = pdf_bytes(f"{document_type.name} - {name}")
    sent = fields.pop("uploaded_at", timezone.now())
    document = Document(
        family=family,
        child=child,
        document_type=document_type,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        status=status,
        uploaded_at=sent,
        uploaded_by=family.account,
        expires_on=document_type.expiry_for(timezone.localdate(sent)),
        **fields,
    )
    if status != Document.Status.PENDING:
        document.reviewed_at = sent + timedelta(days=1)
        document.reviewed_by = agent
    document.file.save("document", ContentFile(content), save=False)
    document.save()
    return document


def load_martin_documents(family, types, activities, agent, today):
    """Give the Martin family wishes and documents in every state."""
    if family.documents.exists():
        return
    children = {child.first_name: child for child in family.children.all()}
    wishes = [
        ("Léa", "Périscolaire de Saint-Amant"),
        ("Hugo", "Mercredis aux Grillons"),
        ("Inès", "Multisport du mercredi"),
    ]
    for first_name, activity in wishes:
        WantedActivity.objects.get_or_create(
            family=family, child=children[first_name], activity=activities[activity]
        )
    validated, pending = Document.Status.VALIDATED, Document.Status.PENDING
    add_document(
        family,
        types["Attestation d'assurance"],
        None,
        "assurance_scolaire_2026.pdf",
        validated,
        agent,
    )
    add_document(
        family,
        types["Attestation de quotient familial"],
        None,
        "attestation_caf_été.pdf",
        pending,
        agent,
    )
    add_document(
        family,
        types["Carnet de vaccinations"],
        children["Léa"],
        "vaccins_léa.pdf",
        Document.Status.REJECTED,
        agent,
        rejection_reason="Les pages des vaccins obligatoires sont illisibles.",
    )
    add_document(
        family,
        types["Carnet de vaccinations"],
        children["Hugo"],
        "carnet_hugo.pdf",
        # Awaiting the agent: Hugo's free days read "Pièces manquantes" until
        # the agent validates it, then they become bookable.
        pending,
        agent,
    )
    add_document(
        family,
        types["Carnet de vaccinations"],
        children["Inès"],
        "carnet_inès.pdf",
        validated,
        agent,
    )
    # Sent eleven months ago: it expires within the 30-day warning window.
    add_document(
        family,
        types["Certificat médical"],
        children["Inès"],
        "certificat_sport_inès.pdf",
        validated,
        agent,
        uploaded_at=timezone.now() - timedelta(days=345),
    )


# The bookable activities of the booking demo that stand for the ones above.
CATALOGUE_KEYS = {
    "Mercredis aux Grillons": "wednesdays",
    "Soirées de l'espace jeunes": "youth",
    "Multisport du mercredi": "multisports",
}


def load(families, agent, catalogue=None):
    """Load the document demo for the families given by e-mail address.

    With `catalogue` (the booking demo's activities by key), wishes and
    requirements use those activities instead of creating look-alikes.
    """
    today = timezone.localdate()
    if catalogue is None:
        activities = load_activities()
    else:
        activities = {
            heading: Activity.objects.get(name=heading, parent=None)
            for heading in HEADINGS
        }
        for heading, name, _structure in ACTIVITIES:
            key = CATALOGUE_KEYS.get(name)
            activities[name] = (
                catalogue[key]
                if key
                else Activity.objects.get(name=name, parent=activities[heading])
            )
    types = load_types(activities, today)
    martin = families.get("famille.martin@demo.portail-famille.fr")
    if martin is not None:
        load_martin_documents(martin, types, activities, agent, today)
