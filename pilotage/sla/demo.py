"""A year of IT-support tickets for the demo's IT engagement, imported like the vendor's own export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pilotage.core.models import Organisation, User
from pilotage.engagements.models import Engagement, Function

from . import services
from .imports import run_import

PARIS = ZoneInfo("Europe/Paris")
TITLES = {
    1: [
        "ERP de production inaccessible",
        "Serveur de fichiers hors service",
        "Panne réseau atelier",
        "Messagerie indisponible",
    ],
    2: [
        "Imprimante étiquettes expédition bloquée",
        "VPN commerciaux en échec",
        "Lenteurs ERP au chiffrage",
        "Poste CAO ne démarre plus",
    ],
    3: [
        "Imprimante atelier 2 hors ligne",
        "Mot de passe expiré",
        "Écran bureau d'études défectueux",
        "Accès dossier qualité",
        "Outlook ne synchronise plus",
        "Scanner comptabilité",
        "Téléphone IP muet",
        "Wi-Fi salle de réunion",
    ],
    4: [
        "Création compte nouvel arrivant",
        "Installation logiciel de mesure",
        "Demande d'un second écran",
        "Mise à jour Acrobat",
        "Droits dossier commercial",
        "Renouvellement clavier",
    ],
}
TOOL_PRIORITY = {1: "Très haute", 2: "Haute", 3: "Moyenne", 4: "Basse"}


def _tickets_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "N° ticket",
            "Titre",
            "Statut",
            "Priorité",
            "Ouverture",
            "Prise en charge",
            "Résolution",
        ]
    )
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def load(org: Organisation) -> None:
    engagement = Engagement.objects.filter(organisation=org, function=Function.IT_SUPPORT).first()
    if engagement is None:
        return
    actor = User.objects.get(email="sophie.bernard@ateliers-rhone.fr")
    working = services.calendar_save(
        actor=actor,
        org=org,
        name="Heures ouvrées Lyon",
        weekly_hours={str(d): [["08:00", "12:00"], ["13:30", "18:00"]] for d in range(5)},
        timezone="Europe/Paris",
        holiday_country="FR",
        subdivision="",
        closed_days=[],
        open_days=[],
    )
    always = services.calendar_save(
        actor=actor,
        org=org,
        name="24/7 (astreinte)",
        weekly_hours={str(d): [["00:00", "24:00"]] for d in range(7)},
        timezone="Europe/Paris",
        holiday_country="",
        subdivision="",
        closed_days=[],
        open_days=[],
    )
    services.policy_save(
        actor=actor,
        engagement=engagement,
        priorities=services.default_priorities(working, always),
        compliance_target=Decimal("95"),
        pause_statuses=list(services.DEFAULT_PAUSES),
        penalty_mode="service_credit",
        amount_per_ticket=Decimal(0),
        amount_per_hour=Decimal(0),
        monthly_fee=Decimal("3800"),
        cap_percent=Decimal("15"),
        credit_tiers=list(services.DEFAULT_TIERS),
    )
    rng = np.random.default_rng(42)
    now = timezone.now()
    start = (
        (now - dt.timedelta(days=365))
        .astimezone(PARIS)
        .replace(hour=0, minute=0, second=0, microsecond=0)
    )
    cal_work, cal_always = working.engine(), always.engine()
    targets = {
        p: (gti, gtr)
        for p, gti, gtr in [(1, 60, 240), (2, 120, 480), (3, 240, 960), (4, 480, 2400)]
    }
    rows, pauses = [], []
    number = 24000
    day = start
    while day < now:
        if day.weekday() < 5:
            # Busier in September and January, quieter in August; a rough patch in February
            # (the vendor's senior technician left) gives the chart something to say.
            month_factor = {8: 0.4, 9: 1.4, 1: 1.3, 2: 1.2}.get(day.month, 1.0)
            for _ in range(rng.poisson(6 * month_factor)):
                number += 1
                priority = int(rng.choice([1, 2, 3, 4], p=[0.03, 0.15, 0.6, 0.22]))
                opened = day + dt.timedelta(seconds=int(rng.uniform(7.5 * 3600, 18 * 3600)))
                if opened >= now:
                    continue
                cal = cal_always if priority == 1 else cal_work
                gti, gtr = targets[priority]
                strain = 1.8 if day.month == 2 else 1.0
                take = float(rng.gamma(2.0, gti * 60 * 0.15 * strain))
                restore = take + float(rng.gamma(2.0, gtr * 60 * 0.16 * strain))
                taken = (
                    cal.add_business_seconds([opened], [take])[0]
                    .astype(dt.datetime)
                    .replace(tzinfo=dt.UTC)
                )
                resolved = (
                    cal.add_business_seconds([opened], [restore])[0]
                    .astype(dt.datetime)
                    .replace(tzinfo=dt.UTC)
                )
                waiting = priority >= 3 and rng.random() < 0.12
                if waiting:
                    wait_from = taken + dt.timedelta(minutes=20)
                    wait_until = wait_from + dt.timedelta(hours=float(rng.uniform(2, 40)))
                    resolved = resolved + (wait_until - wait_from)
                    pauses.append([str(number), _fmt(wait_from), _fmt(wait_until)])
                status = "Clos"
                if resolved > now:
                    resolved, status = None, "En cours (Attribué)"
                if taken > now:
                    taken = None
                rows.append(
                    [
                        str(number),
                        rng.choice(TITLES[priority]),
                        status,
                        TOOL_PRIORITY[priority],
                        _fmt(opened),
                        _fmt(taken),
                        _fmt(resolved),
                    ]
                )
        day += dt.timedelta(days=1)
    _import(
        actor,
        engagement,
        "axiome-tickets-12-mois.csv",
        _tickets_csv(rows),
        "tickets",
        mapping={
            "id": "N° ticket",
            "title": "Titre",
            "status": "Statut",
            "priority": "Priorité",
            "opened": "Ouverture",
            "taken": "Prise en charge",
            "resolved": "Résolution",
        },
    )
    pause_csv = io.StringIO()
    writer = csv.writer(pause_csv, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Ticket", "Début attente", "Fin attente"])
    writer.writerows(pauses)
    _import(
        actor,
        engagement,
        "attentes-client.csv",
        pause_csv.getvalue().encode("utf-8"),
        "pauses",
        mapping={"id": "Ticket", "paused_from": "Début attente", "paused_until": "Fin attente"},
    )


def _fmt(value: dt.datetime | None) -> str:
    return value.astimezone(PARIS).strftime("%d/%m/%Y %H:%M") if value else ""


def _import(
    actor: User,
    engagement: Engagement,
    name: str,
    content: bytes,
    kind: str,
    mapping: dict | None = None,
) -> None:
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    job = services.import_upload(
        actor=actor, engagement=engagement, upload=upload, kind=kind, tz="Europe/Paris"
    )
    chosen = mapping or {k: v for k, v in job.mapping.items() if not k.startswith("_")}
    services.import_start(actor=actor, job=job, mapping=chosen)
    run_import(job.pk)
