"""Search what was said and decided about an engagement: decisions, actions, meeting notes,
requests and (for the organisation's own people) relationship audits.

Accents and case are ignored: the database preselects the rows with an accent-blind regular
expression per word (every word must appear in one of the row's fields), then Python folds
the texts (NFKD, marks dropped, casefold) to confirm and highlight.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from pilotage.core.permissions import can

MAX_WORDS = 8
MAX_HITS = 50  # per kind
SNIPPET = 160

# Letters and the accented forms a French text may give them.
_VARIANTS = {
    "a": "aàâäáãå",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïíì",
    "n": "nñ",
    "o": "oôöóòõ",
    "u": "uùûüú",
    "y": "yÿý",
}


# --- folding and highlighting (pure) ----------------------------------------------------


def fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> str:
    """``"Échéance Œuvre"`` → ``"echeance oeuvre"``: no accents, no case."""
    return "".join(fold_char(c) for c in text).replace("œ", "oe").replace("æ", "ae")


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original one."""
    out: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        folded = fold(char)
        out.append(folded)
        where.extend([i] * len(folded))
    return "".join(out), where


def words_of(query: str) -> list[str]:
    """The folded words of a query, longest first, at most :data:`MAX_WORDS`; words of one
    letter are left out (they match everything)."""
    seen: dict[str, None] = {}
    for word in re.findall(r"\w+", fold(query)):
        if len(word) > 1:
            seen.setdefault(word, None)
    return sorted(seen, key=len, reverse=True)[:MAX_WORDS]


