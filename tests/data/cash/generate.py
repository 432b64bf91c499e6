"""Regenerate the receivable fixtures of this folder (plain Python 3.11, standard library only).

    .venv/bin/python tests/data/cash/generate.py

Deterministic: every invoice, payment and lettering below is written out by hand (the story
of each customer is in README.md). The expected figures are computed separately, from the
written files, by expected.py.

Files written:
* fec_2025.txt                FEC of fiscal year 2025, tab-separated, UTF-8, LF;
* fec_2025_pipe_cp1252.txt    the same lines, pipe-separated, Windows-1252, CRLF;
* fec_bad.txt                 fec_2025.txt with three defects (lines printed at the end);
* invoices_2025.csv           invoicing-tool export (invoices issued May–December 2025);
* events_2025.csv             reminders and disputes on those invoices.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
D = Decimal
VAT = D("0.20")
CENT = D("0.01")

COLUMNS = [
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
]

JOURNALS = {
    "AN": "A nouveaux",
    "HA": "Journal des achats",
    "VT": "Journal des ventes",
    "BQ": "Banque LCL",
    "OD": "Opérations diverses",
}
JOURNAL_ORDER = list(JOURNALS)

ACCOUNTS = {
    "101300": "Capital souscrit - appelé, versé",
    "106800": "Autres réserves",
    "110000": "Report à nouveau (solde créditeur)",
    "164000": "Emprunts auprès des établissements de crédit",
    "215400": "Matériel industriel",
    "281540": "Amortissements du matériel industriel",
    "310000": "Matières premières",
    "401000": "Fournisseurs",
    "411000": "Clients",
    "445510": "TVA à décaisser",
    "445660": "TVA déductible sur autres biens et services",
    "445710": "TVA collectée",
    "512000": "Banque LCL",
    "601000": "Achats stockés - Matières premières",
    "627000": "Services bancaires et assimilés",
    "654000": "Pertes sur créances irrécouvrables",
    "701000": "Ventes de produits finis",
    "706000": "Prestations de services",
    "709000": "Rabais, remises et ristournes accordés",
}

CUSTOMERS = {
    "C0001": "Société Générale de Découpe",
    "C0002": "Boulangerie Hélène",
    "C0003": "Hydraulique Lyonnaise SA",
    "C0004": "Transports Chabert & Fils",
    "C0005": "Menuiserie Dupré",
    "C0006": "Garage Bérard",
}
SUPPLIERS = {
    "F0001": "Aciers du Dauphiné",
    "F0002": "Roulements et Transmissions du Rhône",
}

# French public holidays of 2025 (no bank movement, no invoice on those days).
HOLIDAYS = {
    dt.date(2025, m, d)
    for m, d in [
        (1, 1),
        (4, 21),
        (5, 1),
        (5, 8),
        (5, 29),
        (6, 9),
        (7, 14),
        (8, 15),
        (11, 1),
        (11, 11),
        (12, 25),
    ]
}


def day(y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, d)


def money(x: str | Decimal) -> Decimal:
    return D(x).quantize(CENT)


def fec_amount(x: Decimal) -> str:
    return f"{x:.2f}".replace(".", ",")


def fec_date(x: dt.date | None) -> str:
    return x.strftime("%Y%m%d") if x else ""


def fr_date(x: dt.date | None) -> str:
    return x.strftime("%d/%m/%Y") if x else ""


def fr_amount(x: Decimal | None) -> str:
    """`1 234,56` as French Excel writes it (thousands separated by a space)."""
    if x is None:
        return ""
    sign = "-" if x < 0 else ""
    units, cents = f"{abs(x):.2f}".split(".")
    groups = []
    while len(units) > 3:
        groups.insert(0, units[-3:])
        units = units[:-3]
    groups.insert(0, units)
    return f"{sign}{' '.join(groups)},{cents}"


def bank_upper(text: str) -> str:
    """A bank statement label: upper case, no accents."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()


def is_business_day(x: dt.date) -> bool:
    return x.weekday() < 5 and x not in HOLIDAYS


# ----------------------------------------------------------------------------------------
# The story, written out by hand
# ----------------------------------------------------------------------------------------

# Open customer invoices of 2024 carried forward in the AN entry (number, customer, date,
# amount incl. VAT, letter in 2025).
OPENING_INVOICES = [
    ("FA24-0342", "C0004", day(2024, 9, 17), "6840.00", ""),  # disputed, still open
    ("FA24-0389", "C0003", day(2024, 11, 26), "13500.00", "AA"),
    ("FA24-0392", "C0006", day(2024, 11, 28), "2160.00", "AA"),  # written off in September
    ("FA24-0401", "C0002", day(2024, 12, 5), "540.00", "AA"),
    ("FA24-0412", "C0001", day(2024, 12, 16), "7020.00", "AA"),
]


@dataclass
class Sale:
    key: str
    customer: str
    date: dt.date
    products: Decimal  # excl. VAT, 701000
    services: Decimal  # excl. VAT, 706000
    letter: str
    label: str
    delivered: dt.date | None = None  # known to the invoicing tool only
    booked: dt.date | None = None  # EcritureDate when not the invoice date
    due_in_tool: bool = True  # the invoicing tool fills "Date échéance"
    number: str = ""

    @property
    def net(self) -> Decimal:
        return self.products + self.services

    @property
    def vat(self) -> Decimal:
        return (self.net * VAT).quantize(CENT)

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat


