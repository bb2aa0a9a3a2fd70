"""The data of PII scrubbing: types and their placeholders, context words, number prefixes,
bank names and e-mail top-level domains.

Context words decide the numbers whose shape alone is not enough: a 13-digit run is a resident
registration number only after 주민번호, a bare 10-digit run a business registration number only
after 사업자, any account-shaped number an account only near a bank name or 계좌. They are
searched in a short window before the number (``CONTEXT_BEFORE`` characters) and, for banks,
after it (``BANK_AFTER``).
"""

from __future__ import annotations

# type -> placeholder, in the order the types are listed everywhere (config, stats, card)
PLACEHOLDERS: dict[str, str] = {
    "rrn": "<주민등록번호>",  # resident and foreigner registration numbers
    "phone": "<전화번호>",
    "email": "<이메일>",
    "card": "<카드번호>",
    "account": "<계좌번호>",
    "brn": "<사업자등록번호>",
    "ip": "<IP주소>",
}
TYPES: tuple[str, ...] = tuple(PLACEHOLDERS)

# What each type covers, for the help text and the README.
DESCRIPTIONS: dict[str, str] = {
    "rrn": "resident / foreigner registration numbers (주민등록번호, 외국인등록번호)",
    "phone": "mobile, landline, 070/050x/080 and 15xx/16xx/18xx numbers, +82 forms",
    "email": "e-mail addresses, also ＠, (at) / [at] spellings and masked local parts",
    "card": "payment card numbers (Luhn, issuer prefix)",
    "account": "bank account numbers near a bank name or 계좌 / 입금 / 예금주",
    "brn": "business registration numbers (사업자등록번호, check digit)",
    "ip": "IPv4 and IPv6 addresses (not a partly masked IPv4: the site hid the host)",
}

CONTEXT_BEFORE = 25  # characters searched before a number for its context words
BANK_AFTER = 15  # characters searched after an account-shaped number for a bank name

# --- resident registration numbers ----------------------------------------------------------
RRN_WORDS = r"주민|외국인\s?등록|생년월일|등록\s?번호|RRN"
# numbers of the same shape that are something else: order, parcel, case and product numbers
RRN_NOT_WORDS = (
    r"주문|송장|운송장|택배|사건|접수|바코드|상품|제품|품번|모델|일련|시리얼|고유\s?번호|회원\s?번호"
    r"|승인|거래|예약|계좌|ISBN|관리\s?번호|문서\s?번호"
)

# --- phone numbers --------------------------------------------------------------------------
PHONE_WORDS = (
    r"전화|연락|문의|상담|센터|사무국|접수|예약|안내|신청|대표\s?번호|휴대|핸드폰|팩스|☎|☏|📞|📱"
    r"|(?i:tel|fax|phone|mobile|call|hp|h\.p)"
)
MOBILE_PREFIXES = frozenset({"010", "011", "016", "017", "018", "019"})
AREA_CODES = frozenset(
    {"02", "031", "032", "033", "041", "042", "043", "044", "051", "052", "053", "054", "055"}
    | {"061", "062", "063", "064"}
)
# internet phones, personal (safe) numbers, premium and free numbers
SERVICE_PREFIXES = frozenset(
    {"070", "060", "080", "0502", "0503", "0504", "0505", "0506", "0507", "0508"}
)
# 8-digit representative numbers (대표번호) are 15xx-xxxx, 16xx-xxxx and 18xx-xxxx; every xx is
# in use, so the prefix alone says little. A range of years (1592-1598) or of amounts
# (1500-1800m) has the same shape: an ascending pair ending at or below 2100, or a unit after
# the number, makes it a range unless a phone word stands before it.
RANGE_UNITS = (
    r"[ \u00a0]?(?:년|원|명|개|회|건|세|달러|엔|위안|톤|마리|곳|평|분|초|시간|일|개월|위|점|%|℃"
    r"|(?i:m|km|mm|cm|cc|rpm|g|kg|mah|hz|ml|l)(?![A-Za-z]))"
)

# --- cards ----------------------------------------------------------------------------------
CARD_WORDS = r"카드|card|결제|신용|체크"
CARD_NOT_WORDS = r"주문|송장|운송장|택배|바코드|상품|계좌|승인|거래|예약|회원|ISBN|일련|시리얼"

# --- business registration numbers ----------------------------------------------------------
BRN_WORDS = r"사업자|등록\s?번호|법인"

# --- bank accounts --------------------------------------------------------------------------
# Names and words that make an account-shaped number an account anywhere in the window.
BANK_NAMES = (
    "국민은행 KB국민은행 KB국민 KB은행 신한은행 우리은행 하나은행 KEB하나은행 KEB하나 외환은행"
    " 농협은행 NH농협은행 NH농협 단위농협 지역농협 축협 기업은행 IBK기업은행 IBK기업 SC제일은행"
    " SC은행 제일은행 씨티은행 한국씨티은행 시티은행 산업은행 KDB산업은행 수협은행 카카오뱅크"
    " 케이뱅크 K뱅크 토스뱅크 새마을금고 MG새마을금고 신협 우체국 부산은행 BNK부산은행"
    " 경남은행 BNK경남은행 대구은행 DGB대구은행 iM뱅크 광주은행 전북은행 제주은행 저축은행"
    " 산림조합 미래에셋증권 키움증권 삼성증권 NH투자증권 한국투자증권 KB증권 신한투자증권"
).split()
ACCOUNT_WORDS = r"은행|뱅크|금고|계좌|입금|예금주|무통장|송금|이체|농협|신협|수협|우체국"
# Short names that are also common words (우리, 하나, 국민, 기업): only right before the number.
BANK_SHORT_NAMES = (
    "국민 신한 우리 하나 농협 기업 씨티 시티 카뱅 토스 외환 부산 대구 경남 광주 전북 제주 KB NH"
    " IBK KEB SC"
).split()
BANK_SHORT_GAP = 3  # characters between a short bank name and the number

# --- IP addresses ---------------------------------------------------------------------------
IP_WORDS = r"(?i:ip|아이피|주소|서버|server|접속|dns|host|ping|게이트웨이|gateway)"
VERSION_WORDS = (
    r"(?:(?<![A-Za-z])(?i:v|ver|version|build|firmware|release)|버전|빌드|펌웨어|업데이트|릴리스)"
    r"\.?\s?$"
)

# --- e-mail ---------------------------------------------------------------------------------
# Generic top-level domains seen in e-mail addresses; any two-letter country code is taken from
# COUNTRY_CODES. File extensions (png, jpg, gif, css, js, …) are deliberately absent, so that
# ``logo@2x.png`` is not an address.
GENERIC_TLDS = frozenset(
    "com net org edu gov mil int info biz name pro asia mobi tel travel jobs museum aero coop"
    " xyz online site shop store app dev tech blog news media club live life world email"
    " company today space website kim kr cloud studio design page one top link click"
    " global center team group works network systems solutions digital services academy"
    " school church art music".split()
)
COUNTRY_CODES = frozenset(
    "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br"
    " bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz"
    " ec ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw"
    " gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw"
    " ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu"
    " mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt"
    " pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st sv sx sy sz tc td"
    " tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye"
    " yt za zm zw".split()
)
