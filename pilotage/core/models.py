"""Organisations, people, their roles, and the audit trail."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


class User(AbstractUser):
    """A person. Signs in with an e-mail address; belongs to organisations through memberships."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(_("language"), max_length=8, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    REFERENT = "referent", _("Referent")
    VENDOR = "vendor", _("Vendor")
    AUDITOR = "auditor", _("Auditor")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True, user__is_active=True)

    def visible_to(self, membership: Membership) -> MembershipQuerySet:
        from .permissions import membership_scope

        return self.filter(membership_scope(membership))


class Membership(models.Model):
    """A user's role in one organisation; a vendor user is tied to one vendor company."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    vendor = models.ForeignKey(
        "engagements.Vendor",
        verbose_name=_("vendor company"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__last_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org"),
            models.CheckConstraint(
                condition=(Q(role="vendor") & Q(vendor__isnull=False))
                | (~Q(role="vendor") & Q(vendor__isnull=True)),
                name="vendor_role_has_vendor",
            ),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    @property
    def is_referent(self) -> bool:
        return self.role == Role.REFERENT

    @property
    def is_vendor(self) -> bool:
        return self.role == Role.VENDOR

    @property
    def is_auditor(self) -> bool:
        return self.role == Role.AUDITOR


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOCKOUT = "lockout", _("Account locked")
    LOGOUT = "logout", _("Signed out")
    ROLE_CHANGE = "role_change", _("Role changed")
    EXPORT = "export", _("Export downloaded")
    VIEW = "view", _("Sensitive data read")


class AuditChain(models.Model):
    """Head of one hash chain: one per organisation, plus the "system" chain.

    The row is locked while an entry is appended, so entries of one chain are
    numbered without gaps and each links to the one before.
    """

    key = models.CharField(max_length=40, unique=True)
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, null=True, blank=True
    )
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.key} (#{self.last_seq})"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def visible_to(self, membership: Membership) -> AuditEntryQuerySet:
        from .permissions import audit_scope

        return self.filter(audit_scope(membership))


class AuditEntry(models.Model):
    """One line of the trail: who did what to which object, when, with before/after values."""

    chain = models.ForeignKey(AuditChain, on_delete=models.RESTRICT, related_name="entries")
    seq = models.PositiveBigIntegerField()
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, blank=True)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip = models.CharField(max_length=45, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_seq_unique")]
        indexes = [
            models.Index(fields=["organisation", "at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the column mapping")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("In progress")
    DONE = "done", _("Done")
    FAILED = "failed", _("Refused")


class ImportJob(models.Model):
    """One upload of a file to import: its column mapping, progress and outcome (each
    capability adds its engagement, file and own fields)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    original_name = models.CharField(_("file"), max_length=255)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(
        default=list, blank=True
    )  # the first 100: {"row", "column", "message"}
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0 if self.status != ImportStatus.DONE else 100
        return min(100, round(100 * self.processed_rows / self.total_rows))


class NotificationOptOut(models.Model):
    """A kind of e-mail a person asked not to receive (every kind is sent unless opted out)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notification_opt_outs")
    kind = models.CharField(_("kind of notification"), max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind")
        ]
        verbose_name = _("notification opt-out")
        verbose_name_plural = _("notification opt-outs")

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"


class ScheduledRun(models.Model):
    """The last day a daily job ran to its end: a day without a run is caught up next time."""

    job = models.CharField(max_length=60, unique=True)
    last_run_on = models.DateField()
    last_run_at = models.DateTimeField()
    last_result = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.job} · {self.last_run_on}"
