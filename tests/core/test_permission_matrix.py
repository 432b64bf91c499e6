"""Every URL of the project, for every role: the answer the rules of permissions.py give.

The project's rule (DESIGN.md, rule 1): what a user may not see answers 404, not 403, so
that nothing tells what exists. A URL pattern added without a line in TABLE fails here.

Personas (tests/conftest.py), all about the organisation "acme" unless said otherwise:
  anonymous  nobody signed in
  alice      owner
  bob        referent of the engagement "cash" (not of "it")
  victor     vendor user of Recouvra, which holds "cash"
  vera       vendor user of Axiome, which holds "it"
  audrey     auditor: reads everything, changes nothing
  oscar      owner of another organisation, "globex"
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .helpers import (
    PERSONAS,
    acme,
    all_url_patterns,
    axiome,
    bob_access,
    cash,
    changed_tables,
    it,
    no_kwargs,
    recouvra,
    stored_rows,
)

# ---------------------------------------------------------------------------------------
# What an answer may be
# ---------------------------------------------------------------------------------------

OK = 200
NOT_FOUND = 404
NOT_ALLOWED = 405  # the URL exists but takes another method (logout and language: POST only)
# The API authenticates with SessionAuthentication only. It sends no WWW-Authenticate
# header, so DRF answers an anonymous request with 403 (not 401): {"detail": "…not provided."}
API_ANONYMOUS = 403


class _Login:
    """302 to the sign-in page (the Location starts with the login URL)."""

    def __repr__(self) -> str:
        return "LOGIN"


LOGIN = _Login()


@dataclass(frozen=True)
class Redirect:
    """302 to exactly this path, formatted with the URL's kwargs."""

    to: str


TO_ROOT = Redirect("/")
TO_ACME = Redirect("/o/acme/")
TO_GLOBEX = Redirect("/o/globex/")

Expect = int | _Login | Redirect

# ---------------------------------------------------------------------------------------
# How to fill a URL's kwargs from the world
# ---------------------------------------------------------------------------------------

Kwargs = Callable[[SimpleNamespace], dict[str, Any]]


def cash_import(w):
    return {"org": "acme", "pk": w.cash.pk, "job": w.cash_import.pk}


def cash_job(w):
    return {"org": "acme", "pk": w.cash.pk, "job": w.cash_job.pk}


def cash_customer(w):
    return {"org": "acme", "pk": w.cash.pk, "customer": w.customer.pk}


def cash_event(w):
    return {"org": "acme", "pk": w.cash.pk, "event": w.cash_event.pk}


def calendar(w):
    return {"org": "acme", "pk": w.calendar.pk}


def audit_csv(w):
    return {"org": "acme", "fmt": "csv"}


def kpi_indicator(w):
    return {"org": "acme", "pk": w.cash.pk, "indicator": w.indicator.pk}


def kpi_value(w):
    return {"org": "acme", "pk": w.cash.pk, "value": w.kpi_value.pk}


def globex_value(w):
    return {"org": "acme", "pk": w.globex_eng.pk, "value": w.globex_value.pk}


def kpi_import(w):
    return {"org": "acme", "pk": w.cash.pk, "job": w.kpi_import.pk}


TO_MANAGE = Redirect("/o/{org}/engagements/{pk}/indicators/manage/")
TO_ORG_HOME = Redirect("/o/{org}/")


def rita_reset_link(w):
    # Rita is never signed in by these tests: her token stays valid (it hashes last_login).
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(w.rita.pk)),
        "token": default_token_generator.make_token(w.rita),
    }


# ---------------------------------------------------------------------------------------
# The table: one entry per URL name, one line per object it is asked about
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    kwargs: Kwargs
    anonymous: Expect
    alice: Expect
    bob: Expect
    victor: Expect
    vera: Expect
    audrey: Expect
    oscar: Expect


L, NF, NA, A403 = LOGIN, NOT_FOUND, NOT_ALLOWED, API_ANONYMOUS
SET_PASSWORD = Redirect("/account/password/reset/{uidb64}/set-password/")

