"""Planning a run: the input files (units), the work folder, and what a resumed run can reuse.

A *unit* is one input file. Stage 1 leaves one checkpoint per unit in ``OUT/.work/``: a Parquet
file of its documents and, written last so that its presence marks the checkpoint complete, a
JSON file of its statistics and errors. A killed run resumed with the same inputs and
configuration reuses the finished checkpoints and redoes the others.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from cleaner import __version__
from cleaner.config import Config
from cleaner.io.atomic import write_json_atomic
from cleaner.io.readers import expand_inputs
from cleaner.io.sources import STDIN, InputFile, filesystem, is_remote, spool_stdin
from cleaner.output.names import WORK_DIR
from cleaner.output.ownership import OutputFolder, check_placement, claim

PLAN_FILE = "plan.json"
# standard input, copied once into the work folder: every stage and worker reads this file
STDIN_SPOOL = "stdin.jsonl"


class ResumeMismatch(RuntimeError):
    pass


@dataclass(frozen=True)
class Unit:
    """One input file, as found when the run was planned.

    ``path`` names it everywhere (errors.jsonl, the manifest): a local path, ``-`` for standard
    input, or an fsspec URL. Standard input is read from ``location``, its spool in the work
    folder.
    """

    index: int
    path: str
    size: int  # -1: not a regular file, or unreadable
    mtime_ns: int
    location: str = ""

    @property
    def key(self) -> str:
        return f"u{self.index:06d}"

    @property
    def stdin(self) -> bool:
        return self.path == STDIN

    @property
    def local(self) -> bool:
        return not self.stdin and not is_remote(self.path)

    def source(self) -> Path | InputFile:
        """What the readers are given for this unit."""
        if self.stdin:
            return InputFile(STDIN, self.location)
        if is_remote(self.path):
            return InputFile(self.path, self.path)
        return Path(self.path)


@dataclass(frozen=True)
class RunContext:
    """What every stage is given: where the run writes, its inputs and its configuration."""

    out: Path
    work: Path
    units: list[Unit]
    config: Config
    folder: OutputFolder  # claimed and locked for this run

    def checkpoint(self, unit: Unit) -> Path:
        """The unit's documents after stage 1 (``CHECKPOINT_SCHEMA``)."""
        return checkpoint_path(self.work, unit)

    def checkpoint_meta(self, unit: Unit) -> Path:
        """The unit's statistics and errors; written last, it marks the checkpoint complete."""
        return checkpoint_meta_path(self.work, unit)


def checkpoint_path(work: Path, unit: Unit) -> Path:
    return work / f"{unit.key}.parquet"


def checkpoint_meta_path(work: Path, unit: Unit) -> Path:
    return work / f"{unit.key}.json"


def plan(
    inputs: list[str], out: Path, config: Config, resume: bool, overwrite: bool = False
) -> RunContext:
    """Find the input files, claim the output folder, and make (or, resuming, check) the work
    folder. The caller releases ``folder`` when the run ends.

    Standard input (``-``) is copied once into the work folder (``STDIN_SPOOL``) and read from
    there; it cannot be read again, so ``--resume`` with ``-`` is refused before anything is
    read or written (save the input to a file to be able to resume)."""
    if resume and STDIN in inputs:
        raise ResumeMismatch(
            "--resume cannot re-read standard input (-): run again without --resume, "
            "or save the input to a file and run on that file"
        )
    units = plan_units(inputs, config)
    local = [item for item in inputs if item != STDIN and not is_remote(item)]
    folders = [Path(item) for item in local if Path(item).is_dir()]
    check_placement(out, [*folders, *(Path(u.path) for u in units if u.local)])
    folder = claim(out, overwrite)
    try:
        # left by a run killed while cleaning up
        shutil.rmtree(out / f"{WORK_DIR}.trash", ignore_errors=True)
        work = prepare_work_dir(out, units, config, resume)
        units = [_spooled(u, work) if u.stdin else u for u in units]
    except BaseException:
        folder.release()
        raise
    return RunContext(out, work, units, config, folder)


def _spooled(unit: Unit, work: Path) -> Unit:
    spool = (work / STDIN_SPOOL).absolute()
    size = spool_stdin(spool)
    return Unit(unit.index, unit.path, size, -1, str(spool))


def _remote_unit(index: int, url: str) -> Unit:
    """Size and modification time from fsspec (-1 when the store does not say)."""
    try:
        fs, path = filesystem(url)
        info = fs.info(path)
    except OSError:
        return Unit(index, url, -1, -1)
    size = int(info["size"]) if info.get("type") == "file" and info.get("size") is not None else -1
    try:
        mtime_ns = int(fs.modified(path).timestamp() * 1e9)
    except (NotImplementedError, OSError, AttributeError, ValueError):
        mtime_ns = -1
    return Unit(index, url, size, mtime_ns)


def plan_units(inputs: list[str], config: Config) -> list[Unit]:
    units = []
    for index, path in enumerate(expand_inputs(inputs, config.input.format)):
        if isinstance(path, InputFile):
            # standard input's size is known once it is spooled
            units.append(
                Unit(index, STDIN, -1, -1) if path.stdin else _remote_unit(index, path.label)
            )
            continue
        try:
            st = path.stat()
            # size -1 marks what cannot be hashed (a FIFO would block the manifest's sha256)
            size = st.st_size if stat.S_ISREG(st.st_mode) else -1
            units.append(Unit(index, str(path), size, st.st_mtime_ns))
        except OSError:
            units.append(Unit(index, str(path), -1, -1))
    return units


def _plan_fingerprint(units: list[Unit], config: Config) -> str:
    # the tool version is part of it: checkpoints of another version may have another layout
    blob = (
        json.dumps([[u.path, u.size, u.mtime_ns] for u in units])
        + config.fingerprint()
        + __version__
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def prepare_work_dir(out: Path, units: list[Unit], config: Config, resume: bool) -> Path:
    work = out / WORK_DIR
    fingerprint = _plan_fingerprint(units, config)
    plan_file = work / PLAN_FILE
    if resume and plan_file.exists():
        recorded = json.loads(plan_file.read_text(encoding="utf-8")).get("fingerprint")
        if recorded != fingerprint:
            raise ResumeMismatch(
                f"{out}: the inputs or the configuration changed since the interrupted run; "
                "run again without --resume to start over"
            )
        return work
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    write_json_atomic({"fingerprint": fingerprint, "version": __version__}, plan_file)
    return work


def unfinished_units(ctx: RunContext) -> list[Unit]:
    """The units whose checkpoint is missing or incomplete, in input order."""
    return [
        u for u in ctx.units if not (ctx.checkpoint_meta(u).exists() and ctx.checkpoint(u).exists())
    ]


def discard_work(work: Path) -> None:
    """Remove the work folder so that a kill at any moment leaves it whole or gone: renamed
    away first (atomic), then deleted. A half-deleted folder would make --resume start over."""
    trash = work.with_name(work.name + ".trash")
    shutil.rmtree(trash, ignore_errors=True)
    work.rename(trash)
    shutil.rmtree(trash, ignore_errors=True)
