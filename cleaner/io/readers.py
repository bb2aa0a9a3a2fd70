"""Which reader handles which file, and the walk from inputs (files, folders, globs) to units."""

from __future__ import annotations

import glob
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cleaner.config import InputConfig
from cleaner.document import Document
from cleaner.io.errors import ErrorLog
from cleaner.io.jsonl import read_json_array, read_jsonl
from cleaner.io.parquet import read_parquet
from cleaner.io.records import record_to_document
from cleaner.io.text import read_html, read_txt

RawRecords = Iterator[tuple[int, dict[str, Any]]]

# File-name endings to formats, longest ending first so that ".jsonl.gz" wins over ".gz".
EXTENSIONS: tuple[tuple[str, str], ...] = (
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".json.gz", "jsonl"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".json", "json"),
    (".parquet", "parquet"),
    (".txt", "txt"),
    (".html", "html"),
    (".htm", "html"),
)

READERS: dict[str, Callable[[Path, ErrorLog, InputConfig], RawRecords]] = {
    "jsonl": lambda p, e, c: read_jsonl(p, e),
    "json": lambda p, e, c: read_json_array(p, e),
    "parquet": lambda p, e, c: read_parquet(p, e, c.text_field),
    "txt": lambda p, e, c: read_txt(p, e),
    "html": lambda p, e, c: read_html(p, e),
}


class InputNotFound(FileNotFoundError):
    pass


def format_of(path: Path, forced: str | None = None) -> str | None:
    if forced:
        return forced
    name = path.name.lower()
    return next((fmt for ending, fmt in EXTENSIONS if name.endswith(ending)), None)


def expand_inputs(inputs: list[str], forced: str | None = None) -> list[Path]:
    """Every readable input file under the given files, folders and globs, sorted and unique.

    Sorting makes the output independent of the file system's listing order. Files in a
    folder whose format is unknown are skipped; a file named explicitly must have a format.
    Entries that are not regular files (dangling symlinks, FIFOs) are kept so that the reader
    reports them in errors.jsonl instead of skipping them silently.
    """
    found: set[Path] = set()
    for item in inputs:
        matches = (
            [Path(p) for p in glob.glob(item, recursive=True)]
            if glob.has_magic(item)
            else [Path(item)]
        )
        if not matches or not any(m.exists() for m in matches):
            raise InputNotFound(f"input not found: {item}")
        for match in matches:
            if match.is_dir():
                found.update(
                    p
                    for p in match.rglob("*")
                    if not p.name.startswith(".") and format_of(p, forced) and not p.is_dir()
                )
            elif format_of(match, forced):
                found.add(match)
            else:
                raise ValueError(f"{match}: unknown format; pass --format")
    return sorted(found, key=lambda p: str(p))


def read_documents(path: Path, cfg: InputConfig, errors: ErrorLog) -> Iterator[Document]:
    """Documents of one file; problems go to ``errors`` and reading goes on."""
    fmt = format_of(path, cfg.format)
    if fmt is None or fmt not in READERS:
        errors.add(path, None, f"unknown format {fmt!r}")
        return
    try:
        st = path.stat()
    except OSError as exc:
        errors.add(path, None, f"unreadable: {exc.strerror or exc}")
        return
    if not stat.S_ISREG(st.st_mode):
        # a FIFO would block the reader forever, a device would never end
        errors.add(path, None, "not a regular file")
        return
    if st.st_size == 0:
        errors.add(path, None, "empty file")
        return
    reader = READERS[fmt](path, errors, cfg)
    record = None
    try:
        for record, raw in reader:
            doc = record_to_document(raw, source=path, record=record, cfg=cfg, errors=errors)
            raw.clear()  # the untruncated text must not stay alive while the document is cleaned
            if doc is not None:
                yield doc
    except PermissionError as exc:
        errors.add(path, None, f"unreadable: {exc.strerror or exc}")
    except Exception as exc:  # a reader bug or an exotic input must cost one file, not the run
        after = "" if record is None else f" after record {record}"
        errors.add(path, None, f"reading stopped{after}: {type(exc).__name__}: {exc}")
