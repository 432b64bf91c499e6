"""`pilotage cash report FILE`: the cash indicators of a FEC or an invoice file, no database needed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pilotage.cash import documents as d
from pilotage.cash import files, report, sources
from pilotage.lib.tabular import UnreadableFile, open_table


def _terms(text: str) -> d.Terms:
    try:
        return d.Terms.parse(text)
    except ValueError:
        raise CommandError(
            _(
                "Unreadable terms “%(text)s”: write “net 30”, “45 eom” (45 days, then the end "
                "of that month) or “45 eom before” (the end of the month, then 45 days)."
            )
            % {"text": text}
        ) from None


class Command(BaseCommand):
    help = "Cash tools. `report FILE` prints the receivable indicators of a FEC or an invoice file."
    leave_locale_alone = True

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rep = sub.add_parser(
            "report",
            help="Receivables, DSO, paid on time, days late, aging, statutory check, monthly series.",
        )
        rep.add_argument(
            "file", type=Path, help="A FEC (tab or pipe) or an invoice file (CSV/XLSX)."
        )
        rep.add_argument(
            "--as-of", type=dt.date.fromisoformat, help="YYYY-MM-DD; default: the file's last date."
        )
        rep.add_argument("--window", type=int, default=90, help="Days of the period (default 90).")
        rep.add_argument("--year-days", type=int, choices=(365, 360), default=365)
        rep.add_argument(
            "--terms", default="net 30", help="Payment terms: 'net 30', '45 eom', '45 eom before'."
        )
        rep.add_argument(
            "--customer-terms",
            action="append",
            default=[],
            metavar="CUSTOMER=TERMS",
            help="Terms of one customer (its account or auxiliary account, or its name in an invoice file).",
        )
        rep.add_argument("--events", type=Path, help="Reminders and disputes (CSV/XLSX).")
        rep.add_argument(
            "--months", type=int, default=12, help="Months of the monthly series (up to 36)."
        )
        rep.add_argument("--format", choices=("json", "table"), default="table")
        rep.add_argument("--language", choices=("fr", "en"), default="fr")

    def handle(self, *args: Any, **o: Any) -> None:
        translation.activate(o["language"])
        if not 1 <= o["window"] <= 3660:
            raise CommandError(_("--window must be between 1 and 3660 days."))
        if not 1 <= o["months"] <= 36:
            raise CommandError(_("--months must be between 1 and 36."))
        customer_terms = {}
        for item in o["customer_terms"]:
            code, sep, text = item.partition("=")
            if not sep or not code.strip():
                raise CommandError(
                    _("--customer-terms “%(item)s”: write CUSTOMER=TERMS.") % {"item": item}
                )
            customer_terms[code.strip()] = _terms(text)
        try:
            with o["file"].open("rb") as f:
                loaded = sources.load(f)
        except OSError as e:
            raise CommandError(f"{o['file']}: {e.strerror}") from None
        except sources.Refused as e:
            for err in e.errors:
                self.stderr.write(f"{o['file']}:{err['row']}: {err['message']}")
            raise CommandError(
                _("%(count)s error(s): nothing computed.") % {"count": e.count}, returncode=1
            ) from None
        docs = loaded.docs
        if loaded.kind == sources.INVOICES:
            customer_terms = {k.casefold(): v for k, v in customer_terms.items()}
        events = self._events(o["events"], docs) if o["events"] else None
        as_of = o["as_of"] or self._last_day(docs)
        result = report.compute(
            docs,
            as_of=as_of,
            settings=report.Settings(
                window=o["window"],
                year_days=o["year_days"],
                terms=_terms(o["terms"]),
                customer_terms=customer_terms,
                months=o["months"],
            ),
            events=events,
        )
        result = {"source": loaded.kind, "rows": loaded.rows, **result}
        if o["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(table(result))

    def _last_day(self, docs: d.Documents) -> dt.date:
        days = docs.issued + docs.set_date
        if not days:
            raise CommandError(_("The file holds no invoice."))
        return d.date_of(max(days))

    def _events(self, path: Path, docs: d.Documents) -> report.Events:
        doc_of = {n: k for k, n in enumerate(docs.number)}
        try:
            with path.open("rb") as f:
                t = open_table(f)
                mapping = files.suggest_mapping(t.headers, "events")
                missing = [k for k in files.EVENT_REQUIRED if k not in mapping]
                if missing:
                    raise CommandError(
                        f"{path}: no column for "
                        + ", ".join(str(files.EVENT_FIELDS[k]) for k in missing)
                    )
                rows, checked = files.read_events(
                    t.rows, headers=t.headers, mapping=mapping, known=set(doc_of)
                )
        except (OSError, UnreadableFile) as e:
            raise CommandError(f"{path}: {e}") from None
        if checked.error_count:
            for err in checked.errors:
                self.stderr.write(f"{path}:{err.row}: {err.message}")
            raise CommandError(
                _("%(count)s error(s): nothing computed.") % {"count": checked.error_count},
                returncode=1,
            )
        return files.pair_events(rows, doc_of)


def _fmt(value: Any, unit: str = "") -> str:
    """As the pages write it: the core's filters, in the language chosen."""
    from pilotage.core.templatetags.pilotage import days, euros, percent

    if value is None:
        return "—"
    if unit == "%":
        return percent(value)
    if unit == "€":
        return euros(value)
    if unit == "d":
        return days(value)
    return str(value)


