"""Checks on the digits of a candidate number, one function per rule of the number itself.

They see digits only (``digits_of`` strips separators and reads full-width digits); the words
around a number are the business of ``cleaner.pii.rules``.
"""

from __future__ import annotations

import calendar
import ipaddress
import unicodedata

from cleaner.pii.lexicon import (
    AREA_CODES,
    MOBILE_PREFIXES,
    SERVICE_PREFIXES,
)

MASK_CHARS = frozenset("*＊xX●○")


def digits_of(text: str) -> str:
    """The decimal digits of ``text`` as ASCII (``０１０`` is ``010``), separators dropped."""
    return "".join(
        c if "0" <= c <= "9" else str(unicodedata.decimal(c)) for c in text if c.isdecimal()
    )


# --- resident registration numbers ----------------------------------------------------------

# The 7th digit gives sex and century: 1-4 citizens, 5-8 foreigners, 9/0 born in the 1800s.
_CENTURY = {"1": 1900, "2": 1900, "3": 2000, "4": 2000, "5": 1900, "6": 1900, "7": 2000}
_CENTURY |= {"8": 2000, "9": 1800, "0": 1800}
FOREIGNER_SEX_DIGITS = frozenset("5678")
_RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def rrn_birth_date_ok(front: str, sex_digit: str) -> bool:
    """``front`` (YYMMDD) is a calendar date in the century the 7th digit names."""
    if len(front) != 6 or sex_digit not in _CENTURY:
        return False
    year = _CENTURY[sex_digit] + int(front[:2])
    month, day = int(front[2:4]), int(front[4:6])
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def rrn_check_digit_ok(digits: str) -> bool:
    """The 13th digit of a number issued before October 2020 (weights 2-9, 2-5, modulo 11;
    foreigner numbers end the formula at 13 instead of 11). Numbers issued since then carry
    random digits after the 7th and no check digit."""
    if len(digits) != 13:
        return False
    total = sum(int(d) * w for d, w in zip(digits, _RRN_WEIGHTS, strict=False))
    base = 13 if digits[6] in FOREIGNER_SEX_DIGITS else 11
    return (base - total % 11) % 10 == int(digits[12])


# --- payment cards --------------------------------------------------------------------------


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def card_prefix_ok(digits: str) -> bool:
    """An issuer prefix and length that exist: Visa 4, Mastercard 51-55 and 2221-2720,
    American Express 34/37 (15 digits), JCB 35, Diners 36/38/30 (14), UnionPay 62, Discover 6011/65,
    Korean domestic cards 9 (16 digits)."""
    n = len(digits)
    if n == 15:
        return digits[:2] in {"34", "37"}
    if n == 14:
        return digits[:2] in {"30", "36", "38"}
    if n != 16:
        return False
    head2, head4 = int(digits[:2]), int(digits[:4])
    return (
        digits[0] in "469"
        or 51 <= head2 <= 55
        or 2221 <= head4 <= 2720
        or head2 == 35
        or digits[:4] == "6011"
    )


# --- business registration numbers ----------------------------------------------------------

_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def brn_check_digit_ok(digits: str) -> bool:
    """The 10th digit of a business registration number (weights 1,3,7,1,3,7,1,3,5, plus the
    tens of 9th digit × 5)."""
    if len(digits) != 10 or digits[:3] == "000":
        return False
    total = sum(int(d) * w for d, w in zip(digits, _BRN_WEIGHTS, strict=False))
    total += int(digits[8]) * 5 // 10
    return (10 - total % 10) % 10 == int(digits[9])


# --- phone numbers --------------------------------------------------------------------------


def phone_kind(prefix: str, middle: str) -> str | None:
    """``mobile``, ``landline`` or ``service`` when ``prefix`` is a Korean mobile, area or
    service prefix and the middle group has 3-4 digits, else None."""
    if len(middle) not in (3, 4):
        return None
    if prefix in MOBILE_PREFIXES:
        # 010 numbers have had 4-digit middles since 2004; 3 digits survive in old listings
        return "mobile"
    if prefix in AREA_CODES:
        return "landline"
    if prefix in SERVICE_PREFIXES:
        return "service"
    return None


def representative_ok(prefix: str, last: str) -> bool:
    """A 15xx/16xx/18xx number, unless the pair reads as a range of years (1600-1700): the
    second number after the first and not past 2100."""
    if len(prefix) != 4 or prefix[:2] not in ("15", "16", "18") or len(last) != 4:
        return False
    return not int(prefix) < int(last) <= 2100


def all_zero(*groups: str) -> bool:
    """``010-0000-0000``: a form's example, not a number."""
    return all(set(g) <= {"0"} for g in groups)


# --- IP addresses ---------------------------------------------------------------------------


def ipv4_octets_ok(octets: list[str]) -> bool:
    """Four octets 0-255 without leading zeros, the first not 0. Masked octets (``***``) are
    allowed after the first two."""
    if any(set(o) <= MASK_CHARS for o in octets[:2]):
        return False
    for octet in octets:
        if set(octet) <= MASK_CHARS:
            continue
        if not octet.isdigit() or int(octet) > 255 or (len(octet) > 1 and octet[0] == "0"):
            return False
    return int(octets[0]) != 0


def ipv6_ok(candidate: str) -> bool:
    """A valid IPv6 address with at least five hex digits written (``::`` alone, ``a::b`` and
    clock times are not)."""
    if sum(c != ":" for c in candidate) < 5:
        return False
    try:
        ipaddress.IPv6Address(candidate)
    except ValueError:
        return False
    return True
