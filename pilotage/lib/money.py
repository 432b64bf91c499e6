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


class BadAmount(ValueError):
    pass


def parse_cents(value: object) -> int:
    """An amount cell in cents: ``1 234,56``, ``1234.56``, ``1,234.56``, ``-1 234,56 €``,
    ``(120,00)``, or a number from a spreadsheet. ``BadAmount`` if unreadable."""
    if isinstance(value, bool):
        raise BadAmount(str(value))
    if isinstance(value, int):
        return value * 100
    if isinstance(value, float | Decimal):
        return int(quantize(Decimal(str(value))) * 100)
    text = str(value).strip().replace("€", "").replace("EUR", "").strip()
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()")
    for space in (" ", NBSP, NARROW_NBSP, "'"):
        text = text.replace(space, "")
    if "," in text and "." in text:
        # The last of the two is the decimal separator: 1.234,56 or 1,234.56.
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except ArithmeticError:
        raise BadAmount(str(value)) from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP):
        raise BadAmount(str(value))
    cents = int(amount * 100)
    return -cents if negative else cents
