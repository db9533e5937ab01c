"""Enrolment: direct or pre-registration, eligibility, manager decision."""

from datetime import date

import pytest

from accounts.models import Role
from audit.models import AuditEvent
from bookings import services
from bookings.exceptions import (
    AlreadyDecided,
    AlreadyEnrolled,
    InvalidRequest,
    NotAllowed,
    NotEligible,
    NotFound,
)
from bookings.models import Enrolment
from portail.testing import make_family, make_user

from .factories import first_child, make_activity, make_structure, paris

pytestmark = pytest.mark.django_db

NOW = paris(2026, 9, 1, 9, 0)


@pytest.fixture
def manager():
    return make_user(Role.MANAGER, first_name="Romain", last_name="Faure")


@pytest.fixture
def leisure(manager):
    return make_activity(
        structure=make_structure(managers=[manager]),
        name="Mercredis",
        enrolment_mode="pre_registration",
        min_age=3,
        max_age=11,
    )


def test_direct_enrolment_active():
    activity = make_activity(name="Périscolaire soir")
    family = make_family()

    enrolment = services.enrol(
        family, first_child(family), activity, actor=family.account, now=NOW
    )

    assert enrolment.status == Enrolment.Status.ACTIVE
    assert AuditEvent.objects.filter(action="enrolment.create").count() == 1


def test_pre_registration_pending(leisure):
    family = make_family()

    enrolment = services.enrol(
        family, first_child(family), leisure, actor=family.account, now=NOW
    )

    assert enrolment.status == Enrolment.Status.PENDING


def test_enrolling_twice_refused(leisure):
    family = make_family()
    child = first_child(family)
    services.enrol(family, child, leisure, actor=family.account, now=NOW)

    with pytest.raises(AlreadyEnrolled) as refused:
        services.enrol(family, child, leisure, actor=family.account, now=NOW)

    assert "inscription ou pré-inscription existe déjà" in refused.value.message
    assert Enrolment.objects.count() == 1


def test_too_old_refused(leisure):
    family = make_family()
    child = first_child(family)
    child.birth_date = date(2013, 6, 21)
    child.save()

    with pytest.raises(NotEligible) as refused:
        services.enrol(family, child, leisure, actor=family.account, now=NOW)

    assert refused.value.message == (
        "Enfant1 a 13 ans : l'activité accueille les enfants jusqu'à 11 ans."
    )
    assert not Enrolment.objects.exists()


def test_too_young_refused(leisure):
    family = make_family()
    child = first_child(family)
    child.birth_date = date(2024, 1, 10)
    child.save()

    with pytest.raises(NotEligible) as refused:
        services.enrol(family, child, leisure, actor=family.account, now=NOW)

    assert "à partir de 3 ans" in refused.value.message


def test_school_level_required():
    activity = make_activity(school_levels=["CM1", "CM2"])
    family = make_family()
    child = first_child(family)
    child.school_level = "CE1"
    child.save()

    with pytest.raises(NotEligible) as refused:
        services.enrol(family, child, activity, actor=family.account, now=NOW)

    assert refused.value.message == (
        "L'activité n'accueille pas la classe de cet enfant, Enfant1 (CE1)."
    )


def test_other_family_child_refused(leisure):
    family = make_family()
    other = make_family()

    with pytest.raises(NotFound):
        services.enrol(
            family, first_child(other), leisure, actor=family.account, now=NOW
        )

    assert not Enrolment.objects.exists()


def test_ended_activity_refused():
    activity = make_activity(start=date(2025, 9, 1), end=date(2026, 7, 3))
    family = make_family()

    with pytest.raises(InvalidRequest):
        services.enrol(
            family, first_child(family), activity, actor=family.account, now=NOW
        )


def test_manager_accepts_and_family_told(
    leisure, manager, django_capture_on_commit_callbacks, mailoutbox
):
    family = make_family(email="parent@test.example")
    enrolment = services.enrol(
        family, first_child(family), leisure, actor=family.account, now=NOW
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_pre_registration(enrolment, manager=manager, accept=True)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert enrolment.decided_by == manager
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["parent@test.example"]
    assert "acceptée" in mailoutbox[0].subject
    assert "Mercredis" in mailoutbox[0].body


def test_refusal_needs_reason(leisure, manager, mailoutbox):
    family = make_family()
    enrolment = services.enrol(
        family, first_child(family), leisure, actor=family.account, now=NOW
    )

    with pytest.raises(InvalidRequest):
        services.decide_pre_registration(
            enrolment, manager=manager, accept=False, reason="  "
        )

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PENDING


def test_refusal_sends_reason(
    leisure, manager, django_capture_on_commit_callbacks, mailoutbox
):
    family = make_family()
    enrolment = services.enrol(
        family, first_child(family), leisure, actor=family.account, now=NOW
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_pre_registration(
            enrolment, manager=manager, accept=False, reason="Groupe complet."
        )

    assert "Groupe complet." in mailoutbox[0].body
    with pytest.raises(AlreadyDecided):
        services.decide_pre_registration(enrolment, manager=manager, accept=True)


def test_other_structure_manager_refused(leisure):
    family = make_family()
    enrolment = services.enrol(
        family, first_child(family), leisure, actor=family.account, now=NOW
    )
    stranger = make_user(Role.MANAGER)
    make_structure(managers=[stranger])

    with pytest.raises(NotAllowed):
        services.decide_pre_registration(enrolment, manager=stranger, accept=True)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PENDING