def S(
    key,
    customer,
    date,
    products="0",
    services="0",
    letter="",
    label="",
    delivered=None,
    booked=None,
    due_in_tool=True,
) -> Sale:
    return Sale(
        key,
        customer,
        date,
        money(products),
        money(services),
        letter,
        label,
        delivered,
        booked,
        due_in_tool,
    )


SALES = [
    # C0001 Société Générale de Découpe: net 30, monthly deliveries of cut parts.
    S(
        "SGD01",
        "C0001",
        day(2025, 1, 20),
        "6240.00",
        letter="AB",
        label="Pièces découpées laser lot 25-01",
        delivered=day(2025, 1, 15),
    ),
    S(
        "SGD02",
        "C0001",
        day(2025, 2, 17),
        "4980.00",
        letter="AC",
        label="Pièces découpées laser lot 25-02",
        delivered=day(2025, 2, 13),
    ),
    S(
        "SGD03",
        "C0001",
        day(2025, 3, 5),
        "3150.00",
        letter="AD",
        label="Platines usinées commande 4471",
        delivered=day(2025, 3, 3),
    ),
    S(
        "SGD04",
        "C0001",
        day(2025, 3, 20),
        "7410.00",
        letter="AD",
        label="Pièces découpées laser lot 25-03",
        delivered=day(2025, 3, 17),
    ),
    S(
        "SGD05",
        "C0001",
        day(2025, 4, 22),
        "5630.50",
        letter="AE",
        label="Pièces découpées laser lot 25-04",
        delivered=day(2025, 4, 17),
    ),
    S(
        "SGD06",
        "C0001",
        day(2025, 5, 20),
        "6075.00",
        letter="AF",
        label="Pièces découpées laser lot 25-05",
        delivered=day(2025, 5, 16),
    ),
    S(
        "SGD07",
        "C0001",
        day(2025, 6, 18),
        "8260.00",
        letter="AG",
        label="Pièces découpées laser lot 25-06",
        delivered=day(2025, 6, 13),
    ),
    S(
        "SGD08",
        "C0001",
        day(2025, 7, 16),
        "4415.00",
        letter="AH",
        label="Pièces découpées laser lot 25-07",
        delivered=day(2025, 7, 11),
    ),
    S(
        "SGD09",
        "C0001",
        day(2025, 9, 3),
        "7980.00",
        letter="AI",
        label="Pièces découpées laser lot 25-08",
    ),
    S(
        "SGD10",
        "C0001",
        day(2025, 9, 18),
        "5320.00",
        letter="AJ",
        label="Pièces découpées laser lot 25-09",
        delivered=day(2025, 9, 15),
    ),
    S(
        "SGD11",
        "C0001",
        day(2025, 10, 16),
        "6812.40",
        letter="AK",
        label="Pièces découpées laser lot 25-10",
        delivered=day(2025, 10, 13),
    ),
    S(
        "SGD12",
        "C0001",
        day(2025, 11, 20),
        "9140.00",
        letter="AL",
        label="Pièces découpées laser lot 25-11",
        delivered=day(2025, 11, 17),
    ),
    S(
        "SGD13",
        "C0001",
        day(2025, 12, 12),
        "5760.00",
        label="Pièces découpées laser lot 25-12",
        delivered=day(2025, 12, 10),
    ),
    S(
        "SGD14",
        "C0001",
        day(2025, 12, 19),
        "3495.00",
        label="Platines usinées commande 4630",
        delivered=day(2025, 12, 15),
    ),
    # C0002 Boulangerie Hélène: net 30, maintenance contract billed each quarter + repairs.
    S(
        "BH01",
        "C0002",
        day(2025, 1, 9),
        services="450.00",
        letter="AB",
        label="Contrat de maintenance fours T1 2025",
    ),
    S(
        "BH02",
        "C0002",
        day(2025, 3, 12),
        "380.00",
        "220.00",
        letter="AC",
        label="Réparation pétrin, pièces et main-d'œuvre",
        delivered=day(2025, 3, 10),
    ),
    S(
        "BH03",
        "C0002",
        day(2025, 4, 8),
        services="450.00",
        letter="AD",
        label="Contrat de maintenance fours T2 2025",
    ),
    S(
        "BH04",
        "C0002",
        day(2025, 5, 14),
        "860.00",
        "340.00",
        letter="AE",
        label="Remplacement sole four, pièces et main-d'œuvre",
        delivered=day(2025, 5, 12),
    ),
    S(
        "BH05",
        "C0002",
        day(2025, 7, 8),
        services="450.00",
        letter="AF",
        label="Contrat de maintenance fours T3 2025",
    ),
    S(
        "BH06",
        "C0002",
        day(2025, 10, 7),
        services="450.00",
        label="Contrat de maintenance fours T4 2025",
    ),  # paid, never lettered
    S(
        "BH07",
        "C0002",
        day(2025, 11, 13),
        "480.00",
        "235.00",
        letter="ag",
        label="Réparation façonneuse, pièces et main-d'œuvre",
        delivered=day(2025, 11, 12),
    ),
    S(
        "BH08",
        "C0002",
        day(2025, 12, 16),
        "96.50",
        label="Joints de porte four (pièces)",
        delivered=day(2025, 12, 16),
    ),
    # C0003 Hydraulique Lyonnaise SA: 45 days end of month (reading 1).
    S(
        "HL01",
        "C0003",
        day(2025, 1, 28),
        "9870.00",
        letter="AB",
        label="Corps de vérins usinés série V12",
    ),
    S(
        "HL02",
        "C0003",
        day(2025, 3, 11),
        "14230.00",
        letter="AC",
        label="Corps de vérins usinés série V12",
    ),
    S(
        "HL03",
        "C0003",
        day(2025, 4, 24),
        "7645.00",
        letter="AD",
        label="Flasques et tiges chromées",
    ),
    S(
        "HL04",
        "C0003",
        day(2025, 6, 10),
        "12480.00",
        letter="AE",
        label="Corps de vérins usinés série V14",
        delivered=day(2025, 5, 30),
    ),
    S(
        "HL05",
        "C0003",
        day(2025, 7, 22),
        "8915.00",
        letter="AF",
        label="Flasques et tiges chromées",
        delivered=day(2025, 7, 11),
    ),
    S(
        "HL06",
        "C0003",
        day(2025, 9, 10),
        "12000.00",
        letter="AG",
        label="Corps de vérins usinés série V14",
        delivered=day(2025, 9, 2),
    ),
    S(
        "HL07",
        "C0003",
        day(2025, 10, 14),
        "16390.00",
        letter="AH",
        label="Corps de vérins usinés série V16",
        delivered=day(2025, 10, 3),
        booked=day(2025, 10, 20),
    ),
    S(
        "HL08",
        "C0003",
        day(2025, 11, 18),
        "10625.00",
        label="Corps de vérins usinés série V16",
        delivered=day(2025, 11, 7),
    ),
    S(
        "HL09",
        "C0003",
        day(2025, 12, 9),
        "6980.00",
        label="Flasques et tiges chromées",
        delivered=day(2025, 11, 28),
        due_in_tool=False,
    ),
    # C0004 Transports Chabert & Fils: net 90 (beyond the legal limit), pays late.
    S(
        "TC01",
        "C0004",
        day(2025, 2, 12),
        "2740.00",
        "1100.00",
        letter="AA",
        label="Réparation hayon semi-remorque - règlement 90 jours net",
    ),
    S(
        "TC02",
        "C0004",
        day(2025, 4, 15),
        "4890.00",
        "1320.00",
        letter="AB",
        label="Renforts de châssis x4 - règlement 90 jours net",
    ),
    S(
        "TC03",
        "C0004",
        day(2025, 7, 8),
        "3875.00",
        "1100.00",
        letter="AC",
        label="Réparation hayon porteur - règlement 90 jours net",
        delivered=day(2025, 6, 30),
    ),
    S(
        "TC04",
        "C0004",
        day(2025, 9, 9),
        "5150.00",
        "2200.00",
        letter="ad",
        label="Attelages et main-d'œuvre - règlement 90 jours net",
        delivered=day(2025, 8, 29),
    ),
    S(
        "TC05",
        "C0004",
        day(2025, 10, 21),
        "1785.00",
        "600.00",
        label="Réparation ridelles - règlement 90 jours net",
        delivered=day(2025, 10, 2),
    ),
    S(
        "TC06",
        "C0004",
        day(2025, 11, 18),
        "3320.00",
        "800.00",
        label="Renforts de châssis x2 - règlement 90 jours net",
        delivered=day(2025, 11, 4),
    ),
    # C0005 Menuiserie Dupré: net 30, a deposit before its invoice, another one at year end.
    S(
        "MD01",
        "C0005",
        day(2025, 2, 4),
        "2850.00",
        letter="AA",
        label="Lames de scie et porte-outils",
    ),
    S(
        "MD02",
        "C0005",
        day(2025, 5, 6),
        "8400.00",
        letter="AB",
        label="Bâti de scie à format sur mesure (commande CDE-0425)",
        delivered=day(2025, 5, 2),
    ),
    S(
        "MD03",
        "C0005",
        day(2025, 7, 1),
        "1960.00",
        letter="AC",
        label="Guides et butées usinés",
        delivered=day(2025, 6, 27),
    ),
    S(
        "MD04",
        "C0005",
        day(2025, 9, 23),
        "3275.00",
        letter="AD",
        label="Porte-outils et arbres",
        delivered=day(2025, 9, 19),
    ),
    S(
        "MD05",
        "C0005",
        day(2025, 10, 28),
        "5410.00",
        letter="AE",
        label="Table d'usinage sur mesure",
        delivered=day(2025, 10, 24),
    ),
    S(
        "MD06",
        "C0005",
        day(2025, 11, 25),
        "2180.00",
        letter="AF",
        label="Guides et butées usinés",
        delivered=day(2025, 11, 21),
    ),
    # C0006 Garage Bérard: liquidation opened in March, closed for lack of assets in September.
    S(
        "GB01",
        "C0006",
        day(2025, 1, 14),
        "760.00",
        "200.00",
        letter="AA",
        label="Réparation pont élévateur, pièces et main-d'œuvre",
    ),
]
BY_KEY = {s.key: s for s in SALES}

