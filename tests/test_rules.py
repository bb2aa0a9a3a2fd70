"""Every rule, with lines it must remove and look-alike article lines it must keep.

Lines are written for these tests or taken from the two seed documents. The evaluation set is
read at run time only (its texts belong to their publishers) for the regression guard below.
"""

from __future__ import annotations

import dataclasses

import pytest

from cleaner.boilerplate import BoilerplateCleaner
from cleaner.boilerplate.detectors import (
    DETECTORS,
    MarkerIndex,
    is_section_label,
    is_ui_line,
    marker_rule,
)
from cleaner.boilerplate.evaluate import evaluate_records
from cleaner.boilerplate.lexicon import CUES, GATES, MARKERS

ARTICLE = (
    "정부는 23일 내년도 예산안을 발표하며 반도체와 인공지능 분야 지원을 크게 늘리겠다고 밝혔다. "
    '기획재정부 관계자는 "민간 투자를 끌어내는 데 초점을 맞췄다"고 설명했다.'
)


def rules_of(text: str, title: str | None = None) -> dict[str, str | None]:
    page, rules = BoilerplateCleaner().mark(text, title)
    return {
        line.strip(): rule for line, rule in zip(page.lines, rules, strict=True) if line.strip()
    }


# --- line markers ------------------------------------------------------------------------------

MARKER_POSITIVE = {
    "copyright": [
        "이 저작물은 CC BY-NC-SA 2.0 KR에 따라 이용할 수 있습니다.",
        "가상군청이 창작한 보도자료 저작물은 공공누리 출처표시 조건에 따라 이용할 수 있습니다",
        "ⓒ중앙일보https://www.joongang.co.kr, 무단 전재 및 재배포 금지",
        "저작권자 © 한빛일보 무단전재 및 재배포 금지",
        "Copyright © Hanbit News. All rights reserved.",
        "<저작권자(c) 가상뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>",
        "사업자등록번호 : 123-45-67890 | 발행인 : 홍길동 | 청소년보호책임자 : 김철수",
        "* 외부 필진의 칼럼은 본지의 편집 방향과 다를 수 있습니다.",
        "이 기사는 가상경제 투자정보 플랫폼에 게재된 기사입니다.",
        "본 기획물은 정부광고 수수료로 조성된 언론진흥기금의 지원을 받았습니다.",
    ],
    "tipline": [
        "MBC 뉴스는 24시간 여러분의 제보를 기다립니다.",
        "▷ 전화 02-784-4000",
        "- Tel 000-123-4000 / Fax 000-123-4001",
        "▷ 카카오톡 @mbc제보",
        "제보는 카카오톡 okjebo",
        "※가상뉴스는 여러분의 제보로 함께 세상을 바꿉니다.",
    ],
    "byline": [
        "김남영 기자 kim.namyoung3@joongang.co.kr",
        "MBC뉴스 김윤미입니다.",
        "홍길동 기자",
        "박하나 기자 2023. 11. 1. 05:10",
        "한빛라디오 정유진입니다.",
        "[영상취재 최민수]",
        "오가람 기상캐스터",
        "기자명 윤한결 기자",
        "물고기 · 2025. 2. 4. 14:22",
        "[한결 가상스포츠 기자]",
        "[가상일보 | 한별 기자]",
        "[가상스포츠=김환]",
        "안산 | 김하늘 기자 sky@example.com",
        "도쿄에서 한빛뉴스 정유진입니다.",
        "박하늘 기자 외 1명",
    ],
    "credit": [
        "영상취재: 소정섭, 윤병순, 나경운 / 영상편집: 김민지",
        "[사진 출처: 가상통신]",
        "그래픽=홍길동",
        "경찰 로고./가상일보 DB",
        "/사진공동취재단",
    ],
    "chrome": [
        "메뉴 건너뛰기",
        "본문 바로가기",
        "댓글목록",
        "등록된 댓글이 없습니다.",
        "조회 수 17679 댓글 17",
        "입력 2025.05.15 20:00 수정 2025.05.15 20:57",
        "- 이전글[우주산업 리포트] 재사용 발사체 개발 24.11.26",
        "전체 리플 0개",
        "━",
        "(끝)",
        "#한복 #패션쇼 #워싱턴",
        "[앵커]",
        "본문 글씨 키우기",
        "작성자: 새내기",
        "캠핑 > 캠핑후기",
        "자동차 자유게시판",
        "보도자료",
        "by 숲길 | 2025.02.04 09:12 | 조회 2,214 | 추천 31",
        "바로구매 장바구니 관심상품",
        "2026 스마트공장 컨설팅 공고문.hwp (120 KB)",
        "[jpg,474.7 KB]",
        "기사입력 :[ 2026-03-02 15:24 ]",
        "이 페이지에서 제공하는 정보에 대하여 만족하십니까?",
        "- 담당부서 가상홍보실 전화 000-123-4567",
    ],
}

