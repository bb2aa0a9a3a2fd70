"""Clusters of duplicates (union-find) and which member of each cluster is kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from cleaner.dedup.lsh import candidate_pairs, lsh_params


class UnionFind:
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
    keep: list[bool]
    cluster: list[int]  # index of the kept member of each document's cluster
    cluster_size: list[int]
    similarity: list[float]  # estimated Jaccard to the kept member (1.0 for exact duplicates)
    reason: list[str | None] = field(default_factory=list)  # None, "exact" or "near"

    @property
    def removed(self) -> int:
        return self.keep.count(False)


def choose_kept(
    members: list[int], policy: str, lengths: Sequence[int], dates: Sequence[str | None]
) -> int:
    if policy == "first":
        return min(members)
    if policy == "newest":
        return max(members, key=lambda i: (dates[i] or "", -i))
    return max(members, key=lambda i: (lengths[i], -i))


def deduplicate(
    exact_keys: Sequence[bytes],
    signatures: np.ndarray | None,
    lengths: Sequence[int],
    *,
    threshold: float = 0.8,
    keep: str = "longest",
    dates: Sequence[str | None] | None = None,
) -> DedupResult:
    """Decide, for documents in input order, which ones to keep.

    Exact duplicates (equal keys) are merged first; near-duplicates are LSH candidates whose
    estimated Jaccard reaches ``threshold``.
    """
    n = len(exact_keys)
    dates = dates if dates is not None else [None] * n
    uf = UnionFind(n)
    first_of: dict[bytes, int] = {}
    exact_member = [False] * n
    for i, key in enumerate(exact_keys):
        if key in first_of:
            uf.union(first_of[key], i)
            exact_member[i] = True
        else:
            first_of[key] = i
    if signatures is not None and n > 1:
        bands, rows = lsh_params(threshold, signatures.shape[1])
        representatives = sorted(first_of.values())
        sub = signatures[representatives]
        for a, b in candidate_pairs(sub, bands, rows):
            ia, ib = representatives[a], representatives[b]
            if float(np.mean(signatures[ia] == signatures[ib])) >= threshold:
                uf.union(ia, ib)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    keep_flags = [True] * n
    cluster = list(range(n))
    size = [1] * n
    similarity = [1.0] * n
    reason: list[str | None] = [None] * n
    for members in groups.values():
        if len(members) == 1:
            continue
        kept = choose_kept(members, keep, lengths, dates)
        for i in members:
            cluster[i] = kept
            size[i] = len(members)
            if i != kept:
                keep_flags[i] = False
                same = exact_keys[i] == exact_keys[kept]
                reason[i] = "exact" if same else "near"
                if not same and signatures is not None:
                    similarity[i] = float(np.mean(signatures[i] == signatures[kept]))
    return DedupResult(keep_flags, cluster, size, similarity, reason)
