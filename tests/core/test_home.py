"""Each role lands on a home page made for it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from pilotage.engagements import services


def page(client_for, user, url="/o/acme/") -> str:
    response = client_for(user).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_owner_sees_every_engagement_with_vendor_referent_and_stage(world, client_for):
    html = page(client_for, world.alice)
    assert "Cash collection" in html and "IT support" in html
    assert "Recouvra" in html and "Axiome" in html
    assert "Bob Test" in html and "Rita Test" in html
    assert "/o/acme/engagements/new/" in html
    assert "/o/acme/members/new/" in html
    assert "Globex payroll" not in html


def test_the_next_due_item_is_shown_and_the_earliest_wins(world, client_for):
    soon = timezone.localdate() + dt.timedelta(days=10)
    services.engagement_update(actor=world.alice, engagement=world.it, stage_due_on=soon)
    html = page(client_for, world.alice)
    assert soon.strftime("%d/%m/%Y") in html


def test_an_overdue_item_is_highlighted(world, client_for):
    late = timezone.localdate() - dt.timedelta(days=3)
    services.engagement_update(actor=world.alice, engagement=world.it, stage_due_on=late)
    html = page(client_for, world.alice)
    assert f'text-danger fw-semibold">{late:%d/%m/%Y}' in html


def test_a_referent_sees_only_the_engagements_assigned_to_them(world, client_for):
    html = page(client_for, world.bob)
    assert "Cash collection" in html
    assert "IT support" not in html
    assert "/o/acme/engagements/new/" not in html


def test_a_vendor_sees_only_their_company_engagements_and_no_other_vendor(world, client_for):
    for url in [
        "/o/acme/",
        "/o/acme/engagements/",
        "/o/acme/vendors/",
        f"/o/acme/engagements/{world.cash.pk}/",
    ]:
        html = page(client_for, world.victor, url)
        assert "Axiome" not in html, url
        assert "IT support" not in html, url
    assert "Cash collection" in page(client_for, world.victor)


def test_the_auditor_reads_everything_and_is_offered_no_change(world, client_for):
    html = page(client_for, world.audrey)
    assert "Cash collection" in html and "IT support" in html
    for action in ["/engagements/new/", "/vendors/new/", "/members/new/"]:
        assert f"/o/acme{action}" not in html
    detail = page(client_for, world.audrey, f"/o/acme/engagements/{world.cash.pk}/")
    assert f"/o/acme/engagements/{world.cash.pk}/edit/" not in detail
    assert "/stage/" not in detail


def test_a_person_in_two_organisations_chooses_one(world, client_for):
    from pilotage.core import services as core_services

    core_services.member_add(
        actor=world.oscar, org=world.globex, email="audrey@acme.test", role="auditor"
    )
    html = page(client_for, world.audrey, "/")
    assert "Acme Industrie" in html and "Globex" in html


def test_dates_are_french_by_default(world, client_for):
    services.engagement_update(
        actor=world.alice, engagement=world.cash, stage_due_on=dt.date(2026, 11, 23)
    )
    html = page(client_for, world.alice, f"/o/acme/engagements/{world.cash.pk}/")
    assert "23/11/2026" in html
    assert 'lang="fr"' in html
