"""PII detection scored against the hand-labelled sample (issue 14): precision and recall per type.

The sample (``eval/filters/``, rebuilt into the git-ignored ``eval/data/filters/sample.jsonl`` by
``make eval-data``) was labelled by someone who never saw the detector: every span of personal
data in each document's raw text, with its type. Real documents and the labeller's synthetic
ones (written to cover the types real text lacks, with hard negatives) are scored apart: the
real ones are the estimate for a corpus, the synthetic ones show the types that real text here
never carries (no real resident or card number was found).

A found span counts as correct when it overlaps a labelled span of the same type; each labelled
span is matched at most once. Where datatrove is installed its ``PIIFormatter`` (e-mails and IPv4
only) is scored on the same documents for the types it knows.

Run alone: ``python -m bench.bench_pii_accuracy`` prints the table and the misses' contexts
(nothing of them is saved).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from bench.common import ROOT, Figure

SAMPLE = ROOT / "eval" / "data" / "filters" / "sample.jsonl"
# the detector's first score on the sample, before any rule was changed for it: the estimate
FIRST_LOOK = ROOT / "eval" / "filters" / "first_look.json"
Span = tuple[str, int, int]  # type, start, end


def load_sample(path: Path = SAMPLE) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score(
    docs: Iterable[dict[str, Any]], detect: Callable[[str], list[Span]], types: Iterable[str]
) -> dict[str, dict[str, int]]:
    """Per type: labelled spans, found spans, and the found spans that hit a labelled one."""
    wanted = set(types)
    counts: dict[str, Counter[str]] = {t: Counter() for t in wanted}
    for doc in docs:
        gold = [(s["type"], s["start"], s["end"]) for s in doc["pii"] if s["type"] in wanted]
        found = [s for s in detect(doc["text"]) if s[0] in wanted]
        unmatched = list(gold)
        for kind, start, end in found:
            counts[kind]["found"] += 1
            hit = next((g for g in unmatched if g[0] == kind and g[1] < end and start < g[2]), None)
            if hit is not None:
                unmatched.remove(hit)
                counts[kind]["correct"] += 1
        for kind, _, _ in gold:
            counts[kind]["labelled"] += 1
    return {t: dict(c) for t, c in counts.items()}


def cleaner_detect(text: str) -> list[Span]:
    from cleaner.pii import find

    return [(m.type, m.start, m.end) for m in find(text)]


def datatrove_detect() -> Callable[[str], list[Span]] | None:
    """The spans datatrove's ``PIIFormatter`` replaces (its e-mail and public-IPv4 replacers)."""
    try:
        from datatrove.pipeline.formatters import PIIFormatter
    except ImportError:
        return None
    formatter = PIIFormatter()
    replacers = {"email": formatter.emails_replacer, "ip": formatter.ip_replacer}

    def detect(text: str) -> list[Span]:
        spans: list[Span] = []
        for kind, replacer in replacers.items():
            for match in replacer.regex.finditer(text):
                if replacer.validator is None or replacer.validator(match.group(0)):
                    spans.append((kind, match.start(), match.end()))
        return spans

    return detect


def _ratio(a: int, b: int) -> float:
    return a / b if b else float("nan")


def figures_for(label: str, counts: dict[str, dict[str, int]], suite: str = "pii") -> list[Figure]:
    out = []
    for kind, c in sorted(counts.items()):
        labelled, found, correct = c.get("labelled", 0), c.get("found", 0), c.get("correct", 0)
        if not labelled and not found:
            continue
        note = f"{correct} of {found} found correct, {correct} of {labelled} labelled found"
        out.append(
            Figure(suite, f"{label} {kind} precision", _ratio(correct, found), "ratio", note)
        )
        out.append(
            Figure(suite, f"{label} {kind} recall", _ratio(correct, labelled), "ratio", note)
        )
    return out


def run() -> list[Figure]:
    if not SAMPLE.is_file():
        print(f"labelled sample not built ({SAMPLE}): run make eval-data", file=sys.stderr)
        return []
    from cleaner.pii import TYPES

    figures: list[Figure] = []
    if FIRST_LOOK.is_file():
        first = json.loads(FIRST_LOOK.read_text(encoding="utf-8"))
        for part, counts in first["counts"].items():
            figures += figures_for(f"first look ({first['commit']}) {part}", counts)
    docs = load_sample()
    real = [d for d in docs if not d.get("synthetic")]
    synthetic = [d for d in docs if d.get("synthetic")]
    figures += figures_for("real", score(real, cleaner_detect, TYPES))
    figures += figures_for("synthetic", score(synthetic, cleaner_detect, TYPES))
    datatrove = datatrove_detect()
    if datatrove is None:
        print("datatrove not installed: its PIIFormatter is not scored", file=sys.stderr)
    else:
        both = ("email", "ip")
        figures += figures_for("datatrove real", score(real, datatrove, both))
        figures += figures_for("datatrove synthetic", score(synthetic, datatrove, both))
    return figures


def _show_misses() -> None:
    from cleaner.pii import TYPES

    for doc in load_sample():
        found = cleaner_detect(doc["text"])
        gold = [(s["type"], s["start"], s["end"]) for s in doc["pii"] if s["type"] in TYPES]
        for kind, start, end in gold:
            if not any(f[0] == kind and f[1] < end and start < f[2] for f in found):
                print("MISS", kind, repr(doc["text"][max(0, start - 30) : end + 30]))
        for kind, start, end in found:
            if not any(g[0] == kind and g[1] < end and start < g[2] for g in gold):
                print("EXTRA", kind, repr(doc["text"][max(0, start - 30) : end + 30]))


if __name__ == "__main__":
    for f in run():
        print(f"{f.name:<40} {f.value:8.3f}  {f.note}")
    if "--misses" in sys.argv:
        _show_misses()
