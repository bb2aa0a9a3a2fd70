"""Hostile inputs never cost a valid record (issue 11, item 2, and the README's reading promises).

Deep nesting, UTF-16/32 files, one file under many names, names that look like globs, symlink
loops, lines of hundreds of megabytes and a gzip cut mid-line: each case runs the real
``cleaner run`` (in-process, one worker) or the reader itself, and checks that every valid record
is read exactly once, with its line number, and that each problem is one row of errors.jsonl.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from cleaner.cli import main
from cleaner.io.jsonl import loads_iterative
from cleaner.io.readers import expand_inputs

KO = "대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다."
BASE_ARGS = ["--workers", "1", "--min-chars", "1", "--near-dedup", "false"]


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
            r for f in sorted(out.glob("part-*.parquet")) for r in pq.read_table(f).to_pylist()
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
