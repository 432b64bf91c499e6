from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from pilotage.core.models import Organisation

from .models import WEEKDAYS, BusinessCalendar, PenaltyMode

ZONES = sorted(zoneinfo.available_timezones())
ZONE_CHOICES = [(z, z) for z in ZONES]
_SPAN = re.compile(r"^\s*(\d{1,2}[:h]\d{2})\s*[-–]\s*(\d{1,2}[:h]\d{2})\s*$")


def hours_text(spans: list[list[str]]) -> str:
    return ", ".join(f"{a}-{b}" for a, b in spans)


def parse_hours(text: str) -> list[list[str]]:
    """ "09:00-12:00, 14:00-18:00" → [["09:00", "12:00"], ["14:00", "18:00"]]."""
    spans = []
    for part in filter(None, (p.strip() for p in re.split(r"[,;]", text or ""))):
        m = _SPAN.match(part)
        if not m:
            raise forms.ValidationError(_("Write the hours as 09:00-12:00, 14:00-18:00."))
        a, b = (x.replace("h", ":").zfill(5) for x in m.groups())
        spans.append([a, b])
    return spans


def parse_days(text: str) -> list[str]:
    """One date a line (23/11/2026 or 2026-11-23) → ISO dates."""
    out = []
    for line in filter(None, (line.strip() for line in (text or "").splitlines())):
        token = line.split()[0]
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                out.append(dt.datetime.strptime(token, fmt).date().isoformat())
                break
            except ValueError:
                continue
        else:
            raise forms.ValidationError(
                _("Unreadable date “%(value)s”: write 23/11/2026.") % {"value": token}
            )
    return sorted(set(out))


class CalendarForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    timezone = forms.ChoiceField(label=_("Time zone"), choices=ZONE_CHOICES, initial="Europe/Paris")
    holiday_country = forms.CharField(
        label=_("Public holidays (country)"),
        max_length=8,
        required=False,
        initial="FR",
        help_text=_("FR for France; empty for no holiday."),
    )
    subdivision = forms.CharField(
        label=_("Subdivision"),
        max_length=16,
        required=False,
        help_text=_(
            "57 Moselle, 6AE Alsace, 971 Guadeloupe, 972 Martinique, 973 Guyane, 974 La Réunion, 976 Mayotte."
        ),
    )
    closed_days = forms.CharField(
        label=_("Extra closed days"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One date a line: company closures, bridge days."),
    )
    open_days = forms.CharField(
        label=_("Holidays worked anyway"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One date a line, e.g. Whit Monday: open with that weekday's hours."),
    )

    def __init__(self, *args, calendar: BusinessCalendar | None = None, **kwargs):
        if calendar is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": calendar.name,
                "timezone": calendar.timezone,
                "holiday_country": calendar.holiday_country,
                "subdivision": calendar.subdivision,
                "closed_days": "\n".join(
                    dt.date.fromisoformat(d).strftime("%d/%m/%Y") for d in calendar.closed_days
                ),
                "open_days": "\n".join(
                    dt.date.fromisoformat(d).strftime("%d/%m/%Y") for d in calendar.open_days
                ),
                **{
                    f"day_{d}": hours_text(calendar.weekly_hours.get(str(d), []))
                    for d, _n in WEEKDAYS
                },
            }
        super().__init__(*args, **kwargs)
        for day, label in WEEKDAYS:
            self.fields[f"day_{day}"] = forms.CharField(
                label=label,
                required=False,
                widget=forms.TextInput(attrs={"placeholder": "09:00-12:00, 14:00-18:00"}),
            )
        self.order_fields(["name", *[f"day_{d}" for d, _n in WEEKDAYS]])

    def clean_closed_days(self) -> list[str]:
        return parse_days(self.cleaned_data.get("closed_days", ""))

    def clean_open_days(self) -> list[str]:
        return parse_days(self.cleaned_data.get("open_days", ""))

    def clean(self):
        data = super().clean()
        week = {}
        for day, _label in WEEKDAYS:
            try:
                spans = parse_hours(data.get(f"day_{day}", ""))
            except forms.ValidationError as e:
                self.add_error(f"day_{day}", e)
                continue
            if spans:
                week[str(day)] = spans
        data["weekly_hours"] = week
        return data

    def values(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["name"],
            "timezone": d["timezone"],
            "holiday_country": (d["holiday_country"] or "").upper(),
            "subdivision": d["subdivision"],
            "weekly_hours": d["weekly_hours"],
            "closed_days": d["closed_days"],
            "open_days": d["open_days"],
        }


def amount_field(label: str, **extra) -> forms.DecimalField:
    """An optional non-negative amount or share, written the reader's way (3 800,00)."""
    return forms.DecimalField(
        localize=True, label=label, min_value=0, decimal_places=2, required=False, **extra
    )


class PolicyForm(forms.Form):
    compliance_target = forms.DecimalField(
        localize=True,
        label=_("Monthly compliance target (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
    )
    pause_statuses = forms.CharField(
        label=_("Statuses that pause the clock"),
        required=False,
        help_text=_("Separated by commas, as the ticketing tool writes them: En attente, Pending…"),
    )
    penalty_mode = forms.ChoiceField(label=_("Penalty"), choices=PenaltyMode.choices)
    amount_per_ticket = amount_field(_("Amount per missed ticket (€)"))
    amount_per_hour = amount_field(_("Amount per started hour late (€)"))
    monthly_fee = amount_field(_("Monthly fee (€ excl. VAT)"))
    cap_percent = amount_field(_("Monthly cap (share of the fee, in percent)"), max_value=100)
    credit_tiers = forms.CharField(
        label=_("Service-credit tiers"),
        required=False,
        help_text=_(
            "“below 95 → 5, below 90 → 10”: a compliance below 95 percent gives a credit of 5 percent of the fee…"
        ),
    )

    def clean_pause_statuses(self) -> list[str]:
        return [
            s.strip()
            for s in (self.cleaned_data.get("pause_statuses") or "").split(",")
            if s.strip()
        ]

    def clean_credit_tiers(self) -> list[dict[str, str]]:
        text = self.cleaned_data.get("credit_tiers") or ""
        tiers = []
        for part in filter(None, (p.strip() for p in re.split(r"[,;]", text))):
            m = re.match(
                r"^(?:below|sous|<)?\s*(\d+(?:[.,]\d+)?)\s*%?\s*(?:→|->|=>|:)\s*(\d+(?:[.,]\d+)?)\s*%?$",
                part,
                re.I,
            )
            if not m:
                raise forms.ValidationError(_("Write the tiers as “below 95 → 5, below 90 → 10”."))
            tiers.append(
                {"below": m.group(1).replace(",", "."), "credit": m.group(2).replace(",", ".")}
            )
        return tiers

    def clean(self):
        data = super().clean()
        mode = data.get("penalty_mode")
        if mode == PenaltyMode.PER_TICKET and not data.get("amount_per_ticket"):
            self.add_error("amount_per_ticket", _("Give the amount per missed ticket."))
        if mode == PenaltyMode.PER_STARTED_HOUR and not data.get("amount_per_hour"):
            self.add_error("amount_per_hour", _("Give the amount per started hour."))
        if mode == PenaltyMode.SERVICE_CREDIT:
            if not data.get("monthly_fee"):
                self.add_error(
                    "monthly_fee", _("Service credits are a share of the monthly fee: give it.")
                )
            if not data.get("credit_tiers"):
                self.add_error("credit_tiers", _("Give at least one tier."))
        if data.get("cap_percent") is not None and not data.get("monthly_fee"):
            self.add_error("monthly_fee", _("The cap is a share of the monthly fee: give it."))
        return data


class PriorityForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=10)
    name = forms.CharField(label=_("Name"), max_length=60)
    gti_minutes = forms.IntegerField(label=_("GTI (minutes)"), min_value=1)
    gtr_minutes = forms.IntegerField(label=_("GTR (minutes)"), min_value=1)
    calendar = forms.ModelChoiceField(label=_("Calendar"), queryset=None)
    aliases = forms.CharField(label=_("Names in imported files"), required=False, max_length=500)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["calendar"].queryset = BusinessCalendar.objects.filter(
            organisation=organisation
        )

    def clean_aliases(self) -> list[str]:
        return [a.strip() for a in (self.cleaned_data.get("aliases") or "").split(",") if a.strip()]


PriorityFormSet = forms.formset_factory(
    PriorityForm, extra=0, min_num=1, max_num=6, validate_min=True
)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    kind = forms.ChoiceField(
        label=_("Contents"),
        choices=[
            ("tickets", _("Tickets")),
            ("pauses", _("Pause intervals (ticket id, from, until)")),
            ("statuses", _("Status history (ticket id, status, changed at)")),
        ],
        initial="tickets",
    )
    timezone = forms.ChoiceField(
        label=_("Time zone of the dates in the file"), choices=ZONE_CHOICES, initial="Europe/Paris"
    )
