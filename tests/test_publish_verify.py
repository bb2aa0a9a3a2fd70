"""`cleaner verify`: every shard re-checked against the manifest; a tampered shard is named."""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq
import pytest

from cleaner.cli import main
from cleaner.output.verify import verify


@pytest.fixture
def out(published, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(published, copy)  # several shards, so the bad one has to be told apart
    return copy


def test_untouched_output_verifies(out, capsys):
    assert len(list(out.glob("part-*.parquet"))) == 3
    assert verify(out) == []
    assert main(["verify", str(out)]) == 0
    assert "3 shard(s), 5 rows" in capsys.readouterr().out


def test_shard_with_a_row_removed_is_named(out, capsys):
    bad = out / "part-00001.parquet"
    table = pq.read_table(bad)
    pq.write_table(table.slice(0, 1), bad)
    assert main(["verify", str(out)]) == 1
    err = capsys.readouterr().err
    assert "part-00001.parquet: sha256" in err
    assert "part-00001.parquet: 1 rows, the manifest says 2" in err
    assert "part-00000.parquet" not in err and "part-00002.parquet" not in err


def test_shard_with_same_rows_but_edited_text_fails_on_sha256(out):
    bad = out / "part-00000.parquet"
    table = pq.read_table(bad)
    texts = table.column("text").to_pylist()
    texts[0] = texts[0] + " "
    edited = table.set_column(table.schema.get_field_index("text"), "text", [texts])
    pq.write_table(edited, bad, compression="zstd")
    problems = verify(out)
    assert len(problems) == 1 and problems[0].startswith("part-00000.parquet: sha256")


def test_truncated_missing_and_unlisted_shards(out):
    data = (out / "part-00002.parquet").read_bytes()
    (out / "part-00002.parquet").write_bytes(data[: len(data) // 2])
    shutil.move(out / "part-00000.parquet", out / "part-00007.parquet")
    problems = "\n".join(verify(out))
    assert "part-00000.parquet: missing" in problems
    assert "part-00002.parquet: not a readable Parquet file" in problems
    assert "part-00007.parquet: shard not listed in the manifest" in problems


def test_missing_manifest_is_an_error(out, capsys):
    (out / "manifest.json").unlink()
    assert main(["verify", str(out)]) == 1
    assert "no manifest" in capsys.readouterr().err
