"""Cheap per-line facts that every detector reads, computed once per document."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.boilerplate.lexicon import BULLETS, DATE, TIME

# A line reads as a sentence when it ends like one: a final punctuation mark or a Korean
# sentence-final syllable, optionally followed by closing quotes or brackets. The ellipsis is
# left out on purpose: headlines end with "…" far more often than prose does.
_SENTENCE_FINAL = frozenset(".!?。다요죠까네군음함됨임")
_CLOSERS = "\"'”’」』)]"
_ENDS_WITH_DATE = re.compile(rf"(?:^|\s)(?:{DATE}(?:\s*{TIME})?|{TIME})(?:\s+[\d,]+){{0,3}}$")
_URL_ONLY = re.compile(r"^\W{0,3}(?:https?://|www\.)\S+$", re.IGNORECASE)
_NUMBER_ONLY = re.compile(r"^[\d,.\s/%()+-]+$")
_HAS_HANGUL = re.compile(r"[가-힣]")

# Characters that show nothing: a line made only of them is blank for every shape rule (blog
# editors put zero-width spaces between paragraphs; as lines of their own they would fence
# the paragraphs off like furniture). Such a line is removed as interface text.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u3164\u115f\u1160\u00ad"


def _visible(line: str) -> str:
    s = line.strip()
    if s and (s[0] in INVISIBLE or s[-1] in INVISIBLE):
        s = s.strip(INVISIBLE).strip()
    return s


def is_invisible(line: str) -> bool:
    """A line with characters, none of which shows."""
    return bool(line.strip()) and not _visible(line)


# Lines at least this long are treated as prose by every shape rule: Korean article paragraphs
# are long, interface text is short.
LONG_LINE = 120


@dataclass(slots=True)
class Page:
    """A document's lines with the facts the detectors need."""

    text: str
    lines: list[str]
    stripped: list[str]
    length: list[int]
    sentence: list[bool]
    prose: list[bool]
    candidates: list[int]  # non-empty lines that are not prose: where any block may start
    invisible: bool = False  # some line starts or ends with characters that show nothing

    @classmethod
    def from_text(cls, text: str) -> Page:
        lines = text.split("\n")
        # one scan of the whole text in C decides whether any line needs the slower strip
        invisible = any(ch in text for ch in INVISIBLE)
        stripped = (
            [_visible(line) for line in lines] if invisible else [line.strip() for line in lines]
        )
        length = list(map(len, stripped))
        # a sentence ends in final punctuation or a Korean sentence-final syllable, possibly
        # inside closing quotes; only the last character matters, so no regex is needed
        sentence = [
            s[-1:] in _SENTENCE_FINAL or s.rstrip(_CLOSERS)[-1:] in _SENTENCE_FINAL
            for s in stripped
        ]
        prose = [
            (n >= LONG_LINE and " " in s) or (is_sentence and n >= 40)
            for s, n, is_sentence in zip(stripped, length, sentence, strict=True)
        ]
        candidates = [i for i, (n, p) in enumerate(zip(length, prose, strict=True)) if n and not p]
        return cls(text, lines, stripped, length, sentence, prose, candidates, invisible)

    def __len__(self) -> int:
        return len(self.lines)

    def is_blank(self, i: int) -> bool:
        return self.length[i] == 0

    def is_prose(self, i: int) -> bool:
        """Article-like: a sentence of some length, or any long line with words in it."""
        return self.prose[i]

    def ends_with_date(self, i: int) -> bool:
        return self.length[i] <= 200 and text_ends_with_date(self.stripped[i])

    def is_url(self, i: int) -> bool:
        return self.length[i] <= 300 and _URL_ONLY.match(self.stripped[i]) is not None

    def is_number(self, i: int) -> bool:
        return 0 < self.length[i] <= 20 and _NUMBER_ONLY.match(self.stripped[i]) is not None

    def starts_with_bullet(self, i: int) -> bool:
        return self.length[i] > 1 and self.stripped[i][0] in BULLETS

    def has_hangul(self, i: int) -> bool:
        return _HAS_HANGUL.search(self.stripped[i]) is not None

    def next_nonblank(self, i: int) -> int | None:
        for j in range(i + 1, len(self.lines)):
            if self.length[j]:
                return j
        return None

    def prev_nonblank(self, i: int) -> int | None:
        for j in range(i - 1, -1, -1):
            if self.length[j]:
                return j
        return None


def text_ends_with_date(text: str) -> bool:
    """The text ends in a date or a time, perhaps followed by a few counts."""
    return _ENDS_WITH_DATE.search(text[-40:]) is not None
