"""Factories shared by the test modules of every app."""

import itertools
from datetime import date

from django.utils import timezone

from accounts.models import Role, User
from families.models import Child, Family, Guardian

PASSWORD = "Mot-de-passe-de-test-2026"
_sequence = itertools.count(1)


def make_user(role=Role.AGENT, email=None, password=PASSWORD, **fields):
    number = next(_sequence)
    email = email or f"{role}{number}@test.example"
    return User.objects.create_user(email, password, role=role, **fields)


def make_family(
    email=None, status=Family.Status.VALIDATED, children=1, password=PASSWORD
):
    number = next(_sequence)
    email = email or f"famille{number}@test.example"
    validated = status == Family.Status.VALIDATED
    account = User.objects.create_user(
        email,
        password if validated else None,
        role=Role.FAMILY,
        first_name="Claire",
        last_name=f"Test{number}",
        is_active=validated,
    )
    family = Family.objects.create(
        account=account,
        status=status,
        address_line1="1 rue de la Mairie",
        postcode="63890",
        commune="Saint-Amant-Roche-Savine",
        rules_accepted_at=timezone.now(),
    )
    Guardian.objects.create(
        family=family,
        rank=1,
        last_name=f"Test{number}",
        first_name="Claire",
        email=email,
        mobile_phone="0612345678",
    )
    for index in range(children):
        child = Child.objects.create(
            last_name=f"Test{number}",
            first_name=f"Enfant{index + 1}",
            birth_date=date(2017, 5, 1 + index),
            sex=Child.Sex.GIRL,
        )
        family.children.add(child)
    return family
