"""The two real seed documents lose exactly their boilerplate blocks and keep every article line."""

from __future__ import annotations

from cleaner.boilerplate import BoilerplateCleaner

MBC = "000_0b86b8e9de9cbaaf.txt"
JOONGANG = "003_94e16f0f6396daa3.txt"

# Every line of these blocks must go, under the rule named.
EXPECTED_REMOVED = {
    MBC: {
        "메뉴 건너뛰기": "chrome",
        "◀ 앵커 ▶": "chrome",
        "MBC뉴스 김윤미입니다.": "byline",
        "영상취재: 소정섭, 윤병순, 나경운 / 영상편집: 김민지": "credit",
        "MBC 뉴스는 24시간 여러분의 제보를 기다립니다.": "tipline",
        "▷ 전화 02-784-4000": "tipline",
        "▷ 카카오톡 @mbc제보": "tipline",
        "번호 제목 글쓴이 날짜": "board_table",
        "» »»»»» 한국 찾은 AI 황태자‥딥시크 충격 속 AI 합종연횡 모색? 랭크뉴스 2025.02.04": "board_table",
        "47122 尹대통령 \"홍장원에 '방첩사 도우라' 통화, 계엄과 무관\" 랭크뉴스 2025.02.04": "board_table",
    },
    JOONGANG: {
        "페이지 정보": "chrome",
        "━": "chrome",
        "■ 더중앙플러스 - AI활용법과 미래": "related_links",
        "https://www.joongang.co.kr/article/25260922": "related_links",
        "김남영 기자 kim.namyoung3@joongang.co.kr": "byline",
        "이 시각 많이 본 뉴스": "related_links",
        "▶ 혼외자 논란 대비했나…정우성, 광고계약 0건": "related_links",
        "ⓒ중앙일보https://www.joongang.co.kr, 무단 전재 및 재배포 금지": "copyright",
        "댓글목록": "chrome",
        "등록된 댓글이 없습니다.": "chrome",
    },
}

# The article: first line to last line of the story, every non-empty line in between is kept.
ARTICLE_SPAN = {
    MBC: ("[뉴스데스크]", "AI 패권을 놓고 글로벌 기업들의 합종연횡이 본격화되고 있습니다."),
    JOONGANG: (
        "[팩플] 오픈AI, 한국에서 첫 MOU…한국 진출 준비하나",
        "미국 샌프란시스코에 본사를 두고 있는",
    ),
}


def _article_lines(text: str, first: str, last: str) -> list[str]:
    lines = [line for line in text.split("\n") if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next(i for i, line in enumerate(lines) if line.startswith(last))
    skip = {"페이지 정보", "본문", "━", "◀ 앵커 ▶", "◀ 리포트 ▶"}
    return [line for line in lines[start : end + 1] if line not in skip]


def test_seed_boilerplate_is_removed_with_its_rule(seed_texts):
    cleaner = BoilerplateCleaner()
    for name, expected in EXPECTED_REMOVED.items():
        page, rules = cleaner.mark(seed_texts[name])
        rule_of_line = {line.strip(): rule for line, rule in zip(page.lines, rules, strict=False)}
        for line, rule in expected.items():
            assert rule_of_line[line] == rule, (name, line, rule_of_line[line])


def test_seed_article_lines_all_survive_in_order(seed_texts):
    cleaner = BoilerplateCleaner()
    for name, (first, last) in ARTICLE_SPAN.items():
        article = _article_lines(seed_texts[name], first, last)
        cleaned, _ = cleaner.clean_text(seed_texts[name])
        kept = [line for line in cleaned.split("\n") if line.strip()]
        assert kept[: len(article)] == article


def test_seed_nothing_after_the_article_survives(seed_texts):
    cleaner = BoilerplateCleaner()
    for name, (_, last) in ARTICLE_SPAN.items():
        cleaned, removals = cleaner.clean_text(seed_texts[name])
        kept = [line for line in cleaned.split("\n") if line.strip()]
        assert kept[-1].startswith(last), kept[-3:]
        assert removals, name
