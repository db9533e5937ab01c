"""French public holidays and official school holidays, as plain dates.

Public holidays come from the `holidays` package (metropolitan France, no
Alsace-Moselle extras); school holidays from `vacances-scolaires-france`,
whose data covers 1990 to 2028 in version 0.12.0.
"""

import logging
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils.translation import get_language
from vacances_scolaires_france import SchoolHolidayDates

logger = logging.getLogger(__name__)


def _holiday_language():
    return "en_US" if (get_language() or "fr").startswith("en") else "fr"


@lru_cache(maxsize=64)
def _public_holidays(year, language):
    return dict(holidays.country_holidays("FR", years=year, language=language))


def public_holiday_name(day):
    """Return the name of the French public holiday on `day`, or None."""
    return _public_holidays(day.year, _holiday_language()).get(day)


def is_public_holiday(day):
    return day in _public_holidays(day.year, "fr")


def is_working_day(day):
    """Monday to Friday, except French public holidays."""
    return day.weekday() < 5 and not is_public_holiday(day)


@lru_cache(maxsize=1)
def _school_holiday_data():
    return SchoolHolidayDates()


@lru_cache(maxsize=16)
def _school_holidays(year, zone):
    data = _school_holiday_data()
    if not data.min_year <= year <= data.max_year:
        # NOTE: past the package's data every day counts as a school day;
        # staff then add the holidays as closures or extra opening days.
        logger.warning("No school holiday data for %s, zone %s", year, zone)
        return frozenset()
    return frozenset(data.holidays_for_year_and_zone(year, zone))


def is_school_holiday(day, zone):
    """Return True when `day` falls in the school holidays of `zone` (A, B or C)."""
    return day in _school_holidays(day.year, zone)


def days_between(start, end):
    """Yield every date from `start` to `end`, both included."""
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
