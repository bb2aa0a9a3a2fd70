"""Statistics of a run: counted per input file by stage 1, summed with ``+``, and written as
``stats.json`` once the shards are out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from cleaner.document import PiiSpan
from cleaner.io.errors import InputError
from cleaner.io.shards import ShardInfo
from cleaner.output.stats_view import DROP_REASONS, NO_SITE


@dataclass
class CleanStats:
    """What reading and cleaning did to some documents (one file, or a sum over files)."""

    docs_read: int = 0
    chars_in: int = 0
    docs_failed: int = 0  # cleaning raised: in errors.jsonl, in no shard
    chars_failed: int = 0
    docs_kept: int = 0  # after cleaning and the document drops
    chars_after_clean: int = 0  # of the kept documents
    rule_docs: Counter[str] = field(default_factory=Counter)
    rule_lines: Counter[str] = field(default_factory=Counter)
    rule_chars: Counter[str] = field(default_factory=Counter)
    # whole documents dropped after cleaning, per DropReason name; chars and lines are what
    # cleaning had left of them
    drop_docs: Counter[str] = field(default_factory=Counter)
    drop_lines: Counter[str] = field(default_factory=Counter)
    drop_chars: Counter[str] = field(default_factory=Counter)
    rights_docs: Counter[str] = field(default_factory=Counter)  # reservations found, per kind
    site_docs: Counter[str] = field(default_factory=Counter)  # documents read, per site
    site_chars: Counter[str] = field(default_factory=Counter)
    site_drops: dict[str, Counter[str]] = field(default_factory=dict)  # reason -> site -> docs
    site_failed: Counter[str] = field(default_factory=Counter)  # cleaning raised, per site
    length_bins: Counter[int] = field(default_factory=Counter)  # bin k: lengths in [2^(k-1), 2^k)
    # personal data (cleaner/pii), per type: placeholders put into document texts (dropped
    # documents included), documents holding the type, placeholders put into removed lines,
    # documents dropped for holding it (drop reason "pii"); and the characters placeholders
    # took off the texts (part of what the clean stage removed)
    pii_spans: Counter[str] = field(default_factory=Counter)
    pii_docs: Counter[str] = field(default_factory=Counter)
    pii_removed_spans: Counter[str] = field(default_factory=Counter)
    pii_dropped: Counter[str] = field(default_factory=Counter)
    pii_chars: int = 0

    def __add__(self, other: CleanStats) -> CleanStats:
        return CleanStats(
            **{f.name: _plus(getattr(self, f.name), getattr(other, f.name)) for f in fields(self)}
        )

    def drop(self, reason: str, site: str | None, text: str) -> None:
        """Count a whole document dropped for ``reason`` with the text cleaning left it."""
        self.drop_docs[reason] += 1
        self.drop_chars[reason] += len(text)
        self.drop_lines[reason] += text.count("\n") + 1
        self.site_drops.setdefault(reason, Counter())[site or NO_SITE] += 1

    def count_pii(self, spans: Iterable[PiiSpan], chars: int) -> None:
        """Count the replacements of one document, which took ``chars`` characters off it."""
        held: set[str] = set()
        for span in spans:
            if span.removal is None:
                self.pii_spans[span.type] += 1
                held.add(span.type)
            else:
                self.pii_removed_spans[span.type] += 1
        self.pii_docs.update(held)
        self.pii_chars += chars

    def as_dict(self) -> dict[str, Any]:
        """As JSON (in a checkpoint): counters as objects, length bins with string keys."""
        data = {
            f.name: dict(value) if isinstance(value := getattr(self, f.name), Counter) else value
            for f in fields(self)
        }
        data["site_drops"] = {reason: dict(sites) for reason, sites in self.site_drops.items()}
        data["length_bins"] = {str(k): v for k, v in sorted(self.length_bins.items())}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CleanStats:
        values: dict[str, Any] = {
            f.name: Counter(data.get(f.name, {}))
            if f.default_factory is Counter
            else data.get(f.name, 0)
            for f in fields(cls)
        }
        values["site_drops"] = {
            reason: Counter(sites) for reason, sites in data.get("site_drops", {}).items()
        }
        values["length_bins"] = Counter({int(k): v for k, v in data["length_bins"].items()})
        return cls(**values)


def _plus(a: Any, b: Any) -> Any:
    if isinstance(a, Counter):
        total = Counter(a)
        total.update(b)  # unlike Counter + Counter, keeps zero counts
        return total
    if isinstance(a, dict):
        return {key: _plus(a.get(key, Counter()), b.get(key, Counter())) for key in a | b}
    return a + b


def run_stats(
    clean: CleanStats,
    errors: Sequence[InputError],
    exact_removed: int,
    near_removed: int,
    shards: Sequence[ShardInfo],
    lengths_after: Sequence[int],
    pii_modes: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The content of ``stats.json`` (without ``seconds``, which the run adds last).

    ``stages`` is the funnel: documents and characters after each stage (``funnel`` reads it);
    ``rules`` the lines each rule removed from documents; ``drops`` the whole documents dropped
    after cleaning, per reason; ``sites`` what was read and dropped per site. With
    ``pii_modes`` (PII scrubbing on) also ``pii``: what was masked and dropped per type.
    """
    per_rule = {
        rule: {
            "docs": clean.rule_docs[rule],
            "lines": clean.rule_lines[rule],
            "chars": clean.rule_chars[rule],
        }
        for rule in sorted(set(clean.rule_lines) | set(clean.rule_docs))
    }
    known = [r.name for r in DROP_REASONS]
    reasons = sorted(
        clean.drop_docs, key=lambda r: (known.index(r) if r in known else len(known), r)
    )
    drops = {
        reason: {
            "docs": clean.drop_docs[reason],
            "lines": clean.drop_lines[reason],
            "chars": clean.drop_chars[reason],
        }
        for reason in reasons
    }
    cleaned_docs = clean.docs_kept + sum(clean.drop_docs.values())
    cleaned_chars = clean.chars_after_clean + sum(clean.drop_chars.values())
    sites = {
        site: {
            "docs": clean.site_docs[site],
            "chars": clean.site_chars[site],
            "dropped": {
                reason: clean.site_drops.get(reason, Counter())[site]
                for reason in reasons
                if clean.site_drops.get(reason, Counter())[site]
            },
            **({"failed": clean.site_failed[site]} if clean.site_failed[site] else {}),
        }
        for site in sorted(clean.site_docs)
    }
    result: dict[str, Any] = {
        "stages": {
            "read": {
                "docs": clean.docs_read,
                "chars": clean.chars_in,
                "errors": sum(1 for e in errors if e.severity == "error"),
                "warnings": sum(1 for e in errors if e.severity == "warning"),
            },
            "clean": {
                "docs": cleaned_docs,
                "chars": cleaned_chars,
                "docs_failed": clean.docs_failed,
                "chars_removed": clean.chars_in - clean.chars_failed - cleaned_chars,
            },
            "filter": {
                "docs": clean.docs_kept,
                "chars": clean.chars_after_clean,
                "docs_removed": sum(clean.drop_docs.values()),
                "chars_removed": sum(clean.drop_chars.values()),
            },
            "exact_dedup": {"docs_removed": exact_removed},
            "near_dedup": {"docs_removed": near_removed},
            "write": {
                "docs": sum(s.rows for s in shards),
                "chars": sum(lengths_after),
                "shards": len(shards),
                "bytes": sum(s.bytes for s in shards),
            },
        },
        "rules": per_rule,
        "drops": drops,
        "rights": {
            "docs": sum(clean.rights_docs.values()),
            "by_kind": dict(sorted(clean.rights_docs.items())),
            "dropped": clean.drop_docs["reserved"],
        },
        "sites": sites,
        "lengths": {
            "before": _histogram_summary(clean.length_bins, clean.chars_in),
            "after": _histogram_summary(
                Counter(n.bit_length() for n in lengths_after), sum(lengths_after)
            ),
        },
    }
    if pii_modes is not None:
        result["pii"] = pii_summary(clean, pii_modes)
    return result


def pii_summary(clean: CleanStats, modes: Mapping[str, str]) -> dict[str, Any]:
    """Per type: its mode, placeholders in document texts and in removed lines, documents that
    held it, documents dropped for it; and the totals."""
    return {
        "types": {
            kind: {
                "mode": mode,
                "spans": clean.pii_spans[kind],
                "docs": clean.pii_docs[kind],
                "removed_spans": clean.pii_removed_spans[kind],
                "docs_dropped": clean.pii_dropped[kind],
            }
            for kind, mode in modes.items()
        },
        "spans": sum(clean.pii_spans.values()),
        "removed_spans": sum(clean.pii_removed_spans.values()),
        "docs_dropped": clean.drop_docs["pii"],
        "chars_replaced": clean.pii_chars,
    }


def _histogram_summary(bins: Counter[int], chars: int) -> dict[str, Any]:
    """Document count per power-of-two length bucket: bucket k holds lengths in [2^(k-1), 2^k)."""
    docs = sum(bins.values())
    return {
        "docs": docs,
        "chars": chars,
        "mean": round(chars / docs, 1) if docs else 0.0,
        "histogram": {f"<{1 << k}": bins[k] for k in sorted(bins)},
    }
