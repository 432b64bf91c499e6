"""A small organisation for the contracts tests that do not need the whole world."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import time_machine

from pilotage.contracts import services
from pilotage.core import services as core_services
from pilotage.core.models import Role
from pilotage.engagements import services as eng_services
from pilotage.engagements.models import EngagementKind, Function, Stage


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def small_org(*, referent: bool = True) -> SimpleNamespace:
    """Owner Olga (English), referent René (French), vendor Recouvra with user Victor."""
    s = SimpleNamespace()
    s.org = core_services.organisation_create(actor=None, name="Initech", slug="initech")
    s.owner = core_services.member_add(
        actor=None, org=s.org, email="olga@initech.test", first_name="Olga", role=Role.OWNER
    ).user
    s.owner.language = "en"
    s.owner.save(update_fields=["language"])
    s.vendor = eng_services.vendor_create(actor=s.owner, org=s.org, name="Recouvra", kind="other")
    s.victor = core_services.member_add(
        actor=s.owner,
        org=s.org,
        email="victor@recouvra.test",
        first_name="Victor",
        role=Role.VENDOR,
        vendor=s.vendor,
    ).user
    s.referent = None
    if referent:
        s.referent = core_services.member_add(
            actor=s.owner,
            org=s.org,
            email="rene@initech.test",
            first_name="René",
            role=Role.REFERENT,
        ).user
        s.referent.language = "fr"
        s.referent.save(update_fields=["language"])
    s.engagement = eng_services.engagement_create(
        actor=s.owner,
        org=s.org,
        title="Collections",
        function=Function.SALES_ADMIN,
        kind=EngagementKind.OUTSOURCING,
        vendor=s.vendor,
        referent=s.referent,
        stage=Stage.RUN,
    )
    return s


def contract_on(s: SimpleNamespace, created: dt.date, **fields):
    """A contract created on ``created`` (its alerts never reach before that day)."""
    data = {
        "reference": "CT-1",
        "starts_on": dt.date(2026, 1, 1),
        "initial_term_months": 12,
        "tacit_renewal": True,
        "notice_amount": 3,
        "notice_unit": "months",
        **fields,
    }
    with time_machine.travel(noon(created), tick=False):
        return services.contract_create(actor=s.owner, engagement=s.engagement, **data)
