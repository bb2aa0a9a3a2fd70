"""Progress bars and per-file notes, as the command line asked (``-q``, ``-v``).

The bars live in the parent process only, so one module-level setting, made by ``cleaner.cli``
for the length of a command, reaches every stage without threading a flag through each.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any, TypeVar

from tqdm.auto import tqdm

T = TypeVar("T")

_quiet = False
_verbose = False


def configure(*, quiet: bool = False, verbose: bool = False) -> None:
    global _quiet, _verbose
    _quiet, _verbose = quiet, verbose


def bar(iterable: Iterable[T] | None = None, **kwargs: Any) -> tqdm:
    """A tqdm bar on standard error, off with -q and when standard error is not a terminal
    (``disable=None``): a log file or CI output gets no carriage-return noise."""
    return tqdm(iterable, disable=True if _quiet else None, dynamic_ncols=True, **kwargs)


def item_done(desc: str, item: Any, done: int, total: int) -> None:
    """With -v, a line for each finished file (printed above the bar, not through it)."""
    if _verbose:
        name = getattr(item, "path", item)
        tqdm.write(f"{desc}: {name} ({done}/{total})", file=sys.stderr)
