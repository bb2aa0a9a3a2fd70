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

# Byte order marks that declare a Unicode encoding. UTF-32 LE must be tested before UTF-16 LE:
# its mark (FF FE 00 00) starts with UTF-16 LE's (FF FE).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings that a file declares (a BOM) or that are the default: decoding them is no guess, so
# it is never reported (only replaced bytes are).
UNICODE_ENCODINGS = frozenset({"utf-8", "utf-16", "utf-32"})

# A strict UTF-16/32 decoder never produces a lone surrogate, so this one marks exactly the
# places where bytes could not be decoded: the reader sees which line was lossy and puts U+FFFD
# there (the "replace" handler would make a real U+FFFD in the text indistinguishable).
UNDECODABLE = "\udcff"
MARK_ERRORS = "cleaner.mark-undecodable"


def _mark_undecodable(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return UNDECODABLE, exc.end


codecs.register_error(MARK_ERRORS, _mark_undecodable)


def bom_encoding(head: bytes) -> str | None:
    """The encoding ("utf-16" or "utf-32") whose BOM starts ``head``, a file's first bytes.

    The codecs of those names read the BOM, take the byte order from it and drop it.
    """
    return next((name for bom, name in _BOMS if head.startswith(bom)), None)


def unmark(text: str) -> tuple[str, bool]:
    """``text`` decoded with MARK_ERRORS, with U+FFFD for its undecodable bytes; and whether any."""
    if UNDECODABLE in text:
        return text.replace(UNDECODABLE, "\ufffd"), True
    return text, False


def _mostly_utf8(lossy: str) -> bool:
    """True when valid non-ASCII characters outnumber the replaced bytes.

    Legacy Korean text read as UTF-8 gives at most one valid character per two replacements
    (measured on random CP949 Korean), corrupted UTF-8 gives many valid characters per error.
    """
    bad = lossy.count("\ufffd")
    good = sum(1 for ch in lossy if ord(ch) > 127) - bad
    return good >= bad


def decode_bytes(
    data: bytes, hint: str | None = None, *, whole_file: bool = True
) -> tuple[str, str, bool]:
    """(text, encoding, lossy): lossy is True when undecodable bytes were replaced.

    ``hint="utf-8"`` says the surrounding file already proved to be UTF-8 (a JSON Lines reader
    passes it once a line with non-ASCII text decoded cleanly): a bad line is then corrupted
    UTF-8, never a guess at another encoding. A UTF-16/32 byte order mark is obeyed only at the
    start of a whole file (``whole_file``): a line of a JSON Lines file that starts with FF FE
    is a corrupted line, not a UTF-16 one (the reader sniffs the file's own first bytes).
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    declared = bom_encoding(data) if whole_file else None
    if declared is not None:
        text, lossy = unmark(data.decode(declared, errors=MARK_ERRORS))
        return text, declared, lossy
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
