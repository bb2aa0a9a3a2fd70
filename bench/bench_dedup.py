"""Near-duplicate removal: accuracy against brute force, throughput per core, peak memory.

Corpus for accuracy (BENCH_QUICK=1 takes the first ~4k documents instead of ~21k):
  * every document of ``near_dup_revisions.jsonl.gz`` (real revised versions of news articles),
  * every document of ``mixed_25mb.jsonl.gz``,
  * one generated variant of every 5th mixed document of 200+ characters, made by one to three
    of these edits (seeded, so the corpus is the same every run): replace the last line by a
    made-up footer line, delete one line, insert a made-up line in the middle, change 1-5
    characters to random Hangul syllables. Made-up lines are random syllables, not copied text.

Truth = every pair whose exact Jaccard over the same shingle sets (distinct character 5-grams of
the normalised text) reaches the threshold, found by prefix filtering (a pair with J >= t must
share one of the |A| - ceil(t|A|) + 1 rarest shingles of each set, so the candidate set is
complete) and a scipy sparse product, then checked exactly. Found = pairs the LSH search
verifies. Precision and recall are over pairs.

Memory: a subprocess builds N synthetic documents' signatures by perturbing real signatures of
the bulk corpus (each document copies a real signature and replaces each value with probability
0.9, or for 10 % of documents with a probability drawn from 0-0.3, which makes them
near-duplicates; 3 % repeat an earlier exact key), streams them into a disk-spilled signature
store, and runs ``deduplicate``; its peak RSS (ru_maxrss) is reported. This measures the dedup
stage, not text hashing (whose memory is per batch).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import BULK, ROOT, Figure, cpu_seconds, peak_rss_mib, quick, read_jsonl_gz
from cleaner.dedup import MinHasher, deduplicate, exact_key
from cleaner.dedup.clusters import verify_pairs
from cleaner.dedup.lsh import SignatureStore, candidate_pairs, lsh_params, sorted_unique
from cleaner.dedup.minhash import normalise_for_dedup

SUITE = "dedup"
THRESHOLD = 0.8
NUM_PERM = 128
SHINGLE = 5
SYLLABLES = "가나다라마바사아자차카타파하고노도로모보소오조초코토포호구누두루무부수우주추기니디리미비시이지치"


# --- corpus -------------------------------------------------------------------------------------


def _made_up_line(rng: random.Random) -> str:
    return " ".join("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(6))


def _variant(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for edit in rng.sample(["footer", "delete", "insert", "typo"], rng.randint(1, 3)):
        if edit == "footer":
            lines[-1] = _made_up_line(rng)
        elif edit == "delete" and len(lines) > 2:
            del lines[rng.randrange(len(lines))]
        elif edit == "insert":
            lines.insert(rng.randrange(len(lines) + 1), _made_up_line(rng))
        else:
            joined = list("\n".join(lines))
            for _ in range(rng.randint(1, 5)):
                joined[rng.randrange(len(joined))] = rng.choice(SYLLABLES)
            lines = "".join(joined).split("\n")
    return "\n".join(lines)


def corpus(small: bool) -> list[str]:
    rev_limit, mixed_limit = (1500, 2500) if small else (None, None)
    texts = [d["text"] for d in read_jsonl_gz(BULK / "near_dup_revisions.jsonl.gz", rev_limit)]
    mixed = [d["text"] for d in read_jsonl_gz(BULK / "mixed_25mb.jsonl.gz", mixed_limit)]
    rng = random.Random(20261123)
    variants = [_variant(t, rng) for i, t in enumerate(mixed) if i % 5 == 0 and len(t) >= 200]
    return texts + mixed + variants


# --- truth: exact Jaccard of all pairs, complete by prefix filtering -----------------------------


def brute_force_pairs(sets: list[np.ndarray], threshold: float) -> set[tuple[int, int]]:
    from scipy import sparse

    sizes = np.array([s.size for s in sets])
    doc = np.repeat(np.arange(len(sets)), sizes)
    flat = np.concatenate(sets)
    order = np.argsort(flat, kind="stable")
    new = np.r_[True, flat[order][1:] != flat[order][:-1]]
    col = np.empty(flat.size, dtype=np.int64)
    col[order] = np.cumsum(new) - 1
    df = np.bincount(col)
    # global order: rarest shingle first (ties by column id)
    rank_of_col = np.empty(df.size, dtype=np.int64)
    rank_of_col[np.lexsort((np.arange(df.size), df))] = np.arange(df.size)
    rank = rank_of_col[col]
    by_doc = np.lexsort((rank, doc))
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    position = np.arange(flat.size) - starts[doc[by_doc]]
    prefix_len = sizes - np.ceil(threshold * sizes - 1e-9).astype(np.int64) + 1
    in_prefix = position < prefix_len[doc[by_doc]]
    shape = (len(sets), df.size)
    ones = np.ones(int(in_prefix.sum()), dtype=np.int32)
    prefix = sparse.csr_matrix((ones, (doc[by_doc][in_prefix], col[by_doc][in_prefix])), shape)
    full = sparse.csr_matrix((np.ones(flat.size, np.int32), (doc, col)), shape)
    candidates = sparse.triu(prefix @ prefix.T, k=1).tocoo()
    i, j = candidates.row, candidates.col
    keep = (np.minimum(sizes[i], sizes[j]) >= threshold * np.maximum(sizes[i], sizes[j]) - 1e-9) | (
        (sizes[i] == 0) & (sizes[j] == 0)
    )
    i, j = i[keep], j[keep]
    truth: set[tuple[int, int]] = set()
    for s in range(0, i.size, 200_000):
        a, b = i[s : s + 200_000], j[s : s + 200_000]
        inter = np.asarray(full[a].multiply(full[b]).sum(axis=1)).ravel()
        jac = inter / (sizes[a] + sizes[b] - inter)
        ok = jac >= threshold
        truth.update(zip(a[ok].tolist(), b[ok].tolist(), strict=True))
    return truth


def _pr(found: set[tuple[int, int]], truth: set[tuple[int, int]]) -> tuple[float, float]:
    hit = len(found & truth)
    return hit / max(len(found), 1), hit / max(len(truth), 1)


# --- the contenders ------------------------------------------------------------------------------


def _char_shingles(text: str) -> list[bytes]:
    s = normalise_for_dedup(text)
    if len(s) < SHINGLE:
        return [s.encode()]
    return [g.encode() for g in {s[i : i + SHINGLE] for i in range(len(s) - SHINGLE + 1)}]


def datasketch_batch(texts: list[str]) -> list:
    from datasketch import MinHash

    out = []
    for t in texts:
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch(_char_shingles(t))
        out.append(m)
    return out


def datasketch_loop(texts: list[str]) -> list:
    from datasketch import MinHash

    out = []
    for t in texts:
        m = MinHash(num_perm=NUM_PERM)
        for g in _char_shingles(t):
            m.update(g)
        out.append(m)
    return out


def datasketch_pairs(minhashes: list) -> set[tuple[int, int]]:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    for i, m in enumerate(minhashes):
        lsh.insert(i, m)
    pairs = set()
    for i, m in enumerate(minhashes):
        for j in lsh.query(m):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def _union_count(pairs: set[tuple[int, int]], n: int) -> int:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[max(find(a), find(b))] = min(find(a), find(b))
    return sum(1 for i in range(n) if find(i) != i)


def datatrove_signer():
    """datatrove's MinhashDedupSignature hashing, or None when it cannot be imported.

    Its Korean word tokenizer (kiwipiepy) needs model files this machine cannot load, so words
    are split on whitespace (cheaper than Kiwi, so this flatters datatrove); its xxhash helper
    passes str where the installed xxhash wants bytes, so the shim encodes first.
    """
    try:
        import xxhash
        from datatrove.pipeline.dedup import minhash as dt
    except Exception:
        return None

    class Whitespace:
        def word_tokenize(self, text: str) -> list[str]:
            return text.split()

    dt.load_word_tokenizer = lambda _language: Whitespace()
    step = dt.MinhashDedupSignature(
        tempfile.gettempdir(),  # only get_shingles/get_signature are called: nothing is written
        config=dt.MinhashConfig(num_buckets=16, hashes_per_bucket=8),
        language="ko",
    )
    step._hash_func = lambda s: xxhash.xxh64_intdigest(s.encode("utf-8"))

    def sign(texts: list[str]) -> list:
        return [step.get_signature(sh) for t in texts if len(sh := step.get_shingles(t))]

    return sign


# --- memory, in a subprocess ---------------------------------------------------------------------


def _rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (VmHWM), so generating the input does not count."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _peak_mib() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return peak_rss_mib()


def memory_child(n: int, base_path: str) -> dict[str, float]:
    """Dedup of n synthetic documents from a disk-spilled store; returns peak RSS figures."""
    base = np.load(base_path)
    rng = np.random.default_rng(1)
    _, rows = lsh_params(THRESHOLD, NUM_PERM)
    work = Path(tempfile.mkdtemp(prefix="dedup-mem-"))
    store = SignatureStore(NUM_PERM, rows, work / "sig")
    keys = np.empty((n, 2), dtype=np.uint64)
    lengths = rng.integers(100, 5000, n)
    chunk = 10_000  # generation temporaries stay small next to the stage being measured
    for s in range(0, n, chunk):
        m = min(chunk, n - s)
        sig = base[rng.integers(0, len(base), m)]
        q = np.where(rng.random(m) < 0.1, rng.random(m) * 0.3, 0.9)
        replace = rng.random((m, NUM_PERM)) < q[:, None]
        sig[replace] = rng.integers(0, 2**32 - 1, int(replace.sum()), dtype=np.uint32)
        store.append(sig)
        keys[s : s + m] = rng.integers(0, 2**63, (m, 2), dtype=np.uint64)
        dup = np.flatnonzero(rng.random(m) < 0.03)
        if s + m > 1:
            keys[s + dup] = keys[rng.integers(0, max(s + dup.min(initial=1), 1), dup.size)]
    store.close()
    del base
    before = _rss_mib()
    reset = _reset_peak()
    cpu, result = cpu_seconds(
        lambda: deduplicate(keys, store, lengths, threshold=THRESHOLD, spill_dir=work)
    )
    peak = _peak_mib() if reset else peak_rss_mib()
    shutil.rmtree(work, ignore_errors=True)
    return {
        "docs": n,
        "peak_mib": peak,
        "before_mib": before,
        "cpu_s": cpu,
        "removed": result.removed,
        "pairs": result.pairs_checked,
    }


def _child(*args: str) -> dict[str, Any]:
    """Run a mode of this module in a fresh process (so its peak memory is its own) and return
    the JSON object it prints last."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "bench.bench_dedup", *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _memory_figures(n: int, base_path: Path) -> list[Figure]:
    m = _child("memory", str(n), str(base_path))
    label = f"{n // 1000}k" if n < 1_000_000 else f"{n // 1_000_000}M"
    note = f"{m['removed']:,} removed, {m['pairs']:,} candidate pairs, {m['cpu_s']:.0f} s CPU"
    return [
        Figure(SUITE, f"peak RSS dedup {label} docs", m["peak_mib"], "MiB", note),
        Figure(
            SUITE,
            f"dedup-stage RSS per 1M docs ({label})",
            (m["peak_mib"] - m["before_mib"]) * 1e6 / n,
            "MiB",
            f"peak minus RSS before the stage ({m['before_mib']:.0f} MiB), scaled",
        ),
    ]


