"""Which reader handles which file, and the walk from inputs (files, folders, globs) to units."""

from __future__ import annotations

import fnmatch
import glob
import itertools
import os
import posixpath
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from cleaner.config import InputConfig
from cleaner.document import Document
from cleaner.io.errors import ErrorLog
from cleaner.io.jsonl import read_json_array, read_jsonl
from cleaner.io.parquet import read_parquet
from cleaner.io.records import record_to_document
from cleaner.io.sources import STDIN, InputFile, InputNotFound, filesystem, is_remote
from cleaner.io.text import read_html, read_txt

RawRecords = Iterator[tuple[int, dict[str, Any]]]
# A local input file, or standard input or an fsspec URL.
Source = Path | InputFile

# File-name endings to formats, longest ending first so that ".jsonl.gz" wins over ".gz".
EXTENSIONS: tuple[tuple[str, str], ...] = (
    *(
        (f"{stem}{compressed}", "jsonl")
        for compressed in (".gz", ".zst", ".bz2", ".xz")
        for stem in (".jsonl", ".ndjson", ".json")
    ),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".json", "json"),
    (".parquet", "parquet"),
    (".txt", "txt"),
    (".html", "html"),
    (".htm", "html"),
)

READERS: dict[str, Callable[[Any, ErrorLog, InputConfig], RawRecords]] = {
    "jsonl": lambda p, e, c: read_jsonl(p, e, c.max_line_bytes),
    "json": lambda p, e, c: read_json_array(p, e),
    "parquet": lambda p, e, c: read_parquet(p, e, c.text_field),
    "txt": lambda p, e, c: read_txt(p, e),
    "html": lambda p, e, c: read_html(p, e),
}


def format_of(path: Source, forced: str | None = None) -> str | None:
    if forced:
        return forced
    if isinstance(path, InputFile) and path.stdin:
        return "jsonl"
    name = path.name.lower()
    return next((fmt for ending, fmt in EXTENSIONS if name.endswith(ending)), None)


def _scan(folder: str) -> list[os.DirEntry[str]]:
    """The entries of a folder sorted by name (listing order is the file system's whim)."""
    try:
        with os.scandir(folder or os.curdir) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError:
        return []  # an unreadable or vanished folder holds nothing we can read


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows symlinks, as glob and a user would
    except OSError:
        return False


def _is_ancestor(real: str, of: str) -> bool:
    """Whether real path ``real`` is ``of`` or a folder above it."""
    return of == real or of.startswith(real.rstrip(os.sep) + os.sep)


class _Walk:
    """Guards one recursive walk: every real folder is entered once, and a symlink never leads
    into the walk's top folder or above it, nor above ``base`` (the folder a glob starts from):
    so a symlink loop ends, and a link to ``/`` or a parent does not walk the disk."""

    def __init__(self, top: str, base: str | None = None) -> None:
        self.tops = {os.path.realpath(top or os.curdir), os.path.realpath(base or top or os.curdir)}
        self.seen: set[tuple[int, int]] = set()
        self.enter(top or os.curdir, symlink=False)

    def enter(self, path: str, symlink: bool) -> bool:
        """Whether to walk folder ``path`` (reached through a symlink, or not); marks it walked."""
        try:
            st = os.stat(path)
        except OSError:
            return False
        key = (st.st_dev, st.st_ino)
        if key in self.seen:
            return False
        if symlink:
            real = os.path.realpath(path)
            if any(_is_ancestor(real, top) for top in self.tops):
                return False
        self.seen.add(key)
        return True

    def entries(self, top: str, dironly: bool) -> Iterator[str]:
        """Paths relative to ``top`` of everything below it, as glob's ``**`` (hidden names
        excepted). Folders reached through symlinks are walked too; a folder that is not walked
        (a loop) is not listed either, or the caller would walk it afresh."""
        stack = [""]
        while stack:
            rel = stack.pop()
            for entry in _scan(os.path.join(top, rel) if rel else top):
                if entry.name.startswith("."):
                    continue
                sub = os.path.join(rel, entry.name)
                if _is_dir(entry):
                    if self.enter(entry.path, entry.is_symlink()):
                        yield sub
                        stack.append(sub)
                elif not dironly:
                    yield sub


