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
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"


# Browser tests ------------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; the ORM calls made by the
    # test itself are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class AccessiblePage:
    """A Playwright page whose every loaded document must pass axe-core.

    Call `check()` after each navigation; a page left unchecked when the next
    one loads, or at the end of the test, fails the test.
    """

    def __init__(self, page, base_url):
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.base_url = base_url
        self.axe = Axe()
        self.unchecked = None
        self.missed = []
        self.checked_urls = []
        page.on("load", self._on_load)

    def _on_load(self, frame_page):
        if self.unchecked is not None:
            self.missed.append(self.unchecked)
        self.unchecked = frame_page.url

    def goto(self, path):
        self.page.goto(self.base_url + path)
        return self.check()

    def check(self):
        """Run axe-core on the current document and check it fits the screen.

        Fails on any WCAG 2.1 A/AA violation or horizontal scrolling.
        """
        self.page.wait_for_load_state("load")
        results = self.axe.run(self.page, options=AXE_OPTIONS)
        violations = results.response["violations"]
        details = "\n".join(
            f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
            for v in violations
        )
        assert not violations, f"axe-core violations on {self.page.url}:\n{details}"
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{self.page.url} is {overflow}px wider than the screen"
        self.checked_urls.append(self.page.url)
        self.unchecked = None
        return self.page


@pytest.fixture
def browser_page(chromium, live_server):
    context = chromium.new_context(
        locale="fr-FR", viewport={"width": 360, "height": 780}
    )
    page = context.new_page()
    page.set_default_timeout(10000)
    accessible = AccessiblePage(page, live_server.url)
    yield accessible
    try:
        assert not accessible.missed, (
            f"pages loaded without an axe check: {accessible.missed}"
        )
        if accessible.unchecked is not None:
            accessible.check()
    finally:
        context.close()
