"""The secret read link of a candidate: the latest published version, in a layout of its own,
no account needed; each read counted; revoked or unknown → 404; nothing else reachable."""

from __future__ import annotations

import io
import re

import docx
from django.urls import reverse

from pilotage.core.models import AuditAction, AuditEntry
from pilotage.specifications import services
from pilotage.specifications.models import SpecShare


def shared(token: str, name: str = "page") -> str:
    return reverse(f"specification_shared:{name}", kwargs={"token": token})


def test_anyone_with_the_link_reads_the_latest_published_version(world, client_for):
    response = client_for(None).get(shared(world.spec_share.token))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Get paid on time" in page
    assert "Send the reminders of overdue invoices" not in page  # the draft, not published
    assert "Acme Industrie" in page and "Axiome" in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_link_follows_the_latest_version(world, client_for):
    services.version_publish(actor=world.bob, engagement=world.cash)
    page = client_for(None).get(shared(world.spec_share.token)).content.decode()
    assert "Send the reminders of overdue invoices" in page


def test_nothing_else_of_the_organisation_is_linked_from_it(world, client_for):
    page = client_for(None).get(shared(world.spec_share.token)).content.decode()
    links = re.findall(r'href="([^"]+)"', page)
    for link in links:
        assert link.startswith("/static/") or link.startswith(shared(world.spec_share.token)), link
    assert "/o/acme/" not in page
    assert "Recouvra" not in page  # the vendor holding the engagement is not told
    assert "IT support" not in page


def test_each_read_is_counted_with_an_audit_entry(world, client_for):
    client = client_for(None)
    token = world.spec_share.token
    client.get(shared(token))
    client.get(shared(token, "pdf"))
    client.get(shared(token, "docx"))

    share = SpecShare.objects.get(pk=world.spec_share.pk)
    assert share.read_count == 3
    assert share.last_read_at is not None
    reads = AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_type="specifications.specshare", object_id=str(share.pk)
    )
    assert reads.count() == 3


def test_the_downloads_through_the_link_are_the_published_version(world, client_for):
    client = client_for(None)
    pdf = client.get(shared(world.spec_share.token, "pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf["Content-Disposition"].endswith('-v1.pdf"')
    word = client.get(shared(world.spec_share.token, "docx"))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "Get paid on time" in text
    assert "Send the reminders of overdue invoices" not in text


def test_a_revoked_link_answers_404_and_counts_nothing(world, client_for):
    services.share_revoke(actor=world.alice, share=world.spec_share)
    client = client_for(None)
    for name in ("page", "pdf", "docx"):
        assert client.get(shared(world.spec_share.token, name)).status_code == 404
    world.spec_share.refresh_from_db()
    assert world.spec_share.read_count == 0


def test_an_unknown_or_mangled_token_answers_404(world, client_for):
    client = client_for(None)
    token = world.spec_share.token
    for bad in (
        "nope",
        token[:-1],
        token.upper() if token.upper() != token else token + "x",
        "x" * 500,
        token + "/../",
    ):
        assert client.get(f"/shared/specification/{bad}/").status_code == 404, bad


def test_a_link_before_any_published_version_answers_404(world, client_for):
    share = services.share_create(actor=world.alice, engagement=world.it, vendor=world.recouvra)
    assert client_for(None).get(shared(share.token)).status_code == 404
    share.refresh_from_db()
    assert share.read_count == 0


def test_the_link_opens_no_door_into_the_application(world, client_for):
    client = client_for(None)
    client.get(shared(world.spec_share.token))
    app = reverse("specifications:page", kwargs={"org": "acme", "pk": world.cash.pk})
    assert client.get(app).status_code == 302  # to the sign-in page
    assert (
        client.get(f"/shared/specification/{world.spec_share.token}/versions/1/").status_code == 404
    )
