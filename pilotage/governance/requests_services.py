"""Every write of the requests to the vendor, the relationship audits and the calendar feeds.
Each is one transaction with its audit entry; e-mails go after the commit."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import smtplib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pilotage.core import audit, notify
from pilotage.core.models import AuditAction, Organisation, Role, User
from pilotage.engagements.models import Engagement

from . import review as review_rules
from .models import CalendarFeed, Meeting, MeetingKind, RelationshipReview, Request

logger = logging.getLogger(__name__)
SUBJECT_MAX = 300
TEXT_MAX = 20_000
COMPUTED_KEY = "governance.request_response_days"


# --- helpers ----------------------------------------------------------------------------


def _record(*, action: str, actor: User | None, engagement: Engagement, obj: Any, changes: dict):
    if changes:
        audit.record(
            action=action,
            organisation=engagement.organisation,
            actor=actor,
            obj=obj,
            object_repr=f"{engagement} · {obj}"[:300],
            changes=changes,
        )


def _shown(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _text(value: str | None, field: str, *, required: bool, limit: int) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > limit:
        raise ValidationError(
            {field: _("At most %(limit)s characters, please.") % {"limit": limit}}
        )
    return text


def _not_future(value: dt.datetime, field: str, now: dt.datetime) -> None:
    # A minute of slack for the clock of the browser that filled the form.
    if value > now + dt.timedelta(minutes=1):
        raise ValidationError({field: _("This date is in the future.")})


def _refresh_indicator(engagement: Engagement) -> None:
    """Compute the response-time indicator again after the commit, if the engagement has it."""
    from pilotage.kpis.models import Indicator
    from pilotage.kpis.tasks import refresh_soon

    if Indicator.objects.filter(engagement=engagement, computed=COMPUTED_KEY, active=True).exists():
        refresh_soon(engagement.pk)


def _link(engagement: Engagement, req: Request) -> str:
    return notify.absolute(
        reverse(
            "governance:request",
            kwargs={"org": engagement.organisation.slug, "pk": engagement.pk, "req": req.pk},
        )
    )


def _send_later(prefix: str, people: list[User], req: Request, engagement: Engagement) -> None:
    """E-mail ``people`` about ``req`` once the transaction commits; a mail server that does
    not answer is logged, it never undoes the request."""
    request_id = req.pk

    def send() -> None:
        fresh = Request.objects.select_related("author", "answered_by", "engagement").get(
            pk=request_id
        )
        context = {
            "req": fresh,
            "engagement": engagement,
            "organisation": engagement.organisation,
        }
        try:
            notify.send("request", people, prefix, context, _link(engagement, fresh))
        except (OSError, smtplib.SMTPException):
            logger.exception("E-mail about request %s not sent", request_id)

    transaction.on_commit(send)


def vendor_people(engagement: Engagement) -> list[User]:
    """The active people of the vendor holding ``engagement``."""
    if not engagement.vendor_id:
        return []
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation=engagement.organisation_id,
            memberships__role=Role.VENDOR,
            memberships__vendor=engagement.vendor_id,
            memberships__is_active=True,
        ).distinct()
    )


# --- requests ---------------------------------------------------------------------------


def request_create(
    *,
    actor: User,
    engagement: Engagement,
    subject: str,
    body: str = "",
    asked_at: dt.datetime | None = None,
    notify_people: bool = True,
) -> Request:
    """Record a request to the vendor, asked by ``actor`` now or earlier (by phone); the
    vendor's people are told by e-mail (unless ``notify_people`` is off: history loaded
    from elsewhere, the demo)."""
    now = timezone.now()
    asked_at = asked_at or now
    subject = _text(subject, "subject", required=True, limit=SUBJECT_MAX)
    body = _text(body, "body", required=False, limit=TEXT_MAX)
    _not_future(asked_at, "asked_at", now)
    with transaction.atomic():
        req = Request.objects.create(
            engagement=engagement, author=actor, asked_at=asked_at, subject=subject, body=body
        )
        _record(
            action=AuditAction.CREATE,
            actor=actor,
            engagement=engagement,
            obj=req,
            changes=audit.created(audit.snapshot(req, Request.AUDITED)),
        )
        if notify_people:
            _send_later("governance/email/request_new", vendor_people(engagement), req, engagement)
        _refresh_indicator(engagement)
    return req


def _locked(req: Request) -> Request:
    return (
        Request.objects.select_for_update(of=("self",)).select_related("engagement").get(pk=req.pk)
    )


def request_update(
    *, actor: User, request: Request, subject: str, body: str = "", asked_at: dt.datetime
) -> Request:
    now = timezone.now()
    subject = _text(subject, "subject", required=True, limit=SUBJECT_MAX)
    body = _text(body, "body", required=False, limit=TEXT_MAX)
    _not_future(asked_at, "asked_at", now)
    with transaction.atomic():
        req = _locked(request)
        if req.answered_at is not None and asked_at > req.answered_at:
            raise ValidationError(
                {
                    "asked_at": _("The request was answered on %(date)s: it was asked before.")
                    % {"date": _shown(req.answered_at)}
                }
            )
        before = audit.snapshot(req, Request.AUDITED)
        req.subject, req.body, req.asked_at = subject, body, asked_at
        req.save(update_fields=["subject", "body", "asked_at"])
        _record(
            action=AuditAction.UPDATE,
            actor=actor,
            engagement=req.engagement,
            obj=req,
            changes=audit.diff(before, audit.snapshot(req, Request.AUDITED)),
        )
        _refresh_indicator(req.engagement)
    return req


def request_answer(
    *,
    actor: User,
    request: Request,
    answer: str,
    answered_at: dt.datetime | None = None,
    notify_people: bool = True,
) -> Request:
    """Record the vendor's answer (given in Pilotage, or by phone and typed by the referent);
    the author of the request is told by e-mail."""
    now = timezone.now()
    answered_at = answered_at or now
    answer = _text(answer, "answer", required=True, limit=TEXT_MAX)
    _not_future(answered_at, "answered_at", now)
    with transaction.atomic():
        req = _locked(request)
        if answered_at < req.asked_at:
            raise ValidationError(
                {
                    "answered_at": _("The request was asked on %(date)s: answer after that.")
                    % {"date": _shown(req.asked_at)}
                }
            )
        before = audit.snapshot(req, Request.AUDITED)
        req.answer, req.answered_at, req.answered_by = answer, answered_at, actor
        req.save(update_fields=["answer", "answered_at", "answered_by"])
        _record(
            action=AuditAction.UPDATE,
            actor=actor,
            engagement=req.engagement,
            obj=req,
            changes=audit.diff(before, audit.snapshot(req, Request.AUDITED)),
        )
        if notify_people and req.author_id != actor.pk:
            _send_later("governance/email/request_answered", [req.author], req, req.engagement)
        _refresh_indicator(req.engagement)
    return req


def request_reopen(*, actor: User, request: Request) -> Request:
    """The answer did not settle it: the request is open again (its last answer stays in the
    text and in the trail, to be completed)."""
    with transaction.atomic():
        req = _locked(request)
        if req.answered_at is None:
            raise ValidationError(_("This request is still open."))
        before = audit.snapshot(req, Request.AUDITED)
        req.answered_at, req.answered_by = None, None
        req.save(update_fields=["answered_at", "answered_by"])
        _record(
            action=AuditAction.UPDATE,
            actor=actor,
            engagement=req.engagement,
            obj=req,
            changes=audit.diff(before, audit.snapshot(req, Request.AUDITED)),
        )
        _send_later(
            "governance/email/request_new", vendor_people(req.engagement), req, req.engagement
        )
        _refresh_indicator(req.engagement)
    return req


# --- relationship audits ----------------------------------------------------------------


def _clean_review(
    engagement: Engagement, held_on: dt.date, answers: dict, meeting: Meeting | None
) -> dict:
    if held_on is None:
        raise ValidationError({"held_on": _("This field is required.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("This date is in the future.")})
    if meeting is not None and (
        meeting.engagement_id != engagement.pk or meeting.kind != MeetingKind.YEARLY
    ):
        raise ValidationError({"meeting": _("Choose a yearly review of this engagement.")})
    try:
        return review_rules.clean_answers(answers)
    except review_rules.BadAnswers as e:
        messages = {
            "missing": _("Give a score from 1 to 5."),
            "scale": _("Give a score from 1 to 5."),
            "too_long": _("At most %(limit)s characters, please.")
            % {"limit": review_rules.COMMENT_MAX},
        }
        raise ValidationError(
            {f"score_{key}": messages[code] for key, code in e.errors.items()}
        ) from None


def review_create(
    *,
    actor: User,
    engagement: Engagement,
    held_on: dt.date,
    answers: dict,
    meeting: Meeting | None = None,
) -> RelationshipReview:
    clean = _clean_review(engagement, held_on, answers, meeting)
    with transaction.atomic():
        review = RelationshipReview.objects.create(
            engagement=engagement, meeting=meeting, held_on=held_on, answers=clean, created_by=actor
        )
        _record(
            action=AuditAction.CREATE,
            actor=actor,
            engagement=engagement,
            obj=review,
            changes=audit.created(audit.snapshot(review, RelationshipReview.AUDITED)),
        )
    return review


def review_update(
    *,
    actor: User,
    review: RelationshipReview,
    held_on: dt.date,
    answers: dict,
    meeting: Meeting | None = None,
) -> RelationshipReview:
    engagement = review.engagement
    clean = _clean_review(engagement, held_on, answers, meeting)
    with transaction.atomic():
        review = RelationshipReview.objects.select_for_update(of=("self",)).get(pk=review.pk)
        fields = (*RelationshipReview.AUDITED, "meeting")
        before = audit.snapshot(review, fields)
        review.held_on, review.answers, review.meeting = held_on, clean, meeting
        review.save(update_fields=["held_on", "answers", "meeting"])
        _record(
            action=AuditAction.UPDATE,
            actor=actor,
            engagement=engagement,
            obj=review,
            changes=audit.diff(before, audit.snapshot(review, fields)),
        )
    return review


# --- calendar feeds ---------------------------------------------------------------------


def calendar_feed_renew(*, actor: User, organisation: Organisation) -> CalendarFeed:
    """Give ``actor`` a new secret calendar address in ``organisation``; the former one (if
    any) stops working at once. The trail notes it, never the secret."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        feed = (
            CalendarFeed.objects.select_for_update(of=("self",))
            .filter(user=actor, organisation=organisation)
            .first()
        )
        if feed is None:
            feed = CalendarFeed.objects.create(user=actor, organisation=organisation, token=token)
            action, changes = AuditAction.CREATE, {"address": [None, "created"]}
        else:
            feed.token, feed.last_read_at = token, None
            feed.save(update_fields=["token", "last_read_at"])
            action, changes = AuditAction.UPDATE, {"address": ["revoked", "created"]}
        audit.record(
            action=action,
            organisation=organisation,
            actor=actor,
            obj=feed,
            object_repr=str(_("Calendar feed of %(person)s") % {"person": actor.email}),
            changes=changes,
        )
    return feed
