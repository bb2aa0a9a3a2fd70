"""The PII rules as a table: type, rule name, regular expression, and a check on each match.

A number rule's regex finds the *shape* (digit groups and separators, bounded so that it never
starts or ends inside a longer run of digits); its check reads the digits (``validators``) and
the words around the number (``lexicon``) and returns the rule name to record, or None to
reject the match. At each place the rules are tried in table order and an accepted match claims
its span, so the order is the priority: a resident number before a card, a card before a phone
number, anything specific before an account number, whose shape is the loosest.

E-mail addresses and IPv6 addresses are not digit runs; ``email_spans`` and
``ipv6_candidates`` find them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cleaner.pii import lexicon, validators
from cleaner.pii.validators import MASK_CHARS, digits_of

# --- shared pieces of the patterns ----------------------------------------------------------
_DASHES = "\\-\u2010-\u2015\u2212\uff0d\u3161"  # - ‐ ‑ ‒ – — ― − － and ㅡ, typed as a dash
DASH = f"[{_DASHES}]"
_SPACE = "[ \u00a0]"
# between digit groups: a dash or a dot, with a space either side or not, or a space alone
SEP = f"(?:{_SPACE}?(?:{DASH}|[.\uff0e]){_SPACE}?|{_SPACE})"
SEP_DASH = f"(?:{_SPACE}?{DASH}{_SPACE}?)"
SEP_CARD = f"(?:{_SPACE}?{DASH}{_SPACE}?|{_SPACE})"
_MASK = "[*＊xX●○]"
# a number never starts right after a digit, a Latin letter or a separator that continues a
# longer run, nor ends right before one: in 2024-010-1234-5678, SN880101-1234567 or
# 02-123-4567-89 nothing is a number of ours
LEFT = f"(?<![\\dA-Za-z+/])(?<!\\d[.{_DASHES}])(?<!\\d{_SPACE}{DASH})"
# phone numbers also follow a Latin label directly (Tel.02-…, HP010-…)
LEFT_PHONE = f"(?<![\\d+/])(?<!\\d[.{_DASHES}])(?<!\\d{_SPACE}{DASH})"
RIGHT = f"(?![\\dA-Za-z]|[.{_DASHES}]\\d|{_SPACE}{DASH}{_SPACE}?\\d)"
RIGHT_MASKED = f"(?![\\dA-Za-z*＊●○]|[.{_DASHES}][\\d*＊])"

# Where number rules look: a run of digits, separators and mask characters, 7 characters at
# least (the shortest number, 1.1.1.1; then 1588-1234). One scan with this cheap pattern finds
# the few places worth the rules' time.
TOKEN = re.compile(f"\\d[\\d{_DASHES}.\uff0e \u00a0()*＊xX●○]{{6,}}")

Check = Callable[[re.Match[str], str], str | None]


@dataclass(frozen=True)
class Rule:
    """``check`` gets each match of ``pattern`` and the whole text, and returns the rule name to
    record (``name`` or a finer one, ``rrn:check-digit``) or None to refuse the match."""

    type: str
    name: str
    pattern: str
    check: Check
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern))


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_RRN_WORDS = _words(lexicon.RRN_WORDS)
_RRN_NOT_WORDS = _words(lexicon.RRN_NOT_WORDS)
_PHONE_WORDS = _words(lexicon.PHONE_WORDS)
_CARD_WORDS = _words(lexicon.CARD_WORDS)
_CARD_NOT_WORDS = _words(lexicon.CARD_NOT_WORDS)
_BRN_WORDS = _words(lexicon.BRN_WORDS)
_IP_WORDS = _words(lexicon.IP_WORDS)
_RANGE_UNIT = _words(lexicon.RANGE_UNITS)
_VERSION_BEFORE = _words(lexicon.VERSION_WORDS)
_BANK_WORDS = _words(
    "|".join(re.escape(n) for n in sorted(lexicon.BANK_NAMES, key=len, reverse=True))
    + "|"
    + lexicon.ACCOUNT_WORDS
)
_BANK_SHORT = _words(
    "(?:"
    + "|".join(re.escape(n) for n in lexicon.BANK_SHORT_NAMES)
    + f")[^\\w\\n]{{0,{lexicon.BANK_SHORT_GAP}}}$"
)


def near_before(words: re.Pattern[str], text: str, start: int) -> bool:
    """``words`` occur in the ``CONTEXT_BEFORE`` characters before ``start``."""
    return words.search(text, max(0, start - lexicon.CONTEXT_BEFORE), start) is not None


def bank_nearby(text: str, start: int, end: int) -> bool:
    """A bank name or an account word before the number (or a bank name just after it), or a
    short bank name (우리, 하나) right before it."""
    if near_before(_BANK_WORDS, text, start):
        return True
    if _BANK_WORDS.search(text, end, min(len(text), end + lexicon.BANK_AFTER)):
        return True
    return _BANK_SHORT.search(text, max(0, start - 8), start) is not None


# --- resident registration numbers ----------------------------------------------------------


def check_rrn(m: re.Match[str], text: str) -> str | None:
    """A birth date and sex digit; then the check digit, or (numbers issued since October 2020
    have none) a context word. Order, parcel and case numbers of the same shape are refused."""
    front, sex, back = digits_of(m["rrn_front"]), digits_of(m["rrn_sex"]), m["rrn_back"]
    if not validators.rrn_birth_date_ok(front, sex):
        return None
    said = near_before(_RRN_WORDS, text, m.start())
    if not said and near_before(_RRN_NOT_WORDS, text, m.start()):
        return None
    if set(back) <= MASK_CHARS:
        return "rrn:partial"
    if validators.rrn_check_digit_ok(front + sex + digits_of(back)):
        return "rrn:check-digit"
    return "rrn:context" if said else None


def check_rrn_bare(m: re.Match[str], text: str) -> str | None:
    """13 digits without a dash: only after a context word (barcodes have 13 digits too)."""
    digits = digits_of(m.group(0))
    if not validators.rrn_birth_date_ok(digits[:6], digits[6]):
        return None
    if not near_before(_RRN_WORDS, text, m.start()):
        return None
    return "rrn:check-digit" if validators.rrn_check_digit_ok(digits) else "rrn:context"


# --- cards ----------------------------------------------------------------------------------


def check_card(m: re.Match[str], text: str) -> str | None:
    digits = digits_of(m.group(0))
    if not (validators.card_prefix_ok(digits) and validators.luhn_ok(digits)):
        return None
    return "card:luhn"


def check_card_bare(m: re.Match[str], text: str) -> str | None:
    """15-16 digits in one run: issuer prefix and Luhn, and no order/parcel/account word."""
    if near_before(_CARD_NOT_WORDS, text, m.start()) and not near_before(
        _CARD_WORDS, text, m.start()
    ):
        return None
    return check_card(m, text)


def check_card_partial(m: re.Match[str], text: str) -> str | None:
    """``9410-12**-****-3456``: a card grouping with masked digits, an issuer's first digit."""
    body = m.group(0)
    masked = sum(c in MASK_CHARS for c in body)
    first = digits_of(body[:4])
    if masked < 4 or len(first) != 4 or first[0] not in "234569":
        return None
    if first[0] == "2" and not 2221 <= int(first) <= 2720:
        return None
    return "card:partial"


