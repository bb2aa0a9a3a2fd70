"""``cleaner verify``: re-check the shards of an output folder against its manifest.

The manifest is written last by a run, so a shard that differs from it was changed or damaged
afterwards.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from cleaner.io.shards import SHARD_SCHEMA, sha256_of
from cleaner.output.names import MANIFEST, SHARD_GLOB


def load_manifest(out: Path) -> dict[str, Any]:
    path = out / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(
            f"{path}: no manifest; is this the output folder of `cleaner run`?"
        ) from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON: {exc}") from None


def verify(out: Path) -> list[str]:
    """Problems found comparing every shard with the manifest; empty when all is well."""
    try:
        manifest = load_manifest(out)
    except ValueError as exc:
        return [str(exc)]
    problems = []
    listed = {s["file"] for s in manifest["shards"]}
    for shard in manifest["shards"]:
        path = out / shard["file"]
        if not path.is_file():
            problems.append(f"{shard['file']}: missing")
            continue
        digest = sha256_of(path)
        if digest != shard["sha256"]:
            problems.append(
                f"{shard['file']}: sha256 {digest[:16]}… does not match the manifest's "
                f"{shard['sha256'][:16]}…"
            )
        try:
            meta = pq.read_metadata(path)
            schema = pq.read_schema(path)
        except Exception as exc:  # any damage pyarrow reports makes the shard bad
            problems.append(f"{shard['file']}: not a readable Parquet file ({exc})")
            continue
        if meta.num_rows != shard["rows"]:
            problems.append(
                f"{shard['file']}: {meta.num_rows} rows, the manifest says {shard['rows']}"
            )
        if not schema.remove_metadata().equals(SHARD_SCHEMA):
            problems.append(f"{shard['file']}: schema differs from the published shard schema")
    for extra in sorted(p.name for p in out.glob(SHARD_GLOB) if p.name not in listed):
        problems.append(f"{extra}: shard not listed in the manifest")
    if manifest["rows"] != sum(s["rows"] for s in manifest["shards"]):
        problems.append("manifest: total rows differ from the sum over its shards")
    for name in manifest.get("side_files", []):
        if not (out / name).is_file():
            problems.append(f"{name}: listed in the manifest but missing")
    return problems
