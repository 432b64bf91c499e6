"""The demo's specifications: the marketing one, published twice (v2 after the scoping
interviews) and sent to the three candidates with their own read links; the sales
administration one, published once before it went out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from pilotage.core.models import Membership, Organisation
from pilotage.engagements.models import Engagement, Function

from . import services
from .models import SpecShare

OWNER = "claire.martin@ateliers-rhone.fr"
COMPANY = (
    "Ateliers Mécaniques du Rhône : 40 personnes à Vénissieux, usinage de précision et "
    "sous-ensembles mécaniques pour l'aéronautique, le ferroviaire et le médical."
)


def _marketing(today: dt.date) -> dict[str, Any]:
    return {
        "context": {
            "company": COMPANY,
            "project": "Nos demandes de devis viennent presque toutes du bouche-à-oreille ; le site et la "
            "newsletter ne sont plus alimentés depuis 2024.",
        },
        "purpose": {
            "text": "Faire connaître notre savoir-faire en usinage de précision auprès des acheteurs "
            "industriels de la région, pour obtenir des demandes de devis qualifiées sans "
            "mobiliser nos ingénieurs plus d'une heure par semaine."
        },
        "objectives": {
            "items": [
                {
                    "kind": "business",
                    "text": "Demandes de devis entrantes sur l'usinage de précision",
                    "target": "+30 % en 12 mois",
                },
                {
                    "kind": "operational",
                    "text": "Régularité de publication",
                    "target": "2 articles et 1 newsletter par mois",
                },
                {
                    "kind": "qualitative",
                    "text": "Désabonnements de la newsletter",
                    "target": "moins de 0,5 % par envoi",
                },
            ]
        },
        "tasks": {
            "items": [
                "Proposer chaque mois un calendrier éditorial",
                "Interviewer nos techniciens et rédiger deux articles techniques",
                "Rédiger et envoyer la newsletter mensuelle",
                "Publier sur LinkedIn trois fois par mois",
            ]
        },
        "deliverables": {
            "items": [
                {
                    "name": "Calendrier éditorial",
                    "form": "Tableau partagé",
                    "frequency": "monthly",
                    "deadline": None,
                    "criterion": "Validé par Sophie avant le 25 du mois précédent",
                },
                {
                    "name": "Articles techniques",
                    "form": "Texte de 800 à 1 200 mots, 2 visuels",
                    "frequency": "monthly",
                    "deadline": None,
                    "criterion": "Relus et validés par un ingénieur, zéro erreur technique",
                },
                {
                    "name": "Newsletter",
                    "form": "Envoi Brevo",
                    "frequency": "monthly",
                    "deadline": None,
                    "criterion": "Envoyée le premier mardi du mois",
                },
            ]
        },
        "tools": {
            "items": ["Brevo pour la newsletter", "WordPress du site", "Charte graphique 2023"],
            "none_imposed": False,
        },
        "constraints": {
            "text": "Aucune donnée client nommée sans accord écrit ; plans et cotes jamais publiés.",
            "none": False,
        },
        "calendar": {
            "start": (today + dt.timedelta(days=45)).isoformat(),
            "milestones": [
                {
                    "date": (today + dt.timedelta(days=60)).isoformat(),
                    "label": "Premier article publié",
                },
                {
                    "date": (today + dt.timedelta(days=135)).isoformat(),
                    "label": "Bilan des trois premiers mois",
                },
            ],
        },
        "referents": {
            "client": [
                {
                    "name": "Sophie Bernard",
                    "role": "Référente marketing",
                    "email": "sophie.bernard@ateliers-rhone.fr",
                    "phone": "04 72 00 00 12",
                }
            ],
            "vendor": [],
            "vendor_to_name": True,
        },
        "followup": {
            "weekly_point": False,
            "monthly_committee": True,
            "quarterly_review": True,
            "yearly_review": True,
            "others": [{"name": "Point éditorial", "rhythm": "toutes les deux semaines, 30 min"}],
            "channel": "Un fil de messagerie partagé ; les demandes passent par Sophie.",
            "validation": "Chaque livrable est validé par Sophie sous 3 jours ouvrés ; sans réponse, il est réputé validé.",
        },
        "indicators": {
            "items": [
                {
                    "code": "leads_generated",
                    "name": "Demandes de devis générées",
                    "target": "12 par mois",
                },
                {
                    "code": "output_regularity",
                    "name": "Régularité de publication",
                    "target": "100 % du calendrier",
                },
                {"code": "unsubscribe_rate", "name": "Taux de désabonnement", "target": "< 0,5 %"},
            ]
        },
    }


def _adv() -> dict[str, Any]:
    return {
        "context": {
            "company": COMPANY,
            "project": "La facturation et les relances passent après l'atelier ; le DSO dépasse 70 jours.",
        },
        "purpose": {
            "text": "Encaisser à l'heure sans que la dirigeante relance elle-même, en gardant les décisions de crédit et les grands comptes."
        },
        "objectives": {
            "items": [
                {"kind": "business", "text": "DSO", "target": "60 jours ou moins en 6 mois"},
                {
                    "kind": "operational",
                    "text": "Délai entre livraison et facture",
                    "target": "2 jours ouvrés au plus",
                },
                {
                    "kind": "operational",
                    "text": "Relances faites à l'échéance",
                    "target": "95 % au moins",
                },
            ]
        },
        "tasks": {
            "items": [
                "Saisie des commandes",
                "Facturation",
                "Relances standards",
                "Suivi des encaissements et lettrage",
            ]
        },
        "deliverables": {
            "items": [
                {
                    "name": "Balance âgée commentée",
                    "form": "PDF et XLSX",
                    "frequency": "monthly",
                    "deadline": None,
                    "criterion": "Remise le 5 du mois, chaque retard de plus de 30 jours expliqué",
                },
            ]
        },
        "tools": {"items": ["ERP Sage 100", "Export FEC mensuel"], "none_imposed": False},
        "constraints": {
            "text": "Les grands comptes et les blocages de clients restent chez nous.",
            "none": False,
        },
        "referents": {
            "client": [
                {
                    "name": "Julien Petit",
                    "role": "Référent ADV",
                    "email": "julien.petit@ateliers-rhone.fr",
                    "phone": "",
                }
            ],
            "vendor": [],
            "vendor_to_name": True,
        },
        "followup": {
            "weekly_point": True,
            "monthly_committee": True,
            "quarterly_review": True,
            "yearly_review": True,
            "others": [],
            "channel": "Par Julien",
            "validation": "Balance âgée validée en comité mensuel.",
        },
        "indicators": {
            "items": [
                {"code": "dso", "name": "DSO", "target": "60 j"},
                {"code": "paid_on_time", "name": "Factures payées à l'échéance", "target": "80 %"},
            ]
        },
    }


def _write(owner, engagement: Engagement, sections: dict[str, Any]) -> None:
    for slug, data in sections.items():
        services.section_save(actor=owner, engagement=engagement, section=slug, data=data)


def load(org: Organisation) -> None:
    owner = Membership.objects.get(organisation=org, user__email=OWNER).user
    engagements = {e.function: e for e in org.engagements.all()}
    today = timezone.localdate()

    adv = engagements[Function.SALES_ADMIN]
    _write(owner, adv, _adv())
    services.version_publish(actor=owner, engagement=adv, note="Version envoyée aux candidats.")

    marketing = engagements[Function.MARKETING]
    first = _marketing(today)
    first["objectives"]["items"] = first["objectives"]["items"][:2]
    first["followup"]["weekly_point"] = True
    _write(owner, marketing, first)
    services.version_publish(actor=owner, engagement=marketing, note="Première version.")
    _write(owner, marketing, _marketing(today))
    services.version_publish(
        actor=owner,
        engagement=marketing,
        note="Après les entretiens : objectif de désabonnement ajouté, point hebdomadaire remplacé par un point éditorial.",
    )
    for candidate in marketing.candidates.select_related("vendor"):
        share = services.share_create(actor=owner, engagement=marketing, vendor=candidate.vendor)
        if candidate.vendor.name != "Croissance 360":
            SpecShare.objects.filter(pk=share.pk).update(
                read_count=2, last_read_at=timezone.now() - dt.timedelta(days=5)
            )