def _walk_files(folder: str, base: str | None = None) -> Iterator[str]:
    """Every entry under ``folder`` that is not a folder (dangling symlinks and FIFOs included,
    for the reader to report). Unlike ``**``, files inside hidden folders are walked."""
    walk = _Walk(folder, base)
    stack = [folder]
    while stack:
        current = stack.pop()
        for entry in _scan(current):
            if not _is_dir(entry):
                yield entry.path
            elif walk.enter(entry.path, entry.is_symlink()):
                stack.append(entry.path)


def glob_base(pattern: str) -> str:
    """The folder a glob starts from: its components before the first with a wildcard."""
    parts = Path(pattern).parts
    literal = list(itertools.takewhile(lambda part: not glob.has_magic(part), parts))
    return str(Path(*literal)) if literal else os.curdir


def _glob(pattern: str, base: str, dironly: bool = False) -> Iterator[str]:
    """``glob.glob(pattern, recursive=True)``, except that it ends on symlink loops.

    The standard library's ``**`` follows a symlink back into its own folder until the path is
    too long, and never ends when two such links branch. This has the same structure (split off
    the last component, expand the folders before it, match the component in each), but a
    wildcard never matches a symlink into ``base`` or above it, and ``**`` walks each real
    folder once (see _Walk).
    """
    dirname, basename = os.path.split(pattern)
    if not glob.has_magic(pattern):
        if (basename and os.path.lexists(pattern)) or (not basename and os.path.isdir(dirname)):
            yield pattern
        return
    if dirname and dirname != pattern and glob.has_magic(dirname):
        folders: Iterable[str] = _glob(dirname, base, dironly=True)
    else:
        folders = [dirname]
    base_real = os.path.realpath(base)
    for folder in folders:
        if basename == "**":
            yield os.path.join(folder, "")
            for sub in _Walk(folder, base).entries(folder or os.curdir, dironly):
                yield os.path.join(folder, sub)
        elif glob.has_magic(basename):
            names = [
                e.name
                for e in _scan(folder)
                if (not dironly or _is_dir(e))
                and not (
                    e.is_symlink()
                    and _is_dir(e)
                    and _is_ancestor(os.path.realpath(e.path), base_real)
                )
            ]
            if not basename.startswith("."):
                names = [n for n in names if not n.startswith(".")]
            for name in fnmatch.filter(names, basename):
                yield os.path.join(folder, name)
        elif (basename and os.path.lexists(os.path.join(folder, basename))) or (
            not basename and os.path.isdir(folder)
        ):
            yield os.path.join(folder, basename)


def _identity(path: str) -> tuple[Any, ...]:
    """What makes two names one file: device and inode (symlinks and hard links followed),
    else (a dangling symlink) the real path."""
    try:
        st = os.stat(path)
        return (st.st_dev, st.st_ino)
    except OSError:
        return ("path", os.path.realpath(path))


def _expand_remote(item: str, forced: str | None) -> list[str]:
    """The files an fsspec URL names (a file, a folder walked recursively, or a glob), as URLs.

    Mirrors the local rules: hidden files and files of unknown format in a folder are skipped,
    a file named explicitly must have a format."""
    fs, path = filesystem(item)
    try:
        if glob.has_magic(path):
            matches = sorted(fs.glob(path))
        else:
            matches = [path] if fs.exists(path) else []
        if not matches:
            raise InputNotFound(f"input not found: {item}")
        found = []
        for match in matches:
            if fs.isdir(match):
                found.extend(
                    name
                    for name in fs.find(match)
                    if not posixpath.basename(name).startswith(".")
                    and format_of(Path(posixpath.basename(name)), forced)
                )
            elif format_of(Path(posixpath.basename(match)), forced):
                found.append(match)
            else:
                raise ValueError(f"{fs.unstrip_protocol(match)}: unknown format; pass --format")
    except InputNotFound:
        raise
    except (OSError, ImportError) as exc:  # an unreachable store or a missing protocol package
        raise InputNotFound(f"{item}: {exc}") from None
    return [fs.unstrip_protocol(name) for name in found]


