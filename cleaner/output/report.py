"""``cleaner report OUT``: one self-contained HTML page with plots and a browsable sample.

The page loads nothing from the network (plots are inline SVG, styles and the small filter
script are inline, and a Content-Security-Policy forbids any fetch), so it can be mailed,
archived or opened offline.
"""

from __future__ import annotations

import colorsys
import html
import io
import json
import math
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from matplotlib.ticker import MaxNLocator

from cleaner.config import Config, ConfigError, load_config
from cleaner.io.atomic import write_text_atomic
from cleaner.io.errors import ErrorLog
from cleaner.io.readers import read_documents
from cleaner.output.card import published_by_site, value_counts
from cleaner.output.names import MANIFEST, PII, REPORT, STATS
from cleaner.output.stats_view import (
    NO_SITE,
    SiteRow,
    drop_reason,
    drops_to_show,
    funnel,
    line_rules,
    site_rows,
)

TOP_SITES = 15
TABLE_SITES = 30
OPEN_DOCS = 2
# rule colours: one per rule, stable across plots so a rule reads the same everywhere; up to
# ten rules take these, more take evenly spaced colours (``palette``)
PALETTE = [
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
]


LIGHTNESS = (0.42, 0.6, 0.3)  # the levels of generated colours: three rounds of the hues


