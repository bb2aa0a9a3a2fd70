"""The dataset card (``OUT/README.md``): a Hugging Face YAML header and a body written from the run.

Everything in the card comes from files of the output folder (manifest, stats, shards,
removed.parquet, duplicates.parquet), so the card describes exactly what is being published.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq

from cleaner.io.atomic import write_text_atomic
from cleaner.io.shards import SHARD_SCHEMA
from cleaner.output.names import CARD, DUPLICATES, ERRORS, MANIFEST, REMOVED, SHARD_GLOB

# SHARD_GLOB is the card's data_files; the publish check resolves it against the manifest's shards.

# What each published column means. Kept next to the card writer because both the card and the
# project README show it; tests check that it covers SHARD_SCHEMA exactly.
COLUMN_DOCS: dict[str, str] = {
    "id": "document id (from the input, or generated from source file and record)",
    "text": "cleaned text: plain UTF-8, lines separated by \\n, boilerplate lines removed",
    "url": "page URL from the input, if any",
    "site": "host of the URL without www./m., or the configured site field",
    "source": "name of the input file the document came from",
    "record": "0-based record number inside that input file",
    "n_chars": "characters in `text`",
    "n_lines": "lines in `text`",
    "removed_rules": "sorted names of the rules that removed lines from this document",
    "removed_lines": "number of input lines removed",
    "removed_chars": "number of characters removed",
    "removals": "every removed block: rule, first_line and last_line (0-based, inclusive, in the "
    "input text) and the removed text",
    "rights_reservation": "the notice reserving the text from AI training or text-and-data "
    "mining, as written in the input (`AI 학습 이용 금지`, `No AI training`, …), null when none",
    "rights_reservation_line": "0-based line of that notice in the input text, null when none",
    "dup_cluster": "id of the kept document of its duplicate cluster, null when it had no duplicate",
    "dup_cluster_size": "documents in the duplicate cluster, 1 when unique",
    "metadata": "remaining input fields as a JSON object string, or null",
}

RULE_DOCS: dict[str, str] = {
    "min_chars": "whole documents shorter than `clean.min_chars` after cleaning",
}

_SIZE_CATEGORIES = [
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
    (100_000_000, "10M<n<100M"),
    (1_000_000_000, "100M<n<1B"),
    (10_000_000_000, "1B<n<10B"),
    (100_000_000_000, "10B<n<100B"),
    (1_000_000_000_000, "100B<n<1T"),
]
EXAMPLE_MAX_CHARS = 160
EXAMPLES_PER_RULE = 2
EXAMPLE_CANDIDATES = 50


def size_category(rows: int) -> str:
    for limit, name in _SIZE_CATEGORIES:
        if rows < limit:
            return name
    return "n>1T"


def _q(value: str) -> str:
    # a JSON string is a valid YAML double-quoted scalar, whatever characters it holds
    return json.dumps(value, ensure_ascii=False)


def card_header(manifest: dict[str, Any]) -> str:
    output = manifest["config"]["output"]
    lines = [
        "---",
        f"pretty_name: {_q(output['pretty_name'])}",
        "language:",
        "- ko",
        f"license: {_q(output['license'])}",
        "size_categories:",
        f"- {size_category(manifest['rows'])}",
        "task_categories:",
        "- text-generation",
        "task_ids:",
        "- language-modeling",
        "configs:",
        "- config_name: default",
        "  data_files:",
        "  - split: train",
        f"    path: {_q(SHARD_GLOB)}",
        "---",
    ]
    return "\n".join(lines) + "\n"


def _fmt(n: float) -> str:
    return f"{n:,.0f}"


def _docs(n: int) -> str:
    return f"{n:,} document" + ("" if n == 1 else "s")


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    def cell(v: Any) -> str:
        return str(v).replace("|", "\\|").replace("\n", " ")

    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return out


def rule_examples(
    removed: Iterable[dict[str, Any]],
    rules: Collection[str] = (),
    per_rule: int = EXAMPLES_PER_RULE,
) -> dict[str, list[str]]:
    """Up to ``per_rule`` distinct removed texts per rule, short one-liners first.

    Looks at the first ``EXAMPLE_CANDIDATES`` distinct texts of each rule and stops reading
    once every rule in ``rules`` has that many, so a large removed.parquet is not read whole.
    """
    candidates: dict[str, list[str]] = {}
    for row in removed:
        text = row["text"].strip()
        seen = candidates.setdefault(row["rule"], [])
        if text and len(seen) < EXAMPLE_CANDIDATES and text not in seen:
            seen.append(text)
            if rules and all(len(candidates.get(r, [])) >= EXAMPLE_CANDIDATES for r in rules):
                break
    examples = {}
    for rule, texts in candidates.items():
        if not texts:
            continue
        # one-line, short spans read best in a card; long ones are cut, never dropped silently
        ranked = sorted(texts, key=lambda t: ("\n" in t, len(t) > EXAMPLE_MAX_CHARS))
        examples[rule] = [_shorten(t) for t in ranked[:per_rule]]
    return examples


def _shorten(text: str) -> str:
    lines = [line for line in text.split("\n") if line.strip()]
    shown = " ⏎ ".join(lines[:3]) + (" ⏎ …" if len(lines) > 3 else "")
    return shown if len(shown) <= EXAMPLE_MAX_CHARS else shown[: EXAMPLE_MAX_CHARS - 1] + "…"


def iter_rows(path: Path, columns: list[str]) -> Iterator[dict[str, Any]]:
    """Rows of a Parquet file in batches (nothing when it is absent): memory stays bounded."""
    if not path.exists():
        return
    for batch in pq.ParquetFile(path).iter_batches(batch_size=8192, columns=columns):
        yield from batch.to_pylist()


def value_counts(paths: list[Path], column: str) -> Counter[Any]:
    counts: Counter[Any] = Counter()
    for path in paths:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=65536, columns=[column]):
            for item in pc.value_counts(batch.column(0)).to_pylist():
                counts[item["values"]] += item["counts"]
    return counts


def card_body(out: Path, manifest: dict[str, Any], stats: dict[str, Any]) -> str:
    config = manifest["config"]
    st = stats["stages"]
    shard_paths = [out / shard["file"] for shard in manifest["shards"]]
    detector_rules = [r for r in stats["rules"] if r not in RULE_DOCS]
    examples = rule_examples(iter_rows(out / REMOVED, ["rule", "text"]), detector_rules)
    lines: list[str] = [
        f"# {config['output']['pretty_name']}",
        "",
        f"Korean web text cleaned by cleaner {manifest['version']}: boilerplate lines removed "
        "(each removal recorded with its rule), too-short documents dropped, and exact and near "
        f"duplicates removed. {_docs(manifest['rows'])} in {len(manifest['shards'])} "
        f"Parquet shard(s), {_fmt(st['write']['bytes'])} bytes.",
        "",
        "```python",
        "from datasets import load_dataset",
        "",
        f'ds = load_dataset("parquet", data_files="{SHARD_GLOB}", split="train")',
        "```",
        "",
        "## Sources",
        "",
    ]
    lines += _table(
        ["input file", "bytes", "sha256"],
        [
            [Path(i["file"]).name, _fmt(i["bytes"]), f"`{(i['sha256'] or '')[:16]}`"]
            for i in manifest["inputs"]
        ],
    )
    sites = Counter({site or "(none)": n for site, n in value_counts(shard_paths, "site").items()})
    lines += ["", f"Published documents by site ({len(sites)} sites, top 20):", ""]
    lines += _table(["site", "documents"], [[s, _fmt(n)] for s, n in sites.most_common(20)])

    lines += [
        "",
        "## What was removed",
        "",
        f"{_docs(st['read']['docs'])} ({_fmt(st['read']['chars'])} characters) read; "
        f"{_fmt(st['read']['errors'])} records could not be read (see `{ERRORS}`). "
        f"Cleaning removed {_fmt(st['clean']['chars_removed'])} characters of boilerplate; "
        f"dropped as shorter than {config['clean']['min_chars']} characters after cleaning: "
        f"{_docs(st['filter']['docs_removed'])}. Every removed block is in "
        f"`{REMOVED}` (id, site, source, record, rule, line range, text).",
        "",
    ]
    rules = sorted(stats["rules"].items(), key=lambda kv: -kv[1]["chars"])
    lines += _table(
        ["rule", "documents", "lines", "characters"],
        [[f"`{r}`", _fmt(c["docs"]), _fmt(c["lines"]), _fmt(c["chars"])] for r, c in rules],
    )
    lines += ["", "Examples (real removed text from this run; ⏎ marks a line break):", ""]
    for rule, _ in rules:
        if rule in RULE_DOCS:
            lines.append(f"- `{rule}`: {RULE_DOCS[rule]}")
            continue
        if rule not in examples:
            lines.append(f"- `{rule}`: (no example: {REMOVED} was not written)")
        for text in examples.get(rule, []):
            lines.append(f"- `{rule}`: `{text.replace('`', 'ʼ')}`")

    d = config["dedup"]
    sizes = {k: n for k, n in value_counts(shard_paths, "dup_cluster_size").items() if (k or 1) > 1}
    near_n, near_sum = 0, 0.0
    for r in iter_rows(out / DUPLICATES, ["similarity", "reason"]):
        if r["reason"] == "near":
            near_n, near_sum = near_n + 1, near_sum + r["similarity"]
    lines += [
        "",
        "## Deduplication",
        "",
        f"- exact (identical cleaned text): {'on' if d['exact'] else 'off'}; "
        f"{_docs(st['exact_dedup']['docs_removed'])} removed",
        f"- near (MinHash LSH, {d['num_perm']} permutations, {d['shingle_size']}-character "
        f"shingles, Jaccard ≥ {d['threshold']}): {'on' if d['near'] else 'off'}; "
        f"{_docs(st['near_dedup']['docs_removed'])} removed"
        + (f", mean estimated similarity {near_sum / near_n:.3f}" if near_n else ""),
        f"- kept member of each cluster: `{d['keep']}`",
        f"- published {_docs(sum(sizes.values()))} with duplicates; cluster sizes: "
        + (", ".join(f"{k}: {_fmt(v)}" for k, v in sorted(sizes.items())) or "none"),
        f"- removed duplicates and the id they were folded into: `{DUPLICATES}`",
        "",
        "## Document lengths",
        "",
        "Characters per document, before cleaning (all documents read) and after (published).",
        "",
    ]
    before, after = stats["lengths"]["before"], stats["lengths"]["after"]
    lines += _table(
        ["", "documents", "characters", "mean"],
        [
            ["before", _fmt(before["docs"]), _fmt(before["chars"]), before["mean"]],
            ["after", _fmt(after["docs"]), _fmt(after["chars"]), after["mean"]],
        ],
    )
    lines.append("")
    buckets = sorted(
        set(before["histogram"]) | set(after["histogram"]), key=lambda b: int(b.lstrip("<"))
    )
    lines += _table(
        ["length", "before", "after"],
        [
            [b, _fmt(before["histogram"].get(b, 0)), _fmt(after["histogram"].get(b, 0))]
            for b in buckets
        ],
    )
    lines += ["", "## Schema", ""]
    lines += _table(
        ["column", "type", "meaning"],
        [[f"`{f.name}`", f"`{f.type}`", COLUMN_DOCS[f.name]] for f in SHARD_SCHEMA],
    )
    lines += [
        "",
        "## How it was made",
        "",
        f"- tool: cleaner {manifest['version']} (Python {manifest['python']})",
        f"- command: `{manifest.get('command') or '(called from the Python API)'}`",
        f"- config hash: `{manifest['config_hash']}`",
        "",
        "Configuration:",
        "",
        "```json",
        json.dumps(config, ensure_ascii=False, indent=2),
        "```",
        "",
        f"`{MANIFEST}` records the sha256 of every input file and shard; "
        "`cleaner verify` re-checks the shards against it.",
        "",
    ]
    return "\n".join(lines)


def write_card(out: Path, manifest: dict[str, Any], stats: dict[str, Any]) -> Path:
    """Write ``OUT/README.md``; no timestamp, so the same run gives the same card."""
    path = out / CARD
    write_text_atomic(path, card_header(manifest) + "\n" + card_body(out, manifest, stats))
    return path
