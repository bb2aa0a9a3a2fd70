"""Bytes to text: UTF-8 first, then the Korean legacy encodings, then a detector."""

from __future__ import annotations

import codecs

# Korean sites still serve CP949 (a superset of EUC-KR); try it before asking a detector.
_FALLBACKS = ("cp949", "euc-kr")


def decode_bytes(data: bytes) -> tuple[str, str, bool]:
    """(text, encoding, lossy): lossy is True when undecodable bytes were replaced."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    for encoding in _FALLBACKS:
        try:
            return data.decode(encoding), encoding, False
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding not in {"utf_8", "ascii"}:
        return str(best), best.encoding, False
    return data.decode("utf-8", errors="replace"), "utf-8", True
