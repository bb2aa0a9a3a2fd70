"""Document filters: speed beside datatrove's FineWeb-2 Korean filters, and how well both judge
the labelled sample (``eval/data/filters/sample.jsonl``, built by ``make eval-data``).

datatrove's side is the ``kor_Hang`` filtering step of FineWeb-2 as its pipeline runs it
(huggingface/fineweb-2: ``fineweb-2-pipeline.py``, thresholds from ``configs/kor_Hang.yml``):
``GopherRepetitionFilter`` (paragraph and line-character checks off, its own line, top and
duplicate n-gram thresholds), ``FineWebQualityFilter`` (short-line check off, character
duplicates 0.1) and ``GopherQualityFilter`` (word lengths, stop words, alphabetic words), with
datatrove's Korean word tokenizer (kiwipiepy, a morpheme analyser). FineWeb-2's language-score
step (GlotLID, a model downloaded from the Hub at run time) is left out: nothing is downloaded
here, and the sample is Korean but for its ``not-korean`` drops.

Both judge the same text: the record's text after cleaner's boilerplate cleaning, as the
pipeline runs them. cleaner's verdict includes its clean stage's ``min_chars`` drop (datatrove's
Gopher quality filter has its own minimum word count). Speed is CPU seconds of this process on
``mixed_25mb.jsonl.gz`` (cleaned first, not timed); datatrove, at well under 1 MB/s, is timed on
a fixed slice of the same texts, and the ratio is taken on that slice.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

from bench.common import BULK, ROOT, Figure, cpu_seconds, quick, read_jsonl_gz
from cleaner.boilerplate import BoilerplateCleaner
from cleaner.config import Config
from cleaner.filters.check import from_config
from cleaner.filters.spam import lexicon

SAMPLE = ROOT / "eval" / "data" / "filters" / "sample.jsonl"
ROUNDS = 3
DATATROVE_SLICE_BYTES = 1_000_000  # datatrove runs at ~0.2 MB/s: about 5 s a round
# the spam lexicon's targets (eval/filters/README.md: spam_kind)
LEXICON_KINDS = frozenset({"gambling", "adult"})
GOOD_GROUPS = frozenset({"news", "wiki"})

# FineWeb-2 configs/kor_Hang.yml (the values FineWeb-2 derived for Korean)
KOR_HANG: dict[str, Any] = {
    "dup_line_frac": 0.374,
    "dup_n_grams": ((5, 0.201), (6, 0.184), (7, 0.168), (8, 0.154), (9, 0.14), (10, 0.127)),
    "top_n_grams": ((2, 0.282), (3, 0.228), (4, 0.185)),
    "line_punct_thr": 0.062,
    "new_line_ratio": 0.196,
    "max_avg_word_length": 6,
    "min_avg_word_length": 1,
    "max_non_alpha_words_ratio": 0.791,
    "stopwords": "의 다 이 는 에 을 한 년 하 은 를 했 고 에서 가 있 으로 인 월 로 되".split(),
}

Decide = Callable[[str], str | None]  # cleaned text -> the reason it is dropped, or None


# --- the two systems -------------------------------------------------------------------------


def cleaner_decide(config: Config | None = None) -> Decide:
    """cleaner's verdict on a cleaned text: ``min_chars``, then the default filters."""
    config = config or Config()
    filters = from_config(config.filter)

    def decide(text: str) -> str | None:
        if len(text.strip()) < max(1, config.clean.min_chars):
            return "min_chars"
        dropped = filters.check(text) if filters is not None else None
        return dropped.filter if dropped else None

    return decide


def datatrove_decide() -> tuple[Decide | None, str]:
    """datatrove's FineWeb-2 kor_Hang filters, or None and why they cannot run here."""
    try:
        from datatrove.data import Document
        from datatrove.pipeline.filters import (
            FineWebQualityFilter,
            GopherQualityFilter,
            GopherRepetitionFilter,
        )
        from datatrove.utils.word_tokenizers import load_word_tokenizer

        load_word_tokenizer("kor_Hang").word_tokenize("한국어 문장.")  # needs kiwipiepy
    except Exception as exc:  # not installed, or its tokenizer cannot load
        return None, f"datatrove's Korean filters cannot run: {type(exc).__name__}: {exc}"
    c = KOR_HANG
    steps = [
        GopherRepetitionFilter(
            language="kor_Hang",
            dup_para_frac=0,
            dup_line_char_frac=0,
            dup_para_char_frac=0,
            dup_line_frac=c["dup_line_frac"],
            top_n_grams=c["top_n_grams"],
            dup_n_grams=c["dup_n_grams"],
        ),
        FineWebQualityFilter(
            language="kor_Hang",
            short_line_thr=999,
            char_duplicates_ratio=0.1,
            line_punct_thr=c["line_punct_thr"],
            new_line_ratio=c["new_line_ratio"],
        ),
        GopherQualityFilter(
            language="kor_Hang",
            max_avg_word_length=c["max_avg_word_length"],
            min_avg_word_length=c["min_avg_word_length"],
            stop_words=c["stopwords"],
            max_non_alpha_words_ratio=c["max_non_alpha_words_ratio"],
            min_stop_words=2,
        ),
    ]

    def decide(text: str) -> str | None:
        doc = Document(text=text, id="bench")
        for step in steps:
            try:
                verdict = step.filter(doc)
            except ZeroDivisionError:  # FineWeb's list ratio on a text without words
                return "fineweb_empty"
            if verdict is not True:
                return verdict[1] if isinstance(verdict, tuple) else type(step).__name__
        return None

    return decide, ""


