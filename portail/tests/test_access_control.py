"""Every URL of the project, requested with another family's ids.

The test resolves the whole URLconf, so URLs added later are walked too:
- a family view (`families.permissions.family_required`) returns 404 to a
  family requesting another family's objects, by GET and by POST;
- a staff view (`accounts.permissions.role_required`) returns 403 to a
  family account and to staff without the role;
- both send anonymous visitors to the login page;
- any other URL must be listed in PUBLIC with the reason, or the test fails.

The decorator that checks access must be the outermost one: placed under
`require_POST`, it would let a GET return 405 before checking anything.
"""

import re
import uuid
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import STAFF_ROLES, Role, User
from activities.models import Activity
from documents.models import Document, DocumentType, WantedActivity
from families.models import (
    AuthorisedPerson,
    Child,
    ChildHealth,
    ChildPermission,
    Family,
    FamilyChangeRequest,
    FamilyChild,
    Guardian,
    PermissionType,
)
from portail.testing import make_family, make_user

pytestmark = pytest.mark.django_db

# URL names open to anyone, with the reason.
PUBLIC = {
    "landing": "public home page",
    "rules": "the service's rules, read before signing up",
    "set_language": "language switch",
    "accounts:login": "login",
    "accounts:logout": "logout",
    "accounts:after_login": "redirects to the home page of the account's role",
    "accounts:password_change": "own password of any signed-in account",
    "accounts:password_reset": "forgotten password form",
    "accounts:password_reset_done": "forgotten password confirmation",
    "accounts:set_password": "e-mailed link, checked by its token",
    "accounts:password_set_done": "password set confirmation",
    "families:signup": "public sign-up",
    "families:signup_done": "public sign-up confirmation",
    "families:commune_notice": "public notice for a commune name",
}
# Django's admin site checks is_staff itself; test_admin_closed_to_families.
ADMIN_NAMESPACE = "admin"
# Models that hold another family's data without being reachable by a URL id.
NOT_FAMILY_DATA = {"audit.auditevent"}

# Strings that only the victim family's data contains.
MARKERS = ["Victimaire", "0611111119", "secret_victime.pdf", "Gertrude"]
# Victim objects get ids far above those of the requesting family, so that an
# id never names one of the requesting family's own objects by chance.
VICTIM_ID = 900_000

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass
class Route:
    route: str
    name: str
    callback: object
    namespace: str

    @property
    def kind(self):
        if getattr(self.callback, "family_view", False):
            return "family"
        if getattr(self.callback, "required_roles", None) is not None:
            return "staff"
        if self.namespace.split(":")[0] == ADMIN_NAMESPACE:
            return "admin"
        if self.name in PUBLIC:
            return "public"
        return None

    @property
    def parameters(self):
        return PARAMETER.findall(self.route)

    def urls(self, ids):
        """Return the paths with every parameter filled, once per id."""
        if not self.parameters:
            return ["/" + self.route]
        if not self.route_is_plain:
            raise AssertionError(
                f"{self.name}: cannot fill the regular expression {self.route!r}"
            )
        return ["/" + PARAMETER.sub(self._filler(i), self.route) for i in ids]

    @property
    def route_is_plain(self):
        return not any(ch in self.route for ch in "^$()[]?*+\\")

    @staticmethod
    def _filler(identifier):
        def fill(match):
            converter = match.group("converter") or "str"
            if converter == "int":
                return str(identifier)
            if converter == "uuid":
                return str(uuid.uuid4())
            return f"x{identifier}"

        return fill


def walk(patterns=None, prefix="", namespace=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace or ""]))
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = ":".join(filter(None, [namespace, entry.name or ""]))
            yield Route(prefix + str(entry.pattern), name, entry.callback, namespace)


def _next_id(counter=[VICTIM_ID]):  # noqa: B006 - a counter shared by calls
    counter[0] += 1
    return counter[0]


