"""Never delete the post: on a community page the title and the body survive whatever the page
around them looks like (menus, meta lines, vote buttons, long comment threads, lists of other
posts), on every board engine's layout.

The pages in tests/pages/community/ were written for these tests in the layouts of common board
engines (a DC-style gallery, XE/Rhymix, gnuboard, a one-line humour post, a market board, an
agency's notice board, a blog with zero-width separators, a post with code).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.boilerplate import BoilerplateCleaner

PAGES = Path(__file__).parent / "pages" / "community"

# page -> (title, first body line, number of body lines)
POSTS = {
    "gallery_short_post.txt": ("오늘 한강 라이딩 바람 미쳤다", "역풍 맞으면서", 2),
    "xe_forum_post.txt": ("고양이가 키보드 위에서 잠들었어요", "퇴근하고 왔더니", 3),
    "gnuboard_question.txt": ("보일러 온수만 미지근하게", "난방은 잘 되는데", 3),
    "one_line_post.txt": ("버스에서 들은 할머니 명언", '"젊을 때 고생은', 1),
    "market_post.txt": ("[팝니다] 캠핑 의자 2개 일괄 3만원", "한 번 쓰고", 4),
    # an agency's notice board: breadcrumb labels above, the notice's fields as its body
    "notice_post.txt": ("2026년 청년 창업 공간 입주기업 모집 공고", "가상진흥원 공고", 13),
    # a humour board: the author's card, counters and buttons between the title and the meta
    # block, a body of short lines, then long comments the article-region rule prefers
    "profile_card_post.txt": ("비 오는 날 편의점 우산 가격 비교", "동네 편의점 세 곳 돌아봄", 5),
}
CLEANER = BoilerplateCleaner()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _kept_in_order(wanted: list[str], cleaned: list[str]) -> bool:
    it = iter(cleaned)
    return all(any(line == got for got in it) for line in wanted)


@pytest.mark.parametrize("with_title", [False, True], ids=["no-title", "record-title"])
@pytest.mark.parametrize("name", sorted(POSTS))
def test_title_and_every_body_line_survive(name: str, with_title: bool) -> None:
    """With or without the record's title beside the text (crawls often carry it)."""
    text = (PAGES / name).read_text(encoding="utf-8")
    title, first, n_body = POSTS[name]
    lines = _lines(text)
    title_at = next(i for i, line in enumerate(lines) if line.startswith(title))
    body_at = next(i for i, line in enumerate(lines) if line.startswith(first))
    post = [lines[title_at], *lines[body_at : body_at + n_body]]
    record_title = lines[title_at] if with_title else None
    cleaned = _lines(CLEANER.clean_text(text, record_title)[0])
    assert _kept_in_order(post, cleaned), cleaned


@pytest.mark.parametrize("name", sorted(POSTS))
def test_the_list_of_other_posts_goes(name: str) -> None:
    """Keeping the post is not bought by keeping everything: the board listing still goes."""
    text = (PAGES / name).read_text(encoding="utf-8")
    page, rules = CLEANER.mark(text)
    claimed = sum(1 for line, rule in zip(page.lines, rules, strict=True) if line.strip() and rule)
    assert claimed >= len(_lines(text)) // 3


# --- a property over generated pages ------------------------------------------------------------

MENU = [
    "홈",
    "자유게시판",
    "질문답변",
    "유머",
    "이슈",
    "장터",
    "공지사항",
    "로그인",
    "회원가입",
    "검색",
]
PHRASES = [
    "오늘 퇴근길에 비가 엄청 왔어요",
    "이거 저만 그런가요",
    "다들 주말에 뭐 하시나요",
    "ㅋㅋㅋ 진짜 웃기네",
    "사진은 나중에 올릴게요",
    "혹시 아시는 분 계신가요",
    "직거래만 합니다",
    "가격 내렸습니다",
    "어제 산 키보드가 벌써 고장 났네요",
    "답변 주시면 감사하겠습니다",
]
META = [
    "{nick} | 조회 {n} | 추천 {m} | 2026.04.0{d} 1{d}:2{d}",
    "작성자 {nick} 조회 {n}회 작성일 26-04-0{d} 0{d}:1{d}",
    "{nick}(211.3{d}) 2026.04.0{d} 1{d}:0{d}:3{d}\n조회 {n} 추천 {m} 댓글 {d}",
    "{nick}\n2026.04.0{d} 2{d}:1{d}\n조회 수 {n}\n추천 수 {m}",
    "작성자 : {nick} | 작성일 : 2026-04-0{d} 1{d}:22 | 조회 : {n}",
]
FOOTER = ["추천 {m}", "비추천 0", "목록", "스크랩", "신고", "댓글 {d}"]
COMMENT_META = ["2026.04.0{d} 1{d}:3{d}", "04.0{d} 1{d}:4{d}:0{d}", "답글"]
ROW = "{no} {title} {nick} 04-0{d} {n}"