def _perturbed_docs(n: int, folder: Path, per_file: int = 10_000) -> None:
    """n documents from the mixed bulk: Hangul syllables replaced by random ones with probability
    0.25 (a distinct document: its Jaccard to the source falls below 0.3), or, for 10 % of
    documents, a copy of one of the last 1000 documents with probability 0.005 (a near-duplicate). Files of
    ``per_file`` documents, as a crawl comes in many files."""
    import gzip

    source = [d["text"] for d in read_jsonl_gz(BULK / "mixed_25mb.jsonl.gz")]
    rng = np.random.default_rng(7)
    recent: list[str] = []  # near-duplicates copy one of the last 1000 documents written
    for start in range(0, n, per_file):
        with gzip.open(folder / f"in-{start:09d}.jsonl.gz", "wt", compresslevel=1) as fh:
            _write_perturbed(fh, source, rng, recent, start, min(n, start + per_file))


def _write_perturbed(fh, source: list[str], rng, recent: list[str], start: int, stop: int) -> None:
    for k in range(start, stop):
        near = recent and rng.random() < 0.1
        base = recent[int(rng.integers(len(recent)))] if near else source[k % len(source)]
        codes = np.frombuffer(base.encode("utf-32-le"), np.uint32).copy()
        hangul = (codes >= 0xAC00) & (codes <= 0xD7A3)
        hit = hangul & (rng.random(codes.size) < (0.005 if near else 0.25))
        codes[hit] = rng.integers(0xAC00, 0xD7A4, int(hit.sum()), dtype=np.uint32)
        text = codes.tobytes().decode("utf-32-le")
        recent.append(text)
        del recent[:-1000]
        fh.write(json.dumps({"id": f"p{k}", "text": text}, ensure_ascii=False) + "\n")


