"""Each role, in a real browser, as a person meets the application.

Owner alice, referent bob, vendor victor (Recouvra) and auditor audrey sign in through the
login form, land on their home page, open the engagement "Cash collection", then the audit
trail, which only the owner and the auditor may see. The language switch of the footer is
checked last. Expected texts come from the application's own translations, so the tests
follow the French catalogue whatever its state; screenshots go to var/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from pilotage.core.models import AuditAction
from tests.conftest import PASSWORD, make_world

from .conftest import PHONE, Browsing

pytestmark = pytest.mark.browser

HOME = "/o/acme/"
AUDIT = "/o/acme/audit/"
LOGIN = "/account/login/"


def t(message, lang: str = "fr", **params: str) -> str:
    """What the interface shows for ``message`` (a msgid or a lazy label) in ``lang``."""
    with translation.override(lang):
        text = translation.gettext(message) if isinstance(message, str) else str(message)
    return text % params if params else text


def main_menu(page: Page, lang: str = "fr"):
    return page.get_by_role("navigation", name=t("Main menu", lang))


def sign_in(b: Browsing, shot: str, email: str, lang: str = "fr") -> None:
    """Open the login page (screenshot ``shot``), fill the fields found by their labels, submit."""
    page = b.page
    page.goto(LOGIN)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Sign in", lang))
    b.shot(shot)
    page.get_by_label(t("E-mail address", lang)).fill(email)
    page.get_by_label(t("Password", lang)).fill(PASSWORD)
    page.get_by_role("button", name=t("Sign in", lang), exact=True).click()


def sign_out(page: Page, full_name: str, lang: str) -> None:
    main_menu(page, lang).get_by_role("button", name=re.compile(re.escape(full_name))).click()
    page.get_by_role("button", name=t("Sign out", lang)).click()
    expect(page).to_have_url(re.compile(re.escape(LOGIN) + "$"))


def assert_never_shows(page: Page, text: str) -> None:
    expect(page.locator("html")).not_to_contain_text(text)
    assert text not in page.content(), f"{text!r} is in the source of {page.url}"


ROLES = {
    # role: (email, first name, sees the audit trail, may edit the engagement)
    "owner": ("alice@acme.test", "Alice", True, True),
    "referent": ("bob@acme.test", "Bob", False, True),
    "vendor": ("victor@acme.test", "Victor", False, False),
    "auditor": ("audrey@acme.test", "Audrey", True, False),
}


@pytest.mark.parametrize("role", list(ROLES))
def test_a_person_signs_in_opens_the_engagement_and_the_audit_trail(browsing, role):
    world = make_world()
    email, first_name, sees_audit, may_edit = ROLES[role]
    b = browsing()
    page = b.page
    other_vendor = world.axiome.name  # "Axiome": victor must never see it

    # Sign in like a person, land on the role's home page.
    sign_in(b, f"{role}-login", email)
    expect(page).to_have_url(b.url(HOME))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Hello %(name)s", name=first_name))
    expect(page.get_by_role("link", name=world.cash.title, exact=True)).to_be_visible()
    if role == "vendor":
        assert_never_shows(page, other_vendor)
    b.shot(f"{role}-home")

    # The engagement "Cash collection".
    page.get_by_role("link", name=world.cash.title, exact=True).click()
    expect(page).to_have_url(b.url(f"/o/acme/engagements/{world.cash.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(world.cash.title)
    expect(page.get_by_role("link", name=world.recouvra.name)).to_be_visible()
    edit_names = {"Edit", "Modifier", t("Edit")}
    if may_edit:
        expect(page.get_by_role("link", name=t("Edit"), exact=True)).to_be_visible()
    else:
        for name in edit_names:
            expect(page.get_by_role("link", name=name, exact=True)).to_have_count(0)
            expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
        expect(page.get_by_role("button", name=t("Change stage"), exact=True)).to_have_count(0)
    if role == "vendor":
        assert_never_shows(page, other_vendor)
    b.shot(f"{role}-engagement")

    # The audit trail: through the menu for those who may see it, refused for the others.
    audit_link = main_menu(page).get_by_role("link", name=t("Audit trail"), exact=True)
    if sees_audit:
        audit_link.click()
        expect(page).to_have_url(b.url(AUDIT))
        expect(page.get_by_role("heading", level=1)).to_have_text(t("Audit trail"))
        my_sign_in = (
            page.locator("tbody tr")
            .filter(has_text=email)
            .filter(has=page.get_by_text(t(AuditAction.LOGIN.label), exact=True))
        )
        expect(my_sign_in).to_have_count(1)
        b.shot(f"{role}-audit")
    else:
        expect(audit_link).to_have_count(0)
        expect(page.locator(f'a[href="{AUDIT}"]')).to_have_count(0)
        b.expect_http_error(AUDIT)
        response = page.goto(AUDIT)
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text(t("Page not found"))
        expect(page.get_by_role("table")).to_have_count(0)
        if role == "vendor":
            assert_never_shows(page, other_vendor)
        b.shot(f"{role}-audit")


def test_the_owner_home_page_fits_a_phone(browsing):
    world = make_world()
    b = browsing(PHONE)
    page = b.page
    sign_in(b, "owner-login-phone", world.alice.email)
    expect(page).to_have_url(b.url(HOME))
    expect(page.get_by_role("link", name=world.cash.title, exact=True)).to_be_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"
    b.shot("owner-home-phone")
    # The menu folds behind the toggler and opens on a tap.
    menu = main_menu(page)
    audit_link = menu.get_by_role("link", name=t("Audit trail"), exact=True)
    expect(audit_link).to_be_hidden()
    menu.get_by_role("button", name=t("Menu")).click()
    expect(audit_link).to_be_visible()
    b.check()


def test_the_language_switch_is_remembered_across_pages_and_sign_ins(browsing):
    world = make_world()
    alice = world.alice
    b = browsing()
    page = b.page
    b.context.set_extra_http_headers({"Accept-Language": "en-US,en;q=0.9"})  # ignored by design

    # French by default, whatever the browser asks for.
    sign_in(b, "language-fr-login", alice.email, lang="fr")
    expect(page).to_have_url(b.url(HOME))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    footer = page.get_by_role("contentinfo")
    expect(footer.get_by_role("button", name="Français")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Hello %(name)s", name="Alice"))
    b.shot("language-fr-home")

    # "English" in the footer: same page, in English.
    footer.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(b.url(HOME))
    expect(page.get_by_role("contentinfo").get_by_role("button", name="English")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Hello %(name)s", "en", name="Alice")
    )
    expect(main_menu(page, "en").get_by_role("link", name="Engagements")).to_be_visible()
    b.shot("language-en-home")

    # A new page load keeps English.
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    main_menu(page, "en").get_by_role("link", name=t("Audit trail", "en"), exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Audit trail", "en"))
    b.shot("language-en-audit")

    # Signing out and in again keeps English, the login page included.
    sign_out(page, alice.get_full_name(), "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Password")).to_be_visible()
    sign_in(b, "language-en-login", alice.email, lang="en")
    expect(page).to_have_url(b.url(HOME))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Hello %(name)s", "en", name="Alice")
    )
    b.shot("language-en-home-again")

    # Another browser, without the cookie: French until she signs in, then her choice.
    other = browsing()
    sign_in(other, "language-other-browser-login", alice.email, lang="fr")
    expect(other.page).to_have_url(other.url(HOME))
    expect(other.page.locator("html")).to_have_attribute("lang", "en")
    other.shot("language-other-browser-home")
