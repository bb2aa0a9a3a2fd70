"""Clusters of duplicates (union-find) and which member of each cluster is kept.

Everything per document is a numpy array (no Python object per document), so 10M documents
cost a few hundred MB here; signatures live in a ``SignatureStore`` that spills to disk.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cleaner.dedup.lsh import (
    SignatureStore,
    candidate_pairs,
    lsh_params,
    matching_fraction,
    new_spill_dir,
    sorted_unique,
)
from cleaner.dedup.minhash import exact_jaccard

# Signatures bigger than this are spilled to disk and searched band by band from there.
DEFAULT_MEMORY_BUDGET = 1 << 30
# Estimates within this many standard errors of the threshold are checked on the exact shingle
# sets when a ``shingles`` loader is given: the estimate alone misjudges pairs near the threshold.
VERIFY_SIGMAS = 3.0

# doc indices -> their shingle sets (None where the text is not at hand, e.g. --against index rows)
ShingleLoader = Callable[[np.ndarray], Sequence[np.ndarray | None]]


class UnionFind:
    """Union-find over the few documents that take part in pairs; roots are the smallest index."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller index becomes the root, so clusters do not depend on pair order
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class DedupResult:
    keep: np.ndarray  # bool per document
    cluster: np.ndarray  # index of the kept member of each document's cluster
    cluster_size: np.ndarray
    similarity: np.ndarray  # estimated Jaccard to the kept member (1.0 for exact duplicates)
    reason: list[str | None] = field(default_factory=list)  # None, "exact" or "near"
    pairs_checked: int = 0
    pairs_exact_checked: int = 0
    spilled: bool = False

    @property
    def removed(self) -> int:
        return int((~self.keep).sum())


def _key_array(exact_keys: Sequence[bytes] | np.ndarray) -> np.ndarray:
    """(n, 2) uint64 view of 16-byte keys, so they sort as numbers."""
    if isinstance(exact_keys, np.ndarray) and exact_keys.dtype == np.uint64:
        return exact_keys.reshape(-1, 2)
    if isinstance(exact_keys, np.ndarray):
        raw = exact_keys.astype("S16").tobytes()
    else:
        raw = b"".join(bytes(k).ljust(16, b"\0")[:16] for k in exact_keys)
    return np.frombuffer(raw, dtype=np.uint64).reshape(-1, 2)


def _exact_representative(keys: np.ndarray) -> np.ndarray:
    """For each document, the first document (input order) with the same key."""
    n = keys.shape[0]
    order = np.lexsort((np.arange(n), keys[:, 1], keys[:, 0]))
    k = keys[order]
    new_group = np.r_[True, (k[1:] != k[:-1]).any(axis=1)] if n else np.zeros(0, bool)
    group_start = np.maximum.accumulate(np.where(new_group, np.arange(n), 0))
    rep = np.empty(n, dtype=np.int64)
    rep[order] = order[group_start]
    return rep


def verify_pairs(
    store: SignatureStore, pairs: np.ndarray, threshold: float, shingles: ShingleLoader | None
) -> tuple[np.ndarray, int]:
    """Pairs whose (estimated, or near the threshold exact) Jaccard reaches the threshold."""
    estimate = matching_fraction(store, pairs)
    accept = estimate >= threshold
    if shingles is None or len(pairs) == 0:
        return pairs[accept], 0
    margin = VERIFY_SIGMAS * math.sqrt(threshold * (1 - threshold) / store.num_perm)
    unsure = np.flatnonzero(np.abs(estimate - threshold) < margin)
    # in chunks of pairs, so only a bounded number of shingle sets is held at once
    for s in range(0, unsure.size, 20_000):
        chunk = unsure[s : s + 20_000]
        docs = sorted_unique(pairs[chunk].ravel())
        sets = shingles(docs)
        where = {int(d): k for k, d in enumerate(docs)}
        for p in chunk:
            a, b = sets[where[int(pairs[p, 0])]], sets[where[int(pairs[p, 1])]]
            if a is not None and b is not None:
                accept[p] = exact_jaccard(a, b) >= threshold
    return pairs[accept], int(unsure.size)


def _kept_order(
    policy: str,
    members: np.ndarray,
    roots: np.ndarray,
    lengths: np.ndarray,
    dates: Sequence[str | None] | None,
    n_reference: int,
) -> np.ndarray:
    """``members`` sorted by cluster root, the member to keep first in each cluster."""
    idx = members
    keys: list[np.ndarray] = [idx]  # last tie-break: input order
    if policy == "longest":
        keys.append(-lengths[idx])
    elif policy == "newest":
        d = np.array([(dates[i] if dates is not None else None) or "" for i in idx], dtype=str)
        _, rank = np.unique(d, return_inverse=True)
        keys.append(-rank.astype(np.int64))
    # an already-published document (--against) is always the one kept
    keys.append((idx >= n_reference).astype(np.int8))
    keys.append(roots[idx])
    return idx[np.lexsort(keys)]


