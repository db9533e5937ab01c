"""Load demonstration data; running it again creates no duplicates."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from activities.models import School, Structure
from audit.services import record
from documents import demo as documents_demo
from families import demo as families_demo
from families.models import Child, CommuneNotice, Family, Guardian

from ._demo_catalogue import build_catalogue, enrol_and_book

DEMO_PASSWORD = "Demo-Portail-2026"

STAFF = [
    ("agent@demo.portail-famille.fr", "Agnès", "Roux", Role.AGENT),
    ("responsable@demo.portail-famille.fr", "Romain", "Faure", Role.MANAGER),
    ("regie@demo.portail-famille.fr", "Régine", "Mercier", Role.ACCOUNTANT),
    ("admin@demo.portail-famille.fr", "Adèle", "Girard", Role.ADMIN),
]

STRUCTURES = [
    (
        "Périscolaire de Saint-Amant",
        Structure.Kind.AFTER_SCHOOL,
        "Saint-Amant-Roche-Savine",
    ),
    ("Périscolaire de Marsac", Structure.Kind.AFTER_SCHOOL, "Marsac-en-Livradois"),
    (
        "Accueil de loisirs Les Grillons",
        Structure.Kind.LEISURE_CENTRE,
        "Marsac-en-Livradois",
    ),
    (
        "Espace jeunes du Livradois",
        Structure.Kind.YOUTH_CLUB,
        "Saint-Amant-Roche-Savine",
    ),
    ("Ateliers sports intercommunaux", Structure.Kind.SPORTS, "Marsac-en-Livradois"),
]

SCHOOLS = [
    (
        "École primaire de Saint-Amant",
        "Saint-Amant-Roche-Savine",
        "Périscolaire de Saint-Amant",
    ),
    ("École Jules-Ferry de Marsac", "Marsac-en-Livradois", "Périscolaire de Marsac"),
    ("Collège du Livradois", "Marsac-en-Livradois", None),
]

# (e-mail, parent 1, parent 2, address, postcode, commune, status, children)
FAMILIES = [
    (
        "famille.martin@demo.portail-famille.fr",
        ("Martin", "Claire", "06 12 34 56 78"),
        ("Martin", "Julien", "06 98 76 54 32"),
        "4 rue des Tilleuls",
        "63890",
        "Saint-Amant-Roche-Savine",
        Family.Status.VALIDATED,
        [
            (
                "Martin",
                "Léa",
                date(2018, 3, 14),
                "F",
                "École primaire de Saint-Amant",
                "CE2",
            ),
            (
                "Martin",
                "Hugo",
                date(2021, 9, 2),
                "M",
                "École primaire de Saint-Amant",
                "MS",
            ),
            ("Martin", "Inès", date(2013, 6, 21), "F", "Collège du Livradois", "6E"),
        ],
    ),
    (
        "famille.bernard@demo.portail-famille.fr",
        ("Bernard", "Sophie", "07 11 22 33 44"),
        None,
        "12 place de l'Église",
        "63220",
        "Marsac-en-Livradois",
        Family.Status.VALIDATED,
        [
            (
                "Bernard",
                "Noah",
                date(2017, 11, 5),
                "M",
                "École Jules-Ferry de Marsac",
                "CM1",
            )
        ],
    ),
    (
        "famille.petit@demo.portail-famille.fr",
        ("Petit", "Karim", "06 55 44 33 22"),
        ("Petit", "Amina", ""),
        "2 chemin du Moulin",
        "63220",
        "Marsac-en-Livradois",
        Family.Status.PENDING,
        [
            (
                "Petit",
                "Sami",
                date(2019, 1, 30),
                "M",
                "École Jules-Ferry de Marsac",
                "CE1",
            ),
            ("Petit", "Lina", date(2022, 4, 18), "F", None, ""),
        ],
    ),
    (
        "famille.dubois@demo.portail-famille.fr",
        ("Dubois", "Marc", "06 01 02 03 04"),
        None,
        "8 boulevard Henri-IV",
        "63600",
        "Ambert",
        Family.Status.PENDING,
        [("Dubois", "Tom", date(2016, 8, 9), "M", None, "CM2")],
    ),
]


class Command(BaseCommand):
    help = (
        "Load demonstration structures, activities, staff accounts, families, "
        "enrolments and bookings."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo accounts, whose password is public, even with DEBUG off.",
        )

    @transaction.atomic
    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "The demo accounts have a public password: run with DJANGO_DEBUG=1, "
                "or pass --allow-production on a demonstration server."
            )
        CommuneNotice.objects.get_or_create(
            commune="Ambert",
            defaults={
                "notice": (
                    "La ville d'Ambert gère elle-même son accueil périscolaire et sa "
                    "restauration scolaire : pour ces services, contactez la mairie "
                    "d'Ambert au 04 73 82 00 00. L'accueil de loisirs et l'espace "
                    "jeunes restent ouverts aux familles d'Ambert sur ce portail."
                )
            },
        )
        staff = {}
        for email, first_name, last_name, role in STAFF:
            staff[role] = self._account(email, first_name, last_name, role)
        structures = {}
        for name, kind, commune in STRUCTURES:
            structures[name], _created = Structure.objects.get_or_create(
                name=name, defaults={"kind": kind, "commune": commune}
            )
        manager = staff[Role.MANAGER]
        structures["Accueil de loisirs Les Grillons"].managers.add(manager)
        structures["Espace jeunes du Livradois"].managers.add(manager)
        schools = {}
        for name, commune, structure_name in SCHOOLS:
            schools[name], _created = School.objects.get_or_create(
                name=name,
                defaults={
                    "commune": commune,
                    "after_school_structure": structures.get(structure_name),
                },
            )
        for entry in FAMILIES:
            self._family(entry, schools, staff[Role.AGENT])
        activities = build_catalogue(structures)
        families = {
            family.account.email: family
            for family in Family.objects.filter(
                status=Family.Status.VALIDATED,
                account__email__in=[entry[0] for entry in FAMILIES],
            ).select_related("account")
        }
        enrol_and_book(families, activities, manager)
        all_families = {
            family.account.email: family
            for family in Family.objects.select_related("account")
        }
        families_demo.load(all_families)
        documents_demo.load(all_families, staff[Role.AGENT], catalogue=activities)
        self.print_logins()

    def _account(self, email, first_name, last_name, role, active=True):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                first_name=first_name,
                last_name=last_name,
                role=role,
                is_active=active,
            )
            if role == Role.ADMIN:
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
        return user

    def _family(self, entry, schools, agent):
        email, parent1, parent2, address, postcode, commune, status, children = entry
        if User.objects.filter(email=email).exists():
            return
        validated = status == Family.Status.VALIDATED
        account = self._account(
            email, parent1[1], parent1[0], Role.FAMILY, active=validated
        )
        if not validated:
            account.set_unusable_password()
            account.save(update_fields=["password"])
        decided_by = agent if validated else None
        now = timezone.now()
        family = Family.objects.create(
            account=account,
            status=status,
            address_line1=address,
            postcode=postcode,
            commune=commune,
            rules_accepted_at=now,
            decided_at=now if validated else None,
            decided_by=decided_by,
        )
        record(None, "family.signup", family=family, target=family)
        if validated:
            record(agent, "family.validate", family=family, target=family)
        Guardian.objects.create(
            family=family,
            rank=1,
            last_name=parent1[0],
            first_name=parent1[1],
            email=email,
            mobile_phone=parent1[2].replace(" ", ""),
        )
        if parent2:
            Guardian.objects.create(
                family=family,
                rank=2,
                last_name=parent2[0],
                first_name=parent2[1],
                mobile_phone=parent2[2].replace(" ", ""),
            )
        for last_name, first_name, born, sex, school, level in children:
            child = Child.objects.create(
                last_name=last_name,
                first_name=first_name,
                birth_date=born,
                sex=sex,
                school=schools.get(school),
                school_level=level,
            )
            family.children.add(child)

    def print_logins(self):
        rows = [
            ("Famille (Martin, 3 enfants)", "famille.martin@demo.portail-famille.fr"),
            ("Famille (Bernard, 1 enfant)", "famille.bernard@demo.portail-famille.fr"),
            ("Agent du service", "agent@demo.portail-famille.fr"),
            ("Responsable de structure", "responsable@demo.portail-famille.fr"),
            ("Régisseur", "regie@demo.portail-famille.fr"),
            ("Administrateur", "admin@demo.portail-famille.fr"),
        ]
        self.stdout.write(
            f"\nComptes de démonstration (mot de passe : {DEMO_PASSWORD})"
        )
        for label, email in rows:
            self.stdout.write(f"  {label:<30} {email}")
        pending = Family.objects.filter(status=Family.Status.PENDING).count()
        self.stdout.write(
            f"  Dossiers famille en attente de validation par l'agent : {pending}\n"
            "  La famille Martin a des documents à envoyer ; deux attendent l'agent,\n"
            "  dont le carnet de vaccinations de Hugo : le valider débloque ses jours.\n"
        )
