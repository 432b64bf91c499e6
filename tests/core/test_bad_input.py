"""No request answers 500: wrong ids, other organisations' ids, unknown organisations and
malformed forms get a 404, or the form again with its errors, and nothing is stored."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from pilotage.core.models import User
from pilotage.engagements import services as eng_services

from .helpers import (
    acme,
    alice_access,
    all_url_patterns,
    bob_access,
    cash,
    changed_tables,
    membership_of,
    no_kwargs,
    recouvra,
    stored_rows,
)

URLS = all_url_patterns()
NOWHERE = 999999
LONG = "x" * 10_000

# ---------------------------------------------------------------------------------------
# Ids that do not exist, ids of another organisation, organisations that do not exist
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What the ``pk`` of a URL names: one of acme's, one of globex's, and the methods served."""

    acme: Callable[[SimpleNamespace], int]
    globex: Callable[[SimpleNamespace], int]
    methods: tuple[str, ...]
    extra: Callable[[SimpleNamespace], dict] = lambda w: {}  # other kwargs of the URL


ENGAGEMENT = dict(acme=lambda w: w.cash.pk, globex=lambda w: w.globex_eng.pk)
VENDOR = dict(acme=lambda w: w.recouvra.pk, globex=lambda w: w.globex_vendor.pk)
MEMBERSHIP = dict(
    acme=lambda w: membership_of(w.bob, w.acme).pk,
    globex=lambda w: membership_of(w.oscar, w.globex).pk,
)

