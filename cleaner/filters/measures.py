"""What each document filter measures: one plain function per measure, over a ``TextFacts``.

``TextFacts`` splits a text once (lines, paragraphs, eojeol) and caches what several measures
share, so that running every filter costs little more than running the dearest one.

Units. Every share is a share of *characters*, never of words: a Korean word (eojeol) is a stem
with its particles attached, so word counts and word lengths mean something else than in English
(a Korean sentence has about half as many whitespace words, each longer). The n-gram measures
of Gopher count n-grams of eojeol, which is sound for *duplicates*: a repeated phrase repeats the
same eojeol sequence whatever its morphology, and the measured value is the share of the text's
characters those repeats cover, so the unit's length does not bias it. What eojeol would get
wrong — stop words, mean word length — is not measured here.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property
from itertools import accumulate, repeat
from operator import mul

import numpy as np


def _letter_classes() -> np.ndarray:
    """The class of every code point of the Basic Multilingual Plane, as a lookup table.

    ``HANGUL``: syllables (U+AC00-U+D7A3), conjoining jamo (U+1100-U+11FF: decomposed text)
    and compatibility jamo (U+3131-U+318E: ㅋㅋ, ㅠㅠ); ``FOREIGN``: the letters of other
    scripts (Latin, Greek, Cyrillic, Hebrew, Arabic, the scripts of U+0800-U+1FFF, kana, CJK
    ideographs, fullwidth Latin); everything else (digits, punctuation, symbols) is
    ``NEITHER``. Code points past the plane (emoji, rare ideographs) are ``NEITHER``.
    """
    table = np.full(0x10000, NEITHER, dtype=np.uint8)
    for lo, hi in (
        (0x41, 0x5A),
        (0x61, 0x7A),
        (0xC0, 0x24F),  # Latin-1 letters and Latin Extended (× and ÷ set back below)
        (0x370, 0x3FF),  # Greek
        (0x400, 0x52F),  # Cyrillic
        (0x5D0, 0x5EA),  # Hebrew
        (0x620, 0x64A),  # Arabic
        (0x900, 0x10FF),  # Indic, Thai, Lao, Tibetan, Myanmar, Georgian
        (0x1200, 0x1FFF),  # Ethiopic ... Greek Extended
        (0x3041, 0x30FF),  # kana
        (0x3400, 0x4DBF),  # CJK extension A
        (0x4E00, 0x9FFF),  # CJK ideographs
        (0xFF21, 0xFF3A),
        (0xFF41, 0xFF5A),
    ):
        table[lo : hi + 1] = FOREIGN
    table[[0xD7, 0xF7]] = NEITHER
    for lo, hi in ((0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3131, 0x318E)):
        table[lo : hi + 1] = HANGUL
    return table


NEITHER, HANGUL, FOREIGN = 0, 1, 2
_LETTER_CLASSES = _letter_classes()
# A sentence end: terminal punctuation before a space, a closing quote or bracket, or the end;
# or a line that ends in a verb or copula ending without punctuation, as posts and reviews often
# do (a headline ends in a noun and is not counted).
_SENTENCE_END = re.compile(
    r"(?:[.!?。！？]+|…|\.\.\.)(?=[\s\"'”’)\]」』〉》]|$)|(?<=[다요죠까네음함임됨니])[ \t]*$",
    re.MULTILINE,
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# List bullets as Gopher counts them ('•', '-') and their look-alikes. Not ▶ ▷ ■ ◆ ●: Korean
# media open interview turns (▷ 진행자 : …, ▶ 출연자 : …) and section heads with them, and a
# transcript is prose.
_BULLETS = tuple("•·∙◦‣⁃-–*")
_ELLIPSIS_ENDS = ("…", "...", "⋯", "..")
# a loose duplicate n-gram bound at or under this clears a document for the default thresholds
DUP_BOUND_ENOUGH = 0.4


class TextFacts:
    """One text, split on demand; each split is made once and shared by the measures."""

    def __init__(self, text: str) -> None:
        self.text = text
        # exact duplicate n-gram coverages measured so far: coverage never grows with n, so a
        # smaller n's value bounds a larger n's
        self.dup_coverage: dict[int, float] = {}

    @cached_property
    def lines(self) -> list[str]:
        return [s for line in self.text.split("\n") if (s := line.strip())]

    @cached_property
    def paragraphs(self) -> list[str]:
        if len(self.lines) == self.text.count("\n") + 1:  # no blank line: one paragraph
            return [self.text.strip()] if self.lines else []
        return [s for p in _PARAGRAPH_BREAK.split(self.text) if (s := p.strip())]

    @cached_property
    def words(self) -> list[str]:
        """Eojeol: the whitespace-separated units of Korean writing."""
        return self.text.split()

    @cached_property
    def unspaced(self) -> str:
        """The text without its whitespace (where the spam lexicon looks for its cues)."""
        return "".join(self.words)

    @cached_property
    def codes(self) -> np.ndarray:
        """The code points of ``unspaced``, one uint32 each."""
        return np.frombuffer(self.unspaced.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)

    @cached_property
    def word_counts(self) -> Counter[str]:
        return Counter(self.words)

    @cached_property
    def word_chars(self) -> int:
        """Characters in words: the denominator of the n-gram shares."""
        return len(self.unspaced)

    @cached_property
    def distinct_lengths(self) -> list[int]:
        """The length of each distinct word, in ``word_counts`` order."""
        return list(map(len, self.word_counts))

    @cached_property
    def repeat_chars(self) -> int:
        """Characters of the word occurrences beyond each word's first (Σ (count − 1) × len)."""
        return self.word_chars - sum(self.distinct_lengths)

    @cached_property
    def repeated_word_chars(self) -> int:
        """Characters of every occurrence of the words that occur more than once."""
        counts = self.word_counts
        return self.word_chars - sum(len(w) for w, c in counts.items() if c == 1)

    @cached_property
    def top_word_chars(self) -> int:
        """The largest count × length of one word (Gopher's top 1-gram, in characters)."""
        return max(map(mul, self.word_counts.values(), self.distinct_lengths), default=0)

    @cached_property
    def prefix_chars(self) -> list[int]:
        """Prefix sums of word lengths: the characters of words[i:j] are [j] - [i]."""
        return [0, *accumulate(map(len, self.words))]

    def ngram_counts(self, n: int) -> Counter[tuple[str, ...]]:
        words = self.words
        return Counter(zip(*(words[i:] for i in range(n)), strict=False))


