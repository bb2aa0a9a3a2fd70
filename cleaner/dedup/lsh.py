"""LSH banding: which documents are worth comparing, found by sorting band keys.

Signatures are kept as column blocks of ``rows`` permutations each (a band is one block), in
memory or spilled to one ``.npy`` file per block. Candidates are found one band at a time: the
band's columns are hashed to one 64-bit key per document, the keys are argsorted, and runs of
equal keys are buckets. So the memory of the search is one band (``rows`` x 4 bytes) plus its key
and order (16 bytes) per document, whatever the number of bands.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import numpy as np

# Buckets larger than this are linked as a chain and a star instead of all pairs: boilerplate
# stubs can fill one bucket with thousands of documents, and n^2 pairs would swamp memory.
MAX_BUCKET_PAIRS = 64


def lsh_params(threshold: float, num_perm: int, max_miss: float = 1e-3) -> tuple[int, int]:
    """(bands, rows): the most rows per band whose chance to miss a pair at ``threshold`` is small.

    A pair of Jaccard s shares at least one of b bands of r rows with probability
    1 - (1 - s^r)^b. Every candidate is verified afterwards, so we only need that curve near 1 at
    the threshold (recall); more rows per band keeps dissimilar pairs out of the candidates
    (work). For t=0.8 and 128 permutations this gives 25 bands of 5 rows: a miss chance of 5e-5
    at s=0.8.
    """
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if (1.0 - threshold**rows) ** bands <= max_miss:
            return bands, rows
    return num_perm, 1


class SignatureStore:
    """Signatures of n documents as column blocks, in memory or as ``.npy`` files on disk."""

    def __init__(self, num_perm: int, rows: int, directory: Path | None = None) -> None:
        self.num_perm = num_perm
        self.rows = rows
        self.n_blocks = math.ceil(num_perm / rows)
        self.n = 0
        self.directory = directory
        self._memory: list[list[np.ndarray]] = [[] for _ in range(self.n_blocks)]
        self._files = None
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            self._files = [open(self._path(b) + ".raw", "wb") for b in range(self.n_blocks)]  # noqa: SIM115

    @classmethod
    def from_array(
        cls, signatures: np.ndarray, rows: int, directory: Path | None = None
    ) -> SignatureStore:
        store = cls(signatures.shape[1], rows, directory)
        store.append(signatures)
        return store.close()

    @property
    def spilled(self) -> bool:
        return self.directory is not None

    def _path(self, block: int) -> str:
        assert self.directory is not None
        return str(self.directory / f"block-{block:03d}")

    def _cols(self, block: int) -> slice:
        return slice(block * self.rows, min((block + 1) * self.rows, self.num_perm))

    def append(self, signatures: np.ndarray) -> None:
        signatures = np.asarray(signatures, dtype=np.uint32)
        for b in range(self.n_blocks):
            part = np.ascontiguousarray(signatures[:, self._cols(b)])
            if self._files is not None:
                self._files[b].write(part.tobytes())
            else:
                self._memory[b].append(part)
        self.n += signatures.shape[0]

    def close(self) -> SignatureStore:
        if self._files is not None:
            for f in self._files:
                f.close()
            self._files = None
        else:
            width = [self._cols(b).stop - self._cols(b).start for b in range(self.n_blocks)]
            self._memory = [
                [np.vstack(parts) if parts else np.zeros((0, width[b]), np.uint32)]
                for b, parts in enumerate(self._memory)
            ]
        return self

    def block(self, b: int) -> np.ndarray:
        """(n, rows) uint32 columns of block ``b``, read whole (spilled) or shared (memory)."""
        if self.directory is None:
            return self._memory[b][0]
        width = self._cols(b).stop - self._cols(b).start
        return np.fromfile(self._path(b) + ".raw", dtype=np.uint32).reshape(self.n, width)

    def rows_of(self, index: np.ndarray) -> np.ndarray:
        """Full signatures of the documents ``index`` (for similarity figures of a few rows)."""
        return np.hstack([self.block(b)[index] for b in range(self.n_blocks)])


def band_keys(block: np.ndarray) -> np.ndarray:
    """One 64-bit key per row of a band: equal rows give equal keys (collisions are verified)."""
    key = np.full(block.shape[0], 0x9E3779B97F4A7C15, dtype=np.uint64)
    for c in range(block.shape[1]):
        key ^= block[:, c].astype(np.uint64)
        key *= np.uint64(0xBF58476D1CE4E5B9)
        key ^= key >> np.uint64(29)
    return key


def _bucket_pairs(order: np.ndarray, keys_sorted: np.ndarray) -> np.ndarray:
    """Pairs (as i << 32 | j, i < j) of documents in the same bucket of one band."""
    same = keys_sorted[1:] == keys_sorted[:-1]
    if not same.any():
        return np.zeros(0, dtype=np.uint64)
    starts = np.flatnonzero(np.r_[True, ~same])
    sizes = np.diff(np.r_[starts, keys_sorted.size])
    pairs: list[np.ndarray] = []
    # chain: every member with the next one, in all buckets (vectorised)
    a, b = order[:-1][same], order[1:][same]
    pairs.append(_pack(a, b))
    # all remaining pairs for buckets of 3..MAX_BUCKET_PAIRS members, one offset at a time
    small = (sizes >= 3) & (sizes <= MAX_BUCKET_PAIRS)
    s_start, s_size = starts[small], sizes[small]
    for offset in range(2, int(s_size.max(initial=0))):
        has = s_size > offset
        first = np.repeat(s_start[has], s_size[has] - offset)
        pos = first + _ranges(s_size[has] - offset)
        pairs.append(_pack(order[pos], order[pos + offset]))
    # star: large buckets also link every member to the first one
    for start, size in zip(
        starts[sizes > MAX_BUCKET_PAIRS], sizes[sizes > MAX_BUCKET_PAIRS], strict=True
    ):
        members = order[start : start + size]
        pairs.append(_pack(np.full(size - 1, members[0]), members[1:]))
    return np.concatenate(pairs)


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values: sort + compare, much faster than np.unique's hash path in numpy 2."""
    values = np.sort(values)
    if values.size < 2:
        return values
    return values[np.r_[True, values[1:] != values[:-1]]]


