"""Requests to the vendor, the relationship audit, the search and the calendar feed, as the
people of the world meet them (tests/conftest.py: Bob runs "cash", held by Recouvra/Victor;
Rita runs "it", held by Axiome/Vera)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from pilotage.core.models import AuditEntry, NotificationOptOut
from pilotage.governance import requests_services as services
from pilotage.governance import search
from pilotage.governance.models import Request
from pilotage.governance.review import KEYS


def url(name, w, **extra):
    return reverse(f"governance:{name}", kwargs={"org": "acme", "pk": w.cash.pk, **extra})


# --- requests ---------------------------------------------------------------------------


def test_a_request_is_recorded_with_its_author_and_audited(world, client_for):
    response = client_for(world.bob).post(
        url("request_new", world),
        {"subject": "Aged balance", "body": "By customer.", "asked_at": ""},
    )
    req = Request.objects.get(subject="Aged balance")
    assert response.status_code == 302
    assert req.author == world.bob and req.answered_at is None
    assert abs((timezone.now() - req.asked_at).total_seconds()) < 60
    assert AuditEntry.objects.filter(
        object_type="governance.request", object_id=str(req.pk)
    ).exists()


def test_a_request_may_be_backdated_but_not_in_the_future(world):
    earlier = timezone.now() - dt.timedelta(days=3)
    req = services.request_create(
        actor=world.bob, engagement=world.cash, subject="By phone", asked_at=earlier
    )
    assert req.asked_at == earlier
    with pytest.raises(ValidationError) as e:
        services.request_create(
            actor=world.bob,
            engagement=world.cash,
            subject="Tomorrow",
            asked_at=timezone.now() + dt.timedelta(days=1),
        )
    assert "asked_at" in e.value.error_dict


def test_the_vendor_answers_and_the_answer_cannot_precede_the_request(world, client_for):
    victor = client_for(world.victor)
    too_early = (timezone.localtime(world.request.asked_at) - dt.timedelta(days=1)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    refused = victor.post(
        url("request_answer", world, req=world.request.pk),
        {"answer": "Done.", "answered_at": too_early},
    )
    assert refused.status_code == 200
    assert "answered_at" in refused.context["form"].errors
    victor.post(
        url("request_answer", world, req=world.request.pk), {"answer": "Sent this morning."}
    )
    world.request.refresh_from_db()
    assert world.request.answer == "Sent this morning."
    assert world.request.answered_by == world.victor


def test_the_list_shows_open_requests_first_with_their_waiting_time(world, client_for):
    answered = services.request_create(
        actor=world.bob,
        engagement=world.cash,
        subject="Answered one",
        asked_at=timezone.now() - dt.timedelta(days=10),
    )
    services.request_answer(
        actor=world.victor,
        request=answered,
        answer="Yes.",
        answered_at=timezone.now() - dt.timedelta(days=9),
    )
    response = client_for(world.alice).get(url("requests", world))
    assert [r.request for r in response.context["open_rows"]] == [world.request]
    assert [r.request for r in response.context["answered_rows"]] == [answered]
    summary = response.context["summary"]
    assert (summary.asked, summary.answered, summary.open) == (2, 1, 1)


def test_reopening_puts_the_request_back_among_the_open_ones(world, client_for):
    services.request_answer(actor=world.victor, request=world.request, answer="Partial.")
    client_for(world.bob).post(url("request_reopen", world, req=world.request.pk))
    world.request.refresh_from_db()
    assert world.request.answered_at is None
    assert world.request.answer == "Partial."  # kept, to be completed


def test_a_new_request_and_its_answer_are_told_by_e_mail(
    world, smtp_inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        req = services.request_create(
            actor=world.bob, engagement=world.cash, subject="Dupont dispute", body="FA-2026-0412"
        )
    assert [m["X-Envelope-To"] for m in smtp_inbox.messages] == ["victor@acme.test"]
    link = reverse("governance:request", kwargs={"org": "acme", "pk": world.cash.pk, "req": req.pk})
    assert link in smtp_inbox.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert "/unsubscribe/" in smtp_inbox.messages[0]["List-Unsubscribe"]
    with django_capture_on_commit_callbacks(execute=True):
        services.request_answer(actor=world.victor, request=req, answer="Credit note sent.")
    assert smtp_inbox.messages[-1]["X-Envelope-To"] == "bob@acme.test"
    assert "Credit note sent." in smtp_inbox.body()


def test_the_response_time_indicator_takes_the_monthly_average(world):
    from pilotage.kpis import computed
    from pilotage.kpis import services as kpi_services

    indicator = kpi_services.template_add(
        actor=world.bob, engagement=world.cash, code="request_response_days"
    )
    # Asked on Monday 5 October 2026 at 10:00, answered Wednesday 7 at 10:00: two days.
    zone = timezone.get_current_timezone()
    req = services.request_create(
        actor=world.bob,
        engagement=world.cash,
        subject="October",
        asked_at=dt.datetime(2026, 10, 5, 10, tzinfo=zone),
    )
    services.request_answer(
        actor=world.victor,
        request=req,
        answer="Done",
        answered_at=dt.datetime(2026, 10, 7, 10, tzinfo=zone),
    )
    computed.refresh(world.cash)
    values = {v.period: v.value for v in indicator.values.all()}
    assert values[dt.date(2026, 10, 1)] == 2


# --- relationship audit -----------------------------------------------------------------


def review_post(score: str, comment: str = "") -> dict[str, str]:
    data = {"held_on": timezone.localdate().isoformat(), "meeting": ""}
    for key in KEYS:
        data[f"score_{key}"], data[f"comment_{key}"] = score, comment
    return data


def test_the_history_shows_each_audit_side_by_side_with_the_trend(world, client_for):
    client_for(world.bob).post(url("review_new", world), review_post("5", "Much better."))
    response = client_for(world.audrey).get(url("reviews", world))
    assert response.status_code == 200
    question, cells, trend = response.context["table"][0]
    assert [c["score"] for c in cells] == [3, 5]
    assert trend == 1
    assert response.context["latest_average"] == 5
    assert "Much better." in response.content.decode()


def test_the_vendor_never_sees_the_audit(world, client_for):
    assert client_for(world.victor).get(url("reviews", world)).status_code == 404


# --- search -----------------------------------------------------------------------------


def test_search_ignores_accents_and_case_and_highlights(world, client_for):
    services.request_create(
        actor=world.bob,
        engagement=world.cash,
        subject="Échéancier demandé par Dupont",
        body="Trois mensualités.",
    )
    response = client_for(world.alice).get(url("search", world), {"q": "echeancier DUPONT"})
    groups = {g.kind: g for g in response.context["groups"]}
    hits = groups["requests"].hits
    assert len(hits) == 1
    assert "<mark>Échéancier</mark>" in hits[0].title
    assert "<mark>Dupont</mark>" in hits[0].title


def test_search_finds_decisions_and_reviews_but_the_vendor_no_reviews(world):
    from pilotage.core.models import Membership

    alice = Membership.objects.get(user=world.alice, organisation=world.acme)
    victor = Membership.objects.get(user=world.victor, organisation=world.acme)
    found = {g.kind: len(g.hits) for g in search.search(alice, world.cash, "lyon")}
    assert found["decisions"] == 1
    assert {g.kind: len(g.hits) for g in search.search(alice, world.cash, "could do more")}[
        "reviews"
    ] == 1
    assert "reviews" not in {g.kind for g in search.search(victor, world.cash, "could do more")}


# --- calendar feed ----------------------------------------------------------------------


def ics(client, feed):
    response = client.get(reverse("calendar_ics", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_the_feed_is_a_valid_calendar_with_meetings_and_actions(world, client_for):
    cal = ics(client_for(None), world.feed)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    events = list(cal.walk("VEVENT"))
    assert events
    for event in events:
        assert event["UID"] and event.get("DTSTAMP") is not None
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is type(end) and end > start
    meetings = [e for e in events if str(e["UID"]).startswith(f"meeting-{world.meeting.pk}@")]
    assert len(meetings) == 1
    assert isinstance(meetings[0].decoded("DTSTART"), dt.datetime)


def test_the_vendor_sees_its_actions_but_no_unshared_contract(world, client_for):
    vendor_feed = services.calendar_feed_renew(actor=world.victor, organisation=world.acme)
    cal = ics(client_for(None), vendor_feed)
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert f"action-{world.action.pk}@" in " ".join(uids)  # held by the vendor
    assert not [u for u in uids if u.startswith(f"contract-{world.contract.pk}-")]
    vera_feed = services.calendar_feed_renew(actor=world.vera, organisation=world.acme)
    vera = [str(e["UID"]) for e in ics(client_for(None), vera_feed).walk("VEVENT")]
    assert not [u for u in vera if u.startswith(f"meeting-{world.meeting.pk}@")]


def test_a_new_address_revokes_the_old_one(world, client_for):
    old = world.feed.token
    client_for(world.alice).post(reverse("calendar_feed", kwargs={"org": "acme"}))
    assert client_for(None).get(reverse("calendar_ics", args=[old])).status_code == 404
    world.feed.refresh_from_db()
    assert world.feed.token != old
    assert client_for(None).get(reverse("calendar_ics", args=[world.feed.token])).status_code == 200


# --- notification preferences -----------------------------------------------------------


def test_the_account_page_turns_a_kind_off_and_on(world, client_for):
    client = client_for(world.victor)
    client.post(
        reverse("account"), {"form": "notifications", "notify": ["request", "action_overdue"]}
    )
    assert set(
        NotificationOptOut.objects.filter(user=world.victor).values_list("kind", flat=True)
    ) == {
        "kpi_reminder",
        "contract_deadline",
    }
    client.post(
        reverse("account"),
        {
            "form": "notifications",
            "notify": ["request", "action_overdue", "kpi_reminder", "contract_deadline"],
        },
    )
    assert not NotificationOptOut.objects.filter(user=world.victor).exists()