def _day(iso: str) -> str:
    return date_format(dt.date.fromisoformat(iso), "SHORT_DATE_FORMAT")


def table(r: dict[str, Any]) -> str:
    """The report as aligned text for a terminal."""
    rows = [
        (_("As of"), _day(r["as_of"])),
        (
            _("Period"),
            f"{_day(r['period_start'])} → {_day(r['period_end'])} ("
            + ngettext("%(n)s day", "%(n)s days", r["window_days"]) % {"n": r["window_days"]}
            + ")",
        ),
        (_("Invoices"), str(r["invoices"])),
        (_("Customers"), str(r["customers"])),
        (_("Receivables"), _fmt(r["receivables"], "€")),
        (_("Sales over the period"), _fmt(r["sales"], "€")),
        (_("DSO (standard)"), _fmt(r["dso_standard_days"], "d")),
        (_("DSO (countback)"), _fmt(r["dso_countback_days"], "d")),
        (_("Paid on time (count)"), _fmt(r["paid_on_time_share"], "%")),
        (_("Paid on time (amount)"), _fmt(r["paid_on_time_amount_share"], "%")),
        (_("Average days late"), _fmt(r["avg_days_late"], "d")),
        (_("Average days late, weighted"), _fmt(r["avg_days_late_weighted"], "d")),
        (_("Open overdue, average days"), _fmt(r["open_overdue_avg_days"], "d")),
        (_("Delivery → invoice"), _fmt(r["delivery_to_invoice_days"], "d")),
        (_("Reminders sent when due"), _fmt(r["reminders_when_due_share"], "%")),
        (
            _("Disputes opened / closed / open"),
            "—"
            if r["disputes_opened"] is None
            else f"{r['disputes_opened']} / {r['disputes_closed']} / {r['disputes_open']}",
        ),
    ]
    aging = r["aging"]
    rows += [
        (_("Not yet due"), _fmt(aging["not_due"], "€")),
        (_("1–30 days overdue"), _fmt(aging["1_30"], "€")),
        (_("31–60 days overdue"), _fmt(aging["31_60"], "€")),
        (_("61–90 days overdue"), _fmt(aging["61_90"], "€")),
        (_("Over 90 days overdue"), _fmt(aging["over_90"], "€")),
        (_("Unapplied credits"), _fmt(aging["unapplied_credits"], "€")),
    ]
    s = r["statutory"]
    rows += [
        (_("Terms over the legal limit"), str(s["terms_over_limit"])),
        (_("Late invoices"), str(s["late_invoices"])),
        (_("Late-payment penalties due"), _fmt(s["penalties"], "€")),
        (_("Fixed indemnities (€40 each)"), _fmt(s["indemnities"], "€")),
    ]
    width = max(len(label) for label, _v in rows)
    lines = [f"{label.ljust(width)}  {value}" for label, value in rows]
    if r["top_late_customers"]:
        lines += ["", _("Top late customers")]
        for c in r["top_late_customers"]:
            lines.append(
                f"  {c['name'][:40].ljust(40)}  {_fmt(c['overdue'], '€'):>16}  {c['oldest_days']:>4} j"
            )
    lines += [
        "",
        _("Month")
        + "     "
        + "  ".join(
            h.rjust(14) for h in (_("Receivables"), _("DSO"), _("On time"), _("Days late"))
        ),
    ]
    for m in r["monthly"]:
        lines.append(
            f"{m['month']}   "
            + "  ".join(
                v.rjust(14)
                for v in (
                    _fmt(m["receivables"], "€"),
                    _fmt(m["dso_standard_days"], "d"),
                    _fmt(m["paid_on_time_share"], "%"),
                    _fmt(m["avg_days_late"], "d"),
                )
            )
        )
    return "\n".join(lines)