def hangul_share(facts: TextFacts) -> float:
    """Hangul among the letters (``_letter_classes`` says what a letter is); 0 without
    letters."""
    codes = facts.codes
    classes = _LETTER_CLASSES[np.minimum(codes, 0xFFFF)] if codes.size else codes
    counts = np.bincount(classes, minlength=3)
    letters = int(counts[HANGUL] + counts[FOREIGN])
    return int(counts[HANGUL]) / letters if letters else 0.0


def sentence_count(facts: TextFacts) -> float:
    return float(len(_SENTENCE_END.findall(facts.text)))


def _duplicate_chars(parts: list[str]) -> int:
    """Characters of the parts that repeat an earlier part (Gopher's duplicate-line measure)."""
    seen: set[str] = set()
    repeated = 0
    for part in parts:
        if part in seen:
            repeated += len(part)
        else:
            seen.add(part)
    return repeated


def dup_line_chars(facts: TextFacts) -> float:
    """Share of the characters in lines that repeat an earlier line."""
    lines = facts.lines
    if len(lines) < 2 or len(set(lines)) == len(lines):
        return 0.0
    return _duplicate_chars(lines) / max(1, sum(map(len, lines)))


def dup_paragraph_chars(facts: TextFacts) -> float:
    """Share of the characters in paragraphs (blank-line separated) that repeat an earlier one."""
    paragraphs = facts.paragraphs
    if len(paragraphs) < 2 or len(set(paragraphs)) == len(paragraphs):
        return 0.0
    return _duplicate_chars(paragraphs) / max(1, sum(map(len, paragraphs)))


