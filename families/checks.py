"""System checks on the families settings."""

from django.conf import settings
from django.core import checks


@checks.register()
def health_data_retention(app_configs, **kwargs):
    """Refuse a retention below one month, which would erase current health data."""
    months = settings.HEALTH_DATA_RETENTION_MONTHS
    if isinstance(months, int) and months >= 1:
        return []
    return [
        checks.Error(
            f"HEALTH_DATA_RETENTION_MONTHS must be a whole number of at least 1, "
            f"not {months!r}.",
            hint="It is the number of months health data is kept after the "
            "child's last activity.",
            id="families.E001",
        )
    ]
