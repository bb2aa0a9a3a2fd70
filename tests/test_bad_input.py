"""Bad input is reported in OUT/errors.jsonl, never fatal, and never silently wrong.

Every case runs the real ``cleaner run`` (in-process, one worker, so that monkeypatches apply)
over a folder holding the bad input *and* a good file, then checks errors.jsonl (file, record,
reason), that every good record reached the shards, the summary counts, and the exit code.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import pathlib
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cleaner.cli import main
from cleaner.io.decoding import decode_bytes

KO = "대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다."
GOOD = [{"id": f"good-{i}", "text": f"{i}번째 좋은 문서입니다. {KO}"} for i in range(3)]
# bad input is the subject here, not document quality: the filters are off
BASE_ARGS = ["--workers", "1", "--min-chars", "1", "--no-near-dedup", "--no-filter"]


def write_jsonl(path: Path, rows: list[Any], encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


class Run:
    def __init__(self, inp: Path, out: Path, code: int, stderr: str) -> None:
        self.code = code
        self.stderr = stderr
        self.out = out
        self.stats = json.loads((out / "stats.json").read_text()) if code != 2 else {}
        errors = out / "errors.jsonl"
        self.errors = [json.loads(x) for x in errors.read_text().splitlines()] if code != 2 else []
        self.rows = (
            [
                r
                for f in sorted(out.glob("data/train-*.parquet"))
                for r in pq.read_table(f).to_pylist()
            ]
            if code != 2
            else []
        )
        self.by_id = {r["id"]: r for r in self.rows}

    def errors_for(self, name: str) -> list[dict[str, Any]]:
        return [e for e in self.errors if Path(e["file"]).name == name]

    def only_error(self, name: str) -> dict[str, Any]:
        found = self.errors_for(name)
        assert len(found) == 1, found
        return found[0]


def run(tmp_path: Path, capsys, *extra: str, inp: Path | None = None) -> Run:
    inp = inp or tmp_path / "in"
    out = tmp_path / "out"
    code = main(["run", str(inp), "--out", str(out), *BASE_ARGS, *extra])
    return Run(inp, out, code, capsys.readouterr().err)


def with_good(tmp_path: Path) -> Path:
    inp = tmp_path / "in"
    write_jsonl(inp / "good.jsonl", GOOD)
    return inp


def assert_good_kept(result: Run) -> None:
    for row in GOOD:
        assert result.by_id[row["id"]]["text"] == row["text"]


def assert_counted(result: Run) -> None:
    """The summary and stats.json count exactly the rows of errors.jsonl."""
    n_err = sum(1 for e in result.errors if e["severity"] == "error")
    n_warn = sum(1 for e in result.errors if e["severity"] == "warning")
    assert result.stats["stages"]["read"]["errors"] == n_err
    assert result.stats["stages"]["read"]["warnings"] == n_warn
    summary = next(line for line in result.stderr.splitlines() if "read errors" in line)
    assert summary.split()[2] == str(n_err) and summary.split()[4] == str(n_warn)


# --- encodings ------------------------------------------------------------------------------------


def test_invalid_utf8_is_replaced_and_reported_not_turned_into_mojibake(tmp_path, capsys):
    inp = with_good(tmp_path)
    # A stray byte in Korean UTF-8 is often valid CP949/Johab/GB18030: it must stay UTF-8.
    samples = ["맑음 날씨", "권력 서울 헌법 나온다 대한민국 대한민국 날씨 오늘 뉴스", KO]
    lines = []
    for s in samples:
        raw = bytearray(json.dumps({"text": s}, ensure_ascii=False).encode())
        at = raw.index(s.encode()) + 4
        raw[at] = 0xFF
        lines.append(bytes(raw))
    (inp / "bad.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (inp / "bad.txt").write_bytes(KO.encode()[:20] + b"\xfe\xff" + KO.encode()[20:])
    result = run(tmp_path, capsys)
    assert result.code == 0
    assert_good_kept(result)
    warnings = result.errors_for("bad.jsonl")
    assert [(w["record"], w["severity"]) for w in warnings] == [(i, "warning") for i in range(3)]
    assert all("U+FFFD" in w["reason"] for w in warnings)
    for i, s in enumerate(samples):
        text = result.by_id[f"bad.jsonl#{i}"]["text"]
        assert "\ufffd" in text
        assert text.replace("\ufffd", "") in s.replace(s[1], "") or text[-3:] == s[-3:]
    assert result.by_id["bad"]["text"].endswith(KO[-20:])
    assert "U+FFFD" in result.only_error("bad.txt")["reason"]
    assert_counted(result)


def test_decoder_keeps_corrupted_utf8_as_utf8():
    # 300 corrupted lines: before the fix, ~40 % came back as ptcp154, gb18030, cp1251 ... text.
    import random

    rng = random.Random(1)
    words = "대한민국 헌법 민주공화국 권력 국민 나온다 뉴스 기자 오늘 서울 날씨 맑음".split()
    wrong = []
    for _ in range(300):
        s = " ".join(rng.choice(words) for _ in range(rng.randint(3, 12)))
        b = bytearray(s.encode())
        b[rng.randrange(len(b))] = rng.choice([0xFF, 0xFE, 0xC0, 0xE9])
        text, encoding, _ = decode_bytes(bytes(b))
        if encoding != "utf-8":
            wrong.append((s, text, encoding))
    assert not wrong, wrong[:5]
    # a file-level hint makes even a two-syllable line safe
    b = bytearray("맑음".encode())
    b[2] = 0xFF
    assert decode_bytes(bytes(b), hint="utf-8")[1:] == ("utf-8", True)


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr"])
def test_legacy_korean_encodings_are_decoded_and_recorded(tmp_path, capsys, encoding):
    inp = with_good(tmp_path)
    legacy = [{"id": f"legacy-{i}", "text": f"{KO} {i}"} for i in range(4)]
    # 똠 and 햏 exist in CP949 only: an EUC-KR file cannot hold them
    extra = "똠방각하 햏" if encoding == "cp949" else "옛 신문"
    legacy.append({"id": "legacy-x", "text": f"{extra} {KO}"})
    write_jsonl(inp / "legacy.jsonl", legacy, encoding)
    (inp / "legacy.txt").write_bytes(f"{extra}\n파일 {KO}\n".encode(encoding))
    result = run(tmp_path, capsys)
    assert result.code == 0
    assert_good_kept(result)
    for row in legacy:
        assert result.by_id[row["id"]]["text"] == row["text"]
    assert result.by_id["legacy"]["text"] == f"{extra}\n파일 {KO}\n"
    # one row per file and encoding, not one per line
    got = [(e["record"], e["reason"], e["severity"]) for e in result.errors_for("legacy.jsonl")]
    if encoding == "euc-kr":
        assert got == [(0, "decoded as euc-kr (5 lines, the first at this record)", "warning")]
    else:  # four lines are plain EUC-KR, the one with 똠 and 햏 needs CP949
        assert got == [
            (0, "decoded as euc-kr (4 lines, the first at this record)", "warning"),
            (4, "decoded as cp949 (1 line, the first at this record)", "warning"),
        ]
    assert result.only_error("legacy.txt")["reason"] == f"decoded as {encoding}"
    assert_counted(result)


def test_utf8_bom_is_stripped(tmp_path, capsys):
    inp = with_good(tmp_path)
    (inp / "bom.jsonl").write_bytes(
        codecs.BOM_UTF8 + json.dumps({"id": "bom", "text": KO}, ensure_ascii=False).encode()
    )
    (inp / "bom2.txt").write_bytes(codecs.BOM_UTF8 + ("파일 " + KO).encode())
    result = run(tmp_path, capsys, "--strict")
    assert result.code == 0, result.errors
    assert result.errors == []
    assert result.by_id["bom"]["text"] == KO
    assert result.by_id["bom2"]["text"] == "파일 " + KO


# --- broken files and records -----------------------------------------------------------------------


def test_truncated_gzip_keeps_every_complete_record(tmp_path, capsys):
    inp = with_good(tmp_path)
    rows = [{"id": f"gz-{i}", "text": f"{i} {KO}"} for i in range(400)]
    data = gzip.compress(
        ("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n").encode()
    )
    (inp / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    result = run(tmp_path, capsys)
    assert result.code == 0
    assert_good_kept(result)
    kept = sorted(int(i.split("-")[1]) for i in result.by_id if i.startswith("gz-"))
    assert len(kept) > 50
    assert kept == list(range(len(kept)))  # a prefix, nothing skipped
    for i in kept:
        assert result.by_id[f"gz-{i}"]["text"] == rows[i]["text"]
    file_errors = [e for e in result.errors_for("cut.jsonl.gz") if e["record"] is None]
    assert len(file_errors) == 1 and "ends early" in file_errors[0]["reason"]
    # the half line at the cut, if any, is a malformed record right after the kept prefix
    for e in result.errors_for("cut.jsonl.gz"):
        assert e["record"] is None or e["record"] == len(kept)
    assert_counted(result)


def test_malformed_and_non_object_lines(tmp_path, capsys):
    inp = with_good(tmp_path)
    write_jsonl(
        inp / "mixed.jsonl",
        [
            {"id": "m0", "text": KO},
            '{"id": "m1", "text": "unterminated',
            "[1, 2, 3]",
            "[" * 100_000 + "]" * 100_000,
            '{"id": "m4", "text": "raw\ttab inside a string"}',
            "",
            "   ",
            {"id": "m7", "text": KO + " 끝"},
        ],
    )
    result = run(tmp_path, capsys)
    assert result.code == 0
    assert_good_kept(result)
    reasons = {e["record"]: e["reason"] for e in result.errors_for("mixed.jsonl")}
    assert reasons[1].startswith("malformed JSON")
    assert reasons[2] == "JSON line is a list, not an object"
    # any depth is parsed (without recursion): the line is a list like record 2
    assert reasons[3] == "JSON line is a list, not an object"
    assert sorted(reasons) == [1, 2, 3]  # blank lines are not records with errors
    assert result.by_id["m4"]["text"] == "raw\ttab inside a string"
    assert {"m0", "m7"} <= set(result.by_id)
    assert result.by_id["m7"]["record"] == 7  # record numbers are line numbers
    assert_counted(result)


def test_text_field_missing_null_number_list_empty(tmp_path, capsys):
    inp = with_good(tmp_path)
    write_jsonl(
        inp / "fields.jsonl",
        [
            {"id": "f0"},
            {"id": "f1", "text": None},
            {"id": "f2", "text": 42},
            {"id": "f3", "text": ["a", "b"]},
            {"id": "f4", "text": ""},
            {"id": "f5", "text": " \n\t \r\n  "},
            {"id": "f6", "text": "\x00\x01\u0085"},
            {"id": "f7", "text": KO},
        ],
    )
    result = run(tmp_path, capsys)
    assert result.code == 0
    assert_good_kept(result)
    got = {(e["record"], e["reason"], e["severity"]) for e in result.errors_for("fields.jsonl")}
    assert got == {
        (0, "no 'text' field", "error"),
        (1, "'text' is null, not a string", "error"),
        (2, "'text' is int, not a string", "error"),
        (3, "'text' is list, not a string", "error"),
        (4, "empty document", "error"),
        (5, "empty document", "error"),
        (6, "empty document", "error"),
    }
    assert set(result.by_id) == {g["id"] for g in GOOD} | {"f7"}
    assert_counted(result)


def test_zero_byte_file(tmp_path, capsys):
    inp = with_good(tmp_path)
    (inp / "empty.jsonl").write_bytes(b"")
    (inp / "empty.txt").write_bytes(b"")
    result = run(tmp_path, capsys)
    assert result.code == 0
    assert_good_kept(result)
    for name in ("empty.jsonl", "empty.txt"):
        e = result.only_error(name)
        assert (e["record"], e["reason"], e["severity"]) == (None, "empty file", "error")
    assert_counted(result)


def test_control_characters_surrogates_and_line_ends(tmp_path, capsys):
    inp = with_good(tmp_path)
    # JSON escapes: NUL, BEL, ESC, DEL, C1 controls, a lone surrogate, mixed line ends
    (inp / "ctl.jsonl").write_text(
        '{"id": "c0", "text": "가\\u0000나\\u0007다\\u001b라\\u007f마\\u0086바\\u009f사"}\n'
        '{"id": "c1\\ud800", "text": "앞\\ud83d뒤 \\r\\n둘\\r셋\\n넷", "tag": "\\udfff"}\n',
        encoding="utf-8",
    )
    (inp / "lines.txt").write_bytes("하나\r\n둘\r셋\n넷\r\n\r\n다섯".encode())
    result = run(tmp_path, capsys, "--no-clean")  # short lines would read as a menu
    assert result.code == 0
    assert_good_kept(result)
    assert result.by_id["c0"]["text"] == "가나다라마바사"
    row = result.by_id["c1\ufffd"]
    assert row["text"] == "앞\ufffd뒤 \n둘\n셋\n넷"
    assert json.loads(row["metadata"]) == {"tag": "\ufffd"}
    assert result.by_id["lines"]["text"] == "하나\n둘\n셋\n넷\n\n다섯"
    assert result.by_id["lines"]["n_lines"] == 6
    assert [(e["record"], e["severity"]) for e in result.errors_for("ctl.jsonl")] == [
        (1, "warning")
    ]
    assert_counted(result)


def test_html_that_trafilatura_cannot_parse(tmp_path, capsys):
    inp = with_good(tmp_path)
    (inp / "empty.html").write_text("<html></html>")
    (inp / "garbage.html").write_bytes(b"\x00\x01<<<>>>\xff\xfe" * 100)
    (inp / "xxe.htm").write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        "<html><body><p>&e;</p></body></html>"
    )
    (inp / "ok.html").write_text(f"<html><body><article><p>{KO}</p></article></body></html>")
    result = run(tmp_path, capsys)
    assert result.code == 0
    assert_good_kept(result)
    for name in ("empty.html", "garbage.html", "xxe.htm"):
        errors = [e for e in result.errors_for(name) if e["severity"] == "error"]
        assert len(errors) == 1 and errors[0]["record"] == 0, errors
        assert "no main text" in errors[0]["reason"]
    assert result.by_id["ok"]["text"] == KO
    assert "root:" not in "".join(r["text"] for r in result.rows)
    assert_counted(result)


def test_html_parser_errors_are_reported(tmp_path, capsys, monkeypatch):
    inp = with_good(tmp_path)
    (inp / "page.html").write_text(f"<p>{KO}</p>")

    def broken(html: str) -> None:
        raise ValueError("lxml: document is empty")

    monkeypatch.setattr("cleaner.io.text.html_to_text", broken)
    result = run(tmp_path, capsys)
    assert result.code == 0
    assert_good_kept(result)
    e = result.only_error("page.html")
    assert (e["record"], e["reason"]) == (0, "HTML could not be parsed: lxml: document is empty")


def test_duplicate_ids_are_kept_and_reported(tmp_path, capsys):
    inp = with_good(tmp_path)
    write_jsonl(
        inp / "a.jsonl", [{"id": "x", "text": "첫째 " + KO}, {"id": "x", "text": "둘째 " + KO}]
    )
    write_jsonl(
        inp / "b.jsonl", [{"id": "x", "text": "셋째 " + KO}, {"id": "good-0", "text": "넷"}]
    )
    result = run(tmp_path, capsys)
    assert result.code == 0
    assert sum(1 for r in result.rows if r["id"] == "x") == 3
    dups = [(Path(e["file"]).name, e["record"], e["severity"]) for e in result.errors]
    # files are read in sorted order: a.jsonl, b.jsonl, good.jsonl
    assert dups == [
        ("a.jsonl", 1, "warning"),
        ("b.jsonl", 0, "warning"),
        ("good.jsonl", 0, "warning"),
    ]
    assert sum(1 for r in result.rows if r["id"] == "good-0") == 2
    first = next(e for e in result.errors if Path(e["file"]).name == "a.jsonl")
    assert "duplicate id 'x'" in first["reason"] and "a.jsonl record 0" in first["reason"]
    assert_counted(result)


def test_parquet_with_another_schema(tmp_path, capsys):
    inp = with_good(tmp_path)
    pq.write_table(pa.table({"body": [KO], "uid": [1]}), inp / "other.parquet")
    pq.write_table(pa.table({"text": [1, 2], "id": ["n1", "n2"]}), inp / "ints.parquet")
    pq.write_table(
        pa.table({"text": [KO, None], "id": ["p1", "p2"], "lang": ["ko", "ko"]}),
        inp / "extra.parquet",
    )
    (inp / "fake.parquet").write_bytes(b"PAR1 this is not parquet PAR1")
    result = run(tmp_path, capsys)
    assert result.code == 0
    assert_good_kept(result)
    e = result.only_error("other.parquet")
    assert e["record"] is None and e["reason"] == "no 'text' column (columns: body, uid)"
    assert {(e["record"], e["reason"]) for e in result.errors_for("ints.parquet")} == {
        (0, "'text' is int, not a string"),
        (1, "'text' is int, not a string"),
    }
    assert result.only_error("extra.parquet")["record"] == 1
    assert json.loads(result.by_id["p1"]["metadata"]) == {"lang": "ko"}
    assert "not a readable Parquet file" in result.only_error("fake.parquet")["reason"]
    assert_counted(result)


# --- unreadable files -------------------------------------------------------------------------------


def test_unreadable_files(tmp_path, capsys, monkeypatch):
    """Tests run as root, so chmod 000 blocks nothing. Three honest stand-ins:

    - ``locked.jsonl`` and ``locked.txt``: ``Path.open`` raises the PermissionError the kernel
      would raise for a non-root user (patched for these two names only, in-process);
    - ``dangling.jsonl``: a symlink whose target does not exist (a real OS error);
    - ``fifo.jsonl``: a named pipe, which would block a reader forever.
    Without root, ``chmod 000`` is also applied to ``locked.*`` for a real permission error.
    """
    inp = with_good(tmp_path)
    write_jsonl(inp / "locked.jsonl", [{"text": KO}])
    (inp / "locked.txt").write_text(KO)
    os.symlink(inp / "missing.jsonl", inp / "dangling.jsonl")
    os.mkfifo(inp / "fifo.jsonl")
    real_open = pathlib.Path.open

    def guarded_open(self: Path, *args: Any, **kwargs: Any):
        if self.name.startswith("locked."):
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", guarded_open)
    if os.geteuid() != 0:
        for name in ("locked.jsonl", "locked.txt"):
            (inp / name).chmod(0)
    result = run(tmp_path, capsys)
    assert result.code == 0
    assert_good_kept(result)
    for name in ("locked.jsonl", "locked.txt"):
        e = result.only_error(name)
        assert e["record"] is None and e["reason"] == "unreadable: Permission denied", e
    assert result.only_error("dangling.jsonl")["reason"] == "unreadable: No such file or directory"
    assert result.only_error("fifo.jsonl")["reason"] == "not a regular file"
    assert_counted(result)


def test_thousands_of_tiny_files(tmp_path, capsys):
    inp = tmp_path / "in"
    n = 2000
    for i in range(n):
        sub = inp / f"d{i % 20:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"f{i:05d}.txt").write_text(f"{i}번 문서. {KO}" if i % 100 else " ")
    result = run(tmp_path, capsys)
    assert result.code == 0
    assert result.stats["stages"]["read"]["docs"] == n - n // 100
    assert len(result.rows) == n - n // 100
    assert {e["reason"] for e in result.errors} == {"empty document"}
    assert len(result.errors) == n // 100
    assert_counted(result)


# --- exit codes -------------------------------------------------------------------------------------


def test_exit_codes(tmp_path, capsys):
    inp = with_good(tmp_path)
    write_jsonl(inp / "bad.jsonl", ["{nope"])
    assert run(tmp_path, capsys).code == 0
    assert run(tmp_path, capsys, "--strict").code == 1
    # warnings alone never fail a strict run
    (inp / "bad.jsonl").write_bytes(KO.encode("cp949"))
    (inp / "bad.jsonl").rename(inp / "legacy.txt")
    strict = run(tmp_path, capsys, "--strict")
    assert strict.code == 0 and strict.errors and strict.stats["stages"]["read"]["errors"] == 0
    # nothing readable: non-zero even without --strict
    only_bad = tmp_path / "only_bad"
    write_jsonl(only_bad / "bad.jsonl", ["{nope", {"text": None}])
    (only_bad / "empty.txt").write_bytes(b"")
    result = run(tmp_path, capsys, inp=only_bad)
    assert result.code == 1
    assert "no document could be read" in result.stderr
    assert len(result.errors) == 3
    empty_dir = tmp_path / "empty_dir"
    empty_dir.mkdir()
    assert run(tmp_path, capsys, inp=empty_dir).code == 1


# --- resource limits --------------------------------------------------------------------------------


def test_max_doc_chars_truncates_or_skips(tmp_path, capsys):
    inp = with_good(tmp_path)
    long_text = "가" * 5000 + "\r\n" + "나" * 5000
    write_jsonl(inp / "long.jsonl", [{"id": "long", "text": long_text}])
    result = run(tmp_path, capsys, "--max-doc-chars", "1000")
    assert result.by_id["long"]["text"] == "가" * 1000
    e = result.only_error("long.jsonl")
    assert e["severity"] == "warning"
    assert e["reason"] == "document of 10001 characters truncated to 1000"
    assert_good_kept(result)
    result = run(tmp_path, capsys, "--max-doc-chars", "1000", "--oversized", "skip")
    assert "long" not in result.by_id
    e = result.only_error("long.jsonl")
    assert e["severity"] == "error" and "skipped" in e["reason"]
    assert_good_kept(result)
    assert result.code == 0


def _korean_paragraphs(n_bytes: int, newline: bool, sentence: str = KO + " ") -> str:
    text = sentence * (n_bytes // len(sentence.encode()) + 1)
    if newline:
        text = text.replace(". ", ".\n", len(text) // 200)  # some line structure
    return text


PEAK_RSS = """
import json, resource, sys
from cleaner.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _peak_rss_run(inp: Path, out: Path, *extra: str) -> dict[str, Any]:
    args = [
        "run",
        str(inp),
        "--out",
        str(out),
        "--workers",
        "1",
        "--min-chars",
        "1",
        "--no-filter",
        *extra,
    ]
    proc = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, *args], capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_50mb_document_and_10mb_line_memory_is_bounded(tmp_path):
    """A 50 MB JSON record and a 10 MB line without newline go through with bounded memory.

    Peak RSS is measured in a subprocess and compared with the same run over a tiny input.
    Reading holds the raw line, its decoded and its parsed copy (about 2.3x the bytes for Korean
    UTF-8); everything after the reader sees at most --max-doc-chars characters.
    """
    big = tmp_path / "big"
    big.mkdir()
    text = _korean_paragraphs(50 * 1024 * 1024, newline=True)
    with (big / "doc.jsonl").open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "big", "text": text}, ensure_ascii=False))  # no final newline
    del text
    other = " ".join(reversed(KO.split())) + " "  # not a duplicate of the first
    (big / "line.txt").write_text(_korean_paragraphs(10 * 1024 * 1024, False, other))
    small = tmp_path / "small"
    write_jsonl(small / "doc.jsonl", [{"id": "small", "text": KO}])

    cap = 200_000
    base = _peak_rss_run(small, tmp_path / "out-small", "--max-doc-chars", str(cap))
    peak = _peak_rss_run(big, tmp_path / "out-big", "--max-doc-chars", str(cap))
    assert base["code"] == 0 and peak["code"] == 0
    rows = pq.read_table(tmp_path / "out-big" / "data" / "train-00000.parquet").to_pylist()
    assert sorted(r["id"] for r in rows) == ["big", "line"]
    assert all(r["n_chars"] <= cap for r in rows)
    errors = (tmp_path / "out-big" / "errors.jsonl").read_text().splitlines()
    assert len(errors) == 2 and all("truncated to 200000" in e for e in errors)
    grown_mb = (peak["peak_kb"] - base["peak_kb"]) / 1024
    print(f"peak RSS: tiny input {base['peak_kb'] / 1024:.0f} MB, 50 MB record +{grown_mb:.0f} MB")
    assert grown_mb < 3 * 50, grown_mb


