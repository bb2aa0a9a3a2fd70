"""Clean-stage speed and quality, measured side by side with two baselines in one process.

Baselines (written here from their published descriptions, not copied):
- C4-style line filter, as in C4 / datatrove's C4 filter: keep a line only if it ends in terminal
  punctuation, has at least 3 words, and mentions none of javascript / lorem ipsum / cookie
  policy words / curly braces.
- "Cut at the first footer cue": truncate the page at the first copyright / tip-line / byline cue,
  a common Korean practice.
Speed is CPU seconds of this process (per core), so a busy neighbour does not skew the ratio.
"""

from __future__ import annotations

import json
import re
from statistics import median

from bench.common import BULK, DEV, Figure, cpu_seconds, quick, read_jsonl_gz
from cleaner.boilerplate import BoilerplateCleaner
from cleaner.boilerplate.evaluate import evaluate_records
from cleaner.boilerplate.rights import find_reservation
from cleaner.document import Removal

_TERMINAL = (".", "!", "?", '"', "'", "”", "’", "다", "요")
_C4_BAD = re.compile(
    r"javascript|lorem ipsum|terms of use|privacy policy|cookie|[{}]", re.IGNORECASE
)


def c4_line_filter(text: str, title: str | None = None) -> tuple[str, list[Removal]]:
    kept = []
    removals = []
    for i, line in enumerate(text.split("\n")):
        stripped = line.strip()
        ok = (
            bool(stripped)
            and stripped.endswith(_TERMINAL)
            and len(stripped.split()) >= 3
            and _C4_BAD.search(stripped) is None
        )
        if ok:
            kept.append(line)
        elif stripped:
            removals.append(Removal("c4", i, i, line))
    return "\n".join(kept), removals


_FOOTER_CUE = re.compile(
    r"[ⓒ©]|copyright|무단\s*전재|재배포|제보|기자\s+\S+@|\S+@\S+\.\S+|관련기사|많이 본 뉴스",
    re.IGNORECASE,
)


def cut_at_first_cue(text: str, title: str | None = None) -> tuple[str, list[Removal]]:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _FOOTER_CUE.search(line):
            return "\n".join(lines[:i]), [Removal("cut", i, len(lines) - 1, "\n".join(lines[i:]))]
    return text, []


def _throughput(fn, texts: list[str]) -> float:
    total_bytes = sum(len(t.encode("utf-8")) for t in texts)

    def work() -> None:
        for t in texts:
            fn(t)

    seconds, _ = cpu_seconds(work)
    return total_bytes / seconds / 1e6


ROUNDS = 3


def run() -> list[Figure]:
    limit = 2000 if quick() else None
    texts = [r["text"] for r in read_jsonl_gz(BULK / "mixed_25mb.jsonl.gz", limit)]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    cleaner = BoilerplateCleaner()
    # interleaved rounds: a slow spell of this shared machine hits both filters alike
    ours, c4, rights = [], [], []
    for _ in range(ROUNDS):
        ours.append(_throughput(cleaner.clean_text, texts))
        c4.append(_throughput(c4_line_filter, texts))
        # the clean stage also looks for rights notices in every original text
        rights.append(_throughput(find_reservation, texts))
    ratios = [o / c for o, c in zip(ours, c4, strict=True)]
    # time of the rights scan over time of the cleaning, for the same texts
    rights_share = [o / r for o, r in zip(ours, rights, strict=True)]
    note = f"median of {ROUNDS} interleaved rounds"
    figures = [
        Figure(
            "clean",
            "clean stage (ours)",
            median(ours),
            "MB/s/core",
            f"mixed_25mb.jsonl.gz, {mb:.1f} MB; {note}",
        ),
        Figure(
            "clean",
            "C4-style line filter",
            median(c4),
            "MB/s/core",
            f"same texts, same process; {note}",
        ),
        Figure(
            "clean",
            "ours / C4 speed ratio",
            median(ratios),
            "x",
            "target: ours >= 20 MB/s per core",
        ),
        Figure(
            "clean",
            "rights-notice scan",
            median(rights),
            "MB/s/core",
            f"find_reservation over the same texts; {note}",
        ),
        Figure(
            "clean",
            "rights scan / cleaning time",
            median(rights_share),
            "x",
            "target: <= 0.1 (the scan runs on every original text)",
        ),
    ]
    with DEV.open(encoding="utf-8") as fh:
        gold = [json.loads(line) for line in fh]
    for name, fn in (
        ("ours", cleaner.clean_text),
        ("C4-style", c4_line_filter),
        ("cut-at-first-cue", cut_at_first_cue),
    ):
        scores = evaluate_records(gold, fn).overall.scores()
        figures.append(
            Figure(
                "quality",
                f"{name} boilerplate recall",
                scores["boilerplate_recall"],
                "",
                "dev.jsonl",
            )
        )
        figures.append(
            Figure(
                "quality", f"{name} content-line loss", scores["content_line_loss"], "", "dev.jsonl"
            )
        )
    return figures