# Article sentences that share a word with a marker and must stay.
MARKER_NEGATIVE = [
    "경찰은 시민의 제보를 받고 현장에 출동해 용의자를 붙잡았다고 설명했다.",
    "재판부는 저작권 침해가 인정된다며 피고에게 손해배상을 명령했다.",
    "그는 2025.02.04 열린 회의에서 예산안 처리를 둘러싼 여야 합의가 무산됐다고 말했다.",
    "회사 측은 이메일로 입장을 전하며 사실관계를 확인하고 있다고 밝혔다.",
    "이 기자는 현장에서 주민 30여 명을 만나 피해 상황을 들었다.",
    "가자지구로 돌진하는 이스라엘군의 탱크 행렬이 국경 인근에서 목격됐다는 보도가 이어졌다.",
    "다음 달부터 전국 버스 요금이 평균 300원 오른다.",
    "조회수 경쟁에 매달린 유튜버들이 자극적인 영상을 쏟아내고 있다는 지적이 나온다.",
    "저는 홍길동입니다.",
    "담당자는 사흘 안에 답변하겠다고 약속했다.",
    "그는 게시판에 사과문을 올리고 활동을 중단했다.",
    "최성원. 가상농구연맹 제공",
    "▶ 김교수 : 네, 안녕하세요.",
    "문의는 help@example.com으로 하면 된다.",
    "[속보] 수도권 전철 1호선 운행 재개",
    "A씨는 고객 예금 15억원을 인출해 무단 사용한 혐의로 기소됐다.",
    "부부는 모친으로부터 월 400만원 정도의 지원을 받아 생활했다고 한다.",
    "이용약관에 동의한 구독자들이 광고성 정보에는 동의하지 않았다.",
    "랜덤 채팅앱 설치 화면.",
    "가상 외교부-가상방송 정정보도 청구 소송 항소심 4차 변론",
    "가람소프트 / 나래바이오 / 다온푸드 / 라온테크",  # a list of names, not a slash credit
    "가람(왼쪽)과 나래 선수들이 경기 후 손을 맞잡고 있다. / 가상스포츠",  # a caption, credited
    "첨부한 보고서.pdf를 참고하면 그는 회의에서 이렇게 말했다.",
    "안내판에는 시민 만족도를 평가해 주세요 라는 문구가 붙었다.",
    "고양이가 택배 상자에 들어가는 이유.jpg",  # a humour board's post title, not an attachment
]


@pytest.mark.parametrize(
    ("rule", "line"), [(rule, line) for rule, lines in MARKER_POSITIVE.items() for line in lines]
)
def test_marker_removes(rule: str, line: str) -> None:
    assert marker_rule(line) == rule or rules_of(f"{ARTICLE}\n{line}")[line] == rule


@pytest.mark.parametrize("line", MARKER_NEGATIVE)
def test_marker_keeps_article_sentences(line: str) -> None:
    assert marker_rule(line) is None
    assert rules_of(f"{ARTICLE}\n{line}\n{ARTICLE}")[line] is None


def test_every_marker_has_cues_or_a_gate() -> None:
    # Every marker of MARKERS is checked when the detectors module builds its index on import;
    # what is tested here is that the check refuses a marker the index could never reach.
    unreachable = dataclasses.replace(MARKERS[0], name="neither-cued-nor-gated")
    with pytest.raises(ValueError, match="neither cues nor a gate"):
        MarkerIndex((*MARKERS, unreachable))
    MarkerIndex(MARKERS)
    # and no cue or gate is left over from a marker that was renamed or removed
    assert set(CUES) | set(GATES) <= {m.name for m in MARKERS}


def test_every_marker_cue_occurs_in_what_it_matches() -> None:
    # a cue missing from the pattern would hide the marker from the prefilter
    for line_list in MARKER_POSITIVE.values():
        for line in line_list:
            cued = [m.name for m in MARKERS if any(c in line for c in CUES.get(m.name, ()))]
            assert cued or line[-1].isdigit() or not line[0].isalnum(), line


# --- board tables and headline lists -------------------------------------------------------------

