"""The guided forms of the specification: one per section, its lists edited as rows.

Every field is optional (an incomplete section is saved as a draft); only malformed values
are refused: a date that does not exist, an e-mail that is not one, a text over its maximum.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pilotage.engagements.models import Engagement, Vendor
from pilotage.kpis import catalogue
from pilotage.kpis.labels import value_text

from . import content
from .labels import FIELDS, FREQUENCIES, OBJECTIVE_KINDS
from .models import NOTE_MAX

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _text(section: str, name: str, limit: int, rows: int = 0, **attrs: Any) -> forms.CharField:
    widget: forms.Widget = (
        forms.Textarea(attrs={"rows": rows, **attrs}) if rows else forms.TextInput(attrs=attrs)
    )
    return forms.CharField(
        label=FIELDS[section][name], max_length=limit, required=False, widget=widget
    )


def _tick(section: str, name: str) -> forms.BooleanField:
    return forms.BooleanField(label=FIELDS[section][name], required=False)


def _date(section: str, name: str) -> forms.DateField:
    return forms.DateField(label=FIELDS[section][name], required=False, widget=DATE_WIDGET)


def _choice(section: str, name: str, choices: dict[str, Any]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=FIELDS[section][name], required=False, choices=[("", "—"), *choices.items()]
    )


# --- rows of the lists ----------------------------------------------------------------


class ObjectiveRow(forms.Form):
    kind = _choice("objectives", "kind", OBJECTIVE_KINDS)
    text = _text("objectives", "text", content.MEDIUM)
    target = _text("objectives", "target", content.MEDIUM)


class TaskRow(forms.Form):
    text = _text("tasks", "text", content.MEDIUM)


class ToolRow(forms.Form):
    text = _text("tools", "text", content.MEDIUM)


class DeliverableRow(forms.Form):
    name = _text("deliverables", "name", content.SHORT)
    form = _text("deliverables", "form", content.MEDIUM)
    frequency = _choice("deliverables", "frequency", FREQUENCIES)
    deadline = _date("deliverables", "deadline")
    criterion = _text("deliverables", "criterion", content.MEDIUM)


class MilestoneRow(forms.Form):
    date = _date("calendar", "date")
    label = _text("calendar", "label", content.SHORT)


class ClientReferentRow(forms.Form):
    name = _text("referents", "name", content.SHORT)
    role = _text("referents", "role", content.SHORT)
    email = forms.EmailField(label=FIELDS["referents"]["email"], max_length=254, required=False)
    phone = _text("referents", "phone", 30)


class VendorReferentRow(forms.Form):
    name = _text("referents", "name", content.SHORT)
    role = _text("referents", "role", content.SHORT)


class RitualRow(forms.Form):
    name = _text("followup", "name", content.SHORT)
    rhythm = _text("followup", "rhythm", content.SHORT)


class IndicatorRow(forms.Form):
    code = forms.CharField(max_length=60, required=False, widget=forms.HiddenInput)
    name = _text("indicators", "name", content.SHORT)
    target = _text("indicators", "target", content.MEDIUM)

    def clean_code(self) -> str:
        code = self.cleaned_data.get("code", "")
        if code and code not in catalogue.BY_CODE:
            raise forms.ValidationError(_("Not an indicator of the catalogue."))
        return code


class ObjectionRow(forms.Form):
    objection = _text("playbook", "objection", content.MEDIUM)
    answer = _text("playbook", "answer", content.LONG, rows=2)


def _rows(form: type[forms.Form]) -> type[forms.BaseFormSet]:
    return forms.formset_factory(
        form, extra=2, can_delete=True, max_num=content.MAX_ITEMS, validate_max=True
    )


# --- the sections ---------------------------------------------------------------------


class ContextForm(forms.Form):
    company = _text("context", "company", content.LONG, rows=4)
    project = _text("context", "project", content.LONG, rows=6)


class PurposeForm(forms.Form):
    text = _text("purpose", "text", content.LONG, rows=6)


class NoFields(forms.Form):
    pass


class ToolsForm(forms.Form):
    none_imposed = _tick("tools", "none_imposed")


class ConstraintsForm(forms.Form):
    text = _text("constraints", "text", content.LONG, rows=6)
    none = _tick("constraints", "none")


class CalendarForm(forms.Form):
    start = _date("calendar", "start")


class ReferentsForm(forms.Form):
    vendor_to_name = _tick("referents", "vendor_to_name")


class FollowUpForm(forms.Form):
    weekly_point = _tick("followup", "weekly_point")
    monthly_committee = _tick("followup", "monthly_committee")
    quarterly_review = _tick("followup", "quarterly_review")
    yearly_review = _tick("followup", "yearly_review")
    channel = _text("followup", "channel", content.MEDIUM)
    validation = _text("followup", "validation", content.LONG, rows=3)


def suggested_target(template: catalogue.Template) -> str:
    """The catalogue's target as a line of the specification: ``≤ 50 j``, ``≥ 80 %``."""
    if template.target is None:
        return ""
    sign = "≤" if template.direction == catalogue.LOWER else "≥"
    return f"{sign} {value_text(template.target, template.unit)}"


