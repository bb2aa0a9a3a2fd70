"""``cleaner verify``: re-check every data file of an output folder against its manifest.

The manifest is written last by a run, so a file that differs from it was changed or damaged
afterwards. Shards are checked for presence, sha256, rows and schema, every side file (the audit
files, the signature index, errors.jsonl, stats.json) for presence, size and sha256. The card
(README.md) is listed without a checksum: it is the publisher's to edit.

Outputs of the layout before ``data/`` (``names.LEGACY_LAYOUT``) are read too: their manifest
lists the side files by name only, so those are checked for presence alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from cleaner.io.shards import EARLIER_SHARD_SCHEMA, SHARD_SCHEMA, sha256_of
from cleaner.output import names
from cleaner.output.names import MANIFEST

LEGACY_NOTE = (
    "written by an older cleaner (every file at the top of the folder): its side files are "
    "checked for presence only; run `cleaner run` again for the data/ layout, which checksums "
    "every file"
)


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


def layout_of(manifest: dict[str, Any]) -> int:
    """The layout an output was written in; manifests before ``data/`` did not say."""
    return int(manifest.get("layout", names.LEGACY_LAYOUT))


def folder_layout(out: Path) -> int:
    """The layout of an output folder: its manifest's, or, without one, where its shards are."""
    try:
        return layout_of(load_manifest(out))
    except ValueError:
        return names.LAYOUT if (out / names.DATA_DIR).is_dir() else names.LEGACY_LAYOUT


def verify(out: Path) -> list[str]:
    """Problems found comparing every data file with the manifest; empty when all is well."""
    try:
        manifest = load_manifest(out)
    except ValueError as exc:
        return [str(exc)]
    problems = []
    listed = {s["file"] for s in manifest["shards"]}
    schemas = [SHARD_SCHEMA]
    if layout_of(manifest) < names.LAYOUT:
        schemas.append(EARLIER_SHARD_SCHEMA)  # an older output, from before the rights columns
    for shard in manifest["shards"]:
        problems += _check_shard(out, shard, schemas)
    unlisted = out.glob(names.shard_glob(layout_of(manifest)))
    for extra in sorted(p.relative_to(out).as_posix() for p in unlisted):
        if extra not in listed:
            problems.append(f"{extra}: shard not listed in the manifest")
    if manifest["rows"] != sum(s["rows"] for s in manifest["shards"]):
        problems.append("manifest: total rows differ from the sum over its shards")
    for entry in manifest.get("side_files", []):
        problems += _check_side_file(out, entry if isinstance(entry, dict) else {"file": entry})
    return problems


def _check_shard(out: Path, shard: dict[str, Any], schemas: list[Any]) -> list[str]:
    name, path = shard["file"], out / shard["file"]
    problems = _check_file(out, shard)
    if not path.is_file():
        return problems
    try:
        meta = pq.read_metadata(path)
        schema = pq.read_schema(path)
    except Exception as exc:  # any damage pyarrow reports makes the shard bad
        return [f"{name}: not a readable Parquet file ({exc})"]
    if meta.num_rows != shard["rows"]:
        problems.append(f"{name}: {meta.num_rows} rows, the manifest says {shard['rows']}")
    if not any(schema.remove_metadata().equals(wanted) for wanted in schemas):
        problems.append(f"{name}: schema differs from the published shard schema")
    return problems


def _check_side_file(out: Path, entry: dict[str, Any]) -> list[str]:
    if not (out / entry["file"]).is_file():
        return [f"{entry['file']}: listed in the manifest but missing"]
    return _check_file(out, entry)


def _check_file(out: Path, entry: dict[str, Any]) -> list[str]:
    """Presence, size and sha256 of a file the manifest lists (each as far as it records)."""
    name, path = entry["file"], out / entry["file"]
    if not path.is_file():
        return [f"{name}: missing"]
    size, recorded = path.stat().st_size, entry.get("bytes")
    wrong_size = (
        f"{size:,} bytes, the manifest says {recorded:,}" if recorded not in (None, size) else ""
    )
    if entry.get("sha256") is not None:
        digest = sha256_of(path)
        if digest != entry["sha256"]:
            return [
                f"{name}: sha256 {digest[:16]}… does not match the manifest's "
                f"{entry['sha256'][:16]}…" + (f" ({wrong_size})" if wrong_size else "")
            ]
    return [f"{name}: {wrong_size}"] if wrong_size else []
