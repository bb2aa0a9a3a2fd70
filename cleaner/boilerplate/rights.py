"""Rights reservations: the notice by which a publisher reserves a text from AI training or
text-and-data mining (``AI 학습 이용 금지``, ``텍스트 및 데이터 마이닝 금지``, ``No AI training``).

The cleaner removes such a notice line with the copyright footer it stands in; this module keeps
the information: the run looks for a reservation in each record's original text (before
cleaning, whichever rule removes the line) and writes it to the shard columns
``rights_reservation`` and ``rights_reservation_line``. The phrases are data
(``RIGHTS_PHRASES`` in lexicon.py); here is only the shape test that tells a notice line from a
sentence about AI policy that uses the same words.
"""

from __future__ import annotations

import re

from cleaner.boilerplate.lexicon import (
    RIGHTS_CUES,
    RIGHTS_NOTICE_CUE,
    RIGHTS_NOTICE_MAX_CHARS,
    RIGHTS_PHRASES,
)
from cleaner.document import RightsReservation

__all__ = ["RightsReservation", "find_reservation", "reservation_kind"]

_PHRASES = [(phrase.kind, re.compile(phrase.pattern, re.I)) for phrase in RIGHTS_PHRASES]
_NOTICE_CUE = re.compile(RIGHTS_NOTICE_CUE, re.I)
# Every phrase contains one of these words: lines without one are never looked at.
# a case-sensitive alternation of literals (the cues list their spellings): measured 3.5 times
# faster here than an Aho-Corasick pass, which pays for converting each text
_CUES = re.compile("|".join(re.escape(cue) for cue in RIGHTS_CUES))
_NOT_TEXT = re.compile(r"[\W_]+")
# what may join a notice to the text around it: a comma, slash, bar, middle dot, bracket
_SEPARATOR_AFTER = re.compile(r"^\s*[,/|·;:)\]>}」』】〉》]")
_SEPARATOR_BEFORE = re.compile(r"[,/|·;:(\[<{「『【〈《]\s*$")
SHORT_LEAD_CHARS = 40  # "한빛뉴스 | AI 학습 이용 금지": an outlet name and a separator


def reservation_kind(line: str) -> str | None:
    """The kind of reservation ``line`` states when it is a notice line, else None.

    A phrase counts when the line is short and the phrase is the notice, alone or inside a
    copyright notice: what stands before it is nothing, a copyright notice, or a short lead
    ending in a separator; what follows is nothing, a separator, or more of the notice.
    "정부는 AI 학습 이용 금지 조항을 …" is prose and is not a notice.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > RIGHTS_NOTICE_MAX_CHARS:
        return None
    for kind, pattern in _PHRASES:
        for match in pattern.finditer(stripped):
            before, after = stripped[: match.start()], stripped[match.end() :]
            if _notice_lead(before) and _notice_tail(after):
                return kind
    return None


def _notice_lead(before: str) -> bool:
    if not _NOT_TEXT.sub("", before):  # nothing but brackets, marks and spaces
        return True
    if _NOTICE_CUE.search(before):
        return True
    return len(before) <= SHORT_LEAD_CHARS and bool(_SEPARATOR_BEFORE.search(before))


def _notice_tail(after: str) -> bool:
    if not _NOT_TEXT.sub("", after):
        return True
    return bool(_SEPARATOR_AFTER.search(after) or _NOTICE_CUE.search(after))


def find_reservation(text: str) -> RightsReservation | None:
    """The first reservation notice line of ``text``, or None.

    Line numbers count ``\\n``-separated lines from 0, as the ``removals`` of a document do.
    Only lines holding one of ``RIGHTS_CUES`` are tested.
    """
    checked_until = -1
    for cue in _CUES.finditer(text):
        at = cue.start()
        if at <= checked_until:
            continue
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        checked_until = end
        kind = reservation_kind(text[start:end])
        if kind is not None:
            return RightsReservation(text[start:end].strip(), text.count("\n", 0, start), kind)
    return None
