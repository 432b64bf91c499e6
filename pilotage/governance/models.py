"""The rhythm of governance of an engagement: meetings generated from cadences, their agenda
and minutes (attendees, notes, decisions, actions), the requests made to the vendor, the
yearly relationship audit, and each person's calendar feed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pilotage.core.models import Organisation
from pilotage.engagements.models import Engagement

if TYPE_CHECKING:
    from pilotage.core.models import Membership


class MeetingKind(models.TextChoices):
    WEEKLY = "weekly", _("Weekly point")
    COMMITTEE = "committee", _("Monthly steering committee")
    QUARTERLY = "quarterly", _("Quarterly review")
    YEARLY = "yearly", _("Yearly relationship review")


class EngagementScoped(models.QuerySet):
    """Rows of an engagement, seen by whoever sees the engagement."""

    def visible_to(self, membership: Membership) -> models.QuerySet:
        from pilotage.engagements.models import Engagement

        return self.filter(engagement__in=Engagement.objects.visible_to(membership))


class Cadence(models.Model):
    """How often one kind of meeting comes back; the meetings ahead are generated from it."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="cadences")
    kind = models.CharField(_("meeting"), max_length=10, choices=MeetingKind.choices)
    first_at = models.DateTimeField(_("first meeting"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    location = models.CharField(_("place or link"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EngagementScoped.as_manager()
    AUDITED = ("kind", "first_at", "duration_minutes", "location", "active")

    class Meta:
        ordering = ["engagement", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "kind"], name="one_cadence_per_kind")
        ]
        verbose_name = _("cadence")
        verbose_name_plural = _("cadences")

    def __str__(self) -> str:
        return f"{self.engagement} · {self.get_kind_display()}"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="meetings")
    cadence = models.ForeignKey(
        Cadence, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    sequence = models.PositiveIntegerField(null=True, blank=True)  # n-th of its cadence
    kind = models.CharField(_("meeting"), max_length=10, choices=MeetingKind.choices)
    scheduled_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    location = models.CharField(_("place or link"), max_length=300, blank=True)
    moved = models.BooleanField(default=False)  # moved by hand: the cadence leaves it alone
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    agenda = models.JSONField(_("agenda"), default=list, blank=True)
    agenda_prepared_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    minutes_closed_at = models.DateTimeField(_("minutes closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EngagementScoped.as_manager()
    AUDITED = ("kind", "scheduled_at", "duration_minutes", "location", "status", "notes")

    class Meta:
        ordering = ["scheduled_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadence", "sequence"],
                condition=models.Q(cadence__isnull=False),
                name="one_meeting_per_occurrence",
            )
        ]
        indexes = [models.Index(fields=["engagement", "scheduled_at"])]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.scheduled_at:%Y-%m-%d}"


class Side(models.TextChoices):
    INSIDE = "inside", _("Organisation")
    VENDOR = "vendor", _("Vendor")


class Attendee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    side = models.CharField(_("side"), max_length=6, choices=Side.choices)
    present = models.BooleanField(_("present"), default=True)

    AUDITED = ("name", "side", "present")

    class Meta:
        ordering = ["meeting", "side", "name"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    """What was decided, who decided it and why: kept for ever, searchable."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    title = models.CharField(_("decision"), max_length=300)
    decided_by = models.CharField(_("decided by"), max_length=200)
    reasons = models.TextField(_("why"), blank=True)
    decided_on = models.DateField(_("decided on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EngagementScoped.as_manager()
    AUDITED = ("title", "decided_by", "reasons", "decided_on", "meeting")

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Action(models.Model):
    """Something someone must do by a date: a person inside, or the vendor."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    title = models.CharField(_("action"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governance_actions",
    )
    held_by_vendor = models.BooleanField(_("held by the vendor"), default=False)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EngagementScoped.as_manager()
    AUDITED = ("title", "details", "owner", "held_by_vendor", "due_on", "status", "done_on")

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner__isnull=False) | models.Q(held_by_vendor=True),
                name="action_has_owner",
            )
        ]
        indexes = [models.Index(fields=["status", "due_on"])]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title


class ActionReminder(models.Model):
    """One reminder of an overdue action (the first the day after it was due, then weekly)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField()  # the due date it reminded of (a new date re-arms)
    sequence = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField()
    recipients = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "due_on", "sequence"], name="action_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} · {self.due_on} · {self.sequence}"


class Request(models.Model):
    """A request to the vendor, through the referent: who asked, what, and the answer."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="requests")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="governance_requests",
    )
    asked_at = models.DateTimeField(_("asked on"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("request"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EngagementScoped.as_manager()
    AUDITED = ("subject", "body", "asked_at", "answer", "answered_at", "answered_by")

    class Meta:
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["engagement", "asked_at"])]
        verbose_name = _("request")
        verbose_name_plural = _("requests")

    def __str__(self) -> str:
        return self.subject


class RelationshipReview(models.Model):
    """The five questions of the relationship audit, answered on a scale with comments."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="relationship_reviews"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    held_on = models.DateField(_("held on"))
    answers = models.JSONField(_("answers"), default=dict)  # key → {"score": 1..5, "comment": ""}
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EngagementScoped.as_manager()
    AUDITED = ("held_on", "answers")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("relationship audit")
        verbose_name_plural = _("relationship audits")

    def __str__(self) -> str:
        return f"{self.engagement} · {self.held_on}"


class CalendarFeed(models.Model):
    """A person's secret calendar address for one organisation (revoked by making a new one)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_feed_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"
