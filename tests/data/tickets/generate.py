"""Regenerate the ticket fixtures of this folder (plain Python 3.11 + openpyxl for the XLSX).

    .venv/bin/python tests/data/tickets/generate.py

Deterministic (fixed seeds). It writes the files exactly as each tool writes them (see
README.md for the sources); the expected figures are computed separately, from the
written files, by expected.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC
HOLIDAYS = {dt.date(2026, 11, 1), dt.date(2026, 11, 11)}  # the ones inside Sept–Nov 2026
HOURS = ((dt.time(8, 0), dt.time(12, 0)), (dt.time(13, 30), dt.time(18, 0)))
TARGETS = {
    1: (3600, 4 * 3600),
    2: (2 * 3600, 8 * 3600),
    3: (4 * 3600, 16 * 3600),
    4: (8 * 3600, 40 * 3600),
}


def L(y, m, d, h=0, mi=0, s=0, fold=0) -> dt.datetime:
    """A Paris wall-clock time as an aware UTC instant."""
    return dt.datetime(y, m, d, h, mi, s, tzinfo=PARIS, fold=fold).astimezone(UTC)


def local(t: dt.datetime) -> dt.datetime:
    return t.astimezone(PARIS)


def open_intervals(day: dt.date):
    if day.weekday() >= 5 or day in HOLIDAYS:
        return []
    return [
        (
            dt.datetime.combine(day, a, PARIS).astimezone(UTC),
            dt.datetime.combine(day, b, PARIS).astimezone(UTC),
        )
        for a, b in HOURS
    ]


def add_business(start: dt.datetime, seconds: float) -> dt.datetime:
    day = local(start).date()
    left = seconds
    while True:
        for a, b in open_intervals(day):
            a = max(a, start)
            if b <= a:
                continue
            span = (b - a).total_seconds()
            if left <= span:
                return a + dt.timedelta(seconds=left)
            left -= span
        day += dt.timedelta(days=1)


def trunc_minute(t: dt.datetime) -> dt.datetime:
    return t.replace(second=0, microsecond=0)


@dataclass
class T:
    level: int
    title: str
    opened: dt.datetime
    taken: dt.datetime | None
    resolved: dt.datetime | None
    pauses: list[tuple[dt.datetime, dt.datetime | None]] = field(default_factory=list)
    first_resolved: dt.datetime | None = None  # for a reopened ticket
    reopened: dt.datetime | None = None
    status: str = ""
    note: str = ""
    category: str = ""
    requester: str = ""
    tech: str = ""
    channel: str = "email"
    canceled: bool = False
    waiting: bool = False  # currently waiting for the customer
    new: bool = False  # not yet taken


TITLES = {
    1: [
        ("ERP de production inaccessible", "Logiciels > ERP"),
        ("Serveur de fichiers hors service", "Infrastructure > Serveurs"),
        ("Panne réseau atelier usinage", "Réseau > LAN"),
        ("Messagerie indisponible pour tout le site", "Logiciels > Messagerie"),
        ("Supervision compresseurs : perte de liaison", "Réseau > Industriel"),
    ],
    2: [
        ("Imprimante étiquettes expédition bloquée", "Matériel > Imprimantes"),
        ("VPN commerciaux en échec", "Réseau > VPN"),
        ("Poste CAO ne démarre plus", "Matériel > Postes de travail"),
        ("Lecteur code-barres magasin ne répond plus", "Matériel > Périphériques"),
        ("Sauvegarde de la nuit en échec", "Infrastructure > Sauvegarde"),
    ],
    3: [
        ("Imprimante atelier 2 hors ligne", "Matériel > Imprimantes"),
        ("ERP lent", "Logiciels > ERP"),
        ("Mot de passe expiré", "Comptes > Mots de passe"),
        ("Écran bureau d'études défectueux", "Matériel > Écrans"),
        ("Accès dossier qualité refusé", "Comptes > Droits"),
        ("Outlook ne synchronise plus", "Logiciels > Messagerie"),
        ("Scanner comptabilité : erreur TWAIN", "Matériel > Périphériques"),
        ("Téléphone IP muet", "Téléphonie"),
        ("Wi-Fi salle de réunion instable", "Réseau > Wi-Fi"),
        ("Licence SolidWorks non reconnue", "Logiciels > CAO"),
        ("Lenteurs ERP au chiffrage", "Logiciels > ERP"),
        ("Impression des bons de livraison impossible", "Logiciels > ERP"),
    ],
    4: [
        ("Création compte nouvel arrivant", "Comptes > Création"),
        ("Installation logiciel de mesure sur poste métrologie", "Logiciels > Installation"),
        ("Demande d'un second écran", "Matériel > Écrans"),
        ("Mise à jour Acrobat Reader", "Logiciels > Installation"),
        ("Droits dossier commercial pour stagiaire", "Comptes > Droits"),
        ("Renouvellement clavier et souris", "Matériel > Périphériques"),
        ("Ajout d'une liste de diffusion atelier", "Logiciels > Messagerie"),
    ],
}
REQUESTERS = [
    "MARTIN Claire",
    "DUBOIS Thomas",
    "LEROY Nathalie",
    "MOREAU Julien",
    "GARCIA Sophie",
    "ROUX Mathieu",
    "FOURNIER Élodie",
    "GIRARD Karim",
    "BONNET Céline",
    "LAMBERT Hugo",
    "FAURE Inès",
    "MERCIER Stéphane",
]
TECHS = ["MASSON Julien", "PERRIN Aurélie", "CHEVALIER Damien"]

EXPORT_AT = L(2026, 12, 1, 8, 30)


def business_days():
    d = dt.date(2026, 9, 1)
    while d <= dt.date(2026, 11, 27):
        if d.weekday() < 5 and d not in HOLIDAYS:
            yield d
        d += dt.timedelta(days=1)


def random_tickets(
    rng: random.Random, n: int, seconds: bool, levels=(1, 2, 3, 4), weights=(8, 17, 50, 25)
):
    days = list(business_days())
    out = []
    for _ in range(n):
        level = rng.choices(levels, weights=weights)[0]
        title, cat = rng.choice(TITLES[level])
        day = rng.choice(days)
        if level == 1 and rng.random() < 0.3:
            # a critical outage at any hour, weekends included
            day = day + dt.timedelta(days=rng.choice([0, 1, 2]))
            opened = L(day.year, day.month, day.day, rng.randrange(0, 24), rng.randrange(60))
        else:
            minute = rng.randrange(7 * 60 + 45, 18 * 60 + 15)
            opened = L(day.year, day.month, day.day, minute // 60, minute % 60)
        if seconds:
            opened += dt.timedelta(seconds=rng.randrange(60))
        gti, gtr = TARGETS[level]
        if level == 1:
            taken = opened + dt.timedelta(minutes=rng.uniform(5, 45))
            resolved = taken + dt.timedelta(minutes=rng.uniform(35, 170))
        else:
            taken = add_business(opened, gti * rng.uniform(0.05, 0.6))
            resolved = add_business(taken, gtr * rng.uniform(0.1, 0.55))
        if not seconds:
            taken, resolved = trunc_minute(taken), trunc_minute(resolved)
        else:
            taken, resolved = taken.replace(microsecond=0), resolved.replace(microsecond=0)
        out.append(
            T(
                level,
                title,
                opened,
                taken,
                resolved,
                category=cat,
                requester=rng.choice(REQUESTERS),
                tech=rng.choice(TECHS),
                channel=rng.choice(["email", "email", "email", "phone", "web"]),
            )
        )
    return out


def add_waits(rng: random.Random, tickets: list[T], k: int, minute: bool):
    """Give k P3/P4 tickets a waiting-for-the-customer period: the agent asks a question
    half an hour after taking the ticket, the customer answers during a later working
    period, and the ticket is solved a little after."""
    candidates = [t for t in tickets if t.level >= 3 and not t.pauses and t.resolved]
    for t in rng.sample(candidates, k):
        start = add_business(t.taken, 1800)
        end = add_business(start, 3600 * rng.choice([1.5, 4, 9, 14, 20]))
        resolved = add_business(end, 60 * rng.randrange(30, 180))
        if minute:
            start, end, resolved = trunc_minute(start), trunc_minute(end), trunc_minute(resolved)
        t.pauses.append((start, end))
        t.resolved = resolved
        t.note = "attente client"


# --------------------------------------------------------------------------------------
# GLPI
# --------------------------------------------------------------------------------------


def glpi_tickets() -> list[T]:
    rng = random.Random(812)
    ts = random_tickets(rng, 31, seconds=False)
    add_waits(rng, ts, 4, minute=True)
    special = [
        T(
            3,
            "Imprimante atelier 2 hors ligne",
            L(2026, 10, 2, 17, 30),
            L(2026, 10, 5, 8, 45),
            L(2026, 10, 5, 11, 10),
            category="Matériel > Imprimantes",
            note="week-end",
        ),
        T(
            1,
            "ERP de production inaccessible (équipe de nuit)",
            L(2026, 10, 25, 0, 40),
            L(2026, 10, 25, 1, 10),
            L(2026, 10, 25, 4, 10),
            category="Logiciels > ERP",
            note="nuit du passage à l'heure d'hiver",
            channel="phone",
        ),
        T(
            3,
            "Accès dossier qualité refusé",
            L(2026, 11, 10, 17, 0),
            L(2026, 11, 10, 17, 35),
            L(2026, 11, 12, 9, 30),
            category="Comptes > Droits",
            note="11 novembre férié",
        ),
        T(
            1,
            "Panne réseau atelier usinage",
            L(2026, 9, 15, 9, 5),
            L(2026, 9, 15, 10, 25),
            L(2026, 9, 15, 12, 40),
            category="Réseau > LAN",
            note="GTI P1 dépassée",
            channel="phone",
        ),
        T(
            1,
            "Messagerie indisponible pour tout le site",
            L(2026, 10, 8, 14, 10),
            L(2026, 10, 8, 14, 30),
            L(2026, 10, 8, 19, 20),
            category="Logiciels > Messagerie",
            note="GTR P1 dépassée",
        ),
        T(
            3,
            "Lenteurs ERP au chiffrage",
            L(2026, 9, 22, 10, 0),
            L(2026, 9, 22, 10, 50),
            L(2026, 9, 24, 16, 0),
            pauses=[(L(2026, 9, 22, 15, 0), L(2026, 9, 23, 16, 0))],
            category="Logiciels > ERP",
            note="GTR dépassée sans les pauses, tenue avec",
        ),
        T(
            4,
            "Installation logiciel de mesure sur poste métrologie",
            L(2026, 10, 19, 9, 0),
            L(2026, 10, 19, 9, 40),
            L(2026, 10, 21, 10, 0),
            pauses=[
                (L(2026, 10, 19, 10, 0), L(2026, 10, 20, 11, 0)),
                (L(2026, 10, 20, 9, 0), L(2026, 10, 20, 15, 0)),
            ],
            category="Logiciels > Installation",
            note="deux pauses qui se chevauchent",
        ),
        T(
            3,
            "Outlook ne synchronise plus (poste comptabilité)",
            L(2026, 11, 9, 9, 20),
            L(2026, 11, 9, 9, 50),
            L(2026, 11, 12, 10, 15),
            first_resolved=L(2026, 11, 9, 11, 0),
            reopened=L(2026, 11, 12, 8, 30),
            pauses=[(L(2026, 11, 9, 11, 0), L(2026, 11, 12, 8, 30))],
            category="Logiciels > Messagerie",
            note="résolu puis rouvert",
        ),
        T(
            4,
            "Création compte nouvel arrivant (M. Benali, bureau d'études)",
            L(2026, 11, 25, 10, 0),
            L(2026, 11, 25, 10, 30),
            None,
            pauses=[(L(2026, 11, 25, 11, 0), None)],
            category="Comptes > Création",
            note="en attente du client, pause non terminée",
            waiting=True,
        ),
        T(
            2,
            "VPN commerciaux en échec",
            L(2026, 11, 27, 16, 30),
            L(2026, 11, 27, 16, 50),
            None,
            category="Réseau > VPN",
            note="non résolu à l'export",
        ),
        T(
            3,
            "Téléphone IP muet",
            L(2026, 11, 30, 17, 45),
            None,
            None,
            category="Téléphonie",
            note="nouveau, non pris en compte",
            new=True,
        ),
        T(
            1,
            "Supervision compresseurs : perte de liaison",
            L(2026, 11, 14, 6, 20),
            L(2026, 11, 14, 6, 35),
            L(2026, 11, 14, 8, 50),
            category="Réseau > Industriel",
            note="samedi matin, 24/7",
            channel="phone",
        ),
        T(
            3,
            'Message "licence expirée" sur SolidWorks',
            L(2026, 9, 28, 7, 40),
            L(2026, 9, 28, 8, 20),
            L(2026, 9, 28, 9, 0),
            category="Logiciels > CAO",
            note="ouvert avant 8 h ; guillemets dans le titre",
        ),
        T(
            3,
            "Scanner comptabilité ; erreur TWAIN",
            L(2026, 10, 14, 12, 15),
            L(2026, 10, 14, 13, 45),
            L(2026, 10, 14, 15, 0),
            category="Matériel > Périphériques",
            note="ouvert pendant la pause déjeuner ; « ; » dans le titre",
        ),
    ]
    ts += special
    for t in ts:
        if not t.requester:
            t.requester = rng.choice(REQUESTERS)
        if not t.tech and not t.new:
            t.tech = rng.choice(TECHS)
    ts.sort(key=lambda t: t.opened)
    return ts


def glpi_date(t: dt.datetime | None) -> str:
    return local(t).strftime("%d-%m-%Y %H:%M") if t else ""


def write_glpi(ts: list[T]) -> dict[int, T]:
    """GLPI 10.0 search export (src/Search/Output/CSVSearchOutput.php): UTF-8 BOM, every field
    quoted and followed by the delimiter (so each line ends with ';'), '"' inside a value
    becomes two apostrophes, lines end with "\n"."""
    rng = random.Random(7)
    headers = [
        "ID",
        "Titre",
        "Statut",
        "Date d'ouverture",
        "Dernière modification",
        "Priorité",
        "Demandeur - Demandeur",
        "Attribué à - Technicien",
        "Catégorie",
        "Date de résolution",
        "Date de clôture",
    ]
    priority = {1: "Très haute", 2: "Haute", 3: "Moyenne", 4: "Basse"}
    by_id = {}
    lines = []

    def row(values):
        return "".join('"' + str(v).replace('"', "''") + '";' for v in values) + "\n"

    lines.append(row(headers))
    for n, t in enumerate(ts):
        tid = 812 + n
        by_id[tid] = t
        closed = None
        if t.resolved:
            # Closed by the requester's approval or by the automatic closing after 7 days.
            if rng.random() < 0.6:  # closed by GLPI's automatic closing, 7 days later
                closed = t.resolved + dt.timedelta(days=7)
            else:  # the requester approves the solution
                closed = trunc_minute(add_business(t.resolved, 60 * rng.randrange(20, 480)))
            if closed > EXPORT_AT:
                closed = None
        if t.new:
            status = "Nouveau"
        elif t.waiting:
            status = "En attente"
        elif t.resolved is None:
            status = "En cours (Attribué)"
        elif closed is None:
            status = "Résolu"
        else:
            status = "Clos"
        last = max(x for x in [t.opened, t.taken, t.resolved, closed] if x) + dt.timedelta(
            minutes=rng.randrange(1, 9)
        )
        level = t.level
        prio = priority[level]
        if level == 4 and rng.random() < 0.25:
            prio = "Très basse"
        lines.append(
            row(
                [
                    tid,
                    t.title,
                    status,
                    glpi_date(t.opened),
                    glpi_date(min(last, EXPORT_AT)),
                    prio,
                    t.requester,
                    t.tech,
                    t.category,
                    glpi_date(t.resolved),
                    glpi_date(closed),
                ]
            )
        )
    (HERE / "glpi_tickets.csv").write_bytes(b"\xef\xbb\xbf" + "".join(lines).encode("utf-8"))
    return by_id


def write_pauses(by_id: dict[int, T]):
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(["id", "paused_from", "paused_until"])
    for tid, t in by_id.items():
        for a, b in t.pauses:
            w.writerow(
                [
                    tid,
                    local(a).strftime("%d/%m/%Y %H:%M"),
                    local(b).strftime("%d/%m/%Y %H:%M") if b else "",
                ]
            )
    (HERE / "pauses_generic.csv").write_text(out.getvalue(), encoding="utf-8", newline="")


# --------------------------------------------------------------------------------------
# Zammad
# --------------------------------------------------------------------------------------


def zammad_tickets() -> list[T]:
    rng = random.Random(31025)
    # Stock Zammad has three priorities only: 1 low, 2 normal, 3 high.
    ts = random_tickets(rng, 28, seconds=True, levels=(1, 3, 4), weights=(12, 58, 30))
    special = [
        T(
            3,
            "Imprimante atelier 2 hors ligne",
            L(2026, 10, 16, 17, 40, 12),
            L(2026, 10, 19, 8, 32, 40),
            L(2026, 10, 19, 10, 5, 0),
            note="week-end",
        ),
        T(
            1,
            "ERP de production inaccessible (équipe de nuit)",
            L(2026, 10, 25, 1, 55, 0),
            L(2026, 10, 25, 2, 30, 0, fold=0),
            L(2026, 10, 25, 4, 20, 0),
            channel="phone",
            note="première réponse à 02:30, heure ambiguë de la nuit du 25 octobre",
        ),
        T(
            3,
            "Accès dossier qualité refusé",
            L(2026, 11, 10, 16, 15, 30),
            L(2026, 11, 12, 8, 20, 5),
            L(2026, 11, 12, 11, 45, 50),
            note="11 novembre férié",
        ),
        T(
            1,
            "Serveur de fichiers hors service",
            L(2026, 9, 30, 8, 10, 4),
            L(2026, 9, 30, 9, 25, 31),
            L(2026, 9, 30, 11, 30, 2),
            channel="phone",
            note="GTI P1 dépassée",
        ),
        T(
            1,
            "Messagerie indisponible pour tout le site",
            L(2026, 11, 2, 13, 0, 45),
            L(2026, 11, 2, 13, 20, 3),
            L(2026, 11, 2, 17, 45, 10),
            note="GTR P1 dépassée",
        ),
        T(
            3,
            "Mot de passe expiré (poste magasin)",
            L(2026, 9, 7, 8, 30, 0),
            L(2026, 9, 7, 14, 45, 0),
            L(2026, 9, 7, 15, 10, 0),
            note="GTI normale dépassée",
        ),
        T(
            3,
            "Lenteurs ERP au chiffrage",
            L(2026, 10, 13, 10, 0, 0),
            L(2026, 10, 13, 10, 40, 0),
            L(2026, 10, 15, 16, 0, 0),
            note="GTR normale dépassée",
        ),
        T(
            3,
            "Outlook ne synchronise plus (poste comptabilité)",
            L(2026, 11, 3, 9, 0, 0),
            L(2026, 11, 3, 9, 30, 0),
            L(2026, 11, 6, 11, 0, 0),
            first_resolved=L(2026, 11, 3, 15, 0, 0),
            reopened=L(2026, 11, 6, 9, 10, 0),
            note="fermé, rouvert par le client, refermé",
        ),
        T(
            4,
            "Création compte nouvel arrivant (M. Benali, bureau d'études)",
            L(2026, 11, 24, 14, 0, 20),
            L(2026, 11, 24, 15, 10, 0),
            None,
            waiting=True,
            note="pending reminder",
        ),
        T(
            3,
            "Wi-Fi salle de réunion instable",
            L(2026, 11, 30, 10, 0, 0),
            L(2026, 11, 30, 10, 45, 0),
            None,
            note="ouvert à l'export",
        ),
        T(3, "Téléphone IP muet", L(2026, 11, 30, 17, 50, 9), None, None, new=True, note="nouveau"),
        T(
            1,
            "Supervision compresseurs : perte de liaison",
            L(2026, 9, 19, 5, 50, 0),
            L(2026, 9, 19, 6, 15, 0),
            L(2026, 9, 19, 8, 40, 0),
            channel="phone",
            note="samedi matin, 24/7",
        ),
    ]
    ts += special
    for t in ts:
        t.requester = t.requester or rng.choice(REQUESTERS)
        if not t.new:
            t.tech = t.tech or rng.choice(TECHS)
    ts.sort(key=lambda t: t.opened)
    return ts


def zdate(t: dt.datetime | None) -> str:
    return local(t).strftime("%Y-%m-%d %H:%M:%S") if t else ""


ZAMMAD_HEADERS = [
    "#",
    "Title",
    "State",
    "Priority",
    "Group",
    "Owner",
    "Customer",
    "Organization",
    "Create Channel",
    "Sender",
    "Tags",
    "Time Units Total",
    "Pending till",
    "Created At",
    "Updated At",
    "Closed At",
    "Close Escalation At",
    "Close In Min",
    "Close Diff In Min",
    "First Response At",
    "First Response Escalation At",
    "First Response In Min",
    "First Response Diff In Min",
    "Update Escalation At",
    "Update In Min",
    "Update Diff In Min",
    "Last Contact At",
    "Last Contact Agent At",
    "Last Contact Customer At",
    "Article Count",
    "Escalation At",
]


def name(s: str) -> str:
    """ "MARTIN Claire" -> "Claire Martin", as Zammad and Jira show users."""
    return " ".join(reversed(s.split(" "))).title() if s else ""


def zammad_rows(ts: list[T]) -> list[list]:
    rng = random.Random(99)
    prio = {1: "3 high", 3: "2 normal", 4: "1 low"}
    rows = []
    tags_for = {
        "Imprimante": "imprimante",
        "ERP": "erp",
        "Messagerie": "messagerie",
        "Outlook": "messagerie",
        "Wi-Fi": "wifi",
        "Téléphone": "telephonie",
        "compte": "compte",
        "Mot de passe": "compte",
        "réseau": "reseau",
        "Serveur": "serveur",
    }
    for n, t in enumerate(ts):
        number = str(31025 + n)
        customer = name(t.requester)
        owner = name(t.tech)
        if t.new:
            state = "new"
        elif t.waiting:
            state = "pending reminder"
        elif t.resolved is None:
            state = "open"
        else:
            state = "closed"
        close_at = (
            t.first_resolved or t.resolved
        )  # close_at keeps the FIRST closing (Ticket::SetsCloseTime)
        last_event = max(x for x in [t.opened, t.taken, t.resolved, t.reopened] if x)
        updated = last_event + dt.timedelta(seconds=rng.randrange(5, 400))
        tags = ",".join(sorted({v for k, v in tags_for.items() if k.lower() in t.title.lower()}))
        sender = "Agent" if t.channel == "phone" else "Customer"
        articles = 1 + (2 if t.taken else 0) + rng.randrange(0, 4) + (2 if t.reopened else 0)
        last_agent = t.resolved or t.taken
        last_customer = t.reopened or (
            t.opened + dt.timedelta(minutes=rng.randrange(20, 90)) if t.taken else t.opened
        )
        if last_customer and t.resolved and last_customer > t.resolved:
            last_customer = t.resolved - dt.timedelta(minutes=5)
        if last_customer and last_customer > EXPORT_AT:
            last_customer = None
        pending = L(2026, 12, 1, 9, 0) if t.waiting else None
        time_units = "" if t.new else rng.choice(["0.25", "0.5", "0.5", "1.0", "1.5", "", ""])
        rows.append(
            [
                number,
                t.title,
                state,
                prio[t.level],
                "Support informatique",
                owner,
                customer,
                "Ateliers Mécaniques du Rhône",
                t.channel,
                sender,
                tags,
                time_units,
                zdate(pending),
                zdate(t.opened),
                zdate(min(updated, EXPORT_AT)),
                zdate(close_at),
                "",
                None,
                None,
                zdate(t.taken),
                "",
                None,
                None,
                "",
                None,
                None,
                zdate(max(x for x in [last_agent, last_customer, t.opened] if x)),
                zdate(last_agent),
                zdate(last_customer),
                articles,
                "",
            ]
        )
    return rows


def write_zammad(ts: list[T]):
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    rows = zammad_rows(ts)
    title = "-all- (Created)"  # "#{profile.name} (#{backend[:display]})", app/controllers/reports_controller.rb
    wb = Workbook()
    wb.properties.created = wb.properties.modified = dt.datetime(
        2026, 12, 1, 7, 30
    )  # reproducible bytes
    ws = wb.active
    ws.title = "Sheet1"
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    for c, h in enumerate(ZAMMAD_HEADERS, start=1):
        cell = ws.cell(row=3, column=c, value=h)
        cell.font = Font(italic=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="808080")
    r = 3
    for values in rows:
        r += 1
        for c, v in enumerate(values, start=1):
            if v in ("", None):
                continue  # Zammad writes nothing for a blank value (value.present?)
            ws.cell(
                row=r, column=c, value=v
            )  # dates are TEXT, as write_xlsx falls back to write_string
    ws.cell(row=r + 2, column=1, value="Timezone: Europe/Paris").font = Font(
        italic=True, size=8, color="808080"
    )
    wb.save(HERE / "zammad_tickets.xlsx")

    # The same sheet opened in French Excel and saved as "CSV (séparateur : point-virgule)":
    # Windows-1252, ';', CRLF, every row padded to the used width, title and footer kept.
    width = len(ZAMMAD_HEADERS)
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow([title] + [""] * (width - 1))
    w.writerow([""] * width)
    w.writerow(ZAMMAD_HEADERS)
    for values in rows:
        w.writerow(["" if v is None else v for v in values])
    w.writerow([""] * width)
    w.writerow(["Timezone: Europe/Paris"] + [""] * (width - 1))
    (HERE / "zammad_tickets.csv").write_bytes(out.getvalue().encode("cp1252"))


# --------------------------------------------------------------------------------------
# Jira Service Management
# --------------------------------------------------------------------------------------


def jira_tickets() -> list[T]:
    rng = random.Random(101)
    ts = random_tickets(rng, 29, seconds=False)
    special = [
        T(
            3,
            "Imprimante atelier 2 hors ligne",
            L(2026, 9, 11, 17, 20),
            L(2026, 9, 14, 8, 50),
            L(2026, 9, 14, 11, 30),
            note="week-end",
        ),
        T(
            1,
            "ERP de production inaccessible (équipe de nuit)",
            L(2026, 10, 24, 23, 30),
            L(2026, 10, 25, 0, 20),
            L(2026, 10, 25, 3, 15),
            channel="phone",
            note="nuit du passage à l'heure d'hiver : 3 h 45 à l'horloge, 4 h 45 réelles",
        ),
        T(
            3,
            "Accès dossier qualité refusé",
            L(2026, 11, 10, 11, 0),
            L(2026, 11, 10, 11, 20),
            L(2026, 11, 12, 15, 30),
            note="11 novembre férié",
        ),
        T(
            1,
            "Serveur de fichiers hors service",
            L(2026, 10, 1, 10, 0),
            L(2026, 10, 1, 11, 15),
            L(2026, 10, 1, 13, 0),
            channel="phone",
            note="GTI P1 dépassée",
        ),
        T(
            1,
            "Panne réseau atelier usinage",
            L(2026, 11, 17, 8, 30),
            L(2026, 11, 17, 8, 50),
            L(2026, 11, 17, 13, 10),
            note="GTR P1 dépassée",
        ),
        T(
            3,
            "Licence SolidWorks non reconnue",
            L(2026, 9, 21, 9, 0),
            L(2026, 9, 21, 15, 30),
            L(2026, 9, 22, 10, 0),
            note="GTI normale dépassée",
        ),
        T(
            3,
            "Lenteurs ERP au chiffrage",
            L(2026, 10, 28, 9, 0),
            L(2026, 10, 28, 9, 25),
            L(2026, 10, 30, 17, 0),
            note="GTR normale dépassée",
        ),
        T(
            3,
            "Outlook ne synchronise plus (poste comptabilité)",
            L(2026, 10, 5, 10, 0),
            L(2026, 10, 5, 10, 30),
            L(2026, 10, 7, 11, 0),
            first_resolved=L(2026, 10, 5, 16, 0),
            reopened=L(2026, 10, 7, 9, 0),
            note="résolu, rouvert, résolu : le CSV ne garde que la dernière résolution",
        ),
        T(
            4,
            "Création compte nouvel arrivant (M. Benali, bureau d'études)",
            L(2026, 11, 25, 9, 0),
            L(2026, 11, 25, 9, 40),
            None,
            waiting=True,
            note="Waiting for customer à l'export",
        ),
        T(
            2,
            "VPN commerciaux en échec",
            L(2026, 11, 30, 14, 0),
            L(2026, 11, 30, 14, 30),
            None,
            note="In Progress à l'export",
        ),
        T(
            3,
            "Téléphone IP muet",
            L(2026, 11, 30, 17, 30),
            None,
            None,
            new=True,
            note="Waiting for support, sans réponse",
        ),
        T(
            4,
            "Demande d'un second écran",
            L(2026, 10, 20, 14, 0),
            L(2026, 10, 20, 14, 30),
            L(2026, 10, 21, 9, 0),
            canceled=True,
            note="annulé par le demandeur",
        ),
    ]
    ts += special
    for t in ts:
        t.requester = t.requester or rng.choice(REQUESTERS)
        if not t.new:
            t.tech = t.tech or rng.choice(TECHS)
    ts.sort(key=lambda t: t.opened)
    return ts


MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def jdate(t: dt.datetime | None) -> str:
    """Jira's default jira.date.time.picker.java.format, dd/MMM/yy h:mm a, English month names."""
    if not t:
        return ""
    x = local(t)
    h12 = x.hour % 12 or 12
    return f"{x.day:02d}/{MONTHS_EN[x.month - 1]}/{x.year % 100:02d} {h12}:{x.minute:02d} {'AM' if x.hour < 12 else 'PM'}"


