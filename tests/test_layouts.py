"""Whole pages in layouts the evaluation set lacks (community boards, blogs, sidebars).

The pages in tests/pages/ were written for these tests; each names the lines that are the post
or article (kept, in order) and the furniture around it (removed).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.boilerplate import BoilerplateCleaner

PAGES = Path(__file__).parent / "pages"

# page -> (first and last line of the content, lines inside that span that are furniture)
CONTENT = {
    "board_post.txt": ("주말에 다녀온 북한산 둘레길 후기", "다음 달에는 5구간 도전해 보려고", 1),
    "blog_post.txt": ("겨울 제주 3박 4일 여행 코스 정리", "교통비는 넷이서 합쳐", 3),
    "news_sidebar_top.txt": ("지방 소멸 막을 '메가시티' 구상", "전문가들은 중앙정부의", 1),
    "recipe_post.txt": ("10분 완성 돼지고기 김치찌개", "묵은지가 너무 시면", 1),
    "poem_post.txt": ("겨울 창가에서", "지난겨울 동생과 함께", 1),
}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize("name", sorted(CONTENT))
def test_page_keeps_exactly_its_content(name: str) -> None:
    text = (PAGES / name).read_text(encoding="utf-8")
    first, last, furniture_inside = CONTENT[name]
    lines = _lines(text)
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next(i for i, line in enumerate(lines) if line.startswith(last))
    cleaned = _lines(BoilerplateCleaner().clean_text(text)[0])
    prefix = next(i for i, line in enumerate(cleaned) if line.startswith(first))
    assert prefix <= 1, cleaned[:prefix]
    cleaned = cleaned[prefix:]
    # everything after the content goes; inside it only the named furniture lines go (a site
    # name alone above the page may stay: too little to call it a menu)
    assert cleaned[-1].startswith(last), cleaned
    assert len(cleaned) == end - start + 1 - furniture_inside, cleaned


def test_board_post_comments_and_navigation_are_attributed() -> None:
    text = (PAGES / "board_post.txt").read_text(encoding="utf-8")
    page, rules = BoilerplateCleaner().mark(text)
    rule = {line.strip(): r for line, r in zip(page.lines, rules, strict=True)}
    assert rule["와 부지런하시네요. 저도 다음엔 꼭 가보고 싶어요."] == "comments"
    assert rule["이전글 설 연휴 고속도로 정체 실화인가요"] == "chrome"
    assert rule["10231 자전거 출퇴근 3개월 후기 페달 02-03 1,033"] == "board_table"
    assert rule["산바람 | 조회 1,284 | 추천 15 | 2025.02.04 14:22"] == "chrome"
    assert rule["1. 불광역 2번 출구"] is None


def test_a_notices_contact_items_stay_and_the_site_footer_goes() -> None:
    """The address, phone and e-mail items that close a notice's bulleted list look like a
    site footer line by line; as items of the text's list they stay. The footer, the list of
    other notices and the copyright line still go."""
    text = (PAGES / "notice_contacts.txt").read_text(encoding="utf-8")
    lines = _lines(text)
    first = lines.index("2026년 스마트공장 컨설팅 참여기업 모집 공고")
    last = next(i for i, line in enumerate(lines) if line.startswith("◦ 기타 :"))
    notice = [line for line in lines[first : last + 1] if not line.startswith("작성자")]
    cleaned = _lines(BoilerplateCleaner().clean_text(text)[0])
    assert cleaned[: len(notice)] == notice
    for furniture in (
        "2026년 수출 바우처 설명회 개최 안내",
        "- Tel 000-123-4000 / Fax 000-123-4001",
        "- Copyright(c) 2026 Gasang Industry Promotion Agency. All rights reserved.",
        "개인정보처리방침",
    ):
        assert furniture not in cleaned
