"""The clause checklist every contract is read against.

Which clauses are *essential* follows the logic of the texts the product is built on: a
clause is essential when, without it, the organisation cannot steer the vendor, get out of
the relationship, or stay lawful, whatever the function outsourced:

* performance (a share of the fee tied to the indicators): without it the indicators are
  only read, never acted on;
* confidentiality, GDPR: the vendor handles customers', employees' and financial data; the
  GDPR (art. 28) makes the processor's contract mandatory;
* reversibility and exit costs: the texts' central warning is dependence; getting out must
  be planned and priced at signature, not negotiated at the end;
* audit right and service levels: without them nothing can be checked or enforced.

Hardship and force majeure, flexible volumes and intellectual property are useful but not
essential here: the Civil Code already provides for hardship (art. 1195) and force majeure
(art. 1218) without a clause; flexible volumes matter only where activity swings; and in
the functions outsourced by an SME (bookkeeping, payroll, collection, IT support) little
intellectual property is created, and what matters of it (the data, the documentation) is
covered by reversibility.

A clause is *missing* when it is absent, not checked yet, or still "to negotiate".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ClauseDef:
    key: str
    label: Promise
    look_for: Promise  # what to look for in the text
    essential: bool


CHECKLIST: tuple[ClauseDef, ...] = (
    ClauseDef(
        "performance",
        _("Performance"),
        _("A share of the fee tied to the indicators: which ones, the thresholds, the amounts."),
        True,
    ),
    ClauseDef(
        "confidentiality",
        _("Confidentiality"),
        _("Its scope (data, documents, know-how) and how long it lasts after the end."),
        True,
    ),
    ClauseDef(
        "reversibility",
        _("Reversibility"),
        _(
            "Return of the data, code and documentation; training of the successor; "
            "continuity of service during the transition; progressive takeover."
        ),
        True,
    ),
    ClauseDef(
        "hardship",
        _("Hardship and force majeure"),
        _("What happens when circumstances change or prevent performance."),
        False,
    ),
    ClauseDef(
        "gdpr",
        _("GDPR"),
        _("The roles (controller, processor), the sub-processors, transfers outside the EU."),
        True,
    ),
    ClauseDef(
        "audit",
        _("Audit right"),
        _("Your right to check the vendor's work and compliance, on notice, at what cost."),
        True,
    ),
    ClauseDef(
        "service_levels",
        _("Service levels"),
        _("The levels, how they are measured, and the consequences when they are missed."),
        True,
    ),
    ClauseDef(
        "volumes",
        _("Flexible volumes"),
        _("How the fee follows the volume up and down, and within which bounds."),
        False,
    ),
    ClauseDef(
        "ip",
        _("Intellectual property"),
        _("Who owns what is produced (documents, scripts, settings, reports)."),
        False,
    ),
    ClauseDef(
        "exit_costs",
        _("Exit costs"),
        _("What leaving costs: fees, penalties, the price of the transition."),
        True,
    ),
)
BY_KEY = {c.key: c for c in CHECKLIST}
KEYS = tuple(c.key for c in CHECKLIST)
ESSENTIAL = frozenset(c.key for c in CHECKLIST if c.essential)
# The statuses that leave an essential clause missing.
OPEN_STATUSES = frozenset({"unknown", "absent", "negotiate"})


def is_missing(key: str, status: str) -> bool:
    return key in ESSENTIAL and status in OPEN_STATUSES


def label(key: str) -> str:
    found = BY_KEY.get(key)
    return str(found.label) if found else key
