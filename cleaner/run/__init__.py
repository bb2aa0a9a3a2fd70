"""``cleaner run``: read → clean → dedup → write, one module per stage.

plan             the input files (units), the work folder, resume          plan.py
templates pass   per-site template learning over all units (if asked)      templates_stage.py
stage 1          per unit, in parallel: read, clean, sign, checkpoint      clean_stage.py
stage 2          over all checkpoints: exact and near duplicates           dedup_stage.py
stage 3          shards in input order, side files, card, manifest         write_stage.py
"""

from __future__ import annotations

import time
from pathlib import Path

from cleaner.config import Config
from cleaner.engines import get_engine
from cleaner.run import clean_stage, dedup_stage, templates_stage, write_stage
from cleaner.run.plan import ResumeMismatch, discard_work, plan
from cleaner.run.write_stage import RunResult

__all__ = ["ResumeMismatch", "RunResult", "run"]


def run(
    inputs: list[str],
    out: Path,
    config: Config,
    *,
    resume: bool = False,
    engine: str = "local",
    command: str | None = None,
    keep_work: bool = False,
    overwrite: bool = False,
) -> RunResult:
    started = time.time()
    ctx = plan(inputs, out, config, resume, overwrite)
    try:
        mapper = get_engine(engine)
        templates_stage.prepare(ctx, mapper, resume)
        cleaned = clean_stage.run(ctx, mapper)
        deduplicated = dedup_stage.run(ctx)
        written = write_stage.run(ctx, deduplicated)
        result = write_stage.finish(ctx, cleaned, written, started, command)
        if not keep_work:
            discard_work(ctx.work)
    finally:
        ctx.folder.release()
    return result
