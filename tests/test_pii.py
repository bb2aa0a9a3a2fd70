"""PII scrubbing (cleaner/pii): what each type catches in its common spellings, what it must leave
alone (dates, prices, case and article numbers, ISBNs, product codes, versions, coordinates,
numbers inside longer runs), and the properties a corpus builder relies on: masking is
idempotent, placeholders never match, spans point at the placeholders.

Every number and address here is made up; check digits were computed for these tests.
"""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner.config import PII_TYPES
from cleaner.pii import PLACEHOLDERS, TYPES, Scrubber, find, resolve_modes, scrub
from cleaner.pii import validators as v
from cleaner.pii.rules import NUMBER_RULES

# (text, type, the matched text, rule)
POSITIVES = [
    # mobile phones in their spellings
    ("문의 010-1234-5678 로 주세요", "phone", "010-1234-5678", "phone:mobile"),
    ("연락처: 010.1234.5678", "phone", "010.1234.5678", "phone:mobile"),
    ("010 1234 5678 로 문자 주세요", "phone", "010 1234 5678", "phone:mobile"),
    ("휴대폰 01012345678", "phone", "01012345678", "phone:mobile"),
    ("연락은01012345678로", "phone", "01012345678", "phone:mobile"),
    ("휴대폰(010)1234-5678", "phone", "(010)1234-5678", "phone:mobile"),
    ("HP.010-1234-5678", "phone", "010-1234-5678", "phone:mobile"),
    ("옛 번호 011-234-5678", "phone", "011-234-5678", "phone:mobile"),
    ("010 - 1234 - 5678", "phone", "010 - 1234 - 5678", "phone:mobile"),
    ("010–1234–5678", "phone", "010–1234–5678", "phone:mobile"),
    ("０１０－１２３４－５６７８", "phone", "０１０－１２３４－５６７８", "phone:mobile"),
    # international form
    ("+82 10-1234-5678", "phone", "+82 10-1234-5678", "phone:international"),
    ("+82-10-1234-5678", "phone", "+82-10-1234-5678", "phone:international"),
    ("Mobile +821012345678", "phone", "+821012345678", "phone:international"),
    ("+82 (0)10 1234 5678", "phone", "+82 (0)10 1234 5678", "phone:international"),
    ("+82-2-312-3456", "phone", "+82-2-312-3456", "phone:international"),
    # landlines, service and representative numbers
    ("전화 02-312-3456", "phone", "02-312-3456", "phone:landline"),
    ("Tel.02-312-3456", "phone", "02-312-3456", "phone:landline"),
    ("T.031)234-5678", "phone", "031)234-5678", "phone:landline"),
    ("빈소 (02) 312-3456", "phone", "(02) 312-3456", "phone:landline"),
    ("☎ 051-234-5678", "phone", "051-234-5678", "phone:landline"),
    ("예약(063-243-5678) 후 이용", "phone", "063-243-5678", "phone:landline"),
    ("문의 0212345678", "phone", "0212345678", "phone:landline"),
    ("팩스 0502-123-4567", "phone", "0502-123-4567", "phone:service"),
    ("070-1234-5678", "phone", "070-1234-5678", "phone:service"),
    ("안심번호 0507-1234-5678", "phone", "0507-1234-5678", "phone:service"),
    ("080-123-4567 (무료)", "phone", "080-123-4567", "phone:service"),
    ("고객센터 1588-1234", "phone", "1588-1234", "phone:representative"),
    ("운영사무국 1551-3159", "phone", "1551-3159", "phone:representative"),
    ("상담 1577 1234", "phone", "1577 1234", "phone:representative"),
    ("솔루션 센터(1577-1701)", "phone", "1577-1701", "phone:representative"),
    ("문의 15881234", "phone", "15881234", "phone:representative"),
    # partly masked numbers still show digits of one
    ("당첨자 010-****-5678 님", "phone", "010-****-5678", "phone:partial"),
    ("010-12**-5678", "phone", "010-12**-5678", "phone:partial"),
    # resident registration numbers
    ("주민등록번호 900101-1234568", "rrn", "900101-1234568", "rrn:check-digit"),
    ("900101-1234568", "rrn", "900101-1234568", "rrn:check-digit"),
    ("900101 - 1234568", "rrn", "900101 - 1234568", "rrn:check-digit"),
    ("031120-4123457", "rrn", "031120-4123457", "rrn:check-digit"),
    ("주민번호 9001011234568", "rrn", "9001011234568", "rrn:check-digit"),
    ("외국인등록번호 910707-5123453", "rrn", "910707-5123453", "rrn:check-digit"),
    # issued since October 2020: no check digit, so the context word decides
    ("주민번호: 210315-3847261", "rrn", "210315-3847261", "rrn:context"),
    ("생년월일 900101-1******", "rrn", "900101-1******", "rrn:partial"),
    # payment cards
    ("카드번호 9410-1234-5678-9010", "card", "9410-1234-5678-9010", "card:luhn"),
    ("9410 1234 5678 9010", "card", "9410 1234 5678 9010", "card:luhn"),
    ("결제 카드 9410123456789010", "card", "9410123456789010", "card:luhn"),
    ("5360-1234-5678-9018", "card", "5360-1234-5678-9018", "card:luhn"),
    ("3712-345678-90120", "card", "3712-345678-90120", "card:luhn"),
    ("승인 카드 9410-12**-****-9010", "card", "9410-12**-****-9010", "card:partial"),
    # business registration numbers
    ("사업자등록번호 123-45-67891", "brn", "123-45-67891", "brn:check-digit"),
    ("123-45-67891 (주)가상상사", "brn", "123-45-67891", "brn:check-digit"),
    ("사업자번호 123-45-67890", "brn", "123-45-67890", "brn:context"),
    ("사업자등록번호: 1234567891", "brn", "1234567891", "brn:check-digit"),
    # bank accounts: near a bank name or an account word
    ("국민은행 123456-01-234567", "account", "123456-01-234567", "account:bank"),
    ("신한 110-123-456789", "account", "110-123-456789", "account:bank"),
    ("우리은행 1002-123-456789 (예금주 홍길동)", "account", "1002-123-456789", "account:bank"),
    ("입금계좌: 3333-01-1234567 카카오뱅크", "account", "3333-01-1234567", "account:bank"),
    ("후원 계좌 123-456789-01-012", "account", "123-456789-01-012", "account:bank"),
    ("농협 351-1234-5678-93", "account", "351-1234-5678-93", "account:bank"),
    ("1002-123-456789 우리은행", "account", "1002-123-456789", "account:bank"),
    ("예금주 홍길동, 계좌번호 12345678901234", "account", "12345678901234", "account:bank"),
    # IP addresses
    ("IP 211.234.56.78 에서 접속", "ip", "211.234.56.78", "ip:v4"),
    ("공유기 주소는 192.168.0.1 입니다", "ip", "192.168.0.1", "ip:v4"),
    ("DNS 8.8.8.8", "ip", "8.8.8.8", "ip:v4"),
    ("fe80::1ff:fe23:4567:890a", "ip", "fe80::1ff:fe23:4567:890a", "ip:v6"),
    ("서버 2001:db8::1 로", "ip", "2001:db8::1", "ip:v6"),
    # e-mail
    ("hong.gildong@example.co.kr", "email", "hong.gildong@example.co.kr", "email"),
    ("홍길동 기자 hong@example.com", "email", "hong@example.com", "email"),
    ("이메일(hong_99@example.com)로", "email", "hong_99@example.com", "email"),
    ("hong(at)example.com", "email", "hong(at)example.com", "email:obfuscated"),
    ("hong [at] example.com", "email", "hong [at] example.com", "email:obfuscated"),
    ("hong[at]example[dot]com", "email", "hong[at]example[dot]com", "email:obfuscated"),
    ("hong＠example.com", "email", "hong＠example.com", "email"),
    ("작성자 ho***@example.com", "email", "ho***@example.com", "email:masked"),
    ("뉴스 홍길동 hong@\n기사제보", "email", "hong@", "email:cut"),
    ("뉴스 김가상 jm@\n사진=", "email", "jm@", "email:cut"),
    ("《김가상 기자 hong@》", "email", "hong@", "email:cut"),
]

