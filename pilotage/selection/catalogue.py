"""The catalogue of selection criteria and red flags, from what the texts name.

Generic criteria for every function (default weights make the price count without letting
it decide alone), criteria of their own for IT support and for web agencies, and the red
flags the texts warn about. Codes are stored; labels are shown in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ANY = "any"
IT = ("it_support",)
WEB = ("web",)
MAX_WEIGHT = 10
TOP_SCORE = 5


@dataclass(frozen=True)
class CriterionTemplate:
    code: str
    functions: tuple[str, ...]
    label: Promise | str
    help: Promise | str
    weight: int


CRITERIA: tuple[CriterionTemplate, ...] = (
    CriterionTemplate(
        "expertise",
        (ANY,),
        _("Proven sector and technical expertise"),
        _(
            "Shown, not claimed: work of the same kind in a company like yours, the people "
            "who would do it and what they know."
        ),
        3,
    ),
    CriterionTemplate(
        "references",
        (ANY,),
        _("Comparable references you can call"),
        _(
            "Clients of your size and sector, with a name and a phone number. A partner "
            "who trusts its work puts you in touch with them."
        ),
        3,
    ),
    CriterionTemplate(
        "method",
        (ANY,),
        _("Clear and transparent method"),
        _(
            "How the work will be done, by whom, at what pace, how you will follow it; "
            "the conditions of success and the risks are said, not hidden."
        ),
        2,
    ),
    CriterionTemplate(
        "understanding",
        (ANY,),
        _("Understanding of your business"),
        _(
            "Asks about your customers, your market and your constraints, and challenges "
            "the brief where it is badly put, instead of selling a ready-made solution."
        ),
        3,
    ),
    CriterionTemplate(
        "durability",
        (ANY,),
        _("Capacity to work over time"),
        _(
            "Long client relationships and repeat engagements: a high re-engagement rate "
            "says more than a portfolio of famous logos."
        ),
        2,
    ),
    CriterionTemplate(
        "price",
        (ANY,),
        _("Price"),
        _(
            "For the same scope, compared over the whole duration. The cheapest is not the "
            "best: a bad vendor costs more than doing it inside."
        ),
        2,
    ),
    # IT support: what happens when the computers stop on a Friday at 5 pm.
    CriterionTemplate(
        "it_sla",
        IT,
        _("Time to intervene and to restore committed, with penalties"),
        _(
            "A real SLA states the maximum delay before a technician takes the request in "
            "charge (GTI) and before the service works again (GTR), with penalties when missed."
        ),
        3,
    ),
    CriterionTemplate(
        "it_hours",
        IT,
        _("Nights, weekends and public holidays covered"),
        _("The SLA covers the hours your business needs, not only office hours."),
        2,
    ),
    CriterionTemplate(
        "it_monitoring",
        IT,
        _("Proactive monitoring"),
        _(
            "A method to audit and supervise your systems so that most incidents are "
            "prevented, not only repaired."
        ),
        2,
    ),
    CriterionTemplate(
        "it_backups",
        IT,
        _("Backups and recovery plan"),
        _("Where the backups are, how often they are tested, how long a restart takes."),
        2,
    ),
    CriterionTemplate(
        "it_gdpr",
        IT,
        _("GDPR and security evidence"),
        _(
            "Concrete evidence (register, sub-processors, security measures), not a promise: "
            "you stay legally responsible for your data."
        ),
        2,
    ),
    # Web agencies: still there after the site goes live.
    CriterionTemplate(
        "web_maintenance",
        WEB,
        _("Maintenance plan: corrective, evolutive, security"),
        _(
            "A detailed plan that fixes bugs, adds features and applies the security "
            "updates, with regular reports."
        ),
        3,
    ),
    CriterionTemplate(
        "web_maintained",
        WEB,
        _("Share of clients under maintenance"),
        _("A high share of clients followed after launch is a strong sign of reliability."),
        2,
    ),
    CriterionTemplate(
        "web_old_sites",
        WEB,
        _("Sites delivered 2–3 years ago still online and followed"),
        _("Ask to see older sites, not only the latest ones: are they online, fast, kept up?"),
        2,
    ),
    CriterionTemplate(
        "web_team",
        WEB,
        _("A team of 5 or more with varied profiles"),
        _("Developer, project manager, designer…: a real support capacity, not one person."),
        2,
    ),
)
BY_CODE = {c.code: c for c in CRITERIA}


def criteria_for(function: str) -> list[CriterionTemplate]:
    """The generic criteria, then those of ``function``."""
    return [c for c in CRITERIA if ANY in c.functions or function in c.functions]


@dataclass(frozen=True)
class RedFlagTemplate:
    code: str
    label: Promise | str
    help: Promise | str


RED_FLAGS: tuple[RedFlagTemplate, ...] = (
    RedFlagTemplate(
        "generic_offer",
        _("Catalogue or generic offer"),
        _("The proposal could be sent to anyone: nothing in it speaks of your business."),
    ),
    RedFlagTemplate(
        "no_reference",
        _("No verifiable reference"),
        _("No client you can call, or references that cannot be checked."),
    ),
    RedFlagTemplate(
        "underestimated",
        _("Delays or constraints underestimated"),
        _("A calendar or a workload that ignores the constraints you described."),
    ),
    RedFlagTemplate(
        "refuses_commitment",
        _("Refuses to commit some points in the contract"),
        _("Service levels, penalties, reversibility or GDPR: what is promised is not signed."),
    ),
    RedFlagTemplate(
        "big_promises",
        _("Big promises without questions about your business"),
        _("“100 leads a month” without having asked about your market or your customers."),
    ),
)
RED_FLAG_CODES = tuple(f.code for f in RED_FLAGS)
RED_FLAG_BY_CODE = {f.code: f for f in RED_FLAGS}