# --- business registration numbers ----------------------------------------------------------


def check_brn(m: re.Match[str], text: str) -> str | None:
    """XXX-XX-XXXXX with a valid check digit, or any such number after 사업자/등록번호; near a
    bank name without those words it is left to the account rule."""
    digits = digits_of(m.group(0))
    said = near_before(_BRN_WORDS, text, m.start())
    if not said and bank_nearby(text, m.start(), m.end()):
        return None
    if validators.brn_check_digit_ok(digits):
        return "brn:check-digit"
    return "brn:context" if said and digits[:3] != "000" else None


def check_brn_bare(m: re.Match[str], text: str) -> str | None:
    digits = digits_of(m.group(0))
    if near_before(_BRN_WORDS, text, m.start()) and validators.brn_check_digit_ok(digits):
        return "brn:check-digit"
    return None


# --- phone numbers --------------------------------------------------------------------------


def check_phone(m: re.Match[str], text: str) -> str | None:
    prefix = digits_of(m["ph_paren"] or m["ph_prefix"])
    middle, last = digits_of(m["ph_mid"]), digits_of(m["ph_last"])
    kind = validators.phone_kind(prefix, middle)
    if kind is None or validators.all_zero(middle, last):
        return None
    return f"phone:{kind}"


def check_phone_international(m: re.Match[str], text: str) -> str | None:
    prefix, middle, last = (digits_of(m[g]) for g in ("intl_prefix", "intl_mid", "intl_last"))
    kind = validators.phone_kind("0" + prefix, middle)
    if kind is None or validators.all_zero(middle, last):
        return None
    return "phone:international"


