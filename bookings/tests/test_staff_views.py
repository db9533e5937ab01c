"""Managers' pages: day list and pre-registration decisions, scoped by structure."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from bookings import services
from bookings.models import Absence, Enrolment
from portail.testing import make_family, make_user

from .factories import (
    enrol_directly,
    fill,
    first_child,
    make_activity,
    make_structure,
    paris,
    unit,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 8)


@pytest.fixture
def manager():
    return make_user(Role.MANAGER)


@pytest.fixture
def structure(manager):
    return make_structure(name="Les Grillons", managers=[manager])


@pytest.fixture
def pending(structure):
    activity = make_activity(
        structure=structure, name="Mercredis", enrolment_mode="pre_registration"
    )
    family = make_family()
    return services.enrol(
        family,
        first_child(family),
        activity,
        actor=family.account,
        now=paris(2026, 9, 1, 9, 0),
    )


@pytest.mark.parametrize("role", [Role.FAMILY, Role.AGENT, Role.ACCOUNTANT])
def test_other_roles_forbidden(client, structure, role):
    client.force_login(make_user(role))

    day_list = client.get(reverse("bookings:staff_structure_day", args=[structure.pk]))
    decisions = client.get(reverse("bookings:staff_pre_registrations"))

    assert day_list.status_code == 403
    assert decisions.status_code == 403


def test_anonymous_sent_to_login(client, structure):
    response = client.get(reverse("bookings:staff_pre_registrations"))

    assert response.status_code == 302
    assert "/compte/" in response["Location"]


def test_other_structure_not_found(client, pending):
    stranger = make_user(Role.MANAGER)
    make_structure(managers=[stranger])
    client.force_login(stranger)

    day_list = client.get(
        reverse("bookings:staff_structure_day", args=[pending.activity.structure.pk])
    )
    accept = client.post(
        reverse("bookings:staff_pre_registration_accept", args=[pending.pk])
    )

    assert day_list.status_code == 404
    assert accept.status_code == 404
    pending.refresh_from_db()
    assert pending.status == Enrolment.Status.PENDING


def test_day_list_shows_occupancy(client, manager, structure):
    activity = make_activity(
        structure=structure, name="Soirs", units=[("Soir", "evening", 24)]
    )
    fill(unit(activity, "Soir"), DAY, 23, make_family(children=0))
    family = make_family()
    child = first_child(family)
    enrol_directly(family, child, activity)
    services.book_days(
        family,
        child,
        activity,
        {DAY: [unit(activity, "Soir")]},
        actor=family.account,
        now=paris(2026, 10, 1, 9, 0),
    )
    waiting_family = make_family()
    enrol_directly(waiting_family, first_child(waiting_family), activity)
    services.join_waiting_list(
        waiting_family,
        first_child(waiting_family),
        activity,
        DAY,
        [unit(activity, "Soir")],
        actor=waiting_family.account,
        now=paris(2026, 10, 1, 9, 5),
    )
    services.report_absence(
        family,
        child,
        start_date=DAY,
        end_date=DAY,
        reason=Absence.Reason.ILLNESS,
        actor=family.account,
    )
    client.force_login(manager)

    response = client.get(
        reverse("bookings:staff_structure_day", args=[structure.pk]),
        {"jour": "2026-10-08"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "24 / 24 places" in page
    assert "complet" in page
    assert "Rang 1 : Enfant1" in page
    assert "Maladie" in page
    assert "non excusée" in page
    unit_day = response.context["overview"].activities[0].units[0]
    assert unit_day.occupancy == 24
    assert len(unit_day.waiting) == 1


def test_invalid_day_falls_back_to_today(client, manager, structure):
    client.force_login(manager)

    response = client.get(
        reverse("bookings:staff_structure_day", args=[structure.pk]),
        {"jour": "2026-13-45"},
    )

    assert response.status_code == 200
    assert "Saisissez une date valide." in response.content.decode()


def test_manager_accepts(client, manager, pending):
    client.force_login(manager)

    listing = client.get(reverse("bookings:staff_pre_registrations"))
    response = client.post(
        reverse("bookings:staff_pre_registration_accept", args=[pending.pk]),
        follow=True,
    )

    assert "Mercredis" in listing.content.decode()
    assert "acceptée" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Enrolment.Status.ACTIVE


def test_refusal_without_reason_redisplayed(client, manager, pending):
    client.force_login(manager)

    response = client.post(
        reverse("bookings:staff_pre_registration_refuse", args=[pending.pk]),
        {f"refus-{pending.pk}-reason": ""},
    )

    assert response.status_code == 200
    assert "Indiquez le motif du refus." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Enrolment.Status.PENDING


def test_refusal_with_reason(client, manager, pending):
    client.force_login(manager)

    response = client.post(
        reverse("bookings:staff_pre_registration_refuse", args=[pending.pk]),
        {f"refus-{pending.pk}-reason": "Plus de place ce trimestre."},
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Enrolment.Status.REFUSED
    assert pending.decision_reason == "Plus de place ce trimestre."


def test_second_decision_shows_message(client, manager, pending):
    client.force_login(manager)
    url = reverse("bookings:staff_pre_registration_accept", args=[pending.pk])
    client.post(url)

    response = client.post(url, follow=True)

    assert "déjà été traitée" in response.content.decode()


def staff_book_data(enrolment, day, **extra):
    return {
        "enrolment": enrolment.pk,
        "day": day.isoformat(),
        "units": [u.pk for u in enrolment.activity.units.all()],
        **extra,
    }


def test_staff_book_override_needs_reason(client, manager, structure):
    activity = make_activity(structure=structure)
    family = make_family()
    enrolment = enrol_directly(family, first_child(family), activity)
    fill(unit(activity, "Soir"), DAY, 24, make_family(children=0))
    client.force_login(manager)
    url = reverse("bookings:staff_book")

    refused = client.post(url, staff_book_data(enrolment, DAY))
    no_reason = client.post(
        url, staff_book_data(enrolment, DAY, override_capacity="on")
    )
    accepted = client.post(
        url,
        staff_book_data(
            enrolment, DAY, override_capacity="on", override_reason="Fratrie"
        ),
    )

    booking = enrolment.child.bookings.get()
    assert refused.status_code == 400
    assert "Complet" in refused.content.decode()
    assert no_reason.status_code == 400
    assert "Indiquez le motif" in no_reason.content.decode()
    assert accepted.status_code == 302
    assert booking.capacity_override
    assert booking.override_reason == "Fratrie"
    assert booking.override_by == manager


def test_staff_book_other_structure_refused(client, manager):
    other_activity = make_activity(structure=make_structure())
    family = make_family()
    enrolment = enrol_directly(family, first_child(family), other_activity)
    client.force_login(manager)

    response = client.post(
        reverse("bookings:staff_book"), staff_book_data(enrolment, DAY)
    )

    assert response.status_code == 400
    assert not enrolment.child.bookings.exists()


def test_day_list_shows_care_information(client, manager, structure):
    from bookings.models import Booking
    from families.models import (
        AuthorisedPerson,
        ChildHealth,
        ChildPermission,
        PermissionType,
    )

    activity = make_activity(structure=structure, name="Soirées")
    family, other_family = make_family(), make_family(children=0)
    child = first_child(family)
    other_family.children.add(child)
    ChildHealth.objects.create(child=child, allergies="Arachides", has_pai=True)
    goes_home = PermissionType.objects.create(name="Rentre seul")
    photos = PermissionType.objects.create(name="Droit à l'image")
    for who, kind in [(family, goes_home), (other_family, photos)]:
        ChildPermission.objects.create(
            family=who,
            child=child,
            permission_type=kind,
            granted=True,
            changed_at=paris(2026, 9, 1, 9, 0),
        )
    for who, name in [(family, "Mamie"), (other_family, "Voisin")]:
        person = AuthorisedPerson.objects.create(
            family=who,
            last_name="Durand",
            first_name=name,
            relationship="Proche",
            phone="0600000000",
        )
        person.children.add(child)
    Booking.objects.create(
        family=family,
        child=child,
        activity=activity,
        unit=unit(activity, "Soir"),
        day=DAY,
        status=Booking.Status.BOOKED,
        created_at=paris(2026, 9, 1, 9, 0),
    )
    client.force_login(manager)

    page = client.get(
        reverse("bookings:staff_structure_day", args=[structure.pk]),
        {"jour": DAY.isoformat()},
    ).content.decode()

    assert "Arachides" in page
    assert "PAI" in page
    assert "Rentre seul" in page
    assert "Mamie Durand" in page
    assert "Droit à l&#x27;image" not in page
    assert "Voisin" not in page


def test_manager_dashboard_links_day_lists_and_pending(client):
    manager = make_user(Role.MANAGER, email="tableau@test.example")
    structure = make_structure(name="Les Grillons", managers=[manager])
    make_structure(name="Ailleurs")
    make_activity(structure=structure)
    client.force_login(manager)

    page = client.get("/gestion/").content.decode()

    assert reverse("bookings:staff_structure_day", args=[structure.pk]) in page
    assert "Ailleurs" not in page
    assert reverse("bookings:staff_pre_registrations") in page
    assert reverse("bookings:staff_book") in page
