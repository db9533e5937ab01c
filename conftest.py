"""Shared fixtures, and the rule that CI runs every test.

Outside CI a test needing PostgreSQL or Chromium may skip with its reason;
with CI set, any skip is turned into a failure.
"""

import os

import pytest
from django.db import connection

CHROMIUM = "/usr/bin/chromium"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped:
        report.outcome = "failed"
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else ""
        report.longrepr = f"Skipped in CI, where every test must run: {reason}"


@pytest.fixture
def postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")


@pytest.fixture(autouse=True)
def _media_and_mail(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
