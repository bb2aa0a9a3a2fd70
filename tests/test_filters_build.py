"""`python -m eval.filters_build rebuild`: the labelled filter/PII sample rebuilt from its sources.

The sources here are a tiny fake folder written by the test (a bulk file, a git repository with a
page and a CSV file, a page entry of eval/pages); the real labels are checked for their form only.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import re
import subprocess
from pathlib import Path

import pytest

from eval import filters_build as fb

ROOT = Path(__file__).resolve().parent.parent

PAGE = """<html><head><meta charset="utf-8"><title>가상 게시판</title></head><body>
<nav><a href="/">홈</a> <a href="/free">자유게시판</a></nav>
<article><h1>주말에 다녀온 가상 수목원 후기</h1>
<p>지난 토요일에 가족과 함께 가상 수목원에 다녀왔습니다. 입구부터 단풍이 한창이라 걷기만 해도 기분이 좋았어요.</p>
<p>온실에는 처음 보는 열대 식물이 많았고, 아이들은 연못의 잉어에게 먹이를 주며 한참을 놀았습니다.</p>
<p>문의는 관리사무소 031-555-0142로 하면 된다고 안내판에 적혀 있었습니다.</p></article>
<footer>ⓒ 가상 커뮤니티</footer></body></html>
"""
POSTS = "timestamp,content\n2025-01-01,첫충 20% 매충 10% 안전놀이터 가입코드 7777\n2025-01-02,오늘 점심은 김밥이었다\n"
BULK = [
    {"id": "a-1", "text": "가상 신문의 기사 첫 문단이다. 기자 연락처는 kim@news.example 이다."},
    {"id": "a-2", "text": "두 번째 기사."},
]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        capture_output=True,
        check=True,
        text=True,
    ).stdout.strip()


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


@pytest.fixture
def world(tmp_path: Path) -> dict:
    """Sources, labels and a synthetic document, all consistent."""
    bulk = tmp_path / "bulk"
    bulk.mkdir()
    with gzip.open(bulk / "mini.jsonl.gz", "wt", encoding="utf-8") as fh:
        for r in BULK:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    repo = tmp_path / "work"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "board").mkdir()
    (repo / "board" / "post.html").write_text(PAGE, encoding="utf-8")
    (repo / "posts.csv").write_text(POSTS, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "pages")
    commit = git(repo, "rev-parse", "HEAD")
    # the layout the library's fetch leaves: a bare repository in owner+name/repo
    mirror = tmp_path / "sources" / "alice+pages" / "repo"
    mirror.parent.mkdir(parents=True)
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(mirror))
    pages = tmp_path / "pages"
    pages.mkdir()
    entry = {
        "page_id": "post-1",
        "repo": "alice/pages",
        "commit": commit,
        "path": "board/post.html",
    }
    write_jsonl(pages / "batch.jsonl", [{**entry, "kind": "community-post", "labels": {}}])
    sources = fb.Sources(tmp_path / "sources", bulk, pages)

    bulk_text = BULK[0]["text"]
    email_at = bulk_text.index("kim@")
    page_source = {"kind": "page", "page_id": "post-1", "variant": "dump"}
    page_text = fb.document_text(page_source, sources)
    phone_at = page_text.index("031-555-0142")
    repo_source = {"kind": "repo", "repo": "alice/pages", "commit": commit}
    labels = [
        {
            "doc_id": "bulk-1",
            "source": {"kind": "bulk", "file": "mini.jsonl.gz", "record": 0},
            "text_sha1": sha1(bulk_text),
            "group": "news",
            "verdict": "keep",
            "reasons": [],
            "pii": [{"type": "email", "start": email_at, "end": email_at + 16}],
            "notes": "",
        },
        {
            "doc_id": "page-1",
            "source": page_source,
            "text_sha1": sha1(page_text),
            "group": "community",
            "verdict": "keep",
            "reasons": [],
            "pii": [{"type": "phone", "start": phone_at, "end": phone_at + 12}],
            "notes": "",
        },
        {
            "doc_id": "page-1-extracted",
            "source": {**repo_source, "path": "board/post.html", "extract": "trafilatura"},
            "text_sha1": sha1(fb.trafilatura_text(PAGE)),
            "group": "community",
            "verdict": "keep",
            "reasons": [],
            "pii": [],
            "notes": "",
        },
        {
            "doc_id": "post-0",
            "source": {
                **repo_source,
                "path": "posts.csv",
                "extract": "csv-field",
                "row": 0,
                "field": "content",
            },
            "text_sha1": sha1("첫충 20% 매충 10% 안전놀이터 가입코드 7777"),
            "group": "spam",
            "verdict": "drop",
            "reasons": ["spam"],
            "spam_kind": "gambling",
            "pii": [],
            "notes": "",
        },
    ]
    synthetic_text = "가상 인물 연락처 010-0000-1111"
    synthetic = {
        "doc_id": "syn-1",
        "text_sha1": sha1(synthetic_text),
        "group": "other",
        "verdict": "drop",
        "reasons": ["too-short"],
        "pii": [{"type": "phone", "start": 10, "end": 23}],
        "notes": "",
        "text": synthetic_text,
    }
    return {
        "tmp": tmp_path,
        "bulk": bulk,
        "pages": pages,
        "labels": write_jsonl(tmp_path / "labels.jsonl", labels),
        "synthetic": write_jsonl(tmp_path / "synthetic.jsonl", [synthetic]),
        "out": tmp_path / "data" / "filters.jsonl",
    }


def run(world: dict) -> int:
    sources = fb.Sources(world["tmp"] / "sources", world["bulk"], world["pages"])
    return fb.rebuild(sources, world["out"], world["labels"], world["synthetic"])


def read_out(world: dict) -> dict[str, dict]:
    rows = [json.loads(line) for line in world["out"].read_text("utf-8").splitlines()]
    return {r["doc_id"]: r for r in rows}


def test_rebuild_writes_every_document_with_its_labels(world, capsys) -> None:
    assert run(world) == 0
    out = read_out(world)
    assert list(out) == ["bulk-1", "page-1", "page-1-extracted", "post-0", "syn-1"]
    assert out["bulk-1"]["text"] == BULK[0]["text"]
    span = out["bulk-1"]["pii"][0]
    assert out["bulk-1"]["text"][span["start"] : span["end"]] == "kim@news.example"
    page = out["page-1"]
    assert page["text"][page["pii"][0]["start"] : page["pii"][0]["end"]] == "031-555-0142"
    assert "자유게시판" in page["text"]  # the dump keeps the menu
    extracted = out["page-1-extracted"]["text"]
    assert "열대 식물" in extracted and "자유게시판" not in extracted
    assert out["post-0"]["text"] == "첫충 20% 매충 10% 안전놀이터 가입코드 7777"
    assert out["post-0"]["spam_kind"] == "gambling" and out["bulk-1"]["spam_kind"] is None
    assert [r["synthetic"] for r in out.values()] == [False] * 4 + [True]
    assert set(out["syn-1"]) == {
        "doc_id",
        "text",
        "group",
        "verdict",
        "reasons",
        "spam_kind",
        "pii",
        "synthetic",
    }
    assert "4 real and 1 synthetic" in capsys.readouterr().out


def test_a_changed_source_is_named_and_left_out(world, capsys) -> None:
    changed = [dict(BULK[0], text=BULK[0]["text"] + " 수정됨"), BULK[1]]
    with gzip.open(world["bulk"] / "mini.jsonl.gz", "wt", encoding="utf-8") as fh:
        for r in changed:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    assert run(world) == 1
    assert "bulk-1" not in read_out(world) and "page-1" in read_out(world)
    printed = capsys.readouterr().out
    assert re.search(r"not rebuilt: bulk-1: the rebuilt text differs .*sha1", printed)


def test_a_missing_repository_is_reported_without_failing(world, capsys) -> None:
    subprocess.run(["rm", "-rf", str(world["tmp"] / "sources" / "alice+pages")], check=True)
    assert run(world) == 0
    assert list(read_out(world)) == ["bulk-1", "syn-1"]
    printed = capsys.readouterr().out
    assert "not rebuilt (source missing): page-1: alice/pages: no local copy" in printed
    assert "not rebuilt (source missing): post-0" in printed


def test_labels_that_do_not_fit_their_text_fail(world, capsys) -> None:
    rows = [json.loads(line) for line in world["labels"].read_text("utf-8").splitlines()]
    rows[0]["pii"][0]["end"] = 10_000
    rows[3]["spam_kind"] = None
    rows[2]["verdict"] = "drop"
    write_jsonl(world["labels"], rows)
    assert run(world) == 1
    printed = capsys.readouterr().out
    assert "bulk-1: PII span" in printed and "outside the text" in printed
    assert "post-0: spam_kind None" in printed
    assert "page-1-extracted: a dropped document needs a reason" in printed
    assert list(read_out(world)) == ["page-1", "syn-1"]


def test_a_synthetic_document_whose_hash_is_stale_fails(world, capsys) -> None:
    row = json.loads(world["synthetic"].read_text("utf-8"))
    row["text"] += "!"
    write_jsonl(world["synthetic"], [row])
    assert run(world) == 1
    assert "syn-1: text_sha1 does not match its text" in capsys.readouterr().out


# --- the committed labels: their form (the texts are not in the repository) -----------------


def committed(name: str) -> list[dict]:
    path = ROOT / "eval" / "filters" / name
    if not path.exists():
        pytest.skip(f"{path} is not in this checkout")
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def check_spans(label: dict, length: int | None) -> None:
    spans = label["pii"]
    assert all(s["type"] in fb.PII_TYPES for s in spans), label["doc_id"]
    assert all(0 <= s["start"] < s["end"] for s in spans), label["doc_id"]
    assert all(a["end"] <= b["start"] for a, b in itertools.pairwise(spans)), label["doc_id"]
    if length is not None:
        assert all(s["end"] <= length for s in spans), label["doc_id"]


def test_the_committed_labels_are_well_formed() -> None:
    labels = committed("labels.jsonl")
    assert len(labels) >= 300
    assert len({lab["doc_id"] for lab in labels}) == len(labels)
    for lab in labels:
        assert re.fullmatch(r"[0-9a-f]{40}", lab["text_sha1"])
        assert lab["source"]["kind"] in {"bulk", "page", "repo"}
        assert "text" not in lab  # the publishers' text stays out of the repository
        assert not fb.label_problems(lab, "x" * 10**7), lab["doc_id"]
        check_spans(lab, None)
    sources = json.dumps([lab["source"] for lab in labels])
    assert "lawtimes" not in sources and "법률신문" not in sources


def test_the_synthetic_documents_are_well_formed() -> None:
    docs = committed("synthetic.jsonl")
    assert {s["type"] for d in docs for s in d["pii"]} == set(fb.PII_TYPES)
    for doc in docs:
        assert doc["text_sha1"] == sha1(doc["text"])
        assert not fb.label_problems(doc, doc["text"]), doc["doc_id"]
        check_spans(doc, len(doc["text"]))
        for span in doc["pii"]:
            value = doc["text"][span["start"] : span["end"]]
            assert value == value.strip() and any(c.isalnum() for c in value)
            digits = [int(c) for c in value if c.isdigit()]
            if span["type"] == "card":  # the README says: every synthetic card passes Luhn
                assert luhn(digits), value
            if span["type"] == "brn":  # ... and every business number has its check digit
                assert len(digits) == 10 and brn_check(digits[:9]) == digits[9], value


def luhn(digits: list[int]) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def brn_check(first9: list[int]) -> int:
    weights = [1, 3, 7, 1, 3, 7, 1, 3, 5]
    total = sum(d * w for d, w in zip(first9, weights, strict=True)) + first9[8] * 5 // 10
    return (10 - total % 10) % 10
