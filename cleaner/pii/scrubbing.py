"""Find personal data in a text and replace it with typed placeholders.

``find`` reports every match in the text as given; ``scrub`` replaces the matches of the types
that are on and says whether a type set to ``drop`` occurred. Neither ever keeps the value it
found: a match is its type, its span and the rule that found it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from cleaner.pii.lexicon import PLACEHOLDERS, TYPES
from cleaner.pii.rules import CUE, IPV6, NUMBER, NUMBER_RULES, TOKEN, email_spans, ipv6_candidates

MODES = ("off", "mask", "drop")
# full-width digits and the signs around them, one character for one
FULL_WIDTH = str.maketrans("０１２３４５６７８９－．（）＋", "0123456789-.()+")
# scrub repeats find on its own output until nothing new turns up (see ``scrub``); real texts
# settle in one or two passes
MAX_PASSES = 8


@dataclass(frozen=True, slots=True)
class PiiMatch:
    """One piece of personal data: its type (a key of ``PLACEHOLDERS``), where it is, and the
    rule that found it (``phone:mobile``, ``rrn:check-digit``, …)."""

    type: str
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class ScrubResult:
    """A scrubbed text: ``matches`` are the placeholders' spans in ``text``; ``drop_types`` the
    types set to ``drop`` that occurred (the document should then be dropped)."""

    text: str
    matches: tuple[PiiMatch, ...] = ()
    drop_types: tuple[str, ...] = ()

    @property
    def drop(self) -> bool:
        return bool(self.drop_types)


def resolve_modes(modes: str | Mapping[str, str]) -> dict[str, str]:
    """Every type's mode from one mode for all (``"mask"``) or a mapping of type to mode (types
    left out are ``off``)."""
    chosen = dict.fromkeys(TYPES, modes) if isinstance(modes, str) else dict(modes)
    unknown = sorted(set(chosen) - set(TYPES))
    if unknown:
        raise ValueError(f"unknown PII type(s) {', '.join(unknown)}; known: {', '.join(TYPES)}")
    for kind, mode in chosen.items():
        if mode not in MODES:
            raise ValueError(f"PII mode for {kind} must be one of {', '.join(MODES)}, not {mode!r}")
    return {kind: chosen.get(kind, "off") for kind in TYPES}


def find(text: str, types: Iterable[str] | None = None) -> list[PiiMatch]:
    """Every match in ``text``, sorted by position, none overlapping.

    All types are looked for whatever ``types`` says, so that the choice of types never changes
    what a number is (a phone number near a bank name stays a phone number, not an account,
    when phone numbers are off); ``types`` only filters what is returned.
    """
    found = _find(text)
    if types is not None:
        wanted = set(types)
        found = [m for m in found if m.type in wanted]
    return found


def _find(text: str) -> list[PiiMatch]:
    found: list[PiiMatch] = []
    claimed: list[tuple[int, int]] = []
    if CUE.search(text) is not None:  # a few texts in a hundred
        for start, end, rule in email_spans(text):
            found.append(PiiMatch("email", start, end, rule))
            claimed.append((start, end))
        for m in ipv6_candidates(text):
            rule = IPV6.check(m, text)
            if rule is not None and not _overlaps(claimed, m.start(), m.end()):
                found.append(PiiMatch("ip", m.start(), m.end(), rule))
                claimed.append(m.span())
    tokens = list(TOKEN.finditer(text))
    if not all(token.group().isascii() for token in tokens):
        # full-width digits (０１０－１２３４): the rules read ASCII, and folding keeps every offset
        text = text.translate(FULL_WIDTH)
        tokens = list(TOKEN.finditer(text))
    for token in tokens:
        # '+82' and '(02)' begin just before the digits; the rules' own look-behinds see further
        position, hi = max(0, token.start() - 3), min(len(text), token.end() + 1)
        while (m := NUMBER.search(text, position, hi)) is not None:
            match = None if _overlaps(claimed, m.start(), m.end()) else _accept(m, text, hi)
            if match is None:
                position = m.start() + 1
                continue
            found.append(match)
            claimed.append((match.start, match.end))
            position = match.end
    found.sort(key=lambda m: m.start)
    return found


def _accept(m: re.Match[str], text: str, hi: int) -> PiiMatch | None:
    """The first rule, from the one that matched on, whose shape and check both accept the number
    at ``m.start()``."""
    first = int(m.lastgroup[1:])  # type: ignore[index]
    for index in range(first, len(NUMBER_RULES)):
        rule = NUMBER_RULES[index]
        found = m if index == first else rule.regex.match(text, m.start(), hi)
        if found is None:
            continue
        name = rule.check(found, text)
        if name is not None:
            return PiiMatch(rule.type, found.start(), found.end(), name)
    return None


def _overlaps(claimed: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in claimed)


class Scrubber:
    """``scrub`` with its modes resolved once, for many texts."""

    def __init__(self, modes: str | Mapping[str, str] = "mask") -> None:
        self.modes = resolve_modes(modes)
        self.on = frozenset(kind for kind, mode in self.modes.items() if mode != "off")
        self.drop = frozenset(kind for kind, mode in self.modes.items() if mode == "drop")

    def scrub(self, text: str) -> ScrubResult:
        """See ``scrub``."""
        if not self.on:
            return ScrubResult(text)
        spans: list[PiiMatch] = []
        for _ in range(MAX_PASSES):
            new = [m for m in _find(text) if m.type in self.on]
            if not new:
                break
            text, spans = _replace(text, new, spans)
        if not spans:
            return ScrubResult(text)
        held = {m.type for m in spans}
        drop = tuple(kind for kind in TYPES if kind in self.drop and kind in held)
        return ScrubResult(text, tuple(spans), drop)


@lru_cache(maxsize=64)
def _scrubber(modes: str) -> Scrubber:
    return Scrubber(modes)


def scrub(text: str, modes: str | Mapping[str, str] = "mask") -> ScrubResult:
    """``text`` with every match of a type that is not ``off`` replaced by its placeholder.

    ``modes`` is one mode for every type (``"off"``, ``"mask"``, ``"drop"``) or a mapping of
    type to mode. The matches of ``drop`` types are replaced too (the result says to drop the
    document, and their spans are recorded like the others). A replacement changes what its
    neighbours see: a masked number is shorter, which can bring a context word within reach of
    another number, and no longer a digit, which can end an address glued to it
    (``hong@example.com010-…``). So ``find`` runs again on the result until it finds nothing
    more (real texts settle in one or two passes): scrubbing a scrubbed text changes nothing.
    """
    scrubber = _scrubber(modes) if isinstance(modes, str) else Scrubber(modes)
    return scrubber.scrub(text)


def _replace(text: str, new: list[PiiMatch], earlier: list[PiiMatch]) -> tuple[str, list[PiiMatch]]:
    """``text`` with ``new`` replaced by placeholders; the spans of ``earlier`` placeholders
    moved to where they are in the new text, and the new ones added, in order."""
    parts: list[str] = []
    placed: list[PiiMatch] = []
    position = 0
    shift = 0  # how far text after the last replacement moved
    shifts: list[tuple[int, int]] = []  # (end in the old text, shift from there on)
    for m in new:
        parts.append(text[position : m.start])
        placeholder = PLACEHOLDERS[m.type]
        start = m.start + shift
        placed.append(PiiMatch(m.type, start, start + len(placeholder), m.rule))
        parts.append(placeholder)
        shift += len(placeholder) - (m.end - m.start)
        shifts.append((m.end, shift))
        position = m.end
    parts.append(text[position:])
    moved = [_moved(m, shifts) for m in earlier]
    return "".join(parts), sorted(moved + placed, key=lambda m: m.start)


def _moved(m: PiiMatch, shifts: list[tuple[int, int]]) -> PiiMatch:
    offset = 0
    for end, shift in shifts:
        if end <= m.start:
            offset = shift
        else:
            break
    return PiiMatch(m.type, m.start + offset, m.end + offset, m.rule)
