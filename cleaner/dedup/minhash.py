"""Character shingles and MinHash signatures, computed for many documents at once with numpy.

Signatures are one-permutation MinHash (Li, Owen & Zhang 2012) with optimal densification
(Shrivastava 2017): every shingle is hashed once to 64 bits; the high half picks one of
``num_perm`` bins, the low half is the value, and each bin keeps its minimum. Empty bins (short
documents) borrow the value of a bin chosen by a fixed pseudo-random probe sequence, the same for
every document, so two documents agree on a bin with probability equal to their Jaccard
similarity, as with ``num_perm`` independent permutations. The cost is one hash per shingle
instead of ``num_perm``: that is what makes signatures run at tens of MB/s per core in numpy
(classic k-permutation hashing in numpy, and datasketch's ``update_batch``, run at 1-4 MB/s; see
``bench/bench_dedup.py``). Signatures are ``uint32`` and can be wrapped in a
``datasketch.MinHash`` (``to_datasketch``): its ``jaccard`` and ``MinHashLSH`` work unchanged.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash

EMPTY = np.uint32(0xFFFFFFFF)  # marks a bin no shingle fell into (before densification)
# Characters hashed per batch: bounds the per-character temporaries (about 40 bytes a character).
_BATCH_CHARS = 4_000_000
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def normalise_for_dedup(text: str) -> str:
    """NFC (decomposed jamo would triple every syllable), lower case, one space between words."""
    # str.split() splits on the same Unicode whitespace as \s+, several times faster than re.sub
    return " ".join(unicodedata.normalize("NFC", text).split()).lower()


def exact_key(text: str) -> bytes:
    """16-byte digest of the normalised text: equal keys mean exact duplicates."""
    return hashlib.blake2b(normalise_for_dedup(text).encode("utf-8"), digest_size=16).digest()


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, in place: spreads every input bit over all 64 output bits."""
    x ^= x >> np.uint64(30)
    x *= _M1
    x ^= x >> np.uint64(27)
    x *= _M2
    x ^= x >> np.uint64(31)
    return x