def check_phone_representative(m: re.Match[str], text: str) -> str | None:
    """1588-1234. Spelled with a dot or a space (1600.1234, 1544 2000) it could be a decimal or
    two counts, and as an ascending pair (1577-1701) or before a unit (1500-1800m) a range:
    those need a phone word before them."""
    prefix, sep, last = m["rep_prefix"], m["rep_sep"], m["rep_last"]
    said = near_before(_PHONE_WORDS, text, m.start())
    if said and len(digits_of(prefix + last)) == 8:
        return "phone:representative"
    if not validators.representative_ok(digits_of(prefix), digits_of(last)):
        return None
    if not re.match(DASH, sep.strip() or " ") or _RANGE_UNIT.match(text, m.end()):
        return None
    return "phone:representative"


def check_phone_bare(m: re.Match[str], text: str) -> str | None:
    """Digits without separators: an 11-digit 010 number on its own, anything else only after a
    phone word (전화, 문의, Tel, ☎)."""
    digits = digits_of(m.group(0))
    if len(digits) == 11 and digits.startswith("010") and digits[3] != "0":
        return "phone:mobile"
    if not near_before(_PHONE_WORDS, text, m.start()):
        return None
    if len(digits) == 8:
        return "phone:representative" if digits[:2] in ("15", "16", "18") else None
    for cut in (2, 3, 4):
        prefix, rest = digits[:cut], digits[cut:]
        if len(rest) not in (7, 8):
            continue
        kind = validators.phone_kind(prefix, rest[:-4])
        if kind is not None and not validators.all_zero(rest):
            return f"phone:{kind}"
    return None


def check_phone_partial(m: re.Match[str], text: str) -> str | None:
    """010-****-5678, 02-123-****: masked digits, and at least 4 digits still shown (an all-X
    template such as 010-XXXX-XXXX shows none and is not a number)."""
    rest = m["part_mid"] + m["part_last"]
    if not any(c in MASK_CHARS for c in rest) or len(digits_of(rest)) < 4:
        return None
    return "phone:partial"


# --- IP addresses ---------------------------------------------------------------------------


def check_ipv4(m: re.Match[str], text: str) -> str | None:
    """Valid octets, not after a version word (v1.2.10.4). Version and section numbers start
    low (1.16.5.2, 3.1.2.4), so an address whose first octet is below 10 also needs an IP word
    before it (DNS 8.8.8.8)."""
    octets = [m[f"ip_{i}"] for i in range(4)]
    if not validators.ipv4_octets_ok(octets):
        return None
    if _VERSION_BEFORE.search(text, max(0, m.start() - 12), m.start()):
        return None
    if int(octets[0]) < 10 and not near_before(_IP_WORDS, text, m.start()):
        return None
    if any(set(o) <= MASK_CHARS for o in octets):
        # '118.43.***.***': the site already hid the host; a network is not a person
        return None
    return "ip:v4"


def check_ipv6(m: re.Match[str], text: str) -> str | None:
    return "ip:v6" if validators.ipv6_ok(m.group(0)) else None


# --- bank accounts --------------------------------------------------------------------------

_DATE_LED = re.compile(r"(?:19|20)\d\d\D{1,3}(?:0?[1-9]|1[0-2])\D{1,3}(?:0?[1-9]|[12]\d|3[01])\b")


def check_account(m: re.Match[str], text: str) -> str | None:
    """10-16 digits in 2-5 dashed groups (or 10-14 in one run) near a bank name or 계좌/입금/
    예금주. Dates and date ranges have the shape too, so a number that opens with a date is not
    an account."""
    body = m.group(0)
    digits = digits_of(body)
    if not 10 <= len(digits) <= 16 or len(set(digits)) == 1:
        return None
    if _DATE_LED.match(body):
        return None
    return "account:bank" if bank_nearby(text, m.start(), m.end()) else None


# --- the table ------------------------------------------------------------------------------

_PHONE_PREFIX = "01[016789]|02|0[3-6][1-5]|070|060|080|050[2-8]"
_MASKABLE = "[\\d*＊xX●○]"

