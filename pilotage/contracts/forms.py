from __future__ import annotations

import re
from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from . import clauses
from .models import Clause, ClauseStatus, Contract, ContractKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CONTRACT_FIELDS = [
    "reference",
    "title",
    "signed_on",
    "starts_on",
    "initial_term_months",
    "renewal_term_months",
    "tacit_renewal",
    "notice_amount",
    "notice_unit",
    "fixed_monthly_fee",
    "variable_fee",
    "performance_share",
    "payment_terms",
    "alert_offsets",
    "notes",
]
AMENDMENT_FIELDS = [
    "reference",
    "title",
    "signed_on",
    "starts_on",
    "fixed_monthly_fee",
    "variable_fee",
    "performance_share",
    "payment_terms",
    "notes",
]
MONEY = ("fixed_monthly_fee", "performance_share")


class ContractForm(forms.Form):
    """A contract's terms (or an amendment's), with the signed PDF when it is created."""

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        contract: Contract | None = None,
        amendment: bool = False,
        with_document: bool = False,
    ):
        names = AMENDMENT_FIELDS if amendment else CONTRACT_FIELDS
        initial: dict[str, Any] = {}
        if contract is not None:
            initial = {n: getattr(contract, n) for n in names}
            if "alert_offsets" in initial:
                initial["alert_offsets"] = ", ".join(str(o) for o in contract.alert_offsets)
        super().__init__(data, files, initial=initial)
        fields = fields_for_model(
            Contract,
            fields=[n for n in names if n != "alert_offsets"],
            widgets={"signed_on": DATE, "starts_on": DATE},
            localized_fields=MONEY,
        )
        for name in names:
            if name == "alert_offsets":
                self.fields[name] = forms.CharField(
                    label=_("Alerts (days before the deadline)"),
                    initial="90, 30, 7",
                    max_length=60,
                    help_text=_(
                        "By e-mail and on the home page, before the last day to give notice "
                        "(or the end of a contract that does not renew)."
                    ),
                )
            else:
                self.fields[name] = fields[name]
        self.fields["reference"].widget.attrs["placeholder"] = _("For instance: CT-2026-014")
        if "notes" in self.fields:
            self.fields["notes"].widget.attrs["rows"] = 3
            if not amendment:
                self.fields["notes"].label = _("Internal notes")
                self.fields["notes"].help_text = _("Not shown to the vendor.")
            else:
                self.fields["notes"].label = _("What the amendment changes")
        if "initial_term_months" in self.fields:
            self.fields["initial_term_months"].widget.attrs.update(min=1, max=240)
            self.fields["renewal_term_months"].widget.attrs.update(min=1, max=240)
            self.fields["notice_amount"].widget.attrs.update(min=0)
        if amendment:
            self.fields["starts_on"].label = _("takes effect on")
        if with_document:
            self.fields["document"] = forms.FileField(
                label=_("Signed document (PDF)"), required=False
            )

    def clean_alert_offsets(self) -> list[int]:
        text = self.cleaned_data.get("alert_offsets") or ""
        parts = [p for p in re.split(r"[\s,;]+", text) if p]
        try:
            return [int(p) for p in parts]
        except ValueError:
            raise forms.ValidationError(
                _("Give whole numbers of days, separated by commas: 90, 30, 7.")
            ) from None

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "document"}


class DocumentForm(forms.Form):
    document = forms.FileField(label=_("Signed document (PDF)"))


class NoticeForm(forms.Form):
    notice_given_on = forms.DateField(label=_("Notice given on"), widget=DATE)


class ClauseForm(forms.Form):
    """The checklist: a status and a note per clause, ``status_<key>`` and ``note_<key>``."""

    def __init__(self, data: Any = None, *, rows: list[Clause]):
        super().__init__(data)
        self.rows = []
        for clause in rows:
            spec = clauses.BY_KEY.get(clause.key)
            if spec is None:
                continue
            self.fields[f"status_{clause.key}"] = forms.ChoiceField(
                label=spec.label,
                choices=ClauseStatus.choices,
                initial=clause.status,
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{clause.key}"] = forms.CharField(
                label=_("Note on “%(clause)s”") % {"clause": spec.label},
                required=False,
                max_length=2000,
                initial=clause.note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.rows.append((spec, clause))

    def bound_rows(self) -> list[tuple[Any, Clause, Any, Any]]:
        return [
            (spec, clause, self[f"status_{clause.key}"], self[f"note_{clause.key}"])
            for spec, clause in self.rows
        ]


def is_amendment(contract: Contract) -> bool:
    return contract.kind == ContractKind.AMENDMENT
