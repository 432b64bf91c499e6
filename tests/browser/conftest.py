"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Playwright is never allowed to download a browser: it launches /usr/bin/chromium
(``PILOTAGE_CHROMIUM`` overrides the path). Every page a test visits is checked for
console errors, uncaught page errors and Content-Security-Policy violations, and is
saved as a full-page screenshot in var/screenshots/<name>.png for a human to look at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Page,
    sync_playwright,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCREENSHOTS = ROOT / "var" / "screenshots"
CHROMIUM = os.environ.get("PILOTAGE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# Chromium reports every violation of the Content-Security-Policy in the console; the
# listener below makes sure one is never missed, whatever level the browser logs it at.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || e.documentURI}:${e.lineNumber}`);
});
"""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test of this folder drives the browser: mark it ``browser``."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One chromium for the browser tests of this folder.

    Playwright's sync API keeps an asyncio event loop running in the test thread for as long
    as it is started, and Django's ORM then refuses to run there (SynchronousOnlyOperation):
    DJANGO_ALLOW_ASYNC_UNSAFE is set for exactly that time. Package scope rather than session
    scope, so that both end with the last browser test: a loop left running (and the variable
    left set) would disable the async-safety check for every later test of the process, and
    the variable would leak into subprocesses (``check --deploy`` refuses it: async.E001).
    """
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (scripts/system-packages.sh "
            "--browser); Playwright must not download its own browser."
        )
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield b
            b.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Browsing:
    """One person at one browser: a page whose problems are collected and screenshots taken."""

    def __init__(self, browser: Browser, base_url: str, viewport: dict[str, int]):
        self.base_url = base_url.rstrip("/")
        self.context = browser.new_context(
            base_url=self.base_url, viewport=viewport, locale="fr-FR", timezone_id="Europe/Paris"
        )
        self.context.set_default_timeout(10_000)
        self.context.add_init_script(CSP_LISTENER)
        self.problems: list[str] = []
        # URLs expected to answer an HTTP error (Chromium logs "Failed to load resource").
        self.expected_http_errors: set[str] = set()
        self.page = self.new_page()

    def new_page(self) -> Page:
        page = self.context.new_page()
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        return page

    def _on_console(self, msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        if msg.text.startswith("Failed to load resource") and url in self.expected_http_errors:
            return
        self.problems.append(f"console error on {url or self.page.url}: {msg.text}")

    def _on_page_error(self, error: Error) -> None:
        self.problems.append(f"page error on {self.page.url}: {error}")

    def url(self, path: str) -> str:
        return self.base_url + path

    def expect_http_error(self, path: str) -> None:
        self.expected_http_errors.add(self.url(path))

    def check(self) -> None:
        """Fail on any console error, page error or CSP violation seen so far."""
        problems, self.problems = self.problems, []
        assert not problems, "The browser reported problems:\n" + "\n".join(problems)

    def shot(self, name: str, page: Page | None = None) -> Path:
        """Save a full-page screenshot (after the page settled) and check for problems."""
        page = page or self.page
        page.wait_for_load_state("networkidle")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
        page.screenshot(path=str(path), full_page=True)
        self.check()
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def browsing(browser: Browser, live_server, transactional_db):
    """``browsing()`` opens a fresh browser context (no cookies) on the live server."""
    opened: list[Browsing] = []

    def make(viewport: dict[str, int] = DESKTOP) -> Browsing:
        b = Browsing(browser, live_server.url, viewport)
        opened.append(b)
        return b

    yield make
    leftovers = [p for b in opened for p in b.problems]
    for b in opened:
        b.close()
    assert not leftovers, "The browser reported problems:\n" + "\n".join(leftovers)
