"""A small but realistic output folder for the publishing tests: seeds, duplicates, a short doc."""

from __future__ import annotations

import json
from pathlib import Path

from cleaner.config import Config
from cleaner.run import RunResult, run

MBC = "000_0b86b8e9de9cbaaf.txt"
JOONGANG = "003_94e16f0f6396daa3.txt"

# Short texts written for these tests (not taken from any publisher), each with boilerplate lines.
BLOG_POSTS = [
    "오늘은 집 근처 공원에서 산책을 했습니다.\n가을이라 그런지 나뭇잎 색이 정말 예뻤어요.\n"
    "벤치에 앉아서 커피를 마시며 한참 동안 하늘을 바라봤습니다.\n"
    "주말에는 가족과 함께 다시 오고 싶다는 생각이 들었어요.\n"
    "ⓒ 무단 전재 및 재배포 금지",
    "요즘 빵 만들기에 푹 빠져 있습니다.\n처음에는 반죽이 너무 질어서 실패를 많이 했지만\n"
    "밀가루와 물의 비율을 조금씩 바꿔 가며 연습했더니 이제는 제법 모양이 납니다.\n"
    "다음에는 통밀빵에도 도전해 볼 생각입니다.\n"
    "저작권자 © 무단전재 및 재배포 금지",
    "지하철 노선이 새로 개통되면서 출퇴근 시간이 많이 줄었습니다.\n"
    "예전에는 버스를 두 번 갈아타야 했는데 이제는 한 번에 갈 수 있어요.\n"
    "덕분에 아침에 책을 읽을 여유도 생겼습니다.\n역 주변에 새 가게들도 많이 생기고 있습니다.",
]


def write_corpus(folder: Path, seeds: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    near = seeds[JOONGANG].replace("한국", "대한민국", 1)
    news = [
        {"id": "mbc-1", "url": "https://imnews.imbc.com/news/2025/1.html", "text": seeds[MBC]},
        {"id": "ja-1", "url": "https://www.joongang.co.kr/article/1", "text": seeds[JOONGANG]},
        # an exact copy under another address, and a one-word edit: both must be deduplicated
        {"id": "mbc-copy", "url": "https://m.imnews.imbc.com/copy.html", "text": seeds[MBC]},
        {"id": "ja-near", "url": "https://news.example.kr/ja", "text": near},
        # shorter than min_chars after cleaning: dropped
        {"id": "short", "url": "https://blog.example.kr/s", "text": "짧은 글\n공유하기"},
    ]
    blog = [
        {"id": f"blog-{i}", "url": f"https://blog.example.kr/{i}", "text": text}
        for i, text in enumerate(BLOG_POSTS)
    ]
    for name, rows in (("news.jsonl", news), ("blog.jsonl", blog)):
        with (folder / name).open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return folder


def make_output(tmp: Path, seeds: dict[str, str], config: Config | None = None) -> RunResult:
    config = config or Config()
    config.input.workers = 1  # in-process: no process pool start-up in tests
    corpus = write_corpus(tmp / "in", seeds)
    return run([str(corpus)], tmp / "out", config, command="cleaner run in --out out")
