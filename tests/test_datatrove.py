"""The datatrove step: cleans Document.text in place, records removals, drops emptied documents.

Every page here is made up for these tests; no publisher's text is used.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

pytest.importorskip(
    "datatrove", reason="datatrove is not installed (pip install 'cleaner[datatrove]')"
)

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.writers import ParquetWriter

from cleaner import clean_text
from cleaner.integrations.datatrove import CleanerStep

STORY = "\n".join(
    [
        "강변 자전거길 두 구간이 이번 주말부터 밤에도 조명을 켠다.",
        "구청은 해가 진 뒤 자전거를 타는 주민이 늘어 가로등 스무 개를 새로 세웠다고 밝혔다.",
        "조명은 자정까지 켜지고, 보행자 구간과 자전거 구간은 색으로 나뉜다.",
    ]
)
BYLINE = "박가람 기자 garam@river-news.example"
COPYRIGHT = "ⓒ 강변뉴스, 무단 전재 및 재배포 금지"


def documents() -> list[Document]:
    return [
        Document(
            text=f"{STORY}\n\n{BYLINE}\n{COPYRIGHT}",
            id="footer",
            metadata={"url": "https://river-news.example/1"},
        ),
        Document(text=STORY, id="plain", metadata={}),
        # nothing but furniture: cleaning leaves it empty, so the step drops it
        Document(text=f"{BYLINE}\n{COPYRIGHT}", id="empty", metadata={}),
    ]


def test_step_cleans_in_place_and_records_removals() -> None:
    step = CleanerStep(keep_removals=True)
    out = list(step.run(iter(documents())))
    assert [d.id for d in out] == ["footer", "plain"]
    footer, plain = out
    assert footer.text == STORY == clean_text(f"{STORY}\n\n{BYLINE}\n{COPYRIGHT}")
    assert footer.metadata["url"] == "https://river-news.example/1"
    assert footer.metadata["cleaner_rules"] == "byline,copyright"
    assert footer.metadata["cleaner_removed_lines"] == 2
    assert footer.metadata["cleaner_removed_chars"] == len(BYLINE) + len(COPYRIGHT)
    removals = json.loads(footer.metadata["cleaner_removals"])
    assert [(r["rule"], r["first_line"], r["text"]) for r in removals] == [
        ("byline", 4, BYLINE),
        ("copyright", 5, COPYRIGHT),
    ]
    assert plain.text == STORY
    assert plain.metadata["cleaner_rules"] == ""
    assert plain.metadata["cleaner_removed_lines"] == 0
    stats = step.stats
    assert stats["total"].total == 3
    assert stats["forwarded"].total == 2
    assert stats["dropped"].total == stats["dropped_empty"].total == 1
    assert stats["changed"].total == 2  # the footer page and the emptied one
    assert stats["lines_byline"].total == 2 and stats["lines_copyright"].total == 2
    assert stats["removed_lines"].total == 4 and stats["removed_lines"].n == 3


def test_step_keeps_the_rights_reservation_as_metadata() -> None:
    reserved = "ⓒ 강변뉴스, 무단 전재 및 재배포 금지 (AI 학습 및 활용 금지)"
    step = CleanerStep()
    docs = [*documents()[:2], Document(text=f"{STORY}\n{reserved}", id="reserved", metadata={})]
    footer, plain, kept = list(step.run(iter(docs)))
    # a plain copyright notice is no reservation; the AI-training one is kept, the line cut
    assert footer.metadata["cleaner_rights_reservation"] == ""
    assert plain.metadata["cleaner_rights_reservation"] == ""
    assert kept.metadata["cleaner_rights_reservation"] == reserved
    assert kept.text == STORY
    assert step.stats["rights_reserved"].total == 1


def test_step_takes_the_cleaner_options() -> None:
    step = CleanerStep(disable=["markers"], prefix="kr")
    out = list(step(iter(documents())))
    assert len(out) == 3  # bylines and copyright lines are the markers detector's
    assert all(d.metadata["kr_rules"] == "" for d in out)
    unchanged = list(CleanerStep(enabled=False).run(iter(documents())))
    assert [d.text for d in unchanged] == [d.text for d in documents()]
    with pytest.raises(TypeError):
        CleanerStep(near=False)


def test_step_in_a_local_pipeline(tmp_path: Path) -> None:
    # a list of documents stands in for a reader; one task, in this process
    executor = LocalPipelineExecutor(
        pipeline=[
            documents(),
            CleanerStep(),
            ParquetWriter(str(tmp_path / "parquet")),
        ],
        tasks=1,
        workers=1,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    # (the parquet writer takes its schema from the first row: the metadata must be scalars)
    (shard,) = (tmp_path / "parquet").glob("*.parquet")
    rows = pq.read_table(shard).to_pylist()
    assert [(r["id"], r["text"]) for r in rows] == [("footer", STORY), ("plain", STORY)]
    assert [r["metadata"]["cleaner_rules"] for r in rows] == ["byline,copyright", ""]
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text(encoding="utf-8"))
    ours = next(s for s in stats if "cleaner" in s["name"])
    assert ours["stats"]["dropped_empty"] == 1


def test_step_masks_or_drops_personal_data() -> None:
    contact = Document(
        text=f"{STORY}\n문의는 010-1234-5678 로 해 주세요.", id="contact", metadata={}
    )
    masked = list(CleanerStep(pii="mask").run(iter([contact, *documents()])))
    assert [d.id for d in masked] == ["contact", "footer", "plain"]
    assert "<전화번호>" in masked[0].text and "010-1234-5678" not in masked[0].text
    assert [d.metadata["cleaner_pii"] for d in masked] == [1, 0, 0]
    contact = Document(
        text=f"{STORY}\n문의는 010-1234-5678 로 해 주세요.", id="contact", metadata={}
    )
    step = CleanerStep(pii="drop")
    assert [d.id for d in step.run(iter([contact, *documents()]))] == ["footer", "plain"]
    assert step.stats["dropped_pii"].total == 1
    # off (the default): no pii column, so outputs of existing pipelines do not change
    assert "cleaner_pii" not in next(iter(CleanerStep().run(iter(documents())))).metadata