# fmt: off
PK_TARGETS: dict[str, Target] = {
    "engagements:detail":   Target(**ENGAGEMENT, methods=("get",)),
    "engagements:update":   Target(**ENGAGEMENT, methods=("get", "post")),
    "engagements:stage":    Target(**ENGAGEMENT, methods=("get", "post")),
    "vendors:detail":       Target(**VENDOR,     methods=("get",)),
    "vendors:update":       Target(**VENDOR,     methods=("get", "post")),
    "members:update":       Target(**MEMBERSHIP, methods=("get", "post")),
    "api-engagement":       Target(**ENGAGEMENT, methods=("get", "patch")),
    "api-engagement-stage": Target(**ENGAGEMENT, methods=("post",)),
    "api-engagement-cash":  Target(**ENGAGEMENT, methods=("get",)),
    "api-engagement-indicators": Target(**ENGAGEMENT, methods=("get", "post")),
    "api-vendor":           Target(**VENDOR,     methods=("get",)),
    "sla:overview":         Target(**ENGAGEMENT, methods=("get",)),
    "sla:tickets":          Target(**ENGAGEMENT, methods=("get",)),
    "sla:policy":           Target(**ENGAGEMENT, methods=("get", "post")),
    "sla:import_upload":    Target(**ENGAGEMENT, methods=("get", "post")),
    "sla:import":           Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"job": w.cash_import.pk}),
    "cash:overview":        Target(**ENGAGEMENT, methods=("get",)),
    "cash:documents":       Target(**ENGAGEMENT, methods=("get",)),
    "cash:customers":       Target(**ENGAGEMENT, methods=("get",)),
    "cash:customer":        Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"customer": w.customer.pk}),
    "cash:settings":        Target(**ENGAGEMENT, methods=("get", "post")),
    "cash:import_upload":   Target(**ENGAGEMENT, methods=("get", "post")),
    "cash:import":          Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"job": w.cash_job.pk}),
    "cash:data_delete":     Target(**ENGAGEMENT, methods=("post",)),
    "cash:events":          Target(**ENGAGEMENT, methods=("get", "post")),
    "cash:event_delete":    Target(**ENGAGEMENT, methods=("post",), extra=lambda w: {"event": w.cash_event.pk}),
    "kpis:dashboard":       Target(**ENGAGEMENT, methods=("get",)),
    "kpis:pdf":             Target(**ENGAGEMENT, methods=("get",)),
    "kpis:indicators":      Target(**ENGAGEMENT, methods=("get",)),
    "kpis:indicator_add":   Target(**ENGAGEMENT, methods=("get", "post")),
    "kpis:indicator_new":   Target(**ENGAGEMENT, methods=("get", "post")),
    "kpis:indicator":       Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"indicator": w.indicator.pk}),
    "kpis:submit":          Target(**ENGAGEMENT, methods=("get", "post")),
    "kpis:value":           Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"value": w.kpi_value.pk}),
    "kpis:evidence":        Target(**ENGAGEMENT, methods=("get",), extra=lambda w: {"value": w.kpi_value.pk}),
    "kpis:settings":        Target(**ENGAGEMENT, methods=("get", "post")),
    "kpis:leader_time":     Target(**ENGAGEMENT, methods=("get", "post")),
    "kpis:import_upload":   Target(**ENGAGEMENT, methods=("get", "post")),
    "kpis:import":          Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"job": w.kpi_import.pk}),
    "calendars:update":     Target(acme=lambda w: w.calendar.pk, globex=lambda w: w.globex_calendar.pk, methods=("get", "post")),
    # Diagnostic.
    "diagnostics:page":     Target(**ENGAGEMENT, methods=("get",)),
    "diagnostics:pdf":      Target(**ENGAGEMENT, methods=("get",)),
    "diagnostics:suggest":  Target(**ENGAGEMENT, methods=("get",)),
    "diagnostics:activity_new": Target(**ENGAGEMENT, methods=("get", "post")),
    "diagnostics:activity": Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"activity": w.activity.pk}),
    "diagnostics:activity_delete": Target(**ENGAGEMENT, methods=("post",), extra=lambda w: {"activity": w.activity.pk}),
    "diagnostics:activity_apply": Target(**ENGAGEMENT, methods=("post",), extra=lambda w: {"activity": w.activity.pk}),
    "diagnostics:add_usual": Target(**ENGAGEMENT, methods=("get", "post")),
    "diagnostics:apply_all": Target(**ENGAGEMENT, methods=("get", "post")),
    "diagnostics:readiness": Target(**ENGAGEMENT, methods=("get", "post")),
    "diagnostics:risks":    Target(**ENGAGEMENT, methods=("get", "post")),
    "diagnostics:conclude": Target(**ENGAGEMENT, methods=("get", "post")),
    # Specification.
    "specifications:page":  Target(**ENGAGEMENT, methods=("get",)),
    "specifications:section": Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"section": "purpose"}),
    "specifications:publish": Target(**ENGAGEMENT, methods=("get", "post")),
    "specifications:version": Target(**ENGAGEMENT, methods=("get",), extra=lambda w: {"number": w.spec_version.number}),
    "specifications:version_pdf": Target(**ENGAGEMENT, methods=("get",), extra=lambda w: {"number": w.spec_version.number}),
    "specifications:version_docx": Target(**ENGAGEMENT, methods=("get",), extra=lambda w: {"number": w.spec_version.number}),
    "specifications:draft_pdf": Target(**ENGAGEMENT, methods=("get",)),
    "specifications:draft_docx": Target(**ENGAGEMENT, methods=("get",)),
    "specifications:share_create": Target(**ENGAGEMENT, methods=("get", "post")),
    "specifications:share_revoke": Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"share": w.spec_share.pk}),
    # Selection.
    "selection:page":       Target(**ENGAGEMENT, methods=("get",)),
    "selection:criteria":   Target(**ENGAGEMENT, methods=("get", "post")),
    "selection:criterion":  Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"criterion": w.criterion.pk}),
    "selection:candidates": Target(**ENGAGEMENT, methods=("get", "post")),
    "selection:candidate":  Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"candidate": w.candidate.pk}),
    "selection:candidate_flags": Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"candidate": w.candidate.pk}),
    "selection:candidate_interactions": Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"candidate": w.candidate.pk}),
    "selection:reviewers":  Target(**ENGAGEMENT, methods=("get", "post")),
    "selection:sheet":      Target(**ENGAGEMENT, methods=("get", "post")),
    "selection:decide":     Target(**ENGAGEMENT, methods=("get", "post")),
    # Pilot.
    "pilots:page":          Target(**ENGAGEMENT, methods=("get", "post")),
    "pilots:edit":          Target(**ENGAGEMENT, methods=("get", "post")),
    "pilots:ramp":          Target(**ENGAGEMENT, methods=("get", "post")),
    "pilots:criteria":      Target(**ENGAGEMENT, methods=("get", "post")),
    "pilots:criterion":     Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"criterion": w.pilot_criterion.pk}),
    "pilots:measure":       Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"criterion": w.pilot_manual.pk}),
    "pilots:agree":         Target(**ENGAGEMENT, methods=("get", "post")),
    "pilots:decide":        Target(**ENGAGEMENT, methods=("get", "post")),
    # Governance meetings.
    "governance:home":             Target(**ENGAGEMENT, methods=("get", "post")),
    "governance:cadence":          Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"cadence": w.cadence.pk}),
    "governance:meeting_new":      Target(**ENGAGEMENT, methods=("get", "post")),
    "governance:meeting":          Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"meeting": w.meeting.pk}),
    "governance:meeting_move":     Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"meeting": w.meeting.pk}),
    "governance:attendees":        Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"meeting": w.meeting.pk}),
    "governance:agenda_freeze":    Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"meeting": w.meeting.pk}),
    "governance:minutes_close":    Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"meeting": w.meeting.pk}),
    "governance:meeting_decision": Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"meeting": w.meeting.pk}),
    "governance:meeting_action":   Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"meeting": w.meeting.pk}),
    "governance:decisions":        Target(**ENGAGEMENT, methods=("get",)),
    "governance:decision":         Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"decision": w.decision.pk}),
    "governance:actions":          Target(**ENGAGEMENT, methods=("get",)),
    "governance:action":           Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"action": w.action.pk}),
    "governance:action_status":    Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"action": w.action.pk}),
    # Contracts.
    "contracts:list":     Target(**ENGAGEMENT, methods=("get",)),
    "contracts:create":   Target(**ENGAGEMENT, methods=("get", "post")),
    "contracts:detail":   Target(**ENGAGEMENT, methods=("get",), extra=lambda w: {"contract": w.contract.pk}),
    "contracts:edit":     Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"contract": w.contract.pk}),
    "contracts:clauses":  Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"contract": w.contract.pk}),
    "contracts:amend":    Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"contract": w.contract.pk}),
    "contracts:upload":   Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"contract": w.contract.pk}),
    "contracts:download": Target(**ENGAGEMENT, methods=("get",), extra=lambda w: {"contract": w.contract.pk}),
    "contracts:share":    Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"contract": w.contract.pk}),
    "contracts:notice":   Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"contract": w.contract.pk}),
    "contracts:delete":   Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"contract": w.contract.pk}),
    # Governance requests.
    "governance:requests":  Target(**ENGAGEMENT, methods=("get",)),
    "governance:request_new": Target(**ENGAGEMENT, methods=("get", "post")),
    "governance:request":   Target(**ENGAGEMENT, methods=("get",), extra=lambda w: {"req": w.request.pk}),
    "governance:request_edit": Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"req": w.request.pk}),
    "governance:request_answer": Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"req": w.request.pk}),
    "governance:request_reopen": Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"req": w.request.pk}),
    "governance:reviews":   Target(**ENGAGEMENT, methods=("get",)),
    "governance:review_new": Target(**ENGAGEMENT, methods=("get", "post")),
    "governance:review":    Target(**ENGAGEMENT, methods=("get", "post"), extra=lambda w: {"review": w.review.pk}),
    "governance:search":    Target(**ENGAGEMENT, methods=("get",)),
}
# fmt: on