class IndicatorsForm(forms.Form):
    pick = forms.MultipleChoiceField(
        label=_("Add from the catalogue"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pick"].choices = [(t.code, t.name) for t in catalogue.TEMPLATES]


class PlaybookForm(forms.Form):
    qualification = _text("playbook", "qualification", content.LONG, rows=3)
    hot = _text("playbook", "hot", content.LONG, rows=3)
    lukewarm = _text("playbook", "lukewarm", content.LONG, rows=3)
    handover = _text("playbook", "handover", content.LONG, rows=3)


@dataclass(frozen=True)
class Rows:
    """A list of the section edited as rows: ``key`` is its field, ``prefix`` its formset's;
    ``texts``: its rows are one text each (stored as plain strings)."""

    key: str
    formset: type[forms.BaseFormSet]
    prefix: str
    label: Any = ""
    texts: bool = False
    cards: bool = False  # wide rows: laid out as cards rather than table rows


EDITORS: dict[str, tuple[type[forms.Form], tuple[Rows, ...]]] = {
    "context": (ContextForm, ()),
    "purpose": (PurposeForm, ()),
    "objectives": (NoFields, (Rows("items", _rows(ObjectiveRow), "objectives"),)),
    "tasks": (NoFields, (Rows("items", _rows(TaskRow), "tasks", texts=True),)),
    "deliverables": (
        NoFields,
        (Rows("items", _rows(DeliverableRow), "deliverables", cards=True),),
    ),
    "tools": (ToolsForm, (Rows("items", _rows(ToolRow), "tools", texts=True),)),
    "constraints": (ConstraintsForm, ()),
    "calendar": (
        CalendarForm,
        (Rows("milestones", _rows(MilestoneRow), "milestones", FIELDS["calendar"]["milestones"]),),
    ),
    "referents": (
        ReferentsForm,
        (
            Rows("client", _rows(ClientReferentRow), "client", FIELDS["referents"]["client"]),
            Rows("vendor", _rows(VendorReferentRow), "vendor", FIELDS["referents"]["vendor"]),
        ),
    ),
    "followup": (
        FollowUpForm,
        (Rows("others", _rows(RitualRow), "rituals", FIELDS["followup"]["others"]),),
    ),
    "indicators": (IndicatorsForm, (Rows("items", _rows(IndicatorRow), "indicators"),)),
    "playbook": (
        PlaybookForm,
        (Rows("objections", _rows(ObjectionRow), "objections", FIELDS["playbook"]["objections"]),),
    ),
}


def _is_blank(value: Any) -> bool:
    return value in (None, "", False, [])


class SectionEditor:
    """The form of one section and the formsets of its lists, bound together."""

    def __init__(self, slug: str, data: Any, stored: dict[str, Any]) -> None:
        form_class, lists = EDITORS[slug]
        self.slug = slug
        scalars = {k: v for k, v in stored.items() if not isinstance(v, list)}
        self.form = form_class(data, initial=scalars)
        self.lists: list[tuple[Rows, forms.BaseFormSet]] = []
        for rows in lists:
            initial = stored.get(rows.key, [])
            if rows.texts:
                initial = [{"text": t} for t in initial]
            self.lists.append((rows, rows.formset(data, initial=initial, prefix=rows.prefix)))

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        for _rows, formset in self.lists:
            valid = formset.is_valid() and valid
        return valid

    def data(self) -> dict[str, Any]:
        """The section as ``content.section_from_dict`` reads it."""
        out = {k: v for k, v in self.form.cleaned_data.items() if k != "pick"}
        for rows, formset in self.lists:
            items: list[Any] = []
            for form in formset.forms:
                values = {k: v for k, v in (form.cleaned_data or {}).items() if k != "DELETE"}
                if (form.cleaned_data or {}).get("DELETE") or all(
                    _is_blank(v) for v in values.values()
                ):
                    continue
                items.append(values.get("text", "") if rows.texts else values)
            out[rows.key] = items
        if self.slug == "indicators":
            taken = {item.get("code") for item in out["items"] if item.get("code")}
            for code in self.form.cleaned_data.get("pick", []):
                template = catalogue.BY_CODE[code]
                if code not in taken:
                    out["items"].append(
                        {
                            "code": code,
                            "name": str(template.name),
                            "target": suggested_target(template),
                        }
                    )
        return out


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the readers"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: what this version changes, or what remains to be settled."),
    )


class ShareForm(forms.Form):
    vendor = forms.ModelChoiceField(
        label=_("Candidate vendor"),
        queryset=Vendor.objects.none(),
        help_text=_("The link is personal: one per candidate, so that you know who read it."),
    )

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = Vendor.objects.filter(
            organisation_id=engagement.organisation_id
        ).order_by("name")
        self.fields["vendor"].empty_label = _("— choose a vendor —")