NEGATIVES = [
    "접속 IP: 211.234.***.***",  # a board already hid the host: no longer personal
    # dates and times
    "2024.01.15",
    "2024-01-15 14:30",
    "20240115",
    "2024. 1. 15. 선고",
    "24.01.15.",
    "오전 10:30:45",
    "09:00-18:00",
    "1999. 7. 22. 98헌마480",
    # prices and amounts
    "1,234,567원",
    "12,000,000원",
    "가격 1234567원",
    "$1,299.00",
    # article, case and law numbers
    "제2024-123호",
    "2024고합123",
    "2023다12345",
    "법률 제14438호",
    "대법원 2019. 11. 21. 선고 2014스44 결정",
    # ISBNs and product or tracking codes
    "ISBN 978-89-1234-567-8",
    "ISBN 979-11-6224-123-4",
    "9788912345678",
    "바코드 8801234567890",
    "운송장번호 6012-3456-7890",
    "주문번호 20240115-0001234",
    "주문번호 240115-1234567",
    "상품코드 900101-1234568",
    "12345678901234567890",
    "삼성전자(005930) 2.05%",
    # versions, sizes, coordinates, scores
    "v1.2.3.4",
    "버전 10.2.3.4",
    "1.16.5.2",
    "Chrome 120.0.6099.109",
    "1920x1080",
    "37.5665, 126.9780",
    "세트 점수 3-1(25-22 26-24 25-23)",
    # ranges of years and amounts in the shape of a 15xx-xxxx number
    "1592-1598년 임진왜란",
    "2023-2024 시즌",
    "1600-1700년대",
    "고도 1500-1800m",
    # phone-like numbers inside longer runs
    "2024-010-1234-5678",
    "02-312-3456-7890",
    "01012345678901",
    "1.010.1234.5678",
    # resident-number shapes that are not resident numbers
    "901301-1234567",  # month 13
    "900230-1234567",  # 30 February
    "900101-1234567",  # wrong check digit, no context word
    "9001011234568",  # 13 digits, no context word
    # templates and things that look like addresses
    "010-XXXX-XXXX",
    "010-0000-0000",
    "카카오톡 @mbc제보",
    "logo@2x.png",
    "[email protected]",
    "유튜브 youtube.com/@channel.name",
    "A-_-@\n다음 줄",
    "재밌어~@@ 최고",
    "연기력 어마어마 하네요~@.@발연기",
    "hong@ 이라는 말",
    "8.8.8.8",
    "버전 1.0.0.1",
    # account shapes with no bank near
    "123456-01-234567",
    "2024-01-15-2024-01-20 입금 기간",
    # short service numbers are not personal
    "☎1393, 희망의 전화 ☎129, 청소년 전화 ☎1388",
]


