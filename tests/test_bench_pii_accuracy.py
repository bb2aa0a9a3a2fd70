"""The PII accuracy benchmark's scorer: overlap matching, each labelled span matched once."""

from __future__ import annotations

from bench.bench_pii_accuracy import score

DOCS = [
    {
        "text": "전화 010-1234-5678, 메일 a@b.kr, 010-9999-0000",
        "pii": [
            {"type": "phone", "start": 3, "end": 16},
            {"type": "email", "start": 21, "end": 27},
            {"type": "phone", "start": 29, "end": 42},
        ],
    },
    {"text": "가격 12,000원", "pii": []},
]


def test_overlap_counts_once_and_types_must_agree() -> None:
    def detect(text: str) -> list[tuple[str, int, int]]:
        if text.startswith("가격"):
            return [("card", 3, 9)]  # a false find on a price
        # the first phone found twice (only one can match), the e-mail found as a phone
        return [("phone", 3, 10), ("phone", 10, 16), ("phone", 21, 27)]

    counts = score(DOCS, detect, ["phone", "email", "card"])
    assert counts["phone"] == {"found": 3, "correct": 1, "labelled": 2}
    assert counts["email"] == {"labelled": 1}
    assert counts["card"] == {"found": 1}


def test_a_type_left_out_is_not_scored() -> None:
    def detect(text: str) -> list[tuple[str, int, int]]:
        return [("email", 21, 27), ("phone", 3, 16)] if "메일" in text else []

    counts = score(DOCS, detect, ["email"])
    assert counts == {"email": {"found": 1, "correct": 1, "labelled": 1}}
