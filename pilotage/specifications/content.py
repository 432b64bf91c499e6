"""What a specification (cahier des charges) holds: twelve typed sections, read from and
written to the JSON kept in the database. Pure: no Django.

``from_dict`` reads a whole specification, ``section_from_dict`` one section: unknown keys
are ignored, missing ones take their default, texts are stripped (line ends made ``\\n``),
empty list items are dropped. A value of the wrong type, a text over its maximum, a date that
does not exist, an e-mail that is not one or a choice that is not offered raises
:class:`SchemaError` naming the field by its path (``objectives.items[2].target``).
``to_dict`` writes JSON-ready dictionaries (dates as ``YYYY-MM-DD``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

# Longest text of each kind of field, in characters.
SHORT, MEDIUM, LONG = 200, 1000, 5000
MAX_ITEMS = 100  # rows of one list

OBJECTIVE_KINDS = ("business", "operational", "qualitative")
FREQUENCIES = ("once", "daily", "weekly", "monthly", "quarterly", "yearly", "on_request")
RITUALS = ("weekly_point", "monthly_committee", "quarterly_review", "yearly_review")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")

T = TypeVar("T")


class SchemaError(ValueError):
    """A value that does not fit. ``path`` names it; ``code`` says why: "type" (``expected``
    names what was expected: "text", "yes/no", "date", "list", "object"), "too_long" and
    "too_many" (``limit``), "date", "email", "choice" (``choices``)."""

    def __init__(
        self,
        path: str,
        code: str,
        *,
        expected: str = "",
        limit: int = 0,
        choices: tuple[str, ...] = (),
    ) -> None:
        super().__init__(f"{path}: {code}")
        self.path, self.code, self.expected = path, code, expected
        self.limit, self.choices = limit, choices


def _text(limit: int = SHORT, **extra: Any) -> Any:
    return field(default="", metadata={"max": limit, **extra})


# --- the sections ---------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """1. Who we are, and the context of the project."""

    company: str = _text(LONG)
    project: str = _text(LONG)


@dataclass(frozen=True)
class Purpose:
    """2. Why we outsource: the finalité."""

    text: str = _text(LONG)


@dataclass(frozen=True)
class Objective:
    KEY: ClassVar[str] = "text"

    kind: str = _text(SHORT, choices=OBJECTIVE_KINDS)
    text: str = _text(MEDIUM)
    target: str = _text(MEDIUM)  # measurable: a figure and, if possible, a date


@dataclass(frozen=True)
class Objectives:
    """3. Business, operational and qualitative objectives."""

    items: tuple[Objective, ...] = ()


@dataclass(frozen=True)
class Tasks:
    """4. The concrete tasks entrusted."""

    items: tuple[str, ...] = field(default=(), metadata={"max": MEDIUM})


@dataclass(frozen=True)
class Deliverable:
    KEY: ClassVar[str] = "name"

    name: str = _text(SHORT)
    form: str = _text(MEDIUM)  # form and format
    frequency: str = _text(SHORT, choices=FREQUENCIES)
    deadline: dt.date | None = None
    criterion: str = _text(MEDIUM)  # success criterion


@dataclass(frozen=True)
class Deliverables:
    """5. What the vendor hands over."""

    items: tuple[Deliverable, ...] = ()


@dataclass(frozen=True)
class Tools:
    """6. Tools and processes imposed (CRM, naming…), or explicitly none."""

    items: tuple[str, ...] = field(default=(), metadata={"max": MEDIUM})
    none_imposed: bool = False


@dataclass(frozen=True)
class Constraints:
    """7. Constraints to respect, or explicitly none."""

    text: str = _text(LONG)
    none: bool = False


@dataclass(frozen=True)
class Milestone:
    KEY: ClassVar[str] = "label"

    date: dt.date | None = None
    label: str = _text(SHORT)


@dataclass(frozen=True)
class Calendar:
    """8. Start and intermediate milestones."""

    start: dt.date | None = None
    milestones: tuple[Milestone, ...] = ()


@dataclass(frozen=True)
class ClientReferent:
    KEY: ClassVar[str] = "name"

    name: str = _text(SHORT)
    role: str = _text(SHORT)
    email: str = _text(254, email=True)
    phone: str = _text(30)


@dataclass(frozen=True)
class VendorReferent:
    KEY: ClassVar[str] = "name"

    name: str = _text(SHORT)
    role: str = _text(SHORT)


@dataclass(frozen=True)
class Referents:
    """9. Referents on both sides."""

    client: tuple[ClientReferent, ...] = ()
    vendor: tuple[VendorReferent, ...] = ()
    vendor_to_name: bool = False  # "to be named by the vendor"


@dataclass(frozen=True)
class Ritual:
    KEY: ClassVar[str] = "name"

    name: str = _text(SHORT)
    rhythm: str = _text(SHORT)


@dataclass(frozen=True)
class FollowUp:
    """10. Follow-up rituals, communication channel, validation of deliverables."""

    weekly_point: bool = False
    monthly_committee: bool = False
    quarterly_review: bool = False
    yearly_review: bool = False
    others: tuple[Ritual, ...] = ()
    channel: str = _text(MEDIUM)
    validation: str = _text(LONG)


@dataclass(frozen=True)
class Indicator:
    KEY: ClassVar[str] = "name"

    code: str = _text(60)  # a template of the KPI catalogue, or empty
    name: str = _text(SHORT)
    target: str = _text(MEDIUM)


@dataclass(frozen=True)
class Indicators:
    """11. The indicators of success, from the catalogue or written freely."""

    items: tuple[Indicator, ...] = ()


@dataclass(frozen=True)
class Objection:
    KEY: ClassVar[str] = "objection"

    objection: str = _text(MEDIUM)
    answer: str = _text(LONG)


@dataclass(frozen=True)
class Playbook:
    """12. The sales playbook: the tacit made explicit."""

    qualification: str = _text(LONG)  # how a lead is qualified
    hot: str = _text(LONG)  # what makes a prospect hot
    lukewarm: str = _text(LONG)  # … or lukewarm
    handover: str = _text(LONG)  # when a senior seller takes over
    objections: tuple[Objection, ...] = ()


@dataclass(frozen=True)
class Spec:
    """A whole specification; its fields are the sections, named by their slug."""

    context: Context = Context()
    purpose: Purpose = Purpose()
    objectives: Objectives = Objectives()
    tasks: Tasks = Tasks()
    deliverables: Deliverables = Deliverables()
    tools: Tools = Tools()
    constraints: Constraints = Constraints()
    calendar: Calendar = Calendar()
    referents: Referents = Referents()
    followup: FollowUp = FollowUp()
    indicators: Indicators = Indicators()
    playbook: Playbook = Playbook()


SECTIONS: dict[str, type[Any]] = dict(typing.get_type_hints(Spec))  # slug → its class
SLUGS: tuple[str, ...] = tuple(SECTIONS)


# --- reading --------------------------------------------------------------------------


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _read_text(raw: Any, meta: Mapping[str, Any], path: str) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise SchemaError(path, "type", expected="text")
    text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    limit = int(meta.get("max", SHORT))
    if len(text) > limit:
        raise SchemaError(path, "too_long", limit=limit)
    choices: tuple[str, ...] = tuple(meta.get("choices", ()))
    if text and choices and text not in choices:
        raise SchemaError(path, "choice", choices=choices)
    if text and meta.get("email") and not _EMAIL.match(text):
        raise SchemaError(path, "email")
    return text


def _read_date(raw: Any, path: str) -> dt.date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.datetime):
        raise SchemaError(path, "type", expected="date")
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str):
        raise SchemaError(path, "type", expected="date")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
        raise SchemaError(path, "date")
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise SchemaError(path, "date") from None


def _read_list(item: Any, meta: Mapping[str, Any], raw: Any, path: str) -> tuple[Any, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list | tuple):
        raise SchemaError(path, "type", expected="list")
    if len(raw) > MAX_ITEMS:
        raise SchemaError(path, "too_many", limit=MAX_ITEMS)
    out: list[Any] = []
    for i, value in enumerate(raw):
        here = f"{path}[{i}]"
        if item is str:
            text = _read_text(value, meta, here)
            if text:
                out.append(text)
        else:
            parsed = _read_object(item, value, here)
            if parsed != item():
                out.append(parsed)
    return tuple(out)


def _read_value(hint: Any, meta: Mapping[str, Any], raw: Any, path: str) -> Any:
    if hint is str:
        return _read_text(raw, meta, path)
    if hint is bool:
        if raw is None:
            return False
        if not isinstance(raw, bool):
            raise SchemaError(path, "type", expected="yes/no")
        return raw
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and dt.date in typing.get_args(
        hint
    ):
        return _read_date(raw, path)
    if typing.get_origin(hint) is tuple:
        return _read_list(typing.get_args(hint)[0], meta, raw, path)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _read_object(hint, raw, path)
    raise TypeError(f"No reader for {hint!r}")  # pragma: no cover - a schema mistake


def _read_object(cls: type[T], raw: Any, path: str) -> T:
    if raw is None:
        return cls()
    if not isinstance(raw, Mapping):
        raise SchemaError(path or "specification", "type", expected="object")
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in raw:
            values[f.name] = _read_value(
                hints[f.name], f.metadata, raw[f.name], _join(path, f.name)
            )
    return cls(**values)


def from_dict(data: Any) -> Spec:
    """A whole specification from its JSON (None or ``{}`` for an empty one)."""
    return _read_object(Spec, data, "")


def section_from_dict(slug: str, data: Any) -> Any:
    """One section from its JSON; paths start with the section's slug."""
    try:
        cls = SECTIONS[slug]
    except KeyError:
        raise KeyError(f"Unknown section {slug!r}") from None
    return _read_object(cls, data, slug)


def with_section(spec: Spec, slug: str, section: Any) -> Spec:
    """``spec`` with one section replaced."""
    if not isinstance(section, SECTIONS[slug]):
        raise TypeError(f"{slug} takes a {SECTIONS[slug].__name__}")
    return dataclasses.replace(spec, **{slug: section})


# --- writing --------------------------------------------------------------------------


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [_dump(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_dict(value: Any) -> Any:
    """A specification, a section or an item as JSON-ready data."""
    return _dump(value)


# --- small readers used by the checks and the comparison ------------------------------


def is_empty(section: Any) -> bool:
    """Whether nothing at all is written in a section (its defaults only)."""
    return bool(section == type(section)())


def item_key(item: Any) -> str:
    """What names a list item: its text for a string, else the field its class names."""
    if isinstance(item, str):
        return item
    return str(getattr(item, type(item).KEY))