@pytest.mark.parametrize(("text", "kind", "value", "rule"), POSITIVES)
def test_each_type_in_its_spellings(text, kind, value, rule):
    matches = find(text)
    assert [(m.type, text[m.start : m.end], m.rule) for m in matches] == [(kind, value, rule)]


@pytest.mark.parametrize("text", NEGATIVES)
def test_hard_negatives_are_left_alone(text):
    assert find(text) == [], [(m, text[m.start : m.end]) for m in find(text)]


def test_several_types_in_one_text():
    text = (
        "문의: 02-312-3456, 010-1234-5678 / hong@example.com\n"
        "주민번호 900101-1234568, 카드 9410-1234-5678-9010, 국민은행 123456-01-234567\n"
        "2024.01.15 가격 1,234,567원 (사업자등록번호 123-45-67891, IP 211.234.56.78)"
    )
    found = [(m.type, text[m.start : m.end]) for m in find(text)]
    assert found == [
        ("phone", "02-312-3456"),
        ("phone", "010-1234-5678"),
        ("email", "hong@example.com"),
        ("rrn", "900101-1234568"),
        ("card", "9410-1234-5678-9010"),
        ("account", "123456-01-234567"),
        ("brn", "123-45-67891"),
        ("ip", "211.234.56.78"),
    ]


def test_the_choice_of_types_does_not_change_what_a_number_is():
    """A phone number beside a bank name stays a phone number when phones are off: it is not
    masked as an account."""
    text = "국민은행 고객센터 010-1234-5678 로 문의"
    assert [m.type for m in find(text)] == ["phone"]
    assert find(text, ["account"]) == []
    assert scrub(text, {"account": "mask"}).text == text