# Credit note: 20 of the V14 cylinder bodies of HL06 had faulty bearing seats.
CREDIT_NOTES = [
    (
        "AV25-0001",
        "HL06",
        "C0003",
        day(2025, 10, 8),
        money("2000.00"),
        "AG",
        "Avoir sur facture {HL06} - 20 corps de vérins non conformes",
    ),
]

# Customer receipts on the bank account: (customer, date, amount, letter, bank label, what).
RECEIPTS = [
    ("C0001", day(2025, 1, 14), "7020.00", "AA", "VIR SOCIETE GENERALE DE DECOUPE FA24-0412"),
    ("C0001", day(2025, 2, 18), "7488.00", "AB", "VIR SOCIETE GENERALE DE DECOUPE {SGD01}"),
    ("C0001", day(2025, 3, 19), "5976.00", "AC", "VIR SOCIETE GENERALE DE DECOUPE {SGD02}"),
    ("C0001", day(2025, 4, 4), "12672.00", "AD", "VIR SOCIETE GENERALE DE DECOUPE {SGD03} {SGD04}"),
    ("C0001", day(2025, 5, 21), "6756.60", "AE", "VIR SOCIETE GENERALE DE DECOUPE {SGD05}"),
    ("C0001", day(2025, 6, 27), "7290.00", "AF", "VIR SOCIETE GENERALE DE DECOUPE {SGD06}"),
    ("C0001", day(2025, 7, 17), "9912.00", "AG", "VIR SOCIETE GENERALE DE DECOUPE {SGD07}"),
    ("C0001", day(2025, 8, 14), "5298.00", "AH", "VIR SOCIETE GENERALE DE DECOUPE {SGD08}"),
    ("C0001", day(2025, 10, 2), "9576.00", "AI", "VIR SOCIETE GENERALE DE DECOUPE {SGD09}"),
    ("C0001", day(2025, 10, 17), "6384.00", "AJ", "VIR SOCIETE GENERALE DE DECOUPE {SGD10}"),
    ("C0001", day(2025, 11, 14), "8174.88", "AK", "VIR SOCIETE GENERALE DE DECOUPE {SGD11}"),
    ("C0001", day(2025, 12, 29), "10968.00", "AL", "VIR SOCIETE GENERALE DE DECOUPE {SGD12}"),
    ("C0002", day(2025, 1, 10), "540.00", "AA", "CHQ BOULANGERIE HELENE FA24-0401"),
    ("C0002", day(2025, 2, 6), "540.00", "AB", "CHQ BOULANGERIE HELENE {BH01}"),
    ("C0002", day(2025, 4, 22), "720.00", "AC", "CHQ BOULANGERIE HELENE {BH02}"),
    ("C0002", day(2025, 5, 7), "540.00", "AD", "CHQ BOULANGERIE HELENE {BH03}"),
    ("C0002", day(2025, 6, 20), "720.00", "AE", "VIR BOULANGERIE HELENE ACPTE {BH04}"),
    ("C0002", day(2025, 7, 25), "720.00", "AE", "VIR BOULANGERIE HELENE SOLDE {BH04}"),
    ("C0002", day(2025, 8, 20), "540.00", "AF", "CHQ BOULANGERIE HELENE {BH05}"),
    ("C0002", day(2025, 11, 18), "540.00", "", "CHQ BOULANGERIE HELENE"),  # never lettered
    ("C0002", day(2025, 12, 30), "400.00", "ag", "VIR BOULANGERIE HELENE ACPTE {BH07}"),
    ("C0003", day(2025, 1, 31), "13500.00", "AA", "VIR HYDRAULIQUE LYONNAISE FA24-0389"),
    ("C0003", day(2025, 3, 31), "11844.00", "AB", "VIR HYDRAULIQUE LYONNAISE {HL01}"),
    ("C0003", day(2025, 5, 9), "17076.00", "AC", "VIR HYDRAULIQUE LYONNAISE {HL02}"),
    ("C0003", day(2025, 6, 30), "9174.00", "AD", "VIR HYDRAULIQUE LYONNAISE {HL03}"),
    ("C0003", day(2025, 8, 8), "14976.00", "AE", "VIR HYDRAULIQUE LYONNAISE {HL04}"),
    ("C0003", day(2025, 9, 30), "10698.00", "AF", "VIR HYDRAULIQUE LYONNAISE {HL05}"),
    ("C0003", day(2025, 10, 31), "12000.00", "AG", "VIR HYDRAULIQUE LYONNAISE {HL06} AV25-0001"),
    ("C0003", day(2025, 12, 10), "19668.00", "AH", "VIR HYDRAULIQUE LYONNAISE {HL07}"),
    ("C0004", day(2025, 6, 2), "4608.00", "AA", "VIR TRANSPORTS CHABERT {TC01}"),
    ("C0004", day(2025, 7, 30), "7452.00", "AB", "VIR TRANSPORTS CHABERT {TC02}"),
    ("C0004", day(2025, 10, 21), "5970.00", "AC", "VIR TRANSPORTS CHABERT {TC03}"),
    ("C0004", day(2025, 12, 15), "5000.00", "ad", "VIR TRANSPORTS CHABERT ACPTE {TC04}"),
    ("C0005", day(2025, 3, 5), "3420.00", "AA", "VIR MENUISERIE DUPRE {MD01}"),
    ("C0005", day(2025, 4, 8), "3000.00", "AB", "VIR MENUISERIE DUPRE ACOMPTE 30% CDE-0425"),
    ("C0005", day(2025, 6, 5), "7080.00", "AB", "VIR MENUISERIE DUPRE SOLDE {MD02}"),
    ("C0005", day(2025, 8, 12), "2352.00", "AC", "VIR MENUISERIE DUPRE {MD03}"),
    ("C0005", day(2025, 10, 22), "3930.00", "AD", "VIR MENUISERIE DUPRE {MD04}"),
    ("C0005", day(2025, 12, 8), "6492.00", "AE", "VIR MENUISERIE DUPRE {MD05}"),
    (
        "C0005",
        day(2025, 12, 17),
        "1950.00",
        "",
        "VIR MENUISERIE DUPRE ACOMPTE CDE-1225",
    ),  # invoiced in 2026
    ("C0005", day(2025, 12, 23), "2616.00", "AF", "VIR MENUISERIE DUPRE {MD06}"),
    ("C0006", day(2025, 2, 28), "500.00", "AA", "VIR GARAGE BERARD ACOMPTE"),
]