def _ranges(lengths: np.ndarray) -> np.ndarray:
    """Concatenation of arange(k) for every k in ``lengths``."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    return np.arange(total) - np.repeat(ends - lengths, lengths)


def _pack(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    lo, hi = np.minimum(a, b).astype(np.uint64), np.maximum(a, b).astype(np.uint64)
    return (lo << np.uint64(32)) | hi


def candidate_pairs(
    store: SignatureStore, bands: int, members: np.ndarray | None = None
) -> np.ndarray:
    """Distinct candidate pairs (k, 2) int64 of row indices that share at least one band.

    ``members`` restricts the search to those rows (exact-duplicate representatives). Each band's
    pairs are merged into the running set at once, so only one band's pairs are held besides it.
    """
    merged = np.zeros(0, dtype=np.uint64)
    index = members if members is not None else np.arange(store.n)
    for band in range(min(bands, store.n_blocks)):
        block = store.block(band)
        if block.shape[1] < store.rows:  # a short last block is not a band
            break
        keys = band_keys(block[index])
        del block
        order = np.argsort(keys)
        pairs = _bucket_pairs(index[order], keys[order])
        del keys, order
        if pairs.size:
            merged = sorted_unique(np.concatenate([merged, pairs]))
    return np.stack(
        [
            (merged >> np.uint64(32)).astype(np.int64),
            (merged & np.uint64(0xFFFFFFFF)).astype(np.int64),
        ],
        axis=1,
    )


def matching_fraction(store: SignatureStore, pairs: np.ndarray, chunk: int = 1 << 20) -> np.ndarray:
    """Estimated Jaccard (fraction of equal signature values) of each pair, block by block."""
    equal = np.zeros(len(pairs), dtype=np.int32)
    for b in range(store.n_blocks):
        block = store.block(b)
        for s in range(0, len(pairs), chunk):
            i, j = pairs[s : s + chunk, 0], pairs[s : s + chunk, 1]
            equal[s : s + chunk] += (block[i] == block[j]).sum(axis=1)
    return equal / store.num_perm


def new_spill_dir(parent: Path | None) -> Path:
    return Path(tempfile.mkdtemp(prefix="dedup-", dir=parent))