# --- scoring on the labelled sample ------------------------------------------------------------


@dataclass
class Scores:
    """How one system judged the labelled sample."""

    docs: int = 0
    label_drops: int = 0
    dropped: int = 0
    true_drops: int = 0  # dropped and labelled drop
    # reason the system gave -> label reasons of the documents it dropped ("keep" for a
    # document labelled keep)
    by_reason: dict[str, Counter[str]] = field(default_factory=dict)
    lexicon_spam: int = 0  # labelled spam of the lexicon's kinds (gambling, adult)
    lexicon_spam_dropped: int = 0
    all_spam: int = 0
    all_spam_dropped: int = 0
    good_news_wiki: int = 0  # news and wiki documents labelled keep
    good_news_wiki_dropped: int = 0
    good: int = 0
    good_dropped: int = 0

    @property
    def precision(self) -> float:
        return self.true_drops / self.dropped if self.dropped else 1.0

    @property
    def recall(self) -> float:
        return self.true_drops / self.label_drops if self.label_drops else 1.0

    @staticmethod
    def share(part: int, whole: int) -> float:
        return part / whole if whole else 0.0


def score(records: Iterable[dict[str, Any]], decisions: Iterable[str | None]) -> Scores:
    """Score a system's decisions (one per record, None = kept) against the labels."""
    s = Scores()
    for record, reason in zip(records, decisions, strict=True):
        s.docs += 1
        labelled_drop = record["verdict"] == "drop"
        spam = "spam" in record.get("reasons", [])
        lexicon_kind = spam and record.get("spam_kind") in LEXICON_KINDS
        good_news_wiki = not labelled_drop and record["group"] in GOOD_GROUPS
        s.label_drops += labelled_drop
        s.all_spam += spam
        s.lexicon_spam += lexicon_kind
        s.good_news_wiki += good_news_wiki
        s.good += not labelled_drop
        if reason is None:
            continue
        s.dropped += 1
        s.true_drops += labelled_drop
        s.all_spam_dropped += spam
        s.lexicon_spam_dropped += lexicon_kind
        s.good_news_wiki_dropped += good_news_wiki
        s.good_dropped += not labelled_drop
        caught = s.by_reason.setdefault(reason, Counter())
        caught.update(record.get("reasons", []) if labelled_drop else ["keep"])
    return s


def read_sample(path: Path = SAMPLE) -> list[dict[str, Any]] | None:
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def sample_figures(name: str, s: Scores) -> list[Figure]:
    note = f"{s.docs} labelled documents"
    return [
        Figure("filters", f"{name} drop precision", s.precision, "", note),
        Figure("filters", f"{name} drop recall", s.recall, "", f"{s.label_drops} labelled drop"),
        Figure(
            "filters",
            f"{name} gambling/adult spam caught",
            s.share(s.lexicon_spam_dropped, s.lexicon_spam),
            "",
            f"of {s.lexicon_spam}; target (lexicon) >= 0.95",
        ),
        Figure(
            "filters",
            f"{name} all spam caught",
            s.share(s.all_spam_dropped, s.all_spam),
            "",
            f"of {s.all_spam} (gambling, adult, loan, other ads)",
        ),
        Figure(
            "filters",
            f"{name} good news+wiki dropped",
            s.share(s.good_news_wiki_dropped, s.good_news_wiki),
            "",
            f"of {s.good_news_wiki} labelled keep; target < 0.005",
        ),
        Figure(
            "filters",
            f"{name} good documents dropped",
            s.share(s.good_dropped, s.good),
            "",
            f"of {s.good} labelled keep",
        ),
    ]