# fmt: off
TABLE: dict[str, dict[str, Rule]] = {
    #                                    kwargs           anonymous alice    bob      victor   vera     audrey   oscar
    "home":                    {"":     Rule(no_kwargs,      L,     TO_ACME, TO_ACME, TO_ACME, TO_ACME, TO_ACME, TO_GLOBEX)},
    "login":                   {"":     Rule(no_kwargs,      OK,    TO_ROOT, TO_ROOT, TO_ROOT, TO_ROOT, TO_ROOT, TO_ROOT)},
    "logout":                  {"":     Rule(no_kwargs,      NA,    NA,      NA,      NA,      NA,      NA,      NA)},
    "password_change":         {"":     Rule(no_kwargs,      L,     OK,      OK,      OK,      OK,      OK,      OK)},
    "password_change_done":    {"":     Rule(no_kwargs,      L,     OK,      OK,      OK,      OK,      OK,      OK)},
    "password_reset":          {"":     Rule(no_kwargs,      OK,    OK,      OK,      OK,      OK,      OK,      OK)},
    "password_reset_done":     {"":     Rule(no_kwargs,      OK,    OK,      OK,      OK,      OK,      OK,      OK)},
    "password_reset_confirm":  {"rita": Rule(rita_reset_link, SET_PASSWORD, SET_PASSWORD, SET_PASSWORD, SET_PASSWORD, SET_PASSWORD, SET_PASSWORD, SET_PASSWORD)},  # noqa: E501
    "password_reset_complete": {"":     Rule(no_kwargs,      OK,    OK,      OK,      OK,      OK,      OK,      OK)},
    "account":                 {"":     Rule(no_kwargs,      L,     OK,      OK,      OK,      OK,      OK,      OK)},
    "set_language":            {"":     Rule(no_kwargs,      NA,    NA,      NA,      NA,      NA,      NA,      NA)},
    "org_home":                {"":     Rule(acme,           L,     OK,      OK,      OK,      OK,      OK,      NF)},
    "engagements:list":        {"":     Rule(acme,           L,     OK,      OK,      OK,      OK,      OK,      NF)},
    "engagements:create":      {"":     Rule(acme,           L,     OK,      NF,      NF,      NF,      NF,      NF)},
    "engagements:detail":      {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      OK,      OK,      NF)},
    "engagements:update":      {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      NF,      NF,      NF)},
    "engagements:stage":       {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      NF,      NF,      NF)},
    "vendors:list":            {"":     Rule(acme,           L,     OK,      OK,      OK,      OK,      OK,      NF)},
    "vendors:create":          {"":     Rule(acme,           L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "vendors:detail":          {"recouvra": Rule(recouvra,   L,     OK,      OK,      OK,      NF,      OK,      NF),
                                "axiome":   Rule(axiome,     L,     OK,      OK,      NF,      OK,      OK,      NF)},
    # vendor.change is "owner or referent": a referent edits every vendor of the organisation.
    "vendors:update":          {"recouvra": Rule(recouvra,   L,     OK,      OK,      NF,      NF,      NF,      NF),
                                "axiome":   Rule(axiome,     L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "members:list":            {"":     Rule(acme,           L,     OK,      NF,      NF,      NF,      OK,      NF)},
    "members:create":          {"":     Rule(acme,           L,     OK,      NF,      NF,      NF,      NF,      NF)},
    "members:update":          {"bob":  Rule(bob_access,     L,     OK,      NF,      NF,      NF,      NF,      NF)},
    "audit:list":              {"":     Rule(acme,           L,     OK,      NF,      NF,      NF,      OK,      NF)},
    "audit:export":            {"csv":  Rule(audit_csv,      L,     OK,      NF,      NF,      NF,      OK,      NF)},
    # The OpenAPI schema and its documentation page describe the API, not anyone's data.
    "api-schema":              {"":     Rule(no_kwargs,      OK,    OK,      OK,      OK,      OK,      OK,      OK)},
    "api-docs":                {"":     Rule(no_kwargs,      OK,    OK,      OK,      OK,      OK,      OK,      OK)},
    "api-engagements":         {"":     Rule(acme,           A403,  OK,      OK,      OK,      OK,      OK,      NF)},
    "api-engagement":          {"cash": Rule(cash,           A403,  OK,      OK,      OK,      NF,      OK,      NF),
                                "it":   Rule(it,             A403,  OK,      NF,      NF,      OK,      OK,      NF)},
    # POST only: a member of the organisation is told so whatever the pk (so nothing leaks).
    "api-engagement-stage":    {"cash": Rule(cash,           A403,  NA,      NA,      NA,      NA,      NA,      NF)},
    "api-engagement-indicators": {"cash": Rule(cash,         A403,  OK,      OK,      OK,      NF,      OK,      NF)},
    "api-engagement-cash":     {"cash": Rule(cash,           A403,  OK,      OK,      OK,      NF,      OK,      NF),
                                "it":   Rule(it,             A403,  NF,      NF,      NF,      NF,      NF,      NF)},
    "api-vendors":             {"":     Rule(acme,           A403,  OK,      OK,      OK,      OK,      OK,      NF)},
    "api-vendor":              {"recouvra": Rule(recouvra,   A403,  OK,      OK,      OK,      NF,      OK,      NF),
                                "axiome":   Rule(axiome,     A403,  OK,      OK,      NF,      OK,      OK,      NF)},
    "api-audit":               {"":     Rule(acme,           A403,  OK,      NF,      NF,      NF,      OK,      NF)},
    # Service levels: whoever sees the engagement sees its figures (its vendor too);
    # whoever runs it sets the policy and imports tickets.
    "sla:overview":            {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      OK,      OK,      NF)},
    "sla:tickets":             {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      OK,      OK,      NF)},
    "sla:policy":              {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      NF,      NF,      NF)},
    "sla:import_upload":       {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      NF,      NF,      NF)},
    "sla:import":              {"cash": Rule(cash_import,    L,     OK,      OK,      NF,      NF,      NF,      NF)},
    # Cash: whoever sees the engagement sees its figures and its log (its vendor too);
    # whoever runs it imports data and sets terms and targets; the vendor also logs.
    "cash:overview":           {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      OK,      OK,      NF)},
    "cash:documents":          {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF)},
    "cash:customers":          {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF)},
    "cash:events":             {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF)},
    "cash:customer":           {"cash": Rule(cash_customer,  L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "cash:settings":           {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      NF,      NF,      NF)},
    "cash:import_upload":      {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "cash:import":             {"cash": Rule(cash_job,       L,     OK,      OK,      NF,      NF,      NF,      NF)},
    # POST only.
    "cash:data_delete":        {"cash": Rule(cash,           L,     NF,      NF,      NF,      NF,      NF,      NF)},
    "cash:event_delete":       {"cash": Rule(cash_event,     L,     NF,      NF,      NF,      NF,      NF,      NF)},
    "cash_help":               {"":     Rule(acme,           L,     OK,      OK,      OK,      OK,      OK,      NF)},
    # Indicators: the vendor sees its engagement's dashboard and gives values; the auditor reads.
    "kpi_board":               {"":     Rule(acme,           L,     OK,      NF,      NF,      NF,      OK,      NF)},
    "kpis:dashboard":          {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      OK,      OK,      NF)},
    "kpis:pdf":                {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF)},
    "kpis:indicators":         {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "kpis:indicator_add":      {"cash": Rule(cash,           L,     TO_MANAGE, TO_MANAGE, NF,  NF,      NF,      NF)},
    "kpis:indicator_new":      {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "kpis:indicator":          {"cash": Rule(kpi_indicator,  L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "kpis:submit":             {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      NF,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      OK,      NF,      NF)},
    "kpis:value":              {"cash": Rule(kpi_value,      L,     OK,      OK,      OK,      NF,      OK,      NF),
                                "globex": Rule(globex_value, L,     NF,      NF,      NF,      NF,      NF,      NF)},
    "kpis:evidence":           {"cash": Rule(kpi_value,      L,     OK,      OK,      OK,      NF,      OK,      NF)},
    "kpis:import_upload":      {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      NF,      NF)},
    "kpis:import":             {"cash": Rule(kpi_import,     L,     OK,      OK,      OK,      NF,      NF,      NF)},
    "kpis:settings":           {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "kpis:leader_time":        {"cash": Rule(cash,           L,     TO_ORG_HOME, NF,  NF,      NF,      NF,      NF)},
    # Calendars are the organisation's own settings: its vendors do not see them.
    "calendars:list":          {"":     Rule(acme,           L,     OK,      OK,      NF,      NF,      OK,      NF)},
    "calendars:create":        {"":     Rule(acme,           L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "calendars:update":        {"cal":  Rule(calendar,       L,     OK,      OK,      NF,      NF,      OK,      NF)},
}
# fmt: on

URL_NAMES = [u.name for u in all_url_patterns()]


def _cells():
    for name in URL_NAMES:
        for case in TABLE.get(name, {None: None}):
            for persona in PERSONAS:
                label = f"{name}[{case}]" if case else name
                yield pytest.param(name, case, persona, id=f"{label}-{persona}")


def check_answer(response, expected: Expect, kwargs: dict[str, Any], what: str) -> None:
    got = response.status_code
    location = response.headers.get("Location", "")
    said = f"{what}: expected {expected!r}, got {got}" + (f" → {location}" if location else "")
    if expected is LOGIN:
        assert got == 302, said
        assert location.startswith(reverse("login")), said
    elif isinstance(expected, Redirect):
        assert got == 302, said
        assert location == expected.to.format(**kwargs), said
    else:
        assert got == expected, said


def test_every_url_pattern_has_a_permission_rule():
    missing = [name for name in URL_NAMES if name not in TABLE]
    assert not missing, "new URL without a permission rule: " + ", ".join(missing)


def test_the_table_names_no_url_that_is_gone():
    gone = sorted(set(TABLE) - set(URL_NAMES))
    assert not gone, "permission rules for URLs that no longer exist: " + ", ".join(gone)


@pytest.mark.parametrize(("url_name", "case", "persona"), list(_cells()))
def test_get_answers_what_the_rules_say(world, as_persona, url_name, case, persona):
    if url_name not in TABLE:
        pytest.fail(f"new URL without a permission rule: {url_name}")
    client = as_persona(persona)  # before the kwargs: signing in changes the reset token
    rule = TABLE[url_name][case]
    kwargs = rule.kwargs(world)
    url = reverse(url_name, kwargs=kwargs)
    response = client.get(url)
    check_answer(response, getattr(rule, persona), kwargs, f"GET {url} as {persona}")


# ---------------------------------------------------------------------------------------
# What each one sees in a list: only what the rules let through
# ---------------------------------------------------------------------------------------

# fmt: off
LIST_CONTENT = [
    # url name,          persona,  shown,              hidden
    ("engagements:list", "bob",    ["Cash collection"], ["IT support"]),
    ("engagements:list", "victor", ["Cash collection"], ["IT support"]),
    ("engagements:list", "vera",   ["IT support"],      ["Cash collection"]),
    ("engagements:list", "audrey", ["Cash collection", "IT support"], []),
    ("org_home",         "victor", ["Cash collection"], ["IT support"]),
    ("vendors:list",     "victor", ["Recouvra"],        ["Axiome"]),
    ("vendors:list",     "vera",   ["Axiome"],          ["Recouvra"]),
    ("vendors:list",     "bob",    ["Recouvra", "Axiome"], []),
    ("api-engagements",  "bob",    ["Cash collection"], ["IT support"]),
    ("api-engagements",  "vera",   ["IT support"],      ["Cash collection"]),
    ("api-vendors",      "victor", ["Recouvra"],        ["Axiome"]),
]
# fmt: on


@pytest.mark.parametrize(
    ("url_name", "persona", "shown", "hidden"),
    LIST_CONTENT,
    ids=[f"{row[0]}-{row[1]}" for row in LIST_CONTENT],
)
def test_lists_show_only_what_the_person_may_see(
    world, as_persona, url_name, persona, shown, hidden
):
    response = as_persona(persona).get(reverse(url_name, kwargs={"org": "acme"}))
    assert response.status_code == 200
    body = response.content.decode()
    for text in shown:
        assert text in body, f"{persona} should see {text!r} on {url_name}"
    for text in hidden:
        assert text not in body, f"{persona} must not see {text!r} on {url_name}"


# ---------------------------------------------------------------------------------------
# Writes: whoever may not write gets 404 and nothing is stored
# ---------------------------------------------------------------------------------------


def engagement_data(w, engagement):
    return {
        "title": f"{engagement.title} (renamed)",
        "function": engagement.function,
        "kind": engagement.kind,
        "vendor": engagement.vendor_id,
        "referent": engagement.referent_id,
        "objectives": "DSO under 45 days",
        "stage_due_on": "",
    }


NO_CONTACTS = {
    "contacts-TOTAL_FORMS": "0",
    "contacts-INITIAL_FORMS": "0",
    "contacts-MIN_NUM_FORMS": "0",
    "contacts-MAX_NUM_FORMS": "20",
}


@dataclass(frozen=True)
class Write:
    url_name: str
    case: str
    kwargs: Kwargs
    data: Callable[[SimpleNamespace], dict[str, Any]]  # valid data: only the role may refuse it
    allowed: frozenset[str]
    method: str = "post"

    @property
    def api(self) -> bool:
        return self.url_name.startswith("api-")

    @property
    def label(self) -> str:
        return f"{self.url_name}[{self.case}]" if self.case else self.url_name


def may(*personas: str) -> frozenset[str]:
    return frozenset(personas)


# fmt: off
WRITES = [
    Write("engagements:create", "", acme,
          lambda w: {"title": "Payroll", "function": "payroll", "kind": "one_off", "stage": "diagnostic"},
          may("alice")),
    Write("engagements:update", "cash", cash, lambda w: engagement_data(w, w.cash), may("alice", "bob")),
    Write("engagements:update", "it", it, lambda w: engagement_data(w, w.it), may("alice")),
    Write("engagements:stage", "cash", cash, lambda w: {"stage": "exit", "note": ""}, may("alice", "bob")),
    Write("engagements:stage", "it", it, lambda w: {"stage": "run", "note": ""}, may("alice")),
    Write("vendors:create", "", acme,
          lambda w: {"name": "Paye Express", "kind": "accounting", **NO_CONTACTS}, may("alice", "bob")),
    Write("vendors:update", "recouvra", recouvra,
          lambda w: {"name": "Recouvra SA", "kind": "other", "siren": "812345676", **NO_CONTACTS},
          may("alice", "bob")),
    Write("members:create", "", acme,
          lambda w: {"email": "new@acme.test", "first_name": "Nina", "last_name": "New", "role": "referent"},
          may("alice")),
    Write("members:update", "bob", bob_access,
          lambda w: {"role": "auditor", "vendor": "", "is_active": "on"}, may("alice")),
    Write("api-engagements", "", acme,
          lambda w: {"title": "Payroll", "function": "payroll", "kind": "one_off"}, may("alice")),
    Write("api-engagement", "cash", cash, lambda w: {"title": "Cash (renamed)"},
          may("alice", "bob"), method="patch"),
    Write("api-engagement", "it", it, lambda w: {"title": "IT (renamed)"}, may("alice"), method="patch"),
    Write("api-engagement-stage", "cash", cash, lambda w: {"stage": "exit"}, may("alice", "bob")),
    Write("api-engagement-indicators", "cash", cash,
          lambda w: {"period": "2026-09", "values": [{"indicator": w.indicator.pk, "value": "1"}]},
          may("alice", "bob", "victor")),
    Write("kpis:submit", "cash", cash, lambda w: {f"value_{w.indicator.pk}": "3"},
          may("alice", "bob", "victor")),
    Write("kpis:value", "cash", kpi_value, lambda w: {"decision": "validate"}, may("alice", "bob")),
    Write("kpis:settings", "cash", cash,
          lambda w: {"due_days": "7", "reminders_on": "on", "reminder_days": "0, 3"}, may("alice", "bob")),
    Write("kpis:indicator_add", "cash", cash, lambda w: {"code": "dso"}, may("alice", "bob")),
    Write("kpis:leader_time", "cash", cash, lambda w: {"hours": "0.5"}, may("alice")),
    Write("api-vendors", "", acme, lambda w: {"name": "Paye Express", "kind": "accounting"},
          may("alice", "bob")),
    Write("kpis:indicator_new", "cash", cash,
          lambda w: {"name": "Calls answered", "aspect": "activity", "unit": "count", "direction": "1",
                     "frequency": "monthly", "source": "vendor"},
          may("alice", "bob")),
    Write("kpis:indicator", "cash", kpi_indicator,
          lambda w: {"name": w.indicator.name, "aspect": "quality", "target": "1", "red": "4",
                     "frequency": "monthly"},
          may("alice", "bob")),
    Write("kpis:indicator", "cash, set aside", kpi_indicator, lambda w: {"active": "0"}, may("alice", "bob")),
    Write("kpis:value", "cash, contested", kpi_value,
          lambda w: {"decision": "contest", "reason": "Three credit notes, not two."}, may("alice", "bob")),
]
# fmt: on


def send(client, write: Write, url: str, data: dict[str, Any]):
    if write.api:
        return getattr(client, write.method)(url, data, content_type="application/json")
    return getattr(client, write.method)(url, data)


@pytest.mark.parametrize(
    ("write", "persona"),
    [pytest.param(w, p, id=f"{w.method.upper()} {w.label}-{p}") for w in WRITES for p in PERSONAS],
)
def test_only_who_may_write_changes_anything(world, as_persona, write, persona):
    client = as_persona(persona)
    kwargs = write.kwargs(world)
    url = reverse(write.url_name, kwargs=kwargs)
    data = write.data(world)
    before = stored_rows()

    response = send(client, write, url, data)

    what = f"{write.method.upper()} {url} as {persona}"
    changed = changed_tables(before, stored_rows())
    if persona in write.allowed:
        # The control: the same data is accepted from someone who may write.
        if write.api:
            assert response.status_code in (200, 201), f"{what}: {response.content[:500]!r}"
        else:
            assert response.status_code == 302, f"{what}: {response.status_code}"
            assert not response["Location"].startswith(reverse("login")), what
        assert changed, f"{what}: accepted but nothing stored"
    else:
        if persona == "anonymous":
            expected = API_ANONYMOUS if write.api else LOGIN
        else:
            expected = NOT_FOUND
        check_answer(response, expected, kwargs, what)
        assert not changed, f"{what}: refused, yet it changed {changed}"


def test_every_write_table_line_names_a_url():
    gone = sorted({w.url_name for w in WRITES} - set(URL_NAMES))
    assert not gone, gone