# --- validators ---------------------------------------------------------------------------------


def test_rrn_birth_date_follows_the_century_of_the_sex_digit():
    assert v.rrn_birth_date_ok("000229", "3")  # 2000 was a leap year
    assert not v.rrn_birth_date_ok("000229", "1")  # 1900 was not
    assert v.rrn_birth_date_ok("991231", "2")
    assert v.rrn_birth_date_ok("850615", "6")  # a foreigner born in the 1900s
    assert not v.rrn_birth_date_ok("851315", "1")
    assert not v.rrn_birth_date_ok("850600", "1")


def test_rrn_check_digit_citizens_and_foreigners():
    assert v.rrn_check_digit_ok("9001011234568")
    assert not v.rrn_check_digit_ok("9001011234567")
    assert v.rrn_check_digit_ok("8506152345674")
    assert v.rrn_check_digit_ok("9107075123453")  # foreigners: 13 - sum % 11
    assert not v.rrn_check_digit_ok("9107075123454")


def test_luhn_and_card_prefixes():
    assert v.luhn_ok("4111111111111111")
    assert not v.luhn_ok("4111111111111112")
    assert v.card_prefix_ok("9410123456789010")
    assert v.card_prefix_ok("371234567890120")
    assert not v.card_prefix_ok("1234567890123452")  # no issuer starts with 1
    assert not v.card_prefix_ok("3412345678901234")  # American Express has 15 digits


def test_brn_check_digit():
    assert v.brn_check_digit_ok("1234567891")
    assert not v.brn_check_digit_ok("1234567890")
    assert not v.brn_check_digit_ok("0000000000")


def test_phone_kinds():
    assert v.phone_kind("010", "1234") == "mobile"
    assert v.phone_kind("02", "312") == "landline"
    assert v.phone_kind("031", "2345") == "landline"
    assert v.phone_kind("070", "1234") == "service"
    assert v.phone_kind("0507", "1234") == "service"
    assert v.phone_kind("039", "234") is None  # no such area code
    assert v.phone_kind("010", "12") is None
    assert v.representative_ok("1588", "1234")
    assert not v.representative_ok("1600", "1700")  # years
    assert not v.representative_ok("1234", "5678")


def test_ipv4_octets():
    assert v.ipv4_octets_ok(["192", "168", "0", "1"])
    assert v.ipv4_octets_ok(["211", "234", "***", "***"])
    assert not v.ipv4_octets_ok(["256", "1", "1", "1"])
    assert not v.ipv4_octets_ok(["10", "01", "1", "1"])  # leading zero
    assert not v.ipv4_octets_ok(["***", "1", "1", "1"])


def test_full_width_digits_are_read():
    assert v.digits_of("０１０－１２３４") == "0101234"


# --- scrub --------------------------------------------------------------------------------------


def test_scrub_puts_typed_placeholders_and_records_their_spans():
    text = "문의 010-1234-5678 또는 hong@example.com, 국민은행 123456-01-234567"
    result = scrub(text, "mask")
    assert result.text == "문의 <전화번호> 또는 <이메일>, 국민은행 <계좌번호>"
    assert [(m.type, result.text[m.start : m.end]) for m in result.matches] == [
        ("phone", "<전화번호>"),
        ("email", "<이메일>"),
        ("account", "<계좌번호>"),
    ]
    assert not result.drop


def test_scrub_modes_per_type():
    text = "문의 010-1234-5678 또는 hong@example.com"
    assert scrub(text, "off").text == text
    only_email = scrub(text, {"email": "mask"})
    assert only_email.text == "문의 010-1234-5678 또는 <이메일>"
    dropped = scrub(text, {"phone": "drop", "email": "mask"})
    assert dropped.drop_types == ("phone",)
    assert dropped.text == "문의 <전화번호> 또는 <이메일>"  # the spans are recorded all the same
    assert not scrub("본문에 개인정보가 없습니다.", "drop").drop