# --- safety -----------------------------------------------------------------------------------------


def test_html_reading_never_touches_the_network(tmp_path, capsys, monkeypatch):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "page.html").write_text(
        '<html><head><link rel="stylesheet" href="http://example.com/a.css">'
        '<script src="https://example.com/a.js"></script>'
        '<meta http-equiv="refresh" content="0; url=http://example.com/">'
        '<base href="http://example.com/"></head><body>'
        '<iframe src="http://example.com/frame"></iframe><img src="http://example.com/x.png">'
        f"<article><h1>제목</h1><p>{KO}</p></article></body></html>"
    )
    attempts: list[Any] = []

    def no_network(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("network access attempted during a test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a) or [])
    result = run(tmp_path, capsys, "--strict")
    assert attempts == []
    assert result.code == 0
    assert KO in result.by_id["page"]["text"]


def test_ids_and_file_names_never_become_paths(tmp_path, capsys):
    inp = tmp_path / "deep" / "in"
    out = tmp_path / "deep" / "out"
    evil = ["../../escape", "/tmp/absolute-escape", "..\\..\\win", "a/../../b", "\x00nul"]
    write_jsonl(
        inp / "..evil...jsonl", [{"id": e, "text": f"{e} {KO}"} for e in evil] + [{"text": KO}]
    )
    (inp / "..%2f..%2fx.txt").write_text("다른 " + KO)
    before = {p for p in tmp_path.rglob("*")}
    # named explicitly: a folder walk skips hidden (dot) files
    files = [str(inp / "..evil...jsonl"), str(inp / "..%2f..%2fx.txt")]
    code = main(["run", *files, "--out", str(out), *BASE_ARGS])
    capsys.readouterr()
    assert code == 0
    created = {p for p in tmp_path.rglob("*")} - before
    assert all(p == out or out in p.parents for p in created), sorted(created)
    assert not Path("/tmp/absolute-escape").exists()
    names = {p.relative_to(out).as_posix() for p in out.rglob("*")}
    assert names <= {
        "data",
        "data/train-00000.parquet",
        "manifest.json",
        "stats.json",
        "errors.jsonl",
        "audit",
        "audit/removed.parquet",
        "audit/filtered.parquet",
        "audit/duplicates.parquet",
        "index",
        "index/signatures.parquet",
        "README.md",
        # the folder's bookkeeping (cleaner/output/names.py)
        ".cleaner-output",
        ".cleaner.lock",
        ".cleaner-journal",
    }
    ids = {r["id"] for f in out.glob("data/train-*.parquet") for r in pq.read_table(f).to_pylist()}
    assert set(evil) <= ids
