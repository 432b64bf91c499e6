"""The audit trail: append entries to a hash chain, and verify the chain.

Each organisation has its own chain (plus a "system" chain for events that belong
to no organisation, such as a failed sign-in with an unknown address). Every entry
stores the hash of the entry before it and the SHA-256 of its own content, so that
altering or removing any row, or cutting the end of a chain, is detected by
:func:`verify`.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .models import AuditAction, AuditChain, AuditEntry, Organisation, User

GENESIS = "0" * 64
SYSTEM_CHAIN = "system"

# The client address of the request being served, set by RequestContextMiddleware.
current_ip: contextvars.ContextVar[str] = contextvars.ContextVar("pilotage_current_ip", default="")


def to_jsonable(value: Any) -> Any:
    """A value as it is stored in an entry: strings, numbers, booleans, lists, dicts."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return (
            value.astimezone(dt.UTC).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The audited values of ``instance``: foreign keys by their name, choices by their code."""
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.is_relation and field.many_to_one:
            value = getattr(instance, name)
        else:
            value = getattr(instance, field.attname)
        out[name] = to_jsonable(value)
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for the fields whose value changed."""
    keys = list(dict.fromkeys([*before, *after]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def created(values: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [None, v] for k, v in values.items() if v not in (None, "", [])}


def deleted(values: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [v, None] for k, v in values.items() if v not in (None, "", [])}


def object_type_of(obj: models.Model) -> str:
    return obj._meta.label_lower


def canonical(entry: AuditEntry, chain_key: str) -> bytes:
    """The bytes an entry's hash is computed over."""
    payload = {
        "chain": chain_key,
        "seq": entry.seq,
        "organisation": entry.organisation_id,
        "at": entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
        "ip": entry.ip,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(entry: AuditEntry, chain_key: str) -> str:
    return hashlib.sha256(canonical(entry, chain_key)).hexdigest()


def _chain_key(organisation: Organisation | None) -> str:
    return f"org:{organisation.pk}" if organisation is not None else SYSTEM_CHAIN


def _locked_chain(organisation: Organisation | None) -> AuditChain:
    key = _chain_key(organisation)
    chain = AuditChain.objects.select_for_update().filter(key=key).first()
    if chain is not None:
        return chain
    try:
        with transaction.atomic():
            AuditChain.objects.create(key=key, organisation=organisation)
    except IntegrityError:
        pass  # created meanwhile by a concurrent transaction
    return AuditChain.objects.select_for_update().get(key=key)


def record(
    *,
    action: str,
    organisation: Organisation | None,
    actor: User | None = None,
    actor_label: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEntry:
    """Append one entry to the organisation's chain, inside the caller's transaction."""
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}")
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    if actor is not None and not actor_label:
        actor_label = actor.email
    with transaction.atomic():
        chain = _locked_chain(organisation)
        entry = AuditEntry(
            chain=chain,
            seq=chain.last_seq + 1,
            organisation=organisation,
            at=timezone.now(),
            actor=actor,
            actor_label=actor_label[:254],
            action=action,
            object_type=object_type,
            object_id=str(object_id)[:40],
            object_repr=object_repr[:300],
            changes=to_jsonable(changes or {}),
            ip=(current_ip.get() if ip is None else ip)[:45],
            prev_hash=chain.last_hash,
        )
        entry.hash = entry_hash(entry, chain.key)
        entry.save(force_insert=True)
        chain.last_seq = entry.seq
        chain.last_hash = entry.hash
        chain.save(update_fields=["last_seq", "last_hash"])
    return entry


@dataclass(frozen=True)
class Break:
    """The first place where a chain does not hold."""

    chain: str
    seq: int
    entry_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"entry #{self.seq} of chain {self.chain}"
        if self.entry_id is not None:
            where += f" (id {self.entry_id})"
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class VerifyResult:
    chains: int
    entries: int
    breaks: list[Break]

    @property
    def ok(self) -> bool:
        return not self.breaks


def _verify_chain(chain: AuditChain) -> tuple[int, Break | None]:
    expected_seq = 1
    prev = GENESIS
    count = 0
    rows: Iterator[AuditEntry] = (
        AuditEntry.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000)
    )
    for entry in rows:
        count += 1
        if entry.seq != expected_seq:
            return count, Break(chain.key, expected_seq, None, "entry missing (removed)")
        if entry.prev_hash != prev:
            return count, Break(
                chain.key, entry.seq, entry.pk, "does not link to the entry before it"
            )
        if entry_hash(entry, chain.key) != entry.hash:
            return count, Break(chain.key, entry.seq, entry.pk, "content altered (hash mismatch)")
        prev = entry.hash
        expected_seq += 1
    if chain.last_seq != expected_seq - 1 or chain.last_hash != prev:
        return count, Break(chain.key, expected_seq, None, "last entries missing (chain cut short)")
    return count, None


def verify(organisation: Organisation | None = None) -> VerifyResult:
    """Walk every chain (or one organisation's) and report the first break of each."""
    chains = AuditChain.objects.order_by("key")
    if organisation is not None:
        chains = chains.filter(organisation=organisation)
    total = 0
    breaks: list[Break] = []
    n = 0
    for chain in chains:
        n += 1
        count, broken = _verify_chain(chain)
        total += count
        if broken:
            breaks.append(broken)
    return VerifyResult(chains=n, entries=total, breaks=breaks)


def save_changes(
    instance: models.Model,
    *,
    actor: User | None,
    organisation: Organisation,
    fields: Iterable[str],
    values: dict[str, Any],
) -> dict[str, list[Any]]:
    """Set ``values`` on a row locked by the caller, validate, save, and record the update
    (only when something changed). Returns the changes recorded."""
    fields = tuple(fields)
    before = snapshot(instance, fields)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    changes = diff(before, snapshot(instance, fields))
    if changes:
        record(
            action=AuditAction.UPDATE,
            organisation=organisation,
            actor=actor,
            obj=instance,
            changes=changes,
        )
    return changes
