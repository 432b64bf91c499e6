"""The people of the tests.

Organisation "acme" (Acme Industrie):
  alice   owner
  bob     referent, runs the engagement "cash" (held by vendor Recouvra)
  rita    referent, runs "it" (held by vendor Axiome)
  victor  vendor user of Recouvra (sees "cash" only)
  vera    vendor user of Axiome (sees "it" only)
  audrey  auditor
Organisation "globex" (Globex): oscar, owner, with his own vendor and engagement.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pilotage.core import services as core_services
from pilotage.core.models import Role
from pilotage.engagements import services as eng_services
from pilotage.engagements.models import EngagementKind, Function, Stage
from pilotage.sla import services as sla_services

PASSWORD = "correct-horse-battery-staple"


def make_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.acme = core_services.organisation_create(actor=None, name="Acme Industrie", slug="acme")
    w.alice = core_services.member_add(
        actor=None,
        org=w.acme,
        email="alice@acme.test",
        first_name="Alice",
        last_name="Aubert",
        role=Role.OWNER,
        password=PASSWORD,
    ).user
    w.recouvra = eng_services.vendor_create(
        actor=w.alice, org=w.acme, name="Recouvra", kind="other", siren="812345676"
    )
    w.axiome = eng_services.vendor_create(
        actor=w.alice, org=w.acme, name="Axiome", kind="it_services"
    )

    def add(name: str, role: str, vendor=None):
        return core_services.member_add(
            actor=w.alice,
            org=w.acme,
            email=f"{name}@acme.test",
            first_name=name.capitalize(),
            last_name="Test",
            role=role,
            vendor=vendor,
            password=PASSWORD,
        ).user

    w.bob = add("bob", Role.REFERENT)
    w.rita = add("rita", Role.REFERENT)
    w.victor = add("victor", Role.VENDOR, w.recouvra)
    w.vera = add("vera", Role.VENDOR, w.axiome)
    w.audrey = add("audrey", Role.AUDITOR)
    w.cash = eng_services.engagement_create(
        actor=w.alice,
        org=w.acme,
        title="Cash collection",
        function=Function.SALES_ADMIN,
        kind=EngagementKind.OUTSOURCING,
        vendor=w.recouvra,
        referent=w.bob,
        stage=Stage.RUN,
    )
    w.it = eng_services.engagement_create(
        actor=w.alice,
        org=w.acme,
        title="IT support",
        function=Function.IT_SUPPORT,
        kind=EngagementKind.OUTSOURCING,
        vendor=w.axiome,
        referent=w.rita,
        stage=Stage.PILOT,
    )
    w.globex = core_services.organisation_create(actor=None, name="Globex", slug="globex")
    w.oscar = core_services.member_add(
        actor=None,
        org=w.globex,
        email="oscar@globex.test",
        first_name="Oscar",
        last_name="Olsen",
        role=Role.OWNER,
        password=PASSWORD,
    ).user
    w.globex_vendor = eng_services.vendor_create(
        actor=w.oscar, org=w.globex, name="Globex Vendor", kind="agency"
    )
    w.globex_eng = eng_services.engagement_create(
        actor=w.oscar,
        org=w.globex,
        title="Globex payroll",
        function=Function.PAYROLL,
        kind=EngagementKind.CO_SOURCING,
        vendor=w.globex_vendor,
        referent=w.oscar,
    )
    week = {str(d): [["09:00", "12:00"], ["14:00", "18:00"]] for d in range(5)}
    w.calendar = sla_services.calendar_save(
        actor=w.alice,
        org=w.acme,
        name="Working hours",
        weekly_hours=week,
        timezone="Europe/Paris",
        holiday_country="FR",
        subdivision="",
        closed_days=[],
        open_days=[],
    )
    w.globex_calendar = sla_services.calendar_save(
        actor=w.oscar,
        org=w.globex,
        name="Globex hours",
        weekly_hours=week,
        timezone="Europe/Paris",
        holiday_country="FR",
        subdivision="",
        closed_days=[],
        open_days=[],
    )
    w.cash_import = sla_services.import_upload(
        actor=w.alice,
        engagement=w.cash,
        kind="pauses",
        tz="Europe/Paris",
        upload=SimpleUploadedFile(
            "pauses.csv", b"Ticket;From;Until\r\n4512;01/10/2026 10:00;01/10/2026 11:00\r\n"
        ),
    )
    # Cash: a small invoice file imported for "cash", its first customer, one reminder.
    from pilotage.cash import imports as cash_imports
    from pilotage.cash import services as cash_services

    w.cash_job = cash_services.import_upload(
        actor=w.alice,
        engagement=w.cash,
        kind="invoices",
        upload=SimpleUploadedFile(
            "factures.csv",
            "N° facture;Client;Date facture;Montant TTC;Date règlement\r\n"
            "FA001;Dupont SA;02/01/2026;1 200,00;20/02/2026\r\n"
            "FA002;Martin SARL;15/01/2026;600,00;\r\n".encode(),
        ),
    )
    cash_services.import_start(
        actor=w.alice,
        job=w.cash_job,
        mapping={k: v for k, v in w.cash_job.mapping.items() if not k.startswith("_")},
    )
    cash_imports.run_import(w.cash_job.pk)
    w.cash_job.refresh_from_db()
    w.customer = w.cash.customers.order_by("name").first()
    w.cash_event = cash_services.event_create(
        actor=w.alice,
        engagement=w.cash,
        data={
            "number": "FA002",
            "kind": "reminder",
            "date": dt.date(2026, 3, 10),
            "channel": "email",
        },
    )
    # Indicators: one the vendor gives on "cash", its October value given by Victor with a
    # PDF as evidence; one on globex's engagement.
    from pilotage.kpis import services as kpi_services

    w.cash.start_date = dt.date(2026, 1, 1)
    w.cash.save(update_fields=["start_date"])
    w.indicator = kpi_services.template_add(
        actor=w.bob, engagement=w.cash, code="invoicing_incidents"
    )
    w.kpi_value = kpi_services.value_submit(
        actor=w.victor,
        membership=w.victor.memberships.get(organisation=w.acme),
        entry=kpi_services.Entry(
            w.indicator,
            dt.date(2026, 10, 1),
            "2",
            comment="Two credit notes for wrong prices.",
            evidence=SimpleUploadedFile("incidents-octobre.pdf", b"%PDF-1.4 incidents"),
        ),
        today=dt.date(2026, 11, 4),
    )
    from pilotage.kpis import imports as kpi_imports

    w.kpi_import = kpi_imports.upload(
        actor=w.victor,
        engagement=w.cash,
        file=SimpleUploadedFile(
            "valeurs.csv", "Période;Indicateur;Valeur\r\n2026-09;Invoicing incidents;1\r\n".encode()
        ),
    )
    w.globex_indicator = kpi_services.leader_time_ensure(engagement=w.globex_eng)
    w.globex_value = kpi_services.leader_time_add(
        actor=w.oscar,
        membership=w.oscar.memberships.get(organisation=w.globex),
        engagement=w.globex_eng,
        hours=Decimal("1.5"),
        today=dt.date(2026, 11, 2),
    )
    # Before the contract: each part adds what the permission and bad-input tables need.
    # Diagnostic.
    from pilotage.diagnostics import services as diagnostic_services

    w.activity = diagnostic_services.activity_create(
        actor=w.bob,
        engagement=w.cash,
        name="Standard payment reminders",
        hours=Decimal("12"),
        leader_hours=Decimal("2"),
        volume=80,
        volume_unit="reminders",
        documented="partly",
    )
    # Specification.
    # "cash": purpose and one objective, published as v1 (w.spec_version); the draft then
    # gains a task (so publishing again is allowed); a read link for candidate Axiome.
    from pilotage.specifications import services as spec_services

    spec_services.section_save(
        actor=w.bob,
        engagement=w.cash,
        section="purpose",
        data={"text": "Get paid on time without the leader chasing invoices."},
    )
    spec_services.section_save(
        actor=w.bob,
        engagement=w.cash,
        section="objectives",
        data={"items": [{"kind": "business", "text": "DSO down", "target": "45 days by June"}]},
    )
    w.spec_version = spec_services.version_publish(
        actor=w.bob, engagement=w.cash, note="First version."
    )
    spec_services.section_save(
        actor=w.bob,
        engagement=w.cash,
        section="tasks",
        data={"items": ["Send the reminders of overdue invoices"]},
    )
    w.spec_share = spec_services.share_create(actor=w.alice, engagement=w.cash, vendor=w.axiome)
    # Selection.
    # On "cash" (Bob runs it): the catalogue's criteria, Axiome as candidate, Alice and Bob
    # as reviewers with a few scores each, neither sheet submitted.
    from pilotage.selection import services as sel_services
    from pilotage.selection.services import ScoreInput

    w.criteria = sel_services.criteria_ensure(actor=w.bob, engagement=w.cash)
    w.criterion = w.criteria[0]
    w.candidate = sel_services.candidate_add(
        actor=w.bob,
        engagement=w.cash,
        vendor=w.axiome,
        quote_amount=Decimal("1200"),
        quote_basis="month",
    )
    w.alice_review = sel_services.reviewer_add(actor=w.alice, engagement=w.cash, user=w.alice)
    w.bob_review = sel_services.reviewer_add(actor=w.alice, engagement=w.cash, user=w.bob)
    sel_services.scores_save(
        actor=w.alice,
        engagement=w.cash,
        scores=[
            ScoreInput(w.candidate.pk, w.criteria[0].pk, "4"),
            ScoreInput(w.candidate.pk, w.criteria[1].pk, "3", "Two references called."),
        ],
    )
    sel_services.scores_save(
        actor=w.bob,
        engagement=w.cash,
        scores=[ScoreInput(w.candidate.pk, w.criteria[0].pk, "2")],
    )
    # Pilot.
    # "cash" (at stage run) had a pilot from September to November 2026: the invoices of
    # customers A to F, criteria not yet agreed: invoicing incidents at most 2 on average
    # (October's value is 2), and complaints about the reminders, counted by hand at the end.
    from pilotage.pilots import services as pilot_services

    w.pilot = pilot_services.pilot_create(
        actor=w.bob,
        engagement=w.cash,
        scope="Invoices of customers A to F",
        volume="20 % of the invoices",
        start_date=dt.date(2026, 9, 1),
        end_date=dt.date(2026, 11, 30),
    )
    w.pilot_criterion = pilot_services.criterion_save(
        actor=w.bob,
        pilot=w.pilot,
        indicator=w.indicator,
        comparator="at_most",
        threshold="2",
        rule="average",
    )
    w.pilot_manual = pilot_services.criterion_save(
        actor=w.bob,
        pilot=w.pilot,
        indicator=None,
        label="Complaints about the reminders",
        unit="count",
        comparator="at_most",
        threshold="1",
        rule="latest",
    )
    # Contracts.
    # "cash": a 12-month contract renewed tacitly with 3 months' notice and its signed PDF, not
    # shared with Recouvra; "it": a 36-month one shared with Axiome.
    from pilotage.contracts import services as contract_services

    w.contract = contract_services.contract_create(
        actor=w.bob,
        engagement=w.cash,
        reference="CT-CASH-1",
        starts_on=dt.date(2026, 1, 1),
        initial_term_months=12,
        fixed_monthly_fee=Decimal("1800"),
        payment_terms="45 days end of month",
        document=SimpleUploadedFile("signed.pdf", b"%PDF-1.4 signed contract"),
        today=dt.date(2026, 11, 4),
    )
    w.it_contract = contract_services.contract_create(
        actor=w.alice,
        engagement=w.it,
        reference="CT-IT-1",
        starts_on=dt.date(2025, 6, 1),
        initial_term_months=36,
        notice_amount=6,
        fixed_monthly_fee=Decimal("3400"),
        document=SimpleUploadedFile("it.pdf", b"%PDF-1.4 it contract"),
        today=dt.date(2026, 11, 4),
    )
    contract_services.contract_share(actor=w.alice, contract=w.it_contract, shared=True)
    # Governance.
    from django.utils import timezone as gov_tz

    from pilotage.governance import services as gov_services

    gov_first = (gov_tz.localtime() + dt.timedelta(days=5)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    w.cadence = gov_services.cadence_create(
        actor=w.bob, engagement=w.cash, kind="committee", first_at=gov_first, duration_minutes=90
    )
    w.meeting = w.cadence.meetings.order_by("sequence").first()
    w.decision = gov_services.decision_create(
        actor=w.bob,
        engagement=w.cash,
        meeting=w.meeting,
        title="Extend the reminders to the Lyon customers",
        decided_by="Steering committee",
    )
    w.action = gov_services.action_create(
        actor=w.bob,
        engagement=w.cash,
        meeting=w.meeting,
        title="Send the aged balance by customer",
        held_by_vendor=True,
        due_on=gov_tz.localdate() + dt.timedelta(days=10),
    )
    # Governance requests.
    # "cash": one request of Bob's two days ago, still open; a relationship audit of last
    # month; Alice's calendar feed.
    from pilotage.governance import requests_services as request_services

    w.request = request_services.request_create(
        actor=w.bob,
        engagement=w.cash,
        subject="Export of the month's payments",
        body="The CSV of the payments received in the month, by customer.",
        asked_at=gov_tz.now() - dt.timedelta(days=2),
    )
    w.review = request_services.review_create(
        actor=w.bob,
        engagement=w.cash,
        held_on=gov_tz.localdate() - dt.timedelta(days=30),
        answers={
            key: {"score": 3, "comment": "Correct, could do more."}
            for key in (
                "contact_points",
                "impact_indicators",
                "objectives",
                "proactive",
                "feedback",
            )
        },
    )
    w.feed = request_services.calendar_feed_renew(actor=w.alice, organisation=w.acme)
    return w


@pytest.fixture
def world(db) -> SimpleNamespace:
    return make_world()


@pytest.fixture
def client_for(client: Client):
    """``client_for(user)``: a test client signed in as ``user`` (or anonymous for None)."""

    def make(user) -> Client:
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


@pytest.fixture
def smtp_inbox(settings):
    """Route the application's e-mail to a real SMTP server listening on the loopback."""
    from tests import smtp

    inbox = smtp.Inbox()
    controller = smtp.start(inbox)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()
