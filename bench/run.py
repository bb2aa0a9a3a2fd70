"""Run every benchmark suite, print one table, and write bench/results.json."""

from __future__ import annotations

import importlib
import platform
import sys
import time
import traceback

from bench.common import ROOT, Figure
from cleaner.io.atomic import write_json_atomic

# Each suite is a module with ``run() -> list[Figure]``.
SUITES: tuple[str, ...] = (
    "bench.bench_clean",
    "bench.bench_generalise",
    "bench.bench_templates",
    "bench.bench_dedup",
    "bench.bench_pii",
    "bench.bench_pii_accuracy",
    "bench.bench_filters",
)


def main() -> int:
    figures: list[Figure] = []
    failed: list[str] = []
    for name in SUITES:
        print(f"# {name}", file=sys.stderr, flush=True)
        try:
            figures.extend(importlib.import_module(name).run())
        except Exception:
            traceback.print_exc()
            failed.append(name)
    width = max((len(f.name) for f in figures), default=10)
    print(f"\n{'suite':<10} {'figure':<{width}} {'value':>14} {'unit':<10} note")
    for f in figures:
        print(f"{f.suite:<10} {f.name:<{width}} {f.value:>14,.3f} {f.unit:<10} {f.note}")
    results = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "figures": [f.as_dict() for f in figures],
        "failed_suites": failed,
    }
    write_json_atomic(results, ROOT / "bench" / "results.json")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
