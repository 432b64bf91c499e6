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
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
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


def pilot_criterion(w):
    return {"org": "acme", "pk": w.cash.pk, "criterion": w.pilot_criterion.pk}


def pilot_manual(w):
    return {"org": "acme", "pk": w.cash.pk, "criterion": w.pilot_manual.pk}


def agree_then_decide(w):
    from pilotage.pilots import services as pilot_services

    pilot_services.criteria_agree(actor=w.alice, pilot=w.pilot)
    return {"decision": "go", "reasons": "Incidents under the threshold.", "early": "on"}


TO_PILOT = Redirect("/o/{org}/engagements/{pk}/pilot/")


TO_MANAGE = Redirect("/o/{org}/engagements/{pk}/indicators/manage/")


# Governance meetings.
def gov_cadence(w):
    return {"org": "acme", "pk": w.cash.pk, "cadence": w.cadence.pk}


def gov_meeting(w):
    return {"org": "acme", "pk": w.cash.pk, "meeting": w.meeting.pk}


def gov_decision(w):
    return {"org": "acme", "pk": w.cash.pk, "decision": w.decision.pk}


def gov_action(w):
    return {"org": "acme", "pk": w.cash.pk, "action": w.action.pk}


def gov_when(days: int = 20, time: str = "10:00") -> dict[str, str]:
    import datetime as dt

    from django.utils import timezone

    day = timezone.localdate() + dt.timedelta(days=days)
    return {"day": day.isoformat(), "time": time, "duration_minutes": "60", "location": "Visio"}


TO_MEETING = Redirect("/o/{org}/engagements/{pk}/governance/meetings/{meeting}/")
TO_ACTIONS = Redirect("/o/{org}/engagements/{pk}/governance/actions/")
TO_ORG_HOME = Redirect("/o/{org}/")


# Governance requests.
def gov_request(w):
    return {"org": "acme", "pk": w.cash.pk, "req": w.request.pk}


def gov_review(w):
    return {"org": "acme", "pk": w.cash.pk, "review": w.review.pk}


def feed_token(w):
    return {"token": w.feed.token}


def unsubscribe_token(w):
    from pilotage.core import notify

    return {"token": notify.unsubscribe_token(w.alice, "request")}


def answered_then_reopen(w):
    from pilotage.governance import requests_services

    requests_services.request_answer(actor=w.victor, request=w.request, answer="Sent on Monday.")
    return {}


def review_data(w, score: str = "4") -> dict[str, str]:
    from pilotage.governance.review import KEYS

    data = {"held_on": "2026-06-30", "meeting": ""}
    for key in KEYS:
        data[f"score_{key}"] = score
        data[f"comment_{key}"] = "Better than last year."
    return data


