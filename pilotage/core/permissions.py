"""Who may see and do what: the one place where access rules are written.

Reads: each model's ``objects.visible_to(membership)`` filters with the scopes below.
Writes and pages: :func:`can` answers for a named permission, optionally about one object.
What a user may not see answers 404 (the views use ``get_object_or_404`` on the visible set).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from .models import Role

if TYPE_CHECKING:
    from .models import Membership

NOTHING = Q(pk__in=[])


def engagement_scope(m: Membership) -> Q:
    org = Q(organisation_id=m.organisation_id)
    if m.role in (Role.OWNER, Role.AUDITOR):
        return org
    if m.role == Role.REFERENT:
        return org & Q(referent_id=m.user_id)
    if m.role == Role.VENDOR and m.vendor_id:
        return org & Q(vendor_id=m.vendor_id)
    return NOTHING


def vendor_scope(m: Membership) -> Q:
    org = Q(organisation_id=m.organisation_id)
    if m.role in (Role.OWNER, Role.AUDITOR, Role.REFERENT):
        return org
    if m.role == Role.VENDOR and m.vendor_id:
        return org & Q(pk=m.vendor_id)
    return NOTHING


def calendar_scope(m: Membership) -> Q:
    if m.role in (Role.OWNER, Role.AUDITOR, Role.REFERENT):
        return Q(organisation_id=m.organisation_id)
    return NOTHING


def contract_scope(m: Membership) -> Q:
    """Contracts of the engagements one sees; a vendor's people only those the owner shared
    (never another vendor's: they do not see its engagements)."""
    visible = Q(engagement__in=_engagements(m))
    if m.role == Role.VENDOR:
        return visible & Q(shared_with_vendor=True)
    return visible


def _engagements(m: Membership):
    from pilotage.engagements.models import Engagement

    return Engagement.objects.filter(engagement_scope(m)).values("pk")


def membership_scope(m: Membership) -> Q:
    if m.role in (Role.OWNER, Role.AUDITOR):
        return Q(organisation_id=m.organisation_id)
    return Q(pk=m.pk)


def audit_scope(m: Membership) -> Q:
    if m.role in (Role.OWNER, Role.AUDITOR):
        return Q(organisation_id=m.organisation_id)
    return NOTHING


def _owner(m: Membership, obj: Any = None) -> bool:
    return m.role == Role.OWNER


def _owner_or_referent(m: Membership, obj: Any = None) -> bool:
    return m.role in (Role.OWNER, Role.REFERENT)


def _reads_all(m: Membership, obj: Any = None) -> bool:
    return m.role in (Role.OWNER, Role.AUDITOR)


def _inside_staff(m: Membership, obj: Any = None) -> bool:
    """People of the organisation itself (not its vendors)."""
    return m.role in (Role.OWNER, Role.AUDITOR, Role.REFERENT)


def _runs_engagement(m: Membership, engagement: Any = None) -> bool:
    if m.role == Role.OWNER:
        return True
    if m.role == Role.REFERENT:
        return engagement is None or engagement.referent_id == m.user_id
    return False


def _works_on_engagement(m: Membership, engagement: Any = None) -> bool:
    """Runs it (owner, its referent) or is the vendor holding it."""
    if m.role == Role.VENDOR:
        return bool(m.vendor_id) and (engagement is None or engagement.vendor_id == m.vendor_id)
    return _runs_engagement(m, engagement)


def _reviews(m: Membership, engagement: Any = None) -> bool:
    """Someone of the organisation who may score candidates: an owner, or the engagement's
    referent. Whether they were named reviewer of this selection, the service checks."""
    return _runs_engagement(m, engagement)


RULES: dict[str, Callable[..., bool]] = {
    "engagement.create": _owner,
    "engagement.change": _runs_engagement,
    "engagement.change_stage": _runs_engagement,
    "sla.manage": _runs_engagement,
    "cash.manage": _runs_engagement,
    "cash.log": _works_on_engagement,
    "kpis.manage": _runs_engagement,
    "kpis.submit": _works_on_engagement,
    "kpis.leader_time": _owner,
    # Before the contract: diagnostic, specification, selection, pilot. The vendors never see
    # the diagnostic or the selection; the one holding the engagement reads the published
    # specification and the pilot's criteria (the views see to the rest).
    "preparation.view": _inside_staff,
    "preparation.manage": _runs_engagement,
    "selection.score": _reviews,
    "selection.decide": _owner,
    "pilot.manage": _runs_engagement,
    "pilot.decide": _owner,
    # Contracts: whoever sees the engagement reads its contracts (a vendor only those shared
    # with it); the people running it keep them; only an owner shares one with the vendor.
    "contracts.manage": _runs_engagement,
    "contracts.share": _owner,
    # Governance: meetings, minutes, decisions, actions, requests. The vendor holding the
    # engagement reads them, updates the actions it holds and answers the requests; the
    # referent (or an owner) is the one door for requests; the relationship audit is internal.
    "governance.manage": _runs_engagement,
    "governance.act": _works_on_engagement,
    "requests.ask": _runs_engagement,
    "requests.answer": _works_on_engagement,
    "review.view": _inside_staff,
    "review.manage": _runs_engagement,
    "calendar.view": _inside_staff,
    "calendar.manage": _owner_or_referent,
    "vendor.create": _owner_or_referent,
    "vendor.change": _owner_or_referent,
    "member.view": _reads_all,
    "member.manage": _owner,
    "audit.view": _reads_all,
    "organisation.overview": _reads_all,
}


def can(membership: Membership | None, perm: str, obj: Any = None) -> bool:
    """Whether ``membership`` holds ``perm`` (about ``obj`` when the rule looks at one)."""
    if membership is None or not membership.is_active:
        return False
    try:
        rule = RULES[perm]
    except KeyError:
        raise KeyError(f"No permission rule named {perm!r}") from None
    return rule(membership, obj)
