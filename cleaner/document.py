"""A document (one record of an input file), its lines, and the provenance of every removal.

Line numbers are 0-based indices into the text as read (``original_text`` once cleaning has
changed ``text``), split on ``\\n``, so a removal can always be traced back to the input record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class Removal:
    """One contiguous block of lines that one rule removed."""

    rule: str
    first_line: int
    last_line: int  # inclusive
    text: str

    @property
    def n_lines(self) -> int:
        return self.last_line - self.first_line + 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "first_line": self.first_line,
            "last_line": self.last_line,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class RightsReservation:
    """A notice by which the publisher reserves a text from AI training or text-and-data
    mining (found by ``cleaner.boilerplate.rights``): the line as written, its 0-based number
    in the original text, and the kind of use reserved (``ai_training``, ``tdm``,
    ``machine_learning``, ``noai``)."""

    notice: str
    line: int
    kind: str


@dataclass(frozen=True, slots=True)
class PiiSpan:
    """One piece of personal data replaced by its placeholder (cleaner/pii): its type, the rule
    that found it, the action (``mask``; ``drop`` when its type drops the document) and where
    the placeholder is: ``start``/``end`` in the document's text, or in the text of
    ``removals[removal]`` when it was found in removed lines. The value itself is never kept."""

    type: str
    rule: str
    action: str
    start: int
    end: int
    removal: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "rule": self.rule,
            "action": self.action,
            "removal": self.removal,
            "start": self.start,
            "end": self.end,
        }


@dataclass(slots=True)
class Document:
    id: str
    text: str
    url: str | None = None
    site: str | None = None
    source: str | None = None  # input file the record came from
    record: int | None = None  # 0-based record number inside ``source``
    metadata: dict[str, Any] = field(default_factory=dict)
    original_text: str | None = None  # set once cleaning has changed ``text``
    removals: list[Removal] = field(default_factory=list)
    rights: RightsReservation | None = None  # found in the original text, before cleaning
    pii: list[PiiSpan] = field(default_factory=list)  # personal data replaced (cleaner/pii)
    pii_drop: tuple[str, ...] = ()  # types set to drop that the text holds: drop the document

    def __post_init__(self) -> None:
        if self.site is None and self.url:
            self.site = site_of(self.url)

    @property
    def removed_rules(self) -> list[str]:
        return sorted({r.rule for r in self.removals})

    @property
    def removed_lines(self) -> int:
        return sum(r.n_lines for r in self.removals)

    @property
    def removed_chars(self) -> int:
        return sum(len(r.text) for r in self.removals)


def site_of(url: str) -> str | None:
    """The registrable-looking host of a URL (``www.`` and ``m.`` dropped), or None."""
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    for prefix in ("www.", "m.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    return host
