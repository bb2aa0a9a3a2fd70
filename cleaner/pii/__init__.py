"""Korean PII scrubbing: find personal data and replace it with typed placeholders.

>>> from cleaner.pii import scrub
>>> scrub("문의 010-2345-6789", "mask").text
'문의 <전화번호>'

The names below load on first use: ``cleaner.config`` reads the types from
``cleaner.pii.lexicon`` without compiling the rules.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = [
    "MODES",
    "PLACEHOLDERS",
    "TYPES",
    "PiiMatch",
    "ScrubResult",
    "Scrubber",
    "find",
    "resolve_modes",
    "scrub",
]

_EXPORTS = {
    "PLACEHOLDERS": "cleaner.pii.lexicon",
    "TYPES": "cleaner.pii.lexicon",
    **dict.fromkeys(
        ("MODES", "PiiMatch", "ScrubResult", "Scrubber", "find", "resolve_modes", "scrub"),
        "cleaner.pii.scrubbing",
    ),
}

if TYPE_CHECKING:
    from cleaner.pii.lexicon import PLACEHOLDERS, TYPES
    from cleaner.pii.scrubbing import (
        MODES,
        PiiMatch,
        Scrubber,
        ScrubResult,
        find,
        resolve_modes,
        scrub,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cleaner.pii' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
