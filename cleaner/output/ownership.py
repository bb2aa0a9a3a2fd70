"""The output folder is the tool's alone.

A run may write into a folder that is empty, new, or a cleaner output (one it marked, or one
with a cleaner manifest). It refuses a folder holding anything else unless the user says
``--overwrite``, refuses a folder that is, contains or lies inside an input folder, and holds an
exclusive lock on the folder while it writes so that a second run on it is refused while the
first lives (the kernel releases the lock of a killed run, so a stale lock is taken over
without guessing from process ids).

Whatever the folder held before, a run deletes only what a cleaner run wrote there: the names
the previous manifest lists, the names recorded in the run's journal as they were created
(a killed run has no manifest yet), and temporary files of those names. Inside the folder a name
is a plain file name or one inside the tool's own subfolders (``data/``, ``audit/``,
``index/``), which must be real folders: a file of somebody else's in them is left alone, and
a subfolder a run empties is removed only when nothing else is in it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.output.names import JOURNAL, LOCK, MANIFEST, MARKER, SUBFOLDERS, WORK_DIR

JOURNAL_TMP = JOURNAL + ".tmp"
# what a cleaner run itself leaves in the folder besides its data files
BOOKKEEPING = frozenset({MARKER, LOCK, JOURNAL, JOURNAL_TMP, WORK_DIR, WORK_DIR + ".trash"})


class OutputRefused(Exception):
    """The folder cannot be used as it is (a usage error: exit 2)."""


class OutputUnusable(Exception):
    """The folder cannot be created, locked or written (an environment error: exit 4)."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_placement(out: Path, inputs: Iterable[Path]) -> None:
    """Refuse an output folder that is, contains or lies inside an input folder or file's folder
    (a second run would read the first run's shards as input, or write over the inputs)."""
    target = out.resolve()
    for item in inputs:
        source = item.resolve()
        folder = source if source.is_dir() else source.parent
        if source.is_dir() and _inside(target, folder):
            raise OutputRefused(f"{out}: the output folder is inside the input folder {item}")
        if target == folder:
            raise OutputRefused(f"{out}: the output folder is the folder of the input {item}")
        if _inside(source, target):
            raise OutputRefused(f"{out}: the output folder contains the input {item}")


def is_cleaner_output(out: Path) -> bool:
    if (out / MARKER).exists():
        return True
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None
    if isinstance(manifest, dict) and manifest.get("tool") == "cleaner":
        return True
    # an older version's interrupted run: only its work folder is there
    return (out / WORK_DIR / "plan.json").exists()


def _entries(out: Path) -> list[str]:
    try:
        return sorted(os.listdir(out))
    except FileNotFoundError:
        return []


