"""Money as Decimal, written the way the reader's language writes it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


def quantize(amount: Decimal, places: int = 2) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, *, currency: str = "EUR", language: str = "fr") -> str:
    """``Decimal("12345.67")`` → ``12 345,67 €`` (fr) or ``€12,345.67`` (en)."""
    amount = quantize(amount)
    sign = "-" if amount < 0 else ""
    whole, _, cents = f"{abs(amount):.2f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    symbol = SYMBOLS.get(currency, currency)
    if language.startswith("fr"):
        return f"{sign}{NARROW_NBSP.join(groups)},{cents}{NBSP}{symbol}"
    return f"{sign}{symbol}{','.join(groups)}.{cents}"
