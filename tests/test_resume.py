"""Crash safety: ``kill -9`` a real ``cleaner run`` anywhere, ``--resume``, get the same bytes.

Kills are real SIGKILLs of a subprocess. Kill points come from watching the output folder
(after the n-th unit checkpoint, while a checkpoint or shard is half written, during stage 3,
after the manifest) plus seeded random times; no sleep hook or test-only code path exists in
the pipeline. The interrupted run is resumed (sometimes killed again) and every shard, side file
and the manifest's shard list must be byte-identical to an uninterrupted run.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

SENTENCES = [
    "서울시는 올해 하반기부터 대중교통 요금을 조정한다고 밝혔다.",
    "전문가들은 금리 인상이 가계 부채에 미칠 영향을 우려하고 있다.",
    "이번 축제에는 지난해보다 두 배 많은 관광객이 찾을 것으로 보인다.",
    "정부는 반도체 산업 지원을 위한 새로운 정책을 발표했다.",
    "시민들은 공원 확장 계획에 대해 대체로 긍정적인 반응을 보였다.",
    "연구팀은 새로운 배터리 소재가 수명을 크게 늘릴 수 있다고 설명했다.",
    "기상청은 이번 주말 전국에 강한 비가 내릴 것이라고 예보했다.",
    "학교 현장에서는 디지털 교과서 도입을 두고 의견이 엇갈린다.",
]
BOILERPLATE = ["무단 전재 및 재배포 금지", "홍길동 기자 hong@example.com", "많이 본 뉴스"]
N_FILES = 6
DOCS_PER_FILE = 70
# the corpus draws its lines from eight sentences: far too repetitive for the document filters
ARGS = ["--workers", "1", "--shard-rows", "25", "--min-chars", "50", "--no-filter"]
SIDE_FILES = (
    "audit/removed.parquet",
    "audit/filtered.parquet",
    "audit/duplicates.parquet",
    "index/signatures.parquet",
    "errors.jsonl",
)


def make_corpus(folder: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    earlier: list[dict[str, str]] = []
    for f in range(N_FILES):
        rows = []
        for d in range(DOCS_PER_FILE):
            if earlier and rng.random() < 0.08:  # exact and near duplicates across files
                copy = dict(rng.choice(earlier))
                copy["id"] = f"f{f}-d{d}"
                if rng.random() < 0.5:
                    copy["text"] += " " + rng.choice(SENTENCES)
                rows.append(copy)
                continue
            lines = [
                " ".join(rng.sample(SENTENCES, rng.randint(2, 5)))
                + f" ({f}-{d}-{rng.random():.6f})"
                for _ in range(rng.randint(2, 6))
            ]
            lines += rng.sample(BOILERPLATE, rng.randint(0, 2))
            rows.append({"id": f"f{f}-d{d}", "text": "\n".join(lines), "url": f"https://ex.kr/{d}"})
        rows.append({"id": f"f{f}-bad", "text": None})  # an error row in every file
        earlier.extend(rows[:-1])
        with (folder / f"part{f:02d}.jsonl").open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("resume") / "in"
    make_corpus(folder)
    return folder


def command(inp: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "cleaner.cli", "run", str(inp), "--out", str(out), *ARGS, *extra]


def run_to_end(inp: Path, out: Path, *extra: str) -> None:
    proc = subprocess.run(command(inp, out, *extra), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]


def fingerprint(out: Path) -> dict[str, str]:
    """sha256 of every shard and side file, plus the manifest's own shard list."""
    files = sorted(out.glob("data/train-*.parquet")) + [out / name for name in SIDE_FILES]
    result = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    manifest = json.loads((out / "manifest.json").read_text())
    result["manifest.shards"] = json.dumps(manifest["shards"], sort_keys=True)
    leftovers = [p.name for p in out.rglob("*") if p.name.endswith(".tmp") or p.name == ".work"]
    result["leftovers"] = ",".join(sorted(leftovers))
    return result


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> tuple[dict[str, str], float]:
    out = tmp_path_factory.mktemp("ref") / "out"
    started = time.monotonic()
    run_to_end(corpus, out)
    elapsed = time.monotonic() - started
    fp = fingerprint(out)
    assert sum(1 for k in fp if k.startswith("train-")) >= 10  # stage 3 takes a while
    return fp, elapsed


