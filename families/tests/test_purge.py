"""The purge of children's health data after the retention period."""

import os
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from audit.models import AuditEvent
from bookings.models import Enrolment
from bookings.tests.factories import enrol_directly, make_activity, paris
from documents.models import Document, DocumentType, WantedActivity
from documents.testing import make_document, make_document_type
from families import record_services
from families.models import ChildHealth
from portail.testing import make_family

pytestmark = pytest.mark.django_db


@pytest.fixture
def family():
    return make_family()


@pytest.fixture
def health(family):
    return ChildHealth.objects.create(
        child=family.children.get(), allergies="Arachides", has_pai=True
    )


def age(sheet, days):
    ChildHealth.objects.filter(pk=sheet.pk).update(
        updated_at=timezone.now() - timedelta(days=days)
    )


def test_recent_health_data_kept(family, health):
    assert record_services.purge_health_data(timezone.localdate(), 12) == 0
    assert ChildHealth.objects.exists()


def test_old_health_data_purged_with_documents(
    family, health, settings, django_capture_on_commit_callbacks
):
    age(health, 400)
    child = family.children.get()
    vaccinations = make_document_type(
        "Carnet de vaccinations", DocumentType.Scope.CHILD, holds_health_data=True
    )
    insurance = make_document_type("Attestation d'assurance")
    old = make_document(family, vaccinations, child=child)
    Document.objects.filter(pk=old.pk).update(
        uploaded_at=timezone.now() - timedelta(days=400)
    )
    kept = make_document(family, insurance)
    path = old.file.path

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_health_data", months=12)

    assert not ChildHealth.objects.exists()
    assert list(Document.objects.all()) == [kept]
    assert not os.path.exists(path)
    assert AuditEvent.objects.filter(
        action="child.health_purge", family=family
    ).exists()
    assert AuditEvent.objects.filter(action="document.purge").exists()


def test_recent_health_document_delays_purge(family, health):
    age(health, 400)
    vaccinations = make_document_type(
        "Carnet de vaccinations", DocumentType.Scope.CHILD, holds_health_data=True
    )
    make_document(family, vaccinations, child=family.children.get())

    assert record_services.children_to_purge(timezone.localdate(), 12) == []


def test_counts_from_last_activity_end(family, health, monkeypatch):
    # Stands in for the enrolments, which live in another app.
    monkeypatch.setattr(
        record_services, "last_activity_end", lambda child: date(2025, 6, 30)
    )
    ChildHealth.objects.filter(pk=health.pk).update(
        updated_at=paris(2025, 1, 10, 12, 0)
    )

    before = record_services.children_to_purge(date(2026, 6, 30), 12)
    after = record_services.children_to_purge(date(2026, 7, 1), 12)

    assert before == []
    assert after == [family.children.get()]


def test_dry_run_erases_nothing(family, health, capsys):
    age(health, 400)

    call_command("purge_health_data", dry_run=True)

    assert "1 child(ren) would be purged." in capsys.readouterr().out
    assert ChildHealth.objects.exists()


def test_last_activity_end_unknown_without_enrolments(family):
    assert record_services.last_activity_end(family.children.get()) is None


def test_health_written_after_last_activity_is_kept(family, health):
    # The activity ended long ago, but the family filled in the health
    # record and sent the PAI this week, for next year.
    child = family.children.get()
    enrol_directly(
        family, child, make_activity(start=date(2023, 9, 4), end=date(2024, 7, 5))
    )
    pai = make_document_type("PAI", DocumentType.Scope.CHILD, holds_health_data=True)
    make_document(family, pai, child=child)

    call_command("purge_health_data", months=12)

    assert ChildHealth.objects.filter(child=child).exists()
    assert Document.objects.filter(child=child).exists()


def test_old_activity_and_old_health_write_purged(family, health):
    child = family.children.get()
    enrol_directly(
        family, child, make_activity(start=date(2023, 9, 4), end=date(2024, 7, 5))
    )
    age(health, 800)

    assert record_services.children_to_purge(timezone.localdate(), 12) == [child]


def test_wanted_activity_counts_as_activity(family, health):
    child = family.children.get()
    age(health, 800)
    WantedActivity.objects.create(
        family=family, child=child, activity=make_activity(end=None, start=None)
    )

    assert record_services.last_activity_end(child) == timezone.localdate()
    assert record_services.children_to_purge(timezone.localdate(), 12) == []


def test_pending_enrolment_counts_as_activity(family, health):
    child = family.children.get()
    age(health, 800)
    enrolment = enrol_directly(family, child, make_activity(end=None, start=None))
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.PENDING)

    assert record_services.children_to_purge(timezone.localdate(), 12) == []


@pytest.mark.parametrize("months", [0, -100])
def test_purge_refuses_retention_below_one_month(family, health, months):
    with pytest.raises(CommandError, match="--months must be at least 1"):
        call_command("purge_health_data", months=months)
    with pytest.raises(ValueError):
        record_services.purge_health_data(timezone.localdate(), months)

    assert ChildHealth.objects.exists()


def test_purge_refuses_retention_setting_below_one_month(family, health, settings):
    settings.HEALTH_DATA_RETENTION_MONTHS = 0

    with pytest.raises(CommandError, match="HEALTH_DATA_RETENTION_MONTHS"):
        call_command("purge_health_data")

    assert ChildHealth.objects.exists()


def test_system_check_rejects_retention_setting_below_one_month(settings):
    from families.checks import health_data_retention

    assert health_data_retention(None) == []
    settings.HEALTH_DATA_RETENTION_MONTHS = -1
    assert [error.id for error in health_data_retention(None)] == ["families.E001"]
