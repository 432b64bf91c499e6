"""Signing in, throttling, passwords and invitations, as a person meets them."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from pilotage.core import services
from pilotage.core.models import AuditAction, AuditEntry, Role, User
from tests.conftest import PASSWORD

LOGIN = "/account/login/"


def login(client: Client, email: str, password: str):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR="192.0.2.10")


def test_passwords_are_hashed_with_argon2_outside_tests():
    from pilotage.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_a_person_signs_in_with_their_email_and_lands_on_their_organisation(world):
    c = Client()
    response = login(c, "Bob@Acme.test", PASSWORD)
    assert response.status_code == 302
    response = c.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == "/o/acme/"
    assert "Cash collection" in response.content.decode()


def test_sign_in_is_recorded_in_the_trail_with_the_address(world):
    login(Client(), "bob@acme.test", PASSWORD)
    entry = AuditEntry.objects.filter(action=AuditAction.LOGIN, actor=world.bob).get()
    assert entry.organisation == world.acme
    assert entry.ip == "192.0.2.10"


def test_a_wrong_password_is_refused_and_recorded(world):
    response = login(Client(), "bob@acme.test", "wrong-password")
    assert response.status_code == 200
    assert 'class="alert alert-danger"' in response.content.decode()
    entry = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).get()
    assert entry.actor_label == "bob@acme.test"
    assert entry.organisation == world.acme


def test_a_failed_sign_in_with_an_unknown_address_goes_to_the_system_chain(world):
    login(Client(), "nobody@nowhere.test", "whatever")
    entry = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).get()
    assert entry.organisation is None
    assert entry.chain.key == "system"


def test_the_sixth_wrong_password_locks_the_account_from_that_address(world):
    c = Client()
    for _ in range(5):
        assert login(c, "bob@acme.test", "wrong-password").status_code == 200
    locked = login(c, "bob@acme.test", "wrong-password")
    assert locked.status_code == 429
    # Even the right password is refused while locked.
    assert login(c, "bob@acme.test", PASSWORD).status_code == 429
    assert AuditEntry.objects.filter(action=AuditAction.LOCKOUT, organisation=world.acme).exists()
    # From another address the person can still sign in.
    other = Client().post(
        LOGIN, {"username": "bob@acme.test", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 302


def test_a_disabled_membership_gives_no_access(world):
    membership = world.bob.memberships.get()
    services.member_update(
        actor=world.alice, membership=membership, role=Role.REFERENT, is_active=False
    )
    c = Client()
    c.force_login(world.bob)
    assert c.get("/o/acme/").status_code == 404
    page = c.get("/")
    assert page.status_code == 200  # the "no organisation" page, not an error


def test_logout_needs_a_post_and_is_recorded(world):
    c = Client()
    c.force_login(world.bob)
    response = c.post("/account/logout/")
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.LOGOUT, actor=world.bob).exists()
    assert c.get("/o/acme/").status_code == 302


def _link(body: str) -> str:
    match = re.search(r"https?://\S+/account/password/reset/\S+/", body)
    assert match, body
    return match.group(0)


def test_a_new_member_gets_an_invitation_by_email_and_chooses_a_password(
    world, smtp_inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.member_add(
            actor=world.alice,
            org=world.acme,
            email="new.person@acme.test",
            first_name="Nina",
            last_name="Nouvelle",
            role=Role.REFERENT,
        )
    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == "new.person@acme.test"
    assert "Acme Industrie" in message["Subject"]
    link = _link(smtp_inbox.body())
    c = Client()
    path = link.split("127.0.0.1:8000", 1)[1]
    form_page = c.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = c.post(
        set_url,
        {
            "new_password1": "Un-Mot-de-passe-solide-42",
            "new_password2": "Un-Mot-de-passe-solide-42",
        },
    )
    assert done.status_code == 302
    assert login(Client(), "new.person@acme.test", "Un-Mot-de-passe-solide-42").status_code == 302


def test_adding_someone_already_known_keeps_one_account(
    world, smtp_inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.member_add(
            actor=world.oscar, org=world.globex, email="AUDREY@acme.test", role=Role.AUDITOR
        )
    assert membership.user == world.audrey
    assert User.objects.filter(email__iexact="audrey@acme.test").count() == 1
    assert smtp_inbox.messages == []  # she already has a password


def test_password_reset_by_email(world, smtp_inbox):
    c = Client()
    response = c.post("/account/password/reset/", {"email": "rita@acme.test"})
    assert response.status_code == 302
    assert len(smtp_inbox.messages) == 1
    path = re.sub(r"^https?://[^/]+", "", _link(smtp_inbox.body()))
    page = c.get(path, follow=True)
    set_url = page.redirect_chain[-1][0]
    c.post(
        set_url, {"new_password1": "Nouveau-secret-2026!", "new_password2": "Nouveau-secret-2026!"}
    )
    assert login(Client(), "rita@acme.test", "Nouveau-secret-2026!").status_code == 302
    # The link works once.
    again = Client().get(path, follow=True)
    assert "validlink" not in again.context or not again.context["validlink"]


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(world, smtp_inbox):
    response = Client().post("/account/password/reset/", {"email": "ghost@acme.test"})
    assert response.status_code == 302
    assert smtp_inbox.messages == []


@pytest.mark.parametrize("url", ["/o/acme/", "/o/acme/engagements/", "/account/"])
def test_pages_need_a_sign_in(url, world):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(
        settings.LOGIN_URL if settings.LOGIN_URL.startswith("/") else LOGIN
    )


def test_security_headers_are_sent(world):
    c = Client()
    c.force_login(world.alice)
    response = c.get("/o/acme/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.content.decode()  # no inline script
