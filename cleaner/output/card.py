"""The dataset card (``OUT/README.md``): a Hugging Face YAML header and a body written from the run.

The figures in the card come from files of the output folder (manifest, stats, shards,
removed.parquet, duplicates.parquet), so the card describes exactly what is being published;
the known limitations of the boilerplate rules come from the project's own evaluation
(``bench/results.json``, written by ``make bench``), read when the card is written. The
header follows the Hub's conventions (``hub_metadata.py``), checked offline by
``cleaner publish``. Its sections follow the Hub's dataset-card template: uses, structure,
sources, processing, limitations, personal information, licensing, citation.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cleaner.io.atomic import write_text_atomic
from cleaner.io.shards import SHARD_SCHEMA
from cleaner.output.names import (
    CARD,
    DUPLICATES,
    ERRORS,
    FILTERED,
    MANIFEST,
    PII,
    REMOVED,
    SHARD_GLOB,
)
from cleaner.output.stats_view import (
    NO_SITE,
    QUALITY_FILTERS,
    SiteRow,
    document_drops,
    drop_reason,
    drops_to_show,
    funnel,
    line_rules,
    site_rows,
)

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

# The load example names the dataset once it is known: `cleaner publish --dataset USER/NAME`
# writes the name over this placeholder (angle brackets: it can never be a real repository).
DATASET_PLACEHOLDER = "<user>/<dataset>"
# The body's sections, after the Hub's dataset-card template (huggingface_hub
# templates/datasetcard_template.md); publishing notes any a publisher removed.
CARD_SECTIONS = (
    "How to use",
    "Uses",
    "Dataset structure",
    "Sources",
    "Processing",
    "Bias, risks and limitations",
    "Personal and sensitive information",
    "Licensing",
    "Citation",
    "How it was made",
)
TOP_SITES = 20
# the libraries whose code shapes the output, with the step they serve
LIBRARIES = {
    "pyarrow": "Parquet reading and writing",
    "numpy": "MinHash signatures and LSH",
    "pyahocorasick": "marker cues of the boilerplate rules",
    "charset-normalizer": "decoding of non-UTF-8 inputs",
    "trafilatura": "main text of HTML inputs",
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
    """The YAML header: what the Hub indexes. Values follow ``hub_metadata``'s tables."""
    output = manifest["config"]["output"]
    lines = [
        "---",
        f"pretty_name: {_q(output['pretty_name'])}",
        "language:",
        "- ko",
        f"license: {_q(output['license'])}",
    ]
    if output["license"] == "other":
        lines += [
            f"license_name: {_q(output.get('license_name') or '')}",
            f"license_link: {_q(output.get('license_link') or '')}",
        ]
    lines += [
        "annotations_creators:",
        "- machine-generated",  # the provenance columns come from rules, no person labelled
        "language_creators:",
        "- found",  # web text, as its sites published it
        "multilinguality:",
        "- monolingual",
        "source_datasets:",
        *[f"- {_q(name)}" for name in source_datasets(manifest)],
        "size_categories:",
        f"- {size_category(manifest['rows'])}",
        "task_categories:",
        "- text-generation",
        "task_ids:",
        "- language-modeling",
        *card_configs(manifest),
        "---",
    ]
    return "\n".join(lines) + "\n"


def load_example(dataset: str | None) -> list[str]:
    """How to load the dataset: from the Hub by name, or from the output folder itself."""
    return [
        "```python",
        "from datasets import load_dataset",
        "",
        f'ds = load_dataset("{dataset or DATASET_PLACEHOLDER}", split="train")',
        "",
        "# or from a copy of this folder",
        f'ds = load_dataset("parquet", data_files="{SHARD_GLOB}", split="train")',
        "```",
    ]


