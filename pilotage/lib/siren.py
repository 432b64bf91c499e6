"""SIREN numbers: 9 digits whose Luhn checksum is 0 (La Poste's 356 000 000 excepted)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LA_POSTE = "356000000"  # its establishments are numbered outside the Luhn rule


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def normalise_siren(value: str) -> str:
    return "".join(value.split()).replace(".", "").replace("-", "")


def is_valid_siren(value: str) -> bool:
    v = normalise_siren(value)
    return len(v) == 9 and v.isdigit() and (v == LA_POSTE or luhn_ok(v))


def validate_siren(value: str) -> None:
    v = normalise_siren(value)
    if len(v) != 9 or not v.isdigit():
        raise ValidationError(_("A SIREN has exactly 9 digits."), code="siren_length")
    if not (v == LA_POSTE or luhn_ok(v)):
        raise ValidationError(
            _("This SIREN's control key is wrong: check the 9 digits."), code="siren_key"
        )
