"""The boilerplate cleaner as a datatrove pipeline step (``pip install 'cleaner[datatrove]'``).

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.integrations.datatrove import CleanerStep

    LocalPipelineExecutor(
        [JsonlReader("crawl/"), CleanerStep(disable=["comments"]), JsonlWriter("cleaned/")]
    ).run()

Only the line cleaning runs here: reading, deduplication and writing are the pipeline's own
steps. Documents the cleaning leaves empty are dropped; the length threshold of ``cleaner run``
(``[clean] min_chars``) is not applied, since datatrove pipelines filter lengths in steps of
their own.
"""

from __future__ import annotations

import json
import os
from typing import Any

try:
    from datatrove.data import Document as DatatroveDocument
    from datatrove.data import DocumentsPipeline
    from datatrove.pipeline.base import PipelineStep
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # the step is optional; say how to get it
    raise ImportError(
        "cleaner.integrations.datatrove needs datatrove: pip install 'cleaner[datatrove]'"
    ) from exc

from cleaner.api import Cleaner
from cleaner.config import Config
from cleaner.document import Document

__all__ = ["CleanerStep"]


class CleanerStep(PipelineStep):
    """Removes boilerplate lines from each ``Document.text`` in place.

    ``config`` and ``options`` are those of ``cleaner.Cleaner`` (a ``Config`` or TOML path;
    ``detectors``, ``disable``, ``enabled``, ``templates_in``). The headline is read from
    ``metadata[title_key]`` and the page URL, which selects learned templates, from
    ``metadata[url_key]``.

    Every document forwarded gets ``metadata[f"{prefix}_rules"]`` (the rules that removed
    something, sorted and comma-separated, "" for none), ``{prefix}_removed_lines``,
    ``{prefix}_removed_chars`` and ``{prefix}_rights_reservation`` (the notice reserving the text
    from AI training or text-and-data mining, as written, "" for none); with ``keep_removals`` also ``{prefix}_removals``, a JSON list
    with one object per removed block (rule, first_line, last_line, text; line numbers into the
    text as it came in). Scalars only: datatrove's ParquetWriter takes its schema from the first
    document, and an empty list there has no item type. A document left empty is
    dropped. Stats: ``total``, ``forwarded``, ``dropped`` (= ``dropped_empty``), ``changed``
    (documents with a removal), ``rights_reserved`` (documents with a reservation notice),
    ``removed_lines`` and ``removed_chars`` per document, and
    ``lines_<rule>`` per rule (its mean is the lines per document the rule fired on).

    With ``pii`` (``CleanerStep(pii="mask")``, as for ``Cleaner``) personal data is masked after
    cleaning: every forwarded document gets ``{prefix}_pii`` (placeholders put into its text),
    the stats ``pii_<type>``; a document holding a type set to drop is dropped
    (``dropped_pii``).
    """

    name = "🧹 Korean boilerplate (cleaner)"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        config: Config | str | os.PathLike[str] | None = None,
        *,
        title_key: str = "title",
        url_key: str = "url",
        prefix: str = "cleaner",
        keep_removals: bool = False,
        **options: Any,
    ) -> None:
        super().__init__()
        # built (and its options checked) when the pipeline is declared, not in every task
        self.cleaner = Cleaner(config, **options)
        self.title_key = title_key
        self.url_key = url_key
        self.prefix = prefix
        self.keep_removals = keep_removals

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                kept = self.clean(doc)
            if not kept:
                dropped_for_pii = f"{self.prefix}_pii_drop" in doc.metadata
                self.stat_update(
                    StatHints.dropped, "dropped_pii" if dropped_for_pii else "dropped_empty"
                )
                continue
            self.stat_update(StatHints.forwarded)
            self.update_doc_stats(doc)
            yield doc

    def clean(self, doc: DatatroveDocument) -> bool:
        """Clean ``doc`` in place and record what went; False when nothing is left of it."""
        title = doc.metadata.get(self.title_key)
        url = doc.metadata.get(self.url_key)
        ours = Document(
            id=str(doc.id),
            text=doc.text,
            url=url if isinstance(url, str) else None,
            metadata={"title": title} if isinstance(title, str) else {},
        )
        self.cleaner.clean_document(ours)
        removals = ours.removals
        doc.text = ours.text
        p = self.prefix
        if self.cleaner.scrubs_pii:
            if ours.pii_drop:  # a type set to drop: the document goes, and says why
                doc.metadata[f"{p}_pii_drop"] = ",".join(ours.pii_drop)
                return False
            replaced = [span for span in ours.pii if span.removal is None]
            doc.metadata[f"{p}_pii"] = len(replaced)
            for span in replaced:
                self.stat_update(f"pii_{span.type}")
        doc.metadata[f"{p}_rules"] = ",".join(ours.removed_rules)
        doc.metadata[f"{p}_removed_lines"] = ours.removed_lines
        doc.metadata[f"{p}_removed_chars"] = ours.removed_chars
        # the AI-training / TDM reservation of the text as it came in ("" when none)
        doc.metadata[f"{p}_rights_reservation"] = ours.rights.notice if ours.rights else ""
        if ours.rights:
            self.stat_update("rights_reserved")
        if self.keep_removals:
            doc.metadata[f"{p}_removals"] = json.dumps(
                [r.as_dict() for r in removals], ensure_ascii=False
            )
        # every document counts, so the means are per document, not per changed one
        self.stat_update("removed_lines", value=ours.removed_lines)
        self.stat_update("removed_chars", value=ours.removed_chars)
        if removals:
            self.stat_update("changed")
            lines: dict[str, int] = {}
            for r in removals:
                lines[r.rule] = lines.get(r.rule, 0) + r.n_lines
            for rule, n in lines.items():
                self.stat_update(f"lines_{rule}", value=n)
        return bool(doc.text.strip())
