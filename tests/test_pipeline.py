"""End to end: ``cleaner run`` over a copy of samples/, as a user runs it, and what it leaves behind."""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cleaner.config import OPTIONS
from cleaner.io.shards import SHARD_SCHEMA

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
N_SAMPLE_DOCS = 42 + 4 + 1 + 1  # corpus.jsonl, export.parquet, note.txt, page.html
RULES = (
    "board_table",
    "byline",
    "chrome",
    "copyright",
    "credit",
    "nav_menu",
    "related_links",
    "tipline",
)
# clusters of the samples: (the members, the ones that must go)
EXACT = {"news-004", "mirror-004"}
WIRE_1 = {"wire-001a", "wire-001b"}
WIRE_2 = {"wire-002a", "wire-002b", "<urn:uuid:dcb513ce-0259-5dca-bf10-e1a93483b822>"}


def cleaner_command() -> list[str]:
    script = Path(sys.executable).with_name("cleaner")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cleaner.cli"]


def run_cleaner(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*cleaner_command(), *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A fresh folder holding a copy of samples/, so that runs never write into the checkout."""
    root = tmp_path_factory.mktemp("e2e")
    shutil.copytree(SAMPLES, root / "samples")
    return root


@pytest.fixture(scope="module")
def sample_run(workdir):
    """What `make run` does, from the temporary folder."""
    proc = run_cleaner(
        workdir, "run", "samples/", "--out", "out", "--config", "samples/cleaner.toml"
    )
    assert proc.returncode == 0, proc.stderr
    out = workdir / "out"
    return {
        "out": out,
        "stderr": proc.stderr,
        "manifest": json.loads((out / "manifest.json").read_text(encoding="utf-8")),
        "stats": json.loads((out / "stats.json").read_text(encoding="utf-8")),
    }


def read_shards(out: Path) -> list[dict]:
    rows = []
    for path in sorted(out.glob("data/train-*.parquet")):
        rows.extend(pq.read_table(path).to_pylist())
    return rows


def by_id(out: Path) -> dict[str, dict]:
    return {row["id"]: row for row in read_shards(out)}


# --- the output folder --------------------------------------------------------------------------


def test_output_folder_has_every_file(sample_run):
    names = {p.relative_to(sample_run["out"]).as_posix() for p in sample_run["out"].rglob("*")}
    expected = {"manifest.json", "stats.json", "audit/removed.parquet", "audit/duplicates.parquet"}
    assert expected | {"errors.jsonl"} <= names
    assert ".work" not in names  # checkpoints are gone after a successful run
    assert not [n for n in names if n.endswith(".tmp")]
    assert (sample_run["out"] / "errors.jsonl").read_text(encoding="utf-8") == ""


def test_shards_match_the_manifest(sample_run):
    out, manifest = sample_run["out"], sample_run["manifest"]
    listed = [s["file"] for s in manifest["shards"]]
    assert listed == sorted(p.relative_to(out).as_posix() for p in out.glob("data/*"))
    assert listed == [f"data/train-{i:05d}.parquet" for i in range(len(listed))]
    for shard in manifest["shards"]:
        path = out / shard["file"]
        table = pq.read_table(path)
        assert table.schema.equals(SHARD_SCHEMA, check_metadata=False), table.schema
        assert table.num_rows == shard["rows"]
        assert path.stat().st_size == shard["bytes"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == shard["sha256"]
    assert manifest["rows"] == sum(s["rows"] for s in manifest["shards"])
    assert manifest["rows"] == sample_run["stats"]["stages"]["write"]["docs"]
    # the config file was honoured: 20 rows per shard
    assert manifest["config"]["output"]["shard_rows"] == 20
    assert all(s["rows"] <= 20 for s in manifest["shards"])
    inputs = {Path(i["file"]).name: i for i in manifest["inputs"]}
    assert set(inputs) == {"corpus.jsonl", "export.parquet", "note.txt", "page.html"}
    corpus = sample_run["out"].parent / "samples" / "corpus.jsonl"
    assert inputs["corpus.jsonl"]["sha256"] == hashlib.sha256(corpus.read_bytes()).hexdigest()
    assert manifest["command"].startswith("cleaner run samples/")


def test_shard_rows_are_well_formed(sample_run):
    rows = read_shards(sample_run["out"])
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        assert row["n_chars"] == len(row["text"]) >= 100  # min_chars = 100
        assert row["n_lines"] == row["text"].count("\n") + 1
        assert row["removed_rules"] == sorted({r["rule"] for r in row["removals"]})
        assert row["removed_lines"] == sum(
            r["last_line"] - r["first_line"] + 1 for r in row["removals"]
        )
        assert row["removed_chars"] == sum(len(r["text"]) for r in row["removals"])
        for span in row["removals"]:
            assert span["text"] not in row["text"] or len(span["text"]) < 10
    # inputs are written in input order: files sorted, records in file order
    assert ids[:2] == ["seed-000", "bc-001"]
    assert rows[-1]["source"] == "page.html"


def test_stats_count_every_rule(sample_run):
    stats = sample_run["stats"]
    stages = stats["stages"]
    assert stages["read"] == {
        "docs": N_SAMPLE_DOCS,
        "chars": stages["read"]["chars"],
        "errors": 0,
        "warnings": 0,
    }
    assert stages["write"]["docs"] == (
        N_SAMPLE_DOCS
        - stages["filter"]["docs_removed"]
        - stages["exact_dedup"]["docs_removed"]
        - stages["near_dedup"]["docs_removed"]
    )
    assert stages["exact_dedup"]["docs_removed"] == 1
    assert stages["near_dedup"]["docs_removed"] == 3
    assert stages["filter"]["docs_removed"] >= 1  # chrome-001 is nothing but a login form
    assert stages["clean"]["chars_removed"] > 0
    # the samples exercise every boilerplate kind
    for rule in RULES:
        assert stats["rules"][rule]["docs"] > 0, rule
        assert stats["rules"][rule]["lines"] > 0, rule
    # and stats.json agrees with removed.parquet span by span
    docs, lines, chars = defaultdict(set), Counter(), Counter()
    for span in pq.read_table(sample_run["out"] / "audit" / "removed.parquet").to_pylist():
        docs[span["rule"]].add(span["id"])
        lines[span["rule"]] += span["last_line"] - span["first_line"] + 1
        chars[span["rule"]] += len(span["text"])
    for rule, counts in stats["rules"].items():
        if rule == "min_chars":
            assert counts["docs"] == stages["filter"]["docs_removed"]
            continue
        assert counts == {"docs": len(docs[rule]), "lines": lines[rule], "chars": chars[rule]}
    assert stats["lengths"]["after"]["docs"] == stages["write"]["docs"]


def test_summary_is_printed(sample_run):
    text = sample_run["stderr"]
    stages = sample_run["stats"]["stages"]
    summary = text[text.index("cleaner: out") :]
    for label, value in (
        ("documents in", stages["read"]["docs"]),
        ("too short", stages["filter"]["docs_removed"]),
        ("exact duplicates", stages["exact_dedup"]["docs_removed"]),
        ("near duplicates", stages["near_dedup"]["docs_removed"]),
        ("documents out", stages["write"]["docs"]),
    ):
        line = next(line for line in summary.splitlines() if line.strip().startswith(label))
        assert line.split()[len(label.split())] == str(value), line
    assert f"in {stages['write']['shards']} shard(s)" in summary
    for rule in RULES:
        assert any(line.split()[:1] == [rule] for line in summary.splitlines()), rule


# --- duplicates ---------------------------------------------------------------------------------


def test_exact_and_near_duplicates_are_removed(sample_run):
    out = sample_run["out"]
    kept = by_id(out)
    dups = {r["id"]: r for r in pq.read_table(out / "audit" / "duplicates.parquet").to_pylist()}
    for members, reason in ((EXACT, "exact"), (WIRE_1, "near"), (WIRE_2, "near")):
        survivors = members & kept.keys()
        assert len(survivors) == 1, (members, survivors)
        (survivor,) = survivors
        assert kept[survivor]["dup_cluster"] == survivor
        assert kept[survivor]["dup_cluster_size"] == len(members)
        for gone in members - survivors:
            assert dups[gone]["kept_id"] == survivor
            assert dups[gone]["reason"] == reason
            if reason == "exact":
                assert dups[gone]["similarity"] == 1.0
            else:
                # clusters are single-linkage (union-find over verified pairs): a member joined
                # through a third copy may be a little below the threshold to the kept one
                assert 0.6 <= dups[gone]["similarity"] < 1.0
    assert set(dups) == (EXACT | WIRE_1 | WIRE_2) - kept.keys()
    assert len(dups) == 4
    # exact duplicate keeps the first (equal lengths); the longest wire copy survives
    assert "news-004" in kept


def test_distinct_stories_sharing_a_footer_are_kept(sample_run):
    kept = by_id(sample_run["out"])
    for doc_id in ("hb-001", "hb-002", "hb-003"):
        assert doc_id in kept
        assert kept[doc_id]["dup_cluster"] is None
        assert kept[doc_id]["dup_cluster_size"] == 1
    assert "한빛빌딩" not in kept["hb-001"]["text"]  # the shared footer itself is gone


def test_unclustered_documents_have_no_cluster(sample_run):
    rows = read_shards(sample_run["out"])
    clustered = {r["id"] for r in rows if r["dup_cluster"] is not None}
    assert clustered == {"news-004", *(WIRE_1 & clustered), *(WIRE_2 & clustered)}
    assert len(clustered) == 3


# --- what cleaning keeps and removes --------------------------------------------------------------


def test_story_lines_survive(sample_run):
    kept = by_id(sample_run["out"])
    must_survive = {
        # sentences that mention 제보, dates and numbers inside a story
        "news-004": "사고 직후 뒤따르던 택시 기사 C씨가 블랙박스 영상을 확인해 차량 번호를 경찰에 제보했다.",
        "news-015": "이번 의혹은 시청 내부 사정을 잘 아는 제보자의 제보로 처음 알려졌다.",
        "news-016": '"2025.01.15는 끝이 아니라 시작"',
        "news-006": "2025.02.04 기준 반도체 고정거래가격",
        # bulleted and numbered lists inside the story
        "news-005": "- 소득 기준: 원가구 중위소득 100% 이하에서 120% 이하로 완화",
        "news-014": "- 마포구 아현동 C단지 전용 84㎡: 21억원 → 23억2천만원",
        "news-011": "2. 임신부",
        "board-007": "6. 새알심이 떠오르면 소금으로 간을 맞추면 완성!",
        "board-005": "· 바퀴 소음이 있어서 마룻바닥이면 매트 필수",
        # quotes in a broadcast report
        "seed-000": "[샘 올트먼/오픈AI 최고경영자]",
        "bc-001": "[정민호/청주시 상수도사업본부 급수팀장]",
        "note": "햇살마을 2단지 입주자대표회의 드림",
    }
    for doc_id, fragment in must_survive.items():
        assert fragment in kept[doc_id]["text"], (doc_id, fragment)


def test_boilerplate_is_gone_with_its_rule(sample_run):
    kept = by_id(sample_run["out"])
    must_go = {
        "seed-000": ("▷ 카카오톡 @mbc제보", "tipline"),
        "bc-001": ("번호 제목 글쓴이 날짜 조회", "board_table"),
        "board-002": ("확정일자 인터넷으로 받을 수 있나요?", "board_table"),
        "board-003": ("44919 | 등유 난로 추천 부탁드려요 | 초보캠퍼 | 02-03 | 530", "board_table"),
        "news-004": ("이 시각 많이 본 뉴스", "related_links"),
        "news-008": ("오피니언", "nav_menu"),
        "news-007": ("[사진 출처: 한국프로축구연맹]", "credit"),
        # samples/cleaner.toml masks personal data, in removed lines too
        "news-018": ("김서준 특파원 <이메일>", "byline"),
        "hb-002": ("발행인 : 최정호 | 편집인 : 윤미경 | 청소년보호책임자 : 한상철", "copyright"),
        "board-004": ("추천 비추천 신고 스크랩 공유", "chrome"),
    }
    for doc_id, (line, rule) in must_go.items():
        row = kept[doc_id]
        assert line not in row["text"].split("\n"), (doc_id, line)
        spans = [s for s in row["removals"] if line in s["text"].split("\n")]
        assert spans and spans[0]["rule"] == rule, (doc_id, line, spans)
    assert "chrome-001" not in kept


# --- options ------------------------------------------------------------------------------------


def estimated_bytes(row: dict) -> int:
    """The shard writer's size estimate of one row (UTF-8 strings, 8 bytes for anything else)."""
    return sum(len(v.encode("utf-8")) if isinstance(v, str) else 8 for v in row.values())


def test_shard_rows_bound(workdir, sample_run):
    proc = run_cleaner(
        workdir, "run", "samples/", "--out", "out-rows", "--config", "samples/cleaner.toml",
        "--shard-rows", "5", "--workers", "1",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = workdir / "out-rows"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    total = sample_run["manifest"]["rows"]
    assert manifest["rows"] == total
    assert len(manifest["shards"]) == math.ceil(total / 5) > 2
    assert [s["rows"] for s in manifest["shards"]][:-1] == [5] * (len(manifest["shards"]) - 1)
    # same documents in the same order as with 20 rows per shard and all cores
    assert [r["id"] for r in read_shards(out)] == [r["id"] for r in read_shards(sample_run["out"])]


def test_shard_bytes_bound(workdir, sample_run):
    limit = 8192
    proc = run_cleaner(
        workdir, "run", "samples/", "--out", "out-bytes", "--config", "samples/cleaner.toml",
        "--shard-bytes", str(limit), "--workers", "1",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = workdir / "out-bytes"
    shards = sorted(out.glob("data/train-*.parquet"))
    assert len(shards) > 3
    for path in shards:
        rows = pq.read_table(path).to_pylist()
        # the bound is on the writer's estimate; a Parquet file adds ~13 KB of footer and
        # page headers, so with a limit this small the files themselves are larger
        assert len(rows) == 1 or sum(estimated_bytes(r) for r in rows) <= limit, path.name
    assert sum(pq.read_metadata(p).num_rows for p in shards) == sample_run["manifest"]["rows"]


def test_config_file_and_flag_precedence(workdir):
    config = workdir / "custom.toml"
    config.write_text(
        "[input]\nworkers = 1\n\n[clean]\nmin_chars = 50\n\n"
        "[dedup]\nnear = false\nthreshold = 0.9\n\n[output]\nshard_rows = 7\n",
        encoding="utf-8",
    )
    proc = run_cleaner(
        workdir, "run", "samples/corpus.jsonl", "--out", "out-cfg", "--config", str(config),
        "--shard-rows", "11", "--threshold", "0.85",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = workdir / "out-cfg"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    cfg = manifest["config"]
    assert cfg["output"]["shard_rows"] == 11  # flag over file
    assert cfg["dedup"]["threshold"] == 0.85  # flag over file
    assert cfg["dedup"]["near"] is False  # file over default
    assert cfg["clean"]["min_chars"] == 50  # file over default
    assert cfg["dedup"]["num_perm"] == 128  # default
    assert cfg["input"]["workers"] == 1
    # and the run behaved accordingly
    assert stats["stages"]["near_dedup"]["docs_removed"] == 0
    assert stats["stages"]["exact_dedup"]["docs_removed"] == 1
    assert manifest["shards"][0]["rows"] == 11


def test_bad_config_is_a_clean_error(workdir):
    config = workdir / "bad.toml"
    config.write_text("[dedup]\nkeep = 'oldest'\n", encoding="utf-8")
    proc = run_cleaner(workdir, "run", "samples/", "--out", "out-bad", "--config", str(config))
    assert proc.returncode == 2
    assert "keep must be one of longest, first, newest" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_run_help_lists_every_option(workdir):
    proc = run_cleaner(workdir, "run", "--help")
    assert proc.returncode == 0
    text = " ".join(proc.stdout.split())  # argparse wraps long help lines
    for option in OPTIONS:
        assert option.flag in text, option.flag
        assert option.help in text, option.help
    for flag in ("--config", "--out", "--resume", "--strict", "--engine", "--keep-work"):
        assert flag in text


def test_clean_explain_on_a_seed(workdir):
    """`cleaner clean --explain` marks each removed line with its rule (what README shows)."""
    corpus = workdir / "samples" / "corpus.jsonl"
    seed = json.loads(corpus.read_text(encoding="utf-8").split("\n", 1)[0])
    proc = subprocess.run(
        [*cleaner_command(), "clean", "--explain", "--color", "never", "-"],
        input=seed["text"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == seed["text"].count("\n") + 1
    marked = {line.split("│", 1)[1].strip(): line.split("│", 1)[0].strip() for line in lines}
    assert marked["MBC뉴스 김윤미입니다."] == "- byline"
    assert marked["▷ 전화 02-784-4000"] == "- tipline"
    assert marked["AI 패권을 놓고 글로벌 기업들의 합종연횡이 본격화되고 있습니다."] == ""