TO_REQUEST = Redirect("/o/{org}/engagements/{pk}/governance/requests/{req}/")


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
    "engagements:start":       {"":     Rule(acme,           L,     OK,      NF,      NF,      NF,      NF,      NF)},
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
    # Diagnostic: the organisation's own people only; whoever runs the engagement writes.
    "diagnostics:page":        {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      OK,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      NF,      OK,      NF)},
    "diagnostics:pdf":         {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      OK,      NF)},
    "diagnostics:suggest":     {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      OK,      NF)},
    "diagnostics:activity_new": {"cash": Rule(cash,          L,     OK,      OK,      NF,      NF,      NF,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      NF,      NF,      NF)},
    "diagnostics:activity":    {"cash": Rule(lambda w: {**cash(w), "activity": w.activity.pk}, L, OK, OK, NF, NF, NF, NF)},
    "diagnostics:readiness":   {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "diagnostics:risks":       {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF)},
    # POST only: a GET by whoever may write goes back to the diagnostic.
    "diagnostics:activity_delete": {"cash": Rule(lambda w: {**cash(w), "activity": w.activity.pk}, L, Redirect("/o/{org}/engagements/{pk}/diagnostic/"), Redirect("/o/{org}/engagements/{pk}/diagnostic/"), NF, NF, NF, NF)},  # noqa: E501
    "diagnostics:activity_apply": {"cash": Rule(lambda w: {**cash(w), "activity": w.activity.pk}, L, Redirect("/o/{org}/engagements/{pk}/diagnostic/"), Redirect("/o/{org}/engagements/{pk}/diagnostic/"), NF, NF, NF, NF)},  # noqa: E501
    "diagnostics:add_usual":   {"cash": Rule(cash,           L,     Redirect("/o/{org}/engagements/{pk}/diagnostic/"), Redirect("/o/{org}/engagements/{pk}/diagnostic/"), NF, NF, NF, NF)},  # noqa: E501
    "diagnostics:apply_all":   {"cash": Rule(cash,           L,     Redirect("/o/{org}/engagements/{pk}/diagnostic/"), Redirect("/o/{org}/engagements/{pk}/diagnostic/"), NF, NF, NF, NF)},  # noqa: E501
    "diagnostics:conclude":    {"cash": Rule(cash,           L,     Redirect("/o/{org}/engagements/{pk}/diagnostic/"), Redirect("/o/{org}/engagements/{pk}/diagnostic/"), NF, NF, NF, NF),  # noqa: E501
                                "it":   Rule(it,             L,     Redirect("/o/{org}/engagements/{pk}/diagnostic/"), NF, NF, NF, NF, NF)},  # noqa: E501
    # Specification: the vendor holding the engagement reads the published versions.
    # Its overview shows that vendor the published versions only; candidates read through
    # their secret link, no account needed (anyone holding the token).
    "specifications:page":     {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      OK,      OK,      NF)},
    "specifications:section":  {"cash": Rule(lambda w: {**cash(w), "section": "purpose"}, L, OK, OK, NF, NF, NF, NF),
                                "it":   Rule(lambda w: {**it(w), "section": "playbook"}, L, OK, NF, NF, NF, NF, NF)},
    "specifications:publish":  {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "specifications:version":  {"cash": Rule(lambda w: {**cash(w), "number": w.spec_version.number}, L, OK, OK, OK, NF, OK, NF)},  # noqa: E501
    "specifications:version_pdf": {"cash": Rule(lambda w: {**cash(w), "number": w.spec_version.number}, L, OK, OK, OK, NF, OK, NF)},  # noqa: E501
    "specifications:version_docx": {"cash": Rule(lambda w: {**cash(w), "number": w.spec_version.number}, L, OK, OK, OK, NF, OK, NF)},  # noqa: E501
    "specifications:draft_pdf": {"cash": Rule(cash,          L,     OK,      OK,      NF,      NF,      OK,      NF)},
    "specifications:draft_docx": {"cash": Rule(cash,         L,     OK,      OK,      NF,      NF,      OK,      NF)},
    "specifications:share_create": {"cash": Rule(cash,       L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "specifications:share_revoke": {"cash": Rule(lambda w: {**cash(w), "share": w.spec_share.pk}, L, Redirect("/o/{org}/engagements/{pk}/specification/#shares"), Redirect("/o/{org}/engagements/{pk}/specification/#shares"), NF, NF, NF, NF)},  # noqa: E501
    "specification_shared:page": {"axiome": Rule(lambda w: {"token": w.spec_share.token}, OK, OK, OK, OK, OK, OK, OK)},
    "specification_shared:pdf": {"axiome": Rule(lambda w: {"token": w.spec_share.token}, OK, OK, OK, OK, OK, OK, OK)},
    "specification_shared:docx": {"axiome": Rule(lambda w: {"token": w.spec_share.token}, OK, OK, OK, OK, OK, OK, OK)},
    # Selection: never a vendor; the owner and the referent score; the owner chooses.
    "selection:page":          {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      OK,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      NF,      OK,      NF)},
    "selection:criteria":      {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      OK,      NF)},
    "selection:criterion":     {"cash": Rule(lambda w: {"org": "acme", "pk": w.cash.pk, "criterion": w.criterion.pk},
                                                             L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "selection:candidates":    {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      OK,      NF)},
    "selection:candidate":     {"cash": Rule(lambda w: {"org": "acme", "pk": w.cash.pk, "candidate": w.candidate.pk},
                                                             L,     OK,      OK,      NF,      NF,      OK,      NF)},
    # POST only: a GET goes back to the candidate's page.
    "selection:candidate_flags": {"cash": Rule(lambda w: {"org": "acme", "pk": w.cash.pk, "candidate": w.candidate.pk}, L,
                                           Redirect("/o/{org}/engagements/{pk}/selection/candidates/{candidate}/"),
                                           Redirect("/o/{org}/engagements/{pk}/selection/candidates/{candidate}/"), NF, NF,
                                           Redirect("/o/{org}/engagements/{pk}/selection/candidates/{candidate}/"), NF)},
    "selection:candidate_interactions": {"cash": Rule(lambda w: {"org": "acme", "pk": w.cash.pk, "candidate": w.candidate.pk}, L,
                                           Redirect("/o/{org}/engagements/{pk}/selection/candidates/{candidate}/"),
                                           Redirect("/o/{org}/engagements/{pk}/selection/candidates/{candidate}/"), NF, NF,
                                           Redirect("/o/{org}/engagements/{pk}/selection/candidates/{candidate}/"), NF)},
    "selection:reviewers":     {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      OK,      NF)},
    # A reviewer's own sheet: Alice and Bob are named reviewers of "cash".
    "selection:sheet":         {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF),
                                "it":   Rule(it,             L,     NF,      NF,      NF,      NF,      NF,      NF)},
    "selection:decide":        {"cash": Rule(cash,           L,     OK,      NF,      NF,      NF,      NF,      NF)},
    # Pilot: the vendor holding the engagement reads the criteria it agreed to.
    "pilots:page":             {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      OK,      OK,      NF)},
    "pilots:edit":             {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF),
                                "it":   Rule(it,             L,     NF,      NF,      NF,      NF,      NF,      NF)},
    "pilots:ramp":             {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "pilots:criteria":         {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "pilots:criterion":        {"cash": Rule(pilot_criterion, L,    OK,      OK,      NF,      NF,      NF,      NF)},
    "pilots:measure":          {"cash": Rule(pilot_manual,   L,     OK,      OK,      NF,      NF,      NF,      NF),
                                "indicator": Rule(pilot_criterion, L, NF,    NF,      NF,      NF,      NF,      NF)},
    # POST only: a GET goes back to the pilot's page.
    "pilots:agree":            {"cash": Rule(cash,           L,     TO_PILOT, TO_PILOT, NF,    NF,      NF,      NF)},
    "pilots:decide":           {"cash": Rule(cash,           L,     OK,      NF,      NF,      NF,      NF,      NF)},
    # Governance meetings.
    "governance:home":         {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      OK,      OK,      NF)},
    "governance:cadence":      {"cash": Rule(gov_cadence,    L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "governance:meeting_new":  {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "governance:meeting":      {"cash": Rule(gov_meeting,    L,     OK,      OK,      OK,      NF,      OK,      NF)},
    "governance:meeting_move": {"cash": Rule(gov_meeting,    L,     OK,      OK,      NF,      NF,      NF,      NF)},
    # POST only: a GET goes back to the meeting.
    "governance:attendees":    {"cash": Rule(gov_meeting,    L,     TO_MEETING, TO_MEETING, NF, NF,    NF,      NF)},
    "governance:agenda_freeze": {"cash": Rule(gov_meeting,   L,     TO_MEETING, TO_MEETING, NF, NF,    NF,      NF)},
    "governance:minutes_close": {"cash": Rule(gov_meeting,   L,     TO_MEETING, TO_MEETING, NF, NF,    NF,      NF)},
    "governance:meeting_decision": {"cash": Rule(gov_meeting, L,    TO_MEETING, TO_MEETING, NF, NF,    NF,      NF)},
    "governance:meeting_action": {"cash": Rule(gov_meeting,  L,     TO_MEETING, TO_MEETING, NF, NF,    NF,      NF)},
    "governance:decisions":    {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF)},
    "governance:decision":     {"cash": Rule(gov_decision,   L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "governance:actions":      {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF)},
    "governance:action":       {"cash": Rule(gov_action,     L,     OK,      OK,      NF,      NF,      NF,      NF)},
    # POST only; the vendor changes the status of the actions it holds.
    "governance:action_status": {"cash": Rule(gov_action,    L,     TO_ACTIONS, TO_ACTIONS, TO_ACTIONS, NF, NF, NF)},
    # Contracts: whoever sees the engagement reads its contracts, a vendor only those shared
    # with it ("cash"'s is not shared with Recouvra, "it"'s is shared with Axiome); the owner
    # and the engagement's referent keep them; only the owner shares.
    "contracts:list":          {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      OK,      OK,      NF)},
    "contracts:create":        {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      NF,      NF,      NF)},
    "contracts:detail":        {"cash": Rule(lambda w: {**cash(w), "contract": w.contract.pk}, L, OK, OK, NF, NF, OK, NF),
                                "it":   Rule(lambda w: {**it(w), "contract": w.it_contract.pk}, L, OK, NF, NF, OK, OK, NF)},
    "contracts:edit":          {"cash": Rule(lambda w: {**cash(w), "contract": w.contract.pk}, L, OK, OK, NF, NF, NF, NF),
                                "it":   Rule(lambda w: {**it(w), "contract": w.it_contract.pk}, L, OK, NF, NF, NF, NF, NF)},
    # POST only: a GET by whoever may write goes back to the contract's page.
    "contracts:clauses":       {"cash": Rule(lambda w: {**cash(w), "contract": w.contract.pk}, L,
                                             Redirect("/o/{org}/engagements/{pk}/contracts/{contract}/"),
                                             Redirect("/o/{org}/engagements/{pk}/contracts/{contract}/"), NF, NF, NF, NF)},
    "contracts:amend":         {"cash": Rule(lambda w: {**cash(w), "contract": w.contract.pk}, L, OK, OK, NF, NF, NF, NF)},
    "contracts:upload":        {"cash": Rule(lambda w: {**cash(w), "contract": w.contract.pk}, L, OK, OK, NF, NF, NF, NF)},
    "contracts:download":      {"cash": Rule(lambda w: {**cash(w), "contract": w.contract.pk}, L, OK, OK, NF, NF, OK, NF),
                                "it":   Rule(lambda w: {**it(w), "contract": w.it_contract.pk}, L, OK, NF, NF, OK, OK, NF)},
    "contracts:share":         {"cash": Rule(lambda w: {**cash(w), "contract": w.contract.pk}, L,
                                             Redirect("/o/{org}/engagements/{pk}/contracts/{contract}/"), NF, NF, NF, NF, NF)},
    "contracts:notice":        {"cash": Rule(lambda w: {**cash(w), "contract": w.contract.pk}, L, OK, OK, NF, NF, NF, NF)},
    "contracts:delete":        {"cash": Rule(lambda w: {**cash(w), "contract": w.contract.pk}, L, OK, OK, NF, NF, NF, NF),
                                "it":   Rule(lambda w: {**it(w), "contract": w.it_contract.pk}, L, OK, NF, NF, NF, NF, NF)},
    # Governance requests. Whoever sees the engagement reads its requests and searches it;
    # the owner or the referent asks (one door); they or the vendor holding it answer. The
    # relationship audit is internal. The calendar feed and the unsubscribe link are token
    # URLs: no session needed, a wrong token answers 404.
    "governance:requests":     {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      OK,      OK,      NF)},
    "governance:request_new":  {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      NF,      NF,      NF)},
    "governance:request":      {"cash": Rule(gov_request,    L,     OK,      OK,      OK,      NF,      OK,      NF)},
    "governance:request_edit": {"cash": Rule(gov_request,    L,     OK,      OK,      NF,      NF,      NF,      NF)},
    # POST only: a GET goes back to the request.
    "governance:request_answer": {"cash": Rule(gov_request,  L,     TO_REQUEST, TO_REQUEST, TO_REQUEST, NF, NF, NF)},
    "governance:request_reopen": {"cash": Rule(gov_request,  L,     TO_REQUEST, TO_REQUEST, NF, NF,    NF,      NF)},
    "governance:reviews":      {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      OK,      NF),
                                "it":   Rule(it,             L,     OK,      NF,      NF,      NF,      OK,      NF)},
    "governance:review_new":   {"cash": Rule(cash,           L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "governance:review":       {"cash": Rule(gov_review,     L,     OK,      OK,      NF,      NF,      NF,      NF)},
    "governance:search":       {"cash": Rule(cash,           L,     OK,      OK,      OK,      NF,      OK,      NF)},
    "calendar_feed":           {"":     Rule(acme,           L,     OK,      OK,      OK,      OK,      OK,      NF)},
    "calendar_ics":            {"alice": Rule(feed_token,    OK,    OK,      OK,      OK,      OK,      OK,      OK),
                                "unknown": Rule(lambda w: {"token": "no-such-token"}, NF, NF, NF, NF, NF, NF, NF)},
    "unsubscribe":             {"alice": Rule(unsubscribe_token, OK, OK,     OK,      OK,      OK,      OK,      OK),
                                "forged": Rule(lambda w: {"token": "eyJ1IjoxLCJrIjoicmVxdWVzdCJ9:forged"}, NF, NF, NF, NF, NF, NF, NF)},
}
# fmt: on

URL_NAMES = [u.name for u in all_url_patterns()]


def _cells():
    """One test per URL and object: the seven personas ask in turn, on one world (a GET
    changes nothing another persona's answer depends on)."""
    for name in URL_NAMES:
        for case in TABLE.get(name, {None: None}):
            label = f"{name}[{case}]" if case else name
            yield pytest.param(name, case, id=label)


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


@pytest.mark.parametrize(("url_name", "case"), list(_cells()))
def test_get_answers_what_the_rules_say(world, as_persona, url_name, case):
    if url_name not in TABLE:
        pytest.fail(f"new URL without a permission rule: {url_name}")
    rule = TABLE[url_name][case]
    wrong = []
    for persona in PERSONAS:
        client = as_persona(persona)  # before the kwargs: signing in changes the reset token
        kwargs = rule.kwargs(world)
        url = reverse(url_name, kwargs=kwargs)
        try:
            check_answer(client.get(url), getattr(rule, persona), kwargs, f"GET {url} as {persona}")
        except AssertionError as e:
            wrong.append(str(e))
    assert not wrong, "\n".join(wrong)


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
    Write("engagements:start", "", acme, lambda w: {"function": "sales_admin", "kind": "outsourcing"},
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
    # Diagnostic.
    Write("diagnostics:activity_new", "cash", cash, lambda w: {"name": "Order entry", "hours": "10"}, may("alice", "bob")),
    Write("diagnostics:activity", "cash", lambda w: {**cash(w), "activity": w.activity.pk},
          lambda w: {"name": "Standard reminders", "hours": "14", "leader_hours": "1", "category": "repetitive"},
          may("alice", "bob")),
    Write("diagnostics:activity_delete", "cash", lambda w: {**cash(w), "activity": w.activity.pk}, lambda w: {},
          may("alice", "bob")),
    Write("diagnostics:activity_apply", "cash", lambda w: {**cash(w), "activity": w.activity.pk}, lambda w: {},
          may("alice", "bob")),
    Write("diagnostics:add_usual", "cash", cash, lambda w: {}, may("alice", "bob")),
    Write("diagnostics:apply_all", "cash", cash, lambda w: {}, may("alice", "bob")),
    Write("diagnostics:readiness", "cash", cash, lambda w: {"firefighting": "yes", "scope": "partly"},
          may("alice", "bob")),
    Write("diagnostics:risks", "cash", cash,
          lambda w: {"cash_likelihood": "high", "cash_impact": "medium", "cash_cost": "5000"}, may("alice", "bob")),
    # Concluding needs every activity classed: the world's one is classed first (a direct write).
    Write("diagnostics:conclude", "cash", cash,
          lambda w: type(w.activity).objects.filter(pk=w.activity.pk).update(category="repetitive") and {},
          may("alice", "bob")),
    # Specification.
    Write("specifications:section", "cash, purpose", lambda w: {**cash(w), "section": "purpose"},
          lambda w: {"text": "Cash in on time, and keep our key accounts."}, may("alice", "bob")),
    Write("specifications:section", "cash, tasks", lambda w: {**cash(w), "section": "tasks"},
          lambda w: {"tasks-TOTAL_FORMS": "1", "tasks-INITIAL_FORMS": "0", "tasks-0-text": "Chase disputes"},
          may("alice", "bob")),
    Write("specifications:publish", "cash", cash, lambda w: {"note": "With the tasks."}, may("alice", "bob")),
    Write("specifications:share_create", "cash", cash, lambda w: {"vendor": w.recouvra.pk}, may("alice", "bob")),
    Write("specifications:share_revoke", "cash", lambda w: {**cash(w), "share": w.spec_share.pk}, lambda w: {},
          may("alice", "bob")),
    # Selection.
    Write("selection:criteria", "cash, weights", cash,
          lambda w: {"action": "weights", **{f"weight_{c.pk}": "5" for c in w.criteria}}, may("alice", "bob")),
    Write("selection:criteria", "cash, add", cash,
          lambda w: {"action": "add", "new-label": "On-site presence", "new-help": "", "new-weight": "2"},
          may("alice", "bob")),
    Write("selection:criteria", "cash, delete", cash, lambda w: {"action": "delete", "id": w.criteria[-1].pk},
          may("alice", "bob")),
    Write("selection:criterion", "cash",
          lambda w: {"org": "acme", "pk": w.cash.pk, "criterion": w.criterion.pk},
          lambda w: {"label": "Expertise in B2B collection", "help": "", "weight": "4"}, may("alice", "bob")),
    Write("selection:candidates", "cash", cash,
          lambda w: {"vendor": w.recouvra.pk, "quote_amount": "900", "quote_basis": "month"}, may("alice", "bob")),
    Write("selection:candidates", "cash, new vendor", cash,
          lambda w: {"vendor_name": "Relance Pro", "vendor_kind": "freelance"}, may("alice", "bob")),
    Write("selection:candidate", "cash",
          lambda w: {"org": "acme", "pk": w.cash.pk, "candidate": w.candidate.pk},
          lambda w: {"status": "shortlisted", "quote_amount": "1100", "quote_basis": "month", "notes": ""},
          may("alice", "bob")),
    Write("selection:candidate_flags", "cash",
          lambda w: {"org": "acme", "pk": w.cash.pk, "candidate": w.candidate.pk},
          lambda w: {"flag_generic_offer": "on", "note_generic_offer": "Same proposal as for everyone."},
          may("alice", "bob")),
    Write("selection:candidate_interactions", "cash",
          lambda w: {"org": "acme", "pk": w.cash.pk, "candidate": w.candidate.pk},
          lambda w: {"kind": "reference", "held_on": "2026-10-15", "reference_company": "Dupont SA",
                     "with_whom": "M. Dupont", "comparable": "true", "summary": "Four years, satisfied.",
                     "verdict": "positive"},
          may("alice", "bob")),
    Write("selection:reviewers", "cash, remove", cash, lambda w: {"action": "remove", "id": w.bob_review.pk},
          may("alice", "bob")),
    Write("selection:sheet", "cash", cash,
          lambda w: {"action": "draft", f"score_{w.candidate.pk}_{w.criteria[2].pk}": "3"}, may("alice", "bob")),
    # Moves "cash" to the contract stage with Axiome; Alice confirms the warnings (sheets not submitted).
    Write("selection:decide", "cash", cash,
          lambda w: {"candidate": w.candidate.pk, "reasons": "Best references, a team on call.", "confirm": "on"},
          may("alice")),
    # Pilot.
    Write("pilots:page", "it, set up", it,
          lambda w: {"scope": "Tickets of the Lyon site", "volume": "", "start_date": "2026-12-01",
                     "end_date": "2027-02-28", "ramp_up_months": "3"},
          may("alice")),
    Write("pilots:edit", "cash", cash,
          lambda w: {"scope": "Invoices of customers A to H", "volume": "30 %", "start_date": "2026-09-01",
                     "end_date": "2026-11-30", "ramp_up_months": "3"},
          may("alice", "bob")),
    Write("pilots:ramp", "cash", cash,
          lambda w: {"share_1": "20", "share_2": "60", "share_3": "100", "note_1": "A to C only"},
          may("alice", "bob")),
    Write("pilots:criteria", "cash", cash,
          lambda w: {"indicator": w.indicator.pk, "comparator": "at_most", "threshold": "3", "rule": "worst"},
          may("alice", "bob")),
    Write("pilots:criterion", "cash", pilot_criterion,
          lambda w: {"indicator": w.indicator.pk, "comparator": "at_most", "threshold": "1", "rule": "average"},
          may("alice", "bob")),
    Write("pilots:criterion", "cash, removed", pilot_criterion, lambda w: {"delete": "1"}, may("alice", "bob")),
    Write("pilots:measure", "cash", pilot_manual,
          lambda w: {"value": "0", "note": "Customer service log, 1 Sept to 30 Nov."}, may("alice", "bob")),
    Write("pilots:agree", "cash", cash, lambda w: {}, may("alice", "bob")),
    Write("pilots:decide", "cash", cash, agree_then_decide, may("alice")),
    # Governance meetings.
    Write("governance:home", "cash, cadence", cash, lambda w: {"kind": "weekly", **gov_when(3)}, may("alice", "bob")),
    Write("governance:cadence", "cash", gov_cadence, lambda w: {"kind": "committee", **gov_when(6, "14:00")},
          may("alice", "bob")),
    Write("governance:cadence", "cash, stop", gov_cadence, lambda w: {"stop": "1"}, may("alice", "bob")),
    Write("governance:meeting_new", "cash", cash, lambda w: {"kind": "quarterly", **gov_when(40)}, may("alice", "bob")),
    Write("governance:meeting", "cash, notes", gov_meeting, lambda w: {"notes": "DSO down two days."},
          may("alice", "bob")),
    Write("governance:meeting_move", "cash", gov_meeting, lambda w: gov_when(9, "11:00"), may("alice", "bob")),
    Write("governance:meeting_move", "cash, cancel", gov_meeting, lambda w: {"cancel": "1"}, may("alice", "bob")),
    Write("governance:attendees", "cash", gov_meeting, lambda w: {"user": w.victor.pk, "side": "vendor"},
          may("alice", "bob")),
    Write("governance:agenda_freeze", "cash", gov_meeting, lambda w: {}, may("alice", "bob")),
    Write("governance:minutes_close", "cash", gov_meeting, lambda w: {}, may("alice", "bob")),
    Write("governance:meeting_decision", "cash", gov_meeting,
          lambda w: {"title": "Call the top 20 debtors", "decided_by": "The committee", "reasons": ""},
          may("alice", "bob")),
    Write("governance:meeting_action", "cash", gov_meeting,
          lambda w: {"title": "Call the top 20 debtors", "owner": "vendor", "due_on": "2030-01-15"},
          may("alice", "bob")),
    Write("governance:decision", "cash", gov_decision,
          lambda w: {"title": "Extend to Lyon and Grenoble", "decided_by": "The committee", "decided_on": "2026-01-10"},
          may("alice", "bob")),
    Write("governance:decision", "cash, removed", gov_decision, lambda w: {"delete": "1"}, may("alice", "bob")),
    Write("governance:action", "cash", gov_action,
          lambda w: {"title": "Send the aged balance", "owner": str(w.bob.pk), "due_on": "2030-01-20"},
          may("alice", "bob")),
    Write("governance:action_status", "cash", gov_action, lambda w: {"status": "done"}, may("alice", "bob", "victor")),
    # Contracts.
    Write("contracts:create", "cash", cash,
          lambda w: {"reference": "CT-CASH-2", "starts_on": "2027-01-01", "initial_term_months": "12",
                     "tacit_renewal": "on", "notice_amount": "3", "notice_unit": "months",
                     "alert_offsets": "90, 30, 7", "fixed_monthly_fee": "1 950,50"},
          may("alice", "bob")),
    Write("contracts:edit", "cash", lambda w: {**cash(w), "contract": w.contract.pk},
          lambda w: {"reference": "CT-CASH-1", "starts_on": "2026-01-01", "initial_term_months": "24",
                     "tacit_renewal": "on", "notice_amount": "2", "notice_unit": "months",
                     "alert_offsets": "60, 15"},
          may("alice", "bob")),
    Write("contracts:edit", "it", lambda w: {**it(w), "contract": w.it_contract.pk},
          lambda w: {"reference": "CT-IT-1", "starts_on": "2025-06-01", "initial_term_months": "36",
                     "tacit_renewal": "on", "notice_amount": "3", "notice_unit": "months",
                     "alert_offsets": "90, 30"},
          may("alice")),
    Write("contracts:clauses", "cash", lambda w: {**cash(w), "contract": w.contract.pk},
          lambda w: {**{f"status_{k}": "present" for k in ("performance", "confidentiality", "reversibility",
                                                           "hardship", "gdpr", "audit", "service_levels",
                                                           "volumes", "ip", "exit_costs")},
                     "status_reversibility": "absent", "note_reversibility": "Nothing on the data."},
          may("alice", "bob")),
    Write("contracts:amend", "cash", lambda w: {**cash(w), "contract": w.contract.pk},
          lambda w: {"reference": "CT-CASH-1-A1", "starts_on": "2026-06-01", "fixed_monthly_fee": "1900"},
          may("alice", "bob")),
    Write("contracts:upload", "cash", lambda w: {**cash(w), "contract": w.contract.pk},
          lambda w: {"document": SimpleUploadedFile("v2.pdf", b"%PDF-1.7 second version")},
          may("alice", "bob")),
    Write("contracts:share", "cash", lambda w: {**cash(w), "contract": w.contract.pk}, lambda w: {"shared": "1"},
          may("alice")),
    Write("contracts:share", "it, stop", lambda w: {**it(w), "contract": w.it_contract.pk}, lambda w: {"shared": "0"},
          may("alice")),
    Write("contracts:notice", "cash", lambda w: {**cash(w), "contract": w.contract.pk},
          lambda w: {"notice_given_on": "2026-02-10"}, may("alice", "bob")),
    Write("contracts:delete", "cash", lambda w: {**cash(w), "contract": w.contract.pk}, lambda w: {},
          may("alice", "bob")),
    # Governance requests.
    Write("governance:request_new", "cash", cash,
          lambda w: {"subject": "Aged balance by customer", "body": "", "asked_at": ""}, may("alice", "bob")),
    Write("governance:request_new", "cash, by phone yesterday", cash,
          lambda w: {"subject": "Dupont dispute", "body": "Called Nadia.", "asked_at": "2026-01-05T10:30"},
          may("alice", "bob")),
    Write("governance:request_edit", "cash", gov_request,
          lambda w: {"subject": "Export of the month's payments (CSV)", "body": "", "asked_at": ""},
          may("alice", "bob")),
    Write("governance:request_answer", "cash", gov_request,
          lambda w: {"answer": "Sent by e-mail this morning.", "answered_at": ""}, may("alice", "bob", "victor")),
    Write("governance:request_reopen", "cash", gov_request, answered_then_reopen, may("alice", "bob")),
    Write("governance:review_new", "cash", cash, review_data, may("alice", "bob")),
    Write("governance:review", "cash", gov_review, lambda w: review_data(w, "2"), may("alice", "bob")),
    Write("calendar_feed", "", acme, lambda w: {}, may("alice", "bob", "victor", "vera", "audrey")),
]
# fmt: on


def send(client, write: Write, url: str, data: dict[str, Any]):
    if write.api:
        return getattr(client, write.method)(url, data, content_type="application/json")
    return getattr(client, write.method)(url, data)


class _Rollback(Exception):
    pass


def _answer_of(world, as_persona, write: Write, persona: str) -> str | None:
    """What is wrong with ``persona``'s attempt at ``write``, or None; whatever it stored
    is undone, so that the next persona meets the same world."""
    problem = None
    try:
        with transaction.atomic():
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
                    ok = response.status_code in (200, 201)
                    problem = None if ok else f"{what}: {response.content[:500]!r}"
                elif response.status_code != 302:
                    problem = f"{what}: {response.status_code}"
                elif response["Location"].startswith(reverse("login")):
                    problem = f"{what}: sent to the sign-in page"
                if problem is None and not changed:
                    problem = f"{what}: accepted but nothing stored"
            else:
                if persona == "anonymous":
                    expected = API_ANONYMOUS if write.api else LOGIN
                else:
                    expected = NOT_FOUND
                try:
                    check_answer(response, expected, kwargs, what)
                except AssertionError as e:
                    problem = str(e)
                if problem is None and changed:
                    problem = f"{what}: refused, yet it changed {changed}"
            raise _Rollback
    except _Rollback:
        pass
    return problem


@pytest.mark.parametrize(
    "write", [pytest.param(w, id=f"{w.method.upper()} {w.label}") for w in WRITES]
)
def test_only_who_may_write_changes_anything(world, as_persona, write):
    problems = [_answer_of(world, as_persona, write, persona) for persona in PERSONAS]
    wrong = [p for p in problems if p]
    assert not wrong, "\n".join(wrong)


def test_every_write_table_line_names_a_url():
    gone = sorted({w.url_name for w in WRITES} - set(URL_NAMES))
    assert not gone, gone