def kill_when(inp: Path, out: Path, condition: Callable[[], bool], timeout: float = 60.0) -> bool:
    """Start a run, SIGKILL it as soon as ``condition()`` holds. False if it finished first."""
    proc = subprocess.Popen(command(inp, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if condition():
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                return True
            time.sleep(0.002)
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _count(folder: Path, pattern: str) -> int:
    try:
        return sum(1 for _ in folder.glob(pattern))
    except OSError:
        return 0


KILL_POINTS: dict[str, Callable[[Path], Callable[[], bool]]] = {
    "after-first-checkpoint": lambda out: lambda: _count(out / ".work", "u*.json") >= 1,
    "after-half-the-checkpoints": lambda out: (
        lambda: _count(out / ".work", "u*.json") >= N_FILES // 2
    ),
    "checkpoint-half-written": lambda out: (
        lambda: _count(out / ".work", "u*.tmp") >= 1 and _count(out / ".work", "u*.json") >= 2
    ),
    "first-shard-written": lambda out: lambda: _count(out, "data/train-*.parquet") >= 1,
    "shard-half-written": lambda out: (
        lambda: (
            _count(out, "data/train-*.parquet.tmp") >= 1
            and _count(out, "data/train-*.parquet") >= 3
        )
    ),
    "after-manifest": lambda out: lambda: (out / "manifest.json").exists(),
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_kill9_then_resume_gives_identical_output(corpus, reference, tmp_path, point):
    out = tmp_path / "out"
    killed = kill_when(corpus, out, KILL_POINTS[point](out))
    # after the manifest a run only removes its work folder and exits: on a loaded machine it
    # may finish before the poll sees the file, which leaves the same state to resume from
    assert killed or point == "after-manifest", f"the run finished before the kill point {point!r}"
    done_before = {p.name: p.stat().st_mtime_ns for p in (out / ".work").glob("u*.json")}
    run_to_end(corpus, out, "--resume", "--keep-work")
    assert fingerprint(out) | {"leftovers": ""} == reference[0] | {"leftovers": ""}
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
    # finished input units were reused, not redone
    after = {p.name: p.stat().st_mtime_ns for p in (out / ".work").glob("u*.json")}
    assert all(after[name] == mtime for name, mtime in done_before.items())


def test_random_kills_and_repeated_resume(corpus, reference, tmp_path):
    """Kill at seeded random times, resume, kill the resumed run too, and resume again."""
    rng = random.Random(2024)
    _, elapsed = reference
    for attempt in range(2):
        out = tmp_path / f"out{attempt}"
        delays = [rng.uniform(0.2, elapsed) for _ in range(2)]
        for i, delay in enumerate(delays):
            started = time.monotonic()
            extra = () if i == 0 else ("--resume",)
            proc = subprocess.Popen(
                command(corpus, out, *extra), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            while proc.poll() is None and time.monotonic() - started < delay:
                time.sleep(0.005)
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        run_to_end(corpus, out, "--resume")
        assert fingerprint(out) == reference[0], (attempt, delays)


def test_resume_refuses_changed_inputs(corpus, tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    for p in sorted(corpus.glob("*.jsonl"))[:3]:
        (inp / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    assert kill_when(inp, out, lambda: _count(out / ".work", "u*.json") >= 1)
    with (inp / "part00.jsonl").open("a") as fh:
        fh.write(json.dumps({"id": "new", "text": SENTENCES[0] * 3}, ensure_ascii=False) + "\n")
    proc = subprocess.run(command(inp, out, "--resume"), capture_output=True, text=True)
    assert proc.returncode == 2
    assert "changed since the interrupted run" in proc.stderr


def test_same_shards_for_any_worker_count(corpus, reference, tmp_path):
    for workers in ("2", "3"):
        out = tmp_path / f"w{workers}"
        run_to_end(corpus, out, "--workers", workers)
        assert fingerprint(out) == reference[0], workers


def test_shards_do_not_depend_on_paths_or_cwd(corpus, reference, tmp_path):
    """The same input under another folder, run from another cwd, gives the same shard bytes."""
    moved = tmp_path / "elsewhere" / "copy"
    moved.mkdir(parents=True)
    for p in corpus.iterdir():
        (moved / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "o"
    proc = subprocess.run(
        [*command(Path("copy"), Path("../o"))],
        cwd=tmp_path / "elsewhere",
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    fp = fingerprint(out)
    ref = reference[0]
    # errors.jsonl names input files by the path given on the command line: not a shard
    assert {k: v for k, v in fp.items() if k != "errors.jsonl"} == {
        k: v for k, v in ref.items() if k != "errors.jsonl"
    }


def test_leftovers_of_a_killed_run_are_removed(corpus, tmp_path):
    """Half-written files a kill left in OUT (``*.tmp`` of names it journalled, old shards) do
    not survive a run; a file no run recorded does, whatever its name."""
    from cleaner.cli import main
    from cleaner.output.names import JOURNAL, MARKER

    inp = tmp_path / "in"
    inp.mkdir()
    first = sorted(corpus.glob("*.jsonl"))[0]
    (inp / first.name).write_bytes(first.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    (out / MARKER).write_text("{}", encoding="utf-8")
    # what a killed run had recorded before creating its files
    (out / JOURNAL).write_text(
        "data/train-00099.parquet\ndata/train-00042.parquet\nmanifest.json\n"
    )
    (out / "data").mkdir()
    for name in ("data/train-00099.parquet.tmp", "data/train-00042.parquet", "manifest.json.tmp"):
        (out / name).write_bytes(b"half")
    (out / "data" / "train-00077.parquet").write_bytes(b"not ours")
    assert main(["run", str(inp), "--out", str(out), *ARGS]) == 0
    assert sorted(p.name for p in out.rglob("*.tmp")) == []
    assert not (out / "data" / "train-00042.parquet").exists()
    assert (out / "data" / "train-00077.parquet").read_bytes() == b"not ours"
