"""Demonstration permissions, pick-up persons and health records; idempotent."""

from django.utils import timezone

from .models import AuthorisedPerson, ChildHealth, ChildPermission, PermissionType

PERMISSION_TYPES = [
    ("Rentrer seul à la maison", "L'enfant peut quitter l'accueil sans adulte."),
    (
        "Droit à l'image",
        "Photos et vidéos de l'enfant dans les publications du service.",
    ),
    ("Transport en car", "L'enfant peut prendre le car du service."),
    ("Sorties hors de la structure", "Promenades, piscine, sorties à la journée."),
]


def load_permission_types():
    types = []
    for position, (name, description) in enumerate(PERMISSION_TYPES):
        permission_type, _created = PermissionType.objects.get_or_create(
            name=name, defaults={"description": description, "position": position}
        )
        types.append(permission_type)
    return types


def load_martin_records(family, permission_types):
    children = {child.first_name: child for child in family.children.all()}
    if not family.authorised_persons.exists():
        person = AuthorisedPerson.objects.create(
            family=family,
            last_name="Martin",
            first_name="Monique",
            relationship="Grand-mère",
            phone="0473123456",
        )
        person.children.set([children["Léa"], children["Hugo"]])
    ChildHealth.objects.get_or_create(
        child=children["Hugo"],
        defaults={
            "allergies": "Arachides (réaction sévère)",
            "has_pai": True,
            "vaccinations_up_to_date": True,
            "doctor_name": "Dr Vidal",
            "doctor_phone": "0473654321",
        },
    )
    now = timezone.now()
    granted = {"Droit à l'image", "Sorties hors de la structure"}
    for child in children.values():
        for permission_type in permission_types:
            ChildPermission.objects.get_or_create(
                family=family,
                child=child,
                permission_type=permission_type,
                defaults={
                    "granted": permission_type.name in granted,
                    "changed_at": now,
                    "changed_by": family.account,
                },
            )


def load(families):
    permission_types = load_permission_types()
    martin = families.get("famille.martin@demo.portail-famille.fr")
    if martin is not None:
        load_martin_records(martin, permission_types)
