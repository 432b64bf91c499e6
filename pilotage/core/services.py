"""Every write to organisations, people and roles. Each records its audit entry."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import audit
from .models import AuditAction, Membership, Organisation, Role, User

MEMBER_AUDITED = ("role", "vendor", "is_active")


def organisation_create(
    *, actor: User | None, name: str, slug: str = "", siren: str = ""
) -> Organisation:
    with transaction.atomic():
        org = Organisation.objects.create(name=name, slug=slug or slugify(name)[:60], siren=siren)
        audit.record(
            action=AuditAction.CREATE,
            organisation=org,
            actor=actor,
            obj=org,
            changes=audit.created({"name": name, "slug": org.slug, "siren": siren}),
        )
    return org


def _check_vendor(*, org: Organisation, role: str, vendor: object) -> None:
    if role == Role.VENDOR:
        if vendor is None:
            raise ValidationError({"vendor": _("A vendor user must be tied to a vendor company.")})
        if getattr(vendor, "organisation_id", None) != org.pk:
            raise ValidationError({"vendor": _("This vendor does not belong to the organisation.")})
    elif vendor is not None:
        raise ValidationError({"vendor": _("Only a vendor user is tied to a vendor company.")})


def member_add(
    *,
    actor: User | None,
    org: Organisation,
    email: str,
    first_name: str = "",
    last_name: str = "",
    role: str,
    vendor: object = None,
    password: str | None = None,
) -> Membership:
    """Give a person a role in ``org``, creating the user when the address is new.

    A person already known (say an accountant following several companies) keeps one
    account and gains a membership.
    """
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    _check_vendor(org=org, role=role, vendor=vendor)
    email = User.objects.normalize_email(email).strip().lower()
    try:
        validate_email(email)
        if len(email) > 254:
            raise ValidationError("too long")
    except ValidationError:
        raise ValidationError(
            {"email": _("Enter a valid e-mail address of at most 254 characters.")}
        ) from None
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        new_user = user is None
        if user is None:
            user = User.objects.create_user(
                email, password, first_name=first_name, last_name=last_name
            )
            audit.record(
                action=AuditAction.CREATE,
                organisation=org,
                actor=actor,
                obj=user,
                changes=audit.created(
                    {"email": email, "first_name": first_name, "last_name": last_name}
                ),
            )
        elif Membership.objects.filter(user=user, organisation=org).exists():
            raise ValidationError(
                {"email": _("This person is already a member of the organisation.")}
            )
        membership = Membership.objects.create(
            user=user, organisation=org, role=role, vendor=vendor
        )
        audit.record(
            action=AuditAction.CREATE,
            organisation=org,
            actor=actor,
            obj=membership,
            object_repr=str(user),
            changes=audit.created(audit.snapshot(membership, MEMBER_AUDITED)),
        )
    if new_user and password is None:
        from .tasks import send_invitation

        transaction.on_commit(
            lambda: send_invitation.enqueue(user_id=user.pk, organisation_id=org.pk)
        )
    return membership


def member_update(
    *, actor: User, membership: Membership, role: str, vendor: object = None, is_active: bool = True
) -> Membership:
    """Change a member's role (recorded as a role change), vendor company or access."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    _check_vendor(org=membership.organisation, role=role, vendor=vendor)
    if membership.user_id == actor.pk and (role != Role.OWNER or not is_active):
        raise ValidationError(_("You cannot remove your own owner role: ask another owner."))
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        before = audit.snapshot(membership, MEMBER_AUDITED)
        if membership.role == Role.OWNER and (role != Role.OWNER or not is_active):
            others = (
                Membership.objects.active()
                .filter(organisation_id=membership.organisation_id, role=Role.OWNER)
                .exclude(pk=membership.pk)
            )
            if not others.exists():
                raise ValidationError(_("An organisation keeps at least one active owner."))
        role_changed = membership.role != role
        membership.role = role
        membership.vendor = vendor  # type: ignore[assignment]
        membership.is_active = is_active
        membership.save()
        changes = audit.diff(before, audit.snapshot(membership, MEMBER_AUDITED))
        if changes:
            audit.record(
                action=AuditAction.ROLE_CHANGE if role_changed else AuditAction.UPDATE,
                organisation=membership.organisation,
                actor=actor,
                obj=membership,
                object_repr=str(membership.user),
                changes=changes,
            )
    return membership


def user_update_profile(*, actor: User, first_name: str, last_name: str, language: str) -> User:
    with transaction.atomic():
        before = audit.snapshot(actor, ("first_name", "last_name", "language"))
        actor.first_name, actor.last_name, actor.language = first_name, last_name, language
        actor.save(update_fields=["first_name", "last_name", "language"])
        changes = audit.diff(before, audit.snapshot(actor, ("first_name", "last_name", "language")))
        if changes:
            for m in actor.memberships.active().select_related("organisation"):
                audit.record(
                    action=AuditAction.UPDATE,
                    organisation=m.organisation,
                    actor=actor,
                    obj=actor,
                    changes=changes,
                )
    return actor


def record_export(*, actor: User, org: Organisation, name: str, rows: int) -> None:
    """Note the download of an export in the trail."""
    audit.record(
        action=AuditAction.EXPORT,
        organisation=org,
        actor=actor,
        object_type="export",
        object_id=name,
        object_repr=name,
        changes={"rows": [None, rows]},
    )


def user_set_language(*, user: User, language: str) -> None:
    """Remember the interface language a person chose (a preference, not business data)."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def notification_preferences_set(*, actor: User, kinds_off: list[str] | set[str]) -> set[str]:
    """The kinds of e-mail ``actor`` no longer wants (every other kind is sent); recorded in
    the trail of each organisation the person belongs to. Returns the kinds now off."""
    from .models import NotificationOptOut
    from .notify import KINDS

    wanted_off = set(kinds_off)
    unknown = wanted_off - set(KINDS)
    if unknown:
        raise ValidationError({"kinds_off": _("Unknown kind of notification.")})
    with transaction.atomic():
        current = set(
            NotificationOptOut.objects.select_for_update()
            .filter(user=actor)
            .values_list("kind", flat=True)
        )
        NotificationOptOut.objects.filter(user=actor, kind__in=current - wanted_off).delete()
        NotificationOptOut.objects.bulk_create(
            [NotificationOptOut(user=actor, kind=k) for k in sorted(wanted_off - current)]
        )
        before = {k: k not in current for k in sorted(KINDS)}
        after = {k: k not in wanted_off for k in sorted(KINDS)}
        changes = audit.diff(
            {f"notify_{k}": v for k, v in before.items()},
            {f"notify_{k}": v for k, v in after.items()},
        )
        if changes:
            for m in actor.memberships.active().select_related("organisation"):
                audit.record(
                    action=AuditAction.UPDATE,
                    organisation=m.organisation,
                    actor=actor,
                    obj=actor,
                    changes=changes,
                )
    return wanted_off & set(KINDS)