def palette(n: int) -> list[str]:
    """``n`` distinct colours: the ten of ``PALETTE`` when they suffice, otherwise hues spaced
    evenly round the colour wheel, taken in three rounds of lightness, so no colour repeats
    for any number of rules. Consecutive colours jump about 0.38 of the wheel (a stride
    coprime with the number of hues), so rules next to each other in a chart never look
    alike."""
    if n <= len(PALETTE):
        return PALETTE[:n]
    hues = math.ceil(n / len(LIGHTNESS))
    stride = max(1, round(hues * 0.382))
    while math.gcd(stride, hues) != 1:
        stride += 1
    colors = []
    for i in range(n):
        hue = ((i % hues) * stride % hues) / hues
        r, g, b = colorsys.hls_to_rgb(hue, LIGHTNESS[i // hues], 0.62)
        colors.append(f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}")
    return colors


def rule_colors(rules: list[str]) -> dict[str, str]:
    return dict(zip(rules, palette(len(rules)), strict=True))


# --- data --------------------------------------------------------------------------------------


def _load(out: Path) -> tuple[dict[str, Any], dict[str, Any], list[Path]]:
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        stats = json.loads((out / STATS).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValueError(
            f"{out}: {Path(exc.filename).name} missing; run `cleaner run` first"
        ) from None
    return manifest, stats, [out / s["file"] for s in manifest["shards"]]


def _batches(paths: list[Path], columns: list[str]) -> Iterator[tuple[int, int, pa.RecordBatch]]:
    """(shard index, row offset, batch) over all shards; only ``columns`` are read."""
    for index, path in enumerate(paths):
        offset = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=8192, columns=columns):
            yield index, offset, batch
            offset += batch.num_rows


def site_removed_share(shard_paths: list[Path]) -> list[tuple[str, int, dict[str, int], int]]:
    """Per site: (site, published docs, removed chars by rule, chars before cleaning).

    Computed over the published documents from their own ``removals`` (the same spans as
    removed.parquet holds for them), so removed and kept characters are of the same documents.
    Sorted by removed share, largest first. Work is columnar, batch by batch.
    """
    docs: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    by_rule: dict[str, Counter[str]] = defaultdict(Counter)
    for _, _, batch in _batches(shard_paths, ["site", "n_chars", "removals"]):
        sites = batch.column("site")
        per_site = pa.table({"site": sites, "n": batch.column("n_chars")}).group_by("site")
        for row in per_site.aggregate([("n", "sum"), ("n", "count")]).to_pylist():
            docs[row["site"] or "(none)"] += row["n_count"]
            kept[row["site"] or "(none)"] += row["n_sum"]
        removals = batch.column("removals")
        spans = pc.list_flatten(removals)
        table = pa.table(
            {
                "site": pc.take(sites, pc.list_parent_indices(removals)),
                "rule": pc.struct_field(spans, "rule"),
                "chars": pc.utf8_length(pc.struct_field(spans, "text")),
            }
        )
        for row in table.group_by(["site", "rule"]).aggregate([("chars", "sum")]).to_pylist():
            by_rule[row["site"] or "(none)"][row["rule"]] += row["chars_sum"]
    result = []
    for site in docs:
        removed_chars = sum(by_rule[site].values())
        result.append((site, docs[site], dict(by_rule[site]), kept[site] + removed_chars))
    result.sort(key=lambda s: (-sum(s[2].values()) / max(s[3], 1), s[0]))
    return result


def cluster_sizes(shard_paths: list[Path]) -> Counter[int]:
    """Duplicate clusters by size: each published document with duplicates stands for one."""
    counts = value_counts(shard_paths, "dup_cluster_size")
    return Counter({k: n for k, n in counts.items() if (k or 1) > 1})


Location = tuple[int, int]  # (shard index, row in shard)


def choose_sample(items: Iterable[tuple[Location, str | None, bool]], n: int) -> list[Location]:
    """Documents with removals first, taken round-robin over input files so every source shows.

    ``items`` are (location, source file, has removals) in shard order. Early records of each
    file are preferred, which keeps re-reading the inputs cheap; at most ``n`` per file are held.
    """
    queues: dict[str, list[Location]] = defaultdict(list)
    untouched: list[Location] = []
    for loc, source, has_removals in items:
        if has_removals:
            if len(queues[source or ""]) < n:
                queues[source or ""].append(loc)
        elif len(untouched) < n:
            untouched.append(loc)
    picked: list[Location] = []
    depth = 0
    while len(picked) < n and any(len(q) > depth for q in queues.values()):
        for q in queues.values():
            if len(q) > depth and len(picked) < n:
                picked.append(q[depth])
        depth += 1
    # then a few untouched documents, to show what clean text looks like
    return picked + untouched[: n - len(picked)]


def pick_sample(shard_paths: list[Path], n: int) -> list[dict[str, Any]]:
    """The full rows of the sample chosen by ``choose_sample``, in the order chosen."""
    items = (
        ((index, offset + i), source, bool(lines))
        for index, offset, batch in _batches(shard_paths, ["source", "removed_lines"])
        for i, (source, lines) in enumerate(
            zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(), strict=True)
        )
    )
    chosen = choose_sample(items, n)
    rows: dict[Location, dict[str, Any]] = {}
    for index in sorted({shard for shard, _ in chosen}):
        wanted = sorted(row for shard, row in chosen if shard == index)
        table = pq.read_table(shard_paths[index]).take(pa.array(wanted))
        rows.update({(index, r): row for r, row in zip(wanted, table.to_pylist(), strict=True)})
    return [rows[loc] for loc in chosen]


def original_texts(sample: list[dict[str, Any]], manifest: dict[str, Any]) -> dict[str, str]:
    """The input text of each sampled document, re-read from its input file when still there.

    Line numbers in ``removals`` refer to the input text, which the shards do not keep; reading
    stops at the last sampled record of each file.
    """
    try:
        config = config_from_manifest(manifest)
    except ConfigError:  # a manifest from another version: fall back to the approximate layout
        return {}
    wanted: dict[str, dict[int, str]] = defaultdict(dict)
    for r in sample:
        if r["source"] is not None and r["record"] is not None:
            wanted[r["source"]][r["record"]] = r["id"]
    found: dict[str, str] = {}
    for item in manifest["inputs"]:
        path = Path(item["file"])
        records = wanted.get(path.name)
        if not records or not path.is_file() or path.stat().st_size != item["bytes"]:
            continue
        last = max(records)
        for doc in read_documents(path, config.input, ErrorLog()):
            if doc.record in records and records[doc.record] == doc.id:
                found[doc.id] = doc.text
            if doc.record is not None and doc.record >= last:
                break
    return found


def config_from_manifest(manifest: dict[str, Any]) -> Config:
    overrides = {
        (section, key): value
        for section, table in manifest["config"].items()
        for key, value in table.items()
    }
    return load_config(None, overrides)


def document_lines(
    row: dict[str, Any], original: str | None
) -> tuple[list[tuple[str, str | None]], bool]:
    """Lines of a document with the rule that removed each (None = kept); and whether exact.

    With the input text the layout is exact. Without it, removed blocks are put back at their
    line numbers among the kept lines, which can be off where blank lines were merged.
    """
    # blank lines inside a removed block are not labelled, as in `cleaner clean --explain`
    rule_of: dict[int, str] = {}
    removed_line: dict[int, str] = {}
    for r in row["removals"] or []:
        for offset, line in enumerate(r["text"].split("\n")):
            removed_line[r["first_line"] + offset] = line
            if line.strip():
                rule_of[r["first_line"] + offset] = r["rule"]
    if original is not None:
        return [(line, rule_of.get(i)) for i, line in enumerate(original.split("\n"))], True
    kept = row["text"].split("\n") if row["text"] else []
    lines: list[tuple[str, str | None]] = []
    i = k = 0
    while k < len(kept) or i <= max(removed_line, default=-1):
        if i in removed_line:
            lines.append((removed_line[i], rule_of.get(i)))
        elif k < len(kept):
            lines.append((kept[k], None))
            k += 1
        i += 1
    return lines, False


# --- plots -------------------------------------------------------------------------------------


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]  # inline: no XML declaration or doctype