def source_datasets(manifest: dict[str, Any]) -> list[str]:
    """``[output] source_datasets``, else the Hub datasets read as ``hf://datasets/…`` inputs,
    else ``original`` (the inputs are not a Hub dataset)."""
    named = manifest["config"]["output"].get("source_datasets")
    if named:
        return list(named)
    found = []
    for item in manifest.get("inputs", []):
        match = re.match(r"hf://datasets/([^/@]+/[^/@]+)", str(item["file"]))
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return found or ["original"]


# the audit files a run wrote are further configs of the dataset, beside the documents
AUDIT_CONFIGS = {
    "removed": REMOVED,
    "filtered": FILTERED,
    "duplicates": DUPLICATES,
    "pii": PII,
}


def card_configs(manifest: dict[str, Any]) -> list[str]:
    """The ``configs`` of the card's header: the shards as the default config, and each audit
    file the manifest lists as a config of its own (the signature index is none)."""
    written = {e["file"] for e in manifest.get("side_files", []) if isinstance(e, dict)}
    configs = [("default", SHARD_GLOB)]
    configs += [(name, path) for name, path in AUDIT_CONFIGS.items() if path in written]
    lines = ["configs:"]
    for name, path in configs:
        lines += [f"- config_name: {name}", "  data_files:", "  - split: train"]
        lines.append(f"    path: {_q(path)}")
    return lines


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


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


@dataclass(frozen=True)
class Evaluation:
    """The boilerplate figures of a ``bench/results.json``: when it was written, the
    development set's score and, per group of the project's own labelled pages, the score
    before any rule was tuned on them (first look) and now."""

    source: str
    when: str
    dev: tuple[float, float] | None  # (boilerplate recall, content-line loss)
    groups: list[tuple[str, float | None, float | None, float | None, float | None]]


_GROUP_FIGURE = re.compile(r"^(\S+) (recall|content-line loss) \((first look|now)\)$")


def default_evaluation_path() -> Path | None:
    """The project's own ``bench/results.json`` when cleaner runs from its source checkout."""
    path = Path(__file__).resolve().parents[2] / "bench" / "results.json"
    return path if path.is_file() else None