def victim_objects():
    """Create another family with one object of each family-scoped model.

    Returns the victim family and the ids to put in the URLs. Add a row here
    for each new model that contains family data.
    """
    account = User.objects.create_user(
        "victime@test.example", "x", role=Role.FAMILY, pk=_next_id()
    )
    family = Family.objects.create(
        pk=_next_id(),
        account=account,
        status=Family.Status.VALIDATED,
        address_line1="7 chemin Victimaire",
        postcode="63890",
        commune="Saint-Amant-Roche-Savine",
        rules_accepted_at=timezone.now(),
    )
    objects = [account, family]
    objects.append(
        Guardian.objects.create(
            pk=_next_id(),
            family=family,
            rank=1,
            last_name="Victimaire",
            first_name="Zéphyrine",
            mobile_phone="0611111119",
        )
    )
    child = Child.objects.create(
        pk=_next_id(),
        last_name="Victimaire",
        first_name="Aurélien",
        birth_date="2018-01-01",
        sex="M",
    )
    objects += [
        child,
        FamilyChild.objects.create(pk=_next_id(), family=family, child=child),
    ]
    objects.append(
        ChildHealth.objects.create(pk=_next_id(), child=child, allergies="Victimaire")
    )
    permission_type = PermissionType.objects.create(name="Droit à l'image")
    objects.append(
        ChildPermission.objects.create(
            pk=_next_id(),
            family=family,
            child=child,
            permission_type=permission_type,
            granted=True,
            changed_at=timezone.now(),
        )
    )
    person = AuthorisedPerson.objects.create(
        pk=_next_id(),
        family=family,
        last_name="Victimaire",
        first_name="Gertrude",
        relationship="Tante",
        phone="0611111119",
    )
    person.children.add(child)
    objects.append(person)
    objects.append(
        FamilyChangeRequest.objects.create(
            pk=_next_id(),
            family=family,
            changes={"commune": {"old": "Saint-Amant", "new": "Victimaire"}},
        )
    )
    document_type = DocumentType.objects.create(
        name="Carnet de vaccinations", scope=DocumentType.Scope.CHILD
    )
    document = Document(
        pk=_next_id(),
        family=family,
        child=child,
        document_type=document_type,
        original_name="secret_victime.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_at=timezone.now(),
    )
    document.file.save("document", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    objects.append(document)
    activity = Activity.objects.create(name="Activité de la victime")
    objects.append(
        WantedActivity.objects.create(
            pk=_next_id(), family=family, child=child, activity=activity
        )
    )
    objects += booking_objects(family, child, activity)
    return family, objects


def booking_objects(family, child, activity):
    """One enrolment, waiting request, booking and absence of the victim."""
    from datetime import date

    from activities.models import Unit
    from bookings.models import Absence, Booking, Enrolment, WaitingRequest

    unit = Unit.objects.create(
        activity=activity, name="Soir", kind=Unit.Kind.EVENING, capacity=1
    )
    now = timezone.now()
    day = date(2027, 3, 3)
    enrolment = Enrolment.objects.create(
        pk=_next_id(),
        family=family,
        child=child,
        activity=activity,
        status=Enrolment.Status.ACTIVE,
        created_at=now,
    )
    request = WaitingRequest.objects.create(
        pk=_next_id(),
        family=family,
        child=child,
        activity=activity,
        day=day,
        requested_at=now,
    )
    booking = Booking.objects.create(
        pk=_next_id(),
        family=family,
        child=child,
        activity=activity,
        unit=unit,
        day=date(2027, 3, 4),
        status=Booking.Status.BOOKED,
        created_at=now,
    )
    absence = Absence.objects.create(
        pk=_next_id(),
        family=family,
        child=child,
        start_date=booking.day,
        end_date=booking.day,
        reason=Absence.Reason.values[0],
        created_at=now,
    )
    absence.bookings.add(booking)
    return [enrolment, request, booking, absence]


@pytest.fixture
def world():
    attacker = make_family(email="attaquant@test.example")
    victim, objects = victim_objects()
    return attacker, victim, objects


def routes_by_kind():
    routes = {"family": [], "staff": [], "admin": [], "public": [], None: []}
    for route in walk():
        routes[route.kind].append(route)
    return routes


def test_every_url_is_classified():
    unclassified = [
        f"{r.name or '(no name)'} /{r.route}" for r in routes_by_kind()[None]
    ]

    assert not unclassified, (
        "These URLs are neither family views (family_required), staff views "
        "(role_required) nor listed in PUBLIC with a reason:\n"
        + "\n".join(unclassified)
    )


def test_walk_finds_the_known_views():
    routes = routes_by_kind()
    family_names = {r.name for r in routes["family"]}
    staff_names = {r.name for r in routes["staff"]}

    assert {"families:child_record", "documents:family_download"} <= family_names
    assert {"documents:staff_download", "families:staff_family_detail"} <= staff_names


def _leaks(response):
    if response.streaming or response.status_code >= 300:
        return []
    body = response.content.decode(errors="replace")
    return [marker for marker in MARKERS if marker in body]


def test_family_views_hide_other_family(client, world):
    attacker, _victim, objects = world
    ids = [obj.pk for obj in objects]
    client.force_login(attacker.account)
    problems = []
    for route in routes_by_kind()["family"]:
        for url in route.urls(ids):
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                expected = 404 if route.parameters else None
                status = response.status_code
                if expected and status != expected:
                    problems.append(f"{method.upper()} {url} ({route.name}): {status}")
                elif status >= 500:
                    problems.append(f"{method.upper()} {url} ({route.name}): {status}")
                if leaked := _leaks(response):
                    problems.append(f"{method.upper()} {url} shows {leaked}")

    assert not problems, "Family views reachable with another family's ids:\n" + (
        "\n".join(problems)
    )


def test_staff_views_refuse_families_and_other_roles(client, world):
    attacker, _victim, objects = world
    ids = [obj.pk for obj in objects]
    staff = {role: make_user(role) for role in STAFF_ROLES if role != Role.ADMIN}
    problems = []
    for route in routes_by_kind()["staff"]:
        refused = [attacker.account] + [
            user
            for role, user in staff.items()
            if role not in route.callback.required_roles
        ]
        for user in refused:
            client.force_login(user)
            for url in route.urls(ids[:2]):
                for method in ("get", "post"):
                    status = getattr(client, method)(url).status_code
                    if status != 403:
                        problems.append(
                            f"{method.upper()} {url} ({route.name}) as "
                            f"{user.role}: {status}"
                        )

    assert not problems, "Staff views open to the wrong accounts:\n" + (
        "\n".join(problems)
    )


def test_anonymous_sent_to_login(client, world):
    _attacker, _victim, objects = world
    login = reverse("accounts:login")
    problems = []
    routes = routes_by_kind()
    for route in routes["family"] + routes["staff"]:
        for url in route.urls([objects[1].pk]):
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                location = response.get("Location", "")
                if response.status_code != 302 or not location.startswith(login):
                    problems.append(
                        f"{method.upper()} {url} ({route.name}): "
                        f"{response.status_code} {location}"
                    )

    assert not problems, "Not sent to the login page:\n" + "\n".join(problems)


def test_admin_closed_to_families(client, world):
    attacker, _victim, _objects = world
    client.force_login(attacker.account)

    response = client.get(reverse("admin:index"))

    assert response.status_code in (302, 403)


def _points_to_family_data(model):
    targets = {Family, Child}
    return any(
        isinstance(field, models.ForeignKey | models.OneToOneField)
        and field.related_model in targets
        for field in model._meta.get_fields()
    )


def test_every_family_model_has_a_victim_row(world):
    _attacker, _victim, objects = world
    covered = {type(obj) for obj in objects}
    missing = [
        model._meta.label_lower
        for model in apps.get_models()
        if _points_to_family_data(model)
        and model not in covered
        and model._meta.label_lower not in NOT_FAMILY_DATA
    ]

    assert not missing, (
        "These models hold family data, but victim_objects() creates no row "
        f"of them, so the URL walk cannot prove they are hidden: {missing}"
    )


def _snapshot():
    return {
        model._meta.label_lower: list(model.objects.order_by("pk").values())
        for model in (
            Child,
            ChildHealth,
            ChildPermission,
            AuthorisedPerson,
            Document,
            WantedActivity,
        )
    }


def test_other_family_child_and_document_404(client, world):
    attacker, victim, _objects = world
    child = victim.children.get()
    document = victim.documents.get()
    permission_type = PermissionType.objects.get()
    client.force_login(attacker.account)
    before = _snapshot()
    # TODO: add the POST of a booking for the victim's child once the bookings
    # app is merged. Until then the nearest writes are the child's
    # permissions, record and wanted activities.
    requests = [
        ("get", reverse("families:child_record", args=[child.pk]), {}),
        ("get", reverse("documents:family_download", args=[document.pk]), {}),
        (
            "post",
            reverse("families:child_permissions", args=[child.pk]),
            {f"enfant{child.pk}-permission_{permission_type.pk}": ""},
        ),
        (
            "post",
            reverse("families:child_record", args=[child.pk]),
            {"child-first_name": "Piraté", "health-allergies": ""},
        ),
    ]

    statuses = [getattr(client, m)(url, data).status_code for m, url, data in requests]
    wishes = client.post(
        reverse("documents:wanted_activities"),
        {f"enfant{child.pk}-activities": [Activity.objects.get().pk]},
    )

    assert statuses == [404, 404, 404, 404]
    assert wishes.status_code == 302
    assert _snapshot() == before
