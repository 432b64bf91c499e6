"""The demo's diagnostics: the sales administration one, concluded before it went out, and
the website one, under way (activities listed, some still to class, readiness half answered)."""

from __future__ import annotations

from decimal import Decimal

from pilotage.core.models import Membership, Organisation, User
from pilotage.engagements.models import Engagement, Function

from . import services

OWNER = "claire.martin@ateliers-rhone.fr"

# name, hours a month, of which the leader's, volume, unit, class, documented, done by
ADV = [
    ("Saisie des commandes", "30", "2", 420, "commandes", "repetitive", "yes", "Nathalie (ADV)"),
    ("Facturation", "24", "1", 380, "factures", "repetitive", "yes", "Nathalie (ADV)"),
    (
        "Relances standards",
        "16",
        "4",
        150,
        "relances",
        "repetitive",
        "partly",
        "Nathalie, puis Claire",
    ),
    (
        "Suivi des encaissements et lettrage",
        "12",
        "2",
        None,
        "",
        "repetitive",
        "yes",
        "Comptabilité",
    ),
    ("Litiges clients", "8", "3", 12, "litiges", "sensitive", "partly", "Claire"),
    ("Blocage d'un client", "2", "2", 3, "décisions", "sensitive", "no", "Claire"),
    ("Décisions de crédit", "3", "3", None, "", "strategic", "no", "Claire"),
    ("Relation avec les grands comptes", "10", "6", 8, "comptes", "strategic", "partly", "Claire"),
]
ADV_READINESS = {
    "firefighting": "yes",
    "firefighting_note": "Les relances passent après l'atelier : 3 à 4 semaines de retard certains mois.",
    "scope": "partly",
    "scope_note": "Le blocage client et les grands comptes restent chez nous ; le reste est à trancher.",
    "indicators": "no",
    "indicators_note": "DSO calculé à la main une fois par trimestre.",
    "procedures": "partly",
    "procedures_note": "Facturation écrite ; relances dans la tête de Nathalie.",
}
ADV_RISKS = {
    "quality_likelihood": "medium",
    "quality_impact": "medium",
    "quality_cost": Decimal("4000"),
    "quality_mitigation": "Contrôle croisé des 50 premières factures pendant le pilote.",
    "cash_likelihood": "medium",
    "cash_impact": "high",
    "cash_cost": Decimal("15000"),
    "cash_mitigation": "Pilote de trois mois sur les clients France ; DSO suivi chaque mois.",
    "image_likelihood": "low",
    "image_impact": "high",
    "image_cost": None,
    "image_mitigation": "Les grands comptes ne sont relancés que par nous.",
}

WEB = [
    ("Mises à jour des contenus", "6", "2", 10, "pages", "repetitive", "partly", "Claire"),
    (
        "Maintenance technique et sécurité du site",
        "3",
        "1",
        None,
        "",
        "repetitive",
        "no",
        "personne",
    ),
    ("Choix de l'arborescence et du message", "4", "4", None, "", "strategic", "no", "Claire"),
    ("Référencement naturel", "5", "1", None, "", "", "no", "personne"),
    ("Traitement des demandes de devis du site", "8", "3", 25, "demandes", "", "yes", "Julien"),
]
WEB_READINESS = {
    "firefighting": "partly",
    "scope": "no",
    "scope_note": "Faut-il garder la rédaction ? À trancher avec Julien.",
}


def _activities(owner: User, engagement: Engagement, rows: list[tuple]) -> None:
    for name, hours, leader, volume, unit, category, documented, done_by in rows:
        services.activity_create(
            actor=owner,
            engagement=engagement,
            name=name,
            hours=Decimal(hours),
            leader_hours=Decimal(leader),
            volume=volume,
            volume_unit=unit,
            category=category,
            documented=documented,
            done_by=done_by,
        )


def load(org: Organisation) -> None:
    owner = Membership.objects.get(organisation=org, user__email=OWNER).user
    engagements = {e.function: e for e in org.engagements.all()}

    adv = engagements[Function.SALES_ADMIN]
    _activities(owner, adv, ADV)
    services.readiness_update(actor=owner, engagement=adv, answers=ADV_READINESS)
    services.risks_update(actor=owner, engagement=adv, data=ADV_RISKS)
    services.diagnostic_conclude(actor=owner, engagement=adv)

    web = engagements[Function.WEB]
    _activities(owner, web, WEB)
    services.readiness_update(actor=owner, engagement=web, answers=WEB_READINESS)
