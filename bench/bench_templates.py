"""Per-site template learning on the labelled dev set: what it adds to the rule-based detectors.

Scoring follows /work/shared/eval/README.md: per non-empty line, a line counts as removed when it
does not appear, in order, in the output. Every corpus below is cleaned twice, with the detectors
alone and with detectors + learned templates, and only the dev documents are scored.

Corpora (the site of a document is its ``site`` field when asked, else its URL host, else its
input file, exactly as in ``cleaner run``):
- ``dev``        dev.jsonl alone as one input file (its 234 'newjjins' records have no URL, so
                 they share the file's site: this measures the one shared page frame);
- ``dev/site``   dev.jsonl with ``--site-field site`` (the frame split over ~40 outlets);
- ``dev+bulk``   dev.jsonl and mixed_25mb.jsonl.gz as two input files (more pages per URL host);
- ``dev∪bulk``   dev records interleaved into the bulk records as one input file (the file
                 fallback site now mixes the frame with 8k unrelated no-URL texts).
"""

from __future__ import annotations

import json
import time
from typing import Any

from bench.common import BULK, DEV, Figure, quick, read_jsonl_gz
from cleaner.boilerplate import BoilerplateCleaner
from cleaner.boilerplate.evaluate import Tally, evaluate_records
from cleaner.boilerplate.templates import TemplateFilter, count_documents, merge_counts
from cleaner.config import CleanConfig
from cleaner.document import Document

SUITE = "templates"
MIXED = BULK / "mixed_25mb.jsonl.gz"


def dev_records() -> list[dict[str, Any]]:
    with DEV.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def as_document(raw: dict[str, Any], source: str, site_field: str | None) -> Document:
    site = raw.get(site_field) if site_field else None
    meta = {k: v for k, v in raw.items() if k not in {"text", "id", "url"}}
    return Document(
        id=str(raw.get("id")),
        text=raw["text"],
        url=raw.get("url") or None,
        site=str(site) if site else None,
        source=source,
        metadata=meta,
    )


