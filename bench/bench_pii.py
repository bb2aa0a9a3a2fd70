"""PII scrubbing speed and what it finds, on the mixed bulk corpus.

Speed is CPU seconds of this process (per core), in interleaved rounds beside datatrove's
``PIIFormatter`` (e-mails and IPv4 only; where datatrove is installed) and beside the clean stage
without PII, so that a busy neighbour slows all alike. The counts per type are what a corpus
builder would see on this file; their precision was judged by reading samples (the bulk text
belongs to its publishers and is not copied here).

Run alone: ``python -m bench.bench_pii [--show N]`` prints N matches per rule with their context
for reading, and nothing of it is saved.
"""

from __future__ import annotations

import sys
from collections import Counter
from statistics import median

from bench.common import BULK, Figure, cpu_seconds, quick, read_jsonl_gz
from cleaner.boilerplate import BoilerplateCleaner
from cleaner.pii import TYPES, Scrubber, find

ROUNDS = 3
CORPUS = BULK / "mixed_25mb.jsonl.gz"


def _throughput(fn, texts: list[str], mb: float) -> float:
    def work() -> None:
        for t in texts:
            fn(t)

    seconds, _ = cpu_seconds(work)
    return mb / seconds


def _datatrove_formatter():
    try:
        from datatrove.pipeline.formatters import PIIFormatter
    except ImportError:
        return None
    return PIIFormatter().format


def run() -> list[Figure]:
    limit = 2000 if quick() else None
    texts = [r["text"] for r in read_jsonl_gz(CORPUS, limit)]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    scrubber = Scrubber("mask")
    cleaner = BoilerplateCleaner()

    def clean_then_scrub(text: str) -> None:
        scrubber.scrub(cleaner.clean_text(text)[0])

    def clean_only(text: str) -> None:
        cleaner.clean_text(text)

    datatrove = _datatrove_formatter()
    speeds: dict[str, list[float]] = {"scrub": [], "find": [], "datatrove": []}
    speeds |= {"clean": [], "clean+scrub": []}
    for _ in range(ROUNDS):
        speeds["scrub"].append(_throughput(scrubber.scrub, texts, mb))
        speeds["find"].append(_throughput(find, texts, mb))
        if datatrove is not None:
            speeds["datatrove"].append(_throughput(datatrove, texts, mb))
        speeds["clean"].append(_throughput(clean_only, texts, mb))
        speeds["clean+scrub"].append(_throughput(clean_then_scrub, texts, mb))
    note = f"{CORPUS.name}, {mb:.1f} MB; median of {ROUNDS} interleaved rounds"
    figures = [
        Figure("pii", "scrub, every type masked", median(speeds["scrub"]), "MB/s/core", note),
        Figure("pii", "find (no replacing)", median(speeds["find"]), "MB/s/core", note),
        Figure("pii", "clean stage alone", median(speeds["clean"]), "MB/s/core", note),
        Figure(
            "pii",
            "clean stage + scrub",
            median(speeds["clean+scrub"]),
            "MB/s/core",
            "scrubbing the cleaned text, as a run does",
        ),
    ]
    if speeds["datatrove"]:
        ratios = [a / b for a, b in zip(speeds["scrub"], speeds["datatrove"], strict=True)]
        figures += [
            Figure(
                "pii",
                "datatrove PIIFormatter",
                median(speeds["datatrove"]),
                "MB/s/core",
                "e-mails and IPv4 only; same texts, same process",
            ),
            Figure("pii", "ours / datatrove speed ratio", median(ratios), "x", ""),
        ]
    counts = Counter(m.rule for t in texts for m in find(t))
    by_type = Counter()
    for rule, n in counts.items():
        by_type[rule.split(":")[0]] += n
    documents = sum(1 for t in texts if find(t))
    figures.append(Figure("pii", "documents with PII", documents, "docs", f"of {len(texts):,}"))
    for kind in TYPES:
        rules = ", ".join(f"{r} {n}" for r, n in sorted(counts.items()) if r.split(":")[0] == kind)
        figures.append(Figure("pii", f"matches: {kind}", by_type[kind], "", rules))
    return figures


def show(per_rule: int) -> None:
    """Print matches with their context, for a person to judge (never saved)."""
    import random

    texts = [r["text"] for r in read_jsonl_gz(CORPUS)]
    by_rule: dict[str, list[tuple[str, str, str]]] = {}
    for text in texts:
        for m in find(text):
            context = (text[max(0, m.start - 30) : m.start], text[m.start : m.end])
            by_rule.setdefault(m.rule, []).append((*context, text[m.end : m.end + 15]))
    rng = random.Random(0)
    for rule, items in sorted(by_rule.items()):
        print(f"== {rule}: {len(items)}")
        for before, value, after in rng.sample(items, min(per_rule, len(items))):
            print(f"   {before!r} [[{value}]] {after!r}")


if __name__ == "__main__":
    if "--show" in sys.argv:
        show(int(sys.argv[sys.argv.index("--show") + 1]))
    else:
        for figure in run():
            print(f"{figure.name:<32} {figure.value:>12,.2f} {figure.unit:<10} {figure.note}")