def expand_inputs(inputs: list[str], forced: str | None = None) -> list[Source]:
    """Every readable input file under the given files, folders and globs: each file once,
    sorted by absolute path.

    An input that exists is a file or folder even when its name looks like a glob
    (``기사 [1].jsonl``); only a name that does not exist is expanded as a glob. A file reached
    under several names (a folder and a file in it, relative and absolute spellings, symlinks,
    hard links) is read once, under the name whose absolute path sorts first. The order is
    that of the absolute paths (``..`` and ``.`` folded, symlinks not resolved), so it depends
    neither on the file system's listing order, nor on the working directory, nor on the order
    of the arguments. Folder walks and ``**`` follow symlinked folders but never into a folder
    already walked or above the walk's top, so symlink loops end.

    Files in a folder whose format is unknown are skipped; a file named explicitly must have a
    format. Entries that are not regular files (dangling symlinks, FIFOs) are kept so that the
    reader reports them in errors.jsonl instead of skipping them silently.

    ``-`` (standard input, JSON Lines) comes first, as an InputFile whose bytes the run spools
    (``location`` empty until then); fsspec URLs (files, folders, globs) come after the local
    files, sorted by URL, each as an InputFile.
    """
    stdin = [InputFile(STDIN, "")] if STDIN in inputs else []
    remote = sorted(
        {url for item in inputs if is_remote(item) for url in _expand_remote(item, forced)}
    )
    inputs = [item for item in inputs if item != STDIN and not is_remote(item)]
    # identity: (absolute path, when it was found, name); of two spellings of one absolute
    # path (``p/a.jsonl``, ``./p/../p/a.jsonl``) the one given first is kept
    chosen: dict[tuple[Any, ...], tuple[str, int, str]] = {}

    def add(name: str) -> None:
        key = _identity(name)
        spelled = (os.path.abspath(name), next(order), name)
        if key not in chosen or spelled < chosen[key]:
            chosen[key] = spelled

    order = itertools.count()

    for item in inputs:
        base = None
        if os.path.exists(item):
            matches = [item]
        elif glob.has_magic(item):
            base = glob_base(item)
            matches = [m for m in _glob(item, base) if m]
        else:
            matches = []
        if not any(os.path.exists(m) for m in matches):
            raise InputNotFound(f"input not found: {item}")
        for match in matches:
            if os.path.isdir(match):
                for name in _walk_files(match, base):
                    path = Path(name)
                    if not path.name.startswith(".") and format_of(path, forced):
                        add(name)
            elif format_of(Path(match), forced):
                add(match)
            else:
                raise ValueError(f"{match}: unknown format; pass --format")
    local: list[Source] = [Path(name) for _, _, name in sorted(chosen.values())]
    return [*stdin, *local, *(InputFile(url, url) for url in remote)]


def read_documents(path: Source, cfg: InputConfig, errors: ErrorLog) -> Iterator[Document]:
    """Documents of one file; problems go to ``errors`` and reading goes on."""
    fmt = format_of(path, cfg.format)
    if fmt is None or fmt not in READERS:
        errors.add(path, None, f"unknown format {fmt!r}")
        return
    try:
        if isinstance(path, InputFile):
            regular, size = path.info()
        else:
            st = path.stat()
            regular, size = stat.S_ISREG(st.st_mode), st.st_size
    except OSError as exc:
        errors.add(path, None, f"unreadable: {exc.strerror or exc}")
        return
    if not regular:
        # a FIFO would block the reader forever, a device would never end
        errors.add(path, None, "not a regular file")
        return
    if size == 0:
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
