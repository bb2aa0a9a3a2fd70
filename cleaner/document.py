"""The unit of work: a document, its lines, and the provenance of every removal.

Line numbers are 0-based indices into ``Document.original_lines`` (the text as read, split on
``\\n``), so a removal can always be traced back to the input record.
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
    dup_cluster: str | None = None
    dup_cluster_size: int = 1

    def __post_init__(self) -> None:
        if self.site is None and self.url:
            self.site = site_of(self.url)

    @property
    def original_lines(self) -> list[str]:
        return (self.original_text if self.original_text is not None else self.text).split("\n")

    @property
    def removed_rules(self) -> list[str]:
        return sorted({r.rule for r in self.removals})

    @property
    def removed_lines(self) -> int:
        return sum(r.n_lines for r in self.removals)

    @property
    def removed_chars(self) -> int:
        return sum(len(r.text) for r in self.removals)

    @property
    def location(self) -> str:
        """Where the record came from, for error messages and audits."""
        if self.source is None:
            return self.id
        return f"{self.source}:{self.record}" if self.record is not None else self.source


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