# Write-off of Garage Bérard's balance (certificate of the liquidator dated 26/09/2025):
# 2,160.00 + 1,152.00 − 500.00 = 2,812.00 incl. VAT, VAT regularised on 445710.
WRITE_OFF = ("C0006", day(2025, 9, 30), day(2025, 9, 26), money("2812.00"), "AA")

# When the bookkeeper lettered each group (customer, letter) when not the default, which
# is the 8th of the month after the group's last line.
LETTERED_ON = {
    ("C0006", "AA"): day(2025, 9, 30),
    ("C0003", "AG"): day(2025, 11, 3),
    ("C0001", "AD"): day(2025, 4, 4),
    ("C0002", "ag"): day(2026, 1, 9),
}

# Suppliers (ignored by the receivable reader): (supplier, number, date, net, paid on).
PURCHASES = [
    ("F0001", "AD-25-0112", day(2025, 2, 10), "4850.00", day(2025, 3, 12)),
    ("F0002", "RTR-2025-0388", day(2025, 3, 24), "1935.00", day(2025, 4, 23)),
    ("F0001", "AD-25-0431", day(2025, 5, 12), "6120.00", day(2025, 6, 11)),
    ("F0001", "AD-25-0907", day(2025, 9, 15), "5400.00", day(2025, 10, 15)),
    ("F0002", "RTR-2025-1240", day(2025, 10, 6), "2760.00", day(2025, 11, 5)),
    ("F0002", "RTR-2025-1517", day(2025, 12, 1), "1180.00", None),
]
OPENING_SUPPLIER = ("F0001", "AD-24-1187", day(2024, 12, 10), money("7200.00"), day(2025, 1, 9))
BANK_FEES = [
    (day(2025, 3, 31), "86.40"),
    (day(2025, 6, 30), "91.20"),
    (day(2025, 9, 30), "88.80"),
    (day(2025, 12, 31), "94.60"),
]

