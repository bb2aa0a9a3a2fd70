"""`cleaner verify`: every data file re-checked against the manifest; a tampered one is named."""

from __future__ import annotations

import json
import shutil

import pyarrow.parquet as pq
import pytest

from cleaner.cli import main
from cleaner.output import names
from cleaner.output.verify import verify


@pytest.fixture
def out(published, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(published, copy)  # several shards, so the bad one has to be told apart
    return copy


def flip_a_byte(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def test_untouched_output_verifies(out, capsys):
    assert len(list(out.glob("data/train-*.parquet"))) == 3
    assert verify(out) == []
    assert main(["verify", str(out)]) == 0
    captured = capsys.readouterr()
    assert "3 shard(s), 5 rows and 6 side file(s)" in captured.out
    assert captured.err == ""  # no note: this is the current layout


def test_the_manifest_checksums_every_data_file_but_the_card(out):
    manifest = json.loads((out / names.MANIFEST).read_text(encoding="utf-8"))
    side = {e["file"]: e for e in manifest["side_files"]}
    assert manifest["layout"] == names.LAYOUT
    checked = [
        names.REMOVED,
        names.FILTERED,
        names.DUPLICATES,
        names.SIGNATURES,
        names.ERRORS,
        names.STATS,
    ]
    assert sorted(side) == sorted([*checked, names.CARD])
    for name in checked:
        assert side[name]["bytes"] == (out / name).stat().st_size
        assert len(side[name]["sha256"]) == 64
    assert side[names.CARD]["sha256"] is None  # the publisher's to edit


@pytest.mark.parametrize(
    "name",
    [
        "data/train-00001.parquet",
        names.REMOVED,
        names.FILTERED,
        names.DUPLICATES,
        names.SIGNATURES,
        names.STATS,
        names.ERRORS,
    ],
)
def test_a_flipped_byte_in_any_data_file_fails_and_is_named(out, capsys, name):
    if name == names.ERRORS:  # empty for this corpus: an added line is its damage
        (out / name).write_text('{"file": "x"}\n', encoding="utf-8")
    else:
        flip_a_byte(out / name)
    assert main(["verify", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err and all(f": {name}: " in line for line in err), err
    assert any(f"{name}: sha256" in line for line in err)


def test_the_card_may_be_edited(out):
    card = out / names.CARD
    card.write_text(card.read_text(encoding="utf-8") + "\n## Notes from the publisher\n", "utf-8")
    assert verify(out) == []


def test_a_missing_side_file_is_named(out):
    (out / names.DUPLICATES).unlink()
    assert verify(out) == [f"{names.DUPLICATES}: listed in the manifest but missing"]


def test_shard_with_a_row_removed_is_named(out, capsys):
    bad = out / "data" / "train-00001.parquet"
    table = pq.read_table(bad)
    pq.write_table(table.slice(0, 1), bad)
    assert main(["verify", str(out)]) == 1
    err = capsys.readouterr().err
    assert "data/train-00001.parquet: sha256" in err
    assert "data/train-00001.parquet: 1 rows, the manifest says 2" in err
    assert "train-00000.parquet" not in err and "train-00002.parquet" not in err


def test_shard_with_same_rows_but_edited_text_fails_on_sha256(out):
    bad = out / "data" / "train-00000.parquet"
    table = pq.read_table(bad)
    texts = table.column("text").to_pylist()
    texts[0] = texts[0] + " "
    edited = table.set_column(table.schema.get_field_index("text"), "text", [texts])
    pq.write_table(edited, bad, compression="zstd")
    problems = verify(out)
    assert len(problems) == 1 and problems[0].startswith("data/train-00000.parquet: sha256")


def test_truncated_missing_and_unlisted_shards(out):
    data_dir = out / "data"
    data = (data_dir / "train-00002.parquet").read_bytes()
    (data_dir / "train-00002.parquet").write_bytes(data[: len(data) // 2])
    shutil.move(data_dir / "train-00000.parquet", data_dir / "train-00007.parquet")
    problems = "\n".join(verify(out))
    assert "data/train-00000.parquet: missing" in problems
    assert "data/train-00002.parquet: not a readable Parquet file" in problems
    assert "data/train-00007.parquet: shard not listed in the manifest" in problems


def test_missing_manifest_is_an_error(out, capsys):
    (out / "manifest.json").unlink()
    assert main(["verify", str(out)]) == 1
    assert "no manifest" in capsys.readouterr().err
