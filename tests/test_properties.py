"""Properties of BoilerplateCleaner.clean_text that hold for every input, checked by hypothesis.

Generated pages mix real boilerplate and article lines (so the detectors do fire) with
arbitrary unicode: emoji, conjoining jamo, full-width forms, right-to-left text and controls.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner.boilerplate import BoilerplateCleaner

CLEANER = BoilerplateCleaner()

BOILERPLATE = [
    "무단 전재 및 재배포 금지",
    "ⓒ중앙일보https://www.joongang.co.kr, 무단 전재 및 재배포 금지",
    "홍길동 기자 hong@example.com",
    "MBC뉴스 김윤미입니다.",
    "많이 본 뉴스",
    "이 시각 많이 본 뉴스",
    "▶ 혼외자 논란 대비했나…정우성, 광고계약 0건",
    "https://www.joongang.co.kr/article/25260922",
    "댓글목록",
    "등록된 댓글이 없습니다.",
    "추천 0 비추천 0 신고 스크랩",
    "번호 제목 글쓴이 날짜",
    "47122 尹대통령 \"홍장원에 '방첩사 도우라' 통화, 계엄과 무관\" 랭크뉴스 2025.02.04",
    "▷ 전화 02-784-4000",
    "▷ 카카오톡 @mbc제보",
    "영상취재: 소정섭, 윤병순 / 영상편집: 김민지",
    "메뉴 건너뛰기",
    "홈",
    "정치",
    "경제",
    "2025.02.04 13:22",
    "0000 0",
]
PROSE = [
    "서울시는 올해 하반기부터 대중교통 요금을 조정한다고 밝혔다.",
    "전문가들은 금리 인상이 가계 부채에 미칠 영향을 우려하고 있다. 이번 축제에는 지난해보다 "
    "두 배 많은 관광객이 찾을 것으로 보인다.",
    "[뉴스데스크]",
    "AI 패권을 놓고 글로벌 기업들의 합종연횡이 본격화되고 있습니다.",
]
UNICODE = st.sampled_from(
    [
        "😀👍🏽👨‍👩‍👧‍👦🇰🇷",  # emoji, skin tone, ZWJ sequence, flag
        "\u1112\u1161\u11ab\u1100\u116e\u11a8",  # 한국 as conjoining jamo
        "ＡＢＣ１２３！？（）　［］",  # full-width forms and ideographic space
        "שלום עולם مرحبا بالعالم \u200f\u202e\u202c",  # RTL text and bidi controls
        "\u200b\u200c\u200d\ufeff\u00ad",  # zero-width characters, BOM, soft hyphen
        "\x00\x07\x1b\x7f\x85\u2028\u2029\r",  # controls and unusual line separators
        "e\u0301\u0327\u20dd",  # stacked combining marks
        "𝕳𝖊𝖑𝖑𝖔 𠀀𠀁",  # astral plane letters and ideographs
    ]
)
LINE = st.one_of(
    st.sampled_from(BOILERPLATE),
    st.sampled_from(PROSE),
    st.sampled_from(["", " ", "\t", "  \u3000 "]),
    UNICODE,
    st.text(max_size=40),
    st.builds("".join, st.lists(st.one_of(UNICODE, st.sampled_from(BOILERPLATE)), max_size=3)),
)
PAGES = st.lists(LINE, max_size=30).map("\n".join)
# derandomized: CI runs the examples a developer ran, so a property found broken on one run is
# not a coin toss on the next (search wider by hand with another seed or more examples)
SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


def is_subsequence(out: list[str], source: list[str]) -> bool:
    """Every output line, in order, is an input line; a blank output line stands for a blank
    (whitespace-only) input line, which the cleaner may shorten to ''."""
    it = iter(source)
    for line in out:
        if line == "":
            if not any(s.strip() == "" for s in it):
                return False
        elif line not in it:
            return False
    return True


@SETTINGS
@given(PAGES)
def test_output_lines_are_a_subsequence_of_input_lines(text: str) -> None:
    cleaned, _ = CLEANER.clean_text(text)
    out = cleaned.split("\n") if cleaned else []  # an empty result has no lines
    assert is_subsequence(out, text.split("\n"))


@SETTINGS
@given(PAGES)
def test_cleaning_never_adds_text(text: str) -> None:
    cleaned, _ = CLEANER.clean_text(text)
    assert len(cleaned) <= len(text)
    visible_in = Counter(ch for ch in text if not ch.isspace())
    visible_out = Counter(ch for ch in cleaned if not ch.isspace())
    assert visible_out <= visible_in


@SETTINGS
@given(PAGES)
@example("0000 0\n무단 전재 및 재배포 금지\n0000 0\n0000 0\n0000 0")
# a bare URL in a post's body stays claimed, and no sentence is its headline (hypothesis)
@example(
    "서울시는 올해 하반기부터 대중교통 요금을 조정한다고 밝혔다.\n추천 0 비추천 0 신고 스크랩\n"
    "서울시는 올해 하반기부터 대중교통 요금을 조정한다고 밝혔다.\n홍길동 기자 hong@example.com\n"
    "https://www.joongang.co.kr/article/25260922\n"
    "서울시는 올해 하반기부터 대중교통 요금을 조정한다고 밝혔다."
)
# a section label inside a post's body stays claimed (found by hypothesis)
@example(
    "서울시는 올해 하반기부터 대중교통 요금을 조정한다고 밝혔다.\n추천 0 비추천 0 신고 스크랩\n"
    "서울시는 올해 하반기부터 대중교통 요금을 조정한다고 밝혔다.\n많이 본 뉴스\n"
    "서울시는 올해 하반기부터 대중교통 요금을 조정한다고 밝혔다."
)
# a section label above a counters line is no post title, nor its author (found by hypothesis)
@example(
    "서울시는 올해 하반기부터 대중교통 요금을 조정한다고 밝혔다.\n많이 본 뉴스\n"
    "추천 0 비추천 0 신고 스크랩\n서울시는 올해 하반기부터 대중교통 요금을 조정한다고 밝혔다."
)
@example(
    "많이 본 뉴스\n추천 0 비추천 0 신고 스크랩\n서울시는 올해 하반기부터 대중교통 요금을 조정한다고 밝혔다."
)
def test_cleaning_is_idempotent(text: str) -> None:
    once, _ = CLEANER.clean_text(text)
    twice, removals = CLEANER.clean_text(once)
    assert twice == once
    assert removals == []


@SETTINGS
@given(PAGES)
def test_every_removed_line_is_accounted_for(text: str) -> None:
    """Kept lines plus the removals' lines are exactly the non-blank input lines, and every
    removal quotes the input lines it names (provenance survives the repeated passes)."""
    lines = text.split("\n")
    cleaned, removals = CLEANER.clean_text(text)
    removed: set[int] = set()
    for r in removals:
        assert r.text == "\n".join(lines[r.first_line : r.last_line + 1])
        span = {i for i in range(r.first_line, r.last_line + 1) if lines[i].strip()}
        assert not span & removed
        removed |= span
    kept = [line for line in cleaned.split("\n") if line.strip()]
    expected = [line for i, line in enumerate(lines) if line.strip() and i not in removed]
    assert kept == expected


def test_known_counterexample_needs_a_second_pass() -> None:
    """Found by hypothesis: once the lexicon line goes, the number lines are an orphaned
    block; a single detector pass left them and removed them only on a second cleaning."""
    text = "0000 0\n무단 전재 및 재배포 금지\n0000 0\n0000 0\n0000 0"
    once, removals = CLEANER.clean_text(text)
    assert CLEANER.clean_text(once)[0] == once
    assert sum(r.n_lines for r in removals) + len([x for x in once.split("\n") if x]) == 5
