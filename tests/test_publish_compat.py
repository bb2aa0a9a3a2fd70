"""The shards load unchanged with Hugging Face datasets (offline), duckdb and polars."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from publish_helpers import write_corpus

from cleaner.config import Config
from cleaner.io.shards import SHARD_SCHEMA
from cleaner.run import run

# Line ends the readers must turn into \n: CRLF, CR, NEL, LINE and PARAGRAPH SEPARATOR.
ODD_BREAKS = ["\r\n", "\r", "\x85", "\u2028", "\u2029"]
SENTENCE = "비가 그친 뒤 골목마다 물웅덩이가 생겨서 아이들이 신나게 뛰어다녔습니다."


@pytest.fixture(scope="module")
def out(tmp_path_factory, seed_texts) -> Path:
    tmp = tmp_path_factory.mktemp("compat")
    corpus = write_corpus(tmp / "in", seed_texts)
    text = "".join(f"{i}번째 문단. {SENTENCE}{brk}" for i, brk in enumerate(ODD_BREAKS)) + "끝."
    (corpus / "breaks.jsonl").write_text(
        json.dumps({"id": "breaks", "text": text}, ensure_ascii=False) + "\n", "utf-8"
    )
    config = Config()
    config.input.workers = 1
    config.output.shard_rows = 2
    config.filter.filtering = False  # the breaks text repeats one sentence on purpose
    return run([str(corpus)], tmp / "out", config).out


def _shards(out: Path) -> list[str]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return [str(out / s["file"]) for s in manifest["shards"]]


def _reference(out: Path) -> pa.Table:
    return pa.concat_tables(pq.read_table(p) for p in _shards(out))


def test_schema_is_the_documented_one(out):
    # a change here is a breaking change for every user of published data: update README.md
    assert [(f.name, str(f.type)) for f in SHARD_SCHEMA] == [
        ("id", "string"),
        ("text", "string"),
        ("url", "string"),
        ("site", "string"),
        ("source", "string"),
        ("record", "int64"),
        ("n_chars", "int32"),
        ("n_lines", "int32"),
        ("removed_rules", "list<item: string>"),
        ("removed_lines", "int32"),
        ("removed_chars", "int32"),
        (
            "removals",
            "list<item: struct<rule: string, first_line: int32, last_line: int32, text: string>>",
        ),
        ("rights_reservation", "string"),
        ("rights_reservation_line", "int32"),
        ("dup_cluster", "string"),
        ("dup_cluster_size", "int32"),
        ("metadata", "string"),
    ]
    for shard in _shards(out):
        assert pq.read_schema(shard).remove_metadata().equals(SHARD_SCHEMA), shard


def test_text_is_plain_utf8_with_newlines_only(out):
    table = _reference(out)
    texts = table.column("text").to_pylist()
    assert any(t.startswith("0번째 문단.") for t in texts)
    for text, n_lines, n_chars in zip(
        texts, table.column("n_lines").to_pylist(), table.column("n_chars").to_pylist(), strict=True
    ):
        text.encode("utf-8")  # no lone surrogates
        assert text.splitlines() == text.split("\n"), repr(text[:60])
        assert not any(ord(c) < 32 and c not in "\n\t" for c in text)
        assert n_lines == text.count("\n") + 1 and n_chars == len(text)
    breaks = next(t for t in texts if t.startswith("0번째"))
    assert breaks.split("\n") == [f"{i}번째 문단. {SENTENCE}" for i in range(5)] + ["끝."]


def test_loads_with_hf_datasets_offline(out, tmp_path):
    env = {
        **os.environ,
        "HF_DATASETS_OFFLINE": "1",
        "HF_HUB_OFFLINE": "1",
        "HF_HOME": str(tmp_path / "hf"),
        "HF_DATASETS_CACHE": str(tmp_path / "hf" / "datasets"),
    }
    # a fresh interpreter, because datasets reads the offline switches when it is imported
    script = (
        "import json, sys\n"
        "from datasets import load_dataset\n"
        "ds = load_dataset('parquet', data_files=json.loads(sys.argv[1]), split='train')\n"
        "cols = ds.to_dict()\n"
        # the folder as it is published: the card's configs must point datasets at the shards
        "folder = load_dataset(sys.argv[2], split='train')\n"
        "print(json.dumps({'rows': ds.num_rows, 'ids': cols['id'], 'texts': cols['text'],"
        " 'removals': cols['removals'], 'features': list(ds.features),"
        " 'folder_ids': folder['id'][:], 'folder_features': list(folder.features)}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(_shards(out)), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    ref = _reference(out)
    assert loaded["rows"] == ref.num_rows
    assert loaded["features"] == SHARD_SCHEMA.names
    assert loaded["ids"] == ref.column("id").to_pylist()
    assert loaded["texts"] == ref.column("text").to_pylist()
    assert loaded["removals"] == ref.column("removals").to_pylist()
    assert loaded["folder_features"] == SHARD_SCHEMA.names
    assert sorted(loaded["folder_ids"]) == sorted(loaded["ids"])


def test_loads_with_duckdb(out):
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    files = _shards(out)
    rows = con.execute(
        "SELECT id, text, n_chars, length(text), removals "
        "FROM read_parquet(?, filename = true, file_row_number = true) "
        "ORDER BY filename, file_row_number",
        [files],
    ).fetchall()
    ref = _reference(out)
    assert [r[0] for r in rows] == ref.column("id").to_pylist()
    assert [r[1] for r in rows] == ref.column("text").to_pylist()
    assert all(r[2] == r[3] for r in rows)  # duckdb counts characters the same way
    assert [[dict(x) for x in r[4]] for r in rows] == ref.column("removals").to_pylist()
    described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [files]).fetchall()
    types = {row[0]: row[1] for row in described}
    assert types["text"] == "VARCHAR" and types["n_chars"] == "INTEGER"
    assert list(types) == SHARD_SCHEMA.names


def test_loads_with_polars(out):
    pl = pytest.importorskip("polars")
    frame = pl.read_parquet(_shards(out))
    ref = _reference(out)
    assert frame.columns == SHARD_SCHEMA.names
    assert frame["id"].to_list() == ref.column("id").to_pylist()
    assert frame["text"].to_list() == ref.column("text").to_pylist()
    assert frame["removals"].to_list() == ref.column("removals").to_pylist()
    assert frame["text"].str.len_chars().to_list() == ref.column("n_chars").to_pylist()
