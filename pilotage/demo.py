"""The demo organisation: a 40-person manufacturing SME and the work it entrusts to providers.

Everything goes through the services, so the audit trail of the demo is a real one.
Each capability adds its part in ``STEPS``; running the load twice changes nothing but
the passwords.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from pilotage.cash.demo import VENDOR_START  # the books tell of a vendor starting that day
from pilotage.core import services as core_services
from pilotage.core.models import Membership, Organisation, Role, User
from pilotage.engagements import services as eng_services
from pilotage.engagements.models import (
    Engagement,
    EngagementKind,
    Function,
    Stage,
    StageChange,
    VendorKind,
)
from pilotage.engagements.services import ContactData

ORG_SLUG = "ateliers-rhone"
ORG_NAME = "Ateliers Mécaniques du Rhône"

PEOPLE = [
    # email, first name, last name, role, vendor key, what they do
    ("claire.martin@ateliers-rhone.fr", "Claire", "Martin", Role.OWNER, None, "dirigeante"),
    (
        "julien.petit@ateliers-rhone.fr",
        "Julien",
        "Petit",
        Role.REFERENT,
        None,
        "responsable administratif et financier",
    ),
    (
        "sophie.bernard@ateliers-rhone.fr",
        "Sophie",
        "Bernard",
        Role.REFERENT,
        None,
        "responsable qualité et systèmes",
    ),
    (
        "marc.lefevre@cabinet-lefevre.fr",
        "Marc",
        "Lefèvre",
        Role.AUDITOR,
        None,
        "expert-comptable, commissaire aux comptes",
    ),
    (
        "nadia.haddad@recouvra.fr",
        "Nadia",
        "Haddad",
        Role.VENDOR,
        "recouvra",
        "cheffe de mission ADV chez Recouvra",
    ),
    (
        "thomas.roux@axiome-it.fr",
        "Thomas",
        "Roux",
        Role.VENDOR,
        "axiome",
        "responsable de compte chez Axiome",
    ),
]

VENDORS = {
    "recouvra": dict(
        name="Recouvra Conseil",
        kind=VendorKind.OTHER,
        siren="812345676",
        website="https://www.recouvra.example",
        address="14 rue de la République\n69002 Lyon",
        notes="Cabinet spécialisé en administration des ventes et recouvrement B2B. 35 clients PME, 12 ans d'ancienneté moyenne.",
        contacts=[
            ContactData(
                name="Nadia Haddad",
                position="Cheffe de mission ADV",
                email="nadia.haddad@recouvra.fr",
                phone="04 72 10 20 30",
            ),
            ContactData(
                name="Olivier Garnier",
                position="Associé",
                email="olivier.garnier@recouvra.fr",
                phone="04 72 10 20 31",
            ),
        ],
    ),
    "axiome": dict(
        name="Axiome Informatique",
        kind=VendorKind.IT_SERVICES,
        siren="523984110",
        website="https://www.axiome-it.example",
        address="3 allée des Sorbiers\n69500 Bron",
        notes="ESN de 28 personnes : infogérance, support utilisateurs, supervision 24/7. Astreinte nuits et week-ends.",
        contacts=[
            ContactData(
                name="Thomas Roux",
                position="Responsable de compte",
                email="thomas.roux@axiome-it.fr",
                phone="04 78 55 12 00",
            ),
            ContactData(
                name="Centre de services",
                position="Support N1",
                email="support@axiome-it.fr",
                phone="04 78 55 12 12",
            ),
        ],
    ),
    "durand": dict(
        name="Durand & Associés",
        kind=VendorKind.ACCOUNTING,
        siren="442178935",
        website="https://www.durand-associes.example",
        address="27 quai Saint-Vincent\n69001 Lyon",
        notes="Cabinet d'expertise comptable, pôle social de 6 gestionnaires de paie.",
        contacts=[
            ContactData(
                name="Isabelle Durand",
                position="Responsable du pôle social",
                email="i.durand@durand-associes.fr",
                phone="04 78 28 40 50",
            )
        ],
    ),
    "moreau": dict(
        name="Léa Moreau",
        kind=VendorKind.FREELANCE,
        siren="798456125",
        address="Villeurbanne",
        notes="Rédactrice B2B industrie, 8 ans d'expérience. Candidate pour les contenus marketing.",
        contacts=[
            ContactData(
                name="Léa Moreau",
                position="Rédactrice indépendante",
                email="contact@leamoreau.example",
                phone="06 12 34 56 78",
            )
        ],
    ),
    "plume": dict(
        name="Plume & Pixel",
        kind=VendorKind.AGENCY,
        siren="338712052",
        website="https://www.plume-pixel.example",
        address="8 cours Lafayette\n69003 Lyon",
        notes="Agence de contenus de 9 personnes. Candidate pour les contenus marketing.",
        contacts=[
            ContactData(
                name="Hugo Lambert", position="Directeur conseil", email="hugo@plume-pixel.example"
            )
        ],
    ),
}


@dataclass
class Engagement_:
    title: str
    function: str
    kind: str
    vendor: str | None
    referent: str
    objectives: str
    path: list[tuple[str, int, str]]  # (stage, days ago, note)
    stage_due_in_days: int | None = None
    # First day of the vendor's work: days ago, or a date when imported data fix it.
    started: int | dt.date | None = None
    extra: dict[str, object] = field(default_factory=dict)


ENGAGEMENTS = [
    Engagement_(
        title="ADV et recouvrement clients",
        function=Function.SALES_ADMIN,
        kind=EngagementKind.OUTSOURCING,
        vendor="recouvra",
        referent="julien.petit@ateliers-rhone.fr",
        objectives=(
            "Ramener le DSO de 68 à 50 jours d'ici juin 2027.\n"
            "Facturer sous 48 h après livraison.\n"
            "Envoyer 100 % des relances à échéance, selon le scénario validé.\n"
            "Décisions de blocage client et remises : restent chez le dirigeant."
        ),
        path=[
            (Stage.DIAGNOSTIC, 420, ""),
            (
                Stage.SPECIFICATION,
                390,
                "Périmètre validé : saisie des commandes, facturation, relances. Blocage client conservé en interne.",
            ),
            (Stage.SELECTION, 360, ""),
            (
                Stage.CONTRACT,
                320,
                "Recouvra retenu : références vérifiées (2 PME industrielles appelées).",
            ),
            (Stage.PILOT, 300, "Pilote de trois mois sur les clients France."),
            (Stage.RUN, 210, "Go : objectifs du pilote atteints (DSO 61 j, relances 97 %)."),
        ],
        started=VENDOR_START,
    ),
    Engagement_(
        title="Support informatique et infogérance",
        function=Function.IT_SUPPORT,
        kind=EngagementKind.OUTSOURCING,
        vendor="axiome",
        referent="sophie.bernard@ateliers-rhone.fr",
        objectives=(
            "GTI 1 h et GTR 4 h ouvrées pour les incidents bloquants (P1).\n"
            "Disponibilité de l'ERP de production ≥ 99,5 % sur les heures d'atelier.\n"
            "Sauvegardes testées chaque trimestre, plan de reprise documenté."
        ),
        path=[
            (Stage.DIAGNOSTIC, 870, ""),
            (Stage.SPECIFICATION, 840, ""),
            (Stage.SELECTION, 800, ""),
            (
                Stage.CONTRACT,
                770,
                "SLA signé avec pénalités, astreinte nuits et week-ends incluse.",
            ),
            (Stage.PILOT, 752, ""),
            (Stage.RUN, 660, ""),
        ],
        started=750,
    ),
    Engagement_(
        title="Paie en co-sourcing",
        function=Function.PAYROLL,
        kind=EngagementKind.CO_SOURCING,
        vendor="durand",
        referent="julien.petit@ateliers-rhone.fr",
        objectives=(
            "Bulletins justes du premier coup : moins de 1 % de bulletins corrigés.\n"
            "Variables saisies en interne avant le 20, bulletins émis le 26.\n"
            "DSN déposée sans rejet."
        ),
        path=[
            (Stage.DIAGNOSTIC, 150, ""),
            (
                Stage.SPECIFICATION,
                120,
                "Répartition : variables et absences en interne, contrôle et émission par le cabinet.",
            ),
            (Stage.SELECTION, 100, ""),
            (Stage.CONTRACT, 75, ""),
            (Stage.PILOT, 40, "Pilote sur trois paies (octobre à décembre) avec contrôle croisé."),
        ],
        stage_due_in_days=45,
        started=40,
    ),
    Engagement_(
        title="Contenus marketing et newsletter",
        function=Function.MARKETING,
        kind=EngagementKind.OUTSOURCING,
        vendor=None,
        referent="sophie.bernard@ateliers-rhone.fr",
        objectives=(
            "Deux articles techniques et une newsletter par mois.\n"
            "+30 % de demandes de devis entrantes sur l'usinage de précision en 12 mois.\n"
            "Taux de désabonnement de la newsletter < 0,5 % par envoi."
        ),
        path=[
            (Stage.DIAGNOSTIC, 60, ""),
            (Stage.SPECIFICATION, 35, ""),
            (
                Stage.SELECTION,
                12,
                "Trois candidats : deux agences et une freelance. Notés par Claire et Sophie.",
            ),
        ],
        stage_due_in_days=14,
    ),
    Engagement_(
        title="Refonte du site web",
        function=Function.WEB,
        kind=EngagementKind.ONE_OFF,
        vendor=None,
        referent="claire.martin@ateliers-rhone.fr",
        objectives="Un site qui génère des demandes de devis qualifiées, mis à jour par l'équipe sans prestataire.",
        path=[(Stage.DIAGNOSTIC, 5, "")],
        stage_due_in_days=40,
    ),
]


@dataclass
class Login:
    email: str
    role: str
    who: str


def _load_core(*, password: str) -> tuple[Organisation, list[Login]]:
    owner_email = PEOPLE[0][0]
    org = Organisation.objects.filter(slug=ORG_SLUG).first()
    owner = User.objects.filter(email=owner_email).first()
    logins = [Login(email, str(Role(role).label), who) for email, _f, _l, role, _v, who in PEOPLE]
    if org is not None:
        for email, *_rest in PEOPLE:
            user = User.objects.get(email=email)
            user.set_password(password)
            user.save(update_fields=["password"])
        return org, logins

    org = core_services.organisation_create(
        actor=None, name=ORG_NAME, slug=ORG_SLUG, siren="615372901"
    )
    email, first, last, role, _v, _who = PEOPLE[0]
    owner_membership = core_services.member_add(
        actor=None,
        org=org,
        email=email,
        first_name=first,
        last_name=last,
        role=role,
        password=password,
    )
    owner = owner_membership.user
    vendors = {
        key: eng_services.vendor_create(actor=owner, org=org, **data)  # type: ignore[arg-type]
        for key, data in VENDORS.items()
    }
    for email, first, last, role, vendor_key, _who in PEOPLE[1:]:
        core_services.member_add(
            actor=owner,
            org=org,
            email=email,
            first_name=first,
            last_name=last,
            role=role,
            vendor=vendors[vendor_key] if vendor_key else None,
            password=password,
        )
    today = timezone.localdate()
    for spec in ENGAGEMENTS:
        referent = User.objects.get(email=spec.referent)
        first_stage = spec.path[0][0]
        started = spec.started
        if isinstance(started, int):
            started = today - dt.timedelta(days=started)
        engagement = eng_services.engagement_create(
            actor=owner,
            org=org,
            title=spec.title,
            function=spec.function,
            kind=spec.kind,
            vendor=vendors[spec.vendor] if spec.vendor else None,
            referent=referent,
            objectives=spec.objectives,
            stage=first_stage,
            start_date=started,
        )
        for stage, _days, note in spec.path[1:]:
            due = None
            if stage == spec.path[-1][0] and spec.stage_due_in_days is not None:
                due = today + dt.timedelta(days=spec.stage_due_in_days)
            eng_services.engagement_change_stage(
                actor=referent, engagement=engagement, stage=stage, note=note, stage_due_on=due
            )
        if len(spec.path) == 1 and spec.stage_due_in_days is not None:
            eng_services.engagement_update(
                actor=owner,
                engagement=engagement,
                stage_due_on=today + dt.timedelta(days=spec.stage_due_in_days),
            )
        _backdate_history(engagement, spec.path)
    return org, logins


def _backdate_history(engagement: Engagement, path: list[tuple[str, int, str]]) -> None:
    """Give the demo's stage history the dates a real engagement would have had."""
    now = timezone.now()
    changes = list(engagement.stage_changes.order_by("at", "id"))
    for change, (_stage, days_ago, _note) in zip(changes, path, strict=True):
        StageChange.objects.filter(pk=change.pk).update(
            at=now - dt.timedelta(days=days_ago, hours=3)
        )
    Engagement.objects.filter(pk=engagement.pk).update(
        stage_changed_at=now - dt.timedelta(days=path[-1][1], hours=3)
    )


