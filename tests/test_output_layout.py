"""The output folder's layout: every reader's defaults read the documents and nothing else, the
audit files are configs of their own, and outputs of the layout before ``data/`` still verify,
report and serve ``--against``, and are replaced whole by a rerun.

The corpus is made up here (random syllables and footers written for these tests).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cleaner.cli import main
from cleaner.config import Config
from cleaner.io.shards import sha256_of
from cleaner.output import names
from cleaner.output.ownership import JOURNAL, claim
from cleaner.output.verify import verify
from cleaner.run import run

SYLLABLES = "가나다라마바사아자차카타파하고노도로모보소오조초코토포호구누두루무부수우주추"
FOOTER = "무단 전재 및 재배포 금지 ⓒ 가상일보"
BYLINE = "홍길동 기자 hong@example.com"


def story(seed: int, sentences: int = 12) -> str:
    rng = random.Random(seed)
    lines = []
    for _ in range(sentences):
        words = ["".join(rng.choices(SYLLABLES, k=rng.randint(1, 4))) for _ in range(8)]
        lines.append(" ".join(words) + "다.")
    return "\n".join(lines)


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def corpus_rows() -> list[dict[str, Any]]:
    rows = [
        {"id": f"doc{i}", "url": f"https://news{i % 3}.example.kr/{i}", "text": story(i)}
        for i in range(9)
    ]
    for row in rows[::2]:
        row["text"] += f"\n{BYLINE}\n{FOOTER}"  # boilerplate for removed.parquet
    rows.append({"id": "copy", "url": "https://copy.example.kr/1", "text": rows[1]["text"]})
    rows.append({"id": "short", "url": "https://copy.example.kr/2", "text": "짧은 글"})
    return rows


def config(**dedup: Any) -> Config:
    cfg = Config()
    cfg.input.workers = 1  # in-process: no pool start-up
    cfg.output.shard_rows = 4  # several shards
    for key, value in dedup.items():
        setattr(cfg.dedup, key, value)
    return cfg


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("layout")
    inp = write_jsonl(tmp / "in" / "corpus.jsonl", corpus_rows())
    return run([str(inp)], tmp / "out", config()).out


@pytest.fixture
def out(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(built, copy)
    return copy


def documents(out: Path) -> pa.Table:
    manifest = json.loads((out / names.MANIFEST).read_text(encoding="utf-8"))
    return pa.concat_tables(pq.read_table(out / s["file"]) for s in manifest["shards"])


# --- the layout ------------------------------------------------------------------------------


def test_the_shards_are_alone_in_data_and_nothing_is_parquet_at_the_top(built: Path) -> None:
    manifest = json.loads((built / names.MANIFEST).read_text(encoding="utf-8"))
    assert [s["file"] for s in manifest["shards"]] == [
        names.shard_name(i) for i in range(len(manifest["shards"]))
    ]
    assert len(manifest["shards"]) == 3
    in_data = sorted(p.relative_to(built).as_posix() for p in (built / names.DATA_DIR).iterdir())
    assert in_data == [s["file"] for s in manifest["shards"]]
    assert not list(built.glob("*.parquet"))
    for name in (names.REMOVED, names.DUPLICATES, names.SIGNATURES):
        assert (built / name).is_file(), name


def test_duckdb_reads_the_documents_with_its_default_glob(built: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    reference = documents(built)
    glob = str(built / "data" / "*.parquet")
    assert con.execute(f"SELECT count(*) FROM '{glob}'").fetchone()[0] == reference.num_rows
    ids = [r[0] for r in con.execute(f"SELECT id FROM '{glob}'").fetchall()]
    assert sorted(ids) == sorted(reference.column("id").to_pylist())
    # the whole folder holds no Parquet file beside the shards' folder to be mixed in
    with pytest.raises(duckdb.IOException):
        con.execute(f"SELECT count(*) FROM '{built}/*.parquet'")


def test_polars_reads_the_documents_with_its_default_glob(built: Path) -> None:
    pl = pytest.importorskip("polars")
    frame = pl.read_parquet(built / "data" / "*.parquet")
    reference = documents(built)
    assert frame.columns == reference.schema.names
    assert frame["id"].to_list() == reference.column("id").to_pylist()
    assert frame["text"].to_list() == reference.column("text").to_pylist()


def test_pandas_reads_the_data_folder(built: Path) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.read_parquet(built / "data")
    reference = documents(built)
    assert list(frame.columns) == reference.schema.names
    assert frame["id"].tolist() == reference.column("id").to_pylist()
    assert frame["text"].tolist() == reference.column("text").to_pylist()


def test_datasets_loads_the_folder_and_its_audit_configs(built: Path, tmp_path: Path) -> None:
    pytest.importorskip("datasets")
    env = {
        **os.environ,
        "HF_DATASETS_OFFLINE": "1",
        "HF_HUB_OFFLINE": "1",
        "HF_HOME": str(tmp_path / "hf"),
        "HF_DATASETS_CACHE": str(tmp_path / "hf" / "datasets"),
    }
    # a fresh interpreter: datasets reads the offline switches when it is imported
    script = (
        "import json, sys\n"
        "from datasets import get_dataset_config_names, load_dataset\n"
        "folder = sys.argv[1]\n"
        "docs = load_dataset(folder, split='train')\n"
        "removed = load_dataset(folder, 'removed', split='train')\n"
        "dups = load_dataset(folder, 'duplicates', split='train')\n"
        "print(json.dumps({'configs': get_dataset_config_names(folder),"
        " 'ids': docs['id'][:], 'columns': docs.column_names,"
        " 'removed': removed['text'][:], 'dups': dups['id'][:]}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(built)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    reference = documents(built)
    assert sorted(loaded["configs"]) == ["default", "duplicates", "filtered", "removed"]
    assert loaded["columns"] == reference.schema.names
    assert loaded["ids"] == reference.column("id").to_pylist()
    removed = pq.read_table(built / names.REMOVED)
    assert loaded["removed"] == removed.column("text").to_pylist() and removed.num_rows > 0
    assert loaded["dups"] == pq.read_table(built / names.DUPLICATES).column("id").to_pylist()
    assert loaded["dups"] == ["copy"]


# --- the folder stays the tool's alone, subfolders included -----------------------------------


def test_a_subfolder_that_is_a_link_is_refused(tmp_path: Path, capsys) -> None:
    inp = write_jsonl(tmp_path / "in" / "c.jsonl", corpus_rows()[:3])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "train-00000.parquet").write_bytes(b"somebody's")
    out = tmp_path / "out"
    out.mkdir()
    (out / names.DATA_DIR).symlink_to(elsewhere, target_is_directory=True)
    assert main(["run", str(inp), "--out", str(out), "--workers", "1", "--overwrite"]) == 2
    assert "keeps its own files in this subfolder, and it is a link" in capsys.readouterr().err
    assert (elsewhere / "train-00000.parquet").read_bytes() == b"somebody's"


def test_names_read_from_a_manifest_stay_inside_the_tool_s_folders(tmp_path: Path) -> None:
    manifest = {
        "tool": "cleaner",
        "shards": [{"file": "data/train-00000.parquet"}, {"file": "data/../../escape.txt"}],
        "side_files": [
            {"file": "audit/removed.parquet", "sha256": "0" * 64},
            {"file": "photos/cat.jpg"},
            "/etc/hostname",
            "audit/sub/x.parquet",
        ],
    }
    (tmp_path / names.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    folder = claim(tmp_path)
    assert folder.owned == {names.MANIFEST, "data/train-00000.parquet", "audit/removed.parquet"}
    folder.release()


def test_a_rerun_empties_an_audit_folder_only_of_its_own_files(tmp_path: Path) -> None:
    inp = write_jsonl(tmp_path / "in" / "c.jsonl", corpus_rows())
    out = tmp_path / "out"
    run([str(inp)], out, config())
    (out / "audit" / "my-query.sql").write_text("select 1", encoding="utf-8")
    quiet = config(write_duplicates=False)
    quiet.output.write_removed = False
    quiet.output.write_filtered = False
    run([str(inp)], out, quiet)
    assert sorted(p.name for p in (out / "audit").iterdir()) == ["my-query.sql"]
    (out / "audit" / "my-query.sql").unlink()
    run([str(inp)], out, quiet)
    assert not (out / "audit").exists()  # emptied, so removed
    assert verify(out) == []


def test_the_journal_forgets_what_is_gone(tmp_path: Path) -> None:
    folder = claim(tmp_path)
    folder.record_all(["data/train-00000.parquet", "removed.parquet"])
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "train-00000.parquet").write_bytes(b"ours")
    folder.remove_stale(keep={"data/train-00000.parquet"})
    folder.release()
    journal = (tmp_path / JOURNAL).read_text(encoding="utf-8").split()
    assert journal == ["data/train-00000.parquet"]
    # a file of that old name put there later is somebody else's: the next run leaves it
    (tmp_path / "removed.parquet").write_bytes(b"a backup of mine")
    again = claim(tmp_path)
    again.remove_stale()
    again.release()
    assert (tmp_path / "removed.parquet").read_bytes() == b"a backup of mine"


# --- outputs of the layout before data/ -------------------------------------------------------


def to_legacy(out: Path) -> None:
    """Turn an output into what cleaner wrote before data/: every file at the top, the manifest
    without a layout, side files by name only, the card's data_files ``part-*.parquet``."""
    manifest = json.loads((out / names.MANIFEST).read_text(encoding="utf-8"))
    journal = []
    for index, shard in enumerate(manifest["shards"]):
        old = f"part-{index:05d}.parquet"
        (out / shard["file"]).rename(out / old)
        # shards of then had no rights columns
        table = pq.read_table(out / old).drop(["rights_reservation", "rights_reservation_line"])
        pq.write_table(table, out / old, compression="zstd")
        shard.update(file=old, sha256=sha256_of(out / old), bytes=(out / old).stat().st_size)
        journal.append(old)
    side_files = []
    for entry in manifest["side_files"]:
        if entry["file"] == names.FILTERED:  # the versions of that layout wrote none
            (out / names.FILTERED).unlink()
            continue
        old = names.LEGACY_NAMES.get(entry["file"], entry["file"])
        if old != entry["file"]:
            (out / entry["file"]).rename(out / old)
        side_files.append(old)
    for sub in names.SUBFOLDERS:
        (out / sub).rmdir()
    del manifest["layout"]
    manifest["side_files"] = side_files
    (out / names.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    card = out / names.CARD
    card.write_text(
        card.read_text(encoding="utf-8").replace(names.SHARD_GLOB, "part-*.parquet"), "utf-8"
    )
    (out / JOURNAL).write_text("\n".join([*side_files, names.MANIFEST, *journal]) + "\n")


@pytest.fixture
def legacy(out: Path) -> Path:
    to_legacy(out)
    assert sorted(p.name for p in out.glob("*.parquet")) == [
        "duplicates.parquet",
        "part-00000.parquet",
        "part-00001.parquet",
        "part-00002.parquet",
        "removed.parquet",
        "signatures.parquet",
    ]
    return out


def test_verify_reads_the_old_layout(legacy: Path, capsys) -> None:
    assert verify(legacy) == []  # its shards have the schema of then, without rights columns
    assert main(["verify", str(legacy)]) == 0
    captured = capsys.readouterr()
    assert "3 shard(s)" in captured.out
    assert "older cleaner" in captured.err and "presence only" in captured.err
    data = bytearray((legacy / "part-00001.parquet").read_bytes())
    data[len(data) // 2] ^= 1
    (legacy / "part-00001.parquet").write_bytes(bytes(data))
    (legacy / "duplicates.parquet").unlink()
    (legacy / "part-00009.parquet").write_bytes(b"stray")
    problems = verify(legacy)
    assert problems[0].startswith("part-00001.parquet: sha256")
    assert "part-00009.parquet: shard not listed in the manifest" in problems
    assert "duplicates.parquet: listed in the manifest but missing" in problems


def test_report_reads_the_old_layout(legacy: Path) -> None:
    pytest.importorskip("matplotlib")
    from cleaner.output.report import render_report

    page = render_report(legacy)
    assert "doc0" in page or "doc2" in page  # a sampled document with removals


@pytest.mark.parametrize("with_index", [True, False])
def test_against_reads_the_old_layout(legacy: Path, tmp_path: Path, with_index: bool) -> None:
    if not with_index:  # re-signed from the part-*.parquet shards
        (legacy / "signatures.parquet").unlink()
    second = [
        {"id": "again-exact", "text": story(3)},
        {"id": "again-near", "text": story(5) + "\n새로 붙은 줄 하나"},
        {"id": "fresh", "text": story(99)},
    ]
    out2 = tmp_path / "out2"
    cfg = config(against=str(legacy))
    run([str(write_jsonl(tmp_path / "two.jsonl", second))], out2, cfg)
    assert documents(out2).column("id").to_pylist() == ["fresh"]
    dups = {r["id"]: r for r in pq.read_table(out2 / names.DUPLICATES).to_pylist()}
    assert dups["again-exact"]["kept_id"] == "doc3" and dups["again-exact"]["reason"] == "exact"
    assert dups["again-near"]["kept_id"] == "doc5" and dups["again-near"]["reason"] == "near"


def test_a_rerun_replaces_the_old_layout_and_nothing_else(legacy: Path, tmp_path: Path) -> None:
    (legacy / "my-notes.md").write_text("mine", encoding="utf-8")
    (legacy / "part-00042.parquet").write_bytes(b"not listed anywhere: not ours")
    inp = write_jsonl(tmp_path / "in" / "corpus.jsonl", corpus_rows())
    assert main(["run", str(inp), "--out", str(legacy), "--workers", "1"]) == 0
    top = sorted(p.name for p in legacy.iterdir() if not p.name.startswith("."))
    assert top == [
        "README.md",
        "audit",
        "data",
        "errors.jsonl",
        "index",
        "manifest.json",
        "my-notes.md",
        "part-00042.parquet",
        "stats.json",
    ]
    assert (legacy / "part-00042.parquet").read_bytes() == b"not listed anywhere: not ours"
    assert verify(legacy) == []
    journal = (legacy / JOURNAL).read_text(encoding="utf-8").split()
    assert "removed.parquet" not in journal and "part-00000.parquet" not in journal


def test_publish_refuses_the_old_layout_in_one_sentence(legacy: Path, capsys, monkeypatch):
    monkeypatch.delenv("HF_TOKEN", raising=False)
    assert main(["publish", str(legacy), "--dataset", "someone/ko-web"]) == 1
    err = capsys.readouterr().err
    assert "older cleaner" in err and "run `cleaner run` again" in err
    assert "nothing uploaded" in err


def test_a_new_output_s_shard_without_the_rights_columns_fails_verify(out: Path) -> None:
    """The earlier schema is accepted only from outputs of the earlier layout."""
    manifest = json.loads((out / names.MANIFEST).read_text(encoding="utf-8"))
    shard = manifest["shards"][0]
    path = out / shard["file"]
    pq.write_table(
        pq.read_table(path).drop(["rights_reservation", "rights_reservation_line"]), path
    )
    shard.update(sha256=sha256_of(path), bytes=path.stat().st_size)
    (out / names.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    assert f"{shard['file']}: schema differs from the published shard schema" in verify(out)
