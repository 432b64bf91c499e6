"""The demo's contracts, dated from the day the demo is loaded so that it stays right:

* ADV (Recouvra): 12 months renewed tacitly, 3 months' notice, its notice deadline 10 to 25
  days ahead (on the home page, and an alert would go); reversibility absent (flagged).
* IT (Axiome): 36 months, 6 months' notice, one amendment (24/7 monitoring added), shared
  with the vendor; exit costs still to negotiate.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from pilotage.core.models import Membership, Organisation
from pilotage.engagements.models import Function

from . import services, terms
from .models import Contract

OWNER = "claire.martin@ateliers-rhone.fr"

ADV_CLAUSES = {
    "performance": (
        "present",
        "10 % des honoraires liés au DSO et au taux de relances à échéance.",
    ),
    "confidentiality": ("present", "Toute la durée du contrat et 5 ans après."),
    "reversibility": (
        "absent",
        "Rien sur la restitution des fichiers clients ni sur la passation : à ajouter par avenant.",
    ),
    "hardship": ("present", ""),
    "gdpr": ("present", "Recouvra sous-traitant ; pas de transfert hors UE."),
    "audit": ("present", "Un audit par an, préavis de 15 jours."),
    "service_levels": (
        "present",
        "Factures émises sous 48 h, relances J+1 ; pénalités plafonnées.",
    ),
    "volumes": ("present", "Forfait jusqu'à 400 factures par mois, puis 2,50 € la facture."),
    "ip": ("unknown", ""),
    "exit_costs": ("present", "Aucune indemnité de sortie au terme."),
}
IT_CLAUSES = {
    "performance": ("present", "5 % de la redevance liés à la GTR des incidents P1."),
    "confidentiality": ("present", ""),
    "reversibility": (
        "present",
        "Restitution des mots de passe, de la documentation et des scripts ; 2 mois de transition.",
    ),
    "hardship": ("present", ""),
    "gdpr": ("present", "Hébergement en France ; liste des sous-traitants en annexe 4."),
    "audit": ("present", ""),
    "service_levels": (
        "present",
        "GTI 1 h, GTR 4 h ouvrées (P1) ; pénalités de 2 % par manquement.",
    ),
    "volumes": ("absent", ""),
    "ip": ("present", ""),
    "exit_costs": (
        "negotiate",
        "Axiome demande 3 mois de redevance en cas de sortie anticipée : à ramener à 1 mois.",
    ),
}


def _adv_start(today: dt.date) -> dt.date:
    """A start whose first notice deadline falls 18 days ahead (or as near as the calendar
    allows, always within 10 to 25 days)."""
    best = today - dt.timedelta(days=260)
    for back in range(200, 400):
        start = today - dt.timedelta(days=back)
        t = terms.Terms(start, 12, None, True, 3, "months")
        deadline = terms.status(t, today).notice_deadline
        if deadline is not None and (deadline - today).days == 18:
            return start
        if deadline is not None and 10 <= (deadline - today).days <= 25:
            best = start
    return best


def _checklist(owner, contract: Contract, values: dict[str, tuple[str, str]]) -> None:
    services.clauses_save(
        actor=owner,
        contract=contract,
        items={k: services.ClauseData(status, note) for k, (status, note) in values.items()},
    )


def load(org: Organisation) -> None:
    if Contract.objects.filter(engagement__organisation=org).exists():
        return  # loaded already
    owner = Membership.objects.get(organisation=org, user__email=OWNER).user
    today = timezone.localdate()
    adv = org.engagements.get(function=Function.SALES_ADMIN)
    start = _adv_start(today)
    contract = services.contract_create(
        actor=owner,
        engagement=adv,
        reference=f"RC-{start.year}-ADV-01",
        title="Prestation d'administration des ventes et de recouvrement",
        signed_on=start - dt.timedelta(days=21),
        starts_on=start,
        initial_term_months=12,
        renewal_term_months=12,
        tacit_renewal=True,
        notice_amount=3,
        notice_unit="months",
        fixed_monthly_fee=Decimal("2850.00"),
        variable_fee="2,50 € HT par facture au-delà de 400 par mois",
        performance_share=Decimal("10"),
        payment_terms="45 jours fin de mois, par virement",
        alert_offsets=[90, 30, 7],
        notes="Renégocier le plafond de pénalités et ajouter la réversibilité avant le renouvellement.",
        today=today,
    )
    _checklist(owner, contract, ADV_CLAUSES)

    it = org.engagements.get(function=Function.IT_SUPPORT)
    it_start = (today - dt.timedelta(days=750)).replace(day=1)
    main = services.contract_create(
        actor=owner,
        engagement=it,
        reference=f"AX-INFOG-{it_start.year}-007",
        title="Contrat d'infogérance et de support utilisateurs",
        signed_on=it_start - dt.timedelta(days=18),
        starts_on=it_start,
        initial_term_months=36,
        renewal_term_months=12,
        tacit_renewal=True,
        notice_amount=6,
        notice_unit="months",
        fixed_monthly_fee=Decimal("3400.00"),
        variable_fee="95 € HT par intervention sur site hors forfait",
        performance_share=Decimal("5"),
        payment_terms="30 jours date de facture",
        alert_offsets=[120, 60, 30, 7],
        notes="Comparer avec deux autres ESN six mois avant l'échéance.",
        today=today,
    )
    _checklist(owner, main, IT_CLAUSES)
    services.amendment_create(
        actor=owner,
        contract=main,
        reference=f"AX-INFOG-{it_start.year}-007-AV1",
        title="Avenant n° 1 : supervision 24/7 et astreinte week-end",
        signed_on=it_start + dt.timedelta(days=320),
        starts_on=(it_start + dt.timedelta(days=340)).replace(day=1),
        fixed_monthly_fee=Decimal("3950.00"),
        variable_fee="95 € HT par intervention sur site hors forfait",
        performance_share=Decimal("5"),
        payment_terms="30 jours date de facture",
        notes="Ajoute la supervision 24/7 de l'ERP et l'astreinte du week-end ; redevance portée à 3 950 € HT.",
        today=today,
    )
    services.contract_share(actor=owner, contract=main, shared=True)
