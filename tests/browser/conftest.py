"""Browser fixtures: Playwright drives Debian's chromium against the live server.

Every page a browser test loads is checked with axe-core (see ``axe.py``)
and for Content Security Policy violations; the ``ui`` fixture fails the
test if a page was loaded and never checked.
Without chromium the browser tests skip locally, but fail in CI (``CI`` set),
so a broken CI machine cannot pass by skipping them.
"""

import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, Response, sync_playwright

from tests.browser import axe
from tests.personas import PASSWORD, Personas

CHROMIUM = Path(os.environ.get("HUDDLE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IN_CI = bool(os.environ.get("CI"))
TIMEOUT_MS = 15_000


def _require(path: Path, what: str) -> None:
    if path.exists():
        return
    message = f"{what} not found at {path}"
    if IN_CI:
        pytest.fail(f"{message}; CI must run the browser tests (.ci/run installs it).", pytrace=False)
    pytest.skip(f"{message}; browser tests skipped (CI runs them).")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    # Remember how the test body went, so teardown does not pile an axe
    # report on top of an earlier failure.
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Playwright, for one test module at a time.

    Its sync API keeps an event loop running in this thread, which makes
    Django refuse ORM calls from the test; allowing them is safe here (one
    thread, no real async code) and is undone when the module ends, so the
    rest of the suite keeps Django's check.
    """
    _require(CHROMIUM, "Debian's chromium")
    _require(axe.AXE_JS, "axe-core (run `npm install`)")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            yield pw
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    # Never `playwright install`: the suite uses the distribution's chromium.
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


class UI:
    """One browser tab on the live server that audits what it loads.

    ``visit`` and ``audit`` run axe; every ``load`` event is counted so a page
    reached by a click and never audited is caught at teardown.
    """

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.loaded: list[str] = []
        self.audited = 0
        self.script_errors: list[str] = []
        page.on("load", lambda p: self.loaded.append(p.url))
        page.on("pageerror", lambda error: self.script_errors.append(str(error)))
        self.console_errors: list[str] = []
        self.csp_violations: list[str] = []
        page.on("console", self._note_console)

    def _note_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)
        # Chromium logs every Content Security Policy violation to the console.
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def url(self, path: str) -> str:
        return self.base_url + path

    def visit(self, path: str) -> Response:
        response = self.page.goto(self.url(path))
        assert response is not None, f"no response for {path}"
        self.audit()
        return response

    def audit(self) -> None:
        """Check the page as it is now: axe, no uncaught script errors, no CSP violations."""
        self.page.wait_for_load_state("load")
        found = axe.violations(self.page)
        self.audited = len(self.loaded)
        assert not found, axe.describe(self.page.url, found)
        assert not self.script_errors, f"script errors on {self.page.url}: {self.script_errors}"
        assert not self.csp_violations, f"Content Security Policy violations on {self.page.url}: {self.csp_violations}"

    def check_unaudited(self) -> None:
        missed = self.loaded[self.audited : -1]
        assert not missed, f"pages loaded but never audited with axe: {missed}"
        if len(self.loaded) > self.audited:
            self.audit()


@pytest.fixture
def ui(browser: Browser, live_server: object, request: pytest.FixtureRequest) -> Iterator[UI]:
    # tests/conftest.py empties the cache (log-in rate limits, used TOTP
    # codes) before each database test, so every sign-in here starts clean.
    context = browser.new_context(locale="en-US", timezone_id="America/New_York")
    context.set_default_timeout(TIMEOUT_MS)
    # axe loads with every document, before the page's own scripts.
    context.add_init_script(path=axe.AXE_JS)
    tab = UI(context.new_page(), str(live_server))
    yield tab
    try:
        if not request.node.stash.get(_CALL_FAILED, True):
            tab.check_unaudited()
    finally:
        context.close()


def totp_code(user: object) -> str:
    """The current code from the persona's authenticator app, computed as the app would."""
    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    # Near the end of a period the code could expire in flight; wait for the next.
    if app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD < 3:
        time.sleep(3)
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


EMAIL_LABEL = re.compile(r"^e-?mail", re.IGNORECASE)
PASSWORD_LABEL = re.compile(r"^password:?$", re.IGNORECASE)
CODE_LABEL = re.compile(r"code", re.IGNORECASE)
SIGN_IN_BUTTON = re.compile(r"^sign in$", re.IGNORECASE)


def fill_login_form(tab: UI, email: str, password: str) -> None:
    tab.visit("/accounts/login/")
    tab.page.get_by_label(EMAIL_LABEL).fill(email)
    tab.page.get_by_label(PASSWORD_LABEL).fill(password)
    tab.page.get_by_role("button", name=SIGN_IN_BUTTON).click()
    tab.page.wait_for_load_state("load")


def sign_in(tab: UI, user: object, *, two_factor: bool) -> None:
    """Sign in through the real forms, as a person would, ending on the dashboard."""
    fill_login_form(tab, user.email, PASSWORD)  # type: ignore[attr-defined]
    if two_factor:
        tab.page.wait_for_url("**/accounts/2fa/authenticate/")
        tab.audit()
        tab.page.get_by_label(CODE_LABEL).fill(totp_code(user))
        tab.page.get_by_role("button", name=SIGN_IN_BUTTON).click()
    tab.page.wait_for_url(tab.url("/"))
    tab.audit()


@pytest.fixture
def signed_in_page(ui: UI, people: Personas) -> Callable[[str], UI]:
    """``signed_in_page("coordinator")`` → the ``ui`` tab, signed in as that persona."""
    from allauth.mfa.models import Authenticator

    def make(role: str) -> UI:
        user = people.all()[role]
        # allauth asks for a code exactly when the person has an authenticator.
        has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        sign_in(ui, user, two_factor=has_totp)
        return ui

    return make


@pytest.fixture
def tab_for(
    browser: Browser, live_server: object, people: Personas, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], UI]]:
    """``tab_for("ms3")`` → a tab of its own (own cookies), signed in as that persona through the real forms.

    For flows between two or three people (a listener and a student, a waitlist
    and the person who gives up a place); each tab is audited like ``ui``.
    """
    from allauth.mfa.models import Authenticator

    opened: list[tuple[UI, BrowserContext]] = []

    def make(role: str) -> UI:
        context = browser.new_context(locale="en-US", timezone_id="America/New_York")
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(path=axe.AXE_JS)
        tab = UI(context.new_page(), str(live_server))
        opened.append((tab, context))
        user = people.all()[role]
        sign_in(tab, user, two_factor=Authenticator.objects.filter(user=user).exists())
        return tab

    yield make
    try:
        if not request.node.stash.get(_CALL_FAILED, True):
            for tab, _context in opened:
                tab.check_unaudited()
    finally:
        for _tab, context in opened:
            context.close()


def click_and_audit(tab: UI, action: Callable[[], None]) -> None:
    """Run an action that loads a new page, then check that page (axe, CSP)."""
    with tab.page.expect_navigation():
        action()
    tab.audit()
