"""`cleaner publish`: a dry run without HF_TOKEN that validates the card; an upload with one."""

from __future__ import annotations

import os
import shutil
import sys
import types

import pyarrow.parquet as pq
import pytest

from cleaner.cli import main
from cleaner.output.names import SIGNATURES
from cleaner.output.publish import upload_plan, validate_card


@pytest.fixture
def out(published, tmp_path, monkeypatch):
    monkeypatch.delenv("HF_TOKEN", raising=False)
    copy = tmp_path / "out"
    shutil.copytree(published, copy)
    return copy


def _dry_run_listing(printed: str) -> list[str]:
    """The file names a dry run lists: the lines between its first and its last line."""
    lines = printed.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("dry run"))
    return [line.split()[-1] for line in lines[start + 1 : -1]]


def test_dry_run_lists_every_file_and_validates(out, capsys):
    (out / ".work").mkdir()
    (out / ".work" / "u000000.json").write_text("{}")
    (out / "stats.json.tmp").write_text("{}")
    assert validate_card(out) == []
    assert main(["publish", str(out), "--dataset", "someone/ko-web"]) == 0
    printed = capsys.readouterr().out
    assert "dry run (no HF_TOKEN in the environment)" in printed
    assert "datasets/someone/ko-web (naming it in the card's load example)" in printed
    assert "<user>/<dataset>" in (out / "README.md").read_text(encoding="utf-8")  # dry: untouched
    expected = [
        "README.md",
        "audit/duplicates.parquet",
        "audit/filtered.parquet",
        "audit/removed.parquet",
        "data/train-00000.parquet",
        "data/train-00001.parquet",
        "data/train-00002.parquet",
        "errors.jsonl",
        "manifest.json",
        "stats.json",
    ]
    assert _dry_run_listing(printed) == expected == [name for name, _ in upload_plan(out)]
    # the signature index stays home unless asked for
    assert f"note: {SIGNATURES} is left out; --with-signatures uploads it too" in printed


def test_with_signatures_uploads_the_index_too(out, capsys):
    argv = ["publish", str(out), "--dataset", "someone/ko-web", "--with-signatures"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert SIGNATURES in _dry_run_listing(printed)
    assert "left out" not in printed
    assert SIGNATURES in [name for name, _ in upload_plan(out, with_signatures=True)]


def test_card_whose_data_files_miss_the_shards_fails(out, capsys):
    card = out / "README.md"
    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("data/train-*", "part-*"), "utf-8")
    assert main(["publish", str(out), "--dataset", "someone/ko-web"]) == 1
    err = capsys.readouterr().err
    assert "data_files of config 'default' match no file" in err
    assert "nothing uploaded" in err


def test_card_whose_configs_name_other_files_fails(out, capsys):
    card = out / "README.md"
    text = card.read_text(encoding="utf-8")
    (out / "audit" / "notes.parquet").write_bytes(b"the publisher's")
    card.write_text(text.replace('"audit/removed.parquet"', '"audit/*.parquet"'), "utf-8")
    assert any("which the manifest does not list" in p for p in validate_card(out))
    # a config over the signature index needs the index uploaded
    (out / "audit" / "notes.parquet").unlink()
    card.write_text(text.replace('"audit/removed.parquet"', f'"{SIGNATURES}"'), "utf-8")
    assert validate_card(out) == []
    assert main(["publish", str(out), "--dataset", "someone/ko-web"]) == 1
    assert "which would not be uploaded" in capsys.readouterr().err
    argv = ["publish", str(out), "--dataset", "someone/ko-web", "--with-signatures"]
    assert main(argv) == 0


def test_card_with_broken_yaml_or_no_header_fails(out):
    card = out / "README.md"
    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("language:\n- ko", "language: [ko"), "utf-8")
    assert any("README.md:" in p for p in validate_card(out))
    card.write_text(text.split("\n---\n", 1)[1], "utf-8")
    assert validate_card(out) == ["README.md: no YAML header between --- lines at the top"]


def test_tampered_shard_or_bad_name_blocks_publishing(out, capsys):
    assert main(["publish", str(out), "--dataset", "not a name"]) == 1
    assert "not of the form user/name" in capsys.readouterr().err
    table = pq.read_table(out / "data" / "train-00000.parquet")
    pq.write_table(table.slice(1), out / "data" / "train-00000.parquet")
    assert main(["publish", str(out), "--dataset", "someone/ko-web", "--dry-run"]) == 1
    assert "data/train-00000.parquet: sha256" in capsys.readouterr().err


def test_with_token_uploads_exactly_the_planned_files(out, monkeypatch, capsys):
    calls: list[tuple[str, dict]] = []

    class FakeApi:
        def __init__(self, token: str) -> None:
            calls.append(("init", {"token": token}))

        def create_repo(self, repo_id: str, **kwargs) -> None:
            calls.append(("create_repo", {"repo_id": repo_id, **kwargs}))

        def upload_folder(self, **kwargs) -> types.SimpleNamespace:
            calls.append(("upload_folder", kwargs))
            return types.SimpleNamespace(commit_url="https://example.invalid/commit/1")

    # no network in tests: the Hub client is replaced, the command's use of it is what is tested
    monkeypatch.setitem(sys.modules, "huggingface_hub", types.SimpleNamespace(HfApi=FakeApi))
    monkeypatch.setenv("HF_TOKEN", "hf_test")
    assert main(["publish", str(out), "--dataset", "someone/ko-web", "--private"]) == 0
    assert [c[0] for c in calls] == ["init", "create_repo", "upload_folder"]
    # the uploaded card names the dataset it loads from
    card = (out / "README.md").read_text(encoding="utf-8")
    assert 'load_dataset("someone/ko-web", split="train")' in card
    assert calls[0][1] == {"token": "hf_test"}
    assert calls[1][1] == {
        "repo_id": "someone/ko-web",
        "repo_type": "dataset",
        "private": True,
        "exist_ok": True,
    }
    upload = calls[2][1]
    assert upload["repo_id"] == "someone/ko-web" and upload["repo_type"] == "dataset"
    assert upload["allow_patterns"] == [name for name, _ in upload_plan(out)]
    assert f"uploaded {len(upload_plan(out))} files" in capsys.readouterr().out
    # --dry-run wins over a token
    calls.clear()
    assert main(["publish", str(out), "--dataset", "someone/ko-web", "--dry-run"]) == 0
    assert calls == []


def test_report_from_an_earlier_run_is_left_out(out, capsys):
    report = out / "report.html"
    report.write_text("<html></html>", encoding="utf-8")
    assert "report.html" in [name for name, _ in upload_plan(out)]
    manifest = out / "manifest.json"
    os.utime(report, ns=(manifest.stat().st_mtime_ns - 10**9,) * 2)
    assert "report.html" not in [name for name, _ in upload_plan(out)]
    assert main(["publish", str(out), "--dataset", "someone/ko-web"]) == 0
    assert "report.html is older than the run" in capsys.readouterr().out