@dataclass
class OutputFolder:
    """A claimed output folder: locked for this run, with what earlier runs wrote there."""

    path: Path
    owned: set[str] = field(default_factory=set)
    _lock_fd: int | None = None

    def record(self, name: str) -> None:
        """Journal a name before its file is created: a rerun may then remove it even when this
        run is killed before its manifest exists."""
        if name in self.owned:
            return
        self.owned.add(name)
        with (self.path / JOURNAL).open("a", encoding="utf-8") as fh:
            fh.write(name + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def record_all(self, names: Iterable[str]) -> None:
        for name in names:
            self.record(name)

    def remove_stale(self, keep: Iterable[str] = ()) -> list[str]:
        """Delete what earlier cleaner runs wrote here and this run will not write again (old
        shards beyond the new count, half-written temporary files); nothing else."""
        keep = set(keep)
        removed = []
        for name in sorted(self.owned - keep):
            for candidate in (name, name + ".tmp"):
                path = self.path / candidate
                if path.is_file() or path.is_symlink():
                    path.unlink()
                    removed.append(candidate)
        for name in keep:
            tmp = self.path / (name + ".tmp")
            if name in self.owned and tmp.is_file():
                tmp.unlink()
                removed.append(name + ".tmp")
        for sub in SUBFOLDERS:  # emptied by the above: gone, unless anything else is inside
            with contextlib.suppress(OSError):
                (self.path / sub).rmdir()
        # a name whose file is gone is no longer ours: a file somebody puts there later (an old
        # layout's removed.parquet copied back, say) is theirs
        self.owned = {n for n in self.owned if self._exists(n) or self._exists(n + ".tmp")}
        self._rewrite_journal()
        return removed

    def _exists(self, name: str) -> bool:
        path = self.path / name
        return path.exists() or path.is_symlink()

    def _rewrite_journal(self) -> None:
        tmp = self.path / JOURNAL_TMP
        with tmp.open("w", encoding="utf-8") as fh:
            fh.writelines(name + "\n" for name in sorted(self.owned))
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(self.path / JOURNAL)

    def withdraw_manifest(self) -> None:
        """The old manifest goes before any file it describes is replaced, so that no reader
        pairs it with shards it does not describe; the new one is written last."""
        (self.path / MANIFEST).unlink(missing_ok=True)

    def release(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def _previous_names(out: Path) -> set[str]:
    names: set[str] = set()
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None
    if isinstance(manifest, dict) and manifest.get("tool") == "cleaner":
        names |= _manifest_names(manifest)
    with contextlib.suppress(OSError):
        names.update(
            line.strip()
            for line in (out / JOURNAL).read_text(encoding="utf-8").splitlines()
            if line.strip()
        )
    return {n for n in names if _is_own_name(n)}


def _is_own_name(name: str) -> bool:
    """A name read from a file is only ever a plain name in the folder or in one of the tool's
    subfolders, never a path out of it."""
    parts = name.split("/")
    if len(parts) == 2 and parts[0] in SUBFOLDERS:
        parts = parts[1:]
    return len(parts) == 1 and parts[0] not in {"", ".", ".."} and "\\" not in parts[0]


def _manifest_names(manifest: dict[str, Any]) -> set[str]:
    """The names a manifest lists: shards, side files (names, or entries with checksums) and
    the card."""
    names = {MANIFEST}
    for entry in [*(manifest.get("shards") or []), *(manifest.get("side_files") or [])]:
        name = entry.get("file") if isinstance(entry, dict) else entry
        if isinstance(name, str):
            names.add(name)
    return names


def _check_subfolders(out: Path) -> None:
    """The tool writes into its subfolders: one that is a link or a file would send its files
    elsewhere, or over somebody else's."""
    for sub in SUBFOLDERS:
        path = out / sub
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            raise OutputRefused(
                f"{path}: cleaner keeps its own files in this subfolder, and it is a "
                f"{'link' if path.is_symlink() else 'file'}; move it away or choose another folder"
            )


def claim(out: Path, overwrite: bool = False) -> OutputFolder:
    """Create or check the folder, take its lock, and mark it as a cleaner output."""
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{out}: --out names an existing file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputUnusable(f"{out}: cannot create the output folder: {_cause(exc)}") from None
    foreign = [n for n in _entries(out) if n not in BOOKKEEPING]
    ours = is_cleaner_output(out)
    if not ours and (out / WORK_DIR).exists():
        # the work folder is deleted whole at the end of a run: never one somebody else made
        raise OutputRefused(f"{out}: the folder holds a {WORK_DIR} folder that no cleaner run made")
    if foreign and not ours and not overwrite:
        raise OutputRefused(
            f"{out}: the folder holds files that no cleaner run wrote ({', '.join(foreign[:3])}"
            f"{', …' if len(foreign) > 3 else ''}); choose an empty folder or pass --overwrite"
        )
    _check_subfolders(out)
    try:
        fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputUnusable(f"{out}: cannot write to the output folder: {_cause(exc)}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise OutputRefused(
                f"{out}: another cleaner run is writing this folder; wait for it or use another"
            ) from None
        raise OutputUnusable(f"{out}: cannot lock the output folder: {_cause(exc)}") from None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    folder = OutputFolder(out, _previous_names(out), fd)
    try:
        (out / MARKER).write_text('{"tool": "cleaner"}\n', encoding="utf-8")
    except OSError as exc:
        folder.release()
        raise OutputUnusable(f"{out}: cannot write to the output folder: {_cause(exc)}") from None
    return folder


def journal(out: Path, name: str) -> None:
    """Record a file another command writes into an output folder (``cleaner report``)."""
    if name not in _previous_names(out):
        with (out / JOURNAL).open("a", encoding="utf-8") as fh:
            fh.write(name + "\n")


def _cause(exc: OSError) -> str:
    return exc.strerror.lower() if exc.strerror else str(exc)