# Group names are unique across the table: the rules are also joined into one pattern.
NUMBER_RULES: tuple[Rule, ...] = (
    Rule(
        "rrn",
        "rrn",
        f"{LEFT}(?P<rrn_front>\\d{{6}}){SEP_DASH}(?P<rrn_sex>\\d)"
        f"(?P<rrn_back>\\d{{6}}|{_MASK}{{6}}){RIGHT_MASKED}",
        check_rrn,
    ),
    Rule("rrn", "rrn:bare", f"{LEFT}\\d{{13}}{RIGHT}", check_rrn_bare),
    Rule(
        "card",
        "card:luhn",
        f"{LEFT}\\d{{4}}(?P<card_sep>{SEP_CARD})\\d{{4}}(?P=card_sep)\\d{{4}}(?P=card_sep)\\d{{4}}{RIGHT}",
        check_card,
    ),
    Rule(
        "card",
        "card:luhn",
        f"{LEFT}3\\d{{3}}(?P<amex_sep>{SEP_CARD})\\d{{6}}(?P=amex_sep)\\d{{4,5}}{RIGHT}",
        check_card,
    ),
    Rule("card", "card:luhn", f"{LEFT}\\d{{15,16}}{RIGHT}", check_card_bare),
    Rule(
        "card",
        "card:partial",
        f"{LEFT}\\d{{4}}(?P<cardp_sep>{SEP_CARD}){_MASKABLE}{{4}}(?P=cardp_sep){_MASKABLE}{{4}}"
        f"(?P=cardp_sep){_MASKABLE}{{4}}{RIGHT_MASKED}",
        check_card_partial,
    ),
    Rule(
        "brn",
        "brn",
        f"{LEFT}\\d{{3}}(?P<brn_sep>{SEP_DASH})\\d{{2}}(?P=brn_sep)\\d{{5}}{RIGHT}",
        check_brn,
    ),
    Rule("brn", "brn:bare", f"{LEFT}\\d{{10}}{RIGHT}", check_brn_bare),
    Rule(
        "phone",
        "phone:international",
        f"(?<![0-9A-Za-z+])\\+{_SPACE}?82(?:{_SPACE}?\\(0\\))?(?:{SEP}|\\){_SPACE}?)?0?"
        f"(?P<intl_prefix>1[016789]|2|[3-6][1-5]|70|60|80|50[2-8]){SEP}?"
        f"(?P<intl_mid>\\d{{3,4}}){SEP}?(?P<intl_last>\\d{{4}}){RIGHT}",
        check_phone_international,
    ),
    Rule(
        "phone",
        "phone",
        f"{LEFT_PHONE}(?:\\((?P<ph_paren>0\\d{{1,3}})\\){_SPACE}?"
        f"|(?P<ph_prefix>0\\d{{1,3}})(?:\\){_SPACE}?|{SEP}))"
        f"(?P<ph_mid>\\d{{3,4}}){SEP}(?P<ph_last>\\d{{4}}){RIGHT}",
        check_phone,
    ),
    Rule(
        "phone",
        "phone:representative",
        f"{LEFT_PHONE}(?P<rep_prefix>1[568]\\d\\d)(?P<rep_sep>{SEP})(?P<rep_last>\\d{{4}}){RIGHT}",
        check_phone_representative,
    ),
    Rule(
        "phone",
        "phone:bare",
        f"{LEFT_PHONE}(?:0\\d{{8,10}}|1[568]\\d{{6}}){RIGHT}",
        check_phone_bare,
    ),
    Rule(
        "phone",
        "phone:partial",
        f"{LEFT_PHONE}\\(?(?:{_PHONE_PREFIX})\\)?{SEP}(?P<part_mid>{_MASKABLE}{{3,4}}){SEP}"
        f"(?P<part_last>{_MASKABLE}{{4}}){RIGHT_MASKED}",
        check_phone_partial,
    ),
    Rule(
        "ip",
        "ip:v4",
        "(?<![0-9A-Za-z.])(?P<ip_0>\\d{1,3})\\.(?P<ip_1>\\d{1,3})\\."
        "(?P<ip_2>\\d{1,3}|[*＊xX]{1,3})\\.(?P<ip_3>\\d{1,3}|[*＊xX]{1,3})(?![0-9A-Za-z*＊]|\\.\\d)",
        check_ipv4,
    ),
    Rule(
        "account",
        "account:bank",
        f"{LEFT}\\d{{2,6}}(?:{SEP_DASH}\\d{{1,8}}){{1,4}}{RIGHT}",
        check_account,
    ),
    Rule("account", "account:bank", f"{LEFT}\\d{{10,14}}{RIGHT}", check_account),
)
# All number rules as one pattern (``(?P<r0>…)|(?P<r1>…)|…``): one search finds the leftmost
# number any rule sees, and ``lastgroup`` names the first rule that sees it there.
NUMBER = re.compile("|".join(f"(?P<r{i}>{rule.pattern})" for i, rule in enumerate(NUMBER_RULES)))

IPV6 = Rule(
    "ip",
    "ip:v6",
    "(?<![0-9A-Za-z:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Za-z:.])",
    check_ipv6,
)


# --- e-mail ---------------------------------------------------------------------------------

