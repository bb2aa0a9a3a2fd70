"""Per-site template learning: lines that recur on many pages of one site are its boilerplate.

Pass 1 (``count_documents``, run per input file and merged; the run's pass over the inputs is
``cleaner/run/templates_stage.py``) counts, for every site, in how many documents each
normalised line occurs. Pass 2 (``TemplateFilter``) removes, under the rule
``template``, the lines that occur in at least ``min_docs`` documents and in at least
``min_share`` of the site's documents.

Memory is bounded: a line is a 64-bit hash, and each site keeps at most ``capacity`` counters.
When a site's table is full, the half with the lowest counts is evicted (a batched variant of the
Space-Saving / lossy-counting heavy-hitters tables). A kept counter counts the documents since
the line (last) entered the table, so every count is a lower bound of the truth: when the table
errs it keeps a line rather than removing it. A frame line enters on the site's first pages and
from then on outgrows the one-off article lines it competes with, so it is not evicted. (Plain
Misra–Gries subtracts at every prune, so each frame line also loses a count per prune; on dev at
256 counters per site it kept 32 of the 236 qualifying lines, this table 73, and both keep all
at 1024.) The table must hold twice a site's frame: the student frame of dev has ~240 lines.
Tables merge by adding counters and pruning again, which is what lets pass 1 run per file in
parallel and lets a saved table absorb the next day's batch; sums of lower bounds stay lower
bounds.

Copies of one story (the same page extracted twice, revisions of a URL, a wire story a site
publishes more than once) would make every sentence of that story look like a template. Pass 1
therefore counts each story once per site: a document's story key is the hash of its longest
line, and a document whose key was already seen on its site is not counted.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cleaner.boilerplate.page import Page
from cleaner.document import Document
from cleaner.io.atomic import atomic_write

RULE = "template"

# Templates are menus, footers and sidebars; a line this long is a paragraph, and a paragraph
# that recurs is far more often a syndicated sentence than interface text.
MAX_TEMPLATE_CHARS = 200
# Counters per site. Wider than any real site frame (tens to a few hundred lines), narrow enough
# that 50k sites fit in memory; see README "Template learning".
DEFAULT_CAPACITY = 1024
# Below this many documents a site's recurring sentence may be a story told twice (a wire story,
# a correction, the same notice reposted): there templates take only furniture-shaped lines.
CONFIDENT_DOCS = 20
# Story keys remembered per input file before the set is restarted (copies of one story sit
# close together in a crawl, so forgetting old keys costs little and bounds memory).
STORY_MEMORY = 500_000
FORMAT = "cleaner-templates/1"

_DIGITS = re.compile(r"\d+")


def normalise(line: str) -> str:
    """Collapse whitespace and every digit run, so row ``47141 …2025.02.04`` matches ``47122 …``."""
    return _DIGITS.sub("0", " ".join(line.split()))


def line_hash(line: str) -> int:
    """A 64-bit hash that is stable across processes and runs (``hash()`` is salted)."""
    return int.from_bytes(
        hashlib.blake2b(normalise(line).encode("utf-8"), digest_size=8).digest(), "little"
    )


def site_key(doc: Document) -> str:
    """The site a document belongs to: its site field or URL host, else its input file."""
    if doc.site:
        return doc.site
    return f"file:{doc.source}" if doc.source else "file:?"


class LineSketch:
    """Lower-bound counts of documents per line hash for one site; never above ``capacity``."""

    __slots__ = ("capacity", "counts", "docs")

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 2:
            raise ValueError("capacity must be at least 2")
        self.capacity = capacity
        self.counts: dict[int, int] = {}
        self.docs = 0

    def add_document(self, hashes: Iterable[int]) -> None:
        """Count one document; ``hashes`` must be distinct (a line counts once per document)."""
        self.docs += 1
        counts = self.counts
        for h in hashes:
            if h in counts:
                counts[h] += 1
            else:
                if len(counts) >= self.capacity:
                    self._prune()
                counts[h] = 1

    def _prune(self) -> None:
        """Evict every counter not among the ``capacity // 2`` largest (ties at the cut go too).

        Evicting in batches pays for the sort once per capacity/2 new lines, not once per line;
        at most ``capacity // 2`` counts are strictly above the cut, so at least half is freed.
        """
        keep = self.capacity // 2
        if len(self.counts) <= keep:
            return
        cut = sorted(self.counts.values(), reverse=True)[keep]
        self.counts = {h: c for h, c in self.counts.items() if c > cut}


@dataclass
class SiteLines:
    """One site's counters frozen into sorted arrays (12 bytes a line) for merging and saving.

    Counting one file uses the dict of ``LineSketch`` (fast per line); the merged table over a
    whole corpus lives in these arrays, which is what keeps 50k sites in well under a gigabyte.
    """

    docs: int
    hashes: np.ndarray  # uint64, sorted
    counts: np.ndarray  # uint32, lower bounds

    @classmethod
    def from_sketch(cls, sketch: LineSketch) -> SiteLines:
        n = len(sketch.counts)
        hashes = np.fromiter(sketch.counts.keys(), dtype=np.uint64, count=n)
        counts = np.fromiter(sketch.counts.values(), dtype=np.uint32, count=n)
        order = np.argsort(hashes)
        return cls(sketch.docs, hashes[order], counts[order])

    def merged(self, other: SiteLines, capacity: int) -> SiteLines:
        hashes, inverse = np.unique(
            np.concatenate([self.hashes, other.hashes]), return_inverse=True
        )
        counts = np.bincount(
            inverse, weights=np.concatenate([self.counts, other.counts]), minlength=len(hashes)
        ).astype(np.uint32)
        if len(hashes) > capacity:
            # the same eviction as LineSketch._prune: keep what is strictly above the cut
            keep = capacity // 2
            cut = np.sort(counts)[::-1][keep]
            mask = counts > cut
            hashes, counts = hashes[mask], counts[mask]
        return SiteLines(self.docs + other.docs, hashes, counts)

    def frequent(self, min_docs: int, min_share: float) -> np.ndarray:
        """Mask of the lines in at least ``min_docs`` and ``min_share`` of the documents."""
        return self.counts >= max(min_docs, min_share * self.docs)


@dataclass
class SiteCounts:
    """Pass-1 result: the counters of every site (for one file, or merged over many)."""

    capacity: int = DEFAULT_CAPACITY
    sites: dict[str, SiteLines] = field(default_factory=dict)

    def merge(self, other: SiteCounts) -> None:
        for site, lines in other.sites.items():
            mine = self.sites.get(site)
            self.sites[site] = lines if mine is None else mine.merged(lines, self.capacity)

    @property
    def entries(self) -> int:
        return sum(len(s.hashes) for s in self.sites.values())

    def templates(self, min_docs: int, min_share: float) -> dict[str, frozenset[int]]:
        out = {}
        for site, lines in self.sites.items():
            mask = lines.frequent(min_docs, min_share)
            if mask.any():
                out[site] = frozenset(lines.hashes[mask].tolist())
        return out

    def small_sites(self, confident_docs: int = CONFIDENT_DOCS) -> frozenset[str]:
        """Sites with fewer documents than a count needs to tell a frame line from a sentence
        a few of their stories share."""
        return frozenset(site for site, lines in self.sites.items() if lines.docs < confident_docs)

    def restrict(self, min_docs: int, min_share: float) -> SiteCounts:
        """Only the qualifying lines (with their counts), for handing to stage 1."""
        out = SiteCounts(self.capacity)
        for site, lines in self.sites.items():
            mask = lines.frequent(min_docs, min_share)
            if mask.any():
                out.sites[site] = SiteLines(lines.docs, lines.hashes[mask], lines.counts[mask])
        return out

    # --- persistence: one .npz holding the counters, so later batches keep accumulating ------

    def save(self, path: str | Path) -> None:
        names = sorted(self.sites)
        tables = [self.sites[s] for s in names]
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(path) as tmp, tmp.open("wb") as fh:
            np.savez_compressed(
                fh,
                format=np.array(FORMAT),
                capacity=np.array(self.capacity),
                sites=np.array(names, dtype=np.str_),
                docs=np.array([t.docs for t in tables], dtype=np.int64),
                sizes=np.array([len(t.hashes) for t in tables], dtype=np.int64),
                hashes=np.concatenate([t.hashes for t in tables] or [np.zeros(0, np.uint64)]),
                counts=np.concatenate([t.counts for t in tables] or [np.zeros(0, np.uint32)]),
            )

    @classmethod
    def load(cls, path: str | Path) -> SiteCounts:
        if not Path(path).is_file():
            # a ValueError, so that the CLI reports it as a usage error, not a traceback
            raise ValueError(f"templates file not found: {path}")
        with np.load(Path(path), allow_pickle=False) as data:
            if str(data["format"]) != FORMAT:
                raise ValueError(f"{path}: not a {FORMAT} file")
            result = cls(int(data["capacity"]))
            offsets = np.concatenate([[0], np.cumsum(data["sizes"])]).tolist()
            hashes, counts = data["hashes"], data["counts"]
            for i, (name, docs) in enumerate(
                zip(data["sites"].tolist(), data["docs"].tolist(), strict=True)
            ):
                a, b = offsets[i], offsets[i + 1]
                result.sites[name] = SiteLines(docs, hashes[a:b].copy(), counts[a:b].copy())
        return result


def document_lines(text: str) -> tuple[int | None, set[int]]:
    """The story key and the distinct hashes of the countable lines of one document."""
    longest = ""
    hashes: set[int] = set()
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if len(line) > len(longest):
            longest = line
        if len(line) <= MAX_TEMPLATE_CHARS:
            hashes.add(line_hash(line))
    return (line_hash(longest) if longest else None), hashes


def count_documents(docs: Iterable[Document], capacity: int = DEFAULT_CAPACITY) -> SiteCounts:
    """Pass 1 over some documents (usually one input file)."""
    sketches: dict[str, LineSketch] = {}
    site_ids: dict[str, int] = {}
    # one int per (site, story) pair: a set of ints costs ~70 bytes a key, of tuples ~190
    seen: set[int] = set()
    for doc in docs:
        site = site_key(doc)
        story, hashes = document_lines(doc.text)
        if story is None:
            continue
        site_id = site_ids.get(site)
        if site_id is None:
            site_id = site_ids[site] = line_hash(site)
        key = story ^ ((site_id * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF)
        if key in seen:
            continue
        if len(seen) >= STORY_MEMORY:
            seen.clear()
        seen.add(key)
        sketch = sketches.get(site)
        if sketch is None:
            sketch = sketches[site] = LineSketch(capacity)
        sketch.add_document(hashes)
    return SiteCounts(capacity, {s: SiteLines.from_sketch(k) for s, k in sketches.items()})


def merge_counts(parts: Iterable[SiteCounts], capacity: int = DEFAULT_CAPACITY) -> SiteCounts:
    total = SiteCounts(capacity)
    for part in parts:
        total.merge(part)
    return total


class TemplateFilter:
    """A BoilerplateCleaner line filter that removes the learned lines of the current site.

    Filters see only the page, so the clean stage calls ``select(doc)`` before cleaning each
    document. Per line the cost is one hash and one set lookup, and nothing for sites with no
    learned template.
    """

    def __init__(
        self, templates: dict[str, frozenset[int]], small_sites: frozenset[str] = frozenset()
    ) -> None:
        self.templates = templates
        # sites with too few documents for a count to tell a frame line from a story's
        # sentence: there only lines that look like furniture (not sentences) go
        self.small_sites = small_sites
        self._current: frozenset[int] = frozenset()
        self._furniture_only = False
        self._title: int | None = None  # hash of the metadata title, when there is one

    def __len__(self) -> int:
        return sum(len(v) for v in self.templates.values())

    def select(self, doc: Document) -> None:
        site = site_key(doc)
        self._current = self.templates.get(site, frozenset())
        self._furniture_only = site in self.small_sites
        title = doc.metadata.get("title")
        has_title = isinstance(title, str) and bool(title.strip())
        self._title = line_hash(title) if has_title and self._current else None

    def __call__(self, page: Page) -> Iterator[tuple[int, int, str]]:
        current = self._current
        if not current:
            return
        # the title is never a template: the line equal to the metadata title (compared by hash,
        # which the loop computes anyway), else the first non-blank line
        title_hash = self._title if self._title is not None else -1
        title_line = -1 if self._title is not None else self._first_nonblank(page)
        sentence = page.sentence if self._furniture_only else None
        first = last = -1
        for i, n in enumerate(page.length):
            if not n:
                continue  # a blank line neither breaks nor starts a run
            h = line_hash(page.stripped[i]) if n <= MAX_TEMPLATE_CHARS else -1
            if (
                h in current
                and h != title_hash
                and i != title_line
                and (sentence is None or not sentence[i])
            ):
                if first < 0:
                    first = i
                last = i
            elif first >= 0:
                yield first, last, RULE
                first = -1
        if first >= 0:
            yield first, last, RULE

    @staticmethod
    def _first_nonblank(page: Page) -> int:
        if page.length and page.length[0]:
            return 0
        nxt = page.next_nonblank(0)
        return -1 if nxt is None else nxt
