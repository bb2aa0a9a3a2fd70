"""Document filters (issue 14, item 1): what each measures on texts written for these tests, the
bounds that let clean documents skip a measure, thresholds and on/off, the spam lexicon on
advertisements and on news about the same trades, the configuration, and what a run records:
``filtered.parquet``, ``stats.json`` and the summary.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.cli import main
from cleaner.config import ConfigError, load_config
from cleaner.filters import measures
from cleaner.filters.check import FILTERS, DocumentFilters, from_config, resolve_filters
from cleaner.filters.measures import TextFacts
from cleaner.filters.spam import TERMS, CueIndex, lexicon
from cleaner.filters.table import FILTER_SPECS
from cleaner.run.stats import CleanStats

# --- texts written for these tests -------------------------------------------------------------

NEWS = (
    "시는 올해 하반기부터 동네 도서관 열두 곳의 운영 시간을 밤 아홉 시까지 늘린다고 밝혔다.\n"
    "퇴근한 직장인과 시험을 준비하는 학생들의 요청이 이어진 데 따른 조치다.\n"
    "늘어난 시간에는 사서 대신 자원봉사자가 대출과 반납 창구를 맡는다.\n"
    "시 관계자는 이용자가 많은 곳부터 차례로 주말 운영도 검토하겠다고 말했다."
)
ENGLISH = (
    "The city library will stay open until nine in the evening from next month.\n"
    "Volunteers will staff the loan desk during the extra hours, officials said."
)

GAMBLING_AD = (
    "먹튀검증 완료된 안전놀이터만 모았습니다\n"
    "메이저사이트 가입하고 첫충 20% 매충 10% 혜택 받아가세요\n"
    "스포츠 경기부터 카지노, 바카라까지 한 곳에서 즐기세요\n"
    "가입코드 WIN77 입력하면 꽁머니 1만원 바로 지급\n"
    "24시간 고객센터 텔레그램 @safeplay77"
)
SPACED_GAMBLING_AD = (
    "토 토 사 이 트 순위 모음, 검증된 곳만 소개합니다\n"
    "신규 가입 즉시 보너스 지급, 환전 빠른 곳\n"
    "문의 주세요 카톡 ID: bet2424"
)
ADULT_AD = (
    "강남 역삼 출장안마 출장마사지 24시 후불제\n"
    "20대 관리사 상주, 사진과 다르면 돌려드립니다\n"
    "카톡 ID: gangnam24 / 010-1234-5678 문의 주세요"
)
MASSAGE_AD = (
    "역삼역 스웨디시 마사지 신규 오픈\n"
    "예약 010-9876-5432, 카톡 relax365\n"
    "첫 방문 할인 이벤트 진행 중"
)
LOAN_AD = (
    "무직자 당일대출 가능, 신불자대출 작업대출 상담\n"
    "서류 없이 당일 승인, 소액급전 필요하신 분 연락 주세요\n"
    "문의 010-2222-3333 텔레그램 @money_fast"
)
DRUG_AD = (
    "비아그라 구매 처방전 없이 정품만 판매합니다\n"
    "시알리스 구입 당일 배송, 주문은 www.pill-shop-example.com 바로가기"
)
SPAM = {
    "gambling": GAMBLING_AD,
    "spaced gambling": SPACED_GAMBLING_AD,
    "adult": ADULT_AD,
    "massage": MASSAGE_AD,
    "loan": LOAN_AD,
    "drugs": DRUG_AD,
}

# news and other pages that name the same trades without advertising them
GAMBLING_NEWS = (
    "경찰청은 지난 석 달 동안 불법 도박 사이트 단속을 벌여 운영자와 홍보책 등 120명을 "
    "검거했다고 밝혔다.\n"
    "이들은 해외에 서버를 두고 바카라와 슬롯 게임을 흉내 낸 사이트를 열어 텔레그램으로 "
    "회원을 모은 혐의를 받는다.\n"
    "경찰은 '먹튀검증'을 내세운 홍보 글과 첫충 보너스를 미끼로 한 광고도 수사하고 있다고 전했다.\n"
    "적발된 사이트에 오간 판돈은 모두 3천억 원에 이르는 것으로 조사됐다."
)
NOT_SPAM = {
    "gambling news": GAMBLING_NEWS,
    "casino resort": (
        "강원 정선의 카지노 리조트는 올해 방문객이 지난해보다 12% 늘었다고 밝혔다.\n"
        "리조트 측은 슬롯머신 구역을 줄이고 가족 단위 관광객을 위한 공연장을 새로 열 계획이다.\n"
        "지역 상인들은 관광객이 늘면서 숙박과 음식점 매출도 회복되고 있다고 전했다."
    ),
    "loan news": (
        "금융감독원은 저신용자를 노리는 작업대출 광고가 늘고 있다며 주의를 당부했다.\n"
        "금감원에 따르면 올해 상반기 불법 사금융 피해 상담은 지난해보다 30% 늘었다.\n"
        "대출을 미끼로 개인정보를 요구하면 즉시 신고해야 한다고 설명했다."
    ),
    "officetel ad": (
        "역세권 오피스텔 신규 분양, 전용 면적 24제곱미터부터.\n"
        "모델하우스 방문 예약은 02-123-4567, 자세한 내용은 홈페이지를 참고하세요."
    ),
    "baseball": (
        "그는 경기 전 배팅 연습에서 담장을 넘기는 타구를 여러 차례 날렸다.\n"
        "감독은 타격감이 올라왔다며 오늘 4번 타자로 내보내겠다고 말했다."
    ),
    "memory slot": (
        "이 노트북은 메모리 슬롯이 두 개라 나중에 램을 늘리기 쉽다.\n"
        "저장 장치 슬롯도 하나 더 있어 두 번째 SSD를 달 수 있다."
    ),
    "health": (
        "성인병을 막으려면 짜게 먹는 습관부터 고쳐야 한다.\n"
        "성인 남성의 하루 나트륨 권장 섭취량은 2천 밀리그램이다."
    ),
    "film review": (
        "이웃집 토토로를 다시 봤는데 어릴 때와 느낌이 완전히 달랐다.\n"
        "스포츠토토 광고가 앞에 붙어 있어서 조금 깼지만 영화는 여전히 좋았다."
    ),
}


def score(text: str) -> float:
    return lexicon().judge(text).score


# --- measures ------------------------------------------------------------------------------------


def test_hangul_share_counts_letters_only() -> None:
    assert measures.hangul_share(TextFacts(NEWS)) > 0.99
    assert measures.hangul_share(TextFacts(ENGLISH)) == 0.0
    assert measures.hangul_share(TextFacts("2024. 10. 3. 12:00 ~ 14:00 #1 ※ ①")) == 0.0
    half = "한글 글자 abcd"  # four Hangul syllables, four Latin letters
    assert measures.hangul_share(TextFacts(half)) == pytest.approx(0.5)
    # decomposed (NFD) Hangul and compatibility jamo are Hangul too
    nfd = unicodedata.normalize("NFD", NEWS)
    assert measures.hangul_share(TextFacts(nfd)) > 0.99
    assert measures.hangul_share(TextFacts("ㅋㅋㅋ ㅠㅠ")) == 1.0
    # Japanese and Chinese are not Korean
    assert measures.hangul_share(TextFacts("東京の図書館は夜九時まで開いています。")) == 0.0


def test_sentence_count_is_korean_aware() -> None:
    assert measures.sentence_count(TextFacts(NEWS)) == 4
    # a review line without a full stop still ends a sentence; a headline does not
    assert (
        measures.sentence_count(TextFacts("정말 재밌어요\n이 영화 추천함\n올해의 영화 10선")) == 2
    )
    assert measures.sentence_count(TextFacts("▲김철수 별세, 김영희 남편상=3일 서울병원")) == 0
    assert measures.sentence_count(TextFacts("왜 그랬을까? 모르겠다! 그래서…")) == 3


def test_duplicate_lines_and_paragraphs() -> None:
    line = "같은 줄이 다시 나온다."
    text = f"{line}\n다른 줄 하나.\n{line}\n{line}"
    facts = TextFacts(text)
    repeated = 2 * len(line)
    assert measures.dup_line_chars(facts) == pytest.approx(
        repeated / (3 * len(line) + len("다른 줄 하나."))
    )
    assert measures.dup_line_chars(TextFacts(NEWS)) == 0.0
    paragraphs = f"{NEWS}\n\n짧은 문단.\n\n{NEWS}"
    value = measures.dup_paragraph_chars(TextFacts(paragraphs))
    assert value == pytest.approx(len(NEWS) / (2 * len(NEWS) + len("짧은 문단.")))
    assert measures.dup_paragraph_chars(TextFacts(NEWS)) == 0.0


def test_top_ngram_counts_every_occurrence() -> None:
    # '토토 추천' six times among other words: 6 × 4 characters of 6×4 + 7×2 letters
    text = " ".join(["토토 추천"] * 6 + ["가나", "다라", "마바", "사아", "자차", "카타", "파하"])
    facts = TextFacts(text)
    words = text.split()
    total = sum(map(len, words))
    assert measures.top_ngram_chars(facts, 2) == pytest.approx(6 * 4 / total)
    assert measures.top_ngram_chars(TextFacts(NEWS), 2) == 0.0  # nothing repeats


def test_dup_ngram_counts_overlapping_repeats_once() -> None:
    phrase = "하나 둘 셋 넷 다섯 여섯"
    text = f"{phrase} 일곱 여덟 {phrase}"
    facts = TextFacts(text)
    total = sum(map(len, text.split()))
    covered = 2 * sum(map(len, phrase.split()))
    assert measures.dup_ngram_chars(facts, 5) == pytest.approx(covered / total)
    assert measures.dup_ngram_chars(facts, 6) == pytest.approx(covered / total)
    assert measures.dup_ngram_chars(facts, 7) == 0.0
    # a run of one word: every 5-gram is the same, each character counted once
    run = TextFacts(" ".join(["짝"] * 20))
    assert measures.dup_ngram_chars(run, 5) == 1.0


def test_symbol_bullet_and_ellipsis_ratios() -> None:
    assert measures.symbol_ratio(TextFacts("#맛집 #여행 #카페 오늘 다녀옴")) == pytest.approx(3 / 5)
    assert measures.symbol_ratio(TextFacts("그래서... 결국…")) == pytest.approx(2 / 2)
    listing = "- 첫째 항목\n- 둘째 항목\n• 셋째 항목\n설명 한 줄"
    assert measures.bullet_lines(TextFacts(listing)) == pytest.approx(3 / 4)
    # interview turns opened with ▷ / ▶ are prose, not a list
    interview = "▷ 진행자 : 안녕하세요.\n▶ 출연자 : 네, 반갑습니다."
    assert measures.bullet_lines(TextFacts(interview)) == 0.0
    teasers = "첫 기사 제목은…\n둘째 기사 제목은...\n셋째 줄은 끝난다."
    assert measures.ellipsis_lines(TextFacts(teasers)) == pytest.approx(2 / 3)


WORDS = st.sampled_from(["가", "나다", "라마바", "사", "아자", "차카타파", "하", "토토", "추천"])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(WORDS, min_size=0, max_size=60), st.integers(min_value=2, max_value=10))
def test_bounds_are_upper_bounds(words: list[str], n: int) -> None:
    text = " ".join(words)
    if n <= 4:
        facts = TextFacts(text)
        assert measures.top_ngram_bound(facts, n) >= measures.top_ngram_chars(facts, n) - 1e-12
    if n >= 5:
        facts = TextFacts(text)
        exact = measures.dup_ngram_chars(TextFacts(text), n)
        assert measures.dup_ngram_bound(facts, n) >= exact - 1e-12
        # a smaller n measured first tightens the bound and still holds
        measures.dup_ngram_chars(facts, 5)
        assert measures.dup_ngram_bound(facts, n) >= exact - 1e-12


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.text(alphabet="토사이트카지노먹튀검증 안마출장가나다", max_size=80),
    st.lists(
        st.text(alphabet="토사이트카지노먹튀검증안마출장", min_size=2, max_size=5),
        min_size=1,
        max_size=8,
    ),
)
def test_cue_index_finds_exactly_the_cues_present(text: str, cues: list[str]) -> None:
    index = CueIndex({cue: ("k" + cue,) for cue in cues})
    assert index.find(text) == {"k" + cue: {cue} for cue in cues if cue in text}


def test_every_filter_has_a_measure_and_a_reason() -> None:
    assert [f.name for f in FILTERS] == [s.name for s in FILTER_SPECS]
    for spec in FILTER_SPECS:
        assert spec.reason and spec.direction in ("min", "max")
    names = [t.name for t in TERMS]
    assert len(names) == len(set(names))
    for term in TERMS:
        assert term.reason and term.cues and all(len(c) >= 2 for c in term.cues)


# --- the spam lexicon ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(SPAM))
def test_spam_advertisements_are_dropped(kind: str) -> None:
    verdict = lexicon().judge(SPAM[kind])
    assert verdict.score > 3, (kind, verdict)
    dropped = DocumentFilters(resolve_filters(["default"], []), {}).check(SPAM[kind])
    assert dropped is not None and dropped.filter == "spam_score"
    assert dropped.detail and dropped.detail.startswith(verdict.topic + ":")


@pytest.mark.parametrize("kind", sorted(NOT_SPAM))
def test_news_about_the_trades_is_kept(kind: str) -> None:
    assert score(NOT_SPAM[kind]) <= 3, (kind, lexicon().judge(NOT_SPAM[kind]))


@pytest.mark.parametrize(
    "text",
    [
        "사건마다 조건마다 다르게 판단했다",  # 건마 inside words
        "첫 충격이 가시기도 전에 매 충돌마다",  # 첫충, 매충 across a space
        "커피는 안 마셔요",  # 안마 across a space
        "떡볶이를 먹 튀김도 먹었다",  # 먹튀 across a space
        "박물관의 레플리카 전시",  # a replica is a topic word, not jargon
    ],
)
def test_words_joined_across_spaces_are_not_jargon(text: str) -> None:
    verdict = lexicon().judge(text)
    assert verdict.score <= 1, verdict


def test_pii_placeholders_count_as_contact_shapes() -> None:
    # with [pii] mask, the numbers and addresses of an ad are placeholders by now
    masked = ADULT_AD.replace("010-1234-5678", "<전화번호>")
    assert "phone" in lexicon().judge(masked).evidence
    assert "address" in lexicon().judge("출장안마 예약 <이메일>").evidence


def test_news_about_illegal_gambling_is_kept_because_it_reports() -> None:
    verdict = lexicon().judge(GAMBLING_NEWS)
    # the jargon is there, quoted, but so are the police, the charges and reported speech
    assert {"먹튀검증", "첫충"} <= set(verdict.evidence)
    assert {"-police", "-court", "-speech"} <= set(verdict.evidence)
    assert verdict.score <= 3
    assert DocumentFilters(resolve_filters(["default"], []), {}).check(GAMBLING_NEWS) is None


# --- thresholds, on and off ------------------------------------------------------------------------


def test_thresholds_and_directions() -> None:
    filters = resolve_filters(["hangul_share"], [])
    assert DocumentFilters(filters, {}).check(ENGLISH).value == 0.0
    assert DocumentFilters(filters, {}).check(NEWS) is None
    # a threshold above the measured share drops the Korean text too
    dropped = DocumentFilters(filters, {"hangul_share": 1.0}).check(NEWS + " abc")
    assert dropped is not None and dropped.threshold == 1.0 and dropped.value < 1.0
    # max filters drop above the threshold, not at it
    line = "같은 줄"
    twice = f"{line}\n{line}"
    dup = resolve_filters(["dup_line_chars"], [])
    assert DocumentFilters(dup, {"dup_line_chars": 0.5}).check(twice) is None
    assert DocumentFilters(dup, {"dup_line_chars": 0.49}).check(twice).value == 0.5


def test_the_first_failing_filter_is_recorded() -> None:
    spam_in_english = "Best casino site: first deposit bonus! telegram @casino777"
    dropped = DocumentFilters(resolve_filters(["all"], []), {}).check(spam_in_english)
    assert dropped.filter == "hangul_share"  # table order: the cheap language check first


def test_selection_on_off_and_unknown_names() -> None:
    default = [f.name for f in resolve_filters(["default"], [])]
    assert "min_sentences" not in default and "spam_score" in default
    assert [f.name for f in resolve_filters(["all"], [])] == [s.name for s in FILTER_SPECS]
    assert "spam_score" not in [f.name for f in resolve_filters(["default"], ["spam_score"])]
    assert [f.name for f in resolve_filters(["min_sentences"], [])] == ["min_sentences"]
    with pytest.raises(ValueError, match="unknown filter 'spam'"):
        resolve_filters(["spam"], [])
    config = load_config(None)
    config.filter.filtering = False
    assert from_config(config.filter) is None
    config.filter.filtering = True
    config.filter.filters = []
    assert from_config(config.filter) is None


def test_stats_merge_with_plus() -> None:
    a, b = CleanStats(), CleanStats()
    a.drop("spam_score", "a.example", GAMBLING_AD)
    a.drop("spam_score", "b.example", ADULT_AD)
    a.drop("min_chars", None, "짧다")
    b.drop("spam_score", "a.example", LOAN_AD)
    b.drop("hangul_share", None, ENGLISH)
    total = CleanStats.from_dict((a + b).as_dict())
    assert total.drop_docs == {"spam_score": 3, "min_chars": 1, "hangul_share": 1}
    assert total.drop_chars["spam_score"] == len(GAMBLING_AD) + len(ADULT_AD) + len(LOAN_AD)
    assert total.site_drops["spam_score"] == {"a.example": 2, "b.example": 1}


# --- configuration -----------------------------------------------------------------------------


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_filter_section_in_toml(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            "ok.toml",
            '[filter]\nfilters = ["default", "min_sentences"]\nskip_filters = "symbol_ratio"\n'
            "hangul_share = 0.5\nmin_sentences = 3\nspam_score = 5\n",
        )
    )
    assert config.filter.hangul_share == 0.5
    assert config.filter.spam_score == 5.0  # an integer is an exact number
    checks = from_config(config.filter).checks
    assert ("min_sentences", 3.0) in [(f.name, t) for f, t in checks]
    assert "symbol_ratio" not in [f.name for f, _ in checks]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[filter]\nfilters = ['spam']\n", "unknown filter 'spam'"),
        ("[filter]\nhangul_share = 1.5\n", "filter.hangul_share is a share"),
        ("[filter]\nmin_sentences = 2.5\n", "[filter] min_sentences must be an integer"),
        ("[filter]\nspam_score = 'high'\n", "[filter] spam_score must be a number"),
        ("[filter]\nfiltering = 'yes'\n", "[filter] filtering must be true or false"),
        ("[filter]\nthreshold = 0.5\n", "unknown option [filter] threshold"),
    ],
)
def test_bad_filter_config_is_one_sentence_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, message: str
) -> None:
    path = write(tmp_path, "bad.toml", body)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(path)
    code = main(["run", str(tmp_path), "--out", str(tmp_path / "out"), "--config", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


# --- a run ---------------------------------------------------------------------------------------


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(parents=True)
    rows = [
        {"id": "news", "text": NEWS},
        {"id": "english", "text": ENGLISH},
        {"id": "ad", "text": GAMBLING_AD},
        {"id": "gambling-news", "text": GAMBLING_NEWS},
        {"id": "short", "text": "짧은 글."},
    ]
    (folder / "pages.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return folder


def run(tmp_path: Path, *flags: str) -> tuple[int, Path]:
    out = tmp_path / "out"
    inputs = str(corpus(tmp_path))
    return main(
        ["run", inputs, "--out", str(out), "--workers", "1", "-q", "--min-chars", "20", *flags]
    ), out


def test_a_run_records_every_dropped_document(tmp_path: Path) -> None:
    code, out = run(tmp_path)
    assert code == 0
    kept = {
        r["id"] for f in sorted(out.glob("data/*.parquet")) for r in pq.read_table(f).to_pylist()
    }
    assert kept == {"news", "gambling-news"}
    table = pq.read_table(out / "audit" / "filtered.parquet")
    assert "text" not in table.column_names  # the audit file names the record, not its text
    rows = {r["id"]: r for r in table.to_pylist()}
    assert set(rows) == {"english", "ad", "short"}
    assert rows["english"]["filter"] == "hangul_share" and rows["english"]["value"] == 0.0
    assert rows["english"]["threshold"] == 0.3
    assert rows["ad"]["filter"] == "spam_score" and rows["ad"]["value"] > 3
    assert rows["ad"]["detail"].startswith("gambling: ")
    assert rows["short"]["filter"] == "min_chars" and rows["short"]["threshold"] == 20
    assert {r["source"] for r in rows.values()} == {"pages.jsonl"}
    assert {r["id"]: r["record"] for r in rows.values()} == {"english": 1, "ad": 2, "short": 4}
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    drops = stats["drops"]
    assert drops["spam_score"]["docs"] == 1
    assert drops["hangul_share"] == {"docs": 1, "lines": 2, "chars": len(ENGLISH)}
    assert drops["min_chars"]["docs"] == 1
    # every filter that ran is listed, in the order they run, even when it dropped nothing
    assert list(drops) == ["min_chars", *(f.name for f in resolve_filters(["default"], []))]
    assert drops["dup_line_chars"]["docs"] == 0
    assert stats["stages"]["filter"]["docs_removed"] == 3
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "audit/filtered.parquet" in [entry["file"] for entry in manifest["side_files"]]
    # the card: a row per filter that dropped something, with its threshold; the rest named
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "| `spam_score` | 1 |" in card and "above `filter.spam_score` (3.0)" in card
    assert "| `dup_line_chars` |" not in card
    quiet = card.split("Document filters that ran and dropped nothing:")[1].split("\n")[0]
    assert "`dup_line_chars`" in quiet and "`spam_score`" not in quiet


def test_the_report_shows_the_filters_that_dropped(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from cleaner.output.report import whole_document_removals
    from cleaner.output.stats_view import drops_to_show

    code, out = run(tmp_path)
    assert code == 0
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert list(drops_to_show(stats)) == ["min_chars", "hangul_share", "spam_score"]
    labels = [label for label, _ in whole_document_removals(stats)]
    assert labels[:3] == ["too short", "not Korean", "spam"]


def test_no_filter_and_skip_filters_flags(tmp_path: Path) -> None:
    code, out = run(tmp_path, "--no-filter")
    assert code == 0
    kept = {r["id"] for f in out.glob("data/*.parquet") for r in pq.read_table(f).to_pylist()}
    assert kept == {"news", "english", "ad", "gambling-news"}
    assert [r["filter"] for r in pq.read_table(out / "audit" / "filtered.parquet").to_pylist()] == [
        "min_chars"
    ]
    code, out = run(tmp_path / "skip", "--skip-filters", "spam_score")
    assert code == 0
    kept = {r["id"] for f in out.glob("data/*.parquet") for r in pq.read_table(f).to_pylist()}
    assert "ad" in kept and "english" not in kept


def test_python_api_takes_filter_options(tmp_path: Path) -> None:
    from cleaner import run as api_run

    inputs = corpus(tmp_path)
    result = api_run(inputs, tmp_path / "out", workers=1, min_chars=20, spam_score=100)
    assert (
        "spam_score" in result.stats["drops"] and result.stats["drops"]["spam_score"]["docs"] == 0
    )
    result = api_run(inputs, tmp_path / "off", workers=1, min_chars=20, filtering=False)
    assert set(result.stats["drops"]) == {"min_chars"}
    with pytest.raises(ConfigError, match=r"filter\.hangul_share is a share"):
        api_run(inputs, tmp_path / "bad", hangul_share=2.0)


def test_summary_names_the_filters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(["run", str(corpus(tmp_path)), "--out", str(out), "--workers", "1"])
    assert code == 0
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if x.strip().startswith("filtered"))
    assert line.split()[1] == "2" and "not Korean 1" in line and "spam 1" in line


def test_unknown_filter_flag_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", str(corpus(tmp_path)), "--out", str(tmp_path / "o"), "--filters", "spamm"])
    assert code == 2
    assert "unknown filter 'spamm'" in capsys.readouterr().err
