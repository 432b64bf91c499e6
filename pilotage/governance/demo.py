"""The demo's governance: on the sales administration engagement (ADV, held by Recouvra) a
monthly steering committee running for a year, its past meetings held with minutes
(attendees, notes, decisions, actions: some done, some open and overdue, some held by the
vendor), the next committee ahead with its agenda prepared live, and a weekly point; on IT
support a quarterly review. Dates are computed from today; loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from pilotage.core.models import Membership, Organisation
from pilotage.engagements.models import Function

from . import cadence as cadence_rules
from . import recurrence, services
from .models import Cadence, Meeting, MeetingKind, Side

OWNER = "claire.martin@ateliers-rhone.fr"
REFERENT = "julien.petit@ateliers-rhone.fr"
VENDOR = "nadia.haddad@recouvra.fr"

# One line per past committee, oldest first: notes, decisions (title, why), actions
# (title, who: "referent", "owner", "vendor" for Nadia, "team" for Recouvra as a whole).
MINUTES = [
    (
        "Bilan du premier mois : reprise du portefeuille terminée, 412 clients relancés.",
        [("Valider le calendrier de relance à J+5, J+15, J+30", "Aligné sur les CGV.")],
        [("Transmettre la liste des clients sensibles", "referent")],
    ),
    (
        "Le DSO baisse de 3 jours. Deux litiges remontés tardivement.",
        [("Les litiges sont signalés sous 48 h", "Éviter les relances sur factures contestées.")],
        [("Mettre en place le signalement des litiges sous 48 h", "vendor")],
    ),
    (
        "Taux de factures payées à l'échéance : 71 %. Objectif 80 %.",
        [("Relance téléphonique des 20 plus gros encours", "Ils pèsent 60 % du retard.")],
        [
            ("Lister les 20 plus gros encours chaque mois", "team"),
            ("Mettre à jour les coordonnées comptables", "owner"),
        ],
    ),
    (
        "Revue des pénalités : aucune ce mois-ci.",
        [("Maintenir le comité mensuel à 9 h 30 le 2e mardi", "Disponibilité de la direction.")],
        [("Envoyer le compte rendu sous 2 jours ouvrés", "vendor")],
    ),
]


def _person(org: Organisation, email: str):
    m = (
        Membership.objects.filter(organisation=org, user__email=email)
        .select_related("user")
        .first()
    )
    return m.user if m else None


def _first_tuesday_at(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    second_tuesday = recurrence.nth_weekday(day.year, day.month, 1, 2)
    return dt.datetime.combine(second_tuesday, dt.time(9, 30), tzinfo=zone)


def _past_committees(org, engagement, owner, referent, vendor_user, today: dt.date) -> None:
    zone = ZoneInfo(org.timezone or "Europe/Paris")
    year, month = recurrence.add_months(today.year, today.month, -12)
    first = _first_tuesday_at(dt.date(year, month, 1), zone)
    cadence = Cadence.objects.create(
        engagement=engagement,
        kind=MeetingKind.COMMITTEE,
        first_at=first,
        duration_minutes=90,
        location="Salle du conseil, Lyon · visio pour Recouvra",
        created_by=owner,
    )
    now = timezone.now()
    held = [
        (i, when)
        for i, when in recurrence.occurrences(first, recurrence.MONTHLY, today)
        if when < now - dt.timedelta(hours=3)
    ]
    for n, (index, when) in enumerate(held):
        meeting = Meeting.objects.create(
            engagement=engagement,
            cadence=cadence,
            sequence=index + 1,
            kind=MeetingKind.COMMITTEE,
            scheduled_at=when,
            duration_minutes=90,
            location=cadence.location,
        )
        for user in (owner, referent, vendor_user):
            if user is not None:
                services.attendee_add(actor=referent, meeting=meeting, user=user)
        services.attendee_add(
            actor=referent, meeting=meeting, name="Sophie Garnier (DAF)", side=Side.INSIDE
        )
        notes, decisions, actions = MINUTES[n % len(MINUTES)]
        services.notes_save(actor=referent, meeting=meeting, notes=notes)
        day = timezone.localtime(when).date()
        for title, why in decisions:
            services.decision_create(
                actor=referent,
                engagement=engagement,
                meeting=meeting,
                title=title,
                decided_by="Comité de pilotage",
                reasons=why,
                decided_on=day,
            )
        recent = len(held) - n <= 3  # the last three committees' actions are still open
        for title, who in actions:
            owner_of = {"referent": referent, "owner": owner, "vendor": vendor_user, "team": None}[
                who
            ]
            action = services.action_create(
                actor=referent,
                engagement=engagement,
                meeting=meeting,
                title=title,
                owner=owner_of,
                held_by_vendor=who in ("vendor", "team"),
                due_on=day + dt.timedelta(days=14),
            )
            if not recent:
                services.action_status(
                    actor=owner_of or vendor_user or referent,
                    action=action,
                    status="done",
                    today=day + dt.timedelta(days=15),
                )
        services.minutes_close(actor=referent, meeting=meeting, today=day)
    cadence_rules.extend(cadence, today)


def load(org: Organisation) -> None:
    if Cadence.objects.filter(engagement__organisation=org).exists():
        return
    owner = _person(org, OWNER)
    referent = _person(org, REFERENT) or owner
    vendor_user = _person(org, VENDOR)
    today = timezone.localdate()
    zone = ZoneInfo(org.timezone or "Europe/Paris")
    sales = org.engagements.filter(function=Function.SALES_ADMIN).first()
    if sales is not None and owner is not None:
        _past_committees(org, sales, owner, referent, vendor_user, today)
        monday = today + dt.timedelta(days=7 - today.weekday())
        services.cadence_create(
            actor=referent,
            engagement=sales,
            kind=MeetingKind.WEEKLY,
            first_at=dt.datetime.combine(monday, dt.time(14, 0), tzinfo=zone),
            duration_minutes=30,
            location="Visio",
        )
    it = org.engagements.filter(function=Function.IT_SUPPORT).first()
    if it is not None and owner is not None:
        first = dt.datetime.combine(today + dt.timedelta(days=24), dt.time(10, 0), tzinfo=zone)
        services.cadence_create(
            actor=owner,
            engagement=it,
            kind=MeetingKind.QUARTERLY,
            first_at=first,
            duration_minutes=120,
            location="Salle du conseil",
        )
    from . import demo_requests  # requests, relationship audits, calendar feed

    demo_requests.load(org)
