"""Apply the document filters: the table of filters joined with what each measures.

Every filter is an entry of the table in ``table.py`` (name, default threshold, direction, on by
default, reason) joined here with its measure: a plain function of a ``TextFacts`` in
``measures.py``, or the spam lexicon of ``spam.py``. Some measures have a cheap upper bound; a
document whose bound is at or under the threshold passes without being measured. Filters run
in table order, and the first one a document fails drops it and is recorded (filter, measured
value, threshold), as datatrove records the first failing step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from cleaner.filters import measures
from cleaner.filters.measures import TextFacts
from cleaner.filters.spam import lexicon
from cleaner.filters.table import (
    ALL,
    DEFAULT,
    FILTER_SPECS,
    MAX,
    MIN,
    FilterSpec,
    resolve_names,
)

Measure = Callable[[TextFacts], float]


def spam_score(facts: TextFacts) -> float:
    return lexicon().judge(facts.text, facts.unspaced, facts.codes).score


def spam_detail(facts: TextFacts) -> str:
    """The evidence behind the score, for the audit file (computed again: only for drops)."""
    return lexicon().judge(facts.text, facts.unspaced, facts.codes).detail


def _measures() -> dict[str, tuple[Measure, Measure | None]]:
    """{filter name: (measure, cheap upper bound or None)}."""
    table: dict[str, tuple[Measure, Measure | None]] = {
        "hangul_share": (measures.hangul_share, None),
        "spam_score": (spam_score, None),
        "dup_line_chars": (measures.dup_line_chars, None),
        "dup_paragraph_chars": (measures.dup_paragraph_chars, None),
        "symbol_ratio": (measures.symbol_ratio, None),
        "bullet_lines": (measures.bullet_lines, None),
        "ellipsis_lines": (measures.ellipsis_lines, None),
        "min_sentences": (measures.sentence_count, None),
    }
    for n in (2, 3, 4):
        table[f"top_{n}gram_chars"] = (
            partial(measures.top_ngram_chars, n=n),
            partial(measures.top_ngram_bound, n=n),
        )
    for n in range(5, 11):
        table[f"dup_{n}gram_chars"] = (
            partial(measures.dup_ngram_chars, n=n),
            partial(measures.dup_ngram_bound, n=n),
        )
    return table


@dataclass(frozen=True)
class Filter:
    spec: FilterSpec
    measure: Measure
    bound: Measure | None  # an upper bound of a MAX measure, cheaper than the measure

    @property
    def name(self) -> str:
        return self.spec.name

    def fails(self, value: float, threshold: float) -> bool:
        return value < threshold if self.spec.direction == MIN else value > threshold


_MEASURES = _measures()
FILTERS: tuple[Filter, ...] = tuple(Filter(s, *_MEASURES[s.name]) for s in FILTER_SPECS)
BY_NAME: dict[str, Filter] = {f.name: f for f in FILTERS}


def resolve_filters(selected: Iterable[str], skipped: Iterable[str]) -> list[Filter]:
    """The filters to run, in table order; ValueError naming an unknown name."""
    return [BY_NAME[name] for name in resolve_names(list(selected), list(skipped))]


@dataclass(frozen=True)
class Dropped:
    """Why a document was dropped: the first filter it failed, what it measured and the
    threshold (None for a yes/no reason such as a rights reservation), and any evidence."""

    filter: str
    value: float | None = None
    threshold: float | None = None
    detail: str | None = None


class DocumentFilters:
    """The configured filters with their thresholds, applied to one text at a time."""

    def __init__(self, filters: Iterable[Filter], thresholds: dict[str, float]) -> None:
        self.checks = [(f, float(thresholds.get(f.name, f.spec.threshold))) for f in filters]

    @property
    def names(self) -> list[str]:
        return [f.name for f, _ in self.checks]

    def check(self, text: str) -> Dropped | None:
        """None when the text passes every filter."""
        facts = TextFacts(text)
        for f, threshold in self.checks:
            if f.bound is not None and f.bound(facts) <= threshold:
                continue
            value = f.measure(facts)
            if f.fails(value, threshold):
                detail = spam_detail(facts) if f.name == "spam_score" else None
                return Dropped(f.name, round(float(value), 4), threshold, detail)
        return None


def from_config(filter_config: Any) -> DocumentFilters | None:
    """The filters a ``[filter]`` section asks for, or None when none run."""
    if not filter_config.filtering:
        return None
    filters = resolve_filters(filter_config.filters, filter_config.skip_filters)
    if not filters:
        return None
    return DocumentFilters(filters, {f.name: getattr(filter_config, f.name) for f in filters})


__all__ = [
    "ALL",
    "BY_NAME",
    "DEFAULT",
    "FILTERS",
    "MAX",
    "MIN",
    "DocumentFilters",
    "Dropped",
    "Filter",
    "from_config",
    "resolve_filters",
]
