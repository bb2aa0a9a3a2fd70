"""LSH banding: which documents are worth comparing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import numpy as np
from datasketch.lsh import _optimal_param


def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising datasketch's weighted false-positive / false-negative area.

    False negatives are weighted 3:1 because every candidate is verified afterwards: a false
    positive costs one comparison, a false negative is a duplicate left in the corpus.
    """
    return _optimal_param(threshold, num_perm, 0.25, 0.75)


def candidate_pairs(signatures: np.ndarray, bands: int, rows: int) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) that share at least one band; each pair at most once."""
    seen: set[tuple[int, int]] = set()
    for band in range(bands):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        chunk = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows])
        for i, row in enumerate(chunk):
            buckets[row.tobytes()].append(i)
        for members in buckets.values():
            if len(members) < 2:
                continue
            for a_pos, a in enumerate(members):
                for b in members[a_pos + 1 :]:
                    pair = (a, b)
                    if pair not in seen:
                        seen.add(pair)
                        yield pair
