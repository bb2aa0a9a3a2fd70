"""How the boilerplate rules do on sites they were not written on.

Three columns side by side, per group of pages (``site_group``: ``extracted``, ``dump``,
``community``): dev.jsonl (the sites the rules were written on), the first-look score of our
own labelled batches (recorded in ``eval/first_look.json`` before any rule was tuned on them:
the honest estimate for an unseen site) and their score now (which tuning flatters).

``python -m bench.bench_generalise --record BATCH…`` scores batches and records their first
look; it refuses to overwrite a batch already recorded.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.common import DEV, ROOT, Figure
from cleaner.boilerplate import BoilerplateCleaner
from cleaner.boilerplate.evaluate import Evaluation, evaluate_records, load_gold

EVAL_DATA = ROOT / "eval" / "data"
PAGES = ROOT / "eval" / "pages"  # one labelled batch of pages per file
FIRST_LOOK = ROOT / "eval" / "first_look.json"
GROUPS = ("extracted", "dump", "community")
# the targets on unseen sites, per group
TARGET_RECALL = {"extracted": 0.97, "dump": 0.97, "community": 0.95}
TARGET_LOSS = 0.005


def batches() -> list[Path]:
    """The rebuilt page batches (eval/data/filters/ holds the filter sample, which has no line labels)."""
    if not EVAL_DATA.is_dir():
        return []
    names = sorted(p.name for p in PAGES.glob("*.jsonl"))
    return [EVAL_DATA / name for name in names if (EVAL_DATA / name).is_file()]


def score(records: Iterable[dict[str, Any]]) -> Evaluation:
    cleaner = BoilerplateCleaner()
    return evaluate_records(records, cleaner.clean_text, fields=("site_group", "kind"))


def summary(ev: Evaluation, records: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "records": len(records),
        "pages": len({r.get("page_id") for r in records}),
        "sites": len({r.get("site") for r in records}),
        "overall": ev.overall.scores(),
        "by_site_group": {k: v.scores() for k, v in sorted(ev.by_field["site_group"].items())},
        "by_kind": {k: v.scores() for k, v in sorted(ev.by_field["kind"].items())},
    }


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def record_first_look(names: list[str]) -> int:
    recorded = json.loads(FIRST_LOOK.read_text(encoding="utf-8")) if FIRST_LOOK.exists() else {}
    for name in names:
        if name in recorded:
            print(f"{name}: first look already recorded at {recorded[name]['commit']}; kept")
            continue
        path = EVAL_DATA / f"{name}.jsonl"
        records = load_gold(path)
        entry = summary(score(records), records)
        entry |= {"commit": _commit(), "when": time.strftime("%Y-%m-%d")}
        recorded[name] = entry
        o = entry["overall"]
        print(
            f"{name}: {entry['records']} records, {entry['sites']} sites: recall "
            f"{o['boilerplate_recall']}, content-line loss {o['content_line_loss']}"
        )
    FIRST_LOOK.write_text(json.dumps(recorded, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


def _pooled(entries: list[dict[str, Any]], group: str) -> tuple[float | None, float | None]:
    """Recall and line loss of one group pooled over batches (summed line counts)."""
    bp = removed_bp = content = removed_content = 0
    for entry in entries:
        s = entry["by_site_group"].get(group)
        if not s:
            continue
        bp += s["boilerplate_lines"]
        content += s["content_lines"]
        removed_bp += round((s["boilerplate_recall"] or 0) * s["boilerplate_lines"])
        removed_content += round((s["content_line_loss"] or 0) * s["content_lines"])
    return (removed_bp / bp if bp else None, removed_content / content if content else None)


def run() -> list[Figure]:
    figures: list[Figure] = []
    dev = load_gold(DEV)
    dev_ev = score(dev)
    o = dev_ev.overall.scores()
    figures.append(Figure("general", "dev recall", o["boilerplate_recall"], "", "dev.jsonl"))
    figures.append(Figure("general", "dev content-line loss", o["content_line_loss"], "", ""))
    paths = batches()
    if not paths:
        figures.append(
            Figure(
                "general", "own labelled set", 0, "records", "eval/data/ missing: make eval-data"
            )
        )
        return figures
    first = json.loads(FIRST_LOOK.read_text(encoding="utf-8")) if FIRST_LOOK.exists() else {}
    now: list[dict[str, Any]] = []
    for path in paths:
        records = load_gold(path)
        now.append(summary(score(records), records))
    first_entries = [first[p.stem] for p in paths if p.stem in first]
    unrecorded = [p.stem for p in paths if p.stem not in first]
    n_records = sum(e["records"] for e in now)
    n_sites = len({r.get("site") for p in paths for r in load_gold(p)})
    note = f"{len(paths)} batches, {n_sites} sites" + (
        f"; no first look for {', '.join(unrecorded)}" if unrecorded else ""
    )
    figures.append(Figure("general", "own labelled set", n_records, "records", note))
    for path in paths:
        entry = first.get(path.stem)
        if entry is None:
            continue
        o = entry["overall"]
        note = f"{entry['records']} records, {entry['sites']} sites, at {entry['commit']}"
        figures.append(
            Figure(
                "general", f"first look {path.stem} recall", o["boilerplate_recall"] or 0, "", note
            )
        )
        figures.append(
            Figure(
                "general",
                f"first look {path.stem} content-line loss",
                o["content_line_loss"] or 0.0,
                "",
                "no content lines" if o["content_line_loss"] is None else "",
            )
        )
    for group in GROUPS:
        target = f"target recall >= {TARGET_RECALL[group]}, loss <= {TARGET_LOSS}"
        for label, entries in (("first look", first_entries), ("now", now)):
            recall, loss = _pooled(entries, group)
            if recall is None and loss is None:
                continue
            figures.append(
                Figure("general", f"{group} recall ({label})", recall or 0.0, "", target)
            )
            figures.append(
                Figure("general", f"{group} content-line loss ({label})", loss or 0, "", "")
            )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--record", nargs="+", metavar="BATCH", help="record first looks")
    args = parser.parse_args(argv)
    if args.record:
        return record_first_look(args.record)
    for f in run():
        print(f"{f.name:<40} {f.value:>10.4f}  {f.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