def _figure(width: float = 7.5, height: float = 3.4) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height))
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _empty(ax: Any, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#666")
    ax.set_xticks([])
    ax.set_yticks([])


def plot_rules(stats: dict[str, Any], colors: dict[str, str]) -> str:
    """Lines removed from documents, per rule (whole-document drops are ``plot_drops``')."""
    rules = sorted(line_rules(stats).items(), key=lambda kv: kv[1]["chars"])
    fig, ax = _figure(7.5, 0.6 + 0.38 * max(len(rules), 2))
    if not rules:
        _empty(ax, "nothing was removed")
    else:
        names = [r for r, _ in rules]
        chars = [c["chars"] for _, c in rules]
        bars = ax.barh(names, chars, color=[colors.get(r, "#888") for r in names])
        for bar, (_, c) in zip(bars, rules, strict=True):
            ax.annotate(
                f" {c['lines']:,} lines, {c['docs']:,} docs",
                (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                va="center",
                fontsize=8,
                color="#444",
            )
        ax.set_xlabel("characters removed")
        ax.margins(x=0.3)
    ax.set_title("Lines removed from documents, per rule", loc="left")
    return _svg(fig)


def whole_document_removals(stats: dict[str, Any]) -> list[tuple[str, int]]:
    """Documents removed whole, per reason: the drops after cleaning, then duplicates."""
    st = stats["stages"]
    removed = [(drop_reason(r).label, c["docs"]) for r, c in drops_to_show(stats).items()]
    removed.append(("exact duplicates", st["exact_dedup"]["docs_removed"]))
    removed.append(("near duplicates", st["near_dedup"]["docs_removed"]))
    return removed


def plot_drops(stats: dict[str, Any]) -> str:
    removed = whole_document_removals(stats)[::-1]  # barh draws bottom-up
    fig, ax = _figure(7.5, 0.9 + 0.38 * max(len(removed), 2))
    read = stats["stages"]["read"]["docs"]
    if not any(n for _, n in removed):
        _empty(ax, "no document was removed whole")
    else:
        bars = ax.barh([name for name, _ in removed], [n for _, n in removed], color="#9c755f")
        for bar, (_, n) in zip(bars, removed, strict=True):
            ax.annotate(
                f" {n:,} ({100 * n / max(read, 1):.1f} % of read)",
                (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                va="center",
                fontsize=8,
                color="#444",
            )
        ax.set_xlabel("documents removed whole")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.margins(x=0.35)
    ax.set_title("Whole documents removed, per reason", loc="left")
    return _svg(fig)


def plot_funnel(stats: dict[str, Any]) -> str:
    stages = funnel(stats)
    read = stats["stages"]["read"]
    fig, ax = _figure(7.5, 3.0)
    if not read["docs"]:
        _empty(ax, "no documents")
    else:
        names = [s.name for s in stages][::-1]
        docs = [100 * s.docs / read["docs"] for s in stages][::-1]
        chars = [100 * (s.chars or 0) / max(read["chars"], 1) for s in stages][::-1]
        y = range(len(names))
        ax.barh([i + 0.2 for i in y], docs, 0.4, label="documents", color="#4e79a7")
        ax.barh([i - 0.2 for i in y], chars, 0.4, label="characters", color="#f28e2b")
        ax.set_yticks(list(y), names)
        ax.set_xlim(0, 105)
        ax.set_xlabel("% of what was read")
        ax.legend(frameon=False, fontsize=8, loc="lower right")
    ax.set_title("What each stage kept", loc="left")
    return _svg(fig)


def plot_lengths(stats: dict[str, Any]) -> str:
    before = stats["lengths"]["before"]["histogram"]
    after = stats["lengths"]["after"]["histogram"]
    present = [int(b.lstrip("<")).bit_length() - 1 for b in (*before, *after)]
    # every power of two between the shortest and the longest, so the x axis is a log scale
    buckets = [f"<{1 << k}" for k in range(min(present), max(present) + 1)] if present else []
    fig, ax = _figure()
    if not buckets:
        _empty(ax, "no documents")
    else:
        x = range(len(buckets))
        ax.bar([i - 0.2 for i in x], [before.get(b, 0) for b in buckets], 0.4, label="before")
        ax.bar([i + 0.2 for i in x], [after.get(b, 0) for b in buckets], 0.4, label="after")
        ax.set_xticks(list(x), [f"{b}" for b in buckets], rotation=45, ha="right", fontsize=8)
        ax.set_xlabel("characters per document (power-of-two buckets)")
        ax.set_ylabel("documents")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(frameon=False)
    ax.set_title("Document lengths before cleaning and after (published)", loc="left")
    return _svg(fig)


def plot_sites(shares: list[tuple[str, int, dict[str, int], int]], colors: dict[str, str]) -> str:
    top = shares[:TOP_SITES][::-1]  # barh draws bottom-up; largest share on top
    fig, ax = _figure(7.5, 0.9 + 0.34 * max(len(top), 2))
    if not top:
        _empty(ax, "no published documents")
    else:
        labels = [f"{site} ({docs:,} docs)" for site, docs, _, _ in top]
        left = [0.0] * len(top)
        for rule in sorted({r for _, _, by_rule, _ in top for r in by_rule}):
            share = [100 * by_rule.get(rule, 0) / max(total, 1) for _, _, by_rule, total in top]
            ax.barh(labels, share, left=left, color=colors.get(rule, "#888"), label=rule)
            left = [a + b for a, b in zip(left, share, strict=True)]
        ax.set_xlim(0, max(max(left) * 1.1, 1))
        ax.set_xlabel("% of the characters of published documents removed, by rule")
        if any(left):
            ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_title(f"Top {TOP_SITES} sites by removed share", loc="left")
    return _svg(fig)


def plot_clusters(sizes: Counter[int]) -> str:
    fig, ax = _figure(7.5, 3.0)
    if not sizes:
        _empty(ax, "no duplicate clusters")
    else:
        keys = sorted(sizes)
        ax.bar([str(k) for k in keys], [sizes[k] for k in keys], color="#76b7b2")
        ax.set_xlabel("documents in the cluster (kept one included)")
        ax.set_ylabel("clusters")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if max(sizes.values()) > 50 * min(sizes.values()):
            ax.set_yscale("log")
    ax.set_title("Duplicate cluster sizes", loc="left")
    return _svg(fig)


# --- page --------------------------------------------------------------------------------------

CSS = """
body { font-family: system-ui, "Noto Sans CJK KR", "Malgun Gothic", sans-serif; margin: 2em auto;
       max-width: 1100px; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; } td, th { padding: .2em .8em; text-align: right; }
td:first-child, th:first-child { text-align: left; } tr:nth-child(even) { background: #f5f5f5; }
tr.total td { font-weight: bold; border-top: 1px solid #999; }
.plots { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 1.5em; }
figure.plot { margin: 0; } figure.plot svg { width: 100%; height: auto; }
details.doc { border: 1px solid #ddd; border-radius: 4px; margin: .4em 0; padding: .3em .6em; }
details.doc summary { cursor: pointer; } .muted { color: #777; font-size: .9em; }
pre.text { white-space: pre-wrap; font-size: .85em; line-height: 1.45; }
.line { display: block; min-height: 1.2em; }
.removed { background: #fde2e1; color: #8a1c1c; text-decoration: line-through; }
.rule { display: inline-block; min-width: 8em; margin-right: .6em; font-size: .8em;
        text-decoration: none; color: #fff; border-radius: 3px; padding: 0 .4em; }
"""

SCRIPT = """
const select = document.getElementById("rule-filter");
select.addEventListener("change", () => {
  for (const d of document.querySelectorAll("details.doc")) {
    d.hidden = select.value !== "" && !d.dataset.rules.split(" ").includes(select.value);
  }
});
// record the drawn size of each plot: lets a headless browser test see that the plots render
window.addEventListener("load", () => {
  for (const f of document.querySelectorAll("figure.plot")) {
    const box = f.querySelector("svg").getBoundingClientRect();
    f.dataset.renderedWidth = Math.round(box.width);
    f.dataset.renderedHeight = Math.round(box.height);
  }
  document.body.dataset.ready = "1";
});
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def _funnel_table(stats: dict[str, Any]) -> str:
    """Documents and characters after each stage, with percentages of what was read."""
    st = stats["stages"]
    read = st["read"]
    notes = {
        "read": f"{read['errors']:,} read errors, {read['warnings']:,} warnings (errors.jsonl)",
        "written": f"{st['write']['shards']} shard(s), {st['write']['bytes']:,} bytes",
    }
    head = (
        "<tr><th>stage</th><th>documents</th><th>%</th><th>characters</th><th>%</th><th></th></tr>"
    )
    body = "".join(
        f"<tr><td>{_e(stage.name)}</td><td>{stage.docs:,}</td>"
        f"<td>{_pct(stage.docs, read['docs'])}</td>"
        f"<td>{'–' if stage.chars is None else f'{stage.chars:,}'}</td>"
        f"<td>{'–' if stage.chars is None else _pct(stage.chars, read['chars'])}</td>"
        f"<td class='muted'>{_e(notes.get(stage.name, ''))}</td></tr>"
        for stage in funnel(stats)
    )
    return f"<table id='funnel'>{head}{body}</table>"


def _rights_line(stats: dict[str, Any], shard_paths: list[Path]) -> str:
    rights = stats.get("rights")
    if rights is None:
        return ""
    published = 0
    for path in shard_paths:
        if "rights_reservation" in pq.read_schema(path).names:
            column = pq.read_table(path, columns=["rights_reservation"]).column(0)
            published += len(column) - column.null_count
    kinds = ", ".join(f"{kind} {n:,}" for kind, n in rights["by_kind"].items())
    return (
        f"<p id='rights'>Rights notices: {rights['docs']:,} documents read reserved their text "
        f"from AI training or text and data mining{f' ({_e(kinds)})' if kinds else ''}; "
        f"{rights['dropped']:,} dropped, {published:,} published with the notice in "
        "<code>rights_reservation</code>.</p>"
    )


def site_table(stats: dict[str, Any], shard_paths: list[Path], top: int = TABLE_SITES) -> str:
    """What became of each site's documents: read, dropped per reason, duplicates, published
    (rows sum to the total row)."""
    published, published_chars = published_by_site(shard_paths)
    rows, total = site_rows(stats, published, published_chars, top)
    if not rows:
        return (
            "<p class='muted' id='site-drops'>Per-site counts are not in this stats.json "
            "(written by an older cleaner): rerun to get them.</p>"
        )
    reasons = list(drops_to_show(stats))
    failed = total.failed > 0
    head = "".join(
        f"<th>{_e(h)}</th>"
        for h in [
            "site",
            "read",
            *[f"dropped: {drop_reason(r).label}" for r in reasons],
            *(["cleaning errors"] if failed else []),
            "duplicates",
            "published",
            "% published",
            "% of characters published",
        ]
    )

    def cells(row: SiteRow) -> str:
        values = [
            f"{row.read:,}",
            *[f"{row.dropped.get(r, 0):,}" for r in reasons],
            *([f"{row.failed:,}"] if failed else []),
            f"{row.duplicates:,}",
            f"{row.published:,}",
            _pct(row.published, row.read),
            _pct(row.published_chars, row.read_chars),
        ]
        name = "(none)" if row.site == NO_SITE else row.site
        return f"<td>{_e(name)}</td>" + "".join(f"<td>{v}</td>" for v in values)

    body = "".join(f"<tr>{cells(row)}</tr>" for row in rows)
    return (
        f"<table id='site-drops'><tr>{head}</tr>{body}<tr class='total'>{cells(total)}</tr></table>"
    )


# --- personal data (cleaner/pii): kept apart so the report's own code stays as it is --------


def _pii_line(stats: dict[str, Any]) -> str:
    """With PII scrubbing: the placeholders put in, per type (the documents it dropped are a
    drop reason of the funnel and the site table)."""
    pii = stats.get("pii")
    if not pii:
        return ""
    found = {k: t["spans"] + t["removed_spans"] for k, t in pii["types"].items()}
    per_type = ", ".join(f"{kind} {n:,}" for kind, n in found.items() if n) or "none found"
    modes = ", ".join(f"{kind} {t['mode']}" for kind, t in pii["types"].items())
    return (
        f"<p id='pii'>Personal data: {sum(found.values()):,} placeholders put in ({_e(per_type)}),"
        f" {pii['removed_spans']:,} of them in removed lines; {pii['docs_dropped']:,} documents "
        f"dropped. Modes: {_e(modes)}. Each replacement is in <code>{_e(PII)}</code>.</p>"
    )


def _pii_scrubbed(manifest: dict[str, Any]) -> bool:
    """The run scrubbed personal data: the input files hold what the output must not show."""
    modes = manifest["config"].get("pii") or {}
    return any(value not in (None, "off") for value in modes.values())


def _document(
    row: dict[str, Any], original: str | None, colors: dict[str, str], is_open: bool
) -> str:
    lines, exact = document_lines(row, original)
    rendered = []
    for line, rule in lines:
        if rule is None:
            rendered.append(f"<span class='line'>{_e(line)}</span>")
        else:
            rendered.append(
                f"<span class='line removed' data-rule='{_e(rule)}'><span class='rule' "
                f"style='background:{colors.get(rule, '#888')}'>{_e(rule)}</span>{_e(line)}</span>"
            )
    rules = " ".join(row["removed_rules"] or [])
    note = (
        ""
        if exact or not row["removals"]
        else "<p class='muted'>input text not used (file moved or changed, unknown options, or personal data scrubbed, which the input still holds): removed lines are placed by line number "
        "among the kept lines, and may be off by a few lines where blank lines were merged.</p>"
    )
    return (
        f"<details class='doc' data-rules='{_e(rules)}'{' open' if is_open else ''}><summary><b>{_e(row['id'])}</b> "
        f"<span class='muted'>{_e(row['site'] or '')} · {row['n_chars']:,} chars kept · "
        f"{row['removed_lines']:,} lines removed{' by ' + _e(rules) if rules else ''}"
        f"{' · reserved: ' + _e(row['rights_reservation']) if row.get('rights_reservation') else ''}"
        "</span>"
        f"</summary>{note}<pre class='text'>{''.join(rendered)}</pre></details>"
    )


def render_report(out: Path, sample: int = 40) -> str:
    manifest, stats, shard_paths = _load(out)
    by_rule = line_rules(stats)
    rules = sorted(by_rule, key=lambda r: -by_rule[r]["chars"])
    colors = rule_colors(rules)
    with warnings.catch_warnings():
        # the SVG keeps text as text, so the browser's fonts draw Hangul site names; the
        # measuring font may lack those glyphs, which is harmless here
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        import matplotlib

        with matplotlib.rc_context({"svg.fonttype": "none", "font.size": 9}):
            plots = [
                ("plot-funnel", plot_funnel(stats)),
                ("plot-rules", plot_rules(stats, colors)),
                ("plot-drops", plot_drops(stats)),
                ("plot-lengths", plot_lengths(stats)),
                ("plot-sites", plot_sites(site_removed_share(shard_paths), colors)),
                ("plot-clusters", plot_clusters(cluster_sizes(shard_paths))),
            ]
    picked = pick_sample(shard_paths, sample)
    # with PII scrubbed, the sample is laid out from the shards (masked), never from the inputs
    originals = {} if _pii_scrubbed(manifest) else original_texts(picked, manifest)
    pretty = manifest["config"]["output"]["pretty_name"]
    options = "".join(f"<option value='{_e(r)}'>{_e(r)}</option>" for r in rules)
    figures = "".join(f"<figure class='plot' id='{pid}'>{svg}</figure>" for pid, svg in plots)
    # the first documents start open, so the page shows removed lines without a click
    docs = "".join(
        _document(r, originals.get(r["id"]), colors, i < OPEN_DOCS) for i, r in enumerate(picked)
    )
    return f"""<!doctype html>
<html lang="ko"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cleaner report: {_e(pretty)}</title><style>{CSS}</style></head>
<body>
<h1>{_e(pretty)}</h1>
<p class="muted">cleaner {_e(manifest["version"])} · config {_e(manifest["config_hash"])} ·
{len(manifest["inputs"]):,} input file(s) · command: <code>{_e(manifest.get("command") or "(Python API)")}</code></p>
{_funnel_table(stats)}
{_rights_line(stats, shard_paths)}
{_pii_line(stats)}
<h2>Plots</h2>
<div class="plots">{figures}</div>
<h2>Sites</h2>
<p class="muted">What became of each site's documents ({TABLE_SITES} sites with the most
documents read; the rest in one row).</p>
{site_table(stats, shard_paths)}
<h2>Sample documents</h2>
<p class="muted">{len(picked):,} of {manifest["rows"]:,} published documents, those with removals first.
Removed lines are struck through and labelled with their rule.
Show <select id="rule-filter"><option value="">all rules</option>{options}</select></p>
<section id="samples">{docs}</section>
<script>{SCRIPT}</script>
</body></html>
"""


def write_report(out: Path, sample: int = 40) -> Path:
    page = render_report(out, sample)
    path = out / REPORT
    write_text_atomic(path, page)
    return path