def pipeline_child(n: int, shard_rows: int) -> dict[str, float]:
    """The whole ``cleaner run`` (cleaning off, 2 workers) over n perturbed documents.

    The shard writer buffers up to ``shard_rows`` rows (as Python dicts) before writing a shard:
    that buffer is bounded, not per corpus, but at the default 100k rows it is most of the peak,
    so the suite also runs with 10k-row shards to show what grows with the corpus."""
    import resource

    from cleaner.config import Config
    from cleaner.run import run as pipeline_run

    folder = Path(tempfile.mkdtemp(prefix="dedup-pipe-"))
    (folder / "in").mkdir()
    _perturbed_docs(n, folder / "in")
    config = Config()
    config.clean.enabled = False
    config.input.workers = 2
    config.output.shard_rows = shard_rows
    reset = _reset_peak()
    started = time.time()
    result = pipeline_run([str(folder / "in")], folder / "out", config)
    stages = result.stats["stages"]
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak = _peak_mib() if reset else peak_rss_mib()
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "docs": n,
        "peak_mib": peak,
        "children_peak_mib": children,
        "seconds": time.time() - started,
        "removed": stages["exact_dedup"]["docs_removed"] + stages["near_dedup"]["docs_removed"],
        "short": stages["filter"]["docs_removed"],
    }