def test_modes_are_checked():
    with pytest.raises(ValueError, match="unknown PII type"):
        resolve_modes({"passport": "mask"})
    with pytest.raises(ValueError, match="must be one of off, mask, drop"):
        resolve_modes("yes")
    assert resolve_modes({"rrn": "drop"}) == {k: "drop" if k == "rrn" else "off" for k in TYPES}


def test_masking_that_brings_a_context_word_within_reach_is_finished_in_one_scrub():
    """A masked number is shorter than the number: a bank name 30 characters away comes within
    reach of the account after it. scrub runs until nothing more is found, so a second scrub
    changes nothing."""
    text = "국민은행 안내 010-1234-5678 hong.gildong@example.com 123456-01-234567"
    assert [m.type for m in find(text)] == ["phone", "email"]  # the bank is out of reach
    once = scrub(text, "mask")
    assert once.text == "국민은행 안내 <전화번호> <이메일> <계좌번호>"
    assert [once.text[m.start : m.end] for m in once.matches] == [
        "<전화번호>",
        "<이메일>",
        "<계좌번호>",
    ]
    assert scrub(once.text, "mask").text == once.text


def test_types_and_placeholders_are_one_table():
    assert tuple(PLACEHOLDERS) == TYPES == PII_TYPES
    assert {rule.type for rule in NUMBER_RULES} | {"email"} == set(TYPES)
    for placeholder in PLACEHOLDERS.values():
        assert find(placeholder) == []
        assert find(placeholder * 3) == []
        assert find(f"{placeholder}010-1234-5678{placeholder}")[0].type == "phone"


# --- properties ---------------------------------------------------------------------------------

_PIECES = [
    "문의",
    "전화",
    "국민은행",
    "계좌",
    "주민번호",
    "사업자등록번호",
    "IP",
    "카드",
    "기자",
    "2024.01.15",
    "1,234,567원",
    "010-1234-5678",
    "02-312-3456",
    "1588-1234",
    "+82 10-1234-5678",
    "900101-1234568",
    "210315-3847261",
    "9410-1234-5678-9010",
    "123-45-67891",
    "123456-01-234567",
    "211.234.56.78",
    "hong@example.com",
    "ho***@example.com",
    "hong(at)example.com",
    "fe80::1",
    "2001:db8::1",
    "<전화번호>",
]
_TEXTS = st.lists(
    st.one_of(
        st.sampled_from(_PIECES),
        st.text(alphabet="0123456789-. ()*@:가나다\n", max_size=14),
    ),
    max_size=14,
).map(lambda parts: "".join(parts))


@settings(
    max_examples=400, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(_TEXTS, st.sampled_from(["mask", "drop"]))
@example("국민은행 010-1234-5678 hong@example.com 1234567890123", "mask")
@example("주민번호1588-1234 900101-1234568", "mask")
def test_scrubbing_is_idempotent_and_spans_are_placeholders(text, mode):
    once = scrub(text, mode)
    assert scrub(once.text, mode).text == once.text
    assert scrub(once.text, mode).matches == ()
    placeholders = set(PLACEHOLDERS.values())
    for m in once.matches:
        assert once.text[m.start : m.end] == PLACEHOLDERS[m.type]
    # nothing but the placeholders changed: removing them from both sides leaves what was kept
    kept = re.sub("|".join(map(re.escape, placeholders)), "", once.text)
    assert len(kept) <= len(text)
    starts = [m.start for m in once.matches]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in pairwise(once.matches))


@settings(max_examples=300, derandomize=True, deadline=None)
@given(_TEXTS)
def test_find_gives_sorted_disjoint_spans_without_newlines(text):
    matches = find(text)
    assert all(a.end <= b.start for a, b in pairwise(matches))
    for m in matches:
        assert m.type in TYPES and m.rule.split(":")[0] == m.type
        assert 0 <= m.start < m.end <= len(text)
        assert "\n" not in text[m.start : m.end].rstrip("\n")


def test_scrubber_is_reusable_and_off_is_free():
    scrubber = Scrubber({"phone": "mask"})
    assert scrubber.scrub("전화 010-1234-5678").text == "전화 <전화번호>"
    assert scrubber.scrub("메일 hong@example.com").text == "메일 hong@example.com"
    off = Scrubber("off")
    assert off.scrub("전화 010-1234-5678").matches == ()
