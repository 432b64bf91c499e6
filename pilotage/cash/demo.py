"""Two years of books for the demo's sales-administration engagement, imported as the
company's FEC (one per fiscal year), with the reminders and disputes the vendor logged.

The story: customers paid late (DSO near 70 days) until Recouvra took over sales
administration and cash collection in February 2026; reminders then go out on time and
delays shrink. One large customer imposes 90 days, beyond the legal limit.
"""

from __future__ import annotations

import datetime as dt
import itertools
import string
from dataclasses import dataclass

import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pilotage.core.models import Organisation, User
from pilotage.engagements.models import Engagement, Function

from . import imports, services
from .models import CashEvent, Channel, Customer, EventKind

HEADER = (
    "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\t"
    "CompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\t"
    "ValidDate\tMontantdevise\tIdevise"
)


@dataclass(frozen=True)
class Buyer:
    code: str
    name: str
    share: float  # of the invoices
    late: float  # typical days late before the vendor came
    terms: tuple[str, int] | None = None  # when not the default 45 days end of month


BUYERS = [
    Buyer("C0001", "Stellantis Sochaux", 0.16, 18, ("net", 90)),
    Buyer("C0002", "Alstom Transport Villeurbanne", 0.12, 12),
    Buyer("C0003", "Mécanique de Précision du Lyonnais", 0.10, 6),
    Buyer("C0004", "Hydrauliques Dauphiné SAS", 0.08, 25),
    Buyer("C0005", "Robotique Saint-Étienne", 0.08, 4, ("net", 30)),
    Buyer("C0006", "Valeo Systèmes Thermiques", 0.09, 15),
    Buyer("C0007", "Chaudronnerie Bressane", 0.06, 32),
    Buyer("C0008", "Agri-Équipements Beaujolais", 0.05, 9),
    Buyer("C0009", "SNCF Technicentre Oullins", 0.06, 20, ("net", 60)),
    Buyer("C0010", "Ferronnerie d'Art Rhodanienne", 0.03, 40, ("net", 30)),
    Buyer("C0011", "Moteurs Leroy-Somer Annecy", 0.07, 8),
    Buyer("C0012", "Plasturgie Oyonnax", 0.05, 14),
    Buyer("C0013", "Décolletage de l'Arve", 0.05, 22),
]
VENDOR_START = dt.date(2026, 2, 2)


def _amount(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d}"