def word_pattern(word: str) -> str:
    """A regular expression (understood by SQLite's Python REGEXP and PostgreSQL) matching
    ``word`` whatever its accents and case."""
    parts = []
    for char in word:
        variants = _VARIANTS.get(char)
        if variants:
            parts.append("[" + variants + variants.upper() + "]")
        elif char.isalpha():
            parts.append("[" + char + char.upper() + "]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Where the words occur in ``text`` (original indices), merged and sorted."""
    folded, where = _folded_with_map(text)
    found = []
    for word in words:
        for m in re.finditer(re.escape(word), folded):
            found.append((where[m.start()], where[m.end() - 1] + 1))
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def matches_all(texts: Iterable[str], words: list[str]) -> bool:
    folded = " \n ".join(fold(t) for t in texts if t)
    return all(w in folded for w in words)


def snippet(text: str, words: Iterable[str], width: int = SNIPPET) -> str:
    """A piece of ``text`` around the first word found, HTML-escaped, the words in
    ``<mark>``; the start of the text when no word is in it."""
    text = " ".join(text.split())
    found = spans(text, words)
    if found:
        first = found[0][0]
        start = max(0, first - width // 3)
        if start:
            space = text.rfind(" ", 0, start + 1)
            start = space + 1 if space > first - width // 2 else start
    else:
        start = 0
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    out = ["…" if start else ""]
    cursor = start
    for lo, hi in found:
        lo, hi = max(lo, start), min(hi, end)
        if lo >= hi:
            continue
        out.append(html.escape(text[cursor:lo]))
        out.append("<mark>" + html.escape(text[lo:hi]) + "</mark>")
        cursor = hi
    out.append(html.escape(text[cursor:end]))
    out.append("…" if end < len(text) else "")
    return "".join(out)


# --- the search -------------------------------------------------------------------------


@dataclass
class Hit:
    date: dt.date | dt.datetime | None
    who: str
    title: str
    snippet: str
    link: str


@dataclass
class Group:
    kind: str
    label: Any
    hits: list[Hit] = field(default_factory=list)
    more: bool = False


@dataclass(frozen=True)
class Source:
    kind: str
    label: Any
    model: str
    fields: tuple[str, ...]
    order: str
    hit: Callable[[Any, list[str], Callable[[str, dict], str]], Hit]
    internal: bool = False  # hidden from the vendor


def _who(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email


def _best(obj: Any, fields: Iterable[str], words: list[str]) -> str:
    """The first field of ``obj`` holding a word (else the first non-empty one)."""
    texts = [getattr(obj, f) or "" for f in fields]
    for text in texts:
        if spans(text, words):
            return text
    return next((t for t in texts if t), "")


def _decision(d: Any, words: list[str], link: Callable[[str, dict], str]) -> Hit:
    return Hit(
        d.decided_on,
        d.decided_by,
        snippet(d.title, words, 300),
        snippet(_best(d, ("reasons", "decided_by"), words), words),
        link("decision", {"decision": d.pk}),
    )


def _action(a: Any, words: list[str], link: Callable[[str, dict], str]) -> Hit:
    who = _who(a.owner) if a.owner_id else str(_("the vendor"))
    return Hit(
        a.due_on,
        who,
        snippet(a.title, words, 300),
        snippet(a.details or "", words),
        link("action", {"action": a.pk}),
    )


def _meeting(m: Any, words: list[str], link: Callable[[str, dict], str]) -> Hit:
    return Hit(
        m.scheduled_at,
        "",
        str(m.get_kind_display()),
        snippet(m.notes, words),
        link("meeting", {"meeting": m.pk}),
    )


def _request(r: Any, words: list[str], link: Callable[[str, dict], str]) -> Hit:
    return Hit(
        r.asked_at,
        _who(r.author),
        snippet(r.subject, words, 300),
        snippet(_best(r, ("body", "answer"), words), words),
        link("request", {"req": r.pk}),
    )


def _review(v: Any, words: list[str], link: Callable[[str, dict], str]) -> Hit:
    comments = " · ".join(
        a.get("comment", "") for a in (v.answers or {}).values() if isinstance(a, dict)
    )
    return Hit(
        v.held_on,
        _who(v.created_by),
        str(_("Relationship audit")),
        snippet(comments, words),
        link("review", {"review": v.pk}),
    )


SOURCES: tuple[Source, ...] = (
    Source(
        "decisions",
        _("Decisions"),
        "Decision",
        ("title", "reasons", "decided_by"),
        "-decided_on",
        _decision,
    ),
    Source("actions", _("Actions"), "Action", ("title", "details"), "-due_on", _action),
    Source("meetings", _("Meeting notes"), "Meeting", ("notes",), "-scheduled_at", _meeting),
    Source(
        "requests", _("Requests"), "Request", ("subject", "body", "answer"), "-asked_at", _request
    ),
    Source(
        "reviews",
        _("Relationship audits"),
        "RelationshipReview",
        ("answers",),
        "-held_on",
        _review,
        internal=True,
    ),
)
RELATED = {"Action": ("owner",), "Request": ("author",), "RelationshipReview": ("created_by",)}


def _texts(obj: Any, fields: tuple[str, ...]) -> list[str]:
    out = []
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, dict):  # a review's answers: their comments
            out.extend(str(a.get("comment", "")) for a in value.values() if isinstance(a, dict))
        else:
            out.append(value or "")
    return out


def _prefilter(fields: tuple[str, ...], words: list[str]) -> Q:
    """Every word in one of the text fields. The reviews (a JSON field, its text escaped
    by the database) are few: Python alone sorts them."""
    if fields == ("answers",):
        return Q()
    per_word = []
    for word in words:
        pattern = word_pattern(word)
        per_word.append(reduce(or_, (Q(**{f"{name}__iregex": pattern}) for name in fields)))
    return reduce(and_, per_word)


def _linker(organisation_slug: str, engagement_pk: int) -> Callable[[str, dict], str]:
    base = {"org": organisation_slug, "pk": engagement_pk}
    fallback = {
        "decision": "governance:decision",
        "action": "governance:action",
        "meeting": "governance:meeting",
        "request": "governance:request",
        "review": "governance:reviews",
    }

    def link(what: str, extra: dict) -> str:
        name = fallback[what]
        kwargs = {**base, **extra} if what != "review" else base
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            try:
                return reverse(name, kwargs=base)
            except NoReverseMatch:
                return reverse("governance:requests", kwargs=base)

    return link


def search(membership: Any, engagement: Any, query: str) -> list[Group]:
    """The groups of hits for ``query`` in ``engagement`` (already one ``membership`` sees),
    newest first in each group; empty when the query has no word to look for."""
    from . import models

    words = words_of(query)
    if not words:
        return []
    link = _linker(membership.organisation.slug, engagement.pk)
    groups = []
    for source in SOURCES:
        if source.internal and not can(membership, "review.view", engagement):
            continue
        model = getattr(models, source.model)
        rows = (
            model.objects.visible_to(membership)
            .filter(engagement=engagement)
            .filter(_prefilter(source.fields, words))
            .select_related(*RELATED.get(source.model, ()))
            .order_by(source.order, "-pk")
        )
        group = Group(source.kind, source.label)
        for obj in rows.iterator(chunk_size=500):
            if not matches_all(_texts(obj, source.fields), words):
                continue
            if len(group.hits) == MAX_HITS:
                group.more = True
                break
            group.hits.append(source.hit(obj, words, link))
        groups.append(group)
    return groups