Step = Callable[[Organisation], None]
# Each capability adds its own demo data here (indicators, contracts, tickets…).
STEPS: list[Step] = []


def _sla(org: Organisation) -> None:
    from pilotage.sla import demo as sla_demo

    sla_demo.load(org)


STEPS.append(_sla)


def _cash(org: Organisation) -> None:
    from pilotage.cash import demo as cash_demo

    cash_demo.load(org)


STEPS.append(_cash)


def _kpis(org: Organisation) -> None:
    # After the cash and ticket steps: the computed indicators read their data.
    from pilotage.kpis import demo as kpis_demo

    kpis_demo.load(org)


STEPS.append(_kpis)


def _preparation(org: Organisation) -> None:
    # After the indicators (the pilot's criteria follow them); the candidates before the
    # specification, which is sent to each of them.
    from pilotage.diagnostics import demo as diagnostics_demo
    from pilotage.pilots import demo as pilots_demo
    from pilotage.selection import demo as selection_demo
    from pilotage.specifications import demo as specifications_demo

    diagnostics_demo.load(org)
    selection_demo.load(org)
    specifications_demo.load(org)
    pilots_demo.load(org)


STEPS.append(_preparation)


def _contracts_and_governance(org: Organisation) -> None:
    # After the indicators, service levels and cash: the committee's agenda reads them.
    from pilotage.contracts import demo as contracts_demo
    from pilotage.governance import demo as governance_demo

    contracts_demo.load(org)
    governance_demo.load(org)


STEPS.append(_contracts_and_governance)


def reset() -> None:
    org = Organisation.objects.filter(slug=ORG_SLUG).first()
    emails = [p[0] for p in PEOPLE]
    with transaction.atomic():
        if org is not None:
            org.delete()
        # People who belong to no other organisation go with it.
        User.objects.filter(email__in=emails).exclude(
            pk__in=Membership.objects.values("user_id")
        ).delete()


def load(*, password: str | None = None) -> tuple[Organisation, list[Login], str]:
    password = password or secrets.token_urlsafe(9)
    with transaction.atomic():
        existed = Organisation.objects.filter(slug=ORG_SLUG).exists()
        org, logins = _load_core(password=password)
        if not existed:
            for step in STEPS:
                step(org)
    return org, logins, password
