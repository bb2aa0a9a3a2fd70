"""More inputs: standard input (``-``), .zst/.bz2/.xz JSON Lines, and fsspec URLs (``memory://``,
``file://``), through ``cleaner run`` and the readers."""

from __future__ import annotations

import bz2
import hashlib
import io
import json
import lzma
import sys
import uuid
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cleaner.cli import main
from cleaner.config import InputConfig
from cleaner.io.errors import ErrorLog
from cleaner.io.readers import expand_inputs, format_of, read_documents

KO = "대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다."
BASE_ARGS = ["--workers", "1", "--min-chars", "1", "--near-dedup", "false"]
ROWS = [{"id": f"r-{i}", "text": f"{i}번째 문서. {KO}"} for i in range(3)]


def jsonl_bytes(rows: list[Any]) -> bytes:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def zstd_compress(data: bytes) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.CompressedOutputStream(sink, "zstd") as stream:
        stream.write(data)
    return sink.getvalue().to_pybytes()


# bzip2 decodes whole blocks: level 1 (100 kB blocks) leaves complete blocks before a cut
COMPRESSORS = {"bz2": lambda d: bz2.compress(d, 1), "xz": lzma.compress, "zst": zstd_compress}


class Result:
    def __init__(self, out: Path, code: int, stderr: str) -> None:
        self.out, self.code, self.stderr = out, code, stderr
        done = (out / "manifest.json").exists()
        self.manifest = json.loads((out / "manifest.json").read_text()) if done else {}
        self.errors = (
            [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()] if done else []
        )
        self.rows = [
            r
            for f in sorted(out.glob("data/train-*.parquet"))
            for r in pq.read_table(f).to_pylist()
        ]


def run(tmp_path: Path, capsys, *inputs: str, extra: tuple[str, ...] = ()) -> Result:
    out = tmp_path / "out"
    code = main(["run", *inputs, "--out", str(out), *BASE_ARGS, *extra])
    return Result(out, code, capsys.readouterr().err)


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


# --- standard input ---------------------------------------------------------------------------


def test_stdin_is_read_as_json_lines_named_dash(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(jsonl_bytes([ROWS[0], "{broken", "", ROWS[1]])))
    result = run(tmp_path, capsys, "-")
    assert result.code == 0, result.stderr
    assert [(r["id"], r["source"], r["record"]) for r in result.rows] == [
        ("r-0", "-", 0),
        ("r-1", "-", 3),  # record numbers are line numbers
    ]
    assert [(e["file"], e["record"]) for e in result.errors] == [("-", 1)]
    assert "- record 1: malformed JSON" in result.stderr
    (entry,) = result.manifest["inputs"]
    assert entry["file"] == "-" and entry["sha256"] is None
    assert entry["bytes"] == len(jsonl_bytes([ROWS[0], "{broken", "", ROWS[1]]))
    assert "standard input" in entry["sha256_note"]
    assert not (result.out / ".work").exists()  # the spool went with the work folder


def test_stdin_without_an_id_gets_a_stable_generated_one(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(jsonl_bytes([{"text": KO}])))
    result = run(tmp_path, capsys, "-")
    assert [r["id"] for r in result.rows] == ["-#0"]


def test_stdin_comes_first_beside_files(tmp_path, capsys, monkeypatch):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_bytes(jsonl_bytes([ROWS[2]]))
    monkeypatch.setattr(sys, "stdin", _Stdin(jsonl_bytes([ROWS[0]])))
    result = run(tmp_path, capsys, str(tmp_path / "in"), "-")
    assert result.code == 0, result.stderr
    assert [r["id"] for r in result.rows] == ["r-0", "r-2"]
    assert [i["file"] for i in result.manifest["inputs"]] == ["-", str(tmp_path / "in/a.jsonl")]


def test_resume_with_stdin_is_refused_before_anything_is_read(tmp_path, capsys, monkeypatch):
    stdin = _Stdin(jsonl_bytes(ROWS))
    monkeypatch.setattr(sys, "stdin", stdin)
    result = run(tmp_path, capsys, "-", extra=("--resume",))
    assert result.code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--resume cannot re-read standard input" in lines[0]
    assert stdin.buffer.tell() == 0
    assert not result.out.exists()


def test_empty_stdin_is_a_file_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(b""))
    result = run(tmp_path, capsys, "-")
    assert result.code == 1  # no document could be read
    assert result.errors == [
        {"file": "-", "record": None, "reason": "empty file", "severity": "error"}
    ]


# --- .zst, .bz2, .xz ----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["zst", "bz2", "xz"])
@pytest.mark.parametrize("stem", ["jsonl", "ndjson", "json"])
def test_compressed_json_lines_read_like_gzip(tmp_path, suffix, stem):
    path = tmp_path / f"a.{stem}.{suffix}"
    path.write_bytes(COMPRESSORS[suffix](jsonl_bytes([ROWS[0], "[1]", ROWS[1]])))
    assert format_of(path) == "jsonl"
    errors = ErrorLog()
    docs = list(read_documents(path, InputConfig(), errors))
    assert [(d.id, d.record, d.text) for d in docs] == [
        ("r-0", 0, ROWS[0]["text"]),
        ("r-1", 2, ROWS[1]["text"]),
    ]
    assert [(e.record, e.reason) for e in errors.items] == [
        (1, "JSON line is a list, not an object")
    ]
    assert expand_inputs([str(tmp_path)]) == [path]  # found in a folder walk


