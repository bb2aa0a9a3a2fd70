"""Exact and near-duplicate removal: shingles, MinHash signatures, LSH banding, clusters."""

from cleaner.dedup.clusters import DedupResult, deduplicate
from cleaner.dedup.minhash import MinHasher, exact_key, normalise_for_dedup

__all__ = ["DedupResult", "MinHasher", "deduplicate", "exact_key", "normalise_for_dedup"]
