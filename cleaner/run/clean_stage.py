"""Stage 1, per input file (in parallel, locally or on Ray): read, clean, sign, checkpoint.

Each unit's documents go to its checkpoint in the work folder (``CHECKPOINT_SCHEMA``: the shard
columns the document itself determines, plus what dedup needs), and its statistics and errors to
a JSON file written last. Documents dropped whole after cleaning (reserved with
``--drop-reserved``, carrying personal data set to drop, too short: ``DOCUMENT_FILTERS``; then
the quality filters of ``[filter]``, ``cleaner/filters``, on the cleaned and scrubbed text) are
kept in the checkpoint, marked ``dropped`` with the
reason and what was measured, so that their removed spans still reach ``removed.parquet`` and
the drop reaches ``filtered.parquet``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from cleaner.boilerplate import BoilerplateCleaner
from cleaner.boilerplate.rights import find_reservation
from cleaner.boilerplate.templates import TemplateFilter
from cleaner.config import Config
from cleaner.dedup import MinHasher, exact_key
from cleaner.document import Document, Removal
from cleaner.engines import Mapper
from cleaner.filters.check import Dropped, from_config
from cleaner.io.atomic import write_json_atomic
from cleaner.io.errors import ErrorLog, InputError
from cleaner.io.readers import read_documents
from cleaner.io.shards import (
    CLUSTER_FIELDS,
    PII_SPAN_TYPE,
    SHARD_SCHEMA,
    document_row,
    write_table_atomic,
)
from cleaner.output.stats_view import NO_SITE
from cleaner.run.plan import (
    RunContext,
    Unit,
    checkpoint_meta_path,
    checkpoint_path,
    unfinished_units,
)
from cleaner.run.stats import CleanStats
from cleaner.run.templates_stage import filter_for

if TYPE_CHECKING:
    from cleaner.pii.document import DocumentScrubber

CHECKPOINT_SCHEMA = pa.schema(
    [
        *[f for f in SHARD_SCHEMA if f.name not in CLUSTER_FIELDS],
        pa.field("original_chars", pa.int64()),
        pa.field("exact_key", pa.binary(16)),
        pa.field("signature", pa.list_(pa.uint32())),  # null when dropped or without near dedup
        pa.field("date", pa.string()),  # the --date-field value, for --keep newest
        # a document drop (DOCUMENT_FILTERS, then [filter]): only its removals are kept
        pa.field("dropped", pa.bool_()),
        # why it was dropped (null when kept): the reason, what was measured, the threshold
        pa.field("filter", pa.string()),
        pa.field("filter_value", pa.float64()),
        pa.field("filter_threshold", pa.float64()),
        pa.field("filter_detail", pa.string()),
        pa.field("pii", pa.list_(PII_SPAN_TYPE)),  # personal data replaced (empty when off)
    ]
)
FILTER_COLUMNS = ("filter", "filter_value", "filter_threshold", "filter_detail")


@dataclass
class Cleaned:
    """Stage 1 over all units: their statistics summed, and every input problem."""

    stats: CleanStats
    errors: list[InputError]


def run(ctx: RunContext, mapper: Mapper[Unit, str]) -> Cleaned:
    """Checkpoint every unit not finished yet, then gather the statistics and errors of all."""
    task = partial(clean_unit, config=ctx.config, work=ctx.work)
    for _ in mapper(task, unfinished_units(ctx), ctx.config.workers, "read+clean"):
        pass
    metas = [json.loads(ctx.checkpoint_meta(u).read_text(encoding="utf-8")) for u in ctx.units]
    stats = sum((CleanStats.from_dict(meta["stats"]) for meta in metas), CleanStats())
    errors = [InputError(**e) for meta in metas for e in meta["errors"]]
    errors.extend(_duplicate_ids(ctx))
    return Cleaned(stats, errors)


def build_scrubber(config: Config) -> DocumentScrubber | None:
    """The PII scrubber of ``[pii]``, or None when every type is off."""
    if not config.pii.enabled:
        return None
    from cleaner.pii.document import DocumentScrubber

    return DocumentScrubber(config.pii.modes())


def scrub_document(doc: Document, scrubber: DocumentScrubber, stats: CleanStats) -> None:
    """Replace the personal data of a cleaned document (its text, removed lines and rights
    notice) and count it; the drop filter ``pii`` then drops it when a drop type occurred."""
    before = len(doc.text)
    scrubber.scrub(doc)
    stats.count_pii(doc.pii, before - len(doc.text))


def build_cleaner(
    config: Config, template_filter: TemplateFilter | None = None
) -> BoilerplateCleaner | None:
    if not config.clean.enabled:
        return None
    extra = [template_filter] if template_filter is not None else []
    return BoilerplateCleaner(config.clean.detectors, config.clean.disable, extra)


def clean_document(text: str, config: Config | None = None) -> tuple[str, list[Removal]]:
    """Clean one text with the configured detectors (what ``cleaner clean`` does)."""
    cleaner = build_cleaner(config or Config())
    if cleaner is None:  # [clean] enabled = false: the text as it came, nothing removed
        return text, []
    return cleaner.clean_text(text)


def clean_unit(unit: Unit, config: Config, work: Path) -> str:
    """Read, clean and sign one input file; leave its checkpoint in ``work``. Returns the key."""
    errors = ErrorLog()
    stats = CleanStats()
    template_filter = filter_for(config, work)
    cleaner = build_cleaner(config, template_filter)
    scrubber = build_scrubber(config)
    hasher = (
        MinHasher(config.dedup.num_perm, config.dedup.shingle_size) if config.dedup.near else None
    )
    date_field = config.dedup.date_field
    rows: list[dict[str, Any]] = []
    texts: list[str] = []  # kept texts, signed together at the end (bulk hashing is the fast path)
    active = [f for f in DOCUMENT_FILTERS if f.enabled(config)]
    quality = from_config(config.filter)
    # listed in stats.json even when they dropped nothing
    for reason in [f.reason for f in active] + (quality.names if quality else []):
        stats.drop_docs[reason] += 0
    for doc in read_documents(unit.source(), config.input, errors):
        stats.docs_read += 1
        original_chars = len(doc.text)
        stats.chars_in += original_chars
        stats.length_bins[original_chars.bit_length()] += 1
        site = doc.site or NO_SITE
        stats.site_docs[site] += 1
        stats.site_chars[site] += original_chars
        # before cleaning: the notice line is boilerplate, and cleaning removes it
        doc.rights = find_reservation(doc.text)
        if doc.rights is not None:
            stats.rights_docs[doc.rights.kind] += 1
        try:
            if template_filter is not None:
                template_filter.select(doc)
            if cleaner is not None:
                cleaner.clean(doc)
        except Exception as exc:  # a detector bug must not cost the rest of the file
            errors.add(unit.path, doc.record, f"cleaning failed: {type(exc).__name__}: {exc}")
            stats.docs_failed += 1
            stats.chars_failed += original_chars
            stats.site_failed[site] += 1
            continue
        # after cleaning, so that personal data in lines already removed (bylines, footers)
        # decides nothing; those lines are masked all the same, as they are published too
        if scrubber is not None:
            scrub_document(doc, scrubber, stats)
        for removal in doc.removals:
            stats.rule_lines[removal.rule] += removal.n_lines
            stats.rule_chars[removal.rule] += len(removal.text)
        for rule in doc.removed_rules:
            stats.rule_docs[rule] += 1
        why = next((d for f in active if (d := f.drops(doc, config)) is not None), None)
        if why is None and quality is not None:
            try:
                why = quality.check(doc.text)
            except Exception as exc:  # a filter bug must not cost the rest of the file
                errors.add(unit.path, doc.record, f"filtering failed: {type(exc).__name__}: {exc}")
                stats.docs_failed += 1
                stats.chars_failed += original_chars
                stats.site_failed[site] += 1
                continue
        if why is not None:
            stats.drop(why.filter, doc.site, doc.text)
            if why.filter == "pii":
                stats.pii_dropped.update(doc.pii_drop)
            # the removed spans still go to the audit file, the drop to filtered.parquet
            rows.append(_checkpoint_row(doc, original_chars, date_field, why))
            continue
        stats.docs_kept += 1
        stats.chars_after_clean += len(doc.text)
        rows.append(_checkpoint_row(doc, original_chars, date_field, None))
        texts.append(doc.text)
    if hasher is not None and texts:
        signed = iter(hasher.signatures(texts).tolist())
        for row in rows:
            if not row["dropped"]:
                row["signature"] = next(signed)
    table = pa.Table.from_pylist(rows, schema=CHECKPOINT_SCHEMA)
    write_table_atomic(table, checkpoint_path(work, unit), "zstd")
    # the JSON is written last: its presence marks the checkpoint as complete
    write_json_atomic(
        {
            "unit": asdict(unit),
            "stats": stats.as_dict(),
            "errors": [e.as_dict() for e in errors.items],
        },
        checkpoint_meta_path(work, unit),
    )
    return unit.key


def _too_short(doc: Document, config: Config) -> Dropped | None:
    # a document cleaning emptied is dropped whatever min_chars says: no shard row is empty
    chars = len(doc.text.strip())
    if chars < max(1, config.clean.min_chars):
        return Dropped("min_chars", chars, config.clean.min_chars)
    return None


def _reserved(doc: Document, config: Config) -> Dropped | None:
    return Dropped("reserved", detail=doc.rights.kind) if doc.rights else None


def _pii(doc: Document, config: Config) -> Dropped | None:
    # the types set to drop-document that the document carries
    return Dropped("pii", detail=", ".join(sorted(doc.pii_drop))) if doc.pii_drop else None


@dataclass(frozen=True)
class DocumentFilter:
    """Drops a whole document after cleaning; ``reason`` names it in ``DROP_REASONS``."""

    reason: str
    enabled: Callable[[Config], bool]
    drops: Callable[[Document, Config], Dropped | None]


# Tested in this order, before the quality filters of [filter]; a document is counted under
# the first that drops it.
DOCUMENT_FILTERS: tuple[DocumentFilter, ...] = (
    DocumentFilter("reserved", lambda config: config.clean.drop_reserved, _reserved),
    DocumentFilter("pii", lambda config: "drop" in config.pii.modes().values(), _pii),
    DocumentFilter("min_chars", lambda _: True, _too_short),
)


def _checkpoint_row(
    doc: Document, original_chars: int, date_field: str, dropped: Dropped | None
) -> dict[str, Any]:
    row = document_row(doc)
    date = doc.metadata.get(date_field)
    row.update(
        original_chars=original_chars,
        exact_key=exact_key(doc.text),
        signature=None,  # filled in for kept rows once the whole file is signed
        date=str(date) if date is not None else None,
        dropped=dropped is not None,
        filter=dropped.filter if dropped else None,
        filter_value=dropped.value if dropped else None,
        filter_threshold=dropped.threshold if dropped else None,
        filter_detail=dropped.detail if dropped else None,
        pii=[span.as_dict() for span in doc.pii],
    )
    return row


def _duplicate_ids(ctx: RunContext) -> list[InputError]:
    """A warning for every record whose id an earlier record already had (both are kept)."""
    first: dict[str, tuple[str, int]] = {}
    found: list[InputError] = []
    for u in ctx.units:
        table = pq.read_table(ctx.checkpoint(u), columns=["id", "record"])
        for doc_id, record in zip(
            table.column("id").to_pylist(), table.column("record").to_pylist(), strict=True
        ):
            if doc_id not in first:
                first[doc_id] = (u.path, record)
                continue
            where, at = first[doc_id]
            reason = f"duplicate id {doc_id!r} (first used by {where} record {at})"
            found.append(InputError(u.path, record, reason, "warning"))
    return found