# the @ itself, full-width ＠, and the spelled-out forms people use against harvesters
_SPELLED_AT = "\\s?(?:at|AT|At|골뱅이)\\s?"
# every branch starts with a literal, for the engine's fast first-character skip; the space a
# spelled-out at may have on either side is taken in ``email_spans``
EMAIL_AT = re.compile(
    "@|＠"
    + "".join(
        f"|\\{opening}{_SPELLED_AT}\\{closing}" for opening, closing in ("[]", "()", "{}", "<>")
    )
    + f"|（{_SPELLED_AT}）"
)
EMAIL_LOCAL = re.compile("[A-Za-z0-9._%+\\-*＊]{1,64}\\Z")
EMAIL_DOMAIN = re.compile(
    "(?:[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?(?:\\.|[ \u00a0]?[\\[(]dot[\\])][ \u00a0]?))+"
    "([A-Za-z]{2,24})(?![A-Za-z0-9\\-])"
)
# One scan says whether a text may hold an e-mail or an IPv6 address at all: an @, a
# spelled-out at, a '::' or three colons between hex groups. Each branch starts with a literal,
# which the regex engine turns into a fast first-character skip.
IPV6_CUE = "::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:"
CUE = re.compile(f"@|＠|at[)\\]}}>）]|AT[)\\]}}>）]|At[)\\]}}>）]|골뱅이|{IPV6_CUE}")
_IPV6_CUE = re.compile(IPV6_CUE)


def ipv6_candidates(text: str) -> list[re.Match[str]]:
    """IPv6-shaped runs around each '::' or run of colons (the pattern is only tried there)."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    for cue in _IPV6_CUE.finditer(text):
        lo, hi = max(0, cue.start() - 40), min(len(text), cue.end() + 40)
        for m in IPV6.regex.finditer(text, lo, hi):
            if m.start() > lo or lo == 0:  # not a run cut by the window's left edge
                found.setdefault(m.span(), m)
    return [found[span] for span in sorted(found)]


def email_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, rule) of every e-mail address: a local part, an @ (or a spelled-out at), a
    domain whose top-level domain exists. ``ab***@mail.example.com`` is an address with a
    masked local part (``email:masked``); ``logo@2x.png`` is not an address. An address cut
    off right after its @ (``hong@`` at the end of a line or before a closing bracket, as
    crawled bylines end) is ``email:cut`` when its local part is plain: a letter first, two
    letters or digits at least."""
    spans: list[tuple[int, int, str]] = []
    previous_end = 0  # a local part never reaches back into the address before it
    for at in EMAIL_AT.finditer(text):
        left, right = at.start(), at.end()
        if at.group(0) not in ("@", "＠"):  # a spelled-out at may stand between spaces
            left -= text[left - 1 : left] in (" ", "\u00a0")
            right += text[right : right + 1] in (" ", "\u00a0")
        local = EMAIL_LOCAL.search(text, max(0, left - 64), left)
        if local is None:
            continue
        start = max(local.start(), previous_end)
        while start < left and text[start] in ".-":
            start += 1
        name = text[start:left]
        if not any(c.isalnum() for c in name):
            continue
        domain = EMAIL_DOMAIN.match(text, right)
        if domain is None:
            if at.group(0) == "@" and _cut_after(text, right) and _plain_local(name):
                spans.append((start, right, "email:cut"))
                previous_end = right
            continue
        tld = domain.group(1).lower()
        if tld not in lexicon.GENERIC_TLDS and tld not in lexicon.COUNTRY_CODES:
            continue
        if at.group(0) not in ("@", "＠") or "dot" in domain.group(0):
            rule = "email:obfuscated"
        elif "*" in name or "＊" in name:
            rule = "email:masked"
        else:
            rule = "email"
        spans.append((start, domain.end(), rule))
        previous_end = domain.end()
    return spans


_PLAIN_LOCAL = re.compile("[A-Za-z][A-Za-z0-9._\\-]*[A-Za-z0-9]")


def _plain_local(name: str) -> bool:
    """A local part a cut-off address may have: a letter first, two letters or digits at least
    (``-_-@`` is a face, not an address)."""
    return _PLAIN_LOCAL.fullmatch(name) is not None and sum(c.isalnum() for c in name) >= 2


_CLOSING = frozenset(")]}》」』〉>\"'”’")


def _cut_after(text: str, end: int) -> bool:
    """Nothing but the end of the line (or of a bracket, 《기자 hong@》) after ``end``."""
    rest = text[end : end + 4].lstrip(" \u00a0\t")[:1]
    return rest in ("", "\n") or rest in _CLOSING