BOARD_SPACED = """번호 제목 글쓴이 날짜 조회
1024 주말 등산 모임 후기 올립니다 산바람 2025.02.04 51
1023 [공지] 게시판 이용 규칙 안내 운영자 25.02.03 1,204
» 오늘 점심 메뉴 추천 받습니다 밥도둑 02-03 8
1021 자전거 출퇴근 3개월 해보니 페달 11/04 97
1020 새벽 배송 지연 문의 드립니다 나그네 14:22 12"""

BOARD_CELLS = """번호
제목
글쓴이
날짜
조회
3012
중고 노트북 시세 질문
초보
2025.01.30
44
3011
동네 도서관 휴관일 바뀌었네요
책벌레
2025.01.29
102"""

BOARD_PIPES = """번호 | 제목 | 작성자 | 등록일
88 | 봄맞이 대청소 봉사자 모집 | 주민센터 | 2025-03-02
87 | 분리수거 요일 변경 안내 | 관리사무소 | 2025-02-27
86 | 놀이터 보수 공사 일정 | 관리사무소 | 2025-02-20"""

HEADLINES_NO_HEADER = """‘의대 증원’ 갈등의 1년…환자 곁 떠난 의료진 가상뉴스 2025.02.04
서울 아침 체감온도 영하 19도…한파 절정 가상뉴스 2025.02.04
홋카이도에 12시간 만에 120㎝ 폭설 가상뉴스 2025.02.04"""


@pytest.mark.parametrize("table", [BOARD_SPACED, BOARD_CELLS, BOARD_PIPES, HEADLINES_NO_HEADER])
def test_board_tables_go_whole(table: str) -> None:
    rules = rules_of(f"{ARTICLE}\n{table}")
    assert rules[ARTICLE] is None
    for line in table.split("\n"):
        assert rules[line.strip()] == "board_table", line


def test_sidebar_table_at_the_top_goes_too() -> None:
    rules = rules_of(f"{BOARD_SPACED}\n{ARTICLE}\n{ARTICLE}")
    assert rules[ARTICLE] is None
    assert rules["번호 제목 글쓴이 날짜 조회"] == "board_table"


def test_dated_sentences_and_stat_lists_in_articles_stay() -> None:
    story = "\n".join(
        [
            ARTICLE,
            "1위 삼성전자: 시가총액 420조 원",
            "2위 SK하이닉스: 시가총액 150조 원",
            "3위 LG에너지솔루션: 시가총액 90조 원",
            "위원회는 2025.02.04 회의에서 이 안건을 의결했다.",
            ARTICLE,
        ]
    )
    rules = rules_of(story)
    assert all(rule is None for rule in rules.values()), rules


# --- related / most-viewed / promo blocks ---------------------------------------------------------

RELATED = """이 시각 많이 본 뉴스
▶ 배우 A씨, 10년 만에 안방극장 복귀
▶ "하루 3시간 일하고 월 600만원" 화제의 직업
· 주말 나들이 명소 5곳
https://news.example.com/article/1234"""


def test_related_block_goes_whole() -> None:
    rules = rules_of(f"{ARTICLE}\n{RELATED}")
    for line in RELATED.split("\n"):
        assert rules[line] == "related_links", line


def test_section_labels_are_recognised_with_decoration() -> None:
    for label in ("[관련기사]", "■ 인기기사", "많이 본 뉴스", "정치 많이 본 뉴스", "<주요뉴스>"):
        assert is_section_label(label), label
    assert not is_section_label("관련 부처는 대책을 마련하기로 했다.")


def test_speaker_turns_with_arrows_are_not_promos() -> None:
    interview = "\n".join(
        [
            "▷ 진행자 : 오늘 어떤 말씀 하실 건가요?",
            "▶ 김교수 : 네, 안녕하세요.",
            "▷ 진행자 : 감사합니다.",
        ]
    )
    rules = rules_of(f"{ARTICLE}\n{interview}\n{ARTICLE}")
    assert all(rule is None for rule in rules.values()), rules


def test_bullet_points_inside_a_story_stay() -> None:
    bullets = "- 서울 학생 수 10년 새 20% 감소\n- 과밀 학급은 오히려 늘어"
    rules = rules_of(f"제목 한 줄\n{bullets}\n{ARTICLE}\n{ARTICLE}")
    assert rules["- 서울 학생 수 10년 새 20% 감소"] is None


# --- page chrome, menus, context -----------------------------------------------------------------


def test_ui_lines() -> None:
    assert is_ui_line("목록 답변 글쓰기")
    assert is_ui_line("추천 0 비추천 0 신고 스크랩 공유")
    assert not is_ui_line("추천 종목을 공유한 리딩방 운영자가 구속됐다")


