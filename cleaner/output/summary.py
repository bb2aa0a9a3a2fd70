"""What a run did, for a person: the one-screen summary printed at the end of ``cleaner run``."""

from __future__ import annotations

from typing import Any

from cleaner.output.stats_view import (
    QUALITY_FILTERS,
    document_drops,
    drop_reason,
    funnel,
    line_rules,
)


def _fmt(n: float) -> str:
    return f"{n:,.0f}"


def _kept(stats: dict[str, Any]) -> list[str]:
    """What the output kept of the input, as shares of documents and characters read."""
    stages = funnel(stats)
    read, written = stages[0], stages[-1]
    if not read.docs or not read.chars or written.chars is None:
        return []
    return [
        f"{'':35}{100 * written.docs / read.docs:.1f} % of the documents and "
        f"{100 * written.chars / read.chars:.1f} % of the characters read"
    ]


def _pii_lines(stats: dict[str, Any]) -> list[str]:
    """With PII scrubbing: the placeholders put in, per type (documents it dropped have their
    line with the other drops)."""
    pii = stats.get("pii")
    if not pii:
        return []
    found = {k: t["spans"] + t["removed_spans"] for k, t in pii["types"].items()}
    return [
        f"  pii replaced      {_fmt(sum(found.values())):>12}   "
        + (", ".join(f"{k} {_fmt(n)}" for k, n in found.items() if n) or "none found"),
    ]


def format_summary(stats: dict[str, Any], out: str) -> str:
    st = stats["stages"]
    lines = [
        f"cleaner: {out}",
        f"  documents in      {_fmt(st['read']['docs']):>12}   ({_fmt(st['read']['chars'])} chars)",
        f"  read errors       {_fmt(st['read']['errors']):>12}   warnings {_fmt(st['read']['warnings'])}"
        "   (see errors.jsonl)",
    ]
    # whole documents dropped after cleaning, one line per reason, in the order they are tested;
    # the quality filters share one line that names those which dropped something
    drops = document_drops(stats)
    for reason, counts in drops.items():
        if reason not in QUALITY_FILTERS:
            lines.append(f"  {drop_reason(reason).label:<18}{_fmt(counts['docs']):>12}")
    quality = {r: c["docs"] for r, c in drops.items() if r in QUALITY_FILTERS}
    if quality:
        named = ", ".join(f"{drop_reason(r).label} {_fmt(n)}" for r, n in quality.items() if n)
        lines.append(
            f"  {'filtered':<18}{_fmt(sum(quality.values())):>12}"
            + (f"   ({named}; see audit/filtered.parquet)" if named else "")
        )
    lines += [
        f"  exact duplicates  {_fmt(st['exact_dedup']['docs_removed']):>12}",
        f"  near duplicates   {_fmt(st['near_dedup']['docs_removed']):>12}",
        f"  documents out     {_fmt(st['write']['docs']):>12}   in {st['write']['shards']} shard(s),"
        f" {_fmt(st['write']['bytes'])} bytes",
        *_kept(stats),
    ]
    rights = stats.get("rights")
    if rights is not None:
        kinds = ", ".join(f"{kind} {_fmt(n)}" for kind, n in rights["by_kind"].items())
        lines.append(
            f"  rights notices    {_fmt(rights['docs']):>12}   reserving AI training / TDM"
            f"{f' ({kinds})' if kinds else ''}"
        )
    lines += _pii_lines(stats)
    lines += ["", f"  {'removed by rule':<18}{'docs':>10}{'lines':>10}{'chars':>12}"]
    for rule, counts in sorted(line_rules(stats).items(), key=lambda kv: -kv[1]["chars"]):
        lines.append(
            f"  {rule:<18}{_fmt(counts['docs']):>10}{_fmt(counts['lines']):>10}{_fmt(counts['chars']):>12}"
        )
    if "seconds" in stats:
        lines.append(f"\n  took {stats['seconds']:.1f} s")
    return "\n".join(lines)
