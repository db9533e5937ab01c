"""Permissions per child and authorised pick-up persons ("Gérer vos autorisations")."""

from html import unescape

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from families.models import AuthorisedPerson, ChildPermission, PermissionType
from families.record_services import child_care_summary
from portail.testing import make_family

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(client):
    family = make_family(children=2)
    client.force_login(family.account)
    return family


@pytest.fixture
def types():
    return [
        PermissionType.objects.create(name="Rentrer seul à la maison", position=1),
        PermissionType.objects.create(name="Droit à l'image", position=2),
    ]


def switches(child, *granted):
    return {f"enfant{child.pk}-permission_{t.pk}": "on" for t in granted}


def test_switches_saved_and_stamped(client, family, types):
    child = family.children.first()
    url = reverse("families:child_permissions", args=[child.pk])

    client.post(url, switches(child, types[1]))
    first = {a.permission_type: a for a in ChildPermission.objects.all()}
    client.post(url, switches(child, types[0], types[1]))
    second = {a.permission_type: a for a in ChildPermission.objects.all()}

    assert first[types[1]].granted
    assert not first[types[0]].granted
    assert second[types[0]].granted
    assert second[types[0]].changed_at > first[types[0]].changed_at
    assert second[types[1]].changed_at == first[types[1]].changed_at
    events = AuditEvent.objects.filter(family=family, action="child.permission")
    assert events.count() == 3
    page = unescape(client.get(reverse("families:permissions")).content.decode())
    assert "modifiée le" in page
    assert 'role="switch"' in page


def test_permissions_of_other_child_untouched(client, family, types):
    first, second = family.children.all()

    client.post(
        reverse("families:child_permissions", args=[first.pk]),
        switches(first, *types),
    )

    assert not ChildPermission.objects.filter(child=second).exists()


def test_permissions_get_is_405(client, family, types):
    url = reverse("families:child_permissions", args=[family.children.first().pk])

    assert client.get(url).status_code == 405


def person_data(children, **overrides):
    data = {
        "last_name": "Martin",
        "first_name": "Monique",
        "relationship": "Grand-mère",
        "phone": "04 73 12 34 56",
        "children": [child.pk for child in children],
    }
    data.update(overrides)
    return data


def test_person_added_changed_removed(client, family):
    children = list(family.children.all())

    client.post(reverse("families:person_add"), person_data(children[:1]))
    person = AuthorisedPerson.objects.get()
    client.post(
        reverse("families:person_edit", args=[person.pk]),
        person_data(children, phone="06 00 11 22 33"),
    )
    person.refresh_from_db()
    edited_children = set(person.children.all())
    client.post(reverse("families:person_remove", args=[person.pk]))

    assert person.family == family
    assert person.phone == "0600112233"
    assert edited_children == set(children)
    assert not AuthorisedPerson.objects.exists()
    actions = list(
        AuditEvent.objects.filter(family=family)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["person.add", "person.update", "person.remove"]
    update = AuditEvent.objects.get(action="person.update")
    assert update.data["changes"] == {"phone": ["0473123456", "0600112233"]}


def test_person_needs_child_and_phone(client, family):
    response = client.post(reverse("families:person_add"), person_data([], phone=""))

    page = unescape(response.content.decode())
    assert "Cochez au moins un enfant." in page
    assert "Indiquez un numéro de téléphone." in page
    assert "Monique" in page
    assert not AuthorisedPerson.objects.exists()


def test_person_cannot_name_other_family_child(client, family):
    foreign = make_family().children.get()

    response = client.post(reverse("families:person_add"), person_data([foreign]))

    assert response.status_code == 200
    assert not AuthorisedPerson.objects.exists()


def test_other_family_person_is_404(client, family):
    owner = make_family()
    person = AuthorisedPerson.objects.create(
        family=owner,
        last_name="X",
        first_name="Y",
        relationship="Z",
        phone="0600000000",
    )

    edit = client.post(
        reverse("families:person_edit", args=[person.pk]),
        person_data(family.children.all(), first_name="Piraté"),
    )
    remove = client.post(reverse("families:person_remove", args=[person.pk]))

    assert edit.status_code == 404
    assert remove.status_code == 404
    person.refresh_from_db()
    assert person.first_name == "Y"


def test_shared_child_keeps_families_apart(client, family, types):
    child = family.children.first()
    other = make_family(children=0)
    other.children.add(child)
    person = AuthorisedPerson.objects.create(
        family=other,
        last_name="Nouveau",
        first_name="Compagnon",
        relationship="Beau-père",
        phone="0600000000",
    )
    person.children.add(child)
    client.post(
        reverse("families:child_permissions", args=[child.pk]),
        switches(child, types[0]),
    )

    page = unescape(client.get(reverse("families:permissions")).content.decode())

    assert "Compagnon" not in page
    assert not ChildPermission.objects.filter(family=other).exists()
    assert child_care_summary(child, family)["persons"] == []
    assert child_care_summary(child)["persons"] == [person]
