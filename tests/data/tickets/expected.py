"""Expected figures for the ticket fixtures of this folder, computed from the files themselves.

Plain Python 3.11 (standard library only: csv, zipfile, xml, zoneinfo); it imports nothing
from Pilotage, so it is an independent check of the import and of the business-time engine.

    python3 tests/data/tickets/expected.py            # Markdown tables (pasted in README.md)
    python3 tests/data/tickets/expected.py --json     # the same figures, machine-readable

Conventions (the ones Pilotage documents):
* local times are Europe/Paris; an ambiguous autumn time (25 Oct 2026, 02:00–02:59) is read
  with fold=0, i.e. its FIRST occurrence (CEST, UTC+2);
* business calendar: Monday–Friday 08:00–12:00 and 13:30–18:00, minus French public holidays
  (in the period: Sunday 1 Nov and Wednesday 11 Nov 2026);
* 24/7 calendar: every real second (so the night of 25 Oct lasts one hour longer);
* time to intervene = opened → taken in charge, time to restore = opened → resolved, both
  minus the business time of the (merged) pauses that fall inside;
* a value breaches when it is strictly greater than the target; a ticket not yet taken in
  charge / not yet resolved breaches once the time elapsed "now" exceeds the target: its
  deadline is given instead.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC

FR_HOLIDAYS_2026 = {
    dt.date(2026, 1, 1),
    dt.date(2026, 4, 6),
    dt.date(2026, 5, 1),
    dt.date(2026, 5, 8),
    dt.date(2026, 5, 14),
    dt.date(2026, 5, 25),
    dt.date(2026, 7, 14),
    dt.date(2026, 8, 15),
    dt.date(2026, 11, 1),
    dt.date(2026, 11, 11),
    dt.date(2026, 12, 25),
}
WEEK_HOURS = ((dt.time(8, 0), dt.time(12, 0)), (dt.time(13, 30), dt.time(18, 0)))

# Targets (seconds): P1 on the 24/7 calendar, the others on business hours.
TARGETS = {
    1: (3600, 4 * 3600),
    2: (2 * 3600, 8 * 3600),
    3: (4 * 3600, 16 * 3600),
    4: (8 * 3600, 40 * 3600),
}
CAL_OF = {1: "24/7", 2: "business", 3: "business", 4: "business"}

LEVELS = {
    "glpi": {"très haute": 1, "majeure": 1, "haute": 2, "moyenne": 3, "basse": 4, "très basse": 4},
    # Stock Zammad has 3 priorities. The contract of the fixture makes "3 high" the top level
    # (P1). Pilotage's default aliases put "3 high" in P2: see ZAMMAD_DEFAULT_ALIASES.
    "zammad": {"3 high": 1, "2 normal": 3, "1 low": 4},
    "jira": {"highest": 1, "high": 2, "medium": 3, "low": 4, "lowest": 4},
}
ZAMMAD_DEFAULT_ALIASES = {"3 high": 2, "2 normal": 3, "1 low": 4}


# ----------------------------------------------------------------------------------------
# Calendars
# ----------------------------------------------------------------------------------------


def business_intervals(a: dt.datetime, b: dt.datetime):
    """Open intervals (UTC) of the business calendar that meet [a, b]."""
    day = a.astimezone(PARIS).date() - dt.timedelta(days=1)
    last = b.astimezone(PARIS).date() + dt.timedelta(days=1)
    while day <= last:
        if day.weekday() < 5 and day not in FR_HOLIDAYS_2026:
            for start, end in WEEK_HOURS:
                x = dt.datetime.combine(day, start, PARIS).astimezone(UTC)
                y = dt.datetime.combine(day, end, PARIS).astimezone(UTC)
                yield x, y
        day += dt.timedelta(days=1)


def covered(calendar: str, a: dt.datetime, b: dt.datetime) -> float:
    if b <= a:
        return 0.0
    if calendar == "24/7":
        return (b - a).total_seconds()
    total = 0.0
    for x, y in business_intervals(a, b):
        lo, hi = max(x, a), min(y, b)
        if hi > lo:
            total += (hi - lo).total_seconds()
    return total


def merge(pauses):
    """Merge overlapping or touching pauses; an open pause (end None) runs forever."""
    far = dt.datetime(9999, 1, 1, tzinfo=UTC)
    out: list[list[dt.datetime]] = []
    for a, b in sorted((a, b or far) for a, b in pauses):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def net(calendar: str, opened, until, pauses) -> float:
    total = covered(calendar, opened, until)
    for a, b in merge(pauses):
        total -= covered(calendar, max(a, opened), min(b, until))
    return total


def deadline(calendar: str, opened: dt.datetime, target: float, pauses) -> dt.datetime | None:
    """First instant at which the net time since `opened` exceeds `target` (None: never,
    because a pause that never ends freezes the clock first)."""
    step = dt.timedelta(hours=1)
    t = opened
    for _ in range(24 * 400):
        nxt = t + step
        if net(calendar, opened, nxt, pauses) >= target:
            lo, hi = t, nxt  # bisect to the second
            while (hi - lo) > dt.timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                if net(calendar, opened, mid, pauses) >= target:
                    hi = mid
                else:
                    lo = mid
            return hi.replace(microsecond=0)
        t = nxt
    return None


# ----------------------------------------------------------------------------------------
# Reading the files
# ----------------------------------------------------------------------------------------


@dataclass
class Ticket:
    id: str
    title: str
    status: str
    priority: str
    opened: dt.datetime
    taken: dt.datetime | None
    resolved: dt.datetime | None
    pauses: list = field(default_factory=list)


def paris(naive: dt.datetime) -> dt.datetime:
    return naive.replace(tzinfo=PARIS, fold=0).astimezone(UTC)


def parse(text: str, fmt: str) -> dt.datetime | None:
    text = text.strip()
    return paris(dt.datetime.strptime(text, fmt)) if text else None


MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    )
}


def parse_jira(text: str) -> dt.datetime | None:
    """dd/MMM/yy h:mm a with English month abbreviations, read without the C locale."""
    text = text.strip()
    if not text:
        return None
    date, clock, ampm = text.split(" ")
    d, mon, yy = date.split("/")
    h, mi = (int(x) for x in clock.split(":"))
    h = h % 12 + (12 if ampm == "PM" else 0)
    return paris(dt.datetime(2000 + int(yy), MONTHS[mon], int(d), h, mi))


def read_glpi() -> list[Ticket]:
    raw = (HERE / "glpi_tickets.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "GLPI 10 writes a UTF-8 BOM"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    head = rows[0]
    assert head[-1] == "", "GLPI 10 ends every line with the delimiter"
    col = {h: i for i, h in enumerate(head)}
    fmt = "%d-%m-%Y %H:%M"
    return [
        Ticket(
            r[col["ID"]],
            r[col["Titre"]],
            r[col["Statut"]],
            r[col["Priorité"]],
            parse(r[col["Date d'ouverture"]], fmt),
            None,
            parse(r[col["Date de résolution"]], fmt),
        )
        for r in rows[1:]
    ]


def read_pauses() -> dict[str, list]:
    rows = list(
        csv.DictReader(io.StringIO((HERE / "pauses_generic.csv").read_text("utf-8")), delimiter=";")
    )
    out: dict[str, list] = {}
    for r in rows:
        out.setdefault(r["id"], []).append(
            (parse(r["paused_from"], "%d/%m/%Y %H:%M"), parse(r["paused_until"], "%d/%m/%Y %H:%M"))
        )
    return out


def zammad_table(rows: list[list[str]]) -> list[Ticket]:
    # Row 1: report title, row 2: blank, row 3: headers, then tickets, a blank row, the time zone.
    assert rows[2][0] == "#", "the ticket number column is headed '#'"
    head = rows[2]
    col = {h: i for i, h in enumerate(head)}
    fmt = "%Y-%m-%d %H:%M:%S"
    out = []
    for r in rows[3:]:
        if not any(r):
            break
        out.append(
            Ticket(
                r[col["#"]],
                r[col["Title"]],
                r[col["State"]],
                r[col["Priority"]],
                parse(r[col["Created At"]], fmt),
                parse(r[col["First Response At"]], fmt),
                parse(r[col["Closed At"]], fmt),
            )
        )
    return out


def read_zammad_csv() -> list[list[str]]:
    text = (HERE / "zammad_tickets.csv").read_bytes().decode("cp1252")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def read_zammad_xlsx() -> list[list[str]]:
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(HERE / "zammad_tickets.xlsx") as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
                shared.append("".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")))
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    grid: dict[int, dict[int, str]] = {}
    kinds = set()
    for c in sheet.iter(f"{{{ns['m']}}}c"):
        ref = c.get("r")
        letters = "".join(ch for ch in ref if ch.isalpha())
        n = 0
        for ch in letters:
            n = n * 26 + ord(ch) - 64
        row = int(ref[len(letters) :])
        v = c.find("m:v", ns)
        if c.get("t") == "s":
            value = shared[int(v.text)]
        elif c.get("t") == "inlineStr":
            value = "".join(t.text or "" for t in c.iter(f"{{{ns['m']}}}t"))
        else:
            value = v.text if v is not None else ""
            if value and value.endswith(".0"):
                value = value[:-2]
        kinds.add((n, c.get("t")))
        grid.setdefault(row, {})[n - 1] = value
    width = max(max(r) for r in grid.values()) + 1
    height = max(grid)
    return [[grid.get(i, {}).get(j, "") for j in range(width)] for i in range(1, height + 1)]


def read_zammad() -> list[Ticket]:
    from_csv = read_zammad_csv()
    from_xlsx = read_zammad_xlsx()
    width = len(from_csv[2])
    padded = [r + [""] * (width - len(r)) for r in from_xlsx] + [[""] * width] * (
        len(from_csv) - len(from_xlsx)
    )
    assert padded == from_csv, "the CSV is the XLSX saved by Excel"
    return zammad_table(from_csv)


def read_jira() -> list[Ticket]:
    text = (HERE / "jira_sm_tickets.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    return [
        Ticket(
            r["Issue key"],
            r["Summary"],
            r["Status"],
            r["Priority"],
            parse_jira(r["Created"]),
            parse_jira(r["Custom field ([CHART] Date of First Response)"]),
            parse_jira(r["Resolved"]),
        )
        for r in rows
    ]


# ----------------------------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------------------------


def measure(tool: str, tickets: list[Ticket], *, has_taken: bool, levels=None) -> list[dict]:
    levels = levels or LEVELS[tool]
    out = []
    for t in tickets:
        level = levels[t.priority.casefold()]
        gti, gtr = TARGETS[level]
        cal = CAL_OF[level]
        r = {
            "id": t.id,
            "title": t.title,
            "status": t.status,
            "priority": t.priority,
            "level": f"P{level}",
            "opened": t.opened,
            "taken": t.taken,
            "resolved": t.resolved,
            "pauses": [(a, b) for a, b in t.pauses],
            "intervene_business": None,
            "restore_business": None,
            "intervene_24_7": None,
            "restore_24_7": None,
            "intervene_net": None,
            "restore_net": None,
            "calendar": cal,
            "gti": gti,
            "gtr": gtr,
            "intervene_breached": None,
            "restore_breached": None,
            "intervene_deadline": None,
            "restore_deadline": None,
        }
        if t.taken:
            r["intervene_business"] = covered("business", t.opened, t.taken)
            r["intervene_24_7"] = covered("24/7", t.opened, t.taken)
            r["intervene_net"] = net(cal, t.opened, t.taken, t.pauses)
            r["intervene_breached"] = r["intervene_net"] > gti
        elif has_taken:
            r["intervene_deadline"] = deadline(cal, t.opened, gti, t.pauses)
        if t.resolved:
            r["restore_business"] = covered("business", t.opened, t.resolved)
            r["restore_24_7"] = covered("24/7", t.opened, t.resolved)
            r["restore_net"] = net(cal, t.opened, t.resolved, t.pauses)
            r["restore_breached"] = r["restore_net"] > gtr
        else:
            r["restore_deadline"] = deadline(cal, t.opened, gtr, t.pauses)
        out.append(r)
    return out


def results():
    glpi = read_glpi()
    glpi_alone = measure("glpi", glpi, has_taken=False)
    pauses = read_pauses()
    for t in glpi:
        t.pauses = pauses.get(t.id, [])
    glpi_paused = measure("glpi", glpi, has_taken=False)
    zammad = read_zammad()
    return {
        "glpi_tickets.csv": glpi_alone,
        "glpi_tickets.csv + pauses_generic.csv": glpi_paused,
        "zammad_tickets.xlsx (= .csv), 3 high = P1": measure("zammad", zammad, has_taken=True),
        "zammad_tickets.xlsx (= .csv), Pilotage's default aliases, 3 high = P2": measure(
            "zammad", zammad, has_taken=True, levels=ZAMMAD_DEFAULT_ALIASES
        ),
        "jira_sm_tickets.csv": measure("jira", read_jira(), has_taken=True),
    }


# ----------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------


def hm(seconds: float | None) -> str:
    if seconds is None:
        return ""
    m = round(seconds / 60)
    return f"{m // 60}:{m % 60:02d}"


def loc(t: dt.datetime | None) -> str:
    if not t:
        return ""
    x = t.astimezone(PARIS)
    text = x.strftime("%d/%m %H:%M")
    if dt.date(2026, 10, 24) <= x.date() <= dt.date(2026, 10, 26):  # around the DST change
        text += " (UTC+2)" if x.utcoffset() == dt.timedelta(hours=2) else " (UTC+1)"
    return text


def cell_breach(flag, deadline_at) -> str:
    if flag is True:
        return "**yes**"
    if flag is False:
        return "no"
    if deadline_at:
        return f"open, breaches after {loc(deadline_at)}"
    return "—"


def gti_cell(name: str, r) -> str:
    if name.startswith("glpi"):
        return "n/a (no taken column)"
    return cell_breach(r["intervene_breached"], r["intervene_deadline"])


def gtr_cell(r) -> str:
    if r["resolved"] is None and r["restore_deadline"] is None:
        return "open; clock stopped by a pause with no end"
    return cell_breach(r["restore_breached"], r["restore_deadline"])


def markdown(res) -> str:
    out = []
    for name, rows in res.items():
        with_pauses = "pauses" in name
        out.append(f"\n#### {name}\n")
        out.append(
            "| ticket | priority | level | opened | taken | resolved | GTI s (h:mm) | GTR s (h:mm) | GTI breach | GTR breach |"
        )
        out.append("|---|---|---|---|---|---|---|---|---|---|")
        for r in rows:

            def fig(kind):
                v = r[f"{kind}_net"]
                if v is None:
                    return ""
                extra = ""
                gross = r[f"{kind}_24_7" if r["calendar"] == "24/7" else f"{kind}_business"]
                if with_pauses and abs(gross - v) > 0.5:
                    extra = f" (gross {int(gross)})"
                if r["calendar"] == "24/7":
                    extra += f" [business {int(r[f'{kind}_business'])}]"
                return f"{int(v)} ({hm(v)}){extra}"

            out.append(
                f"| {r['id']} | {r['priority']} | {r['level']} {'24/7' if r['calendar'] == '24/7' else ''} | "
                f"{loc(r['opened'])} | {loc(r['taken'])} | {loc(r['resolved'])} | {fig('intervene')} | {fig('restore')} | "
                f"{gti_cell(name, r)} | {gtr_cell(r)} |"
            )
        gti = [r["id"] for r in rows if r["intervene_breached"]]
        gtr = [r["id"] for r in rows if r["restore_breached"]]
        out.append(
            f"\nIn breach — GTI: {', '.join(gti) or 'none'}; GTR: {', '.join(gtr) or 'none'}."
        )
    return "\n".join(out)


def jsonable(res):
    def conv(v):
        if isinstance(v, dt.datetime):
            return v.isoformat()
        if isinstance(v, (list, tuple)):
            return [conv(x) for x in v]
        return v

    return {k: [{kk: conv(vv) for kk, vv in r.items()} for r in rows] for k, rows in res.items()}


def main():
    res = results()
    if "--json" in sys.argv:
        print(json.dumps(jsonable(res), ensure_ascii=False, indent=1))
    else:
        print(markdown(res))


if __name__ == "__main__":
    main()