def print_breakdown(name: str, s: Scores) -> None:
    """Per reason the system gave: which labels the documents it dropped had."""
    print(f"\n{name}: documents dropped per reason, by their label", file=sys.stderr)
    for reason, caught in sorted(s.by_reason.items(), key=lambda kv: -sum(kv[1].values())):
        labels = ", ".join(f"{label} {n}" for label, n in caught.most_common())
        print(f"  {reason:<28} {labels}", file=sys.stderr)


def lexicon_only(texts: list[str], records: list[dict[str, Any]]) -> Scores:
    """The spam lexicon alone (its threshold), on every cleaned text: the lexicon targets."""
    threshold = Config().filter.spam_score
    decisions = ["spam_score" if lexicon().judge(t).score > threshold else None for t in texts]
    return score(records, decisions)


# --- the suite -----------------------------------------------------------------------------------


def _cleaned_bulk(cleaner: BoilerplateCleaner, min_chars: int) -> list[str]:
    limit = 3000 if quick() else None
    texts = (
        cleaner.clean_text(r["text"])[0] for r in read_jsonl_gz(BULK / "mixed_25mb.jsonl.gz", limit)
    )
    return [t for t in texts if len(t.strip()) >= min_chars]


def _mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def _throughput(decide: Decide, texts: list[str]) -> float:
    seconds, _ = cpu_seconds(lambda: [decide(t) for t in texts])
    return _mb(texts) / seconds


def speed_figures(texts: list[str], ours: Decide, theirs: Decide | None, why: str) -> list[Figure]:
    mb = _mb(texts)
    rounds = [_throughput(ours, texts) for _ in range(ROUNDS)]
    figures = [
        Figure(
            "filters",
            "all default filters (ours)",
            median(rounds),
            "MB/s/core",
            f"cleaned mixed_25mb, {mb:.1f} MB; median of {ROUNDS}; target >= 30",
        )
    ]
    if theirs is None:
        print(f"bench_filters: {why}", file=sys.stderr)
        return figures
    piece: list[str] = []
    size = 0
    for t in texts:  # a fixed slice: the first documents, about DATATROVE_SLICE_BYTES
        if size >= DATATROVE_SLICE_BYTES / (4 if quick() else 1):
            break
        piece.append(t)
        size += len(t.encode("utf-8"))
    theirs(piece[0])  # load the Kiwi model outside the timing
    ratios, dt = [], []
    for _ in range(ROUNDS):  # interleaved: a slow spell of the machine hits both alike
        a = _throughput(ours, piece)
        b = _throughput(theirs, piece)
        dt.append(b)
        ratios.append(a / b)
    figures += [
        Figure(
            "filters",
            "datatrove FineWeb-2 kor_Hang filters",
            median(dt),
            "MB/s/core",
            f"first {_mb(piece):.1f} MB of the same texts; median of {ROUNDS}",
        ),
        Figure(
            "filters",
            "ours / datatrove speed ratio",
            median(ratios),
            "x",
            "same texts, interleaved rounds; target >= 50",
        ),
    ]
    return figures


def run() -> list[Figure]:
    config = Config()
    cleaner = BoilerplateCleaner()
    ours = cleaner_decide(config)
    theirs, why = datatrove_decide()
    figures = speed_figures(_cleaned_bulk(cleaner, config.clean.min_chars), ours, theirs, why)
    records = read_sample()
    if records is None:
        print("bench_filters: labelled sample not built: run make eval-data", file=sys.stderr)
        return figures
    texts = [cleaner.clean_text(r["text"])[0] for r in records]
    systems: list[tuple[str, Decide]] = [("ours", ours)]
    if theirs is not None:
        systems.append(("datatrove", theirs))
    for name, decide in systems:
        decisions = [decide(t) for t in texts]
        s = score(records, decisions)
        figures += sample_figures(name, s)
        print_breakdown(name, s)
        if name == "ours":  # the [filter] filters apart from the clean stage's min_chars
            alone = score(records, [None if d == "min_chars" else d for d in decisions])
            figures.append(
                Figure(
                    "filters",
                    "ours without min_chars: good news+wiki dropped",
                    alone.share(alone.good_news_wiki_dropped, alone.good_news_wiki),
                    "",
                    f"of {alone.good_news_wiki}; the quality filters alone",
                )
            )
    spam = lexicon_only(texts, records)
    figures += [
        Figure(
            "filters",
            "spam lexicon alone: gambling/adult caught",
            spam.share(spam.lexicon_spam_dropped, spam.lexicon_spam),
            "",
            f"of {spam.lexicon_spam}; target >= 0.95",
        ),
        Figure(
            "filters",
            "spam lexicon alone: good news+wiki dropped",
            spam.share(spam.good_news_wiki_dropped, spam.good_news_wiki),
            "",
            f"of {spam.good_news_wiki}; target < 0.005",
        ),
    ]
    return figures
