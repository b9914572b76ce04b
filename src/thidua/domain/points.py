"""Exact point arithmetic: parsing typed numbers, quantising to hundredths, Vietnamese formatting."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0")

# One rule for every number a person or a file hands us, enforced the same way whatever the
# database: points (scores, maxima, steps, band points, caps) are at most 10 000 in size with two
# decimals — they are stored as integer hundredths, which fits a 32-bit column on every backend;
# figures (targets, actual values, band thresholds) are at most 10^15 with at most four decimals.
POINTS_LIMIT = Decimal(10_000)
POINTS_DECIMALS = 2
FIGURE_LIMIT = Decimal(10) ** 15
FIGURE_DECIMALS = 4
COUNT_LIMIT = 100_000          # votes, members present, quotas: whole numbers of people or awards


def bounds_problem(value: Decimal, limit: Decimal, decimals: int) -> str | None:
    """Why `value` breaks the rule ("not_finite", "too_large", "too_precise"), or None when it holds.

    Checked before any arithmetic: quantising 1e30 to hundredths raises decimal.InvalidOperation.
    """
    if not value.is_finite():
        return "not_finite"
    if abs(value) > limit:
        return "too_large"
    if value.as_tuple().exponent < -decimals and value != value.quantize(Decimal(1).scaleb(-decimals)):
        return "too_precise"
    return None


def exact_text(value: Decimal | None) -> str | None:
    """A decimal as exact text without its scale: 5, 5.0 and 5.00 all read "5" (files and hashes)."""
    if value is None:
        return None
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "0") else text


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
    if not value.is_finite() or abs(value) >= Decimal(10) ** 20:   # only ever seen in a refusal
        return str(value).replace(".", decimal_sep)
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