# Balance of 411 per customer at 31/12/2025 that the story above must leave.
STORY_BALANCES = {
    "C0001": money("11106.00"),  # SGD13 + SGD14, not yet due
    "C0002": money("573.80"),  # BH07 858.00 − 400.00 (overdue) + BH08 115.80 (not due)
    "C0003": money("21126.00"),  # HL08 + HL09, not yet due (45 days end of month)
    "C0004": money("18466.00"),  # FA24-0342 6,840 + TC04 8,820 − 5,000 + TC05 + TC06
    "C0005": money("-1950.00"),  # the December deposit, nothing to set it against
    "C0006": money("0.00"),  # written off
}


# ----------------------------------------------------------------------------------------
# Entries
# ----------------------------------------------------------------------------------------


@dataclass
class Line:
    account: str
    debit: Decimal = D("0.00")
    credit: Decimal = D("0.00")
    aux: str = ""
    label: str = ""
    letter: str = ""
    piece: str | None = None  # overrides the entry's PieceRef
    piece_date: dt.date | None | bool = False  # False: the entry's


@dataclass
class Entry:
    journal: str
    date: dt.date
    piece: str
    piece_date: dt.date | None
    label: str
    lines: list[Line] = field(default_factory=list)
    num: str = ""


def valid_date(entry: Entry) -> dt.date:
    if entry.journal == "AN":
        return day(2025, 4, 15)  # when the 2024 accounts were closed
    y, m = entry.date.year, entry.date.month
    return day(y + (m == 12), m % 12 + 1, 10 if m != 12 else 20)


def fill_numbers(sales: list[Sale]) -> None:
    for k, s in enumerate(sorted(sales, key=lambda s: s.date), start=1):
        s.number = f"FA25-{k:04d}"


def label(text: str) -> str:
    return text.format(**{k: s.number for k, s in BY_KEY.items()})


