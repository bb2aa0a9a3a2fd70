"""The template-learning pass of a run (before stage 1): count every input file's lines in
parallel, merge the counts in input order, and leave the lines that qualify in the work folder
for the clean stage. The learning itself is ``cleaner/boilerplate/templates.py``."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from cleaner.boilerplate.templates import (
    DEFAULT_CAPACITY,
    SiteCounts,
    TemplateFilter,
    count_documents,
)
from cleaner.config import Config
from cleaner.engines import Mapper
from cleaner.io.errors import ErrorLog
from cleaner.io.readers import read_documents
from cleaner.run.plan import RunContext, Unit

WORK_FILE = "templates.npz"


def wanted(config: Config) -> bool:
    return config.clean.enabled and (config.clean.templates or bool(config.clean.templates_in))


def prepare(ctx: RunContext, mapper: Mapper[Unit, tuple[int, SiteCounts]], resume: bool) -> None:
    """Build the counts (loaded and/or learned), save them if asked, and leave the lines that
    qualify in the work folder for stage 1. A resumed run reuses what the interrupted run
    decided."""
    config = ctx.config
    target = ctx.work / WORK_FILE
    if not wanted(config) or (resume and target.exists()):
        return
    clean = config.clean
    counts = (
        SiteCounts.load(clean.templates_in) if clean.templates_in else SiteCounts(DEFAULT_CAPACITY)
    )
    if clean.templates:
        counts.merge(learn(ctx.units, config, mapper, config.workers))
    if clean.templates_out:
        counts.save(clean.templates_out)
    counts.restrict(clean.template_min_docs, clean.template_min_share).save(target)


def learn(
    units: Sequence[Unit],
    config: Config,
    mapper: Mapper[Unit, tuple[int, SiteCounts]],
    workers: int,
) -> SiteCounts:
    """Pass 1 over all input files in parallel, merged in input order (so the result does not
    depend on the number of workers); at most the out-of-order results wait in memory."""
    total = SiteCounts(DEFAULT_CAPACITY)
    waiting: dict[int, SiteCounts] = {}
    order = iter(sorted(u.index for u in units))
    expected = next(order, None)
    for index, counts in mapper(partial(count_unit, config=config), units, workers, "templates"):
        waiting[index] = counts
        while expected is not None and expected in waiting:
            total.merge(waiting.pop(expected))
            expected = next(order, None)
    return total


def count_unit(unit: Unit, config: Config) -> tuple[int, SiteCounts]:
    # read errors are reported by stage 1, which reads the same file again
    docs = read_documents(unit.source(), config.input, ErrorLog())
    return unit.index, count_documents(docs, DEFAULT_CAPACITY)


_LOADED: dict[tuple[str, int], TemplateFilter] = {}


def filter_for(config: Config, work: Path) -> TemplateFilter | None:
    """The stage-1 filter, loaded once per worker process."""
    path = work / WORK_FILE
    if not wanted(config) or not path.exists():
        return None
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = template_filter(SiteCounts.load(path), config)
    return _LOADED[key]


def template_filter(counts: SiteCounts, config: Config) -> TemplateFilter:
    """The filter removing the lines of ``counts`` that qualify under ``config``'s thresholds
    (also what ``cleaner.Cleaner`` builds from a saved ``templates_in`` file)."""
    return TemplateFilter(
        counts.templates(config.clean.template_min_docs, config.clean.template_min_share),
        counts.small_sites(),
    )