def read_evaluation(path: Path | None) -> Evaluation | None:
    """The figures of a ``bench/results.json``, or None without one (or without figures)."""
    if path is None:
        return None
    try:
        results = json.loads(Path(path).read_text(encoding="utf-8"))
        figures = {f["name"]: f["value"] for f in results["figures"] if f["suite"] == "general"}
        when = str(results.get("when", "?"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    groups: dict[str, dict[tuple[str, str], float]] = {}
    for name, value in figures.items():
        match = _GROUP_FIGURE.match(name)
        if match:
            group, measure, moment = match.groups()
            groups.setdefault(group, {})[(measure, moment)] = value
    dev = None
    if "dev recall" in figures and "dev content-line loss" in figures:
        dev = (figures["dev recall"], figures["dev content-line loss"])
    if dev is None and not groups:
        return None
    rows = [
        (
            group,
            values.get(("recall", "first look")),
            values.get(("content-line loss", "first look")),
            values.get(("recall", "now")),
            values.get(("content-line loss", "now")),
        )
        for group, values in groups.items()
    ]
    return Evaluation(str(path), when, dev, rows)


def library_versions() -> dict[str, str]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def published_by_site(shard_paths: list[Path]) -> tuple[Counter[str], Counter[str]]:
    """Published documents and characters per site (``NO_SITE`` for none), read columnwise."""
    docs: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    for path in shard_paths:
        for batch in pq.ParquetFile(path).iter_batches(
            batch_size=65536, columns=["site", "n_chars"]
        ):
            table = pa.table({"site": batch.column(0), "n": batch.column(1)})
            for row in table.group_by("site").aggregate([("n", "sum"), ("n", "count")]).to_pylist():
                docs[row["site"] or NO_SITE] += row["n_count"]
                chars[row["site"] or NO_SITE] += row["n_sum"]
    return docs, chars


def card_body(
    out: Path,
    manifest: dict[str, Any],
    stats: dict[str, Any],
    evaluation: Evaluation | None = None,
    dataset: str | None = None,
) -> str:
    config = manifest["config"]
    st = stats["stages"]
    shard_paths = [out / shard["file"] for shard in manifest["shards"]]
    rules = sorted(line_rules(stats).items(), key=lambda kv: -kv[1]["chars"])
    reasons = list(drops_to_show(stats))
    examples = rule_examples(iter_rows(out / REMOVED, ["rule", "text"]), [r for r, _ in rules])
    published, published_chars = published_by_site(shard_paths)
    rows, total = site_rows(stats, published, published_chars, TOP_SITES)
    rights = stats.get("rights", {"docs": 0, "by_kind": {}, "dropped": 0})
    flagged = sum(
        n for notice, n in value_counts(shard_paths, "rights_reservation").items() if notice
    )
    read = st["read"]
    lines: list[str] = [
        f"# {config['output']['pretty_name']}",
        "",
        f"Korean web text cleaned by [cleaner](#how-it-was-made) {manifest['version']}: "
        f"{_docs(manifest['rows'])} in {len(manifest['shards'])} Parquet shard(s) "
        f"({_fmt(st['write']['bytes'])} bytes), from {_docs(read['docs'])} read in "
        f"{len(manifest['inputs'])} input file(s) of {len(stats.get('sites', {})) or 'unknown'} "
        "site(s). Page furniture (menus, bylines, copyright and tip-line footers, board "
        "listings, comment widgets) was removed line by line, each removal recorded with the "
        "rule that made it; documents left too short were dropped, and exact and near "
        "duplicates removed.",
        "",
        "## How to use",
        "",
        *load_example(dataset),
        "",
        "One split, `train`. Each row is one document; `text` is the cleaned text, and the "
        "other columns say where it came from and what was removed from it (see *Dataset "
        "structure*). Documents whose publisher reserved them from AI training or text and "
        "data mining are flagged in `rights_reservation` (see *Licensing*): "
        '`ds.filter(lambda row: row["rights_reservation"] is None)` leaves them out.',
        "",
        "## Uses",
        "",
        "- **Intended:** pre-training and continued pre-training of Korean language models, "
        "and research on Korean web text and its cleaning; the provenance columns let a user "
        "audit or undo any removal.",
        "- **Out of scope:** republishing the articles and posts as a news archive; treating "
        "their content as verified fact; profiling the people they name; any use the "
        "publishers' terms forbid (see *Licensing*).",
        "",
        "## Dataset structure",
        "",
    ]
    lines += _table(
        ["column", "type", "meaning"],
        [[f"`{f.name}`", f"`{f.type}`", COLUMN_DOCS[f.name]] for f in SHARD_SCHEMA],
    )
    lines += ["", "## Sources", "", "Input files (sha256 in `manifest.json`):", ""]
    lines += _table(
        ["input file", "bytes", "sha256"],
        [
            [Path(i["file"]).name, _fmt(i["bytes"]), f"`{(i['sha256'] or '')[:16]}`"]
            for i in manifest["inputs"]
        ],
    )
    lines += [
        "",
        f"Source datasets: {', '.join(source_datasets(manifest))}. What became of each "
        f"site's documents (top {TOP_SITES} by documents read):",
        "",
    ]
    lines += _site_table(rows, total, reasons)
    lines += ["", "## Processing", ""]
    lines += _processing(config, manifest, stats, rules, examples, dedup_facts(out, shard_paths))
    lines += ["", "What each stage left (percentages of what was read):", ""]
    lines += _table(
        ["stage", "documents", "%", "characters", "%"],
        [
            [
                stage.name,
                _fmt(stage.docs),
                _pct(stage.docs, read["docs"]),
                "–" if stage.chars is None else _fmt(stage.chars),
                "–" if stage.chars is None else _pct(stage.chars, read["chars"]),
            ]
            for stage in funnel(stats)
        ],
    )
    lines += [
        "",
        "Characters per document, before cleaning (all documents read) and after (published):",
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
    lines += ["", "## Bias, risks and limitations", ""]
    lines += _limitations(stats, rows, total, evaluation)
    lines += [
        "",
        "## Personal and sensitive information",
        "",
        *(
            pii_section(stats)
            or [
                "The texts are news articles, blog and community posts as published: they name "
                "people, quote them, and may hold contact details, user names and opinions. "
                "Reporter bylines and e-mail lines, tip-line contacts and comment sections were "
                "removed as page furniture where the rules recognised them "
                f"({_removed_lines(stats, ('byline', 'tipline', 'comments'))} lines here), but "
                "no anonymisation was applied to the body text, and nothing was removed because "
                "it named a person. Remove or mask personal data before any use that needs it "
                "(`cleaner run --pii mask`)."
            ]
        ),
        "",
        "## Licensing",
        "",
    ]
    lines += _licensing(config, rights, flagged)
    lines += [
        "",
        "## Citation",
        "",
        "```bibtex",
        "@misc{" + _bibtex_key(config["output"]["pretty_name"]) + ",",
        "  title        = {" + config["output"]["pretty_name"] + "},",
        "  howpublished = {\\url{https://huggingface.co/datasets/"
        + (dataset or DATASET_PLACEHOLDER)
        + "}},",
        f"  note         = {{Korean web text cleaned with cleaner {manifest['version']}}}",
        "}",
        "```",
        "",
        "Cite the sources as well: the texts are their publishers' (see *Sources*).",
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


def _site_table(rows: list[SiteRow], total: SiteRow, reasons: list[str]) -> list[str]:
    """Per site: documents read, dropped whole (per reason), lost to cleaning errors (only
    when there were any), removed as duplicates, published. Rows sum to the total row."""
    if not rows:
        return ["(per-site counts are not in this stats.json)"]
    failed = total.failed > 0
    header = ["site", "read", *[f"dropped: {drop_reason(r).label}" for r in reasons]]
    header += [*(["cleaning errors"] if failed else []), "duplicates", "published", "% published"]
    body = []
    for row in [*rows, total]:
        name = "(none)" if row.site == NO_SITE else row.site
        body.append(
            [
                f"**{name}**" if row is total else name,
                _fmt(row.read),
                *[_fmt(row.dropped.get(r, 0)) for r in reasons],
                *([_fmt(row.failed)] if failed else []),
                _fmt(row.duplicates),
                _fmt(row.published),
                _pct(row.published, row.read),
            ]
        )
    return _table(header, body)


@dataclass(frozen=True)
class DedupFacts:
    sizes: dict[int, int]  # cluster size -> published documents with duplicates
    near_mean: float | None  # mean estimated similarity of the near duplicates removed


def dedup_facts(out: Path, shard_paths: list[Path]) -> DedupFacts:
    sizes = {k: n for k, n in value_counts(shard_paths, "dup_cluster_size").items() if (k or 1) > 1}
    near_n, near_sum = 0, 0.0
    for r in iter_rows(out / DUPLICATES, ["similarity", "reason"]):
        if r["reason"] == "near":
            near_n, near_sum = near_n + 1, near_sum + r["similarity"]
    return DedupFacts(sizes, near_sum / near_n if near_n else None)


def _processing(
    config: dict[str, Any],
    manifest: dict[str, Any],
    stats: dict[str, Any],
    rules: list[tuple[str, dict[str, int]]],
    examples: dict[str, list[str]],
    dedup: DedupFacts,
) -> list[str]:
    """The steps in order, each with its settings and what it did."""
    st, inp, clean, d = stats["stages"], config["input"], config["clean"], config["dedup"]
    versions = library_versions()
    rights = stats.get("rights", {"docs": 0, "by_kind": {}, "dropped": 0})
    kinds = ", ".join(f"{k}: {_fmt(n)}" for k, n in rights["by_kind"].items())
    lines = [
        f"Every step ran in cleaner {manifest['version']}, with "
        + ", ".join(f"{name} {versions[name]} ({why})" for name, why in LIBRARIES.items())
        + ".",
        "",
        "### 1. Read",
        "",
        f"{_docs(st['read']['docs'])} and {_fmt(st['read']['chars'])} characters read, the "
        f"text from the field `{inp['text_field']}`, the id from `{inp['id_field']}`, the URL "
        f"from `{inp['url_field']}`; documents over {_fmt(inp['max_doc_chars'])} characters "
        f"{'cut' if inp['oversized'] == 'truncate' else 'skipped'}. "
        f"{_fmt(st['read']['errors'])} records could not be read (see `{ERRORS}`).",
        "",
        "### 2. Rights notices",
        "",
        "Every original text was searched for a notice reserving it from AI training or text "
        f"and data mining (before cleaning): {_docs(rights['docs'])} carried one"
        + (f" ({kinds})" if kinds else "")
        + ".",
    ]
    if not clean["enabled"]:
        lines += ["", "### 3. Boilerplate lines", "", "Not removed (`[clean] enabled = false`)."]
    else:
        settings = f"detectors `{', '.join(clean['detectors'])}`"
        if clean["disable"]:
            settings += f", disabled `{', '.join(clean['disable'])}`"
        if clean["templates"]:
            settings += (
                f", per-site templates learned (a line on at least {clean['template_min_docs']}"
                f" pages and {clean['template_min_share']:.0%} of its site's pages)"
            )
        if clean["templates_in"]:
            settings += f", templates from `{Path(clean['templates_in']).name}`"
        lines += [
            "",
            "### 3. Boilerplate lines",
            "",
            f"Removed with {settings}: {_fmt(st['clean']['chars_removed'])} characters. Every removed block is in "
            f"`{REMOVED}` (id, site, source, record, rule, line range, text) and in the row's "
            "`removals`.",
            "",
        ]
        lines += _table(
            ["rule", "documents", "lines", "characters"],
            [[f"`{r}`", _fmt(c["docs"]), _fmt(c["lines"]), _fmt(c["chars"])] for r, c in rules],
        )
        lines += ["", "Examples (real removed text from this run; ⏎ marks a line break):", ""]
        for rule, _ in rules:
            if rule not in examples:
                lines.append(f"- `{rule}`: (no example: {REMOVED} was not written)")
            for text in examples.get(rule, []):
                lines.append(f"- `{rule}`: `{text.replace('`', 'ʼ')}`")
    lines += [
        "",
        "### 4. Whole documents dropped",
        "",
        "After cleaning, each under the first reason that applies (their removed lines stay in "
        f"`{REMOVED}`; each document, with what was measured and the threshold, in "
        f"`{FILTERED}`):",
        "",
    ]
    drops = document_drops(stats)
    thresholds = config.get("filter", {})
    shown = drops_to_show(stats)
    lines += _table(
        ["reason", "documents", "characters left", "why"],
        [
            [
                f"`{reason}`",
                _fmt(c["docs"]),
                _fmt(c["chars"]),
                drop_reason(reason).meaning
                + (
                    f" ({thresholds[reason]})"
                    if reason in QUALITY_FILTERS and reason in thresholds
                    else ""
                ),
            ]
            for reason, c in shown.items()
        ],
    )
    if quiet := [r for r in drops if r not in shown]:
        lines += [
            "",
            "Document filters that ran and dropped nothing: "
            + ", ".join(f"`{r}`" for r in quiet)
            + ".",
        ]
    lines += [
        "",
        "### 5. Duplicates",
        "",
        f"Removed over all inputs together, keeping the `{d['keep']}` member of each cluster:",
        "",
        "- exact (identical cleaned text after NFC, lower-casing and whitespace folding): "
        f"{'on' if d['exact'] else 'off'}; {_docs(st['exact_dedup']['docs_removed'])} removed",
        f"- near (MinHash LSH, {d['num_perm']} permutations, {d['shingle_size']}-character "
        f"shingles, Jaccard ≥ {d['threshold']}, pairs near it checked exactly): "
        f"{'on' if d['near'] else 'off'}; {_docs(st['near_dedup']['docs_removed'])} removed"
        + (f", mean estimated similarity {dedup.near_mean:.3f}" if dedup.near_mean else ""),
    ]
    if d.get("against"):
        lines.append(f"- also against the earlier output `{Path(d['against']).name}`")
    lines += [
        f"- published {_docs(sum(dedup.sizes.values()))} with duplicates; cluster sizes: "
        + (", ".join(f"{k}: {_fmt(v)}" for k, v in sorted(dedup.sizes.items())) or "none"),
        f"- every removed duplicate and the id it was folded into: `{DUPLICATES}`",
        "",
        "### 6. Written",
        "",
        f"{_docs(st['write']['docs'])} in {st['write']['shards']} shard(s) of at "
        f"most {_fmt(config['output']['shard_rows'])} rows, `{config['output']['compression']}`"
        " compression, in input order.",
    ]
    return lines


def _limitations(
    stats: dict[str, Any], rows: list[Any], total: Any, evaluation: Evaluation | None
) -> list[str]:
    lines = []
    if rows and total.published:
        top = sorted(rows[: min(5, len(rows))], key=lambda r: -r.published)
        share = sum(r.published for r in top) / total.published
        lines += [
            f"- **Sites.** The {len(top)} sites with the most documents read hold "
            f"{share:.0%} of the published documents; what they publish and how they write "
            "shapes the corpus (see *Sources*). No language identification or quality "
            "filter ran: the documents are what the inputs held, minus furniture.",
        ]
    lines += [
        "- **Boilerplate rules.** The rules recognise the shape of page furniture, and keep a "
        "line when in doubt; on sites unlike those they were measured on they miss furniture "
        "(sidebars, listings no rule names) and take content that looks like it (short "
        "posts, key-value notices, one-cell-per-line tables, lists). Every removal is in "
        "`removals`, so a user can check a site and put lines back.",
    ]
    if evaluation is None:
        lines += [
            "",
            "The project measures the rules on labelled pages with `make bench`; its figures "
            "(`bench/results.json` in the cleaner repository) were not available where this "
            "card was written. Pass them with `[output] evaluation` to quote them here.",
        ]
        return lines
    lines += [
        "",
        f"Measured by the cleaner project on line-labelled pages (`{Path(evaluation.source).name}`, "
        f"written by `make bench` on {evaluation.when}). *Boilerplate recall* is the share of "
        "furniture lines removed; *content-line loss* the share of article lines removed. "
        "*First look* scores pages before any rule was tuned on them: the estimate for a site "
        "nobody has looked at.",
        "",
    ]
    table = []
    if evaluation.dev is not None:
        table.append(["development set", "", "", _num(evaluation.dev[0]), _num(evaluation.dev[1])])
    for group, recall_first, loss_first, recall_now, loss_now in evaluation.groups:
        table.append(
            [group, _num(recall_first), _num(loss_first), _num(recall_now), _num(loss_now)]
        )
    lines += _table(
        ["pages", "recall, first look", "loss, first look", "recall", "content-line loss"], table
    )
    return lines


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _removed_lines(stats: dict[str, Any], rules: tuple[str, ...]) -> str:
    return _fmt(sum(stats["rules"].get(r, {}).get("lines", 0) for r in rules))


def _licensing(config: dict[str, Any], rights: dict[str, Any], flagged: int) -> list[str]:
    output = config["output"]
    if output["license"] == "other":
        named = f"`other` (`{output['license_name']}`, {output['license_link']})"
    else:
        named = f"`{output['license']}`"
    kinds = ", ".join(f"{k} {_fmt(n)}" for k, n in rights["by_kind"].items())
    dropped = (
        f"{_docs(rights['dropped'])} were dropped (`--drop-reserved`)"
        if config["clean"].get("drop_reserved")
        else "none was dropped (`--drop-reserved` was off)"
    )
    return [
        f"The license given for this dataset is {named}. The texts themselves were written "
        "and published by the sites listed under *Sources* and remain theirs: this dataset "
        "does not license them. Check each source's terms before use; news articles are "
        "usually all rights reserved.",
        "",
        f"**Reservations of AI training and text and data mining.** {_docs(rights['docs'])} "
        "read carried a notice reserving the text from AI training or text and data mining "
        f"(`AI 학습 이용 금지`, `No AI training`, …){f'; by kind: {kinds}' if kinds else ''}; "
        f"{dropped}. Of the published documents, {_fmt(flagged)} carry it in the columns "
        "`rights_reservation` (the notice as written) and `rights_reservation_line` (its line "
        "in the original text); the notice line leaves `text` when a boilerplate rule removes "
        "it, as it does the Korean copyright footers (see the row's `removals`).",
    ]


def _bibtex_key(name: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return key or "dataset"


# --- personal data (cleaner/pii): kept apart so the card's own code stays as it is ----------


def pii_section(stats: dict[str, Any]) -> list[str]:
    """The *Personal and sensitive information* paragraph when the run scrubbed personal data
    (``[pii]``): what was masked or dropped, per type; empty otherwise."""
    pii = stats.get("pii")
    if not pii:
        return []
    masked = [kind for kind, t in pii["types"].items() if t["mode"] != "off"]
    off = [kind for kind, t in pii["types"].items() if t["mode"] == "off"]
    lines = [
        "The texts are news articles, blog and community posts as published: they name people "
        "and quote them. After cleaning, personal data of these types was replaced by typed "
        f"placeholders (`<전화번호>`, `<이메일>`, …) or dropped the document holding it: "
        f"{', '.join(f'`{k}`' for k in masked)}"
        + (f" (not scrubbed: {', '.join(f'`{k}`' for k in off)})" if off else "")
        + ", in the published text and in the removed lines alike. The rules find numbers and "
        "addresses by their shape, check digits and context words; names, street addresses "
        "and other identifying text are not touched. Every replacement is listed in "
        f"`{PII}` (id, type, rule, span), without the value.",
        "",
    ]
    lines += _table(
        ["type", "mode", "in texts", "documents", "in removed lines", "documents dropped"],
        [
            [
                f"`{kind}`",
                t["mode"],
                _fmt(t["spans"]),
                _fmt(t["docs"]),
                _fmt(t["removed_spans"]),
                _fmt(t["docs_dropped"]),
            ]
            for kind, t in pii["types"].items()
        ],
    )
    return lines


def write_card(
    out: Path,
    manifest: dict[str, Any],
    stats: dict[str, Any],
    evaluation: Path | None = None,
    dataset: str | None = None,
) -> Path:
    """Write ``OUT/README.md``; no timestamp, so the same run gives the same card.

    ``evaluation`` is a ``bench/results.json`` (default: ``[output] evaluation``, else the
    project's own when cleaner runs from its checkout); ``dataset`` the Hub name for the load
    example (default: a placeholder that ``cleaner publish`` fills in).
    """
    configured = manifest["config"]["output"].get("evaluation")
    source = evaluation or (Path(configured) if configured else default_evaluation_path())
    path = out / CARD
    text = (
        card_header(manifest)
        + "\n"
        + card_body(out, manifest, stats, read_evaluation(source), dataset)
    )
    write_text_atomic(path, text)
    return path
