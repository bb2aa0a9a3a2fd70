"""The ``cleaner`` subcommands for publishing: report, verify and publish.

Kept apart from cli.py so that these commands are one line there, and apart from the modules
that do the work so that ``cleaner --help`` does not import pyarrow.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from cleaner.output.names import SIGNATURES


def cmd_verify(args: argparse.Namespace) -> int:
    from cleaner.output.names import LAYOUT, MANIFEST
    from cleaner.output.verify import LEGACY_NOTE, layout_of, load_manifest, verify

    out = Path(args.out)
    problems = verify(out)
    for problem in problems:
        print(f"cleaner: {out}: {problem}", file=sys.stderr)
    if problems:
        return 1
    manifest = load_manifest(out)
    checked = [e for e in manifest.get("side_files", []) if isinstance(e, dict) and e["sha256"]]
    print(
        f"ok: {len(manifest['shards'])} shard(s), {manifest['rows']:,} rows and "
        f"{len(checked)} side file(s) match {MANIFEST}"
    )
    if layout_of(manifest) < LAYOUT:
        print(f"note: {LEGACY_NOTE}", file=sys.stderr)
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from cleaner.output.publish import publish

    token = os.environ.get("HF_TOKEN") or None
    return publish(
        Path(args.out),
        args.dataset,
        token=token,
        dry_run=args.dry_run,
        private=args.private,
        with_signatures=args.with_signatures,
    )


def cmd_report(args: argparse.Namespace) -> int:
    try:
        from cleaner.output.report import write_report
    except ImportError as exc:
        if exc.name is None or not exc.name.startswith("matplotlib"):
            raise
        print(
            "cleaner: error: cleaner report draws its plots with matplotlib: "
            "pip install 'cleaner[report]'",
            file=sys.stderr,
        )
        return 2

    try:
        path = write_report(Path(args.out), sample=args.sample)
    except ValueError as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0


def add_subcommands(sub: Any) -> None:
    """Register report, verify and publish on the ``cleaner`` subcommand parser."""
    p = sub.add_parser(
        "report",
        help="write OUT/report.html with plots and a sample of documents",
        description="Write a self-contained HTML report (no network needed to view it): "
        "removals per rule, document lengths, sites by removed share, duplicate clusters, "
        "and sample documents with their removed lines.",
    )
    p.add_argument("out", help="output folder of `cleaner run`")
    p.add_argument("--sample", type=int, default=40, help="documents shown (default: 40)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "verify",
        help="re-check every data file against manifest.json",
        description="Check sha256, row counts and schema of every shard, and sha256 and size of "
        "every side file (audit files, signature index, errors.jsonl, stats.json) against the "
        "manifest; exit 1 naming each bad file.",
    )
    p.add_argument("out", help="output folder of `cleaner run`")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser(
        "publish",
        help="upload the output folder to the Hugging Face Hub (dry run without HF_TOKEN)",
        description="Verify the shards and the dataset card, then upload the folder as a "
        "dataset repository. Without HF_TOKEN in the environment, list what would be uploaded.",
    )
    p.add_argument("out", help="output folder of `cleaner run`")
    p.add_argument("--dataset", help="dataset repository, user/name")
    p.add_argument("--dry-run", action="store_true", help="only list and validate")
    p.add_argument("--private", action="store_true", help="create the repository as private")
    p.add_argument(
        "--with-signatures",
        action="store_true",
        help=f"also upload {SIGNATURES}, the MinHash index that lets others deduplicate "
        "against this dataset with --against (left out by default)",
    )
    p.set_defaults(func=cmd_publish)
