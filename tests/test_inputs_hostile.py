"""Hostile inputs never cost a valid record (issue 11, item 2, and the README's reading promises).

Deep nesting, UTF-16/32 files, one file under many names, names that look like globs, symlink
loops, lines of hundreds of megabytes and a gzip cut mid-line: each case runs the real
``cleaner run`` (in-process, one worker) or the reader itself, and checks that every valid record
is read exactly once, with its line number, and that each problem is one row of errors.jsonl.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from cleaner.cli import main
from cleaner.config import ConfigError, load_config
from cleaner.io.errors import ErrorLog
from cleaner.io.jsonl import loads_iterative, read_jsonl, split_lines
from cleaner.io.readers import expand_inputs

KO = "대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다."
BASE_ARGS = ["--workers", "1", "--min-chars", "1", "--no-near-dedup"]


def good(prefix: str, n: int = 20) -> list[dict[str, Any]]:
    # distinct texts, so that exact dedup keeps every one of them
    return [{"id": f"{prefix}-{i}", "text": f"{prefix} {i}번째 문서입니다. {KO}"} for i in range(n)]


def jsonl_bytes(rows: list[Any], encoding: str = "utf-8", newline: str = "\n") -> bytes:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    return (newline.join(lines) + newline).encode(encoding)


class Run:
    def __init__(self, out: Path, code: int) -> None:
        self.code = code
        self.errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
        self.rows = [
            r
            for f in sorted(out.glob("data/train-*.parquet"))
            for r in pq.read_table(f).to_pylist()
        ]
        self.by_id = {r["id"]: r for r in self.rows}
        self.manifest = json.loads((out / "manifest.json").read_text())


def run(inputs: list[str | Path], out: Path, *extra: str) -> Run:
    code = main(["run", *map(str, inputs), "--out", str(out), *BASE_ARGS, *extra])
    return Run(out, code)


def assert_all_read(result: Run, rows: list[dict[str, Any]], first_record: int = 0) -> None:
    for i, row in enumerate(rows):
        got = result.by_id[row["id"]]
        assert got["text"] == row["text"]
        assert got["record"] == first_record + i


# --- 1. nesting to any depth ------------------------------------------------------------------


def nested(kind: str, depth: int) -> str:
    opening, closing = {"dict": ('{"a": ', "}"), "list": ("[", "]"), "mixed": ('{"a": [', "]}")}[
        kind
    ]
    return opening * depth + "1" + closing * depth


@pytest.mark.parametrize(
    ("kind", "depth"), [("list", 600), ("dict", 600), ("mixed", 600), ("dict", 100_000)]
)
def test_deep_metadata_keeps_the_record_and_the_file(tmp_path, capsys, kind, depth):
    """Deep JSON once ended the file (lists: _encodable's recursion) or lost the record
    (json.loads). Now the line is parsed at any depth; the deep field is kept as JSON text."""
    inp = tmp_path / "in"
    inp.mkdir()
    deep_meta = nested(kind, depth)
    deep = '{"id": "deep", "text": "깊은 메타데이터. ' + KO + '", "meta": ' + deep_meta + "}"
    rows = good("after")
    (inp / "deep.jsonl").write_bytes(jsonl_bytes([deep, *rows]))
    result = run([inp], tmp_path / "out")
    assert result.code == 0
    assert_all_read(result, rows, first_record=1)
    kept = result.by_id["deep"]
    assert kept["record"] == 0 and kept["text"].startswith("깊은 메타데이터.")
    meta = json.loads(kept["metadata"])["meta"]
    assert isinstance(meta, str) and meta.replace(" ", "") == deep_meta.replace(" ", "")
    assert [(e["record"], e["severity"]) for e in result.errors] == [(0, "warning")]
    assert "'meta' nested more than 100 levels deep" in result.errors[0]["reason"]


def test_deep_json_array_file_is_read(tmp_path, capsys):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "deep.json").write_text(
        '[{"id": "x", "text": "' + KO + '", "meta": ' + nested("list", 100_000) + "}]"
    )
    result = run([inp], tmp_path / "out")
    assert result.code == 0 and set(result.by_id) == {"x"}


def test_iterative_parser_matches_json_loads():
    good_cases = [
        '{"a": [1, 2.5, -3e2, "x\\u00e9\\n", null, true, false, {}, []], "b": {"c": NaN}}',
        '{"a": 1, "a": 2}',
        '  [1, [2, [3, []]], {"k": {"l": [-0.0, 1E5, -Infinity]}}]  ',
        '"a\tb"',
        "0",
    ]
    for text in good_cases:
        assert repr(loads_iterative(text)) == repr(json.loads(text, strict=False)), text
    for text in ["{", "[1,]", '{"a" 1}', '{"a":1,}', "[1 2]", "", "tru", '{"a":1}x', "[01]"]:
        with pytest.raises(json.JSONDecodeError) as expected:
            json.loads(text, strict=False)
        with pytest.raises(json.JSONDecodeError) as got:
            loads_iterative(text)
        assert (got.value.msg, got.value.pos) == (expected.value.msg, expected.value.pos), text


# --- 2. UTF-16 and UTF-32 with a byte order mark ------------------------------------------------


# 갊 is U+AC0A and 𝄞 a surrogate pair: code units that hold 0x0A bytes and four-byte characters
UNICODE_ROWS = [{"id": f"u-{i}", "text": f"{i} 갊 𝄞 {KO}"} for i in range(20)]


@pytest.mark.parametrize(
    "encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-16-le+gz", "utf-32-be+gz"]
)
def test_utf16_and_utf32_with_a_bom(tmp_path, capsys, encoding):
    codec, _, gz = encoding.partition("+")
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }[codec]
    # a blank line and CRLF line ends: record numbers are still line numbers
    rows: list[Any] = [*UNICODE_ROWS[:5], "", *UNICODE_ROWS[5:]]
    data = bom + jsonl_bytes(rows, codec, newline="\r\n")
    inp = tmp_path / "in"
    inp.mkdir()
    name = "wide.jsonl.gz" if gz else "wide.jsonl"
    (inp / name).write_bytes(gzip.compress(data) if gz else data)
    result = run([inp], tmp_path / "out", "--strict")
    assert result.code == 0, result.errors
    assert result.errors == []
    records = {r["id"]: r["record"] for r in result.rows}
    assert records == {row["id"]: i + (i >= 5) for i, row in enumerate(UNICODE_ROWS)}
    assert all(result.by_id[r["id"]]["text"] == r["text"] for r in UNICODE_ROWS)


def test_utf16_undecodable_units_are_replaced_and_reported(tmp_path, capsys):
    inp = tmp_path / "in"
    inp.mkdir()
    lines = [json.dumps(r, ensure_ascii=False).encode("utf-16-le") for r in UNICODE_ROWS[:3]]
    # a lone high surrogate inside the second record's text
    at = lines[1].index("갊".encode("utf-16-le"))
    lines[1] = lines[1][:at] + b"\x00\xd8" + lines[1][at + 2 :]
    newline = "\n".encode("utf-16-le")
    (inp / "bad.jsonl").write_bytes(codecs.BOM_UTF16_LE + newline.join(lines) + newline)
    result = run([inp], tmp_path / "out")
    assert result.code == 0
    assert [(e["record"], e["severity"]) for e in result.errors] == [(1, "warning")]
    assert result.errors[0]["reason"] == "invalid UTF-16 replaced with U+FFFD"
    assert result.by_id["u-1"]["text"] == UNICODE_ROWS[1]["text"].replace("갊", "\ufffd")
    assert result.by_id["u-2"]["text"] == UNICODE_ROWS[2]["text"]


def test_utf16_txt_and_json_need_no_guess(tmp_path, capsys):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "note.txt").write_bytes(codecs.BOM_UTF16_BE + f"메모 {KO}".encode("utf-16-be"))
    array = json.dumps([UNICODE_ROWS[0]], ensure_ascii=False)
    (inp / "arr.json").write_bytes(codecs.BOM_UTF32_LE + array.encode("utf-32-le"))
    result = run([inp], tmp_path / "out", "--strict")
    assert result.code == 0 and result.errors == []
    assert result.by_id["note"]["text"] == f"메모 {KO}"
    assert result.by_id["u-0"]["text"] == UNICODE_ROWS[0]["text"]


# --- 3. and 4. each file once, in an order that does not depend on how it is named -------------


def test_one_file_under_many_names_is_read_once(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "p"
    folder.mkdir()
    rows = good("once", 5)
    (folder / "a.jsonl").write_bytes(jsonl_bytes(rows))
    (tmp_path / "link.jsonl").symlink_to(folder / "a.jsonl")
    os.link(folder / "a.jsonl", tmp_path / "hard.jsonl")
    monkeypatch.chdir(tmp_path)
    names = ["p/a.jsonl", str(folder / "a.jsonl"), "p", "./p/../p/a.jsonl", "link.jsonl"]
    names.append("hard.jsonl")
    assert expand_inputs(names) == [Path("hard.jsonl")]  # the name whose absolute path sorts first
    assert expand_inputs(names[:4]) == [Path("p/a.jsonl")]
    result = run(names[:5], tmp_path / "out", "--strict")
    assert result.code == 0 and result.errors == []  # no duplicate-id warnings
    assert len(result.rows) == 5
    assert_all_read(result, rows)
    # read under the symlink's name: its absolute path sorts before p/a.jsonl's
    assert [f["file"] for f in result.manifest["inputs"]] == ["link.jsonl"]
    assert {r["source"] for r in result.rows} == {"link.jsonl"}


def test_order_does_not_depend_on_the_working_directory(tmp_path, capsys, monkeypatch):
    """Shard order and the kept member of a duplicate pair, from two working directories and
    with the arguments reversed: files are taken in the order of their absolute paths."""
    (tmp_path / "p").mkdir()
    (tmp_path / "q").mkdir()
    same = f"두 파일에 같은 기사. {KO}"
    (tmp_path / "p" / "a.jsonl").write_bytes(
        jsonl_bytes([{"id": "pa", "text": same}, *good("pa", 3)])
    )
    (tmp_path / "q" / "b.jsonl").write_bytes(
        jsonl_bytes([{"id": "qb", "text": same}, *good("qb", 3)])
    )
    outcomes = []
    for cwd, args in [
        (tmp_path, ["p/a.jsonl", "q/b.jsonl"]),
        (tmp_path / "p", ["a.jsonl", "../q/b.jsonl"]),
        (tmp_path / "q", ["b.jsonl", "../p/a.jsonl"]),
        (tmp_path / "p", [str(tmp_path / "q"), "."]),
    ]:
        monkeypatch.chdir(cwd)
        result = run(args, tmp_path / f"out{len(outcomes)}", "--keep", "first")
        assert result.code == 0
        outcomes.append([r["id"] for r in result.rows])
    assert outcomes[0][:5] == ["pa", "pa-0", "pa-1", "pa-2", "qb-0"]
    assert all(ids == outcomes[0] for ids in outcomes), outcomes


# --- 5. an existing file is never a glob ---------------------------------------------------------


def test_a_name_that_looks_like_a_glob_is_a_file_when_it_exists(tmp_path, capsys):
    bracket = tmp_path / "기사 [1].jsonl"
    bracket.write_bytes(jsonl_bytes(good("bracket", 2)))
    # what the name would match as a glob: it must not be read instead
    (tmp_path / "기사 1.jsonl").write_bytes(jsonl_bytes(good("decoy", 2)))
    star = tmp_path / "*.jsonl"
    star.write_bytes(jsonl_bytes(good("star", 2)))
    assert expand_inputs([str(bracket)]) == [bracket]
    assert expand_inputs([str(star)]) == [star]
    # a name that does not exist is still a glob
    assert [p.name for p in expand_inputs([str(tmp_path / "기사 [0-9].jsonl")])] == ["기사 1.jsonl"]
    result = run([bracket], tmp_path / "out", "--strict")
    assert result.code == 0 and sorted(result.by_id) == ["bracket-0", "bracket-1"]


# --- 6. symlink loops end ------------------------------------------------------------------------


LIST_INPUTS = """
import json, sys
from pathlib import Path
from cleaner.io.readers import expand_inputs
print(json.dumps([Path(p).as_posix() for p in expand_inputs(sys.argv[1:])]))
"""


def expand_in_child(cwd: Path, *inputs: str) -> list[str]:
    """expand_inputs in a child process, so that a walk that never ends fails the test."""
    proc = subprocess.run(
        [sys.executable, "-c", LIST_INPUTS, *inputs],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(proc.stdout)


def test_globs_and_walks_end_on_symlink_loops(tmp_path):
    top = tmp_path / "loopdir"
    (top / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    for path in (top / "a.jsonl", top / "sub" / "b.jsonl", tmp_path / "other" / "c.jsonl"):
        path.write_bytes(jsonl_bytes(good(path.stem, 1)))
    # loops into the folder itself, its parent, a sibling branch, twice per level (a glob that
    # follows them branches exponentially); and one symlink to a folder outside, which is read
    (top / "sub" / "back").symlink_to(top)
    (top / "sub" / "deeper" / "up").symlink_to(top / "sub")
    (top / "sub" / "deeper" / "again").symlink_to("../..")
    (top / "sub" / "self").symlink_to(".")
    (top / "parent").symlink_to(tmp_path)
    (top / "root").symlink_to("/")
    (top / "linked").symlink_to(tmp_path / "other")
    (tmp_path / "other" / "round").symlink_to(top)
    expected = ["loopdir/a.jsonl", "loopdir/linked/c.jsonl", "loopdir/sub/b.jsonl"]
    assert expand_in_child(tmp_path, "loopdir/**/*.jsonl") == expected
    assert expand_in_child(tmp_path, "loopdir") == expected
    assert expand_in_child(tmp_path, "loopdir/*/*.jsonl") == expected[1:]
    assert expand_in_child(tmp_path, "loopdir/**") == expected


# --- 7. an overlong line is skipped as it streams --------------------------------------------------


def test_split_lines_limit_is_exact():
    chunks = [b"ab", b"c\nabcd", b"\n\nxyz", b"w"]
    assert list(split_lines(chunks, b"\n", 3)) == [b"abc", None, b"", None]
    assert list(split_lines(chunks, b"\n", 4)) == [b"abc", b"abcd", b"", b"xyzw"]
    assert list(split_lines(["a\nb\n"], "\n", 1)) == ["a", "b"]


def test_overlong_line_is_a_record_error_and_the_rest_is_read(tmp_path, capsys):
    inp = tmp_path / "in"
    inp.mkdir()
    before, after = good("before", 1), good("after")
    huge = json.dumps({"id": "huge", "text": "가" * 2_000_000}, ensure_ascii=False)  # 6 MB
    with gzip.open(inp / "bomb.jsonl.gz", "wb", compresslevel=1) as fh:
        fh.write(jsonl_bytes([*before, huge, *after]))
    config = tmp_path / "limit.toml"
    config.write_text("[input]\nmax_line_bytes = 1000000\n")
    result = run([inp], tmp_path / "out", "--config", str(config))
    assert result.code == 0
    assert_all_read(result, before)
    assert_all_read(result, after, first_record=2)
    assert "huge" not in result.by_id
    [error] = result.errors
    assert Path(error["file"]).name == "bomb.jsonl.gz" and error["record"] == 1
    assert error["reason"] == "line longer than 1,000,000 bytes skipped (--max-line-bytes)"
    # the flag overrides the file; a limit above the line reads it
    result = run([inp], tmp_path / "out2", "--config", str(config), "--max-line-bytes", "7000000")
    assert "huge" in result.by_id and result.errors == []
    with pytest.raises(ConfigError, match="max_line_bytes"):
        load_config(None, {("input", "max_line_bytes"): "0"})


PEAK_READ = """
import json, sys, tracemalloc
from pathlib import Path
from cleaner.io.errors import ErrorLog
from cleaner.io.jsonl import read_jsonl
tracemalloc.start()
errors = ErrorLog()
ids = [obj["id"] for _, obj in read_jsonl(Path(sys.argv[1]), errors, int(sys.argv[2]))]
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"ids": ids, "errors": [str(e) for e in errors.items], "peak": peak}))
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le"])
def test_gzip_bomb_line_is_rejected_in_bounded_memory(tmp_path, encoding):
    """A small gzip inflating to one 128 MB line: peak allocation stays near the limit."""
    line_mb, limit = 128, 1024 * 1024
    path = tmp_path / "bomb.jsonl.gz"
    unit = "x".encode(encoding)
    bom = codecs.BOM_UTF16_LE if encoding != "utf-8" else b""
    with gzip.open(path, "wb", compresslevel=6) as fh:
        fh.write(bom + '{"id": "first", "text": "앞"}\n{"text": "'.encode(encoding))
        block = unit * (1024 * 1024 // len(unit))
        for _ in range(line_mb):
            fh.write(block)
        fh.write('"}\n{"id": "last", "text": "뒤"}\n'.encode(encoding))
    assert path.stat().st_size < line_mb * 1024 * 1024 / 100
    proc = subprocess.run(
        [sys.executable, "-c", PEAK_READ, str(path), str(limit)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    got = json.loads(proc.stdout)
    assert got["ids"] == ["first", "last"]
    assert len(got["errors"]) == 1 and "record 1: line longer than" in got["errors"][0]
    assert got["peak"] < 8 * limit, got["peak"]  # the line is 128 times the limit


# --- 8. the half line at a gzip's cut ------------------------------------------------------------------


def test_truncated_gzip_half_line_is_malformed_json(tmp_path, capsys):
    rows = good("gz", 400)
    data = gzip.compress(jsonl_bytes(rows))
    # a cut whose readable prefix ends inside a line, not at a newline
    for cut in range(len(data) // 2, len(data)):
        readable = zlib.decompressobj(31).decompress(data[:cut])
        if readable and not readable.endswith(b"\n"):
            break
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "cut.jsonl.gz").write_bytes(data[:cut])
    result = run([inp], tmp_path / "out")
    assert result.code == 0
    n_complete = readable.count(b"\n")
    assert_all_read(result, rows[:n_complete])
    assert len(result.rows) == n_complete
    half, file_error = result.errors
    assert half["record"] == n_complete and half["reason"].startswith("malformed JSON")
    assert file_error["record"] is None and "ends early" in file_error["reason"]


def test_unreadable_after_the_bom_sniff_is_one_file_error(tmp_path, capsys):
    """A .gz that is not gzip: the reader (not the BOM sniff) reports it, once."""
    path = tmp_path / "fake.jsonl.gz"
    path.write_bytes(b"not gzip at all\n")
    errors = ErrorLog()
    assert list(read_jsonl(path, errors)) == []
    assert [(e.record, e.reason.split(":")[0]) for e in errors.items] == [(None, "unreadable")]
