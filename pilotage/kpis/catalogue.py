"""The catalogue of indicator templates, per function, from what the texts name.

Each template gives a name, a one-line definition, a unit, a direction, a suggested target
and red threshold, a frequency, what it measures (``aspect``) and, for the indicators Pilotage
computes from imported data, the key of the figure it takes (see :mod:`pilotage.kpis.computed`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import units
from .periods import MONTHLY

HIGHER, LOWER = 1, -1
ANY = "any"
LEADER_TIME = "leader_time"

# What an indicator measures. The first four say something of the business (the relationship
# audit asks whether indicators measure impact, not only activity).
CASH, QUALITY, SATISFACTION, RESULTS, ACTIVITY, TIME = (
    "cash",
    "quality",
    "satisfaction",
    "results",
    "activity",
    "time",
)
IMPACT = frozenset({CASH, QUALITY, SATISFACTION, RESULTS})
RECOMMENDED = (5, 7)


@dataclass(frozen=True)
class Template:
    code: str
    functions: tuple[str, ...]
    name: Promise | str
    definition: Promise | str
    unit: str
    direction: int
    target: Decimal | None
    red: Decimal | None
    aspect: str
    computed: str = ""
    frequency: str = MONTHLY

    @property
    def source(self) -> str:
        if self.computed:
            return "computed"
        return "internal" if self.code == LEADER_TIME else "vendor"


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _t(code, functions, name, definition, unit, direction, target, red, aspect, computed=""):
    return Template(
        code, functions, name, definition, unit, direction, _d(target), _d(red), aspect, computed
    )


SALES = ("sales_admin",)
SUPPORT = ("customer_support",)
IT = ("it_support",)
TEMPLATES: tuple[Template, ...] = (
    # Sales administration and cash collection
    _t(
        "dso",
        SALES,
        _("DSO"),
        _("Days of sales the receivables represent (standard method, settings of the cash page)."),
        units.DAYS,
        LOWER,
        "50",
        "65",
        CASH,
        "cash.dso_standard_days",
    ),
    _t(
        "paid_on_time",
        SALES,
        _("Invoices paid on time"),
        _("Share of the invoices falling due in the month that were paid by their due date."),
        units.PERCENT,
        HIGHER,
        "80",
        "60",
        CASH,
        "cash.paid_on_time_share",
    ),
    _t(
        "days_late",
        SALES,
        pgettext_lazy("indicator", "Average days late"),
        _("Mean days between due date and payment of the invoices paid late in the month."),
        units.DAYS,
        LOWER,
        "10",
        "20",
        CASH,
        "cash.avg_days_late",
    ),
    _t(
        "delivery_to_invoice",
        SALES,
        _("Delivery to invoice"),
        _("Mean days from delivery to invoice of the invoices issued in the month."),
        units.DAYS,
        LOWER,
        "2",
        "5",
        CASH,
        "cash.delivery_to_invoice_days",
    ),
    _t(
        "reminders_when_due",
        SALES,
        pgettext_lazy("indicator", "Reminders sent when due"),
        _("Share of the overdue invoices reminded within the agreed days of their due date."),
        units.PERCENT,
        HIGHER,
        "95",
        "80",
        ACTIVITY,
        "cash.reminders_when_due_share",
    ),
    _t(
        "disputes",
        SALES,
        _("Customer disputes"),
        _("Disputes opened in the month."),
        units.COUNT,
        LOWER,
        "3",
        "8",
        QUALITY,
        "cash.disputes_opened",
    ),
    _t(
        "invoicing_incidents",
        SALES,
        _("Invoicing incidents"),
        _("Invoices cancelled or corrected because of an error in the month."),
        units.COUNT,
        LOWER,
        "2",
        "5",
        QUALITY,
    ),
    _t(
        "critical_incidents",
        SALES,
        _("Critical incidents"),
        _("Incidents that blocked a delivery, an invoice or a payment in the month."),
        units.COUNT,
        LOWER,
        "0",
        "2",
        QUALITY,
    ),
    # Customer support
    _t(
        "first_contact_resolution",
        SUPPORT,
        _("First-contact resolution"),
        _("Share of requests solved at the first contact."),
        units.PERCENT,
        HIGHER,
        "70",
        "55",
        QUALITY,
    ),
    _t(
        "response_time",
        SUPPORT,
        _("Average response time"),
        _("Mean time to the first answer to a customer, in working hours."),
        units.HOURS,
        LOWER,
        "4",
        "8",
        QUALITY,
    ),
    _t(
        "sla_compliance",
        SUPPORT + IT,
        _("Service-level compliance"),
        _(
            "Share of the tickets of the month within both their time to intervene and time to restore."
        ),
        units.PERCENT,
        HIGHER,
        "95",
        "90",
        QUALITY,
        "sla.compliance",
    ),
    _t(
        "customer_satisfaction",
        SUPPORT,
        _("Customer satisfaction"),
        _("Mean score given by customers after a request (out of 10)."),
        units.SCORE,
        HIGHER,
        "8",
        "6.5",
        SATISFACTION,
    ),
    # Sales prospection
    _t(
        "qualified_leads",
        ("prospection",),
        _("Qualified leads"),
        _("Leads meeting the qualification rules of the playbook in the month."),
        units.COUNT,
        HIGHER,
        "40",
        "20",
        ACTIVITY,
    ),
    _t(
        "meetings_booked",
        ("prospection",),
        _("Meetings booked"),
        _("Meetings with a qualified prospect booked in the month."),
        units.COUNT,
        HIGHER,
        "12",
        "6",
        ACTIVITY,
    ),
    _t(
        "lead_to_meeting",
        ("prospection",),
        _("Lead to meeting"),
        _("Share of qualified leads that led to a meeting."),
        units.PERCENT,
        HIGHER,
        "25",
        "15",
        RESULTS,
    ),
    _t(
        "meeting_to_sale",
        ("prospection",),
        _("Meeting to sale"),
        _("Share of meetings that led to a signed order."),
        units.PERCENT,
        HIGHER,
        "20",
        "10",
        RESULTS,
    ),
    # IT
    _t(
        "sla_breaches",
        IT,
        _("Service-level breaches"),
        _("Tickets of the month past their time to intervene or to restore."),
        units.COUNT,
        LOWER,
        "2",
        "6",
        QUALITY,
        "sla.breaches",
    ),
    _t(
        "incidents",
        IT,
        _("Incidents"),
        _("Incidents reported in the month."),
        units.COUNT,
        LOWER,
        "15",
        "30",
        QUALITY,
    ),
    _t(
        "availability",
        IT,
        _("Availability"),
        _("Share of the covered hours the critical systems were available."),
        units.PERCENT,
        HIGHER,
        "99.5",
        "99",
        QUALITY,
    ),
    # Marketing
    _t(
        "output_regularity",
        ("marketing",),
        _("Regularity of output"),
        _("Share of the planned contents (articles, newsletters, posts) delivered on their date."),
        units.PERCENT,
        HIGHER,
        "100",
        "80",
        ACTIVITY,
    ),
    _t(
        "leads_generated",
        ("marketing",),
        _("Leads generated"),
        _("Requests for quotes or contacts coming from the contents in the month."),
        units.COUNT,
        HIGHER,
        "20",
        "10",
        RESULTS,
    ),
    _t(
        "unsubscribe_rate",
        ("marketing",),
        _("Unsubscribe rate"),
        _("Share of the recipients who unsubscribed, per newsletter sent."),
        units.PERCENT,
        LOWER,
        "0.5",
        "1",
        QUALITY,
    ),
    # Any function
    _t(
        "delay_vs_plan",
        (ANY,),
        _("Delay against plan"),
        _("Days between the planned and the actual date of the deliverables of the month."),
        units.DAYS,
        LOWER,
        "0",
        "10",
        QUALITY,
    ),
    _t(
        "error_rate",
        (ANY,),
        _("Error rate"),
        _("Share of the deliverables of the month that had to be corrected."),
        units.PERCENT,
        LOWER,
        "1",
        "3",
        QUALITY,
    ),
    _t(
        "cost_per_deliverable",
        (ANY,),
        _("Cost per deliverable"),
        _("Fees of the month divided by the deliverables accepted."),
        units.EUROS,
        LOWER,
        None,
        None,
        CASH,
    ),
    _t(
        "internal_satisfaction",
        (ANY,),
        _("Internal satisfaction"),
        _("Mean score given by the teams served (out of 10)."),
        units.SCORE,
        HIGHER,
        "8",
        "6",
        SATISFACTION,
    ),
    _t(
        "request_response_days",
        (ANY,),
        _("Time to answer requests"),
        _(
            "Average working days the vendor took to answer the requests asked in the month "
            "(computed from the requests recorded in the governance page)."
        ),
        units.DAYS,
        LOWER,
        "2",
        "5",
        QUALITY,
        "governance.request_response_days",
    ),
    _t(
        LEADER_TIME,
        (ANY,),
        _("Time the leader spends steering"),
        _(
            "Hours the leader spent in the month on this engagement: meetings, checks, answers, fixes."
        ),
        units.HOURS,
        LOWER,
        "4",
        "8",
        TIME,
    ),
)
BY_CODE = {t.code: t for t in TEMPLATES}


def for_function(function: str) -> list[Template]:
    """The templates of ``function`` first, then those good for any function."""
    own = [t for t in TEMPLATES if function in t.functions]
    return own + [t for t in TEMPLATES if ANY in t.functions]


def advice(aspects: list[str]) -> list[str]:
    """Keys of what to say about a set of indicators (given by their aspects)."""
    out = []
    low, high = RECOMMENDED
    if len(aspects) < low:
        out.append("too_few")
    elif len(aspects) > high:
        out.append("too_many")
    if aspects and not IMPACT.intersection(aspects):
        out.append("activity_only")
    return out
