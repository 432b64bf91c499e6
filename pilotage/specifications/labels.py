"""How sections, findings, changes and refusals of a specification read, in the reader's
language. The pure modules speak in codes; this is where the codes become sentences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from . import completeness, content


@dataclass(frozen=True)
class SectionText:
    title: Promise
    help: Promise  # what the section is for, for a leader who has read no manual
    example: Promise | str = ""


SECTIONS: dict[str, SectionText] = {
    "context": SectionText(
        gettext_lazy("Company and context"),
        gettext_lazy(
            "Who you are and why this project now: your trade, your customers, your market, "
            "what happens today. The vendor needs it to understand your reality."
        ),
        gettext_lazy(
            # xgettext:no-python-format
            "e.g. A 40-person manufacturer of machined parts; invoicing grew 30 % in two years "
            "and the accounts department no longer keeps up with reminders."
        ),
    ),
    "purpose": SectionText(
        gettext_lazy("Purpose"),
        gettext_lazy(
            "Why you outsource: the problem to solve, not the solution. A good specification "
            "says the why before the how."
        ),
        gettext_lazy(
            "e.g. Get paid on time without the leader spending her evenings on reminders, "
            "and keep a good relationship with our key accounts."
        ),
    ),
    "objectives": SectionText(
        gettext_lazy("Objectives"),
        gettext_lazy(
            "Measurable objectives: business, operational and qualitative. Each one with a "
            "figure and, if possible, a date."
        ),
        gettext_lazy("e.g. Bring the DSO down to 45 days by the end of June."),
    ),
    "tasks": SectionText(
        gettext_lazy("Tasks entrusted"),
        gettext_lazy("The concrete tasks the vendor will carry out, one per line."),
        gettext_lazy("e.g. Send the reminders of overdue invoices at 5, 15 and 30 days."),
    ),
    "deliverables": SectionText(
        gettext_lazy("Deliverables"),
        gettext_lazy(
            "What the vendor hands over: its form and format, how often or by when, and the "
            "criterion by which you will accept it."
        ),
        gettext_lazy(
            "e.g. Monthly aged balance, Excel file, by the 5th, reconciled with the books."
        ),
    ),
    "tools": SectionText(
        gettext_lazy("Tools and processes imposed"),
        gettext_lazy(
            "The tools and rules the vendor must use (CRM, mailbox, file naming, procedures), "
            "or tick that none is imposed."
        ),
        gettext_lazy("e.g. Our CRM; reminders sent from the shared mailbox."),
    ),
    "constraints": SectionText(
        gettext_lazy("Constraints"),
        gettext_lazy(
            "What must be respected: hours, confidentiality, personal data (GDPR), budget, "
            "sites, languages… or tick that there is none."
        ),
    ),
    "calendar": SectionText(
        gettext_lazy("Calendar"),
        gettext_lazy(
            "When the work starts and the intermediate milestones at which you check and "
            "validate, to keep control."
        ),
    ),
    "referents": SectionText(
        gettext_lazy("Referents"),
        gettext_lazy(
            "Who speaks for each side: your internal referent centralises the requests; the "
            "vendor may name its people later."
        ),
    ),
    "followup": SectionText(
        gettext_lazy("Follow-up"),
        gettext_lazy(
            "The meetings that keep the work on course, the channel you talk through, and how "
            "a deliverable is validated."
        ),
    ),
    "indicators": SectionText(
        gettext_lazy("Indicators"),
        gettext_lazy(
            "The indicators that will say whether it works, with their target. Take them from "
            "the catalogue or write your own; 5 to 7 is a good number."
        ),
    ),
    "playbook": SectionText(
        gettext_lazy("Sales playbook"),
        gettext_lazy(
            "Make the tacit explicit: how your team qualifies a lead, tells a hot prospect "
            "from a lukewarm one, hands over to a senior seller, and answers objections."
        ),
    ),
}

QUESTIONS: dict[str, Promise] = {
    "purpose": gettext_lazy("What is the purpose of the work entrusted?"),
    "tasks": gettext_lazy("Which concrete tasks are to be carried out?"),
    "deliverables": gettext_lazy("Which deliverables are expected, and by when?"),
    "tools": gettext_lazy("Which tools or methods are imposed?"),
    "constraints": gettext_lazy("Which constraints must be respected?"),
    "indicators": gettext_lazy("What are the indicators of success?"),
    "communication": gettext_lazy("How will communication and follow-up work?"),
}

STATES: dict[str, Promise] = {
    completeness.COMPLETE: pgettext_lazy("section", "Complete"),
    completeness.VAGUE: pgettext_lazy("section", "Vague"),
    completeness.MISSING: pgettext_lazy("section", "Missing"),
    completeness.OPTIONAL: pgettext_lazy("section", "Optional"),
    completeness.ANSWERED: pgettext_lazy("question", "Answered"),
}
STATE_COLOURS = {
    completeness.COMPLETE: "success",
    completeness.ANSWERED: "success",
    completeness.VAGUE: "warning",
    completeness.MISSING: "danger",
    completeness.OPTIONAL: "secondary",
}

OBJECTIVE_KINDS: dict[str, Promise] = {
    "business": gettext_lazy("Business"),
    "operational": gettext_lazy("Operational"),
    "qualitative": gettext_lazy("Qualitative"),
}
FREQUENCIES: dict[str, Promise] = {
    "once": gettext_lazy("Once"),
    "daily": gettext_lazy("Daily"),
    "weekly": gettext_lazy("Weekly"),
    "monthly": gettext_lazy("Monthly"),
    "quarterly": gettext_lazy("Quarterly"),
    "yearly": gettext_lazy("Yearly"),
    "on_request": gettext_lazy("On request"),
}
RITUALS: dict[str, Promise] = {
    "weekly_point": gettext_lazy("Weekly operational point"),
    "monthly_committee": gettext_lazy("Monthly steering committee"),
    "quarterly_review": gettext_lazy("Quarterly review of scope and objectives"),
    "yearly_review": gettext_lazy("Yearly review of the relationship"),
}

# Field labels, by section then field: forms, tables and the list of changes use them.
FIELDS: dict[str, dict[str, Promise]] = {
    "context": {
        "company": gettext_lazy("Who we are"),
        "project": gettext_lazy("Context of the project"),
    },
    "purpose": {"text": gettext_lazy("Why we outsource")},
    "objectives": {
        "items": gettext_lazy("Objectives"),
        "kind": gettext_lazy("Kind"),
        "text": gettext_lazy("Objective"),
        "target": gettext_lazy("Measurable target"),
    },
    "tasks": {"items": gettext_lazy("Tasks"), "text": gettext_lazy("Task")},
    "deliverables": {
        "items": gettext_lazy("Deliverables"),
        "name": gettext_lazy("Deliverable"),
        "form": gettext_lazy("Form and format"),
        "frequency": gettext_lazy("Frequency"),
        "deadline": gettext_lazy("Deadline"),
        "criterion": gettext_lazy("Success criterion"),
    },
    "tools": {
        "items": gettext_lazy("Tools and processes"),
        "text": gettext_lazy("Tool or process"),
        "none_imposed": gettext_lazy("No tool or process imposed"),
    },
    "constraints": {
        "text": gettext_lazy("Constraints"),
        "none": gettext_lazy("No particular constraint"),
    },
    "calendar": {
        "start": gettext_lazy("Start"),
        "milestones": gettext_lazy("Milestones"),
        "date": gettext_lazy("Date"),
        "label": gettext_lazy("Milestone"),
    },
    "referents": {
        "client": gettext_lazy("Our side"),
        "vendor": gettext_lazy("Vendor's side"),
        "vendor_to_name": gettext_lazy("To be named by the vendor"),
        "name": gettext_lazy("Name"),
        "role": gettext_lazy("Role"),
        "email": gettext_lazy("E-mail"),
        "phone": gettext_lazy("Phone"),
    },
    "followup": {
        **RITUALS,
        "others": gettext_lazy("Other rituals"),
        "name": gettext_lazy("Ritual"),
        "rhythm": gettext_lazy("Rhythm"),
        "channel": gettext_lazy("Communication channel"),
        "validation": gettext_lazy("Validation of deliverables"),
    },
    "indicators": {
        "items": gettext_lazy("Indicators"),
        "code": gettext_lazy("Catalogue"),
        "name": gettext_lazy("Indicator"),
        "target": gettext_lazy("Target"),
        "definition": gettext_lazy("Definition"),
    },
    "playbook": {
        "qualification": gettext_lazy("How a lead is qualified"),
        "hot": gettext_lazy("What makes a prospect hot"),
        "lukewarm": gettext_lazy("What makes a prospect lukewarm"),
        "handover": gettext_lazy("When a senior seller takes over"),
        "objections": gettext_lazy("Objections and answers"),
        "objection": gettext_lazy("Objection"),
        "answer": gettext_lazy("Answer"),
    },
}


def title(slug: str) -> str:
    return str(SECTIONS[slug].title)


def field_label(section: str, name: str) -> str:
    return str(FIELDS.get(section, {}).get(name, name))


def quoted(text: str) -> str:
    return _("“%(text)s”") % {"text": text}


def _item(params: Any, key: str) -> str:
    """An item as the sentence names it: “its text”, or its position when it has none."""
    text = str(params.get(key) or "")
    if text:
        return quoted(text)
    return _("no. %(index)s") % {"index": params.get("index", "?")}


def finding(f: completeness.Finding) -> str:
    """One finding as a sentence saying what to do."""
    p = f.params
    code = f.code
    if code == "empty":
        return _("%(section)s: nothing written yet.") % {"section": title(f.section)}
    if code == "no_company":
        return _("Say who you are: your trade, your size, your customers.")
    if code == "no_project_context":
        return _("Describe the context of the project: what happens today and why now.")
    if code == "objective_no_number":
        return _(
            "Objective %(item)s has no figure: say how much, and by when "
            "(e.g. “leads up 30 %% on segment X by June”)."
        ) % {"item": _item(p, "text")}
    if code == "vague_words":
        what = {
            "objectives": _("Objective %(item)s"),
            "deliverables": _("The success criterion of %(item)s"),
            "indicators": _("The target of %(item)s"),
        }.get(f.section, "%(item)s") % {"item": _item(p, "text")}
        return _("%(what)s uses vague words (%(words)s): replace them with a figure or a date.") % {
            "what": what,
            "words": p.get("words", ""),
        }
    if code == "deliverable_no_deadline":
        return _("Deliverable %(item)s has neither a deadline nor a frequency.") % {
            "item": _item(p, "name")
        }
    if code == "deliverable_no_criterion":
        return _("Deliverable %(item)s has no success criterion: say how you will accept it.") % {
            "item": _item(p, "name")
        }
    if code == "no_start":
        return _("Give the date the work starts.")
    if code == "no_milestone":
        return _("Add intermediate milestones to check the work on the way.")
    if code == "milestone_no_date":
        return _("Milestone %(item)s has no date.") % {"item": _item(p, "label")}
    if code == "no_client_referent":
        return _("Name the referent on your side: the one person who centralises requests.")
    if code == "client_referent_no_contact":
        return _("Give an e-mail or a phone number for %(item)s.") % {"item": _item(p, "name")}
    if code == "no_vendor_referent":
        return _("Name the vendor's referent, or tick that the vendor will name one.")
    if code == "no_ritual":
        return _("Choose the follow-up rituals: weekly point, monthly steering committee…")
    if code == "no_channel":
        return _("Say which channel you will talk through (e-mail, shared channel, phone…).")
    if code == "no_validation":
        return _("Describe how a deliverable is validated: who checks it, within how long.")
    if code == "indicator_no_target":
        return _("Indicator %(item)s has no target.") % {"item": _item(p, "name")}
    if code == "playbook_empty":
        return _(
            "Sales prospection: write the playbook (how a lead is qualified, what makes it hot, "
            "when a senior seller takes over)."
        )
    if code == "playbook_incomplete":
        missing = [
            field_label("playbook", name) for name in str(p.get("missing", "")).split(",") if name
        ]
        return _("The playbook does not say yet: %(missing)s.") % {
            "missing": "; ".join(m[:1].lower() + m[1:] for m in missing)
        }
    return code


def change(ch: completeness.Change) -> str:
    """One change between two versions as a sentence."""
    section = title(ch.section) if ch.section in SECTIONS else ch.section
    what = field_label(ch.section, ch.field)
    item = quoted(ch.item)
    if ch.kind == completeness.ADDED:
        return _("%(section)s: %(item)s added.") % {"section": section, "item": item}
    if ch.kind == completeness.REMOVED:
        return _("%(section)s: %(item)s removed.") % {"section": section, "item": item}
    if ch.kind == completeness.REORDERED:
        return _("%(section)s: order of “%(what)s” changed.") % {"section": section, "what": what}
    if ch.item:
        fields = ", ".join(field_label(ch.section, f).lower() for f in ch.fields)
        if fields:
            return _("%(section)s: %(item)s changed (%(fields)s).") % {
                "section": section,
                "item": item,
                "fields": fields,
            }
        return _("%(section)s: %(item)s changed.") % {"section": section, "item": item}
    if ch.field == "text":  # the one text of the section (purpose, constraints)
        return _("%(section)s: text rewritten.") % {"section": section}
    return _("%(section)s: “%(what)s” changed.") % {"section": section, "what": what}


def schema_error(e: content.SchemaError) -> str:
    """Why a value was refused."""
    if e.code == "too_long":
        return _("At most %(limit)s characters.") % {"limit": e.limit}
    if e.code == "too_many":
        return _("At most %(limit)s rows.") % {"limit": e.limit}
    if e.code == "date":
        return _("Enter a date that exists.")
    if e.code == "email":
        return _("Enter a valid e-mail address.")
    if e.code == "choice":
        return _("Choose one of the values offered.")
    return _("This value is not of the expected kind.")
