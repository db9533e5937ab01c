"""Erase children's health data past the retention period; run it daily."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from families.record_services import children_to_purge, purge_health_data


class Command(BaseCommand):
    help = (
        "Erase the health record and health documents of children whose last "
        "activity ended more than HEALTH_DATA_RETENTION_MONTHS months ago."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Retention in months (default: HEALTH_DATA_RETENTION_MONTHS).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the children concerned without erasing anything.",
        )

    def handle(self, *args, months=None, dry_run=False, **options):
        if months is None:
            months = settings.HEALTH_DATA_RETENTION_MONTHS
            source = "HEALTH_DATA_RETENTION_MONTHS"
        else:
            source = "--months"
        if months < 1:
            # Zero or less would erase the health data of children enrolled today.
            raise CommandError(f"{source} must be at least 1 (got {months}).")
        today = timezone.localdate()
        if dry_run:
            children = children_to_purge(today, months)
            for child in children:
                self.stdout.write(f"{child.pk} {child}")
            self.stdout.write(f"{len(children)} child(ren) would be purged.")
            return
        count = purge_health_data(today, months)
        self.stdout.write(f"Health data erased for {count} child(ren).")
