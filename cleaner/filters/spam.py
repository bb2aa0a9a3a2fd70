"""Gambling, adult, loan and drug spam, by a lexicon kept as data, with a reason per entry.

A single word decides nothing: news reports on illegal gambling sites, casino resorts, loans and
the sex trade every day. A page is spam when it *advertises*: promotional jargon that reporting
does not use (``먹튀검증``, ``첫충``, ``출장안마``, ``작업대출``), together with the shape of an
advertisement — a messenger ID to contact, a phone number, a web address, a call to action, a
bonus — and without the register of reporting (police and court words, reported speech).

The score of a page is, for the topic with most evidence::

    2 × distinct promo-jargon terms + distinct topic words (at most 2)
      + distinct advertisement shapes (at most 3) − 2 × distinct reporting cues (at most 3)

Cues are found in the text with its whitespace removed, since spam splits its words to slip past
word filters (``토 토 사 이 트``, ``출장 안마``); an entry whose cue alone is ambiguous has a
pattern that confirms it there. Only pages with some cue are scored at all; the advertisement
shapes and reporting cues are looked for only then, so clean text costs one vectorised pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

# kinds of lexicon entry
JARGON = "jargon"  # promotional terms of the trade: strong evidence
TOPIC = "topic"  # words of the subject: weak evidence, news uses them too


@dataclass(frozen=True)
class SpamTerm:
    """One lexicon entry: matched when a cue occurs and, if set, the pattern confirms it."""

    topic: str  # gambling | adult | loan | drugs
    kind: str  # JARGON | TOPIC
    name: str
    cues: tuple[str, ...]  # literal strings of two letters or more, found in the unspaced text
    reason: str
    pattern: str | None = None  # a regex over the unspaced text, when the cue alone is ambiguous


def _t(topic: str, kind: str, words: str, reason: str, pattern: str | None = None) -> SpamTerm:
    cues = tuple(words.split())
    return SpamTerm(topic, kind, cues[0], cues, reason, pattern)


TERMS: tuple[SpamTerm, ...] = (
    # --- gambling --------------------------------------------------------------------------
    _t(
        "gambling",
        JARGON,
        "먹튀검증 먹튀확인 먹튀보증 먹튀없는 먹튀사이트 먹튀폴리스 먹튀신고",
        "verification sites that rank betting sites are their ads",
    ),
    _t(
        "gambling",
        JARGON,
        "안전놀이터 메이저놀이터 놀이터추천 토토놀이터",
        "'놀이터' is the trade word for a betting site",
    ),
    _t("gambling", JARGON, "메이저사이트 메이저토토", "'major site' promos of betting sites"),
    _t(
        "gambling",
        JARGON,
        "토토사이트 사설토토 토토추천 토토가입 토토주소",
        "betting-site names and addresses",
        r"(?<!스포츠)토토(?:사이트|추천|가입|주소)|사설토토",
    ),
    _t(
        "gambling",
        JARGON,
        "카지노사이트 온라인카지노 라이브카지노 카지노주소 카지노추천 에볼루션카지노",
        "online casino promos",
    ),
    _t(
        "gambling",
        JARGON,
        "바카라사이트 온라인바카라 바카라추천 바카라주소",
        "online baccarat promos",
    ),
    _t(
        "gambling",
        JARGON,
        "슬롯사이트 온라인슬롯 슬롯추천 홀덤사이트 파워볼사이트 그래프사이트",
        "slot, hold'em and powerball site promos",
    ),
    _t(
        "gambling",
        JARGON,
        "첫충 매충 꽁머니 가입머니 가입코드 추천코드 돌발이벤트 페이백",
        "sign-up and deposit bonuses of betting sites; not 첫 충격",
        r"[첫매]충(?![격돌실])|꽁머니|가입머니|가입코드|추천코드|돌발이벤트|페이백",
    ),
    _t(
        "gambling",
        JARGON,
        "무제한배팅 무제한베팅 단폴 양방배팅 배팅한도",
        "betting-site terms of play",
    ),
    _t("gambling", TOPIC, "카지노", "casino", r"카지노(?!법|산업|업계|리조트|호텔|복합)"),
    _t("gambling", TOPIC, "바카라", "baccarat"),
    _t(
        "gambling",
        TOPIC,
        "토토",
        "sports betting; not 토토로, not the 스포츠토토 lottery company",
        r"(?<!스포츠)토토(?!로|즐)",
    ),
    _t(
        "gambling",
        TOPIC,
        "슬롯",
        "slot machines; not memory or time slots",
        r"슬롯(?:머신|게임|사이트|추천|잭팟)",
    ),
    _t(
        "gambling",
        TOPIC,
        "베팅 배팅",
        "betting; 배팅 is also batting in baseball, so only with money words",
        r"[배베]팅(?:사이트|방법|금|머니|하기|금액|환전)",
    ),
    _t(
        "gambling",
        TOPIC,
        "홀덤 파워볼 사다리게임 환전",
        "hold'em, powerball, ladder games, cashing out winnings",
    ),
    _t(
        "gambling",
        TOPIC,
        "먹튀",
        "'eat and run': a betting site that does not pay out; not 먹 튀김",
        r"먹튀(?!김)",
    ),
    # --- adult -------------------------------------------------------------------------------
    _t(
        "adult",
        JARGON,
        "출장안마 출장마사지 출장샵 출장홈타이 출장아가씨",
        "call-out massage: the commonest adult spam",
    ),
    _t(
        "adult",
        JARGON,
        "조건만남 애인대행 즉석만남 원나잇 만남어플 만남사이트",
        "paid-date and hook-up promos",
    ),
    _t(
        "adult",
        JARGON,
        "오피사이트 오피가이드 오피주소 오피정보 휴게텔 립카페 키스방 건전마사지 건마",
        "venues of the sex trade and their guide sites; 건마 only as a venue, not in 조건마다",
        r"오피(?:사이트|가이드|주소|정보)|휴게텔|립카페|키스방|건전마사지|건마(?:샵|후기|추천|정보|사이트)",
    ),
    _t(
        "adult",
        JARGON,
        "후불제 20대관리사 관리사상주 최상급관리사",
        "call-out terms of service",
        r"후불제(?!도|를|가|는)|(?:20대|최상급|한국인)관리사|관리사상주",
    ),
    _t(
        "adult",
        JARGON,
        "성인사이트 야동사이트 무료야동 성인방송 몸캠 성인채팅",
        "adult sites and cam services",
    ),
    _t("adult", TOPIC, "마사지 안마", "massage; not 안 마시다", r"마사지|안마(?![셔시실신])"),
    _t(
        "adult",
        TOPIC,
        "오피",
        "officetel brothels; not 오피스(텔), not 오피니언",
        r"오피(?!스|니언|셜|오이드)",
    ),
    _t("adult", TOPIC, "스웨디시 아로마 홈타이", "massage styles named in call-out ads"),
    _t(
        "adult",
        TOPIC,
        "성인",
        "adult as in adult content",
        r"성인(?:용품|인증|영상|전용|만남|채팅|물)",
    ),
    # --- loans -------------------------------------------------------------------------------
    _t(
        "loan",
        JARGON,
        "작업대출 급전대출 당일대출 무직자대출 신불자대출 일수대출 대출문의 대출상담",
        "unregistered-lender promos",
    ),
    _t(
        "loan",
        JARGON,
        "개인돈 개인일수 소액급전 급전필요 누구나대출 무서류",
        "private-money and no-paperwork loan offers",
        r"개인돈(?:대출|빌려|급전|당일)|개인일수|소액급전|급전필요|누구나대출|무서류(?:대출|당일|승인)",
    ),
    _t("loan", TOPIC, "대출", "loans"),
    _t("loan", TOPIC, "급전 신용불량 저신용 무직자 신불자", "quick money, bad credit"),
    # --- drugs and counterfeits ------------------------------------------------------------
    _t(
        "drugs",
        JARGON,
        "비아그라구매 비아그라구입 비아그라판매 시알리스구매 시알리스구입 시알리스판매 처방전없이",
        "prescription drugs sold without a prescription",
        r"(?:비아그라|시알리스|레비트라|프릴리지)(?:구매|구입|판매|파는곳|직구)|처방전없이",
    ),
    _t("drugs", JARGON, "홍콩명품 미러급 레플리카사이트", "counterfeit-goods shops"),
    _t(
        "drugs",
        TOPIC,
        "비아그라 시알리스 레비트라 프릴리지 발기부전 레플리카 이미테이션",
        "erectile-dysfunction drugs; replicas (also museum pieces, so a topic only)",
    ),
)

# --- advertisement shapes: counted only when some entry was found ----------------------------
# Calls to action and bonuses are literal cues, found with the entries in the unspaced text.
SHAPE_CUES: tuple[tuple[str, str, str], ...] = (
    (
        "action",
        "바로가기 가입하기 가입하세요 가입문의 가입즉시 지금바로 지금가입 지금접속 클릭 접속주소"
        " 상담문의 상담가능 문의주세요 문의하세요 문의환영 24시간 연중무휴",
        "a call to action",
    ),
    (
        "bonus",
        "보너스 %지급 %적립 %충전 %할인 이벤트진행 이벤트중 이벤트참여 무료제공 무료지급 무료쿠폰"
        " 무료체험 당일지급 당일입금 당일승인 무한충전",
        "a bonus or free offer",
    ),
)
# Contact details are patterns over the text as written (an ID needs its spaces around it).
_MESSENGER = r"(?:텔레그램|텔레|텔그|카톡|카카오톡|카카오|라인|위챗|[Tt]elegram|[Kk]akao[Tt]alk|TG)"
# an ID after an explicit marker, an @handle, or letters with digits (toto777): not 'CEO'
_HANDLE = (
    r"(?:(?:ID|Id|id|아이디|[:：])\s*@?[A-Za-z0-9_]{3,}|@[A-Za-z0-9_]{3,}|[A-Za-z][A-Za-z_]*\d\w*)"
)
SHAPE_PATTERNS: tuple[tuple[str, str, str], ...] = (
    ("contact", _MESSENGER + r"\s*" + _HANDLE, "a messenger ID to contact"),
    (
        "phone",
        r"01[016-9][-. ]?\d{3,4}[-. ]?\d{4}(?!\d)|0(?:2|[3-6][1-5]|50\d|70)[-. )]\d{3,4}[-. ]\d{4}(?!\d)"
        r"|<전화번호>",
        "a mobile or landline number, or the placeholder [pii] masked one with",
    ),
    (
        "address",
        r"[Hh]ttps?://|[Ww]ww\.|[A-Za-z0-9-]{2,}\.(?:com|net|org|kr|xyz|top|site|club|me|io|cc|bet|vip"
        r"|pro|shop|win|live|info|biz)\b|<이메일>",
        "a web or e-mail address (or its [pii] placeholder)",
    ),
)

# --- the register of reporting: what a news story about the trade says and an ad does not -----
REPORTING: tuple[tuple[str, str, str], ...] = (
    ("police", "경찰 검찰 수사 단속 검거 적발 압수 입건 송치", "police and prosecutors"),
    (
        "court",
        "법원 재판 기소 구속 선고 징역 벌금 판결 혐의 피의자 피고인 처벌",
        "courts and charges",
    ),
    (
        "speech",
        "밝혔다 전했다 말했다 설명했다 덧붙였다 강조했다 지적했다 주장했다",
        "reported speech",
    ),
    ("regulator", "금융감독원 금감원 사행산업 방송통신심의 당국", "regulators"),
)

JARGON_WEIGHT = 2.0
TOPIC_CAP = 2
SHAPE_CAP = 3
REPORTING_WEIGHT = 2.0
REPORTING_CAP = 3
# prefixes of the non-entry keys in the cue index
SHAPE = "shape:"
REPORT = "report:"


@dataclass
class SpamVerdict:
    score: float
    topic: str | None
    evidence: list[str]  # what was found (cues, shape names, -reporting), for the audit file

    @property
    def detail(self) -> str:
        return f"{self.topic}: {', '.join(self.evidence)}" if self.topic else ""


class CueIndex:
    """Finds which of many literal cues occur in a text, exactly, at numpy speed.

    Every bigram of the text is hashed into a table that marks the first two letters of the
    cues (one vectorised pass over the code points); only the few positions it marks are
    checked, cue by cue, with ``str.startswith``. On Korean text this is several times faster
    than pyahocorasick, whose per-character step dominates the filter budget.
    """

    TABLE_BITS = 16

    def __init__(self, cues: dict[str, tuple[str, ...]]) -> None:
        self.by_head: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for cue, values in cues.items():
            if len(cue) < 2:
                raise ValueError(f"cue {cue!r}: a cue needs two letters at least")
            self.by_head.setdefault(cue[:2], []).append((cue, values))
        heads = np.array([[ord(h[0]), ord(h[1])] for h in self.by_head], dtype=np.uint32)
        self.table = np.zeros(1 << self.TABLE_BITS, dtype=bool)
        self.table[self._mix(heads[:, 0], heads[:, 1])] = True

    @classmethod
    def _mix(cls, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        return ((first * np.uint32(40503)) ^ second) & np.uint32((1 << cls.TABLE_BITS) - 1)

    def find(self, text: str, codes: np.ndarray | None = None) -> dict[str, set[str]]:
        """{key: the cues of it that occur in ``text``} (``codes``: the text's code points as
        uint32, when the caller has them)."""
        if len(text) < 2:
            return {}
        if codes is None:
            codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        found: dict[str, set[str]] = {}
        for i in np.flatnonzero(self.table[self._mix(codes[:-1], codes[1:])]).tolist():
            for cue, values in self.by_head.get(text[i : i + 2], ()):
                if text.startswith(cue, i):
                    for value in values:
                        found.setdefault(value, set()).add(cue)
        return found


def _keyed(groups: Iterable[tuple[str, Iterable[str]]]) -> dict[str, tuple[str, ...]]:
    """{cue: keys of the groups it belongs to}."""
    cues: dict[str, tuple[str, ...]] = {}
    for key, words in groups:
        for cue in words:
            cues[cue] = (*cues.get(cue, ()), key)
    return cues


class SpamLexicon:
    """The lexicon compiled once: one cue index over entries, literal shapes and reporting
    cues, the confirming patterns and the contact patterns."""

    def __init__(self, terms: tuple[SpamTerm, ...] = TERMS) -> None:
        self.terms = {t.name: t for t in terms}
        if len(self.terms) != len(terms):
            raise ValueError("spam lexicon: two entries share a name")
        self.patterns = {t.name: re.compile(t.pattern) for t in terms if t.pattern}
        self.contact = [(name, re.compile(p)) for name, p, _ in SHAPE_PATTERNS]
        # two passes: the entries over every text; shapes and reporting only where one was found
        self.entries = CueIndex(_keyed((t.name, t.cues) for t in terms))
        self.context = CueIndex(
            _keyed(
                [(SHAPE + name, words.split()) for name, words, _ in SHAPE_CUES]
                + [(REPORT + name, words.split()) for name, words, _ in REPORTING]
            )
        )

    def judge(
        self, text: str, unspaced: str | None = None, codes: np.ndarray | None = None
    ) -> SpamVerdict:
        """The spam score of ``text`` and its evidence; ``unspaced`` (the text without its
        whitespace) and ``codes`` (its code points) when the caller has them already."""
        if unspaced is None:
            unspaced = "".join(text.split())
        found: dict[str, list[str]] = {}  # entry name -> what was found of it
        for name, cues in sorted(self.entries.find(unspaced, codes).items()):
            pattern = self.patterns.get(name)
            if pattern is None:
                found[name] = sorted(cues)
            elif matches := sorted({m.group() for m in pattern.finditer(unspaced)}):
                found[name] = matches
        if not found:
            return SpamVerdict(0.0, None, [])
        context = self.context.find(unspaced)
        shapes = sorted(k[len(SHAPE) :] for k in context if k.startswith(SHAPE))
        shapes += [name for name, pattern in self.contact if pattern.search(text)]
        reporting = sorted(k[len(REPORT) :] for k in context if k.startswith(REPORT))
        penalty = REPORTING_WEIGHT * min(len(reporting), REPORTING_CAP)
        bonus = min(len(shapes), SHAPE_CAP)
        best = SpamVerdict(float("-inf"), None, [])
        for topic in dict.fromkeys(self.terms[name].topic for name in found):
            terms = [self.terms[name] for name in found if self.terms[name].topic == topic]
            jargon = [t.name for t in terms if t.kind == JARGON]
            words = [t.name for t in terms if t.kind == TOPIC]
            score = JARGON_WEIGHT * len(jargon) + min(len(words), TOPIC_CAP) + bonus - penalty
            if score > best.score:
                seen = [cue for name in (*jargon, *words) for cue in found[name]]
                evidence = [*seen, *shapes, *(f"-{r}" for r in reporting)]
                best = SpamVerdict(score, topic, evidence)
        return best


_LEXICON: SpamLexicon | None = None


def lexicon() -> SpamLexicon:
    """The default lexicon, compiled on first use (once per worker process)."""
    global _LEXICON
    if _LEXICON is None:
        _LEXICON = SpamLexicon()
    return _LEXICON
