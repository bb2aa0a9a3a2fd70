"""Exact and near-duplicate removal on generated Korean-like text (no publisher text is copied)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from cleaner.config import Config
from cleaner.dedup import MinHasher, deduplicate, exact_key
from cleaner.dedup.lsh import SignatureStore, candidate_pairs, lsh_params
from cleaner.dedup.minhash import exact_jaccard
from cleaner.run import run

SYLLABLES = "가나다라마바사아자차카타파하고노도로모보소오조초코토포호구누두루무부수우주추쿠투푸후기니디리미비시이지치키티피히"


def story(seed: int, sentences: int = 30) -> str:
    """A made-up 'article': random words of random syllables, deterministic per seed."""
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        words = ["".join(rng.choices(SYLLABLES, k=rng.randint(1, 4))) for _ in range(8)]
        out.append(" ".join(words) + "다.")
    return "\n".join(out)


FOOTER_A = "무단 전재 및 재배포 금지 ⓒ 가상일보 제보는 카톡으로"
FOOTER_B = "저작권자 가상뉴스 무단복제 금지 기자 홍길동 구독 좋아요"


def dedup_texts(texts: list[str], **kwargs):
    hasher = MinHasher()
    return deduplicate(
        [exact_key(t) for t in texts], hasher.signatures(texts), [len(t) for t in texts], **kwargs
    )


def test_exact_duplicates_are_merged_whatever_the_whitespace():
    a = story(1)
    texts = [a, "  " + a.replace("\n", " \n\n "), story(2)]
    result = dedup_texts(texts, keep="first")
    assert result.keep.tolist() == [True, False, True]
    assert result.reason[1] == "exact"
    assert result.cluster.tolist() == [0, 0, 2]
    assert result.cluster_size.tolist() == [2, 2, 1]
    assert result.similarity[1] == 1.0


def test_near_duplicates_with_edited_footers_are_one_cluster():
    body = story(3)
    texts = [body + "\n" + FOOTER_A, body + "\n" + FOOTER_B, body, story(4)]
    result = dedup_texts(texts, keep="longest")
    sizes = result.cluster_size.tolist()
    assert sizes[:3] == [3, 3, 3] and sizes[3] == 1
    kept = max(range(3), key=lambda i: (len(texts[i]), -i))
    assert result.keep.tolist() == [i == kept for i in range(3)] + [True]
    assert all(result.reason[i] == "near" for i in range(3) if i != kept)
    assert all(0.8 <= result.similarity[i] < 1.0 for i in range(3) if i != kept)


def test_distinct_stories_with_shared_boilerplate_are_kept():
    # a third of each document is the same site chrome: Jaccard stays far below 0.8
    chrome = story(99, sentences=12)
    texts = [chrome + "\n" + story(10 + i, sentences=24) + "\n" + chrome for i in range(6)]
    result = dedup_texts(texts)
    assert result.keep.all()
    assert (result.cluster_size == 1).all()


def test_keep_policies():
    body = story(5)
    texts = [body, body + "\n" + FOOTER_A, body + "\n짧은 꼬리"]
    dates = ["2024-01-02", "2023-05-01", "2024-03-09"]
    assert dedup_texts(texts, keep="first").keep.tolist() == [True, False, False]
    assert dedup_texts(texts, keep="longest").keep.tolist() == [False, True, False]
    newest = dedup_texts(texts, keep="newest", dates=dates)
    assert newest.keep.tolist() == [False, False, True]
    assert newest.cluster.tolist() == [2, 2, 2]


def test_same_input_gives_same_clusters():
    rng = random.Random(7)
    texts = []
    for i in range(40):
        base = story(100 + i % 15)
        texts.append(base + ("\n" + FOOTER_A if rng.random() < 0.5 else ""))
    first = dedup_texts(texts)
    again = dedup_texts(list(texts))
    assert first.cluster.tolist() == again.cluster.tolist()
    assert first.keep.tolist() == again.keep.tolist()
    assert first.removed == 25


def test_spill_path_with_a_tiny_memory_budget_matches_memory(tmp_path):
    texts = [story(200 + i % 20) + ("\n" + FOOTER_B if i % 3 else "") for i in range(60)]
    in_memory = dedup_texts(texts)
    spilled = dedup_texts(texts, memory_budget=1, spill_dir=tmp_path)
    assert not in_memory.spilled and spilled.spilled
    assert spilled.cluster.tolist() == in_memory.cluster.tolist()
    assert spilled.keep.tolist() == in_memory.keep.tolist()
    assert list(tmp_path.iterdir()) == []  # its spill folder is removed afterwards


def test_store_blocks_on_disk_equal_the_array(tmp_path):
    sigs = np.random.default_rng(0).integers(0, 2**32, (50, 128), dtype=np.uint32)
    store = SignatureStore.from_array(sigs, 5, tmp_path / "s")
    assert (store.rows_of(np.arange(50)) == sigs).all()
    assert len(list((tmp_path / "s").iterdir())) == store.n_blocks


def test_lsh_candidates_find_band_collisions():
    sigs = np.random.default_rng(1).integers(0, 2**32, (6, 128), dtype=np.uint32)
    sigs[4, :5] = sigs[1, :5]  # one shared band (rows 0-4)
    bands, rows = lsh_params(0.8, 128)
    pairs = candidate_pairs(SignatureStore.from_array(sigs, rows), bands)
    assert pairs.tolist() == [[1, 4]]
    # recall at the threshold drives the choice: miss chance at s = t is tiny
    assert (1 - 0.8**rows) ** bands < 1e-3 and bands * rows <= 128


def test_estimate_tracks_exact_jaccard():
    hasher = MinHasher()
    a = story(300)
    lines = a.split("\n")
    b = "\n".join([*lines[:24], story(301, 6)])
    sa, sb = hasher.shingle_sets([a, b])
    exact = exact_jaccard(sa, sb)
    sig = hasher.signatures([a, b, "짧다"])
    assert abs(float((sig[0] == sig[1]).mean()) - exact) < 0.1
    assert (sig != 0xFFFFFFFF).all()  # short documents are densified, no empty bin left
    assert (hasher.signature(a) == sig[0]).all()


def test_exact_check_near_the_threshold_overrules_the_estimate():
    body = story(400, sentences=40)
    lines = body.split("\n")
    texts = [body, "\n".join([*lines[:-4], story(401, 4)])]
    hasher = MinHasher()
    sets = hasher.shingle_sets(texts)
    exact = exact_jaccard(*sets)
    calls = []

    def loader(idx):
        calls.append(idx.tolist())
        return [sets[i] for i in idx]

    threshold = round(exact, 3) + 0.001  # just above the true Jaccard: must not merge
    result = dedup_texts(texts, threshold=threshold, shingles=loader)
    assert calls and result.keep.all()
    result = dedup_texts(texts, threshold=round(exact, 3) - 0.001, shingles=loader)
    assert result.removed == 1


# --- pipeline, across runs ------------------------------------------------------------------------


def _write_jsonl(path: Path, docs: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs) + "\n", "utf-8")
    return path


def _config(**dedup) -> Config:
    config = Config()
    config.clean.enabled = False
    config.input.workers = 1
    for key, value in dedup.items():
        setattr(config.dedup, key, value)
    return config


def test_pipeline_rows_carry_clusters_and_duplicates_file(tmp_path):
    body = story(500)
    docs = [
        {"id": "a", "text": body},
        {"id": "b", "text": body + "\n" + FOOTER_A},
        {"id": "c", "text": story(501)},
        {"id": "d", "text": story(501)},
    ]
    out = tmp_path / "out"
    run([str(_write_jsonl(tmp_path / "in.jsonl", docs))], out, _config())
    rows = pq.read_table(out / "data" / "train-00000.parquet").to_pylist()
    got = {r["id"]: (r["dup_cluster"], r["dup_cluster_size"]) for r in rows}
    assert got == {"b": ("b", 2), "c": ("c", 2)}
    dups = {r["id"]: r for r in pq.read_table(out / "audit" / "duplicates.parquet").to_pylist()}
    assert dups["a"]["kept_id"] == "b" and dups["a"]["reason"] == "near"
    assert dups["d"]["kept_id"] == "c" and dups["d"]["reason"] == "exact"
    assert pq.read_table(out / "index" / "signatures.parquet").column("id").to_pylist() == [
        "b",
        "c",
    ]


@pytest.mark.parametrize("field", ["date", "published"])
def test_pipeline_keep_newest_reads_the_configured_date_field(tmp_path, field):
    """`--keep newest --date-field FIELD` keeps the copy with the latest FIELD, wherever it is."""
    body = story(800)
    docs = [
        {"id": "old", "text": body, field: "2021-03-01"},
        {"id": "new", "text": body, field: "2024-11-30"},
        {"id": "mid", "text": body, field: "2023-06-15"},
    ]
    out = tmp_path / "out"
    run(
        [str(_write_jsonl(tmp_path / "in.jsonl", docs))],
        out,
        _config(keep="newest", date_field=field),
    )
    rows = pq.read_table(out / "data" / "train-00000.parquet").to_pylist()
    assert [(r["id"], r["dup_cluster"], r["dup_cluster_size"]) for r in rows] == [("new", "new", 3)]
    dups = {
        r["id"]: r["kept_id"]
        for r in pq.read_table(out / "audit" / "duplicates.parquet").to_pylist()
    }
    assert dups == {"old": "new", "mid": "new"}


@pytest.mark.parametrize("with_index", [True, False])
def test_against_removes_what_was_already_published(tmp_path, with_index):
    first = [{"id": f"old{i}", "text": story(600 + i)} for i in range(5)]
    out1 = tmp_path / "out1"
    run([str(_write_jsonl(tmp_path / "one.jsonl", first))], out1, _config())
    if not with_index:  # an output of an older version: re-signed from its shards' text
        (out1 / "index" / "signatures.parquet").unlink()
    second = [
        {"id": "new-near", "text": story(601) + "\n" + FOOTER_B},
        {"id": "new-exact", "text": story(603)},
        {"id": "fresh", "text": story(700)},
    ]
    out2 = tmp_path / "out2"
    run(
        [str(_write_jsonl(tmp_path / "two.jsonl", second))],
        out2,
        _config(against=str(out1)),
    )
    rows = pq.read_table(out2 / "data" / "train-00000.parquet").to_pylist()
    assert [r["id"] for r in rows] == ["fresh"]
    dups = {r["id"]: r for r in pq.read_table(out2 / "audit" / "duplicates.parquet").to_pylist()}
    assert dups["new-near"]["kept_id"] == "old1" and dups["new-near"]["reason"] == "near"
    assert dups["new-exact"]["kept_id"] == "old3" and dups["new-exact"]["reason"] == "exact"


def test_real_revisions_pairs_match_brute_force():
    """On real revised news articles (read at run time, never copied), the pairs found equal the
    exact all-pairs answer at t=0.8."""
    import gzip

    from scipy import sparse

    from cleaner.dedup.clusters import verify_pairs

    path = (
        Path(__file__).resolve().parent.parent.parent
        / "shared/eval/bulk/near_dup_revisions.jsonl.gz"
    )
    if not path.exists():
        pytest.skip(f"{path} is not available beside the checkout")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(700), fh, strict=False)]
    hasher = MinHasher()
    sets = hasher.shingle_sets(texts)
    flat = np.concatenate(sets)
    _, col = np.unique(flat, return_inverse=True)
    rows = np.repeat(np.arange(len(sets)), [s.size for s in sets])
    x = sparse.csr_matrix((np.ones(flat.size), (rows, col)))
    inter = (x @ x.T).toarray()
    sizes = np.array([s.size for s in sets])
    jac = inter / (sizes[:, None] + sizes[None, :] - inter)
    truth = {(int(a), int(b)) for a, b in zip(*np.nonzero(np.triu(jac >= 0.8, 1)), strict=True)}
    assert len(truth) > 100
    bands, r = lsh_params(0.8, 128)
    store = SignatureStore.from_array(hasher.signatures(texts), r)
    found, _ = verify_pairs(
        store, candidate_pairs(store, bands), 0.8, lambda idx: [sets[i] for i in idx]
    )
    assert set(map(tuple, found.tolist())) == truth
