"""Files that appear whole or not at all: written under a temporary name, then renamed.

A reader (or a resumed run) never sees half a file; a killed writer leaves at most a ``*.tmp``
beside it, which the next run removes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TMP_SUFFIX = ".tmp"


@contextmanager
def atomic_write(path: Path) -> Iterator[Path]:
    """The temporary path to write ``path`` under; renamed onto ``path`` when the block ends
    without an exception (on one, the temporary file is removed and ``path`` is untouched)."""
    tmp = path.with_name(path.name + TMP_SUFFIX)
    tmp.parent.mkdir(parents=True, exist_ok=True)  # an output's data/ or audit/ folder
    try:
        yield tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)


def write_text_atomic(path: Path, text: str) -> None:
    with atomic_write(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_json_atomic(data: Any, path: Path) -> None:
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