@st.composite
def community_pages(draw: st.DrawFn) -> tuple[str, list[str]]:
    d = str(draw(st.integers(1, 9)))
    values = {"nick": draw(st.sampled_from(["산바람", "ㅇㅇ", "냥집사", "익명"])), "d": d}
    values |= {"n": str(draw(st.integers(10, 9999))), "m": str(draw(st.integers(0, 99)))}
    menu = draw(st.lists(st.sampled_from(MENU), min_size=3, max_size=10))
    title = (
        draw(st.sampled_from(PHRASES)) + " " + draw(st.sampled_from(["질문", "후기", "ㅠㅠ", ""]))
    )
    body = draw(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=4, unique=True))
    meta = draw(st.sampled_from(META)).format(**values)
    footer = [f.format(**values) for f in draw(st.lists(st.sampled_from(FOOTER), min_size=1))]
    comments: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        comments.append(values["nick"])
        comments.append(draw(st.sampled_from(PHRASES)) + draw(st.sampled_from(["", ".", "!!"])))
        comments.append(draw(st.sampled_from(COMMENT_META)).format(**values))
    rows = [
        ROW.format(no=9000 - k, title=draw(st.sampled_from(PHRASES)), **values)
        for k in range(draw(st.integers(0, 12)))
    ]
    header = ["번호 제목 글쓴이 날짜 조회"] if rows else []
    lines = [*menu, title.strip(), meta, *body, *footer, *comments, *header, *rows, "이용약관"]
    return "\n".join(lines), [title.strip(), *body]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(community_pages())
def test_no_generated_post_loses_a_line(case: tuple[str, list[str]]) -> None:
    text, post = case
    once = CLEANER.clean_text(text)[0]
    cleaned = _lines(once)
    assert _kept_in_order(post, cleaned), (post, cleaned)
    # and a post kept once is kept again: cleaning cleaned text changes nothing
    assert CLEANER.clean_text(once)[0] == once


def test_zero_width_separators_neither_fence_nor_survive() -> None:
    """Blog editors put zero-width spaces between paragraphs; as lines of their own they are
    blank to the shape rules (so they fence nothing off) and go as interface text."""
    text = (PAGES / "blog_zero_width.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    title = lines.index("주말 캠핑 장비 정리")
    body = lines[
        lines.index("장비 목록") : lines.index("다음 캠핑은 강원도로 가 보려고 합니다") + 1
    ]
    post = [lines[title], *(line for line in body if line != "\u200b")]
    page, rules = CLEANER.mark(text)
    cleaned = _lines(CLEANER.clean_text(text)[0])
    assert _kept_in_order(post, cleaned), cleaned
    assert "\u200b" not in cleaned
    invisible = {rule for line, rule in zip(page.lines, rules, strict=True) if line == "\u200b"}
    assert invisible == {"chrome"}


def test_a_code_block_in_a_post_survives_whole() -> None:
    text = (PAGES / "code_post.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    code = lines[lines.index("import glob") : lines.index("}") + 1]
    cleaned = CLEANER.clean_text(text)[0].split("\n")
    assert _kept_in_order(code, cleaned), cleaned


def test_a_listing_with_one_cell_per_line_and_no_header_goes() -> None:
    text = (PAGES / "headerless_listing.txt").read_text(encoding="utf-8")
    page, rules = CLEANER.mark(text)
    rows = [rule for line, rule in zip(page.lines, rules, strict=True) if line.strip()][1:-1]
    assert rows and all(rule is not None for rule in rows), rows


def test_a_live_blog_keeps_its_time_stamps_and_paragraphs() -> None:
    """Time, heading and paragraph repeat at a fixed period too; with paragraphs between the
    stamps it is a story, not a listing."""
    text = (PAGES.parent / "live_blog.txt").read_text(encoding="utf-8")
    _, rules = CLEANER.mark(text)
    assert "board_table" not in rules
    story = [line for line in _lines(text) if ":" not in line]  # headings and paragraphs
    assert _kept_in_order(story, _lines(CLEANER.clean_text(text)[0]))
