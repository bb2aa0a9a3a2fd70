"""The document filters as data: name, default threshold, direction, on by default, reason.

This module imports nothing, so the configuration can declare the ``[filter]`` options from it
without loading the measures (numpy). ``cleaner/filters/__init__.py`` joins each entry with its
measure; the order here is the order the filters run in (cheap and decisive first), and the
first a document fails is the one recorded.

Defaults were chosen on the bulk corpus (news, Wikipedia paragraphs, film reviews): the README's
*Document filters* gives what each drops there and why.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN = "min"  # a document measuring below the threshold is dropped
MAX = "max"  # a document measuring above the threshold is dropped
DEFAULT = "default"  # in [filter] filters: the filters on by default
ALL = "all"


@dataclass(frozen=True)
class FilterSpec:
    name: str  # also the [filter] key holding its threshold
    threshold: float | int  # its type is the option's type: int for counts, float for shares
    direction: str  # MIN | MAX
    default_on: bool
    label: str  # a few words, for the run summary, the card and the report
    reason: str


_TOP = {2: 0.25, 3: 0.22, 4: 0.20}  # Gopher: 0.20, 0.18, 0.16
_DUP = {5: 0.60, 6: 0.56, 7: 0.52, 8: 0.48, 9: 0.44, 10: 0.40}  # Gopher: 0.15 ... 0.10

FILTER_SPECS: tuple[FilterSpec, ...] = (
    FilterSpec(
        "hangul_share",
        0.3,
        MIN,
        True,
        "not Korean",
        "Hangul among the letters: a page in another language",
    ),
    FilterSpec(
        "spam_score",
        3.0,
        MAX,
        True,
        "spam",
        "gambling, adult, loan and drug advertising (lexicon and advertisement shapes)",
    ),
    FilterSpec(
        "dup_line_chars",
        0.3,
        MAX,
        True,
        "repeated lines",
        "share of the characters in lines that repeat an earlier line (Gopher: 0.2)",
    ),
    FilterSpec(
        "dup_paragraph_chars",
        0.3,
        MAX,
        True,
        "repeated paragraphs",
        "share of the characters in paragraphs that repeat an earlier one (Gopher: 0.2)",
    ),
    *(
        FilterSpec(
            f"top_{n}gram_chars",
            t,
            MAX,
            True,
            f"top {n}-gram",
            f"share of the characters in the most frequent eojeol {n}-gram: keyword stuffing",
        )
        for n, t in _TOP.items()
    ),
    *(
        FilterSpec(
            f"dup_{n}gram_chars",
            t,
            MAX,
            True,
            f"repeated {n}-grams",
            f"share of the characters in eojeol {n}-grams that occur more than once",
        )
        for n, t in _DUP.items()
    ),
    FilterSpec(
        "symbol_ratio",
        0.2,
        MAX,
        True,
        "symbols",
        "'#' and ellipses per eojeol (Gopher: 0.1)",
    ),
    FilterSpec(
        "bullet_lines",
        0.95,
        MAX,
        True,
        "bullet list",
        "share of the lines opening with a list bullet (Gopher: 0.9)",
    ),
    FilterSpec(
        "ellipsis_lines",
        0.5,
        MAX,
        True,
        "ellipsis lines",
        "share of the lines ending in an ellipsis: cut-off teasers (Gopher: 0.3)",
    ),
    FilterSpec(
        "min_sentences",
        1,
        MIN,
        False,
        "no sentences",
        "sentences: listings (obituaries, personnel moves, court calendars), not prose",
    ),
)

SPEC_BY_NAME: dict[str, FilterSpec] = {s.name: s for s in FILTER_SPECS}


def resolve_names(selected: list[str], skipped: list[str]) -> list[str]:
    """The filters to run, in table order; ValueError naming an unknown name."""
    chosen: set[str] = set()
    for name in selected:
        if name == ALL:
            chosen.update(SPEC_BY_NAME)
        elif name == DEFAULT:
            chosen.update(s.name for s in FILTER_SPECS if s.default_on)
        elif name in SPEC_BY_NAME:
            chosen.add(name)
        else:
            raise ValueError(_unknown(name))
    for name in skipped:
        if name not in SPEC_BY_NAME:
            raise ValueError(_unknown(name))
        chosen.discard(name)
    return [s.name for s in FILTER_SPECS if s.name in chosen]


def _unknown(name: str) -> str:
    return f"unknown filter {name!r} (known: {', '.join(SPEC_BY_NAME)}, or {DEFAULT}, {ALL})"
