"""PII scrubbing of a whole document: its text and the removed lines it carries.

Removed lines are published too (``removed.parquet``, the ``removals`` column), so personal data
in them is masked as well; it never decides a drop, since it is no longer in the document. So is
the rights notice (the ``rights_reservation`` column), a copy of a line of the original text:
that line is among the removals when cleaning removed it, where its replacements are recorded.
"""

from __future__ import annotations

from dataclasses import replace

from cleaner.document import Document, PiiSpan
from cleaner.pii.scrubbing import Scrubber


class DocumentScrubber:
    """Scrubs documents in place with one set of modes (type -> off | mask | drop)."""

    def __init__(self, modes: dict[str, str]) -> None:
        self.text = Scrubber(modes)
        self.removed = Scrubber(
            {kind: "off" if m == "off" else "mask" for kind, m in modes.items()}
        )

    def scrub(self, doc: Document) -> Document:
        """Replace the personal data of ``doc.text`` and of its removals; record each
        replacement in ``doc.pii`` and the drop types found in ``doc.pii_drop``."""
        result = self.text.scrub(doc.text)
        spans = [
            PiiSpan(m.type, m.rule, self.text.modes[m.type], m.start, m.end) for m in result.matches
        ]
        doc.text = result.text
        doc.pii_drop = result.drop_types
        for index, removal in enumerate(doc.removals):
            masked = self.removed.scrub(removal.text)
            if not masked.matches:
                continue
            doc.removals[index] = replace(removal, text=masked.text)
            spans.extend(
                PiiSpan(m.type, m.rule, "mask", m.start, m.end, index) for m in masked.matches
            )
        if doc.rights is not None:
            notice = self.removed.scrub(doc.rights.notice)
            if notice.matches:
                doc.rights = replace(doc.rights, notice=notice.text)
        doc.pii = spans
        return doc
