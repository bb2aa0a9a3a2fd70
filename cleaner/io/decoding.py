"""Bytes to text: UTF-8 first, then the Korean legacy encodings, then a detector.

Corrupted UTF-8 must not turn into silent mojibake: a few bad bytes in a Korean UTF-8 line
often happen to be valid CP949, Johab, GB18030 or a Cyrillic code page, and a detector will
happily pick one of those. So when most multi-byte sequences are valid UTF-8 (or the caller
knows the file is UTF-8), the bad bytes are replaced with U+FFFD and the result is marked lossy.
"""

from __future__ import annotations

import codecs
import re

# EUC-KR first so that pure EUC-KR input is reported as such; CP949 (its superset, which
# Korean sites still serve) next; both decode the shared range identically.
_FALLBACKS = ("euc-kr", "cp949")
_HANGUL = re.compile(r"[가-힣]")


def _mostly_utf8(lossy: str) -> bool:
    """True when valid non-ASCII characters outnumber the replaced bytes.

    Legacy Korean text read as UTF-8 gives at most one valid character per two replacements
    (measured on random CP949 Korean), corrupted UTF-8 gives many valid characters per error.
    """
    bad = lossy.count("\ufffd")
    good = sum(1 for ch in lossy if ord(ch) > 127) - bad
    return good >= bad


def decode_bytes(data: bytes, hint: str | None = None) -> tuple[str, str, bool]:
    """(text, encoding, lossy): lossy is True when undecodable bytes were replaced.

    ``hint="utf-8"`` says the surrounding file already proved to be UTF-8 (a JSON Lines reader
    passes it once a line with non-ASCII text decoded cleanly): a bad line is then corrupted
    UTF-8, never a guess at another encoding.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    lossy = data.decode("utf-8", errors="replace")
    if hint == "utf-8" or _mostly_utf8(lossy):
        return lossy, "utf-8", True
    for encoding in _FALLBACKS:
        try:
            return data.decode(encoding), encoding, False
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding not in {"utf_8", "ascii"}:
        guess = str(best)
        # A guess that loses the Hangul a lossy UTF-8 reading still has is mojibake.
        if _HANGUL.search(guess) or not _HANGUL.search(lossy):
            return guess, best.encoding, False
    return lossy, "utf-8", True
