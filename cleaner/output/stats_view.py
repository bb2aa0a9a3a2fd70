"""Reading ``stats.json``: the funnel, the document drops, the line rules, the per-site table.

The run writes the file (``cleaner/run/stats.py``); the summary, the card and the report read
it through these functions, which also read the ``stats.json`` of earlier versions (without
per-site counts, with ``min_chars`` among the line rules).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from cleaner.filters.table import FILTER_SPECS


@dataclass(frozen=True)
class DropReason:
    """A reason to drop a whole document after cleaning (``stats.json`` ``drops``)."""

    name: str
    label: str  # a few words, for the run summary and the report
    meaning: str  # a sentence, for the dataset card


# In the order they are tested: a document is counted under the first reason that applies.
DROP_REASONS: tuple[DropReason, ...] = (
    DropReason(
        "reserved",
        "rights reserved",
        "the original text carries a notice reserving it from AI training or text-and-data "
        "mining (`--drop-reserved`)",
    ),
    DropReason(
        "pii",
        "personal data",
        "the cleaned text holds personal data of a type `[pii]` sets to `drop` (`--pii drop`); "
        "per type in `stats.json` `pii`",
    ),
    DropReason(
        "min_chars",
        "too short",
        "shorter than `clean.min_chars` characters after cleaning (empty ones always)",
    ),
    # then the quality filters of [filter], in the order they run (cleaner/filters/table.py)
    *(
        DropReason(
            spec.name,
            spec.label,
            f"{spec.reason}: {'below' if spec.direction == 'min' else 'above'} "
            f"`filter.{spec.name}`",
        )
        for spec in FILTER_SPECS
    ),
)
QUALITY_FILTERS = frozenset(spec.name for spec in FILTER_SPECS)
NO_SITE = ""  # the per-site key of documents without a URL or site field


def drop_reason(name: str) -> DropReason:
    """The reason called ``name``; one this version does not know is named by itself."""
    for reason in DROP_REASONS:
        if reason.name == name:
            return reason
    return DropReason(name, name.replace("_", " "), f"dropped by `{name}`")


@dataclass(frozen=True)
class FunnelStage:
    name: str
    docs: int
    chars: int | None  # None: not recorded (stats.json of an older version)


def funnel(stats: dict[str, Any]) -> list[FunnelStage]:
    """Documents and characters after each stage, from ``stats.json``: read → cleaned →
    after the document drops → after dedup → written. Older stats.json files lack some
    character counts; those stages have ``chars`` None."""
    st = stats["stages"]
    read, clean, filtered, write = st["read"], st["clean"], st["filter"], st["write"]
    removed_dups = st["exact_dedup"]["docs_removed"] + st["near_dedup"]["docs_removed"]
    kept_docs = filtered.get("docs", write["docs"] + removed_dups)
    cleaned_docs = clean.get("docs", kept_docs + filtered["docs_removed"])
    cleaned_chars = clean.get("chars", read["chars"] - clean["chars_removed"])
    return [
        FunnelStage("read", read["docs"], read["chars"]),
        FunnelStage("cleaned", cleaned_docs, cleaned_chars),
        FunnelStage("after document drops", kept_docs, filtered.get("chars")),
        FunnelStage("after dedup", kept_docs - removed_dups, write.get("chars")),
        FunnelStage("written", write["docs"], write.get("chars")),
    ]


def document_drops(stats: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Whole documents dropped after cleaning, per reason. A stats.json of an older version
    kept ``min_chars`` among the line rules; it is read from there."""
    if "drops" in stats:
        return stats["drops"]
    old = stats["rules"].get("min_chars")
    return {"min_chars": old} if old else {}


def drops_to_show(stats: dict[str, Any]) -> dict[str, dict[str, int]]:
    """The document drops worth a row, bar or column: the clean stage's always, a quality
    filter only when it dropped something (sixteen empty columns would hide the others)."""
    return {r: c for r, c in document_drops(stats).items() if c["docs"] or r not in QUALITY_FILTERS}


def line_rules(stats: dict[str, Any]) -> dict[str, dict[str, int]]:
    """The rules that removed lines from documents (never a whole-document drop)."""
    drops = document_drops(stats)
    return {rule: counts for rule, counts in stats["rules"].items() if rule not in drops}


@dataclass(frozen=True)
class SiteRow:
    """What became of one site's documents: read, dropped whole (per reason), lost to a
    cleaning error, removed as duplicates, published."""

    site: str
    read: int
    read_chars: int
    dropped: dict[str, int]
    failed: int
    duplicates: int
    published: int
    published_chars: int


def site_rows(
    stats: dict[str, Any],
    published: Counter[str],
    published_chars: Counter[str],
    top: int | None = None,
) -> tuple[list[SiteRow], SiteRow]:
    """Per-site rows, most documents read first (``top`` of them, the rest summed in one
    row), and the total row. ``published`` and ``published_chars`` count the shards' rows
    and characters per site (``NO_SITE`` for none). Duplicates are what was read and neither
    dropped, failed nor published: every row sums to its ``read``, every column to the run's
    totals. Empty without per-site counts (stats.json of an older version)."""
    sites = stats.get("sites", {})
    rows = [
        SiteRow(
            site,
            counts["docs"],
            counts["chars"],
            dict(counts["dropped"]),
            counts.get("failed", 0),
            counts["docs"]
            - sum(counts["dropped"].values())
            - counts.get("failed", 0)
            - published[site],
            published[site],
            published_chars[site],
        )
        for site, counts in sites.items()
    ]
    rows.sort(key=lambda r: (-r.read, r.site))
    total = _sum_rows("total", rows)
    if top is not None and len(rows) > top + 1:
        rest = rows[top:]
        rows = [*rows[:top], _sum_rows(f"{len(rest):,} other sites", rest)]
    return rows, total


def _sum_rows(name: str, rows: list[SiteRow]) -> SiteRow:
    dropped: Counter[str] = Counter()
    for row in rows:
        dropped.update(row.dropped)
    return SiteRow(
        name,
        sum(r.read for r in rows),
        sum(r.read_chars for r in rows),
        dict(dropped),
        sum(r.failed for r in rows),
        sum(r.duplicates for r in rows),
        sum(r.published for r in rows),
        sum(r.published_chars for r in rows),
    )