def build_entries() -> list[Entry]:
    entries: list[Entry] = []
    # À-nouveaux: the balance sheet of 31/12/2024, customer invoices one by one.
    an = Entry("AN", day(2025, 1, 1), "AN2025", day(2025, 1, 1), "A nouveaux au 01/01/2025")
    an.lines += [
        Line("215400", debit=money("310000.00"), label="A nouveaux"),
        Line("281540", credit=money("142500.00"), label="A nouveaux"),
        Line("310000", debit=money("46300.00"), label="A nouveaux"),
    ]
    for number, cust, date, amount, letter in OPENING_INVOICES:
        an.lines.append(
            Line(
                "411000",
                debit=money(amount),
                aux=cust,
                label=f"Facture {number}",
                letter=letter,
                piece=number,
                piece_date=date,
            )
        )
    sup, num, date, amount, _paid = OPENING_SUPPLIER
    an.lines.append(
        Line(
            "401000",
            credit=amount,
            aux=sup,
            label=f"Facture {num}",
            letter="AA",
            piece=num,
            piece_date=date,
        )
    )
    an.lines += [
        Line("445510", credit=money("9860.00"), label="A nouveaux"),
        Line("512000", debit=money("68450.27"), label="A nouveaux"),
        Line("101300", credit=money("50000.00"), label="A nouveaux"),
        Line("106800", credit=money("120000.00"), label="A nouveaux"),
        Line("164000", credit=money("85000.00"), label="A nouveaux"),
    ]
    gap = sum(x.debit for x in an.lines) - sum(x.credit for x in an.lines)
    assert gap > 0
    an.lines.append(Line("110000", credit=gap, label="A nouveaux"))
    entries.append(an)

    # Sales.
    for s in SALES:
        name = CUSTOMERS[s.customer]
        e = Entry("VT", s.booked or s.date, s.number, s.date, f"{s.number} {name}")
        lib = f"Facture {s.number} {name}"
        e.lines.append(Line("411000", debit=s.gross, aux=s.customer, label=lib, letter=s.letter))
        if s.products:
            e.lines.append(Line("701000", credit=s.products, label=s.label))
        if s.services:
            e.lines.append(Line("706000", credit=s.services, label=s.label))
        e.lines.append(Line("445710", credit=s.vat, label=lib))
        entries.append(e)
    for number, key, cust, date, net, letter, text in CREDIT_NOTES:
        vat = (net * VAT).quantize(CENT)
        lib = label(text)
        e = Entry("VT", date, number, date, lib)
        e.lines += [
            Line("411000", credit=net + vat, aux=cust, label=lib, letter=letter),
            Line("709000", debit=net, label=lib),
            Line("445710", debit=vat, label=lib),
        ]
        entries.append(e)

    # Customer receipts (bank statement lines: no piece date).
    for cust, date, amount, letter, text in RECEIPTS:
        lib = label(text)
        e = Entry("BQ", date, f"REL{date:%y%m}", None, lib)
        e.lines += [
            Line("512000", debit=money(amount), label=lib),
            Line("411000", credit=money(amount), aux=cust, label=lib, letter=letter),
        ]
        entries.append(e)

    # Write-off.
    cust, date, cert, gross, letter = WRITE_OFF
    net = (gross / (1 + VAT)).quantize(CENT)
    lib = "Créance irrécouvrable Garage Bérard - clôture liquidation pour insuffisance d'actif"
    e = Entry("OD", date, "CERT-MJ-2025-117", cert, lib)
    e.lines += [
        Line("654000", debit=net, label=lib),
        Line("445710", debit=gross - net, label="Régularisation TVA sur créance irrécouvrable"),
        Line("411000", credit=gross, aux=cust, label=lib, letter=letter),
    ]
    entries.append(e)

    # Suppliers and bank fees.
    letters = {"F0001": iter(["AB", "AC", "AD"]), "F0002": iter(["AA", "AB"])}  # F0001 AA: opening
    num = OPENING_SUPPLIER[1]
    e = Entry(
        "BQ",
        OPENING_SUPPLIER[4],
        f"REL{OPENING_SUPPLIER[4]:%y%m}",
        None,
        f"VIR {bank_upper(SUPPLIERS['F0001'])} {num}",
    )
    e.lines += [
        Line("401000", debit=OPENING_SUPPLIER[3], aux="F0001", label=e.label, letter="AA"),
        Line("512000", credit=OPENING_SUPPLIER[3], label=e.label),
    ]
    entries.append(e)
    for sup, num, date, net, paid in PURCHASES:
        net = money(net)
        vat = (net * VAT).quantize(CENT)
        letter = next(letters[sup]) if paid else ""
        lib = f"Facture {num} {SUPPLIERS[sup]}"
        e = Entry("HA", date, num, date, lib)
        e.lines += [
            Line("601000", debit=net, label=lib),
            Line("445660", debit=vat, label=lib),
            Line("401000", credit=net + vat, aux=sup, label=lib, letter=letter),
        ]
        entries.append(e)
        if paid:
            blib = f"VIR {bank_upper(SUPPLIERS[sup])} {num}"
            e = Entry("BQ", paid, f"REL{paid:%y%m}", None, blib)
            e.lines += [
                Line("401000", debit=net + vat, aux=sup, label=blib, letter=letter),
                Line("512000", credit=net + vat, label=blib),
            ]
            entries.append(e)
    for date, amount in BANK_FEES:
        lib = f"Frais et commissions LCL {date:%m/%Y}"
        e = Entry("BQ", date, f"REL{date:%y%m}", None, lib)
        e.lines += [
            Line("627000", debit=money(amount), label=lib),
            Line("512000", credit=money(amount), label=lib),
        ]
        entries.append(e)

    # Chronological order, then one sequence of numbers per journal.
    entries.sort(key=lambda e: (e.date, JOURNAL_ORDER.index(e.journal)))
    counters: dict[str, int] = defaultdict(int)
    for e in entries:
        counters[e.journal] += 1
        e.num = f"{e.journal}{counters[e.journal]:05d}"
    return entries


def letter_dates(entries: list[Entry]) -> dict[tuple[str, str], dt.date]:
    last: dict[tuple[str, str], dt.date] = {}
    for e in entries:
        for x in e.lines:
            if x.letter and x.aux:
                k = (x.aux, x.letter)
                last[k] = max(last.get(k, e.date), e.date)
    out = {}
    for k, d in last.items():
        if k in LETTERED_ON:
            out[k] = LETTERED_ON[k]
        else:
            out[k] = day(d.year + (d.month == 12), d.month % 12 + 1, 8)
    return out