def test_menu_runs_go_but_short_subheads_stay() -> None:
    menu = "\n".join(["정치", "경제", "사회", "국제", "문화", "연예", "스포츠"])
    rules = rules_of(f"{menu}\n{ARTICLE}\n핵심 쟁점은 재원\n{ARTICLE}")
    assert {rules[m] for m in menu.split("\n")} == {"nav_menu"}
    assert rules["핵심 쟁점은 재원"] is None


def test_title_at_the_top_survives() -> None:
    text = f"반도체 지원 예산 두 배로…민간 투자 유도\n{ARTICLE}\n{ARTICLE}\n홍길동 기자 hong@example.com"
    rules = rules_of(text)
    assert rules["반도체 지원 예산 두 배로…민간 투자 유도"] is None
    assert rules["홍길동 기자 hong@example.com"] == "byline"


def test_record_title_is_never_removed() -> None:
    title = "많이 본 뉴스"  # a title that looks like a section label
    rules = rules_of(f"{title}\n{ARTICLE}", title=f"{title} | 가상일보")
    assert rules[title] is None


def test_the_titles_under_prev_next_labels_are_the_neighbouring_posts() -> None:
    text = (
        "동네 도서관이 새로 문을 열어서 아이와 함께 다녀왔는데 생각보다 책이 많았어요.\n"
        "이전글\n주말에 가기 좋은 근교 공원 추천\n다음글\n아이 자전거 고르는 법 질문드려요\n"
    )
    rules = rules_of(text)
    assert rules["주말에 가기 좋은 근교 공원 추천"] == "chrome"
    assert rules["아이 자전거 고르는 법 질문드려요"] == "chrome"
    assert (
        rules["동네 도서관이 새로 문을 열어서 아이와 함께 다녀왔는데 생각보다 책이 많았어요."]
        is None
    )


def test_detector_names_are_stable() -> None:
    # names appear in provenance, statistics and users' configs: renaming one is a breaking change
    assert list(DETECTORS) == [
        "board_table",
        "row_listing",
        "markers",
        "chrome",
        "neighbour_titles",
        "related_links",
        "link_list",
        "headline_list",
        "nav_menu",
        "comments",
        "outside_article",
    ]


# --- regression guard on the labelled dev set (read at run time) ---------------------------------


def test_dev_set_targets(dev_docs) -> None:
    cleaner = BoilerplateCleaner()
    scores = evaluate_records(dev_docs, cleaner.clean_text).overall.scores()
    assert scores["boilerplate_recall"] >= 0.95
    assert scores["content_line_loss"] <= 0.0105


def test_every_rule_in_provenance_is_one_a_registered_detector_emits() -> None:
    from pathlib import Path

    emitted = {rule for spec in DETECTORS.values() for rule in spec.emits}
    pages = sorted((Path(__file__).parent / "pages").rglob("*.txt"))
    seen: set[str] = set()
    for path in pages:
        _, removals = BoilerplateCleaner().clean_text(path.read_text(encoding="utf-8"))
        seen.update(r.rule for r in removals)
    assert seen and seen <= emitted, seen - emitted


def test_a_pipe_table_of_dated_headlines_is_a_listing_and_a_timetable_is_text() -> None:
    """Extracted text renders a blog's 'other posts' block as a pipe table whose rows close
    with a border; the rows carry a headline and a date. A timetable in the text carries only
    times and stays."""
    listing = "\n".join(
        f"| [일기] 가상 도시 산책 기록 {n}편 ({n % 3}) | 2026.0{n}.1{n} |" for n in range(1, 6)
    )
    timetable = "\n".join(
        f"| {job} | 0{n}:00 |  | 1{n}:00 |  |"
        for n, job in enumerate(["백업", "검증", "정리", "동기화"])
    )
    text = (
        "서버 백업 일정을 새로 짰다. 매일 같은 시각에 네 가지 작업이 돌아가도록 했다.\n"
        f"{timetable}\n"
        "이렇게 나누니 작업끼리 겹치지 않아서 밤사이 디스크 사용량이 훨씬 안정적이었다.\n"
        "'가상 > 일상' 카테고리의 다른 글\n"
        f"{listing}\n"
    )
    page, rules = BoilerplateCleaner().mark(text)
    by_line = dict(zip(page.stripped, rules, strict=True))
    for row in timetable.split("\n"):
        assert by_line[row.strip()] is None
    for row in listing.split("\n"):
        assert by_line[row.strip()] == "board_table"
