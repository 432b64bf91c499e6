from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import review as review_rules
from .models import Meeting, MeetingKind, RelationshipReview, Request

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RequestForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(
        label=_("Request"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you need, by when, and why if it helps."),
    )
    asked_at = forms.DateTimeField(
        label=_("Asked on"),
        required=False,
        widget=WHEN,
        help_text=_("Leave empty for now; give the date of a request made by phone."),
    )

    def __init__(self, *args: Any, instance: Request | None = None, **kwargs: Any):
        if instance is not None:
            kwargs["initial"] = {
                "subject": instance.subject,
                "body": instance.body,
                "asked_at": timezone.localtime(instance.asked_at),
            }
        super().__init__(*args, **kwargs)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}))
    answered_at = forms.DateTimeField(
        label=_("Answered on"),
        required=False,
        widget=WHEN,
        help_text=_("Leave empty for now; give the date of an answer given by phone."),
    )


class FilterForm(forms.Form):
    within = forms.IntegerField(
        label=_("Answered within (working days)"), min_value=1, max_value=60, required=False
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.get_kind_display()} · {obj.scheduled_at:%d/%m/%Y}"


class ReviewForm(forms.Form):
    """The date, the yearly meeting it was held at (if any), and a score and a comment for
    each of the five questions: ``score_<key>``, ``comment_<key>``."""

    held_on = forms.DateField(label=_("Held on"), widget=DAY)

    def __init__(
        self, *args: Any, engagement: Any, review: RelationshipReview | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        meetings = Meeting.objects.filter(engagement=engagement, kind=MeetingKind.YEARLY)
        self.fields["meeting"] = MeetingChoice(
            queryset=meetings.order_by("-scheduled_at"),
            label=_("At the yearly review of"),
            required=False,
        )
        answers = review.answers if review else {}
        if review is not None:
            self.initial.setdefault("held_on", review.held_on)
            self.initial.setdefault("meeting", review.meeting_id)
        choices = [(str(n), str(n)) for n in review_rules.SCALE]
        for q in review_rules.QUESTIONS:
            given = answers.get(q.key) or {}
            self.fields[f"score_{q.key}"] = forms.TypedChoiceField(
                label=q.label,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=given.get("score"),
                error_messages={"required": _("Give a score from 1 to 5.")},
            )
            self.fields[f"comment_{q.key}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=review_rules.COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=given.get("comment", ""),
            )

    def questions(self) -> list[tuple[Any, Any, Any]]:
        return [
            (q, self[f"score_{q.key}"], self[f"comment_{q.key}"]) for q in review_rules.QUESTIONS
        ]

    def answers(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            q.key: {"score": data.get(f"score_{q.key}"), "comment": data.get(f"comment_{q.key}")}
            for q in review_rules.QUESTIONS
        }