def _ymd(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _letters():
    """AA, AB, … ZZ, AAA, … as accounting software letters."""
    for size in itertools.count(2):
        for combo in itertools.product(string.ascii_uppercase, repeat=size):
            yield "".join(combo)


Event = tuple[str, str, dt.date, str, str]  # invoice, kind, date, channel, reason


def books(
    *, start: dt.date, end: dt.date, seed: int = 7, per_day: float = 5.5
) -> tuple[dict[int, list[str]], list[Event]]:
    """FEC lines per fiscal year (calendar years) from ``start`` to ``end``, and the
    reminders and disputes the sales administration logged."""
    rng = np.random.default_rng(seed)
    years: dict[int, list[tuple[dt.date, list[str]]]] = {}
    letters = {b.code: _letters() for b in BUYERS}
    weights = np.array([b.share for b in BUYERS])
    weights /= weights.sum()
    events: list[Event] = []
    number = 0
    entry = {"VT": 0, "BQ": 0}

    def put(day: dt.date, rows: list[list[str]]) -> None:
        years.setdefault(day.year, []).append((day, ["\t".join(r) for r in rows]))

    def due_of(buyer: Buyer, issued: dt.date) -> dt.date:
        rule, days = buyer.terms or ("eom_after", 45)
        due = issued + dt.timedelta(days=days)
        if rule == "eom_after":
            nxt = dt.date(due.year + due.month // 12, due.month % 12 + 1, 1)
            due = nxt - dt.timedelta(days=1)
        return due

    day = start
    while day <= end:
        if day.weekday() < 5:
            for _ in range(rng.poisson(per_day)):
                buyer = BUYERS[int(rng.choice(len(BUYERS), p=weights))]
                number += 1
                ref = f"FA{day.year % 100:02d}{number:05d}"
                ttc = int(round(float(rng.lognormal(8.1, 0.8)) * 100 / 6)) * 6  # divisible by 1.2
                ht = ttc * 5 // 6
                tva = ttc - ht
                entry["VT"] += 1
                n = str(entry["VT"])
                due = due_of(buyer, day)
                improved = due >= VENDOR_START
                # Good payers pay by the due date; the others late, less so once the
                # vendor sends its reminders on time.
                on_time = rng.random() < min(
                    0.92, 0.62 - buyer.late / 100 + (0.25 if improved else 0)
                )
                late = buyer.late * (0.5 if improved else 1.0)
                if on_time:
                    delay = -int(rng.integers(0, 9))
                else:
                    delay = 1 + int(rng.gamma(2.0, max(late, 2) / 2.0))
                disputed = rng.random() < 0.025
                if disputed:
                    delay += int(rng.integers(20, 60))
                paid = due + dt.timedelta(days=max(delay, -20))
                paid = max(paid, day + dt.timedelta(days=3))
                if paid.weekday() >= 5:
                    paid += dt.timedelta(days=7 - paid.weekday())
                letter = next(letters[buyer.code]) if paid <= end else ""
                let_day = _ymd(paid + dt.timedelta(days=int(rng.integers(1, 12)))) if letter else ""
                credit_note = rng.random() < 0.02 and paid <= end
                put(
                    day,
                    [
                        [
                            "VT",
                            "Ventes",
                            n,
                            _ymd(day),
                            "411000",
                            "Clients",
                            buyer.code,
                            buyer.name,
                            ref,
                            _ymd(day),
                            f"Facture {ref} {buyer.name}",
                            _amount(ttc),
                            "0,00",
                            letter,
                            let_day,
                            _ymd(day),
                            "",
                            "",
                        ],
                        [
                            "VT",
                            "Ventes",
                            n,
                            _ymd(day),
                            "701000",
                            "Ventes de produits finis",
                            "",
                            "",
                            ref,
                            _ymd(day),
                            f"Facture {ref}",
                            "0,00",
                            _amount(ht),
                            "",
                            "",
                            _ymd(day),
                            "",
                            "",
                        ],
                        [
                            "VT",
                            "Ventes",
                            n,
                            _ymd(day),
                            "445710",
                            "TVA collectée",
                            "",
                            "",
                            ref,
                            _ymd(day),
                            f"Facture {ref}",
                            "0,00",
                            _amount(tva),
                            "",
                            "",
                            _ymd(day),
                            "",
                            "",
                        ],
                    ],
                )
                to_pay = ttc
                if credit_note:
                    # A credit note for a faulty part, lettered with its invoice.
                    cn_ttc = ttc // 60 * 6
                    cn_ht = cn_ttc * 5 // 6
                    cn_day = min(day + dt.timedelta(days=int(rng.integers(5, 25))), end)
                    entry["VT"] += 1
                    number += 1
                    cref = f"AV{cn_day.year % 100:02d}{number:05d}"
                    cn = str(entry["VT"])
                    put(
                        cn_day,
                        [
                            [
                                "VT",
                                "Ventes",
                                cn,
                                _ymd(cn_day),
                                "411000",
                                "Clients",
                                buyer.code,
                                buyer.name,
                                cref,
                                _ymd(cn_day),
                                f"Avoir {cref} sur {ref}",
                                "0,00",
                                _amount(cn_ttc),
                                letter,
                                let_day,
                                _ymd(cn_day),
                                "",
                                "",
                            ],
                            [
                                "VT",
                                "Ventes",
                                cn,
                                _ymd(cn_day),
                                "709000",
                                "Rabais, remises et ristournes accordés",
                                "",
                                "",
                                cref,
                                _ymd(cn_day),
                                f"Avoir {cref}",
                                _amount(cn_ht),
                                "0,00",
                                "",
                                "",
                                _ymd(cn_day),
                                "",
                                "",
                            ],
                            [
                                "VT",
                                "Ventes",
                                cn,
                                _ymd(cn_day),
                                "445710",
                                "TVA collectée",
                                "",
                                "",
                                cref,
                                _ymd(cn_day),
                                f"Avoir {cref}",
                                _amount(cn_ttc - cn_ht),
                                "0,00",
                                "",
                                "",
                                _ymd(cn_day),
                                "",
                                "",
                            ],
                        ],
                    )
                    to_pay -= cn_ttc
                if paid <= end:
                    parts = [to_pay]
                    if rng.random() < 0.05 and to_pay > 200_00:
                        first = to_pay // 2
                        parts = [first, to_pay - first]
                    unlettered = rng.random() < 0.03
                    for k, part in enumerate(parts):
                        pay_day = (
                            paid
                            if k == len(parts) - 1
                            else max(day + dt.timedelta(days=2), paid - dt.timedelta(days=20))
                        )
                        entry["BQ"] += 1
                        b = str(entry["BQ"])
                        mark = "" if unlettered else letter
                        put(
                            pay_day,
                            [
                                [
                                    "BQ",
                                    "Banque Populaire",
                                    b,
                                    _ymd(pay_day),
                                    "512000",
                                    "Banque",
                                    "",
                                    "",
                                    f"VIR{b}",
                                    _ymd(pay_day),
                                    f"Virement {buyer.name}",
                                    _amount(part),
                                    "0,00",
                                    "",
                                    "",
                                    _ymd(pay_day),
                                    "",
                                    "",
                                ],
                                [
                                    "BQ",
                                    "Banque Populaire",
                                    b,
                                    _ymd(pay_day),
                                    "411000",
                                    "Clients",
                                    buyer.code,
                                    buyer.name,
                                    f"VIR{b}",
                                    _ymd(pay_day),
                                    f"Virement {buyer.name} {ref}",
                                    "0,00",
                                    _amount(part),
                                    mark,
                                    let_day if mark else "",
                                    _ymd(pay_day),
                                    "",
                                    "",
                                ],
                            ],
                        )
                # What the sales administration logged about this invoice.
                unpaid_at_due = paid > due
                remind_odds = 0.92 if improved else 0.35
                if unpaid_at_due and due < end and rng.random() < remind_odds:
                    when = due + dt.timedelta(days=int(rng.integers(1, 7 if improved else 15)))
                    if when <= end:
                        events.append((ref, EventKind.REMINDER, when, Channel.EMAIL, ""))
                        if (
                            paid - due > dt.timedelta(days=30)
                            and when + dt.timedelta(days=21) <= end
                        ):
                            events.append(
                                (
                                    ref,
                                    EventKind.REMINDER,
                                    when + dt.timedelta(days=21),
                                    Channel.PHONE,
                                    "",
                                )
                            )
                if disputed and due < end:
                    opened = due - dt.timedelta(days=int(rng.integers(0, 10)))
                    reason = str(
                        rng.choice(
                            [
                                "Quantité livrée contestée",
                                "Prix différent de la commande",
                                "Pièces non conformes",
                                "Bon de livraison manquant",
                            ]
                        )
                    )
                    events.append(
                        (ref, EventKind.DISPUTE_OPENED, max(opened, day), Channel.EMAIL, reason)
                    )
                    closed = paid - dt.timedelta(days=int(rng.integers(1, 8)))
                    if closed <= end:
                        events.append(
                            (
                                ref,
                                EventKind.DISPUTE_CLOSED,
                                max(closed, opened + dt.timedelta(days=1)),
                                Channel.EMAIL,
                                reason,
                            )
                        )
        day += dt.timedelta(days=1)
    out: dict[int, list[str]] = {}
    for year, items in years.items():
        items.sort(key=lambda item: item[0])
        out[year] = [line for _d, rows in items for line in rows]
    return out, events


def fec_bytes(lines: list[str]) -> bytes:
    return (HEADER + "\n" + "\n".join(lines) + "\n").encode("utf-8")


def load(org: Organisation) -> None:
    engagement = Engagement.objects.filter(organisation=org, function=Function.SALES_ADMIN).first()
    if engagement is None:
        return
    actor = User.objects.get(email="julien.petit@ateliers-rhone.fr")
    vendor = User.objects.filter(email="nadia.haddad@recouvra.fr").first()
    today = timezone.localdate()
    services.settings_update(
        actor=actor,
        engagement=engagement,
        data={
            "terms_days": 45,
            "terms_rule": "eom_after",
            "dso_target_days": 50,
            "on_time_target": 80,
            "days_late_target": 7,
            "reminders_target": 95,
        },
    )
    by_year, events = books(start=dt.date(today.year - 1, 1, 1), end=today)
    for year, lines in sorted(by_year.items()):
        upload = SimpleUploadedFile(
            f"{year}FEC{org.pk:08d}.txt", fec_bytes(lines), content_type="text/plain"
        )
        job = services.import_upload(actor=actor, engagement=engagement, upload=upload, kind="fec")
        imports.run_import(job.pk)
    for buyer in BUYERS:
        if buyer.terms:
            customer = Customer.objects.filter(engagement=engagement, code=buyer.code).first()
            if customer:
                services.customer_terms_update(
                    actor=actor,
                    customer=customer,
                    terms_days=buyer.terms[1],
                    terms_rule=buyer.terms[0],
                )
    CashEvent.objects.bulk_create(
        [
            CashEvent(
                organisation=org,
                engagement=engagement,
                number=ref,
                kind=kind,
                date=when,
                channel=channel,
                reason=reason,
                created_by=vendor if when >= VENDOR_START else actor,
            )
            for ref, kind, when, channel, reason in events
        ],
        ignore_conflicts=True,
    )
    services.touch(engagement)
