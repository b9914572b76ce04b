"""Exact point arithmetic: parsing typed numbers, quantising to hundredths, Vietnamese formatting."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0")


def quantize(value: Decimal) -> Decimal:
    """Round to hundredths, half up, as a secretary rounds by hand."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_number(text: object) -> Decimal | None:
    """Parse a number as a Vietnamese or English user types it; None for blank.

    Accepts "15,5", "15.5", "1.298" (thousands), "4.139,25", " 7 ". Raises ValueError otherwise.
    Why not locale: users paste from Excel set to either locale, so both separators occur.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise ValueError(text)
    if isinstance(text, (int, Decimal)):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(repr(text))
    s = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if s == "":
        return None
    neg = s.startswith("-") or s.startswith("−")
    if neg:
        s = s[1:]
    if s.endswith("%"):
        s = s[:-1]
    if "," in s and "." in s:
        # whichever separator comes last is the decimal one
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif "," in s:
        s = s.replace(",", ".") if s.count(",") == 1 else s.replace(",", "")
    elif s.count(".") > 1 or (s.count(".") == 1 and _looks_like_thousands(s)):
        s = s.replace(".", "")
    try:
        value = Decimal(s)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return -value if neg else value


def _looks_like_thousands(s: str) -> bool:
    """'1.298' is one thousand two hundred ninety-eight in Vietnamese writing, '15.5' is not."""
    head, _, tail = s.partition(".")
    return len(tail) == 3 and head.isdigit() and tail.isdigit() and head != "0"


def format_points(value: Decimal | None, decimal_sep: str = ",", blank: str = "") -> str:
    """'72,84', '15,5', '10' — trailing zeros dropped, decimal comma for Vietnamese."""
    if value is None:
        return blank
    q = quantize(value)
    text = f"{q:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", decimal_sep)


def format_count(value: Decimal | int | None, thousands_sep: str = ".", decimal_sep: str = ",") -> str:
    """'4.139' for counts; decimals kept ('12,5')."""
    if value is None:
        return ""
    d = Decimal(value)
    sign = "-" if d < 0 else ""
    d = abs(d)
    whole = int(d)
    frac = d - whole
    grouped = f"{whole:,}".replace(",", thousands_sep)
    if frac:
        tail = f"{frac.normalize():f}".split(".")[1]
        return f"{sign}{grouped}{decimal_sep}{tail}"
    return sign + grouped


def is_multiple(value: Decimal, step: Decimal) -> bool:
    return step <= 0 or (value % step) == 0