PK_URLS = [u.name for u in URLS if "pk" in u.kwargs]
ORG_URLS = [u for u in URLS if "org" in u.kwargs]


def _pk_cells():
    for name in PK_URLS:
        yield pytest.param(name, id=name)


def request(client, method: str, url: str, data: dict | None = None):
    data = data or {}
    if url.startswith("/api/") and method != "get":
        return getattr(client, method)(url, json.dumps(data), content_type="application/json")
    return getattr(client, method)(url, data)


def test_every_url_with_a_pk_has_a_bad_id_rule():
    missing = [name for name in PK_URLS if name not in PK_TARGETS]
    assert not missing, "URL with a pk but no bad-id rule: " + ", ".join(missing)


@pytest.mark.parametrize("url_name", list(_pk_cells()))
def test_an_id_that_does_not_exist_or_is_another_organisations_answers_404(
    world, as_persona, url_name
):
    """Every method the URL serves, with an id nobody has and with one of globex's: 404,
    and nothing stored."""
    if url_name not in PK_TARGETS:
        pytest.fail(f"URL with a pk but no bad-id rule: {url_name}")
    client = as_persona("alice")
    target = PK_TARGETS[url_name]
    wrong = []
    for method in target.methods:
        for what, pk in (("no such id", NOWHERE), ("globex's id", target.globex(world))):
            before = stored_rows()
            url = reverse(url_name, kwargs={"org": "acme", "pk": pk, **target.extra(world)})
            got = request(client, method, url).status_code
            if got != 404:
                wrong.append(f"{method.upper()} {url} ({what}): {got}")
            elif changed_tables(before, stored_rows()):
                wrong.append(f"{method.upper()} {url} ({what}) stored something")
    assert not wrong, "\n".join(wrong)


def test_an_unknown_organisation_answers_404(world, as_persona):
    client = as_persona("alice")
    wrong = []
    for url in ORG_URLS:
        kwargs: dict[str, Any] = {"org": "no-such-company"}
        if "pk" in url.kwargs:
            # A real id of acme's: only the organisation in the URL is wrong.
            kwargs["pk"] = PK_TARGETS[url.name].acme(world) if url.name in PK_TARGETS else 1
            if url.name in PK_TARGETS:
                kwargs.update(PK_TARGETS[url.name].extra(world))
        if "fmt" in url.kwargs:
            kwargs["fmt"] = "csv"
        got = client.get(reverse(url.name, kwargs=kwargs)).status_code
        if got != 404:
            wrong.append(f"{url.name}: {got}")
    assert not wrong, "\n".join(wrong)


def test_an_unknown_export_format_answers_404(world, as_persona):
    url = reverse("audit:export", kwargs={"org": "acme", "fmt": "pdf"})
    assert as_persona("alice").get(url).status_code == 404


def test_garbage_audit_filters_show_the_page(world, as_persona):
    client = as_persona("alice")
    garbage = {
        "since": "31/02/2026",
        "until": "never",
        "person": "abc",
        "action": "explode",
        "object_type": "nope",
        "object_id": LONG,
        "page": "-3",
    }
    assert client.get(reverse("audit:list", kwargs={"org": "acme"}), garbage).status_code == 200
    export = client.get(reverse("audit:export", kwargs={"org": "acme", "fmt": "csv"}), garbage)
    assert export.status_code == 200
    api = client.get(reverse("api-audit", kwargs={"org": "acme"}), {"limit": "abc", "offset": "-5"})
    assert api.status_code == 200


# fmt: off
BROKEN_RESET_LINKS = [
    # path                                                       expected
    ("/account/password/reset/zzz/bad-token/",                  200),  # "this link is not valid"
    ("/account/password/reset/OTk5OTk5OTk5OTk5OTk5OTk5OTk5/1-2/", 200),  # a uid far too big
    ("/account/password/reset/MQ/%00%ff/",                       200),  # bytes in the token
    ("/account/password/reset//x/",                              404),  # no uid at all
]
# fmt: on


@pytest.mark.parametrize(("path", "expected"), BROKEN_RESET_LINKS)
def test_a_broken_reset_link_shows_a_page(world, as_persona, path, expected):
    assert as_persona("anonymous").get(path).status_code == expected


