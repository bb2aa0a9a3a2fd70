"""The output folder is the tool's alone: what a run may claim, lock and delete."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.output.ownership import (
    JOURNAL,
    MANIFEST,
    OutputRefused,
    check_placement,
    claim,
    is_cleaner_output,
)


def test_a_new_or_empty_folder_is_claimed_and_marked(tmp_path: Path) -> None:
    folder = claim(tmp_path / "new" / "out")
    assert is_cleaner_output(folder.path)
    folder.release()
    empty = tmp_path / "empty"
    empty.mkdir()
    claim(empty).release()
    assert is_cleaner_output(empty)


def test_a_folder_of_somebody_elses_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("my thesis notes", encoding="utf-8")
    (tmp_path / "part-00001.parquet").write_bytes(b"mine")
    with pytest.raises(OutputRefused, match="no cleaner run wrote"):
        claim(tmp_path)
    assert not is_cleaner_output(tmp_path)


def test_overwrite_allows_it_but_nothing_foreign_is_ever_stale(tmp_path: Path) -> None:
    (tmp_path / "part-00001.parquet").write_bytes(b"mine")
    (tmp_path / "report.tmp").write_text("mine", encoding="utf-8")
    folder = claim(tmp_path, overwrite=True)
    assert folder.owned == set()
    assert folder.remove_stale() == []
    assert (tmp_path / "part-00001.parquet").read_bytes() == b"mine"
    assert (tmp_path / "report.tmp").exists()
    folder.release()


def test_a_foreign_work_folder_is_refused_even_with_overwrite(tmp_path: Path) -> None:
    (tmp_path / ".work").mkdir()
    (tmp_path / ".work" / "thesis.tex").write_text("x", encoding="utf-8")
    with pytest.raises(OutputRefused, match=r"\.work"):
        claim(tmp_path, overwrite=True)


def test_an_existing_file_as_out_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(OutputRefused, match="existing file"):
        claim(target)


def test_only_names_of_earlier_runs_are_stale(tmp_path: Path) -> None:
    manifest = {
        "tool": "cleaner",
        "shards": [{"file": "part-00000.parquet"}, {"file": "part-00001.parquet"}],
        "side_files": ["stats.json", "../escape.txt"],
    }
    (tmp_path / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    for name in ("part-00000.parquet", "part-00001.parquet", "part-00002.parquet", "stats.json"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "part-00000.parquet.tmp").write_bytes(b"half")
    (tmp_path / "notes.txt").write_text("user's", encoding="utf-8")
    (tmp_path.parent / "escape.txt").write_text("outside", encoding="utf-8")
    folder = claim(tmp_path)
    assert folder.owned == {MANIFEST, "part-00000.parquet", "part-00001.parquet", "stats.json"}
    removed = folder.remove_stale(keep={"part-00000.parquet", "stats.json", MANIFEST})
    assert sorted(removed) == ["part-00000.parquet.tmp", "part-00001.parquet"]
    # not listed by any run: a user's file, or a shard name no run of ours recorded
    assert (tmp_path / "part-00002.parquet").exists() and (tmp_path / "notes.txt").exists()
    assert (tmp_path.parent / "escape.txt").exists()
    folder.release()


def test_the_journal_names_what_a_killed_run_created(tmp_path: Path) -> None:
    folder = claim(tmp_path)
    folder.record("part-00000.parquet")
    (tmp_path / "part-00000.parquet.tmp").write_bytes(b"half")
    folder.release()  # killed here: no manifest was written
    again = claim(tmp_path)
    assert "part-00000.parquet" in again.owned
    assert again.remove_stale() == ["part-00000.parquet.tmp"]
    assert (tmp_path / JOURNAL).exists()
    again.release()


def test_a_second_claim_is_refused_while_the_first_lives(tmp_path: Path) -> None:
    first = claim(tmp_path)
    holder = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from cleaner.output.ownership import claim; claim(__import__('pathlib').Path({str(tmp_path)!r}))",
        ],
        capture_output=True,
        text=True,
    )
    assert holder.returncode != 0 and "another cleaner run" in holder.stderr
    first.release()
    claim(tmp_path).release()


def test_a_killed_runs_lock_is_taken_over(tmp_path: Path) -> None:
    code = (
        "import os, pathlib; from cleaner.output.ownership import claim; "
        f"claim(pathlib.Path({str(tmp_path)!r})); os.kill(os.getpid(), 9)"
    )
    subprocess.run([sys.executable, "-c", code], check=False)
    claim(tmp_path).release()


@pytest.mark.parametrize(
    ("out", "inputs"),
    [
        ("data", ["data"]),  # the input folder itself
        ("data/clean", ["data"]),  # inside an input folder: a rerun would read its own shards
        ("data", ["data/a.jsonl"]),  # next to an input file
        ("data", ["data/raw"]),  # containing an input folder
    ],
)
def test_an_output_folder_mixed_with_inputs_is_refused(
    tmp_path: Path, out: str, inputs: list[str]
) -> None:
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "a.jsonl").write_text("{}\n", encoding="utf-8")
    with pytest.raises(OutputRefused):
        check_placement(tmp_path / out, [tmp_path / i for i in inputs])


def test_an_output_folder_beside_the_inputs_is_fine(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.jsonl").write_text("{}\n", encoding="utf-8")
    check_placement(tmp_path / "out", [tmp_path / "data"])
    check_placement(tmp_path / "data" / "clean", [tmp_path / "data" / "a.jsonl"])
