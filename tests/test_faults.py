"""Fault injection: never touch what is not ours, fail with one sentence and a documented exit
code, leave no process behind, and leave a folder that ``--resume`` completes.

Every case runs the real ``cleaner run`` in a subprocess. File systems that are full or
read-only are real tmpfs mounts where the machine allows mounting (root in a sandbox that
permits it); elsewhere those cases are skipped with a message.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from test_resume import make_corpus

EXIT_USAGE, EXIT_INPUT, EXIT_OUTPUT, EXIT_INT, EXIT_TERM = 2, 3, 4, 130, 143
ARGS = ["--shard-rows", "25", "--min-chars", "50"]


def cleaner(*args: str, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cleaner.cli", *args], capture_output=True, text=True, **kw
    )


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cleaner.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def one_sentence(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("cleaner: error:")]
    assert len(errors) == 1, stderr
    return errors[0]


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def wait_for(path: Path, proc: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.01)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("faults") / "in"
    make_corpus(folder)
    return folder


# --- the folder is the tool's alone ---------------------------------------------------------------


def test_a_folder_of_other_files_is_refused_and_left_as_it_was(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "thesis"
    (out / ".work").mkdir(parents=True)
    (out / ".work" / "thesis.tex").write_text("\\section{}", encoding="utf-8")
    for name, text in [("README.md", "mine"), ("stats.json", "{}"), ("report.tmp", "x")]:
        (out / name).write_text(text, encoding="utf-8")
    (out / "part-00001.parquet").write_bytes(b"not a shard")
    before = digest(out)
    run = cleaner("run", str(corpus), "--out", str(out), *ARGS)
    assert run.returncode == EXIT_USAGE
    assert "no cleaner run" in one_sentence(run.stderr)
    assert digest(out) == before


def test_overwrite_replaces_only_the_outputs_names(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "mixed"
    out.mkdir()
    (out / "README.md").write_text("mine", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "data").mkdir()
    (out / "data" / "train-00099.parquet").write_bytes(b"mine")
    run = cleaner("run", str(corpus), "--out", str(out), *ARGS, "--overwrite")
    assert run.returncode == 0, run.stderr
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "data" / "train-00099.parquet").read_bytes() == b"mine"
    assert (out / "README.md").read_text(encoding="utf-8").startswith("---")  # the card
    # a rerun needs no --overwrite any more, and still leaves the user's files alone
    again = cleaner("run", str(corpus), "--out", str(out), *ARGS)
    assert again.returncode == 0, again.stderr
    assert (out / "notes.txt").exists() and (out / "data" / "train-00099.parquet").exists()


@pytest.mark.parametrize("where", ["same", "inside"])
def test_an_output_folder_in_the_inputs_is_refused(corpus: Path, where: str) -> None:
    out = corpus if where == "same" else corpus / "clean"
    before = digest(corpus)
    run = cleaner("run", str(corpus), "--out", str(out), *ARGS)
    assert run.returncode == EXIT_USAGE
    assert "input" in one_sentence(run.stderr)
    assert digest(corpus) == before


def test_a_rerun_removes_its_own_stale_shards_and_nothing_else(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert cleaner("run", str(corpus), "--out", str(out), "--shard-rows", "10").returncode == 0
    many = sorted(p.name for p in out.glob("data/train-*.parquet"))
    (out / "my-notes.md").write_text("mine", encoding="utf-8")
    (out / "data" / "my-notes.md").write_text("mine too", encoding="utf-8")
    run = cleaner("run", str(corpus), "--out", str(out), *ARGS)
    assert run.returncode == 0, run.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = sorted(s["file"] for s in manifest["shards"])
    assert len(listed) < len(many)
    assert sorted(f"data/{p.name}" for p in out.glob("data/train-*.parquet")) == listed
    assert (out / "my-notes.md").exists()
    assert (out / "data" / "my-notes.md").read_text(encoding="utf-8") == "mine too"
    assert cleaner("verify", str(out)).returncode == 0


def test_a_second_run_on_the_same_folder_is_refused_while_the_first_lives(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = start("run", str(corpus), "--out", str(out), *ARGS, "--workers", "1")
    wait_for(out / ".work" / "plan.json", first)
    first.send_signal(signal.SIGSTOP)
    try:
        second = cleaner("run", str(corpus), "--out", str(out), *ARGS)
    finally:
        first.send_signal(signal.SIGCONT)
    assert second.returncode == EXIT_USAGE
    assert "another cleaner run" in one_sentence(second.stderr)
    assert first.wait(timeout=300) == 0, first.communicate()
    assert cleaner("verify", str(out)).returncode == 0


def test_a_killed_runs_lock_does_not_block_the_next_run(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = start("run", str(corpus), "--out", str(out), *ARGS, "--workers", "1")
    wait_for(out / ".work" / "plan.json", first)
    first.kill()
    first.wait()
    run = cleaner("run", str(corpus), "--out", str(out), *ARGS, "--resume")
    assert run.returncode == 0, run.stderr


def test_a_reader_never_sees_a_manifest_with_shards_it_does_not_describe(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert cleaner("run", str(corpus), "--out", str(out), "--shard-rows", "7").returncode == 0
    rerun = start("run", str(corpus), "--out", str(out), *ARGS, "--workers", "1")
    mismatches = checks = 0
    while rerun.poll() is None:
        try:
            manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # withdrawn while the new output is written
        for shard in manifest["shards"]:
            checks += 1
            path = out / shard["file"]
            try:
                size = path.stat().st_size
            except OSError:
                size = -1
            if size != shard["bytes"] and (out / "manifest.json").exists():
                # only a mismatch while the manifest that lists the shard is still published
                mismatches += 1
    assert rerun.returncode == 0, rerun.communicate()
    assert checks and mismatches == 0


# --- one sentence, a documented code ------------------------------------------------------------


def test_errors_of_the_user_end_in_one_sentence(corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    cases = [
        (["run", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o1")], EXIT_INPUT),
        (["run", str(corpus), "--out", str(tmp_path / "afile")], EXIT_USAGE),
        (["run", str(corpus), "--out", "/proc/cleaner-out"], EXIT_OUTPUT),
        (["clean", str(tmp_path / "missing.txt")], EXIT_INPUT),
    ]
    for args, code in cases:
        run = cleaner(*args)
        assert run.returncode == code, (args, run.stderr)
        one_sentence(run.stderr)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "mnt"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_ends_in_one_sentence_and_resume_finishes(corpus: Path, tmpfs: Path) -> None:
    out = tmpfs / "out"
    run = cleaner("run", str(corpus), "--out", str(out), *ARGS)
    assert run.returncode == EXIT_OUTPUT, run.stderr
    assert "no space left" in one_sentence(run.stderr).lower()
    subprocess.run(["mount", "-o", "remount,size=64m", str(tmpfs)], check=True)
    again = cleaner("run", str(corpus), "--out", str(out), *ARGS, "--resume")
    assert again.returncode == 0, again.stderr
    assert cleaner("verify", str(out)).returncode == 0


def test_a_read_only_file_system_ends_in_one_sentence(corpus: Path, tmpfs: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    run = cleaner("run", str(corpus), "--out", str(tmpfs / "out"), *ARGS)
    assert run.returncode == EXIT_OUTPUT
    assert "read-only" in one_sentence(run.stderr)


# --- signals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, EXIT_INT), (signal.SIGTERM, EXIT_TERM)])
def test_a_signal_ends_the_run_with_its_code_and_no_process_left(
    corpus: Path, tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    out = tmp_path / "out"
    proc = start("run", str(corpus), "--out", str(out), *ARGS, "--workers", "2")
    wait_for(out / ".work" / "plan.json", proc)
    deadline = time.monotonic() + 30
    family: list[psutil.Process] = []
    while not family and time.monotonic() < deadline and proc.poll() is None:
        family = psutil.Process(proc.pid).children(recursive=True)
        time.sleep(0.01)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the run finished before the signal arrived")
    assert proc.returncode == code, stderr
    assert "--resume" in one_sentence(stderr)
    _, alive = psutil.wait_procs(family, timeout=10)
    assert not alive, alive
    again = cleaner("run", str(corpus), "--out", str(out), *ARGS, "--resume")
    assert again.returncode == 0, again.stderr


def test_the_exit_codes_are_written_down() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    for code in ("0", "1", "2", "3", "4", "130", "143"):
        assert f"| {code} |" in section, code


def test_no_process_is_left_after_a_normal_run(corpus: Path, tmp_path: Path) -> None:
    # the run's processes are told apart from anything else on the machine by a marker in the
    # environment that every worker inherits
    tag = f"cleaner-test-{os.getpid()}-{time.monotonic_ns()}"
    run = cleaner(
        "run",
        str(corpus),
        "--out",
        str(tmp_path / "out"),
        *ARGS,
        "--workers",
        "2",
        env={**os.environ, "CLEANER_TEST_TAG": tag},
    )
    assert run.returncode == 0, run.stderr
    time.sleep(0.5)
    leftovers = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get("CLEANER_TEST_TAG") == tag:
                leftovers.append(proc)
        except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    assert not leftovers, leftovers


def test_no_shard_row_is_ever_empty_even_with_min_chars_zero(tmp_path: Path) -> None:
    inp = tmp_path / "in.jsonl"
    rows = [
        {"id": "all-boilerplate", "text": "무단 전재 및 재배포 금지\n홍길동 기자 hong@example.com"},
        {
            "id": "story",
            "text": "시청 앞 광장에서 열린 축제에 주말 동안 많은 시민이 찾았다고 시는 밝혔다.",
        },
    ]
    inp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    out = tmp_path / "out"
    run = cleaner("run", str(inp), "--out", str(out), "--min-chars", "0")
    assert run.returncode == 0, run.stderr
    import pyarrow.parquet as pq

    texts = {
        r["id"]: r["text"]
        for f in out.glob("data/train-*.parquet")
        for r in pq.read_table(f).to_pylist()
    }
    assert set(texts) == {"story"} and all(t.strip() for t in texts.values())
