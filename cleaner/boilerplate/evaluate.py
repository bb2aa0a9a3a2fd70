"""Score the cleaner against documents labelled line by line (``gold``: 1 keep, 0 remove).

Scoring follows the evaluation set's README: per non-empty line; a line counts as removed when
it does not appear, in order, in the cleaner's output.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.document import Removal

Cleaner = Callable[[str, str | None], tuple[str, list[Removal]]]


@dataclass
class Tally:
    boilerplate: int = 0
    content: int = 0
    removed_boilerplate: int = 0
    removed_content: int = 0
    content_chars: int = 0
    removed_content_chars: int = 0

    def add(self, gold: int, removed: bool, chars: int) -> None:
        if gold == 0:
            self.boilerplate += 1
            self.removed_boilerplate += removed
        else:
            self.content += 1
            self.removed_content += removed
            self.content_chars += chars
            self.removed_content_chars += chars if removed else 0

    @property
    def removed(self) -> int:
        return self.removed_boilerplate + self.removed_content

    def scores(self) -> dict[str, float | int | None]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "boilerplate_lines": self.boilerplate,
            "content_lines": self.content,
            "removed_lines": self.removed,
            "boilerplate_recall": ratio(self.removed_boilerplate, self.boilerplate),
            "removal_precision": ratio(self.removed_boilerplate, self.removed),
            "content_line_loss": ratio(self.removed_content, self.content),
            "content_char_loss": ratio(self.removed_content_chars, self.content_chars),
            "content_char_retention": None
            if not self.content_chars
            else round(1 - self.removed_content_chars / self.content_chars, 4),
        }


@dataclass
class Evaluation:
    overall: Tally = field(default_factory=Tally)
    by_variant: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_site: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_rule: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_group: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    # breakdowns by any other field of the records (site_group, kind, batch, …)
    by_field: dict[str, dict[str, Tally]] = field(default_factory=dict)
    documents: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "overall": self.overall.scores(),
            "by_variant": {k: v.scores() for k, v in sorted(self.by_variant.items())},
            "by_site": {k: v.scores() for k, v in sorted(self.by_site.items())},
            **{
                f"by_{name}": {k: v.scores() for k, v in sorted(tallies.items())}
                for name, tallies in self.by_field.items()
            },
            "by_rule": {
                k: {
                    "removed_lines": v.removed,
                    "boilerplate_lines": v.removed_boilerplate,
                    "content_lines": v.removed_content,
                    "precision": round(v.removed_boilerplate / v.removed, 4) if v.removed else None,
                }
                for k, v in sorted(self.by_rule.items())
            },
            "lost_content_examples": self.examples,
        }


def kept_in_order(original: list[str], output: list[str]) -> list[bool]:
    """Greedy in-order match of output lines onto input lines (stripped, non-empty)."""
    kept = [False] * len(original)
    j = 0
    for i, line in enumerate(original):
        if j < len(output) and line.strip() == output[j]:
            kept[i] = True
            j += 1
    return kept


def rule_per_line(removals: Iterable[Removal]) -> dict[int, str]:
    return {i: r.rule for r in removals for i in range(r.first_line, r.last_line + 1)}


def evaluate_records(
    records: Iterable[dict[str, Any]],
    clean: Cleaner,
    max_examples: int = 30,
    before: Callable[[int, dict[str, Any]], None] | None = None,
    group_field: str | None = None,
    fields: Sequence[str] = (),
) -> Evaluation:
    """Score ``clean`` on labelled records; ``before(n, record)`` runs ahead of each one (the
    template stage uses it to select the record's site); ``group_field`` adds a breakdown by
    that field of the records (``by_group``), ``fields`` one per named field (``by_field``)."""
    ev = Evaluation()
    for name in fields:
        ev.by_field[name] = defaultdict(Tally)
    for n, record in enumerate(records):
        if before is not None:
            before(n, record)
        text: str = record["text"]
        gold: list[int] = record["gold"]
        lines = text.split("\n")
        if len(lines) != len(gold):
            raise ValueError(
                f"record {record.get('id')}: {len(lines)} lines but {len(gold)} labels"
            )
        title = record.get("title")
        cleaned, removals = clean(text, title if isinstance(title, str) else None)
        output = [line.strip() for line in cleaned.split("\n") if line.strip()]
        kept = kept_in_order(lines, output)
        rules = rule_per_line(removals)
        ev.documents += 1
        variant = str(record.get("variant", "-"))
        site = str(record.get("site", "-"))
        for i, (line, label) in enumerate(zip(lines, gold, strict=True)):
            if not line.strip():
                continue
            removed = not kept[i]
            chars = len(line.strip())
            tallies = [ev.overall, ev.by_variant[variant], ev.by_site[site]]
            if group_field is not None:
                tallies.append(ev.by_group[str(record.get(group_field, "-"))])
            for name in fields:
                tallies.append(ev.by_field[name][str(record.get(name, "-"))])
            for tally in tallies:
                tally.add(label, removed, chars)
            if removed:
                ev.by_rule[rules.get(i, "?")].add(label, True, chars)
                if label == 1 and len(ev.examples) < max_examples:
                    ev.examples.append(
                        {
                            "id": record.get("id"),
                            "line": i,
                            "rule": rules.get(i, "?"),
                            "text": line[:200],
                        }
                    )
    return ev


def load_gold(path: Path) -> list[dict[str, Any]]:
    records = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path} record {n}: malformed JSON: {exc.msg}") from None
            if "text" not in record or "gold" not in record:
                raise ValueError(f"{path} record {n}: needs 'text' and 'gold' fields")
            records.append(record)
    return records


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:6.2f}%"


def record_field(name: str) -> str:
    """The record field a ``--by`` name stands for: ``site-group`` is ``site_group``."""
    return name.strip().replace("-", "_")


BUILT_IN_BREAKDOWNS = ("variant", "site", "rule")


def format_table(ev: Evaluation, by: Iterable[str] = ("variant", "rule")) -> str:
    header = (
        f"{'':<28}{'bp lines':>9}{'recall':>9}{'precision':>10}{'line loss':>10}{'char loss':>10}"
    )
    out = [header]

    def row(name: str, t: Tally) -> str:
        s = t.scores()
        return (
            f"{name[:27]:<28}{s['boilerplate_lines']:>9}{_pct(s['boilerplate_recall']):>9}"
            f"{_pct(s['removal_precision']):>10}{_pct(s['content_line_loss']):>10}"
            f"{_pct(s['content_char_loss']):>10}"
        )

    groups = {"variant": ev.by_variant, "site": ev.by_site, **ev.by_field}
    for name in by:
        if name in groups:
            out.append(f"-- by {name}")
            out.extend(row(k, v) for k, v in sorted(groups[name].items()))
    if "rule" in by:
        out.append(
            "-- by rule"
            + " " * 18
            + f"{'removed':>9}{'of them bp':>11}{'precision':>10}{'content':>9}"
        )
        for rule, t in sorted(ev.by_rule.items(), key=lambda kv: -kv[1].removed):
            precision = _pct(t.removed_boilerplate / t.removed if t.removed else None)
            out.append(
                f"{rule:<28}{t.removed:>9}{t.removed_boilerplate:>11}{precision:>10}{t.removed_content:>9}"
            )
    out.append(row(f"overall ({ev.documents} docs)", ev.overall))
    return "\n".join(out)
