"""The dataset card: a parseable Hugging Face header and a body that matches the run."""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from cleaner.io.shards import SHARD_SCHEMA
from cleaner.output.card import COLUMN_DOCS, card_header, size_category


@pytest.fixture(scope="module")
def out(published):
    return published  # only read here


def _split(card: str) -> tuple[dict, str]:
    assert card.startswith("---\n")
    header, body = card[4:].split("\n---\n", 1)
    return yaml.safe_load(header), body


def test_card_is_written_and_listed_in_manifest(out):
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "README.md" in manifest["side_files"]
    assert (out / "README.md").is_file()


def test_card_header_is_hugging_face_metadata(out):
    header, _ = _split((out / "README.md").read_text(encoding="utf-8"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert header["language"] == ["ko"]
    assert header["license"] == manifest["config"]["output"]["license"]
    assert header["pretty_name"] == manifest["config"]["output"]["pretty_name"]
    assert header["size_categories"] == ["n<1K"]
    assert header["task_categories"] == ["text-generation"]
    (config,) = header["configs"]
    (data_files,) = config["data_files"]
    matched = sorted(p.name for p in out.iterdir() if fnmatch.fnmatch(p.name, data_files["path"]))
    assert matched == [s["file"] for s in manifest["shards"]]


def test_card_body_reports_removals_with_real_examples(out):
    _, body = _split((out / "README.md").read_text(encoding="utf-8"))
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    removed = pq.read_table(out / "removed.parquet").to_pylist()
    for rule, counts in stats["rules"].items():
        row = f"| `{rule}` | {counts['docs']:,} | {counts['lines']:,} | {counts['chars']:,} |"
        assert row in body
    # each detector rule shows two real, distinct removed texts when the run has two
    for rule in {r["rule"] for r in removed}:
        texts = {r["text"].strip() for r in removed if r["rule"] == rule}
        shown = [line for line in body.splitlines() if line.startswith(f"- `{rule}`: `")]
        assert len(shown) == min(2, len(texts)), rule
        for line in shown:
            example = line.split(": `", 1)[1].rstrip("`").split(" ⏎ ")[0].rstrip("…")
            assert any(example in t for t in texts), (rule, example)
    assert "메뉴 건너뛰기" in body  # a line the seed's chrome rule removes


def test_card_body_has_dedup_lengths_command_and_schema(out):
    _, body = _split((out / "README.md").read_text(encoding="utf-8"))
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert "exact (identical cleaned text): on; 1 document removed" in body
    assert "on; 1 document removed" in body.split("- near")[1]
    assert "cluster sizes: 2: 2" in body
    before, after = stats["lengths"]["before"], stats["lengths"]["after"]
    assert f"| before | {before['docs']:,} | {before['chars']:,} | {before['mean']} |" in body
    assert f"| after | {after['docs']:,} | {after['chars']:,} | {after['mean']} |" in body
    for bucket, n in before["histogram"].items():
        assert f"| {bucket} | {n:,} |" in body
    assert "- command: `cleaner run in --out out`" in body
    assert '"threshold": 0.8' in body
    assert "cleaner 0.1.0" in body
    for field in SHARD_SCHEMA:
        assert f"| `{field.name}` | `{field.type}` |" in body


def test_column_docs_cover_the_schema_exactly():
    assert list(COLUMN_DOCS) == SHARD_SCHEMA.names


def test_size_categories_and_quoting():
    assert [size_category(n) for n in (0, 999, 1000, 12_345_678)] == [
        "n<1K",
        "n<1K",
        "1K<n<10K",
        "10M<n<100M",
    ]
    manifest = {
        "rows": 5,
        "config": {"output": {"license": "cc-by-4.0", "pretty_name": 'A "quoted": name #1'}},
    }
    header = yaml.safe_load(card_header(manifest).strip().strip("-"))
    assert header["pretty_name"] == 'A "quoted": name #1'
    assert header["license"] == "cc-by-4.0"


def test_readme_documents_the_shard_schema():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Publishing", 1)[1].split("\n## ", 1)[0]
    table = re.findall(r"^\| `(\w+)` \| `([^`]+)` \| (.+) \|$", section, re.M)
    assert [(name, kind) for name, kind, _ in table] == [
        (f.name, str(f.type)) for f in SHARD_SCHEMA
    ]
    assert all(meaning.strip() for _, _, meaning in table)