def hmm(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    m = int(round(abs(seconds) / 60))
    return f"{sign}{m // 60}:{m % 60:02d}"


def business_seconds(a: dt.datetime, b: dt.datetime) -> float:
    total = 0.0
    day = local(a).date() - dt.timedelta(days=1)
    while day <= local(b).date() + dt.timedelta(days=1):
        for x, y in open_intervals(day):
            lo, hi = max(x, a), min(y, b)
            if hi > lo:
                total += (hi - lo).total_seconds()
        day += dt.timedelta(days=1)
    return total


def write_jira(ts: list[T]):
    rng = random.Random(5)
    headers = [
        "Summary",
        "Issue key",
        "Issue id",
        "Issue Type",
        "Status",
        "Project key",
        "Project name",
        "Project type",
        "Priority",
        "Resolution",
        "Assignee",
        "Reporter",
        "Creator",
        "Created",
        "Updated",
        "Last Viewed",
        "Resolved",
        "Due date",
        "Custom field (Request Type)",
        "Custom field (Time to first response)",
        "Custom field (Time to resolution)",
        "Satisfaction rating",
        "Status Category",
        "Status Category Changed",
        "Custom field ([CHART] Date of First Response)",
    ]
    prio = {1: "Highest", 2: "High", 3: "Medium", 4: "Low"}
    out = io.StringIO()
    w = csv.writer(out, delimiter=",", lineterminator="\r\n")
    w.writerow(headers)
    for n, t in enumerate(ts):
        key = f"SUP-{101 + n}"
        p = prio[t.level]
        if t.level == 4 and rng.random() < 0.3:
            p = "Lowest"
        if t.canceled:
            status, resolution, cat = "Canceled", "Won't Do", "Done"
        elif t.new:
            status, resolution, cat = "Waiting for support", "", "To Do"
        elif t.waiting:
            status, resolution, cat = "Waiting for customer", "", "In Progress"
        elif t.resolved is None:
            status, resolution, cat = "In Progress", "", "In Progress"
        else:
            status = "Closed" if (EXPORT_AT - t.resolved) > dt.timedelta(days=10) else "Resolved"
            resolution, cat = "Done", "Done"
        last = max(x for x in [t.opened, t.taken, t.resolved, t.reopened] if x)
        updated = min(
            last
            + dt.timedelta(minutes=rng.randrange(1, 30))
            + (dt.timedelta(days=10) if status == "Closed" else dt.timedelta()),
            EXPORT_AT,
        )
        if t.resolved:
            cat_changed = updated if status == "Closed" else t.resolved
        elif t.taken:
            cat_changed = t.taken
        else:
            cat_changed = t.opened
        gti, gtr = TARGETS[t.level]
        if t.level == 1:
            ttfr = gti - (t.taken - t.opened).total_seconds() if t.taken else None
            ttr = gtr - (t.resolved - t.opened).total_seconds() if t.resolved else None
        else:
            ttfr = gti - business_seconds(t.opened, t.taken) if t.taken else None
            ttr = gtr - business_seconds(t.opened, t.resolved) if t.resolved else None
        request_type = (
            "Signaler un incident"
            if t.level <= 2 or rng.random() < 0.5
            else "Demande de service informatique"
        )
        issue_type = (
            "[System] Incident"
            if request_type == "Signaler un incident"
            else "[System] Service request"
        )
        w.writerow(
            [
                t.title,
                key,
                10201 + n,
                issue_type,
                status,
                "SUP",
                "Support informatique AMR",
                "service_desk",
                p,
                resolution,
                name(t.tech),
                name(t.requester),
                name(t.requester),
                jdate(t.opened),
                jdate(updated),
                jdate(updated + dt.timedelta(hours=2))
                if rng.random() < 0.5 and updated + dt.timedelta(hours=2) < EXPORT_AT
                else "",
                jdate(t.resolved),
                "",
                request_type,
                "" if ttfr is None else hmm(ttfr),
                "" if ttr is None else hmm(ttr),
                rng.choice(["5", "4", "", ""]) if t.resolved and not t.canceled else "",
                cat,
                jdate(cat_changed),
                jdate(t.taken),
            ]
        )
    (HERE / "jira_sm_tickets.csv").write_text(out.getvalue(), encoding="utf-8", newline="")


# --------------------------------------------------------------------------------------
# Generic file with errors
# --------------------------------------------------------------------------------------


def write_bad():
    rows = [
        ["id", "title", "priority", "status", "opened", "taken", "resolved"],
        [
            "INC-0001",
            "Imprimante atelier 2 hors ligne",
            "Moyenne",
            "Clos",
            "02/10/2026 09:10",
            "02/10/2026 09:40",
            "02/10/2026 11:00",
        ],
        [
            "INC-0002",
            "ERP lent",
            "Moyenne",
            "Clos",
            "05/10/2026 14:00",
            "05/10/2026 14:20",
            "05/10/2026 10:30",
        ],
        [
            "INC-0003",
            "Panne réseau atelier usinage",
            "Urgentissime",
            "Clos",
            "06/10/2026 08:15",
            "06/10/2026 08:30",
            "06/10/2026 10:00",
        ],
        [
            "INC-0004",
            "Mot de passe expiré",
            "Basse",
            "Clos",
            "31/09/2026 10:00",
            "01/10/2026 08:30",
            "01/10/2026 09:00",
        ],
        [
            "",
            "Téléphone IP muet",
            "Moyenne",
            "Clos",
            "07/10/2026 11:00",
            "07/10/2026 11:30",
            "07/10/2026 15:00",
        ],
        [
            "INC-0006",
            "Création compte nouvel arrivant",
            "Basse",
            "Clos",
            "08/10/2026 09:00",
            "08/10/2026 10:00",
            "08/10/2026 16:00",
        ],
        [
            "INC-0006",
            "Création compte nouvel arrivant",
            "Haute",
            "Clos",
            "08/10/2026 09:00",
            "08/10/2026 09:30",
            "08/10/2026 12:00",
        ],
        [
            "INC-0008",
            "Écran bureau d'études défectueux",
            "Moyenne",
            "En cours",
            "09/10/2026 10:00",
            "09/10/2026 10:15",
            "",
        ],
    ]
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    (HERE / "bad_tickets.csv").write_text(out.getvalue(), encoding="utf-8", newline="")


def main():
    glpi = glpi_tickets()
    by_id = write_glpi(glpi)
    write_pauses(by_id)
    write_zammad(zammad_tickets())
    write_jira(jira_tickets())
    write_bad()


if __name__ == "__main__":
    main()
