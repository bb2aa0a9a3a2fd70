"""Statistics of a run: counted per input file by stage 1, summed with ``+``, and written as
``stats.json`` once the shards are out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from cleaner.io.errors import InputError
from cleaner.io.shards import ShardInfo


@dataclass
class CleanStats:
    """What reading and cleaning did to some documents (one file, or a sum over files)."""

    docs_read: int = 0
    docs_short: int = 0  # dropped as shorter than clean.min_chars after cleaning
    docs_kept: int = 0
    chars_in: int = 0
    chars_after_clean: int = 0  # of the kept documents
    rule_docs: Counter[str] = field(default_factory=Counter)
    rule_lines: Counter[str] = field(default_factory=Counter)
    rule_chars: Counter[str] = field(default_factory=Counter)
    length_bins: Counter[int] = field(default_factory=Counter)  # bin k: lengths in [2^(k-1), 2^k)

    def __add__(self, other: CleanStats) -> CleanStats:
        return CleanStats(
            **{f.name: _plus(getattr(self, f.name), getattr(other, f.name)) for f in fields(self)}
        )

    def as_dict(self) -> dict[str, Any]:
        """As JSON (in a checkpoint): counters as objects, length bins with string keys."""
        data = {
            f.name: dict(value) if isinstance(value := getattr(self, f.name), Counter) else value
            for f in fields(self)
        }
        data["length_bins"] = {str(k): v for k, v in sorted(self.length_bins.items())}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CleanStats:
        values = {
            f.name: Counter(data[f.name]) if f.default_factory is Counter else data[f.name]
            for f in fields(cls)
        }
        values["length_bins"] = Counter({int(k): v for k, v in data["length_bins"].items()})
        return cls(**values)


def _plus(a: Any, b: Any) -> Any:
    if isinstance(a, Counter):
        total = Counter(a)
        total.update(b)  # unlike Counter + Counter, keeps zero counts
        return total
    return a + b


def run_stats(
    clean: CleanStats,
    errors: Sequence[InputError],
    exact_removed: int,
    near_removed: int,
    shards: Sequence[ShardInfo],
    lengths_after: Sequence[int],
) -> dict[str, Any]:
    """The content of ``stats.json`` (without ``seconds``, which the run adds last)."""
    per_rule = {
        rule: {
            "docs": clean.rule_docs[rule],
            "lines": clean.rule_lines[rule],
            "chars": clean.rule_chars[rule],
        }
        for rule in sorted(set(clean.rule_lines) | set(clean.rule_docs))
    }
    return {
        "stages": {
            "read": {
                "docs": clean.docs_read,
                "chars": clean.chars_in,
                "errors": sum(1 for e in errors if e.severity == "error"),
                "warnings": sum(1 for e in errors if e.severity == "warning"),
            },
            "clean": {
                "chars_removed": clean.chars_in
                - clean.chars_after_clean
                - clean.rule_chars["min_chars"]
            },
            "filter": {"docs_removed": clean.docs_short},
            "exact_dedup": {"docs_removed": exact_removed},
            "near_dedup": {"docs_removed": near_removed},
            "write": {
                "docs": sum(s.rows for s in shards),
                "shards": len(shards),
                "bytes": sum(s.bytes for s in shards),
            },
        },
        "rules": per_rule,
        "lengths": {
            "before": _histogram_summary(clean.length_bins, clean.chars_in),
            "after": _histogram_summary(
                Counter(n.bit_length() for n in lengths_after), sum(lengths_after)
            ),
        },
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
