"""Is the specification complete, and what changed between two versions? Pure: no Django.

:func:`check` answers the seven questions of the drafting checklist (purpose? concrete tasks?
deliverables and deadlines? imposed tools or methods? constraints? success indicators?
communication and follow-up?) each "answered", "vague" or "missing", from the findings it
makes on the sections: codes with parameters naming the item; the pages turn them into
sentences. The score: each question counts for a seventh, in full when answered, for half
when vague, for nothing when missing (rounded down, so 100 means no finding at all).

:func:`changes` lists, section by section, the list items added, removed or changed (items
are matched by their name or text) and the other fields changed.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import content as c

# Section states.
COMPLETE, VAGUE, MISSING, OPTIONAL = "complete", "vague", "missing", "optional"
# Question states.
ANSWERED = "answered"

# The seven questions of the checklist and the sections that answer each.
QUESTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("purpose", ("context", "purpose", "objectives")),
    ("tasks", ("tasks",)),
    ("deliverables", ("deliverables", "calendar")),
    ("tools", ("tools", "playbook")),
    ("constraints", ("constraints",)),
    ("indicators", ("indicators",)),
    ("communication", ("referents", "followup")),
)

# Every finding, with what it makes of its section.
SEVERITY: dict[str, str] = {
    "empty": MISSING,
    "no_company": VAGUE,
    "no_project_context": VAGUE,
    "objective_no_number": VAGUE,
    "vague_words": VAGUE,
    "deliverable_no_deadline": VAGUE,
    "deliverable_no_criterion": VAGUE,
    "no_start": VAGUE,
    "no_milestone": VAGUE,
    "milestone_no_date": VAGUE,
    "no_client_referent": MISSING,
    "client_referent_no_contact": VAGUE,
    "no_vendor_referent": VAGUE,
    "no_ritual": VAGUE,
    "no_channel": VAGUE,
    "no_validation": VAGUE,
    "indicator_no_target": VAGUE,
    "playbook_empty": MISSING,
    "playbook_incomplete": VAGUE,
}

# Words that say nothing measurable, in French and English (compared without accents).
ALWAYS_VAGUE = (
    "dès que possible",
    "dans les meilleurs délais",
    "dans les plus brefs délais",
    "le plus vite possible",
    "au plus vite",
    "au plus tôt",
    "au mieux",
    "rapidement",
    "si possible",
    "etc",
    "as soon as possible",
    "asap",
    "quickly",
    "if possible",
    "as well as possible",
    "and so on",
)
# Words that are vague when no figure comes with them.
VAGUE_WITHOUT_FIGURE = (
    "optimiser",
    "optimisation",
    "améliorer",
    "amélioration",
    "augmenter",
    "réduire",
    "maximiser",
    "minimiser",
    "optimise",
    "optimize",
    "improve",
    "increase",
    "reduce",
    "maximise",
    "maximize",
    "minimise",
    "minimize",
)
_FIGURE = re.compile(r"\d")


@dataclass(frozen=True)
class Finding:
    """``code`` (a key of SEVERITY) about ``section``; ``params`` name the item: ``index``
    (from 1), ``text``/``name``/``label``, ``field``, ``words``, ``missing``."""

    code: str
    section: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> str:
        return SEVERITY[self.code]


@dataclass(frozen=True)
class Report:
    sections: dict[str, str]  # slug → COMPLETE, VAGUE, MISSING or OPTIONAL
    questions: tuple[tuple[str, str], ...]  # (question, ANSWERED, VAGUE or MISSING)
    findings: tuple[Finding, ...]
    score: int  # 0–100

    def findings_of(self, section: str) -> list[Finding]:
        return [f for f in self.findings if f.section == section]


# --- vague words ----------------------------------------------------------------------


def _plain(ch: str) -> str:
    """One character, lower case and without its accent (always one character out)."""
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[0].lower()[0] if decomposed else ch


def _plain_text(text: str) -> str:
    return "".join(_plain(ch) for ch in text)


def _pattern(words: Sequence[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(_plain_text(w)) for w in words), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


_ALWAYS = _pattern(ALWAYS_VAGUE)
_WITHOUT_FIGURE = _pattern(VAGUE_WITHOUT_FIGURE)


def vague_words(text: str, *, figure_elsewhere: bool = False) -> list[str]:
    """The vague words of ``text`` as written there; those vague only without a figure are
    kept when neither ``text`` has one nor ``figure_elsewhere`` says a related field has."""
    plain = _plain_text(text)
    spans = [m.span() for m in _ALWAYS.finditer(plain)]
    if not figure_elsewhere and not has_figure(text):
        spans += [m.span() for m in _WITHOUT_FIGURE.finditer(plain)]
    found: list[str] = []
    for start, end in sorted(spans):
        word = text[start:end]
        if word.lower() not in (w.lower() for w in found):
            found.append(word)
    return found


def has_figure(text: str) -> bool:
    return bool(_FIGURE.search(text))


# --- the checks, section by section ---------------------------------------------------


def _context(s: c.Context) -> list[Finding]:
    out = []
    if not s.company:
        out.append(Finding("no_company", "context"))
    if not s.project:
        out.append(Finding("no_project_context", "context"))
    return out


def _objectives(s: c.Objectives) -> list[Finding]:
    out: list[Finding] = []
    for i, o in enumerate(s.items, 1):
        figure = has_figure(o.text) or has_figure(o.target)
        if not figure:
            out.append(Finding("objective_no_number", "objectives", {"index": i, "text": o.text}))
        words = vague_words(o.text, figure_elsewhere=figure)
        words += [w for w in vague_words(o.target, figure_elsewhere=figure) if w not in words]
        if words:
            out.append(
                Finding(
                    "vague_words",
                    "objectives",
                    {"index": i, "text": o.text, "words": ", ".join(words)},
                )
            )
    return out


def _deliverables(s: c.Deliverables) -> list[Finding]:
    out: list[Finding] = []
    for i, d in enumerate(s.items, 1):
        item = {"index": i, "name": d.name}
        if d.deadline is None and not d.frequency:
            out.append(Finding("deliverable_no_deadline", "deliverables", item))
        if not d.criterion:
            out.append(Finding("deliverable_no_criterion", "deliverables", item))
        else:
            words = vague_words(d.criterion)
            if words:
                out.append(
                    Finding(
                        "vague_words",
                        "deliverables",
                        {"index": i, "text": d.name, "words": ", ".join(words)},
                    )
                )
    return out


def _calendar(s: c.Calendar) -> list[Finding]:
    out: list[Finding] = []
    if s.start is None:
        out.append(Finding("no_start", "calendar"))
    if not s.milestones:
        out.append(Finding("no_milestone", "calendar"))
    for i, m in enumerate(s.milestones, 1):
        if m.date is None:
            out.append(Finding("milestone_no_date", "calendar", {"index": i, "label": m.label}))
    return out


def _referents(s: c.Referents) -> list[Finding]:
    out: list[Finding] = []
    if not s.client:
        out.append(Finding("no_client_referent", "referents"))
    for i, r in enumerate(s.client, 1):
        if not r.email and not r.phone:
            out.append(
                Finding("client_referent_no_contact", "referents", {"index": i, "name": r.name})
            )
    if not s.vendor and not s.vendor_to_name:
        out.append(Finding("no_vendor_referent", "referents"))
    return out


def _followup(s: c.FollowUp) -> list[Finding]:
    out: list[Finding] = []
    ticked = s.weekly_point or s.monthly_committee or s.quarterly_review or s.yearly_review
    if not ticked and not s.others:
        out.append(Finding("no_ritual", "followup"))
    if not s.channel:
        out.append(Finding("no_channel", "followup"))
    if not s.validation:
        out.append(Finding("no_validation", "followup"))
    return out


def _indicators(s: c.Indicators) -> list[Finding]:
    out: list[Finding] = []
    for i, k in enumerate(s.items, 1):
        item = {"index": i, "name": k.name}
        if not k.target:
            out.append(Finding("indicator_no_target", "indicators", item))
        else:
            words = vague_words(k.target)
            if words:
                out.append(
                    Finding(
                        "vague_words",
                        "indicators",
                        {"index": i, "text": k.name, "words": ", ".join(words)},
                    )
                )
    return out


PLAYBOOK_ESSENTIALS = ("qualification", "hot", "handover")


def _playbook(s: c.Playbook) -> list[Finding]:
    missing = [name for name in PLAYBOOK_ESSENTIALS if not getattr(s, name)]
    return (
        [Finding("playbook_incomplete", "playbook", {"missing": ",".join(missing)})]
        if missing
        else []
    )


CHECKS: dict[str, Any] = {
    "context": _context,
    "objectives": _objectives,
    "deliverables": _deliverables,
    "calendar": _calendar,
    "referents": _referents,
    "followup": _followup,
    "indicators": _indicators,
    "playbook": _playbook,
}


def _section_findings(spec: c.Spec, slug: str, *, playbook_required: bool) -> list[Finding]:
    section = getattr(spec, slug)
    if slug == "playbook" and not playbook_required:
        return []
    if c.is_empty(section):
        return [Finding("playbook_empty" if slug == "playbook" else "empty", slug)]
    check = CHECKS.get(slug)
    return list(check(section)) if check else []


def _state(findings: Sequence[Finding]) -> str:
    severities = {f.severity for f in findings}
    if MISSING in severities:
        return MISSING
    return VAGUE if VAGUE in severities else COMPLETE


def check(spec: c.Spec, *, playbook_required: bool) -> Report:
    """The findings, the state of each section and question, and the score. The playbook
    counts only when ``playbook_required`` (sales prospection); otherwise it is optional."""
    findings: list[Finding] = []
    sections: dict[str, str] = {}
    for slug in c.SLUGS:
        found = _section_findings(spec, slug, playbook_required=playbook_required)
        findings += found
        if slug == "playbook" and not playbook_required:
            sections[slug] = OPTIONAL if c.is_empty(spec.playbook) else COMPLETE
        else:
            sections[slug] = _state(found)
    questions: list[tuple[str, str]] = []
    for question, slugs in QUESTIONS:
        states = {sections[s] for s in slugs if sections[s] != OPTIONAL}
        if MISSING in states:
            questions.append((question, MISSING))
        elif VAGUE in states:
            questions.append((question, VAGUE))
        else:
            questions.append((question, ANSWERED))
    halves = sum({ANSWERED: 2, VAGUE: 1, MISSING: 0}[state] for _q, state in questions)
    score = halves * 100 // (2 * len(QUESTIONS))
    return Report(sections, tuple(questions), tuple(findings), score)


# --- what changed between two versions ------------------------------------------------

ADDED, REMOVED, CHANGED, REORDERED = "added", "removed", "changed", "reordered"


@dataclass(frozen=True)
class Change:
    """``kind`` of ``section``'s ``field``: for a list, ``item`` names the item added, removed
    or changed (``fields``: those of the item that changed); empty for a field changed as a
    whole, or a list whose items only moved."""

    section: str
    field: str
    kind: str
    item: str = ""
    fields: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "field": self.field,
            "kind": self.kind,
            "item": self.item,
            "fields": list(self.fields),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        return cls(
            str(data.get("section", "")),
            str(data.get("field", "")),
            str(data.get("kind", "")),
            str(data.get("item", "")),
            tuple(str(f) for f in data.get("fields", ())),
        )


def _match_key(item: Any) -> str:
    return " ".join(_plain_text(c.item_key(item)).split())


def _item_label(item: Any, position: int) -> str:
    return c.item_key(item) or f"#{position}"


def _list_changes(
    section: str, name: str, old: tuple[Any, ...], new: tuple[Any, ...]
) -> list[Change]:
    unmatched = list(range(len(old)))
    pairs: list[tuple[int, int]] = []
    added: list[Change] = []
    for j, item in enumerate(new):
        key = _match_key(item)
        i = next((i for i in unmatched if _match_key(old[i]) == key), None)
        if i is None:
            added.append(Change(section, name, ADDED, _item_label(item, j + 1)))
        else:
            unmatched.remove(i)
            pairs.append((i, j))
    out = [Change(section, name, REMOVED, _item_label(old[i], i + 1)) for i in unmatched]
    out += added
    for i, j in pairs:
        a, b = old[i], new[j]
        if a != b:
            differ: tuple[str, ...] = ()
            if dataclasses.is_dataclass(a):
                differ = tuple(
                    f.name
                    for f in dataclasses.fields(a)
                    if getattr(a, f.name) != getattr(b, f.name)
                )
            out.append(Change(section, name, CHANGED, _item_label(b, j + 1), differ))
    if not out and old != new:
        out.append(Change(section, name, REORDERED))
    return out


def changes(old: c.Spec, new: c.Spec) -> list[Change]:
    """What changed from ``old`` to ``new``, section by section in their order; empty
    exactly when the two are equal."""
    out: list[Change] = []
    for slug in c.SLUGS:
        a, b = getattr(old, slug), getattr(new, slug)
        if a == b:
            continue
        for f in dataclasses.fields(a):
            va, vb = getattr(a, f.name), getattr(b, f.name)
            if va == vb:
                continue
            if isinstance(va, tuple):
                out += _list_changes(slug, f.name, va, vb)
            else:
                out.append(Change(slug, f.name, CHANGED))
    return out
