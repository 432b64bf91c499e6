"""The demo's selection: the marketing engagement compares three candidates — an agency, a
freelance and an agency selling a catalogue offer — scored by the owner and the referent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from pilotage.core.models import Membership, Organisation
from pilotage.engagements.models import Function, VendorKind

from . import services
from .models import InteractionKind, QuoteBasis, Verdict

OWNER = "claire.martin@ateliers-rhone.fr"

# name, kind, quote per month, notes
CANDIDATES = [
    (
        "Plume & Pixel",
        VendorKind.AGENCY,
        "2400",
        "Agence lyonnaise, 9 personnes, clients industriels.",
    ),
    (
        "Léa Fontaine",
        VendorKind.FREELANCE,
        "1350",
        "Rédactrice technique indépendante, ancienne ingénieure méthodes.",
    ),
    (
        "Croissance 360",
        VendorKind.AGENCY,
        "1900",
        "Offre « pack contenu PME » identique pour tous.",
    ),
]
# Each reviewer's marks (0–5) per criterion code, in the order of CANDIDATES.
MARKS = {
    OWNER: {
        "expertise": (4, 4, 2),
        "references": (5, 3, 1),
        "method": (4, 3, 2),
        "understanding": (4, 5, 1),
        "durability": (4, 2, 2),
        "price": (2, 4, 3),
    },
    "sophie.bernard@ateliers-rhone.fr": {
        "expertise": (4, 5, 2),
        "references": (4, 3, 1),
        "method": (5, 2, 3),
        "understanding": (3, 5, 2),
        "durability": (4, 1, 3),
        "price": (2, 5, 3),
    },
}
COMMENTS = {
    (OWNER, 1, "durability"): "Seule : si elle tombe malade, plus de newsletter.",
    (
        "sophie.bernard@ateliers-rhone.fr",
        0,
        "method",
    ): "Calendrier éditorial et relecture en deux temps, très clair.",
}
FLAGS = [
    (2, "generic_offer", "Même proposition que celle reçue par un confrère."),
    (2, "big_promises", "« 100 leads par mois » annoncés sans question sur nos clients."),
]


def load(org: Organisation) -> None:
    people = {
        m.user.email: m.user
        for m in Membership.objects.filter(organisation=org).select_related("user")
    }
    owner = people[OWNER]
    engagement = org.engagements.get(function=Function.MARKETING)
    criteria = {c.code: c for c in services.criteria_ensure(actor=owner, engagement=engagement)}
    candidates = [
        services.candidate_add(
            actor=owner,
            engagement=engagement,
            vendor_name=name,
            vendor_kind=kind,
            status="shortlisted",
            quote_amount=Decimal(quote),
            quote_basis=QuoteBasis.MONTH,
            notes=notes,
        )
        for name, kind, quote, notes in CANDIDATES
    ]
    for email in MARKS:
        services.reviewer_add(actor=owner, engagement=engagement, user=people[email])
    for email, marks in MARKS.items():
        cells = [
            services.ScoreInput(
                candidate=candidates[i].pk,
                criterion=criteria[code].pk,
                value=str(values[i]),
                comment=COMMENTS.get((email, i, code), ""),
            )
            for code, values in marks.items()
            for i in range(len(candidates))
        ]
        services.scores_save(actor=people[email], engagement=engagement, scores=cells, submit=True)
    for i, code, note in FLAGS:
        services.flag_raise(actor=owner, candidate=candidates[i], code=code, note=note)
    today = timezone.localdate()
    services.interaction_add(
        actor=owner,
        candidate=candidates[0],
        kind=InteractionKind.REFERENCE_CALL,
        held_on=today - dt.timedelta(days=6),
        with_whom="Marc Girard, responsable marketing",
        reference_company="Fonderie Bréval (60 salariés)",
        comparable=True,
        summary="Deux ans de collaboration ; délais tenus, articles relus par leurs ingénieurs.",
        verdict=Verdict.POSITIVE,
    )
    services.interaction_add(
        actor=people["sophie.bernard@ateliers-rhone.fr"],
        candidate=candidates[1],
        kind=InteractionKind.SCOPING,
        held_on=today - dt.timedelta(days=4),
        with_whom="Léa Fontaine",
        summary="A posé dix questions sur l'usinage de précision et nos clients ; propose un test sur deux articles.",
        verdict=Verdict.POSITIVE,
    )
    services.interaction_add(
        actor=owner,
        candidate=candidates[2],
        kind=InteractionKind.SCOPING,
        held_on=today - dt.timedelta(days=3),
        with_whom="Kevin Morel, commercial",
        summary="Présentation d'un pack standard ; aucune question sur nos clients ni nos délais.",
        verdict=Verdict.NEGATIVE,
    )
