"""Calendars and service levels edited in the pages."""

from __future__ import annotations

from pilotage.core.models import AuditEntry
from pilotage.sla.models import BusinessCalendar, SlaPolicy

WEEK = {f"day_{d}": "09:00-12:00, 14:00-18:00" for d in range(5)}


def calendar_form(**changes):
    return {
        "name": "Moselle",
        "timezone": "Europe/Paris",
        "holiday_country": "FR",
        "subdivision": "57",
        "closed_days": "",
        "open_days": "",
        **WEEK,
        **changes,
    }


def test_a_referent_creates_a_calendar_and_sees_the_next_fortnight(world, client_for):
    c = client_for(world.bob)
    response = c.post("/o/acme/calendars/new/", calendar_form(closed_days="24/12/2026\n2026-12-31"))
    assert response.status_code == 302
    cal = BusinessCalendar.objects.get(name="Moselle")
    assert cal.weekly_hours["0"] == [["09:00", "12:00"], ["14:00", "18:00"]]
    assert cal.closed_days == ["2026-12-24", "2026-12-31"]
    assert AuditEntry.objects.filter(
        object_type="sla.businesscalendar", object_id=str(cal.pk)
    ).exists()
    page = c.get(response["Location"]).content.decode()
    assert "14:00–18:00" in page


def test_malformed_hours_are_refused_on_their_day_and_nothing_is_stored(world, client_for):
    before = BusinessCalendar.objects.count()
    page = client_for(world.alice).post("/o/acme/calendars/new/", calendar_form(day_2="9h-midi"))
    assert page.status_code == 200
    assert 'id="id_day_2_error"' in page.content.decode()
    overlapping = client_for(world.alice).post(
        "/o/acme/calendars/new/", calendar_form(day_1="09:00-12:00, 11:00-13:00")
    )
    assert (
        overlapping.status_code == 200
        and "alert-danger" in overlapping.content.decode()
        or "is-invalid" in overlapping.content.decode()
    )
    closed = client_for(world.alice).post(
        "/o/acme/calendars/new/", {**calendar_form(), **{f"day_{d}": "" for d in range(7)}}
    )
    assert closed.status_code == 200
    unknown = client_for(world.alice).post(
        "/o/acme/calendars/new/", calendar_form(subdivision="99")
    )
    assert unknown.status_code == 200
    assert BusinessCalendar.objects.count() == before


def test_the_auditor_reads_a_calendar_without_a_save_button(world, client_for):
    page = client_for(world.audrey).get(f"/o/acme/calendars/{world.calendar.pk}/").content.decode()
    assert "<fieldset disabled>" in page
    assert (
        client_for(world.audrey)
        .post(f"/o/acme/calendars/{world.calendar.pk}/", calendar_form())
        .status_code
        == 404
    )


def test_a_referent_sets_the_service_level_of_their_engagement(world, client_for):
    data = {
        "compliance_target": "95",
        "pause_statuses": "En attente, Pending",
        "penalty_mode": "service_credit",
        "amount_per_ticket": "",
        "amount_per_hour": "",
        "monthly_fee": "3800",
        "cap_percent": "15",
        "credit_tiers": "95 → 5, 90 → 10",
        "p-TOTAL_FORMS": "2",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "6",
        "p-0-code": "P1",
        "p-0-name": "Critique",
        "p-0-gti_minutes": "60",
        "p-0-gtr_minutes": "240",
        "p-0-calendar": world.calendar.pk,
        "p-0-aliases": "Très haute, 5",
        "p-1-code": "P2",
        "p-1-name": "Normale",
        "p-1-gti_minutes": "240",
        "p-1-gtr_minutes": "960",
        "p-1-calendar": world.calendar.pk,
        "p-1-aliases": "Moyenne",
    }
    c = client_for(world.bob)
    response = c.post(f"/o/acme/engagements/{world.cash.pk}/sla/policy/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = SlaPolicy.objects.get(engagement=world.cash)
    assert policy.credit_tiers == [{"below": "95", "credit": "5"}, {"below": "90", "credit": "10"}]
    assert [p.code for p in policy.priorities.all()] == ["P1", "P2"]
    assert policy.priorities.get(code="P1").aliases == ["Très haute", "5"]
    # A GTR shorter than the GTI, or service credits without the fee, are refused.
    bad = c.post(
        f"/o/acme/engagements/{world.cash.pk}/sla/policy/",
        {**data, "p-1-gtr_minutes": "30", "monthly_fee": ""},
    )
    assert bad.status_code == 200
    assert 'id="id_monthly_fee_error"' in bad.content.decode()
    policy.refresh_from_db()
    assert policy.monthly_fee == 3800