@pytest.mark.parametrize("suffix", ["zst", "bz2", "xz"])
def test_truncated_compressed_file_keeps_the_records_before_the_cut(tmp_path, capsys, suffix):
    rows = [{"id": f"c-{i}", "text": f"{i} {KO}"} for i in range(4000)]
    data = COMPRESSORS[suffix](jsonl_bytes(rows))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / f"cut.jsonl.{suffix}").write_bytes(data[: len(data) * 3 // 4])
    result = run(tmp_path, capsys, str(tmp_path / "in"))
    assert result.code == 0, result.stderr
    kept = [int(r["id"].split("-")[1]) for r in result.rows]
    assert len(kept) > 100 and kept == list(range(len(kept)))  # a prefix, nothing skipped
    assert all(r["text"] == rows[int(r["id"][2:])]["text"] for r in result.rows)
    file_errors = [e for e in result.errors if e["record"] is None]
    assert len(file_errors) == 1 and "ends early" in file_errors[0]["reason"]
    assert all(e["record"] is None or e["record"] == len(kept) for e in result.errors)


@pytest.mark.parametrize("suffix", ["bz2", "xz"])
def test_corrupt_compressed_file_is_one_file_error(tmp_path, suffix):
    data = bytearray(COMPRESSORS[suffix](jsonl_bytes(ROWS * 50)))
    data[len(data) // 2] ^= 0xFF
    path = tmp_path / f"bad.jsonl.{suffix}"
    path.write_bytes(bytes(data))
    errors = ErrorLog()
    docs = list(read_documents(path, InputConfig(), errors))
    file_errors = [e for e in errors.items if e.record is None]
    assert len(file_errors) == 1 and file_errors[0].severity == "error"
    assert file_errors[0].reason.startswith(("file ends early or is unreadable", "unreadable"))
    assert [d.id for d in docs] == [r["id"] for r in (ROWS * 50)[: len(docs)]]


# --- fsspec URLs --------------------------------------------------------------------------------


@pytest.fixture
def bucket():
    """A fresh folder of fsspec's in-memory file system, removed afterwards."""
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    name = f"/b-{uuid.uuid4().hex[:8]}"
    yield fs, name
    fs.rm(name, recursive=True)


def parquet_bytes(rows: list[dict[str, Any]]) -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), sink)
    return sink.getvalue()


def test_memory_glob_reads_json_lines_and_parquet(tmp_path, capsys, bucket):
    fs, root = bucket
    fs.pipe(f"{root}/d/a.jsonl", jsonl_bytes([ROWS[0], "{bad"]))
    fs.pipe(f"{root}/d/sub/b.parquet", parquet_bytes([ROWS[1]]))
    fs.pipe(f"{root}/d/sub/c.jsonl.zst", zstd_compress(jsonl_bytes([ROWS[2]])))
    fs.pipe(f"{root}/d/notes.md", b"not an input")
    result = run(
        tmp_path, capsys, f"memory://{root}/d/**/*.jsonl*", f"memory://{root}/*/*/*.parquet"
    )
    assert result.code == 0, result.stderr
    assert sorted((r["id"], r["source"]) for r in result.rows) == [
        ("r-0", "a.jsonl"),
        ("r-1", "b.parquet"),
        ("r-2", "c.jsonl.zst"),
    ]
    url = f"memory://{root}/d/a.jsonl"
    assert [(e["file"], e["record"]) for e in result.errors] == [(url, 1)]
    inputs = {i["file"]: i for i in result.manifest["inputs"]}
    assert set(inputs) == {
        url,
        f"memory://{root}/d/sub/b.parquet",
        f"memory://{root}/d/sub/c.jsonl.zst",
    }
    for name, entry in inputs.items():
        stored = fs.cat(name.removeprefix("memory://"))
        assert entry["bytes"] == len(stored)
        assert entry["sha256"] == hashlib.sha256(stored).hexdigest()


def test_memory_folder_is_walked_and_a_missing_url_is_exit_3(tmp_path, capsys, bucket):
    fs, root = bucket
    fs.pipe(f"{root}/x/a.jsonl", jsonl_bytes([ROWS[0]]))
    fs.pipe(f"{root}/x/.hidden.jsonl", jsonl_bytes([ROWS[1]]))
    fs.pipe(f"{root}/x/y.txt.bak", b"?")
    found = expand_inputs([f"memory://{root}/x"])
    assert [str(p) for p in found] == [f"memory://{root}/x/a.jsonl"]
    code = main(["run", f"memory://{root}/nope/*.jsonl", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 3 and f"input not found: memory://{root}/nope/*.jsonl" in err


def test_file_urls_are_read_through_fsspec(tmp_path, capsys):
    pytest.importorskip("fsspec")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl.bz2").write_bytes(bz2.compress(jsonl_bytes(ROWS[:2])))
    result = run(tmp_path, capsys, f"file://{tmp_path}/in/*.jsonl.bz2")
    assert result.code == 0, result.stderr
    assert [r["id"] for r in result.rows] == ["r-0", "r-1"]
    (entry,) = result.manifest["inputs"]
    assert entry["file"] == f"file://{tmp_path}/in/a.jsonl.bz2"
    data = (tmp_path / "in" / "a.jsonl.bz2").read_bytes()
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_remote_path_without_fsspec_names_the_extra(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "fsspec", None)
    monkeypatch.setitem(sys.modules, "fsspec.core", None)
    code = main(["run", "s3://bucket/data/*.jsonl.gz", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 3
    assert err == [
        "cleaner: error: s3://bucket/data/*.jsonl.gz: reading remote paths needs fsspec: "
        "pip install 'cleaner[remote]'"
    ]