def top_ngram_chars(facts: TextFacts, n: int) -> float:
    """Share of the characters covered by the most frequent eojeol n-gram, counted at every
    occurrence (Gopher's 'top n-gram character fraction'); 0 when no n-gram repeats."""
    words = facts.words
    if len(words) <= n or not facts.repeat_chars:
        return 0.0
    counts = facts.ngram_counts(n)
    top = max(counts.values())
    if top < 2:
        return 0.0
    # the longest of the most frequent n-grams: ties go to the worst case
    longest = max(sum(map(len, gram)) for gram, c in counts.items() if c == top)
    return top * longest / facts.word_chars


def top_ngram_bound(facts: TextFacts, n: int) -> float:
    """An upper bound of ``top_ngram_chars`` from the word counts alone: an n-gram occurring
    m times holds each of its words m times at least, so m × its length is at most n times the
    largest count × length of one word."""
    if len(facts.words) <= n or not facts.repeat_chars:
        return 0.0
    return n * facts.top_word_chars / facts.word_chars


def dup_ngram_chars(facts: TextFacts, n: int) -> float:
    """Share of the characters covered by eojeol n-grams that occur more than once (Gopher's
    'duplicate n-gram character fraction'); overlapping repeats count each character once."""
    words = facts.words
    if len(words) <= n or not facts.repeat_chars:
        return 0.0
    counts = facts.ngram_counts(n)
    if len(counts) == len(words) - n + 1:  # the usual case in prose: nothing repeats
        facts.dup_coverage[n] = 0.0
        return 0.0
    sums = facts.prefix_chars
    covered_until = 0  # words before this index are already counted
    covered = 0
    for i, gram in enumerate(zip(*(words[k:] for k in range(n)), strict=False)):
        if counts[gram] > 1:
            covered += sums[i + n] - sums[max(i, covered_until)]
            covered_until = i + n
    facts.dup_coverage[n] = covered / facts.word_chars
    return facts.dup_coverage[n]


def dup_ngram_bound(facts: TextFacts, n: int) -> float:
    """An upper bound of ``dup_ngram_chars`` from the word counts alone: a repeated n-gram is
    made of repeated words, and a word occurring c ≥ 2 times covers c × len ≤ 2 (c − 1) × len
    characters, so the covered share is at most twice the share of repeat occurrences, and at
    most the share of the repeated words' characters (tighter, dearer: computed only when the
    first is not low enough to clear any sensible threshold). A smaller n measured already
    bounds it too: every repeated n-gram holds a repeated smaller one."""
    if len(facts.words) <= n or not facts.repeat_chars:
        return 0.0
    smaller = [v for m, v in facts.dup_coverage.items() if m <= n]
    if smaller:
        return min(smaller)
    loose = 2 * facts.repeat_chars / facts.word_chars
    if loose <= DUP_BOUND_ENOUGH:
        return loose
    # tighter, at the cost of a pass over the distinct words: the repeated words' characters
    return facts.repeated_word_chars / facts.word_chars


def symbol_ratio(facts: TextFacts) -> float:
    """'#' and ellipses per eojeol (Gopher's symbol-to-word ratio)."""
    words = len(facts.words)
    if not words:
        return 0.0
    text = facts.text
    # '...' is counted once, not also as the '..' inside it; '…' is one symbol
    return (text.count("#") + text.count("…") + text.count("⋯") + text.count("...")) / words


def bullet_lines(facts: TextFacts) -> float:
    """Share of the lines that open with a bullet."""
    lines = facts.lines
    if not lines:
        return 0.0
    return sum(map(str.startswith, lines, repeat(_BULLETS))) / len(lines)


def ellipsis_lines(facts: TextFacts) -> float:
    """Share of the lines that end in an ellipsis (a cut-off teaser or listing)."""
    lines = facts.lines
    if not lines:
        return 0.0
    return sum(map(str.endswith, lines, repeat(_ELLIPSIS_ENDS))) / len(lines)