def test_a_language_switch_with_garbage_goes_home_safely(world, as_persona):
    client = as_persona("alice")
    before = stored_rows()
    response = client.post(
        reverse("set_language"), {"language": "klingon", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not changed_tables(before, stored_rows())


def test_a_person_without_any_organisation_gets_a_clear_page(world, client_for):
    loner = User.objects.create_user("loner@nowhere.test", "correct-horse-battery-staple")
    client = client_for(loner)
    response = client.get("/")
    assert response.status_code == 200
    assert "core/choose_organisation.html" in [t.name for t in response.templates]
    assert list(response.context["memberships"]) == []
    assert 'href="/o/' not in response.content.decode()
    assert client.get("/o/acme/").status_code == 404


# ---------------------------------------------------------------------------------------
# Malformed forms: the form again, the error on its field, nothing stored
# ---------------------------------------------------------------------------------------

NON_FIELD = None  # the error belongs to the whole form (shown in its alert)


def valid_engagement(w, **changes):
    data = {
        "title": "Payroll",
        "function": "payroll",
        "kind": "one_off",
        "vendor": "",
        "referent": "",
        "objectives": "",
        "stage": "diagnostic",
        "stage_due_on": "",
    }
    return {**data, **changes}


def cash_as_posted(w, **changes):
    data = {
        "title": w.cash.title,
        "function": w.cash.function,
        "kind": w.cash.kind,
        "vendor": w.recouvra.pk,
        "referent": w.bob.pk,
        "objectives": "",
        "stage_due_on": "",
    }
    return {**data, **changes}


CONTACTS_MANAGEMENT = {
    "contacts-TOTAL_FORMS": "1",
    "contacts-INITIAL_FORMS": "0",
    "contacts-MIN_NUM_FORMS": "0",
    "contacts-MAX_NUM_FORMS": "20",
}


def valid_vendor(w, **changes):
    return {
        "name": "Paye Express",
        "kind": "accounting",
        "siren": "",
        **CONTACTS_MANAGEMENT,
        **changes,
    }


def recouvra_as_posted(w, **changes):
    return {
        "name": "Recouvra",
        "kind": "other",
        "siren": "812345676",
        **CONTACTS_MANAGEMENT,
        **changes,
    }


def axiome_contact_in_recouvra_form(w):
    # A contact of Axiome, sent as if it were one of Recouvra's (a forged hidden id).
    eng_services.vendor_update(
        actor=w.alice,
        vendor=w.axiome,
        contacts=[eng_services.ContactData(name="Axel Axiome", email="axel@axiome.test")],
    )
    contact = w.axiome.contacts.get()
    return recouvra_as_posted(w, **{"contacts-0-id": contact.pk, "contacts-0-name": "Taken over"})


def valid_member(w, **changes):
    data = {
        "email": "nina@acme.test",
        "first_name": "Nina",
        "last_name": "New",
        "role": "referent",
        "vendor": "",
    }
    return {**data, **changes}


def bob_access_as_posted(w, **changes):
    return {"role": "referent", "vendor": "", "is_active": "on", **changes}


def alice_access_as_posted(w, **changes):
    return {"role": "owner", "vendor": "", "is_active": "on", **changes}


@dataclass(frozen=True)
class Bad:
    url_name: str
    kwargs: Callable[[SimpleNamespace], dict[str, Any]]
    case: str
    data: Callable[[SimpleNamespace], dict[str, Any]]
    field: str | None  # the field the error must be tied to; NON_FIELD for a form-wide one


# Governance requests.
def gov_request(w):
    return {"org": "acme", "pk": w.cash.pk, "req": w.request.pk}


def gov_review(w):
    return {"org": "acme", "pk": w.cash.pk, "review": w.review.pk}


def answered_then_asked_later(w):
    import datetime as dt

    from django.utils import timezone

    from pilotage.governance import requests_services

    now = timezone.localtime()
    requests_services.request_answer(
        actor=w.victor, request=w.request, answer="Sent.", answered_at=now - dt.timedelta(days=1)
    )
    later = now - dt.timedelta(hours=1)
    return {"subject": w.request.subject, "body": "", "asked_at": f"{later:%Y-%m-%dT%H:%M}"}


def review_without(key: str, extra: dict | None = None) -> dict:
    from pilotage.governance.review import KEYS

    data = {"held_on": "2026-01-15", "meeting": ""}
    for k in KEYS:
        if k != key:
            data[f"score_{k}"] = "3"
            data[f"comment_{k}"] = ""
    return {**data, **(extra or {})}


# fmt: off
BAD_FORMS = [
    # --- new engagement -----------------------------------------------------------------
    Bad("engagements:start",  acme, "empty POST",              lambda w: {},                                     "function"),
    Bad("engagements:start",  acme, "unknown function",        lambda w: {"function": "astrology", "kind": "outsourcing"}, "function"),
    Bad("engagements:start",  acme, "referent is a vendor",    lambda w: {"function": "payroll", "kind": "outsourcing", "referent": w.victor.pk}, "referent"),
    Bad("engagements:start",  acme, "title of 10,000 letters", lambda w: {"function": "payroll", "kind": "outsourcing", "title": LONG}, "title"),
    Bad("engagements:create", acme, "empty POST",              lambda w: {},                                     "title"),
    Bad("engagements:create", acme, "blank fields",            lambda w: valid_engagement(w, title="", function=""), "title"),
    Bad("engagements:create", acme, "unknown function",        lambda w: valid_engagement(w, function="astrology"), "function"),
    Bad("engagements:create", acme, "unknown stage",           lambda w: valid_engagement(w, stage="finished"),  "stage"),
    Bad("engagements:create", acme, "vendor is not a number",  lambda w: valid_engagement(w, vendor="abc"),      "vendor"),
    Bad("engagements:create", acme, "date 31/02/2026",         lambda w: valid_engagement(w, stage_due_on="31/02/2026"), "stage_due_on"),
    Bad("engagements:create", acme, "date is words",           lambda w: valid_engagement(w, stage_due_on="next tuesday"), "stage_due_on"),
    Bad("engagements:create", acme, "vendor of globex",        lambda w: valid_engagement(w, vendor=w.globex_vendor.pk), "vendor"),
    Bad("engagements:create", acme, "vendor user as referent", lambda w: valid_engagement(w, referent=w.victor.pk), "referent"),
    Bad("engagements:create", acme, "auditor as referent",     lambda w: valid_engagement(w, referent=w.audrey.pk), "referent"),
    Bad("engagements:create", acme, "globex owner as referent", lambda w: valid_engagement(w, referent=w.oscar.pk), "referent"),
    Bad("engagements:create", acme, "10 000-character title",  lambda w: valid_engagement(w, title=LONG),        "title"),
    # --- engagement edit ----------------------------------------------------------------
    Bad("engagements:update", cash, "empty POST",              lambda w: {},                                     "title"),
    Bad("engagements:update", cash, "blank title",             lambda w: cash_as_posted(w, title=""),            "title"),
    Bad("engagements:update", cash, "unknown kind",            lambda w: cash_as_posted(w, kind="forever"),      "kind"),
    Bad("engagements:update", cash, "date 31/02/2026",         lambda w: cash_as_posted(w, stage_due_on="31/02/2026"), "stage_due_on"),
    Bad("engagements:update", cash, "vendor of globex",        lambda w: cash_as_posted(w, vendor=w.globex_vendor.pk), "vendor"),
    Bad("engagements:update", cash, "vendor user as referent", lambda w: cash_as_posted(w, referent=w.victor.pk), "referent"),
    Bad("engagements:update", cash, "10 000-character title",  lambda w: cash_as_posted(w, title=LONG),          "title"),
    # --- stage change ("cash" is at "run") ------------------------------------------------
    Bad("engagements:stage", cash, "empty POST",               lambda w: {},                                     "stage"),
    Bad("engagements:stage", cash, "blank fields",             lambda w: {"stage": "", "note": "", "stage_due_on": ""}, "stage"),
    Bad("engagements:stage", cash, "unknown stage",            lambda w: {"stage": "nirvana"},                   "stage"),
    Bad("engagements:stage", cash, "same stage",               lambda w: {"stage": "run"},                       "stage"),
    Bad("engagements:stage", cash, "back without a note",      lambda w: {"stage": "pilot", "note": ""},         "note"),
    Bad("engagements:stage", cash, "back with a blank note",   lambda w: {"stage": "pilot", "note": "   "},      "note"),
    Bad("engagements:stage", cash, "date 31/02/2026",          lambda w: {"stage": "exit", "stage_due_on": "31/02/2026"}, "stage_due_on"),
    # --- new vendor ---------------------------------------------------------------------
    Bad("vendors:create", acme, "empty POST",                  lambda w: {},                                     "name"),
    Bad("vendors:create", acme, "blank name",                  lambda w: valid_vendor(w, name=""),               "name"),
    Bad("vendors:create", acme, "SIREN with a wrong key",      lambda w: valid_vendor(w, siren="123456780"),     "siren"),
    Bad("vendors:create", acme, "SIREN of 8 digits",           lambda w: valid_vendor(w, siren="12345678"),      "siren"),
    Bad("vendors:create", acme, "SIREN with a letter",         lambda w: valid_vendor(w, siren="81234567A"),     "siren"),
    Bad("vendors:create", acme, "SIREN of 30 digits",          lambda w: valid_vendor(w, siren="1" * 30),        "siren"),
    Bad("vendors:create", acme, "SIREN of another vendor",     lambda w: valid_vendor(w, siren="812 345 676"),   "siren"),
    Bad("vendors:create", acme, "unknown kind",                lambda w: valid_vendor(w, kind="pirate"),         "kind"),
    Bad("vendors:create", acme, "website is not a URL",        lambda w: valid_vendor(w, website="not a url"),   "website"),
    Bad("vendors:create", acme, "10 000-character name",       lambda w: valid_vendor(w, name=LONG),             "name"),
    Bad("vendors:create", acme, "contact e-mail is wrong",     lambda w: valid_vendor(w, **{"contacts-0-name": "Paul", "contacts-0-email": "paul@"}), "contacts-0-email"),
    Bad("vendors:create", acme, "10 000-character contact",    lambda w: valid_vendor(w, **{"contacts-0-name": LONG}), "contacts-0-name"),
    # --- vendor edit --------------------------------------------------------------------
    Bad("vendors:update", recouvra, "empty POST",              lambda w: {},                                     "name"),
    Bad("vendors:update", recouvra, "blank name",              lambda w: recouvra_as_posted(w, name=""),         "name"),
    Bad("vendors:update", recouvra, "SIREN with a wrong key",  lambda w: recouvra_as_posted(w, siren="123456780"), "siren"),
    Bad("vendors:update", recouvra, "SIREN of 8 digits",       lambda w: recouvra_as_posted(w, siren="12345678"), "siren"),
    Bad("vendors:update", recouvra, "10 000-character name",   lambda w: recouvra_as_posted(w, name=LONG),       "name"),
    Bad("vendors:update", recouvra, "another vendor's contact", axiome_contact_in_recouvra_form,                 NON_FIELD),
    # --- new member ---------------------------------------------------------------------
    Bad("members:create", acme, "empty POST",                  lambda w: {},                                     "email"),
    Bad("members:create", acme, "blank fields",                lambda w: valid_member(w, email="", first_name="", last_name="", role=""), "email"),
    Bad("members:create", acme, "not an e-mail",               lambda w: valid_member(w, email="nina-at-acme"),  "email"),
    Bad("members:create", acme, "300-character e-mail",        lambda w: valid_member(w, email="n" * 60 + "@" + ".".join(["a" * 60] * 4) + ".test"), "email"),
    Bad("members:create", acme, "already a member",            lambda w: valid_member(w, email="BOB@acme.test"), "email"),
    Bad("members:create", acme, "unknown role",                lambda w: valid_member(w, role="king"),           "role"),
    Bad("members:create", acme, "vendor user without vendor",  lambda w: valid_member(w, role="vendor"),         "vendor"),
    Bad("members:create", acme, "vendor of globex",            lambda w: valid_member(w, role="vendor", vendor=w.globex_vendor.pk), "vendor"),
    Bad("members:create", acme, "referent tied to a vendor",   lambda w: valid_member(w, vendor=w.recouvra.pk),  "vendor"),
    Bad("members:create", acme, "10 000-character name",       lambda w: valid_member(w, first_name=LONG),       "first_name"),
    # --- member edit --------------------------------------------------------------------
    Bad("members:update", bob_access, "empty POST",            lambda w: {},                                     "role"),
    Bad("members:update", bob_access, "blank role",            lambda w: bob_access_as_posted(w, role=""),       "role"),
    Bad("members:update", bob_access, "unknown role",          lambda w: bob_access_as_posted(w, role="king"),   "role"),
    Bad("members:update", bob_access, "vendor is not a number", lambda w: bob_access_as_posted(w, role="vendor", vendor="abc"), "vendor"),
    Bad("members:update", bob_access, "vendor user without vendor", lambda w: bob_access_as_posted(w, role="vendor"), "vendor"),
    Bad("members:update", bob_access, "vendor of globex",      lambda w: bob_access_as_posted(w, role="vendor", vendor=w.globex_vendor.pk), "vendor"),
    Bad("members:update", bob_access, "referent tied to a vendor", lambda w: bob_access_as_posted(w, vendor=w.recouvra.pk), "vendor"),
    # alice is the only owner: she may not leave the organisation without one.
    Bad("members:update", alice_access, "last owner becomes referent", lambda w: alice_access_as_posted(w, role="referent"), NON_FIELD),
    Bad("members:update", alice_access, "last owner switched off", lambda w: alice_access_as_posted(w, is_active=""), NON_FIELD),
    # --- own account --------------------------------------------------------------------
    Bad("account", no_kwargs, "empty POST",                    lambda w: {},                                     "first_name"),
    Bad("account", no_kwargs, "blank fields",                  lambda w: {"first_name": "", "last_name": "", "language": ""}, "first_name"),
    Bad("account", no_kwargs, "unknown language",              lambda w: {"first_name": "Al", "last_name": "Au", "language": "tlh"}, "language"),
    Bad("account", no_kwargs, "10 000-character name",         lambda w: {"first_name": LONG, "last_name": "Au", "language": "fr"}, "first_name"),
    Bad("password_change", no_kwargs, "wrong old password",    lambda w: {"old_password": "nope", "new_password1": "Zebra-Canyon-42", "new_password2": "Zebra-Canyon-42"}, "old_password"),
    Bad("password_change", no_kwargs, "new passwords differ",  lambda w: {"old_password": "correct-horse-battery-staple", "new_password1": "Zebra-Canyon-42", "new_password2": "Zebra-Canyon-43"}, "new_password2"),
    Bad("password_change", no_kwargs, "new password too weak", lambda w: {"old_password": "correct-horse-battery-staple", "new_password1": "123", "new_password2": "123"}, "new_password2"),
    Bad("password_reset", no_kwargs, "not an e-mail",          lambda w: {"email": "alice"},                     "email"),
    Bad("password_reset", no_kwargs, "empty POST",             lambda w: {},                                     "email"),
    # --- indicators (an indicator of one's own, its edit, the due dates and reminders) ---
    Bad("kpis:indicator_new", cash, "empty POST",              lambda w: {},                                     "name"),
    Bad("kpis:indicator_new", cash, "red on the better side",  lambda w: {"name": "Calls", "aspect": "activity", "unit": "count", "direction": "1", "target": "100", "red": "120", "frequency": "monthly", "source": "vendor"}, "red"),
    Bad("kpis:indicator_new", cash, "red without a target",    lambda w: {"name": "Calls", "aspect": "activity", "unit": "count", "direction": "1", "target": "", "red": "80", "frequency": "monthly", "source": "vendor"}, "target"),
    Bad("kpis:indicator_new", cash, "name of another, in capitals", lambda w: {"name": w.indicator.name.upper(), "aspect": "activity", "unit": "count", "direction": "1", "frequency": "monthly", "source": "vendor"}, "name"),
    Bad("kpis:indicator_new", cash, "computed by Pilotage",    lambda w: {"name": "Calls", "aspect": "activity", "unit": "count", "direction": "1", "frequency": "monthly", "source": "computed"}, "source"),
    Bad("kpis:indicator_new", cash, "unknown unit",            lambda w: {"name": "Calls", "aspect": "activity", "unit": "parsecs", "direction": "1", "frequency": "monthly", "source": "vendor"}, "unit"),
    Bad("kpis:settings", cash, "empty POST",                   lambda w: {},                                     "due_days"),
    Bad("kpis:settings", cash, "due 61 days after",            lambda w: {"due_days": "61", "reminders_on": "on", "reminder_days": "0"}, "due_days"),
    Bad("kpis:settings", cash, "reminder day is a word",       lambda w: {"due_days": "5", "reminders_on": "on", "reminder_days": "-2, soon"}, "reminder_days"),
    Bad("kpis:settings", cash, "reminder 31 days before",      lambda w: {"due_days": "5", "reminders_on": "on", "reminder_days": "-31, 0"}, "reminder_days"),
    # Governance requests.
    Bad("governance:request_new", cash, "empty POST",          lambda w: {},                                     "subject"),
    Bad("governance:request_new", cash, "subject of spaces",   lambda w: {"subject": "   ", "body": ""},         "subject"),
    Bad("governance:request_new", cash, "10 000-character subject", lambda w: {"subject": LONG},                  "subject"),
    Bad("governance:request_new", cash, "asked in 2999",       lambda w: {"subject": "Export", "asked_at": "2999-01-01T10:00"}, "asked_at"),
    Bad("governance:request_new", cash, "date is words",       lambda w: {"subject": "Export", "asked_at": "last week"}, "asked_at"),
    Bad("governance:request_edit", gov_request, "asked after its answer", answered_then_asked_later,           "asked_at"),
    Bad("governance:request_answer", gov_request, "empty POST", lambda w: {},                                    "answer"),
    Bad("governance:request_answer", gov_request, "answered before asked", lambda w: {"answer": "Done.", "answered_at": "2000-01-01T10:00"}, "answered_at"),
    Bad("governance:request_answer", gov_request, "answered in 2999", lambda w: {"answer": "Done.", "answered_at": "2999-01-01T10:00"}, "answered_at"),
    Bad("governance:review_new", cash, "empty POST",           lambda w: {},                                     "held_on"),
    Bad("governance:review_new", cash, "a score missing",      lambda w: review_without("feedback"),             "score_feedback"),
    Bad("governance:review_new", cash, "score of 6",           lambda w: review_without("proactive", {"score_proactive": "6"}), "score_proactive"),
    Bad("governance:review_new", cash, "held in 2999",         lambda w: {**review_without(""), "held_on": "2999-01-01"}, "held_on"),
    Bad("governance:review_new", cash, "a quarterly meeting",  lambda w: {**review_without(""), "meeting": w.meeting.pk}, "meeting"),
    Bad("governance:review", gov_review, "comment of 10 000 letters", lambda w: review_without("objectives", {"score_objectives": "3", "comment_objectives": LONG}), "comment_objectives"),
]
# fmt: on


def field_error_shown(html: str, field: str) -> bool:
    """The field's error text is rendered next to it and its widget is marked invalid."""
    if f'id="id_{field}_error"' not in html:
        return False
    widget = re.search(rf'<(?:input|select|textarea)\b[^>]*\bname="{re.escape(field)}"[^>]*>', html)
    return widget is not None and "is-invalid" in widget.group(0)


@pytest.mark.parametrize("bad", BAD_FORMS, ids=[f"{b.url_name}-{b.case}" for b in BAD_FORMS])
def test_a_malformed_form_comes_back_with_its_error_and_nothing_is_stored(world, as_persona, bad):
    client = as_persona("alice")
    url = reverse(bad.url_name, kwargs=bad.kwargs(world))
    data = bad.data(world)
    before = stored_rows()

    response = client.post(url, data)

    assert response.status_code == 200, (
        f"POST {url} ({bad.case}): expected the form again, got {response.status_code}"
        + (f" → {response['Location']}" if response.has_header("Location") else "")
    )
    form = response.context["form"]
    html = response.content.decode()
    if bad.field is NON_FIELD:
        assert form.non_field_errors(), f"{bad.case}: no form-wide error"
        assert "alert-danger" in html
        for message in form.non_field_errors():
            assert str(message) in html
    else:
        errors = dict(form.errors)
        contacts = response.context.get("contacts")
        if contacts is not None:
            for i, contact_form in enumerate(contacts.forms):
                errors.update({f"contacts-{i}-{k}": v for k, v in contact_form.errors.items()})
        assert bad.field in errors, f"{bad.case}: no error on {bad.field!r}, errors: {errors}"
        assert field_error_shown(html, bad.field), f"{bad.case}: error of {bad.field!r} not shown"
    changed = changed_tables(before, stored_rows())
    assert not changed, f"{bad.case}: refused, yet it changed {changed}"


@pytest.mark.parametrize(
    "data",
    [{}, {"username": "not an e-mail", "password": "x"}, {"username": "", "password": ""}],
    ids=["empty POST", "not an e-mail", "blank"],
)
def test_a_malformed_sign_in_comes_back_with_its_error(world, as_persona, data):
    client = as_persona("anonymous")
    before = stored_rows()
    response = client.post(reverse("login"), data)
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert field_error_shown(response.content.decode(), "username")
    assert not changed_tables(before, stored_rows())


# ---------------------------------------------------------------------------------------
# The API: 400 with a JSON body naming the field, nothing stored
# ---------------------------------------------------------------------------------------


def api_engagement(w, **changes):
    return {"title": "Payroll", "function": "payroll", "kind": "one_off", **changes}


def api_vendor(w, **changes):
    return {"name": "Paye Express", "kind": "accounting", **changes}


@dataclass(frozen=True)
class BadApi:
    url_name: str
    kwargs: Callable[[SimpleNamespace], dict[str, Any]]
    method: str
    case: str
    data: Callable[[SimpleNamespace], Any]
    field: str


# fmt: off
BAD_API = [
    BadApi("api-engagements", acme, "post", "empty body",            lambda w: {},                                      "title"),
    BadApi("api-engagements", acme, "post", "unknown function",              lambda w: api_engagement(w, function="astrology"), "function"),
    BadApi("api-engagements", acme, "post", "unknown stage",                 lambda w: api_engagement(w, stage="finished"),     "stage"),
    BadApi("api-engagements", acme, "post", "title is a list",               lambda w: api_engagement(w, title=["a", "b"]),    "title"),
    BadApi("api-engagements", acme, "post", "vendor is a word",              lambda w: api_engagement(w, vendor="abc"),         "vendor"),
    BadApi("api-engagements", acme, "post", "referent is a word",            lambda w: api_engagement(w, referent="abc"),       "referent"),
    BadApi("api-engagements", acme, "post", "date 31/02/2026",               lambda w: api_engagement(w, stage_due_on="31/02/2026"), "stage_due_on"),
    BadApi("api-engagements", acme, "post", "date 2026-02-31",               lambda w: api_engagement(w, stage_due_on="2026-02-31"), "stage_due_on"),
    BadApi("api-engagements", acme, "post", "vendor of globex",              lambda w: api_engagement(w, vendor=w.globex_vendor.pk), "vendor"),
    BadApi("api-engagements", acme, "post", "vendor that does not exist",    lambda w: api_engagement(w, vendor=NOWHERE),       "vendor"),
    BadApi("api-engagements", acme, "post", "vendor user as referent",       lambda w: api_engagement(w, referent=w.victor.pk), "referent"),
    BadApi("api-engagements", acme, "post", "globex owner as referent",      lambda w: api_engagement(w, referent=w.oscar.pk),  "referent"),
    BadApi("api-engagements", acme, "post", "referent that does not exist",  lambda w: api_engagement(w, referent=NOWHERE),     "referent"),
    BadApi("api-engagements", acme, "post", "10 000-character title",        lambda w: api_engagement(w, title=LONG),           "title"),
    BadApi("api-engagement", cash, "patch", "blank title",           lambda w: {"title": ""},                           "title"),
    BadApi("api-engagement", cash, "patch", "unknown kind",          lambda w: {"kind": "forever"},                     "kind"),
    BadApi("api-engagement", cash, "patch", "date 31/02/2026",       lambda w: {"stage_due_on": "31/02/2026"},          "stage_due_on"),
    BadApi("api-engagement", cash, "patch", "vendor of globex",      lambda w: {"vendor": w.globex_vendor.pk},          "vendor"),
    BadApi("api-engagement", cash, "patch", "vendor user as referent", lambda w: {"referent": w.victor.pk},            "referent"),
    BadApi("api-engagement", cash, "patch", "10 000-character title", lambda w: {"title": LONG},                       "title"),
    BadApi("api-engagement-stage", cash, "post", "empty body",       lambda w: {},                                      "stage"),
    BadApi("api-engagement-stage", cash, "post", "unknown stage",    lambda w: {"stage": "nirvana"},                    "stage"),
    BadApi("api-engagement-stage", cash, "post", "same stage",       lambda w: {"stage": "run"},                        "stage"),
    BadApi("api-engagement-stage", cash, "post", "back without a note", lambda w: {"stage": "pilot"},                   "note"),
    BadApi("api-engagement-stage", cash, "post", "date 31/02/2026",  lambda w: {"stage": "exit", "stage_due_on": "31/02/2026"}, "stage_due_on"),
    BadApi("api-vendors", acme, "post", "empty body",                lambda w: {},                                      "name"),
    BadApi("api-vendors", acme, "post", "SIREN with a wrong key",    lambda w: api_vendor(w, siren="123456780"),        "siren"),
    BadApi("api-vendors", acme, "post", "SIREN of 8 digits",         lambda w: api_vendor(w, siren="12345678"),         "siren"),
    BadApi("api-vendors", acme, "post", "SIREN of another vendor",   lambda w: api_vendor(w, siren="812345676"),        "siren"),
    BadApi("api-vendors", acme, "post", "unknown kind",              lambda w: api_vendor(w, kind="pirate"),            "kind"),
    BadApi("api-vendors", acme, "post", "website is not a URL",      lambda w: api_vendor(w, website="not a url"),      "website"),
    BadApi("api-vendors", acme, "post", "10 000-character name",     lambda w: api_vendor(w, name=LONG),                "name"),
]
# fmt: on


@pytest.mark.parametrize(
    "bad", BAD_API, ids=[f"{b.method.upper()} {b.url_name}-{b.case}" for b in BAD_API]
)
def test_a_malformed_api_request_answers_400_naming_the_field(world, as_persona, bad):
    client = as_persona("alice")
    url = reverse(bad.url_name, kwargs=bad.kwargs(world))
    before = stored_rows()

    response = request(client, bad.method, url, bad.data(world))

    assert response.status_code == 400, (
        f"{bad.case}: {response.status_code} {response.content[:300]!r}"
    )
    body = response.json()
    assert bad.field in body, f"{bad.case}: 400 without {bad.field!r}: {body}"
    changed = changed_tables(before, stored_rows())
    assert not changed, f"{bad.case}: refused, yet it changed {changed}"


@pytest.mark.parametrize(
    ("url_name", "kwargs", "method"),
    [
        ("api-engagements", acme, "post"),
        ("api-engagement", cash, "patch"),
        ("api-engagement-stage", cash, "post"),
        ("api-vendors", acme, "post"),
    ],
    ids=["api-engagements", "api-engagement", "api-engagement-stage", "api-vendors"],
)
def test_broken_json_answers_400(world, as_persona, url_name, kwargs, method):
    client = as_persona("alice")
    before = stored_rows()
    url = reverse(url_name, kwargs=kwargs(world))
    response = getattr(client, method)(url, '{"title": ', content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()
    assert not changed_tables(before, stored_rows())