def _pipeline_figures(n: int, shard_rows: int = 100_000) -> list[Figure]:
    m = _child("pipeline", str(n), str(shard_rows))
    note = f"{m['removed']:,} duplicates, {m['short']:,} short, {m['seconds']:.0f} s wall, workers peak {m['children_peak_mib']:.0f} MiB"
    return [
        Figure(
            SUITE,
            f"peak RSS cleaner run {n // 1000}k docs, {shard_rows // 1000}k-row shards",
            m["peak_mib"],
            "MiB",
            note,
        ),
    ]


# --- the suite -----------------------------------------------------------------------------------


def run() -> list[Figure]:
    small = quick()
    figures: list[Figure] = []
    texts = corpus(small)
    n = len(texts)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    hasher = MinHasher(NUM_PERM, SHINGLE)
    note = f"{n:,} docs, {mb:.1f} MB, t={THRESHOLD}, {NUM_PERM} perm, char {SHINGLE}-grams"

    # accuracy ------------------------------------------------------------------------------
    sets = hasher.shingle_sets(texts)
    truth = brute_force_pairs(sets, THRESHOLD)
    signatures = hasher.signatures(texts)
    bands, rows = lsh_params(THRESHOLD, NUM_PERM)
    store = SignatureStore.from_array(signatures, rows)
    candidates = candidate_pairs(store, bands)
    est_only, _ = verify_pairs(store, candidates, THRESHOLD, None)
    verified, checked = verify_pairs(
        store, candidates, THRESHOLD, lambda idx: [sets[i] for i in idx]
    )
    for label, pairs in (("estimate", est_only), ("estimate+exact check", verified)):
        p, r = _pr(set(map(tuple, pairs.tolist())), truth)
        figures.append(Figure(SUITE, f"precision ours ({label})", p, "ratio", note))
        figures.append(
            Figure(SUITE, f"recall ours ({label})", r, "ratio", f"{len(truth):,} true pairs")
        )
    figures.append(
        Figure(
            SUITE,
            "candidate pairs ours",
            len(candidates),
            "pairs",
            f"{bands} bands x {rows} rows; {checked:,} checked exactly",
        )
    )
    ds = datasketch_batch(texts)
    p, r = _pr(datasketch_pairs(ds), truth)
    figures.append(Figure(SUITE, "precision datasketch MinHashLSH", p, "ratio", "no verification"))
    figures.append(Figure(SUITE, "recall datasketch MinHashLSH", r, "ratio", "no verification"))
    del ds

    # throughput (CPU seconds of this process) -----------------------------------------------
    sub = texts[: (600 if small else 3000)]
    sub_mb = sum(len(t.encode("utf-8")) for t in sub) / 1e6
    slow = sub[: len(sub) // 5]  # the plain update() loop is slow: a fifth of the sample
    slow_mb = sum(len(t.encode("utf-8")) for t in slow) / 1e6

    def rate(name: str, seconds: float, size_mb: float, docs: int, what: str) -> None:
        figures.append(Figure(SUITE, f"{name} MB/s/core", size_mb / seconds, "MB/s", what))
        figures.append(Figure(SUITE, f"{name} docs/s/core", docs / seconds, "docs/s", what))

    cpu, _ = cpu_seconds(lambda: hasher.signatures(texts))
    rate("signatures ours", cpu, mb, n, f"all {n:,} docs")
    cpu, _ = cpu_seconds(lambda: hasher.signatures(sub))
    rate("signatures ours (sample)", cpu, sub_mb, len(sub), f"{len(sub):,} docs")
    cpu, _ = cpu_seconds(lambda: datasketch_batch(sub))
    rate("signatures datasketch update_batch", cpu, sub_mb, len(sub), f"{len(sub):,} docs")
    cpu, _ = cpu_seconds(lambda: datasketch_loop(slow))
    rate("signatures datasketch update loop", cpu, slow_mb, len(slow), f"{len(slow):,} docs")
    sign = datatrove_signer()
    if sign is not None:
        cpu, _ = cpu_seconds(lambda: sign(sub))
        rate("signatures datatrove", cpu, sub_mb, len(sub), "word 5-grams, whitespace split")

    def ours_stage(batch: list[str]) -> int:
        keys = [exact_key(t) for t in batch]
        sigs = hasher.signatures(batch)
        loader_cache: dict[int, np.ndarray] = {}

        def loader(idx: np.ndarray) -> list[np.ndarray]:
            missing = [int(i) for i in idx if int(i) not in loader_cache]
            for i, s in zip(missing, hasher.shingle_sets([batch[i] for i in missing]), strict=True):
                loader_cache[i] = s
            return [loader_cache[int(i)] for i in idx]

        return deduplicate(keys, sigs, [len(t) for t in batch], shingles=loader).removed

    def datasketch_stage(batch: list[str], signer) -> int:
        return _union_count(datasketch_pairs(signer(batch)), len(batch))

    cpu, removed = cpu_seconds(lambda: ours_stage(texts))
    rate("whole dedup ours", cpu, mb, n, f"all {n:,} docs, {removed:,} removed")
    cpu, removed = cpu_seconds(lambda: ours_stage(sub))
    rate("whole dedup ours (sample)", cpu, sub_mb, len(sub), f"{removed:,} removed")
    cpu, removed = cpu_seconds(lambda: datasketch_stage(sub, datasketch_batch))
    rate("whole dedup datasketch batch+LSH", cpu, sub_mb, len(sub), f"{removed:,} removed")
    cpu, removed = cpu_seconds(lambda: datasketch_stage(slow, datasketch_loop))
    rate("whole dedup datasketch loop+LSH", cpu, slow_mb, len(slow), f"{removed:,} removed")

    # memory -----------------------------------------------------------------------------------
    base_path = Path(tempfile.mkdtemp(prefix="dedup-base-")) / "base.npy"
    np.save(base_path, signatures[len(signatures) // 3 :])  # real signatures, mostly mixed bulk
    for size in (20_000,) if small else (100_000, 1_000_000):
        figures.extend(_memory_figures(size, base_path))
    shutil.rmtree(base_path.parent, ignore_errors=True)
    for rows in (100_000, 10_000):
        figures.extend(_pipeline_figures(5_000 if small else 100_000, rows))
    return figures


def _check_groups() -> None:  # pragma: no cover - manual use: python -m bench.bench_dedup groups
    """Revision groups: how many within-group pairs reach each threshold, per shingle size."""
    docs = list(read_jsonl_gz(BULK / "near_dup_revisions.jsonl.gz"))
    groups: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        groups[d["group"]].append(i)
    for n in (3, 4, 5, 7, 9):
        sets = MinHasher(NUM_PERM, n).shingle_sets([d["text"] for d in docs])
        within = [
            len(np.intersect1d(sets[a], sets[b], assume_unique=True))
            / len(sorted_unique(np.concatenate([sets[a], sets[b]])))
            for members in groups.values()
            for k, a in enumerate(members)
            for b in members[k + 1 :]
        ]
        cross = brute_force_pairs(sets, 0.6)
        jac = {
            (a, b): len(np.intersect1d(sets[a], sets[b], assume_unique=True))
            / len(sorted_unique(np.concatenate([sets[a], sets[b]])))
            for a, b in cross
            if docs[a]["group"] != docs[b]["group"]
        }
        c = np.array(list(jac.values()) or [0.0])
        w = np.array(within)
        print(
            f"n={n}: within-group pairs {w.size}: share >=0.7 {np.mean(w >= 0.7):.3f}, "
            f">=0.8 {np.mean(w >= 0.8):.3f}, >=0.9 {np.mean(w >= 0.9):.3f}; cross-group pairs "
            f">=0.6 {np.sum(c >= 0.6)}, >=0.7 {np.sum(c >= 0.7)}, >=0.8 {np.sum(c >= 0.8)}",
            flush=True,
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["memory"]:
        print(json.dumps(memory_child(int(sys.argv[2]), sys.argv[3])))
    elif sys.argv[1:2] == ["pipeline"]:
        print(json.dumps(pipeline_child(int(sys.argv[2]), int(sys.argv[3]))))
    elif sys.argv[1:2] == ["groups"]:
        _check_groups()
    else:
        started = time.time()
        for f in run():
            print(f"{f.name:<45} {f.value:>14,.3f} {f.unit:<7} {f.note}")
        print(f"{time.time() - started:.0f} s", file=sys.stderr)