def fec_rows(entries: list[Entry]) -> list[list[str]]:
    lettered = letter_dates(entries)
    rows = [list(COLUMNS)]
    for e in entries:
        for x in e.lines:
            aux_name = CUSTOMERS.get(x.aux) or SUPPLIERS.get(x.aux) or ""
            piece_date = e.piece_date if x.piece_date is False else x.piece_date
            rows.append(
                [
                    e.journal,
                    JOURNALS[e.journal],
                    e.num,
                    fec_date(e.date),
                    x.account,
                    ACCOUNTS[x.account],
                    x.aux,
                    aux_name,
                    x.piece or e.piece,
                    fec_date(piece_date),
                    x.label or e.label,
                    fec_amount(x.debit),
                    fec_amount(x.credit),
                    x.letter,
                    fec_date(lettered[(x.aux, x.letter)]) if x.letter else "",
                    fec_date(valid_date(e)),
                    "",
                    "",
                ]
            )
    return rows


# ----------------------------------------------------------------------------------------
# Checks of the story
# ----------------------------------------------------------------------------------------


def check(entries: list[Entry]) -> None:
    for e in entries:
        deb = sum(x.debit for x in e.lines)
        cre = sum(x.credit for x in e.lines)
        assert deb == cre, (e.journal, e.num, deb, cre)
        if e.journal in ("VT", "BQ", "HA"):
            assert is_business_day(e.date), (e.journal, e.date, e.label)
    for s in SALES:
        assert is_business_day(s.date), s
    # 411 balance per customer.
    bal: dict[str, Decimal] = defaultdict(Decimal)
    groups: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for e in entries:
        for x in e.lines:
            if x.account == "411000":
                bal[x.aux] += x.debit - x.credit
                if x.letter:
                    groups[(x.aux, x.letter)] += x.debit - x.credit
    assert dict(bal) == STORY_BALANCES, dict(bal)
    # Complete letterings (upper case) balance; partial ones (lower case) do not.
    for (cust, letter), rest in groups.items():
        assert (rest == 0) == letter.isupper(), (cust, letter, rest)


# ----------------------------------------------------------------------------------------
# Invoicing tool export
# ----------------------------------------------------------------------------------------

INVOICE_HEADERS = [
    "N° facture",
    "Client",
    "Date facture",
    "Date échéance",
    "Montant TTC",
    "Date règlement",
    "Montant réglé",
    "Date livraison",
]


