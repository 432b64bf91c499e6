"""The usual activities of each function, offered to start a diagnostic: a code (the name
is translated by the caller) and the class the activity usually falls in."""

from __future__ import annotations

from dataclasses import dataclass

from .advice import REPETITIVE as R
from .advice import SENSITIVE as H
from .advice import STRATEGIC as S


@dataclass(frozen=True)
class UsualActivity:
    """A typical activity of a function: a code (its name is translated by the caller) and
    the class it usually falls in."""

    code: str
    function: str
    category: str


def _usual(function: str, *items: tuple[str, str]) -> tuple[UsualActivity, ...]:
    return tuple(UsualActivity(f"{function}.{code}", function, cat) for code, cat in items)


USUAL: dict[str, tuple[UsualActivity, ...]] = {
    "sales_admin": _usual(
        "sales_admin",
        ("order_entry", R),
        ("invoicing", R),
        ("standard_reminders", R),
        ("cash_in", R),
        ("monthly_reporting", R),
        ("disputes", H),
        ("commercial_conditions", H),
        ("customer_blocking", H),
        ("credit_decisions", S),
        ("key_account_relationship", S),
    ),
    "accounting": _usual(
        "accounting",
        ("purchase_entry", R),
        ("bank_reconciliation", R),
        ("expense_reports", R),
        ("vat_returns", R),
        ("supplier_payment_runs", R),
        ("management_reporting", R),
        ("payment_approval", H),
        ("year_end_closing", H),
        ("budget_and_financing", S),
    ),
    "payroll": _usual(
        "payroll",
        ("collect_variables", R),
        ("payslips", R),
        ("social_declarations", R),
        ("leave_and_absences", R),
        ("entry_exit_formalities", R),
        ("payroll_entries", R),
        ("employee_questions", H),
        ("pay_policy", S),
    ),
    "it_support": _usual(
        "it_support",
        ("helpdesk", R),
        ("workstation_setup", R),
        ("updates", R),
        ("backups", R),
        ("monitoring", R),
        ("access_rights", H),
        ("security_incidents", H),
        ("choice_of_tools", H),
        ("it_roadmap", S),
    ),
    "customer_support": _usual(
        "customer_support",
        ("first_level", R),
        ("order_tracking", R),
        ("knowledge_base", R),
        ("satisfaction_surveys", R),
        ("complaints", H),
        ("refunds", H),
        ("key_account_support", H),
        ("service_policy", S),
    ),
    "marketing": _usual(
        "marketing",
        ("social_media", R),
        ("newsletters", R),
        ("content_writing", R),
        ("campaign_reporting", R),
        ("trade_show_logistics", R),
        ("press_relations", H),
        ("customer_segmentation", S),
        ("brand_positioning", S),
        ("marketing_plan", S),
    ),
    "prospection": _usual(
        "prospection",
        ("prospect_lists", R),
        ("crm_updates", R),
        ("email_sequences", R),
        ("cold_calling", R),
        ("lead_qualification", H),
        ("target_choice", S),
        ("pricing_quotes", S),
        ("key_deal_negotiation", S),
    ),
    "web": _usual(
        "web",
        ("hosting", R),
        ("security_updates", R),
        ("content_updates", R),
        ("bug_fixes", R),
        ("traffic_reporting", R),
        ("new_features", H),
        ("user_experience", H),
        ("editorial_line", S),
        ("domain_and_access", S),
    ),
}


def usual_activities(function: str) -> list[UsualActivity]:
    """The typical activities of ``function`` (empty for an unknown one)."""
    return list(USUAL.get(function, ()))
