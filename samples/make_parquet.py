"""Write samples/export.parquet: a small FineWeb-2-style export (text, id, url, date, ...).

Run from the repository root with ``.venv/bin/python samples/make_parquet.py``; the output is the
same every time. One row re-publishes the wire story of ``wire-002b`` in corpus.jsonl under a
portal's header and footer, so that near-duplicates are found across input files.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
DUMP = "CC-MAIN-2025-33"


def wire_story_from_corpus() -> str:
    """The body of wire-002b (its first line and its two footer lines replaced)."""
    with (HERE / "corpus.jsonl").open(encoding="utf-8") as fh:
        doc = next(d for d in map(json.loads, fh) if d["id"] == "wire-002b")
    lines = doc["text"].split("\n")
    body = lines[3:-3]  # without headline, blank, lead; caption, copyright, section note
    return "\n".join(
        [
            "늘봄학교, 내년엔 초등 3학년도 하루 2시간 무료",
            "",
            "내년부터 초등학교 3학년 희망 학생도 정규수업 뒤 하루 2시간씩 무료로 늘봄학교 프로그램을 들을 수 있게 된다.",
            *body,
            "ⓒ 뉴시스 제공 / 무단 전재 및 재배포 금지",
            "많이 본 뉴스",
            "1 수도권 광역버스 요금 내년 인상",
            "2 '여름방학 특강' 사교육비 부담 여전",
            "3 학생 스마트폰 수업 중 사용 금지법 시행",
        ]
    )


ROWS = [
    (
        "https://news.portal.example.net/edu/2025/07/16/000912",
        "2025-07-16T05:12:44Z",
        wire_story_from_corpus(),
    ),
    (
        "https://www.hanulforum.example.com/board/view/tip/77102",
        "2025-08-02T13:40:21Z",
        """생활팁 게시판
여름철 에어컨 전기요금 아끼는 방법 정리
글쓴이 절약왕 | 2025.08.02 | 조회 3,884
올여름 전기요금 폭탄 맞지 않으려고 이것저것 찾아보고 직접 해 본 방법들 정리해요.
1. 인버터 에어컨은 껐다 켰다 하지 말고 26도로 계속 켜 두는 게 오히려 전기를 덜 씁니다.
2. 필터는 2주에 한 번 물로 씻어 주세요. 먼지가 쌓이면 냉방 효율이 5~15% 떨어진다고 해요.
3. 실외기 주변에 물건을 두지 말고, 햇빛이 직접 닿으면 가림막을 설치하세요.
4. 선풍기를 같이 틀면 찬 공기가 빨리 퍼져서 설정 온도를 1~2도 높여도 시원합니다.
저는 이렇게 해서 지난달 요금이 작년 같은 달보다 2만3천원 덜 나왔어요.
추천 88 비추천 1
목록 | 답글 | 글쓰기
번호 제목 글쓴이 날짜 조회
77103 제습기 vs 에어컨 제습 모드 비교 습한여름 08.02 512
77102 여름철 에어컨 전기요금 아끼는 방법 정리 절약왕 08.02 3884
77101 냉장고 정리 꿀팁 공유 살림꾼 08.01 1290""",
    ),
    (
        "https://www.gwangjutimes.example.kr/news/articleView.html?idxno=230117",
        "2025-05-18T01:03:10Z",
        """5·18 민주화운동 45주년 기념식…"오월 정신 헌법 전문에 담아야"
5·18 민주화운동 45주년 기념식이 18일 오전 광주 북구 국립5·18민주묘지에서 유가족과 시민 등 2천500여 명이 참석한 가운데 열렸다.
올해 기념식 주제는 '오월의 노래, 함께 부르는 내일'이다. 기념식은 여는 공연, 국민의례, 경과보고, 기념사, 기념 공연, '임을 위한 행진곡' 제창 순으로 진행됐다.
기념 공연에서는 1980년 5월 당시 고등학생이던 시민군 故 박모씨의 일기를 바탕으로 한 창작극이 무대에 올라 참석자들의 눈시울을 붉혔다.
유족회장은 "45년이 지났지만 발포 명령자와 암매장 의혹 등 밝혀지지 않은 진실이 남아 있다"며 "오월 정신을 헌법 전문에 담는 일도 더는 미뤄서는 안 된다"고 말했다.
기념식이 끝난 뒤에도 묘역에는 참배객의 발길이 이어졌다. 광주시는 이날 하루 추모객이 3만 명을 넘을 것으로 내다봤다.
광주타임즈 제보
전화 062-000-0000
이메일 jebo@gwangjutimes.example.kr
카카오톡 광주타임즈
Copyright © 광주타임즈. All rights reserved.""",
    ),
    (
        "https://shop.greenfarm.example.com/product/detail.html?product_no=3120",
        "2025-09-30T22:18:55Z",
        """홈
쇼핑몰
로그인
회원가입
장바구니
주문조회
고객센터

[산지직송] 충북 괴산 대학찰옥수수 10개입
판매가 15,900원
배송비 3,000원 (5만원 이상 무료)
상품 설명
괴산 대학찰옥수수는 껍질이 얇고 쫀득한 식감이 특징입니다. 매일 새벽 수확한 옥수수를 당일 발송합니다.
받으신 옥수수는 껍질째 냉장 보관하시고 되도록 이틀 안에 드세요. 오래 두실 경우 삶아서 한 개씩 랩으로 싸서 냉동하시면 3개월까지 보관할 수 있습니다.
삶는 법: 껍질을 한두 겹 남기고 물 3L에 소금 1큰술, 설탕 2큰술을 넣고 30분간 삶아 주세요.
상품후기 (128)
상품문의 (12)
바로구매 장바구니 관심상품
상호 : 그린팜 | 대표 : 이농부 | 사업자등록번호 : 301-00-00000 | 통신판매업신고 : 제2025-충북괴산-0012호
Copyright © GREENFARM. All rights reserved.""",
    ),
]


def build() -> pa.Table:
    rows = []
    for url, date, text in ROWS:
        rows.append(
            {
                "text": text,
                "id": f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>",
                "dump": DUMP,
                "url": url,
                "date": date,
                "file_path": f"s3://commoncrawl/crawl-data/{DUMP}/segments/sample/warc/sample.warc.gz",
                "language": "kor",
                "language_score": 0.99,
                "language_script": "Hang",
            }
        )
    return pa.Table.from_pylist(rows)


def main() -> None:
    pq.write_table(build(), HERE / "export.parquet", compression="zstd")
    print(f"wrote {HERE / 'export.parquet'} ({len(ROWS)} rows)")


if __name__ == "__main__":
    main()