def deduplicate(
    exact_keys: Sequence[bytes] | np.ndarray,
    signatures: np.ndarray | SignatureStore | None,
    lengths: Sequence[int] | np.ndarray,
    *,
    threshold: float = 0.8,
    keep: str = "longest",
    dates: Sequence[str | None] | None = None,
    n_reference: int = 0,
    shingles: ShingleLoader | None = None,
    memory_budget: int = DEFAULT_MEMORY_BUDGET,
    spill_dir: Path | None = None,
) -> DedupResult:
    """Decide, for documents in input order, which ones to keep.

    Exact duplicates (equal keys) are merged first; near-duplicates are LSH candidates among the
    exact-duplicate representatives whose estimated Jaccard reaches ``threshold`` (checked on the
    exact shingle sets near the threshold when ``shingles`` loads them). The first
    ``n_reference`` documents are an already-published dataset: they are always kept and any
    other member of their cluster is removed.
    """
    keys = _key_array(exact_keys)
    n = keys.shape[0]
    lengths_arr = np.asarray(lengths, dtype=np.int64)
    rep = _exact_representative(keys) if n else np.zeros(0, np.int64)
    root = rep.copy()
    pairs_checked = exact_checked = 0
    spilled = False
    own_dir: Path | None = None
    if signatures is not None and n > 1:
        num_perm = (
            signatures.num_perm if isinstance(signatures, SignatureStore) else signatures.shape[1]
        )
        bands, rows = lsh_params(threshold, num_perm)
        if isinstance(signatures, SignatureStore):
            store = signatures
            if store.rows != rows:
                raise ValueError(f"signature store has {store.rows} rows per block, need {rows}")
        elif signatures.nbytes > memory_budget:
            own_dir = new_spill_dir(spill_dir)
            store = SignatureStore.from_array(signatures, rows, own_dir)
        else:
            store = SignatureStore.from_array(signatures, rows)
        spilled = store.spilled
        try:
            representatives = np.flatnonzero(rep == np.arange(n))
            pairs = candidate_pairs(store, bands, representatives)
            pairs_checked = len(pairs)
            verified, exact_checked = verify_pairs(store, pairs, threshold, shingles)
            root = _merge_near(rep, verified)
            similarity_source: SignatureStore | None = store
            result = _decide(keys, root, lengths_arr, dates, keep, n_reference, similarity_source)
        finally:
            if own_dir is not None:
                shutil.rmtree(own_dir, ignore_errors=True)
    else:
        result = _decide(keys, root, lengths_arr, dates, keep, n_reference, None)
    result.pairs_checked = pairs_checked
    result.pairs_exact_checked = exact_checked
    result.spilled = spilled
    return result


def _merge_near(rep: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Cluster root (smallest index) of every document after joining the verified pairs."""
    if len(pairs) == 0:
        return rep
    # union-find only over the documents that occur in pairs, renumbered 0..m-1
    nodes = sorted_unique(pairs.ravel())
    local = np.searchsorted(nodes, pairs)
    uf = UnionFind(len(nodes))
    for a, b in local.tolist():
        uf.union(a, b)
    local_root = np.array([uf.find(i) for i in range(len(nodes))], dtype=np.int64)
    new_rep = np.arange(rep.size, dtype=np.int64)
    new_rep[nodes] = nodes[local_root]  # nodes are sorted, so the local root is the smallest
    return new_rep[rep]


def _decide(
    keys: np.ndarray,
    root: np.ndarray,
    lengths: np.ndarray,
    dates: Sequence[str | None] | None,
    policy: str,
    n_reference: int,
    store: SignatureStore | None,
) -> DedupResult:
    n = root.size
    size = np.bincount(root, minlength=n)[root] if n else np.zeros(0, np.int64)
    keep_flags = np.ones(n, dtype=bool)
    cluster = np.arange(n, dtype=np.int64)
    similarity = np.ones(n, dtype=np.float32)
    reason: list[str | None] = [None] * n
    members = np.flatnonzero(size > 1)
    if members.size:
        ordered = _kept_order(policy, members, root, lengths, dates, n_reference)
        r = root[ordered]
        first = np.r_[True, r[1:] != r[:-1]]
        kept_of = ordered[np.maximum.accumulate(np.where(first, np.arange(r.size), 0))]
        cluster[ordered] = kept_of
        removed = ordered[~first & (ordered >= n_reference)]
        keep_flags[removed] = False
        kept = cluster[removed]
        same = (keys[removed] == keys[kept]).all(axis=1)
        for i, s in zip(removed.tolist(), same.tolist(), strict=True):
            reason[i] = "exact" if s else "near"
        near = removed[~same]
        if store is not None and near.size:
            pair = np.stack([near, cluster[near]], axis=1)
            similarity[near] = matching_fraction(store, pair).astype(np.float32)
    return DedupResult(keep_flags, cluster, size.astype(np.int64), similarity, reason)