def corpus(name: str, dev: list[dict[str, Any]]) -> tuple[list[Document], list[Document]]:
    """(all documents of the corpus, the dev documents among them)."""
    site_field = "site" if name == "dev/site" else None
    dev_docs = [as_document(r, "dev.jsonl", site_field) for r in dev]
    if name in ("dev", "dev/site"):
        return dev_docs, dev_docs
    limit = 2000 if quick() else None
    bulk = list(read_jsonl_gz(MIXED, limit))
    if name == "dev+bulk":
        return dev_docs + [as_document(r, "mixed.jsonl.gz", None) for r in bulk], dev_docs
    # one file: dev records spread evenly through the bulk records
    dev_docs = [as_document(r, "mixed.jsonl.gz", None) for r in dev]
    step = max(1, len(bulk) // len(dev_docs))
    merged: list[Document] = []
    for i, doc in enumerate(dev_docs):
        merged.append(doc)
        merged.extend(
            as_document(r, "mixed.jsonl.gz", None) for r in bulk[i * step : (i + 1) * step]
        )
    merged.extend(as_document(r, "mixed.jsonl.gz", None) for r in bulk[len(dev_docs) * step :])
    return merged, dev_docs


def score_all(
    dev: list[dict[str, Any]], docs: list[Document], tf: TemplateFilter | None
) -> tuple[Tally, dict[str, Tally]]:
    """Scores of the dev records (overall and per page template), cleaned as ``docs``."""
    cleaner = BoilerplateCleaner(extra=[tf] if tf is not None else [])

    def select(n: int, record: dict[str, Any]) -> None:
        if tf is not None:
            tf.select(docs[n])

    ev = evaluate_records(dev, cleaner.clean_text, before=select, group_field="template")
    return ev.overall, dict(ev.by_group)


def _scores(tally: Tally) -> tuple[float, float, float]:
    s = tally.scores()
    return (
        s["boilerplate_recall"] or 0.0,
        s["content_line_loss"] or 0.0,
        s["content_char_loss"] or 0.0,
    )


def batches(dev: list[dict[str, Any]], min_docs: int, min_share: float) -> list[Figure]:
    """Daily batches: pages alternate between day 1 and day 2 (site = the ``site`` field, since a
    file-name site cannot carry over to the next day's file); only day 2 is scored."""
    pages = sorted({r["page_id"] for r in dev})
    day1_pages = set(pages[::2])
    day1 = [r for r in dev if r["page_id"] in day1_pages]
    day2 = [r for r in dev if r["page_id"] not in day1_pages]
    docs1 = [as_document(r, "day1.jsonl", "site") for r in day1]
    docs2 = [as_document(r, "day2.jsonl", "site") for r in day2]
    learned1, learned2 = count_documents(docs1), count_documents(docs2)
    both = merge_counts([learned1, learned2])
    figures = []
    for label, counts in (
        ("rules only", None),
        ("learn day 2 alone", learned2),
        ("--templates day1", learned1),
        ("--templates day1 + learn day 2", both),
    ):
        tf = TemplateFilter(counts.templates(min_docs, min_share)) if counts else None
        recall, loss, _ = _scores(score_all(day2, docs2, tf)[0])
        figures += [
            Figure(SUITE, f"day2/site {label} bp recall", recall, "ratio", f"{len(day2)} docs"),
            Figure(SUITE, f"day2/site {label} content loss", loss, "ratio"),
        ]
    return figures


def run() -> list[Figure]:
    defaults = CleanConfig()
    min_docs, min_share = defaults.template_min_docs, defaults.template_min_share
    dev = dev_records()
    figures: list[Figure] = []
    for name in ("dev", "dev/site", "dev+bulk", "dev∪bulk"):
        docs, dev_docs = corpus(name, dev)
        started = time.process_time()
        counts = count_documents(docs)
        learn_s = time.process_time() - started
        tf = TemplateFilter(counts.templates(min_docs, min_share))
        results = {}
        for label, filt in (("rules", None), ("rules+templates", tf)):
            total, by_group = score_all(dev, dev_docs, filt)
            results[label] = (total, by_group)
            note = f"{len(docs)} docs, {len(tf)} template lines" if filt else f"{len(docs)} docs"
            recall, loss, char_loss = _scores(total)
            figures += [
                Figure(SUITE, f"{name} {label} bp recall", recall, "ratio", note),
                Figure(SUITE, f"{name} {label} content loss", loss, "ratio"),
                Figure(SUITE, f"{name} {label} content char loss", char_loss, "ratio"),
            ]
            for group, sc in sorted(by_group.items()):
                g_recall, g_loss, _ = _scores(sc)
                figures += [
                    Figure(SUITE, f"{name} {label} [{group}] bp recall", g_recall, "ratio"),
                    Figure(SUITE, f"{name} {label} [{group}] content loss", g_loss, "ratio"),
                ]
        (base_t, base_g), (tpl_t, tpl_g) = results["rules"], results["rules+templates"]
        gained = tpl_t.removed_boilerplate - base_t.removed_boilerplate
        frame = "newjjins-student-clone"
        frame_gain = tpl_g[frame].removed_boilerplate - base_g[frame].removed_boilerplate
        figures.append(
            Figure(
                SUITE,
                f"{name} extra bp lines removed",
                gained,
                "lines",
                f"{frame_gain} of them in the one shared student frame",
            )
        )
        mb = sum(len(d.text.encode()) for d in docs) / 1e6
        figures.append(
            Figure(SUITE, f"{name} pass-1 speed", mb / learn_s if learn_s else 0.0, "MB/s")
        )
    return figures + batches(dev, min_docs, min_share)


if __name__ == "__main__":
    for f in run():
        print(f"{f.name:<55} {f.value:10.4f} {f.unit:<6} {f.note}")