def _shingle_batch(texts: Sequence[str], n: int) -> tuple[np.ndarray, np.ndarray]:
    """(document index, 64-bit hash) of every character n-gram window of the batch, in order.

    All documents are concatenated and hashed in one pass; windows that cross a document boundary
    are dropped. A document shorter than ``n`` characters (but not empty) is one shingle: itself,
    padded with NUL.
    """
    normal = []
    for text in texts:
        s = normalise_for_dedup(text)
        if 0 < len(s) < n:
            s += "\0" * (n - len(s))
        normal.append(s)
    lens = np.fromiter((len(s) for s in normal), dtype=np.int64, count=len(normal))
    codes = np.frombuffer("".join(normal).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    windows = codes.size - n + 1
    if windows <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    # Polynomial hash of the n code points of each window, in wrapping uint64, in place.
    acc = codes[:windows].copy()
    base = np.uint64(0x100000001B3)
    for k in range(1, n):
        acc *= base
        acc += codes[k : k + windows]
    # the last n-1 windows of each document run into the next one: drop them
    ends = np.cumsum(lens)
    crossing = (ends[:, None] - np.arange(1, n)[None, :]).ravel()
    valid = np.ones(windows, dtype=bool)
    valid[crossing[(crossing >= 0) & (crossing < windows)]] = False
    counts = np.maximum(lens - n + 1, 0)
    doc = np.repeat(np.arange(len(normal), dtype=np.int64), counts)
    return doc, _mix(acc[valid])


def _probe_table(num_perm: int, seed: int, attempts: int) -> np.ndarray:
    """(attempts, num_perm) bins to borrow from: row k is the k-th probe of every empty bin."""
    j = np.arange(num_perm, dtype=np.uint64)[None, :]
    k = np.arange(attempts, dtype=np.uint64)[:, None]
    x = _mix((np.uint64(seed) << np.uint64(40)) ^ (k << np.uint64(20)) ^ j)
    return ((x >> np.uint64(32)) * np.uint64(num_perm) >> np.uint64(32)).astype(np.int64)


class MinHasher:
    def __init__(self, num_perm: int = 128, shingle_size: int = 5, seed: int = 1) -> None:
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.seed = seed
        self._salt = _mix(np.array([seed * 0x9E3779B97F4A7C15 % (1 << 64)], dtype=np.uint64))[0]
        self._probes = _probe_table(num_perm, seed, 64)

    # -- shingles --------------------------------------------------------------------------------

    def _hashes(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        doc, h = _shingle_batch(texts, self.shingle_size)
        if self.seed != 1:
            h = _mix(h ^ self._salt)
        return doc, h

    def shingle_sets(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Sorted distinct 64-bit shingle hashes of each text: the sets whose Jaccard we estimate."""
        doc, h = self._hashes(texts)
        order = np.lexsort((h, doc))
        doc, h = doc[order], h[order]
        keep = np.ones(h.size, dtype=bool)
        keep[1:] = (h[1:] != h[:-1]) | (doc[1:] != doc[:-1])
        doc, h = doc[keep], h[keep]
        bounds = np.searchsorted(doc, np.arange(len(texts) + 1))
        return [h[bounds[i] : bounds[i + 1]] for i in range(len(texts))]

    # -- signatures ------------------------------------------------------------------------------

    def signature(self, text: str) -> np.ndarray:
        return self.signatures([text])[0]

    def signatures(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), num_perm) uint32 signatures, computed in batches of a few MB of text."""
        out = np.empty((len(texts), self.num_perm), dtype=np.uint32)
        start = chars = 0
        for i, text in enumerate(texts):
            chars += len(text)
            if chars >= _BATCH_CHARS:
                out[start : i + 1] = self._batch(texts[start : i + 1])
                start, chars = i + 1, 0
        if start < len(texts):
            out[start:] = self._batch(texts[start:])
        return out

    def _batch(self, texts: Sequence[str]) -> np.ndarray:
        p = self.num_perm
        doc, h = self._hashes(texts)
        # bin from the high half (multiply-shift: uniform for any num_perm), value from the low half
        cell = doc * p + ((h >> np.uint64(32)) * np.uint64(p) >> np.uint64(32)).astype(np.int64)
        value = np.minimum((h & np.uint64(0xFFFFFFFF)).astype(np.uint32), EMPTY - np.uint32(1))
        sig = np.full(len(texts) * p, EMPTY, dtype=np.uint32)
        np.minimum.at(sig, cell, value)
        sig = sig.reshape(len(texts), p)
        self._densify(sig)
        return sig

    def _densify(self, sig: np.ndarray) -> None:
        """Fill empty bins from the original non-empty bins along a fixed probe sequence."""
        empty = sig == EMPTY
        rows = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
        if rows.size == 0:
            return
        original = sig[rows]
        filled = original.copy()
        # work only on the rows that still have empty bins: most are done after a few probes
        active = np.arange(rows.size)
        todo = empty[rows]
        attempt = 0
        while active.size:
            if attempt >= self._probes.shape[0]:
                self._probes = _probe_table(self.num_perm, self.seed, 2 * self._probes.shape[0])
            sub_todo = todo[active]
            borrowed = original[active][:, self._probes[attempt]]
            take = sub_todo & (borrowed != EMPTY)
            block = filled[active]
            block[take] = borrowed[take]
            filled[active] = block
            sub_todo &= ~take
            todo[active] = sub_todo
            active = active[sub_todo.any(axis=1)]
            attempt += 1
        sig[rows] = filled

    def to_datasketch(self, signature: np.ndarray) -> MinHash:
        return MinHash(num_perm=self.num_perm, seed=self.seed, hashvalues=signature)


def exact_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted distinct hash arrays (from ``MinHasher.shingle_sets``)."""
    if a.size == 0 and b.size == 0:
        return 1.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)
