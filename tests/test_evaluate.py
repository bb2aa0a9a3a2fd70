"""`cleaner evaluate`: per-line scoring as the evaluation set's README defines it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cleaner.boilerplate.evaluate import evaluate_records, kept_in_order
from cleaner.document import Removal

GOLD = [
    {
        "id": "a",
        "site": "one.example",
        "variant": "dump",
        "text": "메뉴 건너뛰기\n기사 첫 문장은 이렇게 시작한다고 기자는 적었다.\n\n둘째 문장도 본문이다.\nⓒ 가상일보",
        "gold": [0, 1, 1, 1, 0],
    },
    {
        "id": "b",
        "site": "two.example",
        "variant": "trafilatura",
        "text": "본문 한 줄.\n관련기사\n본문 두 줄.",
        "gold": [1, 0, 1],
    },
]


def fake_cleaner(text: str, title: str | None = None) -> tuple[str, list[Removal]]:
    """Removes the first line and every line with 'ⓒ' — and, wrongly, '본문 두 줄.'."""
    lines = text.split("\n")
    drop = {0} | {i for i, line in enumerate(lines) if "ⓒ" in line or line == "본문 두 줄."}
    kept = [line for i, line in enumerate(lines) if i not in drop]
    return "\n".join(kept), [Removal("fake", i, i, lines[i]) for i in sorted(drop)]


def test_scores_count_non_empty_lines_in_order() -> None:
    ev = evaluate_records(GOLD, fake_cleaner)
    s = ev.overall.scores()
    assert s["boilerplate_lines"] == 3 and s["content_lines"] == 4  # the blank line is not scored
    # removed: a0 (bp), a4 (bp), b0 (content), b2 (content)
    assert s["boilerplate_recall"] == round(2 / 3, 4)
    assert s["removal_precision"] == 0.5
    assert s["content_line_loss"] == 0.5
    assert ev.by_site["two.example"].scores()["content_line_loss"] == 1.0
    assert ev.by_rule["fake"].removed == 4
    assert [e["text"] for e in ev.examples] == ["본문 한 줄.", "본문 두 줄."]


def test_in_order_matching_does_not_count_a_repeated_line_twice() -> None:
    assert kept_in_order(["가", "나", "가"], ["가"]) == [True, False, False]


def write_gold(path: Path, records: list[dict]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def evaluate_cli(gold: Path, out: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "cleaner.cli", "evaluate", str(gold), "--json", str(out), *flags]
    return subprocess.run(cmd, capture_output=True, text=True, check=True)


def test_cli_prints_a_table_and_writes_json(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold.jsonl", GOLD)
    out = tmp_path / "scores.json"
    run = evaluate_cli(gold, out, "--by", "site,rule")
    assert "overall (2 docs)" in run.stdout and "two.example" in run.stdout
    scores = json.loads(out.read_text(encoding="utf-8"))
    assert scores["overall"]["boilerplate_lines"] == 3
    assert set(scores["by_site"]) == {"one.example", "two.example"}


def test_cli_rejects_a_file_without_labels(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"text": "가"}\n', encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "cleaner.cli", "evaluate", str(gold)], capture_output=True, text=True
    )
    assert run.returncode == 2 and "gold" in run.stderr


WALKS = ["한강 공원", "북한산 자락", "서울숲 호숫가", "올림픽 공원"]


def walks_gold(tmp_path: Path, pages: int) -> Path:
    """One site's pages with the same made-up sidebar line on each: only templates see it."""
    footer = "오늘의 추천 산책로 보러 가기"
    records = [
        {
            "page_id": f"p{i}",
            "url": f"https://walks.example/p/{i}",
            "text": f"{place}을 걸었습니다.\n{footer}\n{place}에서 만난 풍경을 오래 기억하고 싶다.",
            "gold": [1, 0, 1],
        }
        for i, place in enumerate(WALKS[:pages])
    ]
    return write_gold(tmp_path / "gold.jsonl", records)


def test_cli_learns_templates_from_the_gold_file(tmp_path: Path) -> None:
    gold = walks_gold(tmp_path, 4)

    def recall(*flags: str) -> float:
        out = tmp_path / "s.json"
        evaluate_cli(gold, out, *flags)
        return json.loads(out.read_text(encoding="utf-8"))["overall"]["boilerplate_recall"]

    assert recall() == 0.0
    assert recall("--learn-templates") == 1.0


def test_cli_breaks_scores_down_by_any_record_field(tmp_path: Path) -> None:
    records = [
        {**GOLD[0], "site_group": "dump", "kind": "news"},
        {**GOLD[1], "site_group": "community", "kind": "community-post"},
    ]
    gold = write_gold(tmp_path / "gold.jsonl", records)
    out = tmp_path / "scores.json"
    run = evaluate_cli(gold, out, "--by", "site-group,kind")
    assert "-- by site_group" in run.stdout and "community-post" in run.stdout
    scores = json.loads(out.read_text(encoding="utf-8"))
    assert scores["by_site_group"]["community"]["content_lines"] == 2
    assert set(scores["by_kind"]) == {"news", "community-post"}


def test_leave_out_page_learns_templates_without_the_scored_page(tmp_path: Path) -> None:
    # the sidebar line is on three pages: learned from all of them it qualifies (3 documents),
    # learned from the other two pages only it does not
    gold = walks_gold(tmp_path, 3)

    def recall(*flags: str) -> float:
        out = tmp_path / "s.json"
        evaluate_cli(gold, out, "--learn-templates", *flags)
        return json.loads(out.read_text(encoding="utf-8"))["overall"]["boilerplate_recall"]

    assert recall() == 1.0
    assert recall("--leave-out", "page") == 0.0
