"""The Korean marker lexicon: what boilerplate lines say, kept as data.

Each ``Marker`` names the rule it feeds, a regular expression, the longest line it may fire on
and why it exists. Long lines are article prose far more often than furniture, so every marker
carries a length cap; the detectors never look a marker up on a line longer than that.
Markers describe shapes (a name followed by 기자 and an e-mail, a label followed by a colon)
rather than outlet names, so that they carry to sites never seen.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Marker:
    rule: str
    name: str
    pattern: str
    max_len: int
    reason: str


HANGUL_NAME = r"[가-힣]{2,4}"
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
PHONE = r"(?:\d{2,4}[-.)]\s?\d{3,4}[-.]\d{4}|1\d{3}-\d{4})"
DATE = (
    r"(?:\d{4}[./-]\s?\d{1,2}[./-]\s?\d{1,2}\.?|\d{2}[./-]\d{1,2}[./-]\d{1,2}"
    r"|\d{1,2}[./-]\d{1,2}|\d{4}년\s?\d{1,2}월\s?\d{1,2}일)"
)
TIME = r"(?:\d{1,2}:\d{2}(?::\d{2})?)"
REPORTER = (
    r"(?:기자|특파원|통신원|객원기자|인턴기자|선임기자|전문기자|논설위원|앵커|PD|에디터|리포터"
    r"|기상캐스터|캐스터|아나운서)"
)

# an attachment's size or download count after its name: '(120 KB)', '(Down : 1, Size : 689 KB)'
_FILE_SIZE = r"[(\[]\s*(?:[\d.,]+\s*(?:[KMG]i?B|bytes?)|Down\b[^)\]]*)\s*[)\]]\s*|\[\d+\s*hit\]\s*"

MARKERS: tuple[Marker, ...] = (
    # --- copyright and outlet footers -------------------------------------------------------
    Marker(
        "copyright",
        "copyright-sign-lead",
        r"^\W{0,3}(?:[ⓒ©]|\(c\)\s*\w|copyright)|all rights reserved|저작권자\s*[ⓒ©(]",
        200,
        "a footer that opens with the copyright sign or word",
    ),
    Marker(
        "copyright",
        "copyright-sign-short",
        r"[ⓒ©]",
        35,
        "the sign anywhere in a short line; long lines with it are photo captions, kept",
    ),
    Marker(
        "copyright",
        "no-reproduction",
        r"무단\s*(?:전재|배포)|무단\s*(?:복제|게재|사용|도용).{0,20}(?:금지|금함|금합니다|불가)"
        r"|재배포\s*(?:및\s*)?(?:금지|불가|를?\s*금함)"
        r"|AI\s*학습\s*(?:및\s*)?(?:활용|이용)\s*금지",
        160,
        "the standard 'no reproduction / redistribution' clause in all its spellings",
    ),
    Marker(
        "copyright",
        "rights-holder",
        r"^\W*(?:저작권자|저작권\s*[:：]|<?저작권자)",
        200,
        "'저작권자 ⓒ …' opening of an outlet footer",
    ),
    Marker(
        "copyright",
        "company-footer",
        r"사업자\s*등록\s*번호|등록\s*번호\s*[:：]|등록일\s*[:：]|발행(?:인|일)\s*[:：·]|편집인\s*[:：·]"
        r"|청소년\s*보호\s*책임자|개인정보\s*보호\s*책임자|통신판매업|정기간행물"
        r"|^\W*(?:이용약관|개인정보\s*처리\s*방침)\W*$|제호\s*[:：]|전화\s*번호\s*[:：]|사무실\s*번호|찾아오시는\s*길|오시는\s*길|대표(?:이사|자)?\s*[:：]|(?:주소|팩스|FAX|Tel|TEL)\s*[:：]",
        250,
        "company footer: registration, publisher, youth-protection officer, address",
    ),
    # --- tip-line footers --------------------------------------------------------------------
    Marker(
        "tipline",
        "tips-wanted",
        r"제보를?\s*(?:기다립니다|받습니다|해\s*주세요|부탁)|제보\s*(?:하기|는|처|전화|메일|방법)\b|여러분의\s*제보|기사\s*문의"
        r"|(?:기사|뉴스|독자)\s*제보|^\W*(?:[가-힣A-Za-z0-9]{1,12}\s*)?제보\W*$",
        150,
        "'… 제보를 기다립니다' and tip-line labels",
    ),
    Marker(
        "tipline",
        "contact-channel",
        r"^\W{0,3}(?:전화|이메일|e-?mail|메일|카카오톡|카톡|홈페이지|사이트|팩스|유튜브|인스타그램|페이스북"
        r"|tel|fax|phone)\s*[:：.]?\s*"
        r"(?:[:：]|\d|@|\w+@|[\[(<])",
        120,
        "'▷ 전화 02-…', '▷ 카카오톡 @…' contact lines",
    ),
    Marker(
        "tipline",
        "kakao-channel",
        r"(?:카카오톡|카톡)\s*(?:@|친구|채널|에서)|@\S*제보",
        120,
        "Kakao tip channels",
    ),
    Marker(
        "tipline",
        "subscribe",
        r"구독(?:해\s*주세요|하세요|하기|\s*신청|\s*버튼|과\s*좋아요)|친구\s*추가|채널\s*추가"
        r"|앱\s*(?:다운\s*받기|다운로드|설치\s*하기)|(?:생방송|라이브|다시보기)\s*(?:만나보기|바로가기)",
        60,
        "subscribe / add-friend calls to action",
    ),
    # --- bylines and credits -----------------------------------------------------------------
    Marker(
        "byline",
        "reporter-email",
        rf"^\W*(?:\S+\s+)?{HANGUL_NAME}\s*{REPORTER}?\s*[(\[<]?\s*{EMAIL}\W*$",
        100,
        "'김남영 기자 kim@…' and '김남영 kim@…'",
    ),
    Marker(
        "byline", "email-only", rf"^\W*{EMAIL}\W*$", 80, "a line that is only an e-mail address"
    ),
    Marker(
        "byline",
        "reporter-line",
        rf"^[\[(<]?\s*(?:[가-힣]{{1,10}}\s*[=/]\s*)?{HANGUL_NAME}(?:\s*[·,]\s*{HANGUL_NAME})*\s*{REPORTER}(?:\s*외\s*\d+\s*명)?\s*[\])>]?\s*$",
        40,
        "a line that is only a reporter name and title",
    ),
    Marker(
        "byline",
        "broadcast-signoff",
        rf"^(?:[가-힣A-Za-z]{{1,10}}에서\s+)?(?:[A-Za-z가-힣]{{1,12}}\s*(?:뉴스|News|NEWS|방송|TV|라디오)|[A-Z]{{2,6}})\s*{HANGUL_NAME}(?:\s*{REPORTER})?입니다\.?$",
        40,
        "broadcast sign-off 'MBC뉴스 김윤미입니다.'",
    ),
    Marker(
        "byline",
        "dateline-reporter",
        rf"^\W*[(\[]\s*[가-힣A-Za-z]{{1,10}}\s*=\s*[가-힣A-Za-z0-9]{{1,12}}\s*[)\]]\s*{HANGUL_NAME}\s*{REPORTER}\s*$",
        50,
        "wire dateline alone on a line '(서울=연합뉴스) 김철수 기자'",
    ),
    Marker(
        "credit",
        "video-credit",
        r"^\W{0,3}(?:영상|사진|화면)?\s*(?:취재|촬영|편집|그래픽|디자인|구성|연출|제작|출처|제공|자료|CG|AD)"
        r"(?:\s*기자)?\s*[:：=]",
        120,
        "'영상취재: …', '영상편집: …', '그래픽=…'",
    ),
    Marker(
        "credit",
        "photo-source",
        r"^\W{0,3}[\[(<]?\s*(?:사진|그래픽|이미지|자료|출처|일러스트|영상)\s*(?:출처)?\s*[:：=]|^\[사진\s*출처",
        120,
        "'[사진 출처: …]', '사진=…' credits",
    ),
    Marker(
        "credit",
        "photo-credit-tail",
        r"^(?:사진|이미지|그래픽)\s*(?:제공)?\s+[가-힣A-Za-z]+\s*$",
        25,
        "a bare '사진 연합뉴스' credit line",
    ),
    # --- page chrome and board furniture -------------------------------------------------------
    Marker(
        "chrome",
        "skip-links",
        r"(?:메뉴|본문|콘텐츠)\s*(?:건너뛰기|바로\s*가기)|주요\s*서비스\s*바로가기",
        40,
        "accessibility skip links",
    ),
    Marker(
        "chrome",
        "counters",
        r"^\W*(?:조회\s*수?|조회|추천\s*수?|비추천|댓글|공감|좋아요|스크랩|읽음|HIT|hit|views?)\s*[:：]?\s*[\d,]+"
        r"(?:\s+(?:조회\s*수?|추천\s*수?|비추천|댓글|공감|좋아요|스크랩)\s*[:：]?\s*[\d,]+)*\s*$",
        60,
        "view / recommend / comment counters",
    ),
    Marker(
        "chrome",
        "post-stamp",
        rf"^\W*(?:입력|수정|등록|승인|기사\s*입력|최종\s*수정|업데이트|게재|작성일|등록일|송고)\s*[:：]?"
        rf"\s*[\[(]?\s*{DATE}(?:\s*{TIME})?\s*[\])]?"
        rf"(?:\s*(?:\||/|·)?\s*(?:입력|수정|업데이트|최종\s*수정)\s*[:：]?\s*[\[(]?\s*{DATE}?\s*{TIME}?"
        rf"\s*[\])]?)*\s*$",
        80,
        "'입력 2025.05.15 20:00 수정 …' stamps",
    ),
    Marker(
        "chrome",
        "timestamp-only",
        rf"^\W*{DATE}\s*{TIME}?\W*$|^\W*{TIME}\W*$",
        30,
        "a line that is only a date or a time",
    ),
    Marker(
        "chrome",
        "comment-furniture",
        r"댓글\s*(?:목록|쓰기|달기|닫기|보기|입력|등록|\d+\s*개)|등록된\s*댓글이\s*없습니다|전체\s*리플"
        r"|첫\s*댓글을|댓글을\s*(?:입력|남겨|작성)|로그인\s*(?:후|하시면|이\s*필요)|^\W*(?:등록순|최신순|공감순|추천순|답글)\W*$",
        60,
        "comment-section furniture",
    ),
    Marker(
        "chrome",
        "nav-prev-next",
        r"^\W*(?:이전\s*글|다음\s*글|이전\s*기사|다음\s*기사|윗글|아랫글)\b",
        150,
        "이전글 / 다음글 navigation",
    ),
    Marker(
        "chrome",
        "attachments",
        r"^\W*(?:첨부\s*파일|첨부|파일\s*첨부|다운로드)\s*(?:\d+|[:：])",
        150,
        "attachment lists",
    ),
    Marker(
        "chrome",
        "attached-file",
        # a document's name alone is an attachment; an image or video name needs its size, as
        # humour boards title posts '… 이유.jpg'
        r"^\W{0,3}(?:\d+\W{0,2})?\S.{0,100}\.(?:hwpx?|pdf|zip|docx?|xlsx?|pptx?)\s*(?:"
        + _FILE_SIZE
        + ")*$"
        r"|^\W{0,3}\S.{0,100}\.(?:jpe?g|png|gif|mp4|mov)\s*(?:" + _FILE_SIZE + ")+$"
        r"|^\W*\[?(?:hwpx?|pdf|jpe?g|png|gif|zip|docx?|xlsx?|pptx?)\s*,\s*[\d.,]+\s*[KMG]i?B\]"
        r"(?:\s*\[\d+\s*hit\])?$",
        150,
        "a line that is an attached file's name and size: '공고문.hwp (120 KB)', '[jpg,474.7 KB]'",
    ),
    Marker(
        "chrome",
        "page-feedback",
        r"만족하십니까\W*$|만족도를?\s*평가해\s*(?:주십시오|주세요)\W*$|페이지\s*개선에\s*도움이\s*됩니다\W*$"
        r"|^\W*(?:콘텐츠|컨텐츠)\s*(?:관리\s*)?(?:담당|부서|책임)"
        r"|^\W*(?:담당\s*부서|담당자)\s*[:：]?\s*\S.{0,40}(?:전화|☎|\d{2,4}-\d{3,4}-?\d{0,4})",
        120,
        "the page-feedback survey and the content-manager line public-sector sites print",
    ),
    Marker(
        "chrome",
        "url-copied",
        r"(?:URL|주소)(?:이|가)?\s*복사|링크\s*복사|클립보드에\s*복사",
        50,
        "share widgets",
    ),
    Marker(
        "chrome",
        "font-size",
        r"(?:글자|글씨|본문|폰트)\s*(?:크기|크게|작게|키우기|줄이기)|가\s*가\s*가",
        40,
        "font-size controls",
    ),
    Marker(
        "credit",
        "image-zoom",
        r"^\W*(?:이미지|사진)\s*(?:확대|크게)\s*(?:보기)?\W*$",
        20,
        "image zoom buttons",
    ),
    Marker(
        "chrome",
        "read-aloud",
        r"(?:기사|본문)\s*(?:듣기|읽어주기|요약)|음성\s*(?:재생|으로\s*듣기)|AI\s*요약",
        40,
        "listen / summary widgets",
    ),
    Marker(
        "byline",
        "byline-stamp",
        rf"^(?:[\w가-힣]+\s*[·|/]?\s+){{0,3}}{DATE}\.?\s*{TIME}?\s*$",
        45,
        "'김동욱 기자 2023. 11. 1. 06:31', 'KBS 2023. 11. 1.': a name or outlet and a time stamp",
    ),
    Marker(
        "credit",
        "caption-source",
        r"^\W*(?:제공|출처|자료|source)\s*[|:：=]|^[^.]{1,30}\s(?:캡처|캡쳐)\s*$",
        45,
        "'제공 | 대한축구협회', 'Mnet … 캡처', '[Source : KBS]'",
    ),
    Marker(
        "chrome",
        "post-meta",
        r"(?:조회|추천|댓글|공감)\s*(?:수)?\s*[:：]?\s*[\d,]+(?=.*(?:\||·|\d{2}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}:\d{2}))"
        r"|(?:\||·|\d{2}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}:\d{2}).*(?:조회|추천|댓글|공감)\s*(?:수)?\s*[:：]?\s*[\d,]+",
        80,
        "a post's meta line: '닉네임 | 조회 1,284 | 추천 15 | 2025.02.04 14:22'",
    ),
    Marker(
        "byline",
        "byline-label",
        r"^\W*기자명\s|^\[\s*(?:영상)?\s*(?:취재|촬영|편집|그래픽)\s+[가-힣·,\s]+\]$",
        60,
        "'기자명 …' headers and bracketed credits '[영상취재 최민준]'",
    ),
    Marker(
        "copyright",
        "disclaimer",
        r"편집\s*방향과\s*다를\s*수|공공누리|본지의\s*(?:입장|견해)과\s*(?:다를|무관)"
        r"|CC[ -]?BY|Creative\s*Commons|크리에이티브\s*커먼즈"
        r"|저작물은.{0,60}(?:조건에\s*따라|에\s*따라)\s*(?:자유롭게\s*)?이용할\s*수",
        200,
        "column disclaimers and licence notices (공공누리, Creative Commons)",
    ),
    Marker(
        "chrome",
        "press-release",
        r"^\W*(?:보도\s*자료|배포\s*일시|담당\s*부서|담당자|책임자|문의처|보도\s*일시)\s*(?:[:：]|$|\d)",
        80,
        "press-release header fields",
    ),
    Marker(
        "chrome",
        "post-author",
        r"^\W*(?:작성자|글쓴이|닉네임|작성일|등록일|by)\s*[:：]?\s*\S+\s*$|^\W*(?:작성자|글쓴이)\s*[:：]",
        40,
        "a post's author or date field on its own line",
    ),
    Marker(
        "chrome",
        "breadcrumb",
        r"^[^>›»\n]{1,20}(?:\s[>›»]\s[^>›»\n]{1,20})+$",
        60,
        "breadcrumbs 'community > reviews'",
    ),
    Marker(
        "chrome",
        "board-name",
        r"^\W*[가-힣A-Za-z ]{0,12}게시판\W*$|^\W*[가-힣]{2,8}\s*\(\s*\d+\s*\)\W*$",
        20,
        "a board's name alone on a line, or a tab with a count '상품후기 (128)'",
    ),
    Marker(
        "chrome",
        "portal-notice",
        r"기사를?\s*공유|언론사에서\s*\S+\s*섹션으로\s*분류",
        60,
        "news-portal widgets",
    ),
    Marker(
        "byline",
        "bracketed-byline",
        rf"^[\[(【](?!\s*{REPORTER}\s*[\])】])\s*[^\[\]()【】]{{0,50}}(?:{REPORTER}|=)[^\[\]()【】]{{0,60}}[\])】]$",
        90,
        "'[손진아 MK스포츠 기자]', '[가상뉴스 | 홍길동 기자]', '[가상스포츠=김환]'",
    ),
    Marker(
        "byline",
        "reporter-then-email",
        rf"{REPORTER}\s*[(\[<]?\s*{EMAIL}|^[가-힣]{{2,4}}\s[^.!?]{{0,30}}\s{EMAIL}\W*$|^(?!.*[다요]\.?$).*\s{EMAIL}\W*$",
        90,
        "'안산 | 김하진 기자 kim@…', '이기환 역사 스토리텔러 lee@…', a short line ending in an e-mail",
    ),
    Marker(
        "credit",
        "slash-credit",
        # one slash: 'A / B / C' is a list of names, not a credit; a sentence of three words or
        # more before the slash is a caption that ends with its credit, which is content
        r"^(?!.*/.*/)(?!(?:[^/\s]+\s+){2,}[^/\s]*\.\s*/)"
        r"(?:/\s*[가-힣A-Za-z]|.*/\s*[가-힣A-Za-z·]{2,15}\s*(?:DB|캡처|캡쳐|제공)?$)",
        50,
        "photo credits after a slash: '경찰 로고./가상일보 DB', '/사진공동취재단'",
    ),
    Marker(
        "copyright",
        "syndication-notice",
        r"이\s*기사는\s.{0,60}(?:게재|제공|송고|작성|발행)된\s*기사입니다|언론진흥기금"
        r"|(?:기금|재단|진흥원)의?\s*지원을\s*받(?:아|았)"
        r"|고충\s*처리인|반론\s*·\s*정정|정정\s*보도를?\s*청구하실",
        150,
        "syndication, funding and ombudsman notices",
    ),
    Marker(
        "chrome",
        "source-link",
        r"^\W*(?:기사\s*)?(?:원문|원본|출처)\s*(?:보기|기사)?\s*[-:：]?\s*https?://",
        200,
        "'기사 원문 - https://…'",
    ),
    Marker(
        "related_links",
        "promo-call",
        r"^[▶►☞](?!\s*[가-힣A-Za-z]{1,6}\s*[:：])\s*.{2,60}(?:하세요|보세요|클릭|바로가기)\W*$",
        80,
        "a single promo bullet: '▶ 클래식과 미술의 모든 것 ○○에서 확인하세요'",
    ),
    Marker(
        "tipline",
        "helpline",
        r"자살\s*예방\s*상담|희망의\s*전화|☎\s*(?:109|1393|1577)",
        250,
        "the standard helpline notice under stories on suicide",
    ),
    Marker(
        "chrome",
        "decoration",
        r"^[^\w가-힣]+$",
        40,
        "separator lines made only of symbols ('━', '───', '***')",
    ),
    Marker(
        "chrome",
        "end-mark",
        r"^\W*[(\[<]\s*끝\s*[)\]>]\W*$",
        10,
        "'(끝)' end-of-article marks",
    ),
    Marker("chrome", "hashtags", r"^(?:#[^\s#]+\s*){2,}$", 200, "hashtag lines"),
    Marker(
        "chrome",
        "broadcast-cue",
        r"^\W*[\[◀<(]\s*(?:앵커|리포트|기자|앵커\s*멘트|인터뷰|현장음|브릿지)\s*[\]▶>)]\W*$",
        20,
        "script cues of broadcast transcripts: '[앵커]', '◀ 리포트 ▶'",
    ),
)


# Single words that are interface text when a short line consists of nothing else.
UI_WORDS: frozenset[str] = frozenset(
    """
    바로구매 장바구니 관심상품 찜하기 구매하기 기사공유하기 공유하기 기타 기능 신고하기 공유하기 스크랩하기 인쇄하기 저장하기 이웃추가 서로이웃 답글쓰기 글쓰기 수정하기 삭제하기
    목록 답변 글쓰기 수정 삭제 추천 비추천 신고 스크랩 공유 공유하기 인쇄 프린트 출력 닫기 확인 취소 검색 로그인 로그아웃 회원가입 마이페이지 더보기 전체보기
    맨위로 위로 top TOP 이전 다음 처음 마지막 이전글 다음글 좋아요 싫어요 댓글 댓글쓰기 댓글달기 답글 등록 기사저장 저장 북마크 구독 구독하기 알림 알림설정
    설정 메뉴 카카오 카카오톡 카카오스토리 페이스북 트위터 X 엑스 밴드 네이버 블로그 네이버블로그 라인 텔레그램 이메일 URL 링크 링크복사 복사 URL복사 퍼가기
    보내기 facebook twitter kakao band line email print share 본문 본문크기 글자크기 크게 작게 가 읽기모드 새로고침 홈
    HOME home 전체 전체메뉴 메뉴열기 열기 접기 펼치기 페이지 정보 페이지정보 작성자 글쓴이 조회 조회수 날짜 번호 제목 첨부파일 첨부 RSS rss 다운로드
    업로드 바로가기 이동 상단 하단 이전페이지 다음페이지 좋아요순 최신순 등록순 공감순 추천순 오래된순 접수 아니오 네 예
    """.split()
)

# Labels that open a block of headline links (most-viewed, related, promo). Matched against a
# short line after stripping bullets, brackets and trailing counts.
SECTION_LABELS: tuple[str, ...] = (
    "이 시각 많이 본 뉴스",
    "이시각 많이 본 뉴스",
    "많이 본 뉴스",
    "많이 본 기사",
    "많이본뉴스",
    "많이본 뉴스",
    "가장 많이 본 뉴스",
    "가장 많이 본 기사",
    "인기기사",
    "인기 기사",
    "인기뉴스",
    "인기 뉴스",
    "주요뉴스",
    "주요 뉴스",
    "주요기사",
    "주요 기사",
    "오늘의 주요뉴스",
    "관련기사",
    "관련 기사",
    "관련뉴스",
    "관련 뉴스",
    "관련링크",
    "관련 링크",
    "관련영상",
    "관련 영상",
    "추천기사",
    "추천 기사",
    "추천뉴스",
    "추천 뉴스",
    "핫이슈",
    "핫 이슈",
    "최신뉴스",
    "최신 뉴스",
    "최신기사",
    "최신 기사",
    "실시간 뉴스",
    "실시간뉴스",
    "포토",
    "포토뉴스",
    "포토 뉴스",
    "헤드라인",
    "에디터 추천",
    "에디터의 추천",
    "함께 보면 좋은 기사",
    "함께 볼만한 뉴스",
    "이 기사와 관련된 기사",
    "당신이 관심 있을 만한 이슈",
    "랭킹뉴스",
    "랭킹 뉴스",
    "많이 읽은 기사",
    "많이 읽은 뉴스",
    "오늘의 핫이슈",
    "이슈",
    "기획",
    "연재",
    "기자의 다른 기사",
    "기자의 다른기사",
    "이 기자의 다른 기사",
    "기사 더보기",
    "지금 뜨는 뉴스",
    "실시간 인기기사",
    "베스트 클릭",
    "화제의 뉴스",
    "화제의 기사",
    "주목할 뉴스",
    "공지사항",
    "최근 게시물",
    "최근글",
    "최신글",
    "인기글",
    "인기 게시물",
    "인기 게시글",
)

# Section labels that may stand alone on a line with a category prefix, e.g. "정치 많이 본 뉴스".
SECTION_LABEL_SUFFIXES: tuple[str, ...] = (
    "인기글",
    "인기 게시물",
    "최신글",
    "추천글",
    "많이 본 뉴스",
    "많이 본 기사",
    "인기기사",
    "주요뉴스",
    "관련기사",
)

BOARD_HEADER_CELLS: frozenset[str] = frozenset(
    [
        "번호",
        "no",
        "No",
        "NO",
        "제목",
        "글쓴이",
        "작성자",
        "이름",
        "글쓴이",
        "닉네임",
        "날짜",
        "등록일",
        "작성일",
        "일자",
        "조회",
        "조회수",
        "추천",
        "추천수",
        "파일",
        "첨부",
    ]
)
# A board header has a number column, a title column and at least one of these.
BOARD_HEADER_REQUIRED: frozenset[str] = frozenset(
    ["글쓴이", "작성자", "이름", "닉네임", "날짜", "등록일", "작성일", "일자", "조회", "조회수"]
)

BULLETS = "▶▷►▸•·-–—■□●○◆◇▲△▼▽☞※→〉>*+◎★☆✔✓"

# Tags that open a pinned or flagged row of a board listing ('[공지] …', 'HOT …').
ROW_TAGS: tuple[str, ...] = ("공지", "notice", "NEW", "HOT", "필독")
# How outlet names end: a headline list whose rows all end in one such name is a list of links.
OUTLET_SUFFIXES: tuple[str, ...] = (
    "뉴스",
    "일보",
    "신문",
    "경제",
    "타임즈",
    "타임스",
    "투데이",
    "데일리",
    "방송",
    "TV",
    "닷컴",
    "미디어",
    "저널",
    "통신",
    "뉴시스",
    "뉴스1",
    "연합뉴스",
)
# Bullets that advertise another article ('▶ 관련 기사'): a run of them is a promo block.
PROMO_BULLETS = "▶►▷☞"
# Marks of people writing, never of menus: laughter and crying jamo, tildes, exclamations.
CASUAL_MARKS = "ㅋㅎㅠㅜㅡ~!?♥♡^;"
# What a comment section's header calls the comments ('댓글 12', '[코멘트 3]', '전체 리플 5').
COMMENT_WORDS: tuple[str, ...] = ("댓글", "코멘트", "리플", "덧글", "comments", "comment")

# The meta block under a community post's title: counters with a number, and author/date labels
# (the post guard finds the post's body below such a block, whatever the board engine).
POST_META_COUNTERS: tuple[str, ...] = (
    "조회",
    "조회수",
    "조회 수",
    "추천",
    "추천수",
    "추천 수",
    "비추천",
    "댓글",
    "공감",
    "좋아요",
    "스크랩",
    "읽음",
    "hit",
    "hits",
    "views",
)
POST_META_LABELS: tuple[str, ...] = ("작성자", "글쓴이", "작성일", "등록일", "닉네임", "글쓴날")

# A board links the neighbouring posts under a post: the line after one of these labels, alone on
# its line, is the other post's title.
PREV_NEXT_LABELS: tuple[str, ...] = (
    "이전글",
    "다음글",
    "이전 글",
    "다음 글",
    "윗글",
    "아랫글",
    "이전기사",
    "다음기사",
    "이전 기사",
    "다음 기사",
    "이전게시물",
    "다음게시물",
)

# A board prints its navigation right under a post: a line that is only one of these ends it.
POST_END_LABELS: tuple[str, ...] = (
    "목록",
    "목록보기",
    "이전글",
    "다음글",
    "윗글",
    "아랫글",
    "이전 글",
    "다음 글",
    "이전게시물",
    "다음게시물",
)


# Literal cues: a marker's pattern can only fire on a line that contains one of its cues. One
# Aho-Corasick pass over a document finds every cue at C speed, so the regexes run only on the
# few lines that might match. ASCII words are listed in the spellings that occur.
CUES: dict[str, tuple[str, ...]] = {
    "copyright-sign-lead": (
        "ⓒ",
        "©",
        "(c)",
        "(C)",
        "opyright",
        "OPYRIGHT",
        "ights reserved",
        "IGHTS RESERVED",
        "저작권",
    ),
    "copyright-sign-short": ("ⓒ", "©"),
    "no-reproduction": ("무단", "재배포", "학습"),
    "rights-holder": ("저작권",),
    "company-footer": (
        "사업자",
        "등록",
        "발행",
        "편집인",
        "청소년",
        "개인정보",
        "통신판매",
        "정기간행물",
        "이용약관",
        "제호",
        "전화",
        "사무실",
        "오시는",
        "대표",
        "주소",
        "팩스",
        "FAX",
        "Fax",
        "fax",
        "Tel",
        "TEL",
        "tel",
    ),
    "tips-wanted": ("제보", "문의"),
    "contact-channel": (
        "전화",
        "이메일",
        "mail",
        "MAIL",
        "Mail",
        "메일",
        "카카오톡",
        "카톡",
        "홈페이지",
        "사이트",
        "팩스",
        "유튜브",
        "인스타그램",
        "페이스북",
        "Tel",
        "TEL",
        "tel",
        "Fax",
        "FAX",
        "fax",
        "Phone",
        "phone",
        "PHONE",
    ),
    "kakao-channel": ("카카오톡", "카톡", "제보"),
    "subscribe": ("구독", "친구", "채널", "앱", "생방송", "라이브", "다시보기"),
    "reporter-email": ("@",),
    "email-only": ("@",),
    "reporter-line": (
        "기자",
        "특파원",
        "통신원",
        "논설위원",
        "앵커",
        "PD",
        "에디터",
        "리포터",
        "캐스터",
        "아나운서",
    ),
    "broadcast-signoff": ("입니다",),
    "dateline-reporter": ("=",),
    "video-credit": (":", "：", "="),
    "photo-source": (":", "：", "=", "출처"),
    "photo-credit-tail": ("사진", "이미지", "그래픽"),
    "skip-links": ("건너뛰기", "바로"),
    "bracketed-byline": (
        "기자",
        "특파원",
        "통신원",
        "위원",
        "앵커",
        "PD",
        "에디터",
        "리포터",
        "캐스터",
        "=",
        "아나운서",
    ),
    "reporter-then-email": ("@",),
    "slash-credit": ("/",),
    "syndication-notice": ("기사입니다", "언론진흥기금", "지원을", "고충", "반론", "정정"),
    "source-link": ("http",),
    "promo-call": ("하세요", "보세요", "클릭", "바로가기"),
    "helpline": ("자살", "희망의", "☎"),
    "byline-label": ("기자명", "취재", "촬영", "편집", "그래픽"),
    "disclaimer": (
        "편집",
        "공공누리",
        "본지",
        "CC BY",
        "CC-BY",
        "CCBY",
        "Creative Commons",
        "커먼즈",
        "저작물은",
    ),
    "press-release": ("보도", "배포", "담당", "책임자", "문의처"),
    "post-author": ("작성자", "글쓴이", "닉네임", "작성일", "등록일", "by"),
    "breadcrumb": (" > ", " › ", " » "),
    "board-name": ("게시판", "("),
    "portal-notice": ("공유", "언론사"),
    "post-meta": ("조회", "추천", "댓글", "공감"),
    "post-stamp": ("입력", "수정", "등록", "승인", "업데이트", "게재", "작성일", "송고"),
    "comment-furniture": ("댓글", "리플", "로그인", "등록순", "최신순", "공감순", "추천순", "답글"),
    "nav-prev-next": ("이전", "다음", "윗글", "아랫글"),
    "attachments": ("첨부", "다운로드"),
    "attached-file": (
        *(
            f".{ext}"
            for ext in ("hwp", "pdf", "jpg", "jpeg", "png", "gif", "zip", "doc", "xls", "ppt")
        ),
        *(
            f".{ext}"
            for ext in ("HWP", "PDF", "JPG", "JPEG", "PNG", "GIF", "ZIP", "mp4", "MP4", "mov")
        ),
        *(f"[{ext}," for ext in ("hwp", "pdf", "jpg", "jpeg", "png", "gif", "zip", "doc", "xls")),
    ),
    "page-feedback": ("만족", "페이지 개선", "콘텐츠", "컨텐츠", "담당"),
    "url-copied": ("복사",),
    "font-size": ("크기", "크게", "작게", "키우기", "줄이기", "가 가", "가가"),
    "image-zoom": ("확대", "크게"),
    "read-aloud": ("듣기", "읽어주기", "요약", "음성"),
    "caption-source": ("제공", "출처", "자료", "source", "Source", "SOURCE", "캡처", "캡쳐"),
    "end-mark": ("끝",),
    "hashtags": ("#",),
    "broadcast-cue": ("앵커", "리포트", "기자", "인터뷰", "현장음", "브릿지"),
}

# Markers with no literal cue describe a shape. They share one cheap gate (MarkerIndex.rules):
# a line must end in a digit, in a digit and a dot, or have no letter or digit at either end
# (counters, time stamps, byline stamps, decoration lines).
GATES: frozenset[str] = frozenset({"counters", "timestamp-only", "byline-stamp", "decoration"})


# --- rights reservations ------------------------------------------------------------------------
# Notices by which a publisher reserves its text from AI training or text-and-data mining
# (cleaner/boilerplate/rights.py finds them; the shard column ``rights_reservation`` names them).
# A plain "무단 전재 및 재배포 금지" is a copyright notice, not such a reservation, and is not
# listed. Each phrase must name the use (AI training, TDM, machine learning, AI data use) and
# the prohibition; where it stands in its line decides whether the line is a notice
# (``RIGHTS_NOTICE_CUE`` and the shape test in rights.py), so prose about AI policy is not one.


@dataclass(frozen=True)
class RightsPhrase:
    kind: str  # ai_training | tdm | machine_learning | noai
    name: str
    pattern: str  # case-insensitive
    reason: str


_KO_BAN = (
    r"(?:금지(?:합니다|됩니다|함|됨)?|금합니다|엄금|불허|불가(?:합니다)?"
    r"|할\s*수\s*없(?:습니다|음)|거부(?:합니다)?)"
)
_KO_USE = r"(?:이용|활용|사용|크롤링|수집|복제)"
# "no …", "may not be used for …", "prohibited from …"
_EN_BAN_LEAD = (
    r"(?:\bno\s+|not\s+(?:be\s+)?(?:used|permitted|allowed|licensed)\s+(?:for|to|in)\s+"
    r"|prohibited\s+(?:for|from)\s+|may\s+not\s+be\s+used\s+(?:for|to|in)\s+)"
)
_EN_BAN = r"(?:prohibited|forbidden|not\s+(?:permitted|allowed))"
_EN_AI = (
    r"(?:generative\s+)?(?:ai|artificial\s+intelligence|llms?|large\s+language\s+models?)"
    r"(?:\s+(?:models?|systems?))?"
)

RIGHTS_PHRASES: tuple[RightsPhrase, ...] = (
    RightsPhrase(
        "ai_training",
        "ko-ai-training",
        r"(?:생성형\s*)?(?:AI|인공\s*지능|에이아이)\s*"
        r"(?:(?:학습|훈련|트레이닝)(?:용|에|을\s*위한|목적의?)?\s*(?:데이터\s*(?:로|로서|로의)?\s*)?"
        r"|데이터\s*(?:로|로서|로의)?\s*)"
        rf"(?:(?:및|과|와|·|/|,)\s*{_KO_USE}\s*)?"
        rf"(?:{_KO_USE}(?:하는\s*것을|을|를)?\s*)?(?:을\s*|를\s*)?{_KO_BAN}",
        "'AI 학습 이용 금지', 'AI학습 및 활용 금지', '인공지능 학습 이용 금지', 'AI 데이터 활용 금지'",
    ),
    RightsPhrase(
        "tdm",
        "ko-tdm",
        r"(?:텍스트\s*(?:및|와|·|/)?\s*)?데이터\s*마이닝(?:\s*\(\s*TDM\s*\))?"
        rf"\s*(?:을|를|의|목적의?|에)?\s*(?:위한\s*)?(?:{_KO_USE}\s*)?(?:을\s*|를\s*)?{_KO_BAN}"
        rf"|\bTDM\s*(?:을|를|의|목적의?)?\s*(?:{_KO_USE}\s*)?{_KO_BAN}",
        "'텍스트 및 데이터 마이닝(TDM) 금지', 'TDM 이용 금지'",
    ),
    RightsPhrase(
        "machine_learning",
        "ko-machine-learning",
        rf"(?:머신\s*러닝|기계\s*학습)\s*(?:용|에)?\s*(?:{_KO_USE}\s*)?(?:을\s*|를\s*)?{_KO_BAN}",
        "'머신러닝 이용 금지', '기계학습 활용 금지'",
    ),
    RightsPhrase(
        "ai_training",
        "en-ai-training",
        rf"{_EN_BAN_LEAD}(?:the\s+)?(?:purposes?\s+of\s+)?train(?:ing)?\s+(?:of\s+)?{_EN_AI}"
        rf"|{_EN_BAN_LEAD}(?:the\s+)?(?:purposes?\s+of\s+)?{_EN_AI}\s+training\b"
        rf"|\b{_EN_AI}\s+training\s+(?:is\s+)?{_EN_BAN}",
        "'No AI training', 'may not be used to train AI models', 'AI training prohibited'",
    ),
    RightsPhrase(
        "tdm",
        "en-tdm",
        r"(?:text\s+(?:and|&)\s+)?data\s+mining(?:\s*\(\s*TDM\s*\))?[^.]{0,40}?"
        r"(?:prohibited|forbidden|not\s+(?:permitted|allowed)|reserved|opt(?:ed)?[\s-]?out)"
        r"|\bno\s+(?:text\s+(?:and|&)\s+)?data\s+mining\b"
        r"|\bTDM\b[^.]{0,30}?(?:prohibited|forbidden|not\s+(?:permitted|allowed)|reserved|opt(?:ed)?[\s-]?out)"
        r"|\breserv(?:ed|es|ation)\b[^.]{0,60}?(?:text\s+(?:and|&)\s+data\s+mining|\bTDM\b"
        r"|\bAI\s+training|machine\s+learning)",
        "'text and data mining prohibited', 'All rights reserved, including for text and data "
        "mining', 'TDM reservation'",
    ),
    RightsPhrase(
        "machine_learning",
        "en-machine-learning",
        r"(?:not\s+(?:be\s+)?(?:used|permitted|allowed)\s+(?:for|to|in)\s+|prohibited\s+(?:for|from)\s+"
        r"|may\s+not\s+be\s+used\s+(?:for|to|in)\s+|\bno\s+)(?:train(?:ing)?\s+)?"
        r"(?:any\s+)?machine[\s-]learning",
        "'may not be used to train machine learning models'",
    ),
    RightsPhrase(
        "noai",
        "robots-noai",
        r"^\W*no-?ai\b(?:\s*[,;]\s*no-?imageai\b)?\W*$|\brobots\b[^\n]{0,40}?\bno-?ai\b",
        "the robots-style 'noai' / 'noai, noimageai' directive as a line of text",
    ),
)

# Every phrase above contains one of these words, in one of these spellings: one scan of a text
# for them finds the few lines worth testing.
RIGHTS_CUES: tuple[str, ...] = (
    *("학습", "훈련", "트레이닝", "데이터", "마이닝", "러닝"),
    *("TDM", "tdm", "mining", "Mining", "MINING", "train", "Train", "TRAIN"),
    *("learning", "Learning", "LEARNING", "noai", "NoAI", "NOAI", "no-ai", "No-AI"),
)
# A reservation notice is a short line of its own (a footer), not a sentence about AI policy.
RIGHTS_NOTICE_MAX_CHARS = 200
# Words that make the rest of a line a rights notice: what stands before or after the phrase
# may be a copyright notice, but not any other text.
RIGHTS_NOTICE_CUE = (
    r"[ⓒ©]|\(c\)|copyright|all\s+rights|rights\s+reserved|저작권|무단|전재|재배포|배포\s*금지"
    r"|^\W*(?:본|이|해당)\s*(?:기사|콘텐츠|글|자료|게시물|저작물|사진|영상)(?:는|은|의|를|을)?\b"
    r"|^\W*(?:this|the)\s+(?:work|article|content|site|website|page|publication|material|story)\b"
    r"|\bpublisher\b|rights\s*holder|copyright\s+holder|reproduction|redistribution"
)
