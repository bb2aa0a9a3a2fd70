"""Labelled evaluation records rebuilt from local copies of public pages.

The repository keeps only our own work about each page (``eval/pages/*.jsonl``): where it comes
from (repository, commit, path), how its variants are made, and one label per non-empty line,
keyed to the line's hash. The page text stays with its publishers; this script turns local
copies of the recorded repositories back into records like ``../shared/eval/dev.jsonl``
(``text`` + ``gold``), written into the git-ignored ``eval/data/``.

    python -m eval.build rebuild --sources DIR        # what `make eval-data SOURCES=DIR` runs
    python -m eval.build draft --sources DIR --repo OWNER/NAME --path P --body XPATH ...
    python -m eval.build ingest eval/work/PAGE --batch eval/pages/BATCH.jsonl

``DIR`` holds git repositories as ``owner+name/repo`` (what the library's fetch leaves in
``/work/.mirror``), ``owner+name`` or ``owner/name`` (a clone or bare repository).

Variants (the same as dev.jsonl's):
- ``dump``: the whole page's text, one block element per line, as a crude extractor leaves it;
- ``trafilatura``: ``trafilatura.extract(html, include_comments=True, include_tables=True,
  favor_recall=True)``, the extracted text with the boilerplate that survived extraction.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from cleaner.io.decoding import decode_bytes

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
DATA = HERE / "data"

# Elements whose boundaries end a line in the dump; everything else is inline.
BLOCK_TAGS = frozenset(
    """address article aside blockquote body br caption dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol option p pre
    section summary table tbody td tfoot th thead tr ul button label select textarea legend
    center frame frameset""".split()
)
# Never text a reader sees.
SKIP_TAGS = frozenset("script style noscript template svg head iframe object embed".split())
_SPACE = re.compile(r"\s+")


def line_hash(line: str) -> str:
    return hashlib.sha1(line.strip().encode("utf-8")).hexdigest()[:12]


# --- sources -------------------------------------------------------------------------------


def git_dir(sources: Path, repo: str) -> Path:
    owner, name = repo.split("/", 1)
    for candidate in (
        sources / f"{owner}+{name}" / "repo",
        sources / f"{owner}+{name}",
        sources / owner / name,
    ):
        if (candidate / "HEAD").exists() or (candidate / ".git").exists():
            return candidate
    raise FileNotFoundError(f"{repo}: no local copy under {sources}")


def read_source(sources: Path, repo: str, commit: str, path: str) -> bytes:
    data = subprocess.run(
        ["git", "--git-dir", str(git_dir(sources, repo)), "show", f"{commit}:{path}"],
        capture_output=True,
        check=True,
    ).stdout
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    return data


def head_commit(sources: Path, repo: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(git_dir(sources, repo)), "rev-parse", "HEAD"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout.strip()


def decode_page(data: bytes, encoding: str | None) -> str:
    if encoding:
        return data.decode(encoding, errors="replace")
    head = data[:4096].lower()
    found = re.search(rb"charset=[\"']?([a-z0-9_-]+)", head)
    if found and found.group(1) in {b"euc-kr", b"cp949", b"ks_c_5601-1987", b"euc_kr"}:
        return data.decode("cp949", errors="replace")
    return decode_bytes(data)[0]


# --- variants --------------------------------------------------------------------------------


def parse(page: str) -> etree._Element:
    return lxml_html.document_fromstring(page.encode("utf-8"), parser=_PARSER)


_PARSER = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)


BODY_MARK = "data-cleaner-eval-body"


def _in_body(el: etree._Element | None) -> bool:
    return el is not None and el.get(BODY_MARK) is not None


def dump_lines(root: etree._Element) -> list[tuple[str, float]]:
    """The page's text one block per line, each with the share of its characters that come from
    inside the elements ``mark_body`` marked (0.0 everywhere when none is)."""
    lines: list[tuple[str, float]] = []
    parts: list[tuple[str, bool]] = []

    def flush() -> None:
        text = _SPACE.sub(" ", "".join(p for p, _ in parts)).strip()
        if text:
            inside = sum(len(p.strip()) for p, b in parts if b)
            total = sum(len(p.strip()) for p, _ in parts) or 1
            lines.append((text, inside / total))
        parts.clear()

    # No state may be keyed on id(el): lxml makes element proxies on the fly and Python reuses
    # their ids, so such a key would merge lines at random. Skipped tags are never block tags,
    # so their end events need no record.
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else None
        name = tag.lower() if tag else None
        if event == "start":
            if name is None or name in SKIP_TAGS:
                walker.skip_subtree()
                continue
            if name in BLOCK_TAGS:
                flush()
            if el.text:
                parts.append((el.text, _in_body(el)))
        else:
            if name in BLOCK_TAGS:
                flush()
            if el.tail:
                parts.append((el.tail, _in_body(el.getparent())))
    flush()
    return lines


def mark_body(root: etree._Element, xpath: str) -> int:
    """Mark the body element(s) and everything inside them; returns how many were marked."""
    marked = 0
    for node in root.xpath(xpath):
        for el in node.iter():
            if isinstance(el.tag, str):
                el.set(BODY_MARK, "1")
                marked += 1
    return marked


def trafilatura_text(page: str) -> str:
    import trafilatura

    text = trafilatura.extract(page, include_comments=True, include_tables=True, favor_recall=True)
    return text or ""


def variant_texts(page: str) -> dict[str, str]:
    root = parse(page)
    return {
        "dump": "\n".join(text for text, _ in dump_lines(root)),
        "trafilatura": trafilatura_text(page),
    }


# --- rebuild --------------------------------------------------------------------------------


def apply_labels(text: str, labels: list[list[Any]]) -> list[int] | str:
    """One gold label per line of ``text`` (blank lines 1: they are not scored), or a reason
    why the recorded labels do not fit the text as rebuilt here."""
    lines = text.split("\n")
    non_empty = [i for i, line in enumerate(lines) if line.strip()]
    if len(non_empty) != len(labels):
        return f"{len(non_empty)} non-empty lines but {len(labels)} labels"
    gold = [1] * len(lines)
    for i, (h, y) in zip(non_empty, labels, strict=True):
        if line_hash(lines[i]) != h:
            return f"line {i} does not match its label's hash"
        gold[i] = int(y)
    return gold


def load_pages(paths: list[Path]) -> list[dict[str, Any]]:
    pages = []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                page = json.loads(line)
                page.setdefault("batch", path.stem)
                page["_where"] = f"{path.name}:{n + 1}"
                pages.append(page)
    return pages


def site_group(page: dict[str, Any], variant: str) -> str:
    """The group a record is scored in: community pages together, articles by variant."""
    if page["kind"].startswith("community"):
        return "community"
    return "extracted" if variant == "trafilatura" else "dump"


def records_of(page: dict[str, Any], page_text: str) -> tuple[list[dict[str, Any]], list[str]]:
    texts = variant_texts(page_text)
    records, problems = [], []
    for variant, labels in page["labels"].items():
        text = texts[variant]
        gold = apply_labels(text, labels)
        if isinstance(gold, str):
            problems.append(f"{page['page_id']} {variant}: {gold}")
            continue
        lines = text.split("\n")
        non_empty = [i for i, line in enumerate(lines) if line.strip()]
        title_at = page.get("title_nonempty_line", {}).get(variant)
        title_line = non_empty[title_at] if title_at is not None else None
        records.append(
            {
                "id": f"{page['page_id']}-{variant}",
                "page_id": page["page_id"],
                "variant": variant,
                "site": page["site"],
                "url": page.get("url"),
                "kind": page["kind"],
                "engine": page.get("engine"),
                "site_group": site_group(page, variant),
                "batch": page["batch"],
                "title": lines[title_line].strip() if title_line is not None else None,
                "text": text,
                "gold": gold,
                "source_repo": page["repo"],
                "source_commit": page["commit"],
                "source_path": page["path"],
                "label_method": page.get("label_method", "hand"),
            }
        )
    return records, problems


def rebuild(sources: Path, out: Path, pages_dir: Path = PAGES) -> int:
    batches = sorted(pages_dir.glob("*.jsonl"))
    pages = load_pages(batches)
    out.mkdir(parents=True, exist_ok=True)
    by_batch: dict[str, list[dict[str, Any]]] = {}
    problems: list[str] = []
    missing: Counter[str] = Counter()
    for page in pages:
        try:
            data = read_source(sources, page["repo"], page["commit"], page["path"])
        except (FileNotFoundError, subprocess.CalledProcessError):
            missing[page["repo"]] += 1
            continue
        records, trouble = records_of(page, decode_page(data, page.get("encoding")))
        problems.extend(trouble)
        by_batch.setdefault(page["batch"], []).extend(records)
    for batch, records in sorted(by_batch.items()):
        target = out / f"{batch}.jsonl"
        tmp = target.with_name(target.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        tmp.replace(target)
        sites = len({r["site"] for r in records})
        print(f"{target}: {len(records)} records, {sites} sites")
    for repo, n in sorted(missing.items()):
        print(f"not rebuilt: {n} page(s) of {repo}: no local copy under {sources}")
    for problem in problems:
        print(f"not rebuilt: {problem}")
    return 1 if problems else 0


# --- labelling helpers ----------------------------------------------------------------------


def draft(args: argparse.Namespace) -> int:
    """Write tab-separated drafts (label, text) of both variants for a labeller to correct by
    hand: content = lines whose characters come mostly from inside the body element(s)."""
    sources = Path(args.sources)
    commit = args.commit or head_commit(sources, args.repo)
    page_text = decode_page(read_source(sources, args.repo, commit, args.path), args.encoding)
    root = parse(page_text)
    if not mark_body(root, args.body):
        print(f"the body XPath {args.body!r} matches nothing", file=sys.stderr)
        return 1
    dump = dump_lines(root)
    body_text = _SPACE.sub("", " ".join(t for t, share in dump if share > 0.5))
    work = Path(args.work) / args.page_id
    work.mkdir(parents=True, exist_ok=True)
    with (work / "dump.tsv").open("w", encoding="utf-8") as fh:
        for text, share in dump:
            fh.write(f"{int(share > 0.5)}\t{text}\n")
    extracted = trafilatura_text(page_text)
    with (work / "trafilatura.tsv").open("w", encoding="utf-8") as fh:
        for line in extracted.split("\n"):
            if line.strip():
                compact = _SPACE.sub("", line)
                fh.write(f"{int(bool(compact) and compact in body_text)}\t{line.strip()}\n")
    spec = {
        "page_id": args.page_id,
        "repo": args.repo,
        "commit": commit,
        "path": args.path,
        "site": args.site,
        "url": args.url,
        "kind": args.kind,
        "engine": args.engine,
        "encoding": args.encoding,
        "body_xpath": args.body,
    }
    (work / "spec.json").write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n")
    print(f"{work}: dump {len(dump)} lines, trafilatura {extracted.count(chr(10)) + 1} lines")
    return 0


def ingest(args: argparse.Namespace) -> int:
    """Turn corrected drafts into a page entry: labels keyed to line hashes, no text."""
    work = Path(args.work_dir)
    spec = json.loads((work / "spec.json").read_text(encoding="utf-8"))
    labels: dict[str, list[list[Any]]] = {}
    title_line: dict[str, int] = {}
    notes: dict[str, str] = {}
    for variant in ("dump", "trafilatura"):
        path = work / f"{variant}.tsv"
        if not path.exists():
            continue
        rows = []
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines()):
            label, _, text = raw.partition("\t")
            label = label.strip()
            if not text.strip():
                continue
            if label.endswith("*"):  # the page's title
                title_line[variant] = len(rows)
                label = label[:-1]
            if label.endswith("?"):  # ambiguous: kept with the label before the mark
                notes[line_hash(text)] = "ambiguous"
                label = label[:-1]
            if label not in {"0", "1"}:
                print(f"{path}:{n + 1}: label must be 0 or 1 (got {label!r})", file=sys.stderr)
                return 1
            rows.append([line_hash(text), int(label)])
        labels[variant] = rows
    # the title's index counts non-empty lines only, like the labels
    entry = {
        **spec,
        "label_method": "hand",
        "labels": labels,
        "title_nonempty_line": title_line,
        "notes": notes,
    }
    batch = Path(args.batch)
    batch.parent.mkdir(parents=True, exist_ok=True)
    kept = []
    if batch.exists():
        for line in batch.read_text(encoding="utf-8").splitlines():
            if line.strip() and json.loads(line)["page_id"] != spec["page_id"]:
                kept.append(line)
    kept.append(json.dumps(entry, ensure_ascii=False))
    batch.write_text("\n".join(kept) + "\n", encoding="utf-8")
    counts = {v: Counter(y for _, y in rows) for v, rows in labels.items()}
    print(f"{batch}: {spec['page_id']} {dict((v, dict(c)) for v, c in counts.items())}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.build", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("rebuild", help="rebuild eval/data/*.jsonl from local copies")
    p.add_argument("--sources", required=True)
    p.add_argument("--out", default=str(DATA))
    p.add_argument("--pages", default=str(PAGES), help="folder of the page entries")
    p = sub.add_parser("draft", help="draft labels of one page for hand correction")
    p.add_argument("--sources", required=True)
    p.add_argument("--repo", required=True)
    p.add_argument("--commit")
    p.add_argument("--path", required=True)
    p.add_argument("--body", required=True, help="XPath of the article/post body element(s)")
    p.add_argument("--page-id", required=True)
    p.add_argument("--site", required=True)
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("--engine")
    p.add_argument("--url")
    p.add_argument("--encoding")
    p.add_argument("--work", default=str(HERE / "work"))
    p = sub.add_parser("ingest", help="store corrected labels of a drafted page")
    p.add_argument("work_dir")
    p.add_argument("--batch", required=True)
    args = parser.parse_args(argv)
    if args.command == "rebuild":
        return rebuild(Path(args.sources), Path(args.out), Path(args.pages))
    return draft(args) if args.command == "draft" else ingest(args)


KINDS = ("news", "blog", "community-post", "community-list")

if __name__ == "__main__":
    sys.exit(main())
