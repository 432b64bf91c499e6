"""Helpers shared by the permission matrix and the bad-input tests."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from pilotage.core.models import AuditChain, AuditEntry, Membership, Organisation, User
from pilotage.engagements.models import Engagement, StageChange, Vendor, VendorContact

PERSONAS = ("anonymous", "alice", "bob", "victor", "vera", "audrey", "oscar")


@dataclass(frozen=True)
class Url:
    """One URL pattern of the project, named by its namespaced name (or its route)."""

    name: str
    route: str
    kwargs: frozenset[str]
    named: bool


def all_url_patterns() -> list[Url]:
    """Every URL pattern of the project, nested includes walked."""
    found: list[Url] = []

    def walk(resolver: URLResolver, route: str, namespaces: tuple[str, ...], kwargs: frozenset):
        for p in resolver.url_patterns:
            here = route + str(p.pattern)
            # A route's <converter:name>, or a regular expression's (?P<name>…).
            converters = frozenset(p.pattern.converters or p.pattern.regex.groupindex)
            if isinstance(p, URLResolver):
                ns = (*namespaces, p.namespace) if p.namespace else namespaces
                walk(p, here, ns, kwargs | converters)
            elif isinstance(p, URLPattern):
                name = ":".join((*namespaces, p.name)) if p.name else here
                found.append(Url(name, here, kwargs | converters, bool(p.name)))

    walk(get_resolver(), "", (), frozenset())
    return found


# Every table a request of these tests could write to, with the columns that may change
# without anyone writing business data (a sign-in stamps ``last_login``).
STORED = [
    (Organisation, ()),
    (User, ("last_login",)),
    (Membership, ()),
    (Vendor, ()),
    (VendorContact, ()),
    (Engagement, ()),
    (StageChange, ()),
    (AuditChain, ()),
    (AuditEntry, ()),
]


def stored_rows() -> dict[str, list[dict]]:
    """Every stored row of the business tables: "nothing stored" means exactly that
    (no new row, no changed value, no audit entry)."""
    state = {}
    for model, ignored in STORED:
        rows = model.objects.order_by("pk").values()
        state[model._meta.label] = [
            {k: v for k, v in row.items() if k not in ignored} for row in rows
        ]
    return state


def changed_tables(before: dict[str, list[dict]], after: dict[str, list[dict]]) -> list[str]:
    return [label for label in before if before[label] != after[label]]


# How to fill a URL's kwargs from the world (see tests/conftest.py).


def membership_of(user: User, org: Organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=org)


def no_kwargs(w) -> dict:
    return {}


def acme(w) -> dict:
    return {"org": "acme"}


def cash(w) -> dict:
    return {"org": "acme", "pk": w.cash.pk}


def it(w) -> dict:
    return {"org": "acme", "pk": w.it.pk}


def recouvra(w) -> dict:
    return {"org": "acme", "pk": w.recouvra.pk}


def axiome(w) -> dict:
    return {"org": "acme", "pk": w.axiome.pk}


def bob_access(w) -> dict:
    return {"org": "acme", "pk": membership_of(w.bob, w.acme).pk}


def alice_access(w) -> dict:
    return {"org": "acme", "pk": membership_of(w.alice, w.acme).pk}
