"""Rights flags: AI-training / text-and-data-mining reservations found, kept as a column,
counted, and dropped on request (all texts written for these tests)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cleaner import Cleaner
from cleaner.boilerplate.rights import find_reservation, reservation_kind
from cleaner.config import Config, ConfigError, load_config
from cleaner.output.stats_view import document_drops, line_rules
from cleaner.output.summary import format_summary
from cleaner.run import run
from cleaner.run.stats import CleanStats

NOTICES = [
    ("AI 학습 이용 금지", "ai_training"),
    ("무단 전재 및 재배포 금지 (AI 학습 및 활용 금지)", "ai_training"),
    ("ⓒ 한빛뉴스, 무단 전재 및 재배포 금지 (AI 학습 및 활용 금지)", "ai_training"),
    ("<저작권자 ⓒ 가상통신. 무단 전재 재배포 금지, AI 학습 및 활용 금지>", "ai_training"),
    ("[저작권자(c) 가상방송 무단전재, 재배포 및 AI 데이터 활용 금지]", "ai_training"),
    (
        "Copyright (c) 가상경제. All rights reserved. 무단 전재, 재배포 및 AI학습 이용 금지",
        "ai_training",
    ),
    ("인공지능 학습 이용 금지", "ai_training"),
    ("생성형 AI 학습 금지", "ai_training"),
    ("※ 이 기사는 AI 학습에 이용할 수 없습니다.", "ai_training"),
    ("한빛뉴스 | AI 학습 이용 금지", "ai_training"),
    ("AI 학습 이용 금지 / 무단 전재 및 재배포 금지", "ai_training"),
    ("텍스트 및 데이터 마이닝(TDM) 금지", "tdm"),
    ("본 콘텐츠의 텍스트 및 데이터 마이닝을 금지합니다.", "tdm"),
    ("TDM 이용 금지", "tdm"),
    ("머신러닝 이용 금지", "machine_learning"),
    ("No AI training.", "ai_training"),
    ("This article may not be used for AI training.", "ai_training"),
    ("Not to be used to train AI models.", None),  # no ban word the phrases know: not flagged
    ("May not be used to train AI models.", "ai_training"),
    ("Text and data mining prohibited.", "tdm"),
    (
        "© 2025 Example Press. All rights reserved, including those for text and data mining, "
        "AI training, and similar technologies.",
        "tdm",
    ),
    ("noai, noimageai", "noai"),
]

NOT_NOTICES = [
    # a copyright notice reserves reproduction, not training: not a TDM/AI reservation
    "무단 전재 및 재배포 금지",
    "ⓒ 한빛뉴스, 무단 전재 및 재배포 금지",
    "저작권자 © 한빛뉴스 무단전재 및 재배포금지",
    # the same words inside sentences about AI policy
    "정부는 AI 학습 이용 금지 조항을 새 법안에 넣기로 했다.",
    "정부는 무단 크롤링과 AI 학습 이용 금지 조항을 담은 법안을 발의",
    "언론사들은 AI 학습 이용 금지 문구를 기사마다 붙이고 있다.",
    "AI 학습 데이터 확보가 불가능하다는 지적이 나온다.",
    "-AI 사용을 금지해야 하나.",  # a ban on using AI, not on training it
    "법정 통역, AI 대체 불가",
    "The company said AI training is prohibited under the new policy.",
    "EU law lets publishers reserve their rights against text and data mining.",
    "No AI",
    "",
]


@pytest.mark.parametrize(("line", "kind"), NOTICES)
def test_notice_lines_are_flagged_with_their_kind(line: str, kind: str | None) -> None:
    assert reservation_kind(line) == kind


@pytest.mark.parametrize("line", NOT_NOTICES)
def test_copyright_lines_and_prose_are_not_flagged(line: str) -> None:
    assert reservation_kind(line) is None


def test_a_notice_longer_than_a_footer_is_prose() -> None:
    line = "AI 학습 이용 금지 / " + "가" * 250
    assert reservation_kind(line) is None


def test_find_reservation_gives_the_first_notice_and_its_line() -> None:
    text = (
        "정부는 AI 학습 이용 금지 조항을 새 법안에 넣기로 했다.\n"
        "업계는 반발했다.\n"
        "\n"
        "ⓒ 한빛뉴스, 무단 전재 및 재배포 금지 (AI 학습 및 활용 금지)\n"
        "No AI training."
    )
    found = find_reservation(text)
    assert found is not None
    assert (found.line, found.kind) == (3, "ai_training")
    assert found.notice == "ⓒ 한빛뉴스, 무단 전재 및 재배포 금지 (AI 학습 및 활용 금지)"
    assert find_reservation("정부는 AI 학습 이용 금지 조항을 새 법안에 넣기로 했다.") is None
    assert find_reservation("") is None


def test_the_api_reports_the_reservation_also_without_cleaning() -> None:
    text = "시장 상인들은 올해 매출이 늘었다고 말했다.\nAI 학습 이용 금지"
    result = Cleaner().clean(text)
    assert result.rights is not None and result.rights.line == 1
    assert Cleaner(enabled=False).clean(text).rights == result.rights
    assert Cleaner().clean("시장 상인들은 올해 매출이 늘었다고 말했다.").rights is None


# --- in a run -----------------------------------------------------------------------------------

STORIES = [
    "시청 앞 광장에서 열린 가을 축제에 주말 동안 많은 시민이 찾았다고 시는 밝혔다.\n"
    "축제에서는 지역 농산물 장터와 어린이 공연, 야간 조명 행사가 함께 열렸다.",
    "새로 개통한 지하철 노선 덕분에 출근 시간이 삼십 분 가까이 줄었다는 반응이 많다.\n"
    "역 주변 상가에는 새 가게들이 문을 열며 손님을 맞을 준비를 하고 있다.",
    "도서관은 이번 달부터 평일 운영 시간을 밤 열 시까지 늘린다고 발표했다.\n"
    "시험 기간을 맞은 학생들과 퇴근한 직장인들이 반기는 분위기다.",
    "올여름 폭우로 무너진 산책로 복구 공사가 다음 주 마무리된다고 구청이 전했다.\n"
    "구청은 공사 기간 동안 우회로를 안내하고 안전 요원을 배치했다.",
]
DOCS = [
    # the notice is removed by the copyright rule, and flagged
    {"id": "flagged", "url": "https://news.example.kr/1", "text": STORIES[0] + "\n"
     "ⓒ 한빛일보, 무단 전재 및 재배포 금지 (AI 학습 및 활용 금지)"},
    # a notice no boilerplate rule removes (English): flagged all the same
    {"id": "english", "url": "https://blog.example.com/2",
     "text": STORIES[1] + "\n\nNo AI training."},
    # a plain copyright notice: not flagged
    {"id": "plain", "url": "https://news.example.kr/3",
     "text": STORIES[2] + "\nⓒ 한빛일보, 무단 전재 및 재배포 금지"},
    # an article about the notices: not flagged
    {"id": "policy", "url": "https://news.example.kr/4",
     "text": "언론사들은 AI 학습 이용 금지 문구를 기사마다 붙이고 있다고 업계 관계자가 말했다.\n"
     + STORIES[3]},
]  # fmt: skip


def _write(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "docs.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in DOCS), "utf-8")
    return path


def _run(tmp: Path, name: str, **clean: object):
    config = Config()
    config.input.workers = 1
    config.clean.min_chars = 20
    for key, value in clean.items():
        setattr(config.clean, key, value)
    return run([str(_write(tmp / "in"))], tmp / name, config)


def _rows(out: Path) -> dict[str, dict]:
    return {
        r["id"]: r
        for f in sorted(out.glob("data/train-*.parquet"))
        for r in pq.read_table(f).to_pylist()
    }


def test_a_run_flags_reservations_in_the_shards_and_counts_them(tmp_path: Path) -> None:
    result = _run(tmp_path, "out")
    rows = _rows(result.out)
    assert set(rows) == {"flagged", "english", "plain", "policy"}
    flagged = rows["flagged"]
    notice = "ⓒ 한빛일보, 무단 전재 및 재배포 금지 (AI 학습 및 활용 금지)"
    assert flagged["rights_reservation"] == notice
    # the line number is into the input text, as removals' are; the notice was removed
    assert DOCS[0]["text"].split("\n")[flagged["rights_reservation_line"]] == notice
    assert notice not in flagged["text"]
    assert "copyright" in flagged["removed_rules"]
    assert rows["english"]["rights_reservation"] == "No AI training."
    assert rows["english"]["rights_reservation_line"] == 3
    for doc_id in ("plain", "policy"):
        assert rows[doc_id]["rights_reservation"] is None
        assert rows[doc_id]["rights_reservation_line"] is None
    rights = result.stats["rights"]
    assert rights == {"docs": 2, "by_kind": {"ai_training": 2}, "dropped": 0}
    assert "reserved" not in result.stats["drops"]  # off by default: nothing dropped for it
    summary = format_summary(result.stats, "out")
    assert "rights notices               2" in summary


def test_drop_reserved_drops_and_counts_them(tmp_path: Path) -> None:
    result = _run(tmp_path, "out", drop_reserved=True)
    rows = _rows(result.out)
    assert set(rows) == {"plain", "policy"}
    stats = result.stats
    assert stats["drops"]["reserved"]["docs"] == 2
    assert stats["rights"] == {"docs": 2, "by_kind": {"ai_training": 2}, "dropped": 2}
    assert stats["stages"]["filter"]["docs_removed"] == 2
    assert stats["stages"]["write"]["docs"] == 2
    # per site, as min_chars drops are
    assert stats["sites"]["news.example.kr"]["dropped"] == {"reserved": 1}
    assert stats["sites"]["blog.example.com"]["dropped"] == {"reserved": 1}
    # the removed lines of a dropped document stay auditable
    removed = pq.read_table(result.out / "audit" / "removed.parquet").to_pylist()
    assert any(r["id"] == "flagged" and r["rule"] == "copyright" for r in removed)
    assert "rights reserved              2" in format_summary(stats, "out")
    # and never among the line rules
    assert "reserved" not in line_rules(stats)


def test_drop_reserved_from_toml_and_flags(tmp_path: Path) -> None:
    toml = tmp_path / "c.toml"
    toml.write_text("[clean]\ndrop_reserved = true\n", encoding="utf-8")
    assert load_config(toml).clean.drop_reserved is True
    assert load_config(toml, {("clean", "drop_reserved"): False}).clean.drop_reserved is False
    assert Config().clean.drop_reserved is False
    toml.write_text('[clean]\ndrop_reserved = "yes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="drop_reserved must be true or false"):
        load_config(toml)


def test_cli_switch_drops_reserved(tmp_path: Path) -> None:
    from cleaner.cli import main

    source = _write(tmp_path / "in")
    out = tmp_path / "out"
    args = ["run", str(source), "--out", str(out), "--workers", "1", "--min-chars", "20"]
    assert main([*args, "--drop-reserved"]) == 0
    assert set(_rows(out)) == {"plain", "policy"}
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert document_drops(stats)["reserved"]["docs"] == 2


def test_clean_stats_merge_with_plus() -> None:
    a, b = CleanStats(), CleanStats()
    a.drop("reserved", "x.kr", "둘\n줄")
    a.rights_docs["ai_training"] += 1
    b.drop("reserved", "y.kr", "한 줄")
    b.drop("min_chars", None, "")
    b.rights_docs["tdm"] += 1
    total = a + b
    assert total.drop_docs == Counter({"reserved": 2, "min_chars": 1})
    assert total.drop_lines == Counter({"reserved": 3, "min_chars": 1})
    assert total.site_drops == {
        "reserved": Counter({"x.kr": 1, "y.kr": 1}),
        "min_chars": Counter({"": 1}),
    }
    assert total.rights_docs == Counter({"ai_training": 1, "tdm": 1})
    assert CleanStats.from_dict(json.loads(json.dumps(total.as_dict()))) == total


def test_every_document_filter_has_a_drop_reason_and_order() -> None:
    from cleaner.filters.check import FILTERS
    from cleaner.output.stats_view import DROP_REASONS
    from cleaner.run.clean_stage import DOCUMENT_FILTERS

    # the card, report and summary describe each reason; stats.json lists them in test order:
    # the document filters of the clean stage, then the quality filters of [filter]
    tested = [f.reason for f in DOCUMENT_FILTERS] + [f.name for f in FILTERS]
    assert tested == [r.name for r in DROP_REASONS]


def test_the_python_api_takes_drop_reserved(tmp_path: Path) -> None:
    from cleaner import run as api_run

    result = api_run(_write(tmp_path / "in"), tmp_path / "out", workers=1, min_chars=20,
                     drop_reserved=True)  # fmt: skip
    assert result.stats["rights"]["dropped"] == 2
