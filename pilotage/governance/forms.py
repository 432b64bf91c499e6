from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pilotage.core.models import User
from pilotage.engagements.models import Engagement

from . import services
from .models import Action, ActionStatus, Decision, Meeting, MeetingKind, Side

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
VENDOR = "vendor"


class WhenForm(forms.Form):
    """A day and a time, read in the organisation's time zone."""

    day = forms.DateField(label=_("Day"), widget=DATE)
    time = forms.TimeField(label=_("Time"), widget=TIME)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=600, initial=60
    )
    location = forms.CharField(label=_("Place or link"), max_length=300, required=False)

    def __init__(self, *args: Any, zone: str = "Europe/Paris", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(zone or "Europe/Paris")

    def when(self) -> dt.datetime:
        d = self.cleaned_data
        return dt.datetime.combine(d["day"], d["time"], tzinfo=self.zone)

    @staticmethod
    def initial_for(value: dt.datetime, zone: str) -> dict[str, Any]:
        local = value.astimezone(ZoneInfo(zone or "Europe/Paris"))
        return {"day": local.date(), "time": local.time().replace(second=0, microsecond=0)}


class CadenceForm(WhenForm):
    kind = forms.ChoiceField(label=_("Meeting"), choices=MeetingKind.choices)
    field_order = ["kind", "day", "time", "duration_minutes", "location"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["day"].label = _("Day of the first meeting")
        self.fields["day"].help_text = _(
            "A monthly committee on the 2nd Tuesday stays on the 2nd Tuesday of each month."
        )


class MeetingForm(CadenceForm):
    """A one-off meeting."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["day"].label = _("Day")
        self.fields["day"].help_text = ""


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was said, point by point. Decisions and actions are recorded below."),
    )


def _person(user: User) -> str:
    return str(user)


class AttendeeForm(forms.Form):
    user = forms.ChoiceField(label=_("Person"), required=False)
    name = forms.CharField(
        label=_("Or a name"),
        max_length=200,
        required=False,
        help_text=_("Someone without an account in Pilotage."),
    )
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices, initial=Side.INSIDE)

    def __init__(self, *args: Any, engagement: Engagement, meeting: Meeting, **kwargs: Any):
        kwargs.setdefault("auto_id", "attendee_%s")  # several forms share the meeting page
        super().__init__(*args, **kwargs)
        taken = set(meeting.attendees.exclude(user=None).values_list("user_id", flat=True))
        inside = [u for u in services.people_inside(engagement) if u.pk not in taken]
        vendor = [u for u in services.people_of_vendor(engagement) if u.pk not in taken]
        self.people = {u.pk: u for u in inside + vendor}
        choices: list[Any] = [("", "—")]
        if inside:
            choices.append((str(_("Organisation")), [(str(u.pk), _person(u)) for u in inside]))
        if vendor:
            choices.append((engagement.vendor.name, [(str(u.pk), _person(u)) for u in vendor]))
        self.fields["user"].choices = choices

    def clean_user(self) -> User | None:
        value = self.cleaned_data.get("user")
        if not value:
            return None
        return self.people.get(int(value))


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["title", "decided_by", "reasons", "decided_on"]
        widgets = {"decided_on": DATE, "reasons": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "decided_by": _("The person or body who decided: “the committee”, “C. Martin”.")
        }

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("auto_id", "decision_%s")
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].required = False

    def _post_clean(self) -> None:  # the service validates and saves
        pass


class ActionForm(forms.ModelForm):
    owner = forms.ChoiceField(label=pgettext_lazy("action", "Owner"), required=False)

    class Meta:
        model = Action
        fields = ["title", "owner", "due_on", "details"]
        widgets = {"due_on": DATE, "details": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any):
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            kwargs.setdefault("initial", {})
            kwargs["initial"]["owner"] = (
                str(instance.owner_id)
                if instance.owner_id
                else (VENDOR if instance.held_by_vendor else "")
            )
        kwargs.setdefault("auto_id", "action_%s")
        super().__init__(*args, **kwargs)
        inside = services.people_inside(engagement)
        vendor = services.people_of_vendor(engagement)
        self.people = {u.pk: u for u in inside + vendor}
        choices: list[Any] = [("", "—")]
        choices.append((str(_("Organisation")), [(str(u.pk), _person(u)) for u in inside]))
        if engagement.vendor_id:
            choices.append(
                (
                    engagement.vendor.name,
                    [(VENDOR, _("%(vendor)s (the vendor)") % {"vendor": engagement.vendor.name})]
                    + [(str(u.pk), _person(u)) for u in vendor],
                )
            )
        self.fields["owner"].choices = choices
        self.fields["due_on"].required = False

    def clean_owner(self) -> Any:
        return self.cleaned_data.get("owner") or ""

    def _post_clean(self) -> None:  # the service validates and saves
        pass

    def service_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        owner_value = d.get("owner") or ""
        owner = self.people.get(int(owner_value)) if owner_value.isdigit() else None
        return {
            "title": d.get("title", ""),
            "details": d.get("details", ""),
            "owner": owner,
            "held_by_vendor": owner_value == VENDOR,
            "due_on": d.get("due_on"),
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
