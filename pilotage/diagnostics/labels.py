"""The words of the diagnostic: names of the usual activities, reasons of the suggestions,
the readiness questions and sentences, the risks. The pure module :mod:`.advice` speaks in
codes; this module turns them into translated text."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import advice

# --- the usual activities of each function -----------------------------------------------

USUAL_NAMES: dict[str, Promise] = {
    # Sales administration
    "sales_admin.order_entry": _("Order entry"),
    "sales_admin.invoicing": _("Invoicing"),
    "sales_admin.standard_reminders": _("Standard payment reminders"),
    "sales_admin.cash_in": _("Cash-in follow-up and lettering"),
    "sales_admin.monthly_reporting": _("Monthly reporting preparation"),
    "sales_admin.disputes": _("Customer disputes"),
    "sales_admin.commercial_conditions": _("Commercial conditions and discounts"),
    "sales_admin.customer_blocking": _("Blocking a customer's orders"),
    "sales_admin.credit_decisions": _("Credit decisions"),
    "sales_admin.key_account_relationship": _("Key account relationship"),
    # Accounting
    "accounting.purchase_entry": _("Purchase invoice entry"),
    "accounting.bank_reconciliation": _("Bank reconciliation"),
    "accounting.expense_reports": _("Expense reports"),
    "accounting.vat_returns": _("VAT returns"),
    "accounting.supplier_payment_runs": _("Preparing supplier payments"),
    "accounting.management_reporting": _("Monthly management reporting"),
    "accounting.payment_approval": _("Approving supplier payments"),
    "accounting.year_end_closing": _("Year-end closing"),
    "accounting.budget_and_financing": _("Budget and financing decisions"),
    # Payroll
    "payroll.collect_variables": _("Collecting pay variables"),
    "payroll.payslips": _("Payslips"),
    "payroll.social_declarations": _("Social declarations (DSN)"),
    "payroll.leave_and_absences": _("Leave and absences"),
    "payroll.entry_exit_formalities": _("Hiring and leaving formalities"),
    "payroll.payroll_entries": _("Payroll accounting entries"),
    "payroll.employee_questions": _("Employees' pay questions"),
    "payroll.pay_policy": _("Pay policy and raises"),
    # IT support
    "it_support.helpdesk": _("User requests and helpdesk tickets"),
    "it_support.workstation_setup": _("Setting up workstations"),
    "it_support.updates": _("Software updates and patches"),
    "it_support.backups": _("Backups and restore tests"),
    "it_support.monitoring": _("Network and server monitoring"),
    "it_support.access_rights": _("Granting access rights"),
    "it_support.security_incidents": _("Security incidents"),
    "it_support.choice_of_tools": _("Choosing equipment and software"),
    "it_support.it_roadmap": _("IT strategy and roadmap"),
    # Customer support
    "customer_support.first_level": _("First-level requests (phone, e-mail)"),
    "customer_support.order_tracking": _("Order and delivery tracking"),
    "customer_support.knowledge_base": _("FAQ and knowledge base updates"),
    "customer_support.satisfaction_surveys": _("Satisfaction surveys"),
    "customer_support.complaints": _("Complaints and escalations"),
    "customer_support.refunds": _("Refunds and commercial gestures"),
    "customer_support.key_account_support": _("Support of key accounts"),
    "customer_support.service_policy": _("Service policy and standards"),
    # Marketing
    "marketing.social_media": _("Social media posts"),
    "marketing.newsletters": _("Newsletters and e-mailings"),
    "marketing.content_writing": _("Blog articles and content writing"),
    "marketing.campaign_reporting": _("Campaign reporting"),
    "marketing.trade_show_logistics": _("Trade show logistics"),
    "marketing.press_relations": _("Press relations"),
    "marketing.customer_segmentation": _("Customer segmentation"),
    "marketing.brand_positioning": _("Brand positioning"),
    "marketing.marketing_plan": _("Marketing plan and budget decisions"),
    # Prospection
    "prospection.prospect_lists": _("Building prospect lists"),
    "prospection.crm_updates": _("CRM updates"),
    "prospection.email_sequences": _("E-mail sequences and follow-ups"),
    "prospection.cold_calling": _("Cold calling and booking meetings"),
    "prospection.lead_qualification": _("Lead qualification (hot or lukewarm)"),
    "prospection.target_choice": _("Choice of target segments"),
    "prospection.pricing_quotes": _("Pricing of quotes"),
    "prospection.key_deal_negotiation": _("Negotiation of key deals"),
    # Web
    "web.hosting": _("Hosting and technical maintenance"),
    "web.security_updates": _("Security updates and backups"),
    "web.content_updates": _("Page and product updates"),
    "web.bug_fixes": _("Bug fixes"),
    "web.traffic_reporting": _("SEO and traffic reporting"),
    "web.new_features": _("New features"),
    "web.user_experience": _("Design and user experience"),
    "web.editorial_line": _("Site goals and editorial line"),
    "web.domain_and_access": _("Domain names and admin access"),
}


def usual_name(code: str) -> str:
    return str(USUAL_NAMES.get(code, code))


# --- classes and verdicts ------------------------------------------------------------------

CATEGORY_NAMES: dict[str, Promise] = {
    advice.STRATEGIC: _("Strategic"),
    advice.SENSITIVE: _("Sensitive"),
    advice.REPETITIVE: _("Repetitive"),
    advice.UNDECIDED: _("Not decided"),
}
CATEGORY_HINTS: dict[str, Promise] = {
    advice.STRATEGIC: _("keep inside"),
    advice.SENSITIVE: _("share: the vendor prepares and executes, you decide"),
    advice.REPETITIVE: _("may go out entirely"),
    advice.UNDECIDED: _("to decide"),
}
# Colour and sign: the class does not rest on colour alone.
CATEGORY_STYLE = {
    advice.STRATEGIC: ("text-bg-primary", "bi-shield-lock"),
    advice.SENSITIVE: ("text-bg-warning", "bi-people"),
    advice.REPETITIVE: ("text-bg-success", "bi-arrow-repeat"),
    advice.UNDECIDED: ("text-bg-light border", "bi-question-circle"),
}

DOCUMENTED_SHORT: dict[str, Promise] = {
    advice.DOCUMENTED_YES: _("Yes"),
    advice.DOCUMENTED_PARTLY: _("Partly"),
    advice.DOCUMENTED_NO: _("No"),
}

VERDICT_NAMES: dict[str, Promise] = {
    advice.OUTSOURCE: _("Outsource"),
    advice.DOCUMENT_FIRST: _("Document first"),
    advice.SHARE: _("Share"),
    advice.KEEP: _("Keep inside"),
    advice.TO_DECIDE: _("To decide"),
}
VERDICT_HINTS: dict[str, Promise] = {
    advice.OUTSOURCE: _("Repetitive and documented: these can go out as they are."),
    advice.DOCUMENT_FIRST: _(
        "Repetitive but not (fully) documented: write down how they are done before handing "
        "them over, even simply."
    ),
    advice.SHARE: _("Sensitive: the vendor prepares and executes, the decision stays with you."),
    advice.KEEP: _("Strategic: they make your difference, they stay inside."),
    advice.TO_DECIDE: _("No class yet: decide what becomes of them."),
}

# --- why a class is suggested --------------------------------------------------------------

REASONS: dict[str, Promise] = {
    "offer_design": _("designing the offer makes your difference: keep it inside"),
    "key_account_relationship": _(
        "the relationship with key accounts carries your margins and your image: keep it inside"
    ),
    "negotiation": _("negotiating key contracts is a decision of the company: keep it inside"),
    "pricing": _("setting prices is a strategic decision: keep it inside"),
    "credit_decision": _("granting credit to a customer is a decision on your cash: keep it"),
    "segmentation": _("choosing which customers to target is strategic: keep it inside"),
    "strategy": _("strategy, plans and budgets stay with the management"),
    "policy": _("setting a policy is a decision of the management: keep it inside"),
    "ownership": _(
        "the company must hold its domain names and administrator access, whoever works on them"
    ),
    "key_accounts": _(
        "key accounts may be handled day to day by the vendor, the decisions staying with you"
    ),
    "commercial_conditions": _(
        "commercial conditions and discounts may be prepared by the vendor, you validate them"
    ),
    "customer_blocking": _(
        "blocking a customer may be prepared by the vendor, the decision stays with you"
    ),
    "disputes": _("disputes may be followed by the vendor, the way out is decided inside"),
    "complaints": _("complaints may be handled by the vendor, the gestures decided inside"),
    "refunds": _("money given back to a customer is approved inside"),
    "access_rights": _("who gets access to what is decided inside; the vendor carries it out"),
    "security_incidents": _(
        "the vendor handles security incidents, the decisions (tell, stop, restore) stay inside"
    ),
    "choice_of_tools": _("the vendor may compare tools and suppliers, you choose"),
    "payment_approval": _("the vendor prepares payments, you approve them"),
    "employee_questions": _(
        "the vendor may answer the employees' pay questions, delicate cases stay inside"
    ),
    "lead_qualification": _(
        "the vendor qualifies leads by your rules (what makes a prospect hot); you set the rules"
    ),
    "evolutions": _("the vendor builds new features, you decide which ones"),
    "design": _("the vendor proposes the design, you validate it"),
    "closing": _("the vendor prepares the closing, the choices stay with you"),
    "press": _("the vendor prepares press relations, you say what is said"),
    "data_entry": _("data entry is a repetitive task: it may go out entirely"),
    "updates": _("routine updates are repetitive tasks: they may go out entirely"),
    "reminders": _("standard reminders are repetitive tasks: they may go out entirely"),
    "prospect_follow_up": _("following up prospects by a set sequence is repetitive"),
    "cash_in": _("cash-in follow-up is a repetitive task: it may go out entirely"),
    "follow_up": _("routine follow-up is a repetitive task: it may go out entirely"),
    "reporting": _("preparing reports is a repetitive task: it may go out entirely"),
    "preparation": _("preparing files is a repetitive task: it may go out entirely"),
    "invoicing": _("invoicing is a repetitive task: it may go out entirely"),
    "bank_reconciliation": _("bank reconciliation is a repetitive task: it may go out entirely"),
    "filing": _("filing and archiving are repetitive tasks: they may go out entirely"),
    "orders": _("processing orders and deliveries by the rules is repetitive"),
    "payroll_run": _("producing payslips is a repetitive task: it may go out entirely"),
    "declarations": _("recurring declarations are repetitive tasks: they may go out entirely"),
    "variables": _("collecting variables is a repetitive task: it may go out entirely"),
    "absences": _("recording leave and absences is a repetitive task"),
    "expenses": _("expense reports are repetitive tasks: they may go out entirely"),
    "bookkeeping": _("bookkeeping entries are repetitive tasks: they may go out entirely"),
    "formalities": _("administrative formalities are repetitive tasks"),
    "helpdesk": _("answering routine requests is a repetitive task: it may go out entirely"),
    "setup": _("setting up equipment is a repetitive task: it may go out entirely"),
    "backups": _("backups are repetitive tasks: they may go out entirely"),
    "monitoring": _("monitoring is a repetitive task: it may go out entirely"),
    "knowledge_base": _("keeping a knowledge base up to date is repetitive"),
    "surveys": _("running surveys is a repetitive task: it may go out entirely"),
    "publishing": _("publishing to a plan is a repetitive task: it may go out entirely"),
    "content": _("producing content to a brief is a repetitive task"),
    "logistics": _("logistics are repetitive tasks: they may go out entirely"),
    "prospect_lists": _("building prospect lists is a repetitive task"),
    "calling": _("calling and booking meetings by a script is a repetitive task"),
    "maintenance": _("hosting and corrective maintenance are repetitive tasks"),
    "seo": _("SEO work and its reports are repetitive tasks"),
}


def reason_text(reason: str) -> str:
    return str(REASONS.get(reason, reason))


def suggestion_text(suggestion: advice.Suggestion) -> str:
    """« relances standards » : les relances standards sont des tâches répétitives…"""
    text = gettext("“%(words)s”: %(reason)s.") % {
        "words": suggestion.words,
        "reason": reason_text(suggestion.reason),
    }
    for other in suggestion.outweighed:
        text += " " + gettext(
            "“%(words)s” alone would make it %(other)s, but the more protective class wins."
        ) % {
            "words": other.words,
            "other": str(CATEGORY_NAMES[other.category]).lower(),
        }
    return text


# --- readiness ------------------------------------------------------------------------------

QUESTION_TEXTS: dict[str, Promise] = {
    advice.FIREFIGHTING: _(
        "Do your teams spend more time fighting fires than developing the business?"
    ),
    advice.SCOPE: _("Is it clear what must stay inside and what could be handed over?"),
    advice.INDICATORS: _(
        "Are your cash and customer-satisfaction indicators reliable and current?"
    ),
    advice.PROCEDURES: _(
        "Are the recurring administrative tasks written down in procedures, even simple ones?"
    ),
}
QUESTION_ADVICE: dict[str, Promise] = {
    advice.FIREFIGHTING: _(
        "The need is not obvious: check that outsourcing serves growth, not only cost."
    ),
    advice.SCOPE: _("Class every activity below: what stays, what is shared, what goes."),
    advice.INDICATORS: _(
        "Make the cash and satisfaction figures reliable first: you will steer the vendor with them."
    ),
    advice.PROCEDURES: _(
        "Write the recurring procedures down, even simply: a vendor cannot take over what "
        "lives only in someone's head."
    ),
}
READINESS_SENTENCES: dict[str, Promise] = {
    advice.READY: _("Ready: the need is real and the ground is prepared."),
    advice.PREPARE: _("Nearly ready: deal with the weak points below before handing over."),
    advice.NOT_READY: _(
        "Not ready yet: outsourcing now would risk losing control. Prepare the ground first."
    ),
    advice.NOT_ANSWERED: _("The four questions are not answered yet."),
}

# --- risks -----------------------------------------------------------------------------------

RISK_NAMES: dict[str, Promise] = {
    advice.QUALITY: _("Quality"),
    advice.CASH: _("Cash"),
    advice.IMAGE: _("Image"),
}
RISK_HINTS: dict[str, Promise] = {
    advice.QUALITY: _("Errors, delays, a service customers notice is worse."),
    advice.CASH: _("Invoices late or wrong, reminders not sent, payments delayed."),
    advice.IMAGE: _("Customers or partners badly treated in your name."),
}
LEVEL_NAMES: dict[str, Promise] = {
    advice.LOW: _("low"),
    advice.MEDIUM: _("medium"),
    advice.HIGH: _("high"),
    advice.CRITICAL: _("critical"),
}
LEVEL_STYLE = {
    advice.LOW: ("text-bg-success", "bi-circle"),
    advice.MEDIUM: ("text-bg-warning", "bi-exclamation-circle"),
    advice.HIGH: ("text-bg-danger", "bi-exclamation-triangle"),
    advice.CRITICAL: ("text-bg-dark", "bi-x-octagon"),
}
