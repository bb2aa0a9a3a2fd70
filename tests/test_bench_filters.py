"""The filters benchmark's scorer, on a small labelled file written for this test
(``tests/data/filters_sample.jsonl``, the record format of ``eval/data/filters/sample.jsonl``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_filters import cleaner_decide, lexicon_only, read_sample, score  # noqa: E402
from cleaner.boilerplate import BoilerplateCleaner  # noqa: E402

SAMPLE = Path(__file__).resolve().parent / "data" / "filters_sample.jsonl"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    loaded = read_sample(SAMPLE)
    assert loaded is not None
    return loaded


def test_read_sample_says_when_it_is_missing(tmp_path: Path) -> None:
    assert read_sample(tmp_path / "filters.jsonl") is None


def test_score_counts_against_the_labels(records: list[dict]) -> None:
    # a system that drops the spam, one good news article, and nothing else
    chosen = {"t-spam-gambling": "spam", "t-spam-loan": "spam", "t-news": "oops"}
    s = score(records, [chosen.get(r["doc_id"]) for r in records])
    assert (s.docs, s.label_drops, s.dropped, s.true_drops) == (9, 6, 3, 2)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 6)
    assert (s.lexicon_spam, s.lexicon_spam_dropped) == (2, 1)  # gambling and adult only
    assert (s.all_spam, s.all_spam_dropped) == (3, 2)
    assert (s.good_news_wiki, s.good_news_wiki_dropped) == (3, 1)
    assert (s.good, s.good_dropped) == (3, 1)
    assert s.by_reason == {"spam": {"spam": 2}, "oops": {"keep": 1}}
    nothing = score(records, [None] * len(records))
    assert (nothing.precision, nothing.recall) == (1.0, 0.0)


def test_cleaner_on_the_sample(records: list[dict]) -> None:
    cleaner = BoilerplateCleaner()
    texts = [cleaner.clean_text(r["text"])[0] for r in records]
    decide = cleaner_decide()
    s = score(records, [decide(t) for t in texts])
    assert s.good_dropped == 0  # the news about illegal gambling included
    assert s.all_spam_dropped == 3 and s.true_drops == 6
    assert s.by_reason["spam_score"] == {"spam": 3}
    assert s.by_reason["min_chars"] == {"too-short": 1}
    spam = lexicon_only(texts, records)
    assert (spam.lexicon_spam_dropped, spam.good_news_wiki_dropped) == (2, 0)