def add_months_end(x: dt.date) -> dt.date:
    nxt = day(x.year + (x.month == 12), x.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def tool_due(s: Sale) -> dt.date:
    """The due date the invoicing tool prints (the customer's agreed terms)."""
    if s.customer == "C0003":
        return add_months_end(s.date + dt.timedelta(days=45))
    if s.customer == "C0004":
        return s.date + dt.timedelta(days=90)
    return s.date + dt.timedelta(days=30)


def tool_settlement(s: Sale) -> tuple[dt.date | None, Decimal | None]:
    """What the tool shows: last payment date and cumulative amount settled (the credit note
    AV25-0001 counts as settling HL06; the FEC is the source of truth for the story)."""
    paid: list[tuple[dt.date, Decimal]] = []
    for cust, date, amount, letter, text in RECEIPTS:
        if cust == s.customer and "{" + s.key + "}" in text:
            paid.append((date, money(amount)))
    for _n, key, _c, date, net, _l, _t in CREDIT_NOTES:
        if key == s.key:
            paid.append((date, net + (net * VAT).quantize(CENT)))
    if s.key == "BH06":
        paid.append((day(2025, 11, 18), money("540.00")))  # the unlettered cheque
    if s.key == "MD02":
        paid.append((day(2025, 4, 8), money("3000.00")))  # the deposit
    if not paid:
        return None, None
    return max(d for d, _a in paid), sum(a for _d, a in paid)


def invoice_rows() -> list[list[str]]:
    rows = [INVOICE_HEADERS]
    items: list[tuple[tuple[dt.date, str], list[str]]] = []
    for s in SALES:
        if s.date < day(2025, 5, 1):
            continue
        due = tool_due(s) if s.due_in_tool and s.customer != "C0002" else None
        paid_on, paid = tool_settlement(s)
        items.append(
            (
                (s.date, s.number),
                [
                    s.number,
                    CUSTOMERS[s.customer],
                    fr_date(s.date),
                    fr_date(due),
                    fr_amount(s.gross),
                    fr_date(paid_on),
                    fr_amount(paid),
                    fr_date(s.delivered),
                ],
            )
        )
    for number, _key, cust, date, net, _l, _t in CREDIT_NOTES:
        gross = net + (net * VAT).quantize(CENT)
        # A credit note set against its invoice: settled on its own date, amount left empty
        # (the whole amount).
        items.append(
            (
                (date, number),
                [
                    number,
                    CUSTOMERS[cust],
                    fr_date(date),
                    fr_date(date),
                    fr_amount(-gross),
                    fr_date(date),
                    "",
                    "",
                ],
            )
        )
    rows += [r for _n, r in sorted(items)]
    return rows


EVENT_HEADERS = ["N° facture", "Date", "Type", "Canal", "Motif"]
EVENTS = [
    ("SGD06", day(2025, 6, 23), "relance", "e-mail", "Échéance du 19/06/2025 dépassée"),
    ("BH04", day(2025, 6, 17), "relance", "e-mail", "Échéance du 13/06/2025 dépassée"),
    ("BH04", day(2025, 7, 15), "relance", "téléphone", "Solde de 720,00 € restant dû"),
    ("HL04", day(2025, 8, 4), "relance", "e-mail", "Échéance du 31/07/2025 dépassée"),
    ("MD03", day(2025, 8, 5), "relance", "téléphone", ""),
    ("BH05", day(2025, 8, 18), "relance", "e-mail", "Échéance du 07/08/2025 dépassée"),
    (
        "HL06",
        day(2025, 9, 24),
        "litige ouvert",
        "e-mail",
        "20 corps de vérins : portées de roulement hors tolérance",
    ),
    ("TC03", day(2025, 10, 6), "relance", "e-mail", "Rappel : échéance ce jour"),
    ("HL06", day(2025, 10, 8), "litige clos", "autre", "Avoir AV25-0001 émis"),
    ("TC03", day(2025, 10, 9), "relance", "téléphone", "Promesse de virement sous 10 jours"),
    ("SGD11", day(2025, 10, 20), "litige ouvert", "e-mail", "N° de commande absent de la facture"),
    ("SGD11", day(2025, 10, 27), "litige clos", "e-mail", "Bon de commande 4588 transmis"),
    ("BH06", day(2025, 11, 14), "relance", "téléphone", ""),
    ("MD05", day(2025, 12, 1), "relance", "e-mail", "Échéance du 27/11/2025 dépassée"),
    ("HL07", day(2025, 12, 3), "relance", "e-mail", "Échéance du 30/11/2025 dépassée"),
    ("TC04", day(2025, 12, 9), "relance", "recommandé", "Mise en demeure de payer"),
    (
        "TC04",
        day(2025, 12, 10),
        "litige ouvert",
        "courrier",
        "Conteste 3 820,00 € d'heures de main-d'œuvre",
    ),
    ("BH07", day(2025, 12, 22), "relance", "e-mail", "Échéance du 13/12/2025 dépassée"),
]


def event_rows() -> list[list[str]]:
    rows = [EVENT_HEADERS]
    for key, date, kind, channel, why in sorted(EVENTS, key=lambda e: e[1]):
        rows.append([BY_KEY[key].number, fr_date(date), kind, channel, why])
    return rows


def excel_csv(rows: list[list[str]]) -> bytes:
    """French Excel's "CSV UTF-8 (délimité par des points-virgules)": BOM, `;`, CRLF."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


# ----------------------------------------------------------------------------------------
# The defective FEC
# ----------------------------------------------------------------------------------------


def bad_fec(rows: list[list[str]]) -> tuple[list[str], dict[str, int]]:
    """fec_2025.txt with three defects; returns the lines and where each defect is
    (file line numbers, the header being line 1)."""
    lines = ["\t".join(r) for r in rows]
    where: dict[str, int] = {}

    def find(pred) -> int:
        for i, r in enumerate(rows):
            if i and pred(r):
                return i
        raise LookupError

    # 1. Broken line: the VAT line of HL02's invoice stops after Credit (13 fields out of 18;
    #    the amounts are all there, so its entry would still balance).
    i = find(lambda r: r[8] == BY_KEY["HL02"].number and r[4] == "445710")
    lines[i] = "\t".join(rows[i][:13])
    where["broken"] = i + 1
    # 2. Unbalanced entry: a typo on the sales line of SGD06's invoice (6075,00 keyed 6057,00).
    i = find(lambda r: r[8] == BY_KEY["SGD06"].number and r[4] == "701000")
    r = list(rows[i])
    assert r[12] == "6075,00"
    r[12] = "6057,00"
    lines[i] = "\t".join(r)
    where["unbalanced_line"] = i + 1
    where["unbalanced_entry_first_line"] = find(lambda x: x[0] == r[0] and x[2] == r[2]) + 1
    # 3. A date in an unknown format: the bank line of the TC03 receipt (21/10/2025) written
    #    2025-10-21 (its other line keeps 20251021).
    i = find(lambda r: r[0] == "BQ" and r[3] == "20251021" and r[4] == "512000")
    r = list(rows[i])
    r[3] = "2025-10-21"
    lines[i] = "\t".join(r)
    where["bad_date"] = i + 1
    return lines, where


def main() -> None:
    fill_numbers(SALES)
    entries = build_entries()
    check(entries)
    rows = fec_rows(entries)
    for r in rows:
        assert len(r) == 18
        assert not any(("\t" in c or "|" in c or "\n" in c) for c in r), r
    text = "".join("\t".join(r) + "\n" for r in rows)
    (HERE / "fec_2025.txt").write_bytes(text.encode("utf-8"))
    pipe = "".join("|".join(r) + "\r\n" for r in rows)
    (HERE / "fec_2025_pipe_cp1252.txt").write_bytes(pipe.encode("cp1252"))
    bad, where = bad_fec(rows)
    (HERE / "fec_bad.txt").write_bytes(("\n".join(bad) + "\n").encode("utf-8"))
    (HERE / "invoices_2025.csv").write_bytes(excel_csv(invoice_rows()))
    (HERE / "events_2025.csv").write_bytes(excel_csv(event_rows()))
    print(f"fec_2025.txt: {len(rows)} lines (header included), {len(entries)} entries")
    print("fec_bad.txt defects (file line numbers, header = 1):", where)
    print("invoice numbers:", ", ".join(f"{s.key}={s.number}" for s in SALES))


if __name__ == "__main__":
    main()
