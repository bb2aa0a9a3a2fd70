"""Character shingles and MinHash signatures, hashed for a whole document at once with numpy.

The permutations are datasketch's own (same seed, same Mersenne-prime affine maps), so the
signatures we compute are interchangeable with ``datasketch.MinHash(hashvalues=...)``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
from datasketch import MinHash

_MERSENNE_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
_SPACES = re.compile(r"\s+")
# Rows of shingles hashed per block: bounds the (shingles x permutations) matrix on huge pages.
_BLOCK = 4096


def normalise_for_dedup(text: str) -> str:
    """NFC (decomposed jamo would triple every syllable), lower case, one space between words."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip().lower()


def exact_key(text: str) -> bytes:
    """16-byte digest of the normalised text: equal keys mean exact duplicates."""
    return hashlib.blake2b(normalise_for_dedup(text).encode("utf-8"), digest_size=16).digest()


def shingle_hashes(text: str, n: int) -> np.ndarray:
    """32-bit hashes of the distinct character n-grams of normalised text (vectorised)."""
    codes = np.frombuffer(normalise_for_dedup(text).encode("utf-32-le"), dtype=np.uint32)
    if codes.size == 0:
        return np.zeros(0, dtype=np.uint64)
    if codes.size < n:
        n = codes.size
    # Polynomial rolling hash over the n code points of each window, in wrapping uint64.
    windows = codes.size - n + 1
    acc = np.zeros(windows, dtype=np.uint64)
    base = np.uint64(0x100000001B3)
    for k in range(n):
        acc = acc * base + codes[k : k + windows].astype(np.uint64)
    # Mix the bits (splitmix64 finaliser) so that nearby shingles spread over 32 bits.
    acc ^= acc >> np.uint64(30)
    acc *= np.uint64(0xBF58476D1CE4E5B9)
    acc ^= acc >> np.uint64(27)
    acc *= np.uint64(0x94D049BB133111EB)
    acc ^= acc >> np.uint64(31)
    return np.unique(acc & _MAX_HASH)


class MinHasher:
    def __init__(self, num_perm: int = 128, shingle_size: int = 5, seed: int = 1) -> None:
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.seed = seed
        a, b = MinHash(num_perm=num_perm, seed=seed).permutations
        self._a = np.asarray(a, dtype=np.uint64)
        self._b = np.asarray(b, dtype=np.uint64)

    def signature(self, text: str) -> np.ndarray:
        hashes = shingle_hashes(text, self.shingle_size)
        result = np.full(self.num_perm, _MAX_HASH, dtype=np.uint64)
        for start in range(0, hashes.size, _BLOCK):
            block = hashes[start : start + _BLOCK, None]
            values = np.bitwise_and((block * self._a + self._b) % _MERSENNE_PRIME, _MAX_HASH)
            np.minimum(result, values.min(axis=0), out=result)
        return result

    def to_datasketch(self, signature: np.ndarray) -> MinHash:
        return MinHash(num_perm=self.num_perm, seed=self.seed, hashvalues=signature)
