"""The labelled sample for the document filters and PII: rebuilt from its sources.

The repository keeps only labels (``eval/filters/labels.jsonl``): where each document comes
from, the SHA-1 of its text, and what a reader decided about it. This script reads the sources
again and writes the texts with their labels into the git-ignored ``eval/data/filters/sample.jsonl``;
the documents we wrote ourselves (``eval/filters/synthetic.jsonl``) are appended as they are.

    python -m eval.filters_build rebuild --sources DIR --bulk DIR   # what `make eval-data` runs
    python -m eval.filters_build sample --sources DIR --bulk DIR    # the draw, for labelling
    python -m eval.filters_build candidates                         # PII candidates to judge

``DIR`` (sources) holds git repositories as ``eval/build.py`` expects them; ``--bulk`` is the
folder of ``shared/eval/bulk`` (``mixed_25mb.jsonl.gz`` ...). See ``eval/filters/README.md``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.build import (
    PAGES,
    decode_page,
    dump_lines,
    load_pages,
    parse,
    read_source,
    trafilatura_text,
    variant_texts,
)

HERE = Path(__file__).resolve().parent
FILTERS = HERE / "filters"
LABELS = FILTERS / "labels.jsonl"
SYNTHETIC = FILTERS / "synthetic.jsonl"
OUT = HERE / "data" / "filters" / "sample.jsonl"
WORK = HERE / "work" / "filters"
DEFAULT_BULK = Path("/work/shared/eval/bulk")

GROUPS = frozenset({"news", "wiki", "community", "blog", "spam", "other"})
VERDICTS = frozenset({"keep", "drop"})
REASONS = frozenset(
    {"spam", "not-korean", "too-short", "repetitive", "symbols", "boilerplate-only", "other"}
)
PII_TYPES = frozenset({"rrn", "phone", "email", "card", "brn", "account", "ip"})
# What a page promotes when it is dropped as spam: the lexicon's targets are gambling and adult.
SPAM_KINDS = frozenset({"gambling", "adult", "loan", "ad"})
EXTRACTS = frozenset({"trafilatura", "dump", "csv-field"})


class SourceMissing(Exception):
    """The source of a document is not available here (no copy of the repository or file)."""


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# --- reading sources ---------------------------------------------------------------------------


@dataclass
class Sources:
    """Where documents are read from, with the files already read kept for the next document."""

    repos: Path
    bulk: Path
    pages_dir: Path = PAGES
    _bulk: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _pages: dict[str, dict[str, Any]] | None = None
    _page_texts: dict[str, dict[str, str]] = field(default_factory=dict)

    def bulk_records(self, name: str) -> list[dict[str, Any]]:
        if name not in self._bulk:
            path = self.bulk / name
            if not path.exists():
                raise SourceMissing(f"{path} does not exist")
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                self._bulk[name] = [json.loads(line) for line in fh if line.strip()]
        return self._bulk[name]

    def page_entry(self, page_id: str) -> dict[str, Any]:
        if self._pages is None:
            self._pages = {
                p["page_id"]: p for p in load_pages(sorted(self.pages_dir.glob("*.jsonl")))
            }
        if page_id not in self._pages:
            raise SourceMissing(f"page {page_id} is not in {self.pages_dir}")
        return self._pages[page_id]

    def page_variants(self, page_id: str) -> dict[str, str]:
        if page_id not in self._page_texts:
            page = self.page_entry(page_id)
            raw = self.repo_file(page["repo"], page["commit"], page["path"])
            self._page_texts[page_id] = variant_texts(decode_page(raw, page.get("encoding")))
        return self._page_texts[page_id]

    def repo_file(self, repo: str, commit: str, path: str) -> bytes:
        try:
            return read_source(self.repos, repo, commit, path)
        except FileNotFoundError as exc:
            raise SourceMissing(str(exc)) from exc
        except subprocess.CalledProcessError as exc:
            raise SourceMissing(f"{repo}@{commit[:12]}:{path} cannot be read") from exc


def extract(raw: bytes, source: dict[str, Any]) -> str:
    how = source["extract"]
    if how == "csv-field":
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        return rows[source["row"]][source["field"]]
    page = decode_page(raw, source.get("encoding"))
    if how == "trafilatura":
        return trafilatura_text(page)
    return "\n".join(text for text, _ in dump_lines(parse(page)))


def document_text(source: dict[str, Any], sources: Sources) -> str:
    kind = source["kind"]
    if kind == "bulk":
        records = sources.bulk_records(source["file"])
        if source["record"] >= len(records):
            raise SourceMissing(f"{source['file']} has no record {source['record']}")
        return records[source["record"]]["text"]
    if kind == "page":
        return sources.page_variants(source["page_id"])[source["variant"]]
    if kind == "repo":
        return extract(sources.repo_file(source["repo"], source["commit"], source["path"]), source)
    raise ValueError(f"unknown source kind {kind!r}")


# --- checking labels ---------------------------------------------------------------------------


def label_problems(label: dict[str, Any], text: str) -> list[str]:
    """What is wrong with one label against its text (nothing: an empty list)."""
    problems = []
    if label.get("group") not in GROUPS:
        problems.append(f"group {label.get('group')!r} is not one of {sorted(GROUPS)}")
    verdict, reasons = label.get("verdict"), label.get("reasons", [])
    if verdict not in VERDICTS:
        problems.append(f"verdict {verdict!r} is not keep or drop")
    if not set(reasons) <= REASONS:
        problems.append(f"unknown reasons {sorted(set(reasons) - REASONS)}")
    if verdict == "drop" and not reasons:
        problems.append("a dropped document needs a reason")
    if verdict == "keep" and reasons:
        problems.append("a kept document has no reasons")
    spam_kind = label.get("spam_kind")
    if "spam" in reasons and spam_kind not in SPAM_KINDS:
        problems.append(f"spam_kind {spam_kind!r} is not one of {sorted(SPAM_KINDS)}")
    if "spam" not in reasons and spam_kind is not None:
        problems.append("spam_kind is given but spam is not a reason")
    for span in label.get("pii", []):
        if span.get("type") not in PII_TYPES:
            problems.append(f"PII type {span.get('type')!r} is not one of {sorted(PII_TYPES)}")
        elif not 0 <= span["start"] < span["end"] <= len(text):
            problems.append(f"PII span {span['start']}-{span['end']} is outside the text")
    return problems


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def output_record(label: dict[str, Any], text: str, synthetic: bool) -> dict[str, Any]:
    return {
        "doc_id": label["doc_id"],
        "text": text,
        "group": label["group"],
        "verdict": label["verdict"],
        "reasons": label["reasons"],
        "spam_kind": label.get("spam_kind"),
        "pii": label["pii"],
        "synthetic": synthetic,
    }


def rebuild(
    sources: Sources, out: Path, labels_path: Path = LABELS, synthetic_path: Path = SYNTHETIC
) -> int:
    """Write the labelled documents; returns 1 when a document's text or label does not check."""
    records: list[dict[str, Any]] = []
    missing: list[str] = []
    problems: list[str] = []
    for label in read_jsonl(labels_path):
        try:
            text = document_text(label["source"], sources)
        except SourceMissing as exc:
            missing.append(f"{label['doc_id']}: {exc}")
            continue
        if text_sha1(text) != label["text_sha1"]:
            problems.append(
                f"{label['doc_id']}: the rebuilt text differs from the labelled one "
                f"(sha1 {text_sha1(text)[:12]}, labelled {label['text_sha1'][:12]})"
            )
            continue
        trouble = label_problems(label, text)
        problems.extend(f"{label['doc_id']}: {p}" for p in trouble)
        if not trouble:
            records.append(output_record(label, text, synthetic=False))
    real = len(records)
    for label in read_jsonl(synthetic_path):
        trouble = label_problems(label, label["text"])
        if text_sha1(label["text"]) != label["text_sha1"]:
            trouble.append("text_sha1 does not match its text")
        problems.extend(f"{label['doc_id']}: {p}" for p in trouble)
        if not trouble:
            records.append(output_record(label, label["text"], synthetic=True))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(out)
    print(f"{out}: {real} real and {len(records) - real} synthetic documents")
    for line in missing:
        print(f"not rebuilt (source missing): {line}")
    for line in problems:
        print(f"not rebuilt: {line}")
    return 1 if problems else 0


# --- drawing the sample ------------------------------------------------------------------------

SEED = 14
BULK_FILES = ("mixed_25mb.jsonl.gz", "daum_outlets.jsonl.gz", "near_dup_revisions.jsonl.gz")
# 법률신문 feeds of dejv0000/rfx may be used as bulk text but never labelled (RESERVED.md).
RESERVED_MARKS = ("lawtimes", "법률신문")
# Articles about the subjects of spam: the hard negatives of the spam lexicon.
ABOUT_SPAM = re.compile(
    r"카지노|도박|토토|성매매|성매수|성착취|불법촬영|대부업|불법 ?대출|사채|먹튀|마약|유흥업소|보이스피싱"
)

# (stratum, how many) per bulk file; a stratum is a function of the record.
MIXED_STRATA = (("chosun", 50), ("daum", 15), ("korquad", 40), ("nsmc", 20), ("klue", 30))


def stratum(record: dict[str, Any]) -> str:
    prefix = record["id"].split("-", 1)[0]
    return "chosun" if prefix == "chosun.com" else prefix


def reserved(record: dict[str, Any]) -> bool:
    blob = json.dumps({k: v for k, v in record.items() if k != "text"}, ensure_ascii=False)
    return any(mark in blob for mark in RESERVED_MARKS)


@dataclass
class Draw:
    doc_id: str
    source: dict[str, Any]
    hint: str  # the group the source suggests, for the labeller


def draw_bulk(sources: Sources, rng: random.Random) -> Iterator[Draw]:
    mixed = sources.bulk_records("mixed_25mb.jsonl.gz")
    usable = [i for i, r in enumerate(mixed) if not reserved(r)]
    taken: set[int] = set()
    for name, n in MIXED_STRATA:
        pool = [i for i in usable if stratum(mixed[i]) == name]
        taken.update(rng.sample(pool, n))
    about = [
        i
        for i in usable
        if i not in taken
        and stratum(mixed[i]) in {"chosun", "daum"}
        and ABOUT_SPAM.search(mixed[i]["text"])
    ]
    taken.update(rng.sample(about, 12))
    for i in sorted(taken):
        yield Draw(
            f"mixed:{mixed[i]['id']}", bulk_source("mixed_25mb.jsonl.gz", i), stratum(mixed[i])
        )
    daum = sources.bulk_records("daum_outlets.jsonl.gz")
    for i in sorted(rng.sample(range(len(daum)), 20)):
        yield Draw(f"daum:{daum[i]['id']}", bulk_source("daum_outlets.jsonl.gz", i), "news")
    revisions = sources.bulk_records("near_dup_revisions.jsonl.gz")
    by_group: dict[Any, list[int]] = {}
    for i, r in enumerate(revisions):
        if not reserved(r):
            by_group.setdefault(r["group"], []).append(i)
    for group in sorted(rng.sample(sorted(by_group, key=str), 10), key=str):
        i = rng.choice(by_group[group])
        yield Draw(
            f"revisions:{revisions[i]['id']}", bulk_source("near_dup_revisions.jsonl.gz", i), "news"
        )


def bulk_source(name: str, record: int) -> dict[str, Any]:
    return {"kind": "bulk", "file": name, "record": record}


# The page batches there were when the sample was drawn: later batches do not change the draw.
PAGE_BATCHES = (
    "community-a",
    "community-b",
    "community-c",
    "holdout-d",
    "news-a",
    "news-b",
    "news-c",
)


def draw_pages(sources: Sources, rng: random.Random) -> Iterator[Draw]:
    pages = load_pages([sources.pages_dir / f"{batch}.jsonl" for batch in PAGE_BATCHES])
    with_trafilatura = set(rng.sample([p["page_id"] for p in pages], 20))
    for page in pages:
        hint = page["kind"].split("-")[0]
        variants = ["dump"] + (["trafilatura"] if page["page_id"] in with_trafilatura else [])
        for variant in variants:
            source = {"kind": "page", "page_id": page["page_id"], "variant": variant}
            yield Draw(f"page:{page['page_id']}:{variant}", source, hint)


# Spam found in public repositories (see README): (repo, path pattern, how many); extracted with
# trafilatura, or as a page dump where trafilatura returns nothing.
HORSE_PAGES = (
    r"^downloaded_site_deep/[^/]+/(hello/\d+|greeting(/\d+)?|faq|dic|academy)/index\.html$"
)
ESCORT_PAGES = r"^demo/kr/(home|clients|services|rates|faq|vip-packages|profiles)\.php$"
SPAM_FILES = (
    ("flexx84/horse", HORSE_PAGES, 5),
    ("tehreem123456/todaymsg10", r"^index\.php$", 1),
    ("tehreem123456/todaymsgphp", r"^index\.php$", 1),
    ("sor282/rea11", r"^sample/starfnc/(main|m/sub\d_\d)\.php$", 4),
    ("nopphasinara/pattayasecretescorts.com", ESCORT_PAGES, 3),
)
# Social-media posts a gambling detector collected: (repo, path, column, how many).
SKKU = "skku-swlab/illegal_gambling-detector"
FB_POSTS = "crawling/fb_crawling/fb_detected_posts.csv"
X_POSTS = "crawling/x_crawling/x_detected_posts.csv"
SPAM_CSV = ((SKKU, FB_POSTS, "content", 20), (SKKU, X_POSTS, "content", 15))
# The second round: sites whose every page is promotion, and more posts (with a pattern: only
# posts that match it, to have adult ones).
SPAM_EVERY_PAGE = ("nopphasinara/pattayasecretescorts.com",)
ADULT_WORDS = r"야동|출장|오피|성인|조건만남|마사지|섹스|19금"
SPAM_CSV_MORE = ((SKKU, FB_POSTS, "content", 10, ""), (SKKU, X_POSTS, "content", 12, ADULT_WORDS))


def git_files(sources: Sources, repo: str, commit: str) -> list[str]:
    from eval.build import git_dir

    out = subprocess.run(
        [
            "git",
            "--git-dir",
            str(git_dir(sources.repos, repo)),
            "ls-tree",
            "-r",
            "--name-only",
            commit,
        ],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return out.splitlines()


def page_draw(sources: Sources, repo: str, commit: str, path: str) -> Draw:
    source = {
        "kind": "repo",
        "repo": repo,
        "commit": commit,
        "path": path,
        "extract": "trafilatura",
    }
    if not document_text(source, sources).strip():
        source["extract"] = "dump"
    return Draw(f"repo:{repo}:{path}", source, "spam")


def row_draw(repo: str, commit: str, path: str, column: str, row: int) -> Draw:
    source = {
        "kind": "repo",
        "repo": repo,
        "commit": commit,
        "path": path,
        "extract": "csv-field",
        "row": row,
        "field": column,
    }
    return Draw(f"repo:{repo}:{path}#{row}", source, "spam")


def draw_spam(sources: Sources, rng: random.Random) -> Iterator[Draw]:
    from eval.build import head_commit

    drawn: set[tuple[str, str, int | None]] = set()
    matching: dict[str, tuple[str, list[str]]] = {}
    for repo, pattern, n in SPAM_FILES:
        commit = head_commit(sources.repos, repo)
        paths = sorted(p for p in git_files(sources, repo, commit) if re.search(pattern, p))
        matching[repo] = (commit, paths)
        for path in sorted(rng.sample(paths, min(n, len(paths)))):
            drawn.add((repo, path, None))
            yield page_draw(sources, repo, commit, path)
    csv_rows: dict[str, tuple[str, list[dict[str, str]]]] = {}
    for repo, path, column, n in SPAM_CSV:
        commit = head_commit(sources.repos, repo)
        raw = sources.repo_file(repo, commit, path)
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        csv_rows[path] = (commit, rows)
        usable = [i for i, row in enumerate(rows) if row[column].strip()]
        for i in sorted(rng.sample(usable, n)):
            drawn.add((repo, path, i))
            yield row_draw(repo, commit, path, column, i)
    # A second round, drawn after the first so that the first stays as it was: every remaining
    # page of the sites whose every page is promotion, and more posts, adult ones on purpose.
    for repo in SPAM_EVERY_PAGE:
        commit, paths = matching[repo]
        for path in paths:
            if (repo, path, None) not in drawn:
                yield page_draw(sources, repo, commit, path)
    for repo, path, column, n, words in SPAM_CSV_MORE:
        commit, rows = csv_rows[path]
        usable = [
            i
            for i, row in enumerate(rows)
            if row[column].strip()
            and (repo, path, i) not in drawn
            and (not words or re.search(words, row[column]))
        ]
        for i in sorted(rng.sample(usable, n)):
            drawn.add((repo, path, i))
            yield row_draw(repo, commit, path, column, i)


def sample(sources: Sources, work: Path) -> int:
    rng = random.Random(SEED)
    draws = [*draw_bulk(sources, rng), *draw_pages(sources, rng), *draw_spam(sources, rng)]
    work.mkdir(parents=True, exist_ok=True)
    with (work / "docs.jsonl").open("w", encoding="utf-8") as fh:
        for d in draws:
            text = document_text(d.source, sources)
            row = {"doc_id": d.doc_id, "source": d.source, "hint": d.hint, "text": text}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{work / 'docs.jsonl'}: {len(draws)} documents")
    return 0


# --- PII candidates for the labeller -----------------------------------------------------------

# Broad on purpose: the labeller judges every hit, so a miss costs more than a false alarm.
CANDIDATE_PATTERNS = {
    "digits": re.compile(r"(?<!\d)\+?\(?\d[\d\-. )(/]{5,}\d(?!\d)"),
    "long-run": re.compile(r"\d{9,}"),
    "at": re.compile(r"\S*@\S*"),
    "at-word": re.compile(r"\S+\s*[\(\[]\s*(at|골뱅이)\s*[\)\]]\s*\S+", re.I),
    "ipv4": re.compile(r"\d{1,3}(\.(\d{1,3}|\*{1,3})){3}"),
    "ipv6": re.compile(r"[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}"),
    "fullwidth": re.compile(r"[０-９]{3,}"),
    "short-phone": re.compile(r"(?<!\d)0\d{1,2}[-.)]\s?\d{3,4}(?![\d-])"),
    "word": re.compile(
        r"전화|Tel|TEL|팩스|Fax|FAX|연락처|문의|휴대|핸드폰|HP|H\.P|사업자|등록번호|계좌|은행|주민|카드|메일|E-mail|e-mail|IP\b|아이피"
    ),
}


def candidates(work: Path) -> int:
    docs = read_jsonl(work / "docs.jsonl")
    n = 0
    with (work / "candidates.jsonl").open("w", encoding="utf-8") as fh:
        for doc in docs:
            text = doc["text"]
            seen: set[tuple[int, int]] = set()
            for kind, pattern in CANDIDATE_PATTERNS.items():
                for m in pattern.finditer(text):
                    digits = sum(c.isdigit() for c in m.group())
                    if kind == "digits" and digits < 7:
                        continue
                    if kind in {"ipv6"} and m.group().count(":") < 2:
                        continue
                    if (m.start(), m.end()) in seen:
                        continue
                    seen.add((m.start(), m.end()))
                    row = {
                        "doc_id": doc["doc_id"],
                        "kind": kind,
                        "start": m.start(),
                        "end": m.end(),
                        "match": m.group(),
                        "context": text[max(0, m.start() - 40) : m.end() + 40],
                    }
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                    n += 1
    print(f"{work / 'candidates.jsonl'}: {n} candidates in {len(docs)} documents")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.filters_build", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("rebuild", "sample"):
        p = sub.add_parser(name)
        p.add_argument("--sources", required=True, help="folder of git repositories")
        p.add_argument("--bulk", default=str(DEFAULT_BULK), help="folder of shared/eval/bulk")
        p.add_argument("--pages", default=str(PAGES), help="folder of the page entries")
        if name == "rebuild":
            p.add_argument("--labels", default=str(LABELS))
            p.add_argument("--synthetic", default=str(SYNTHETIC))
            p.add_argument("--out", default=str(OUT))
        else:
            p.add_argument("--work", default=str(WORK))
    p = sub.add_parser("candidates")
    p.add_argument("--work", default=str(WORK))
    args = parser.parse_args(argv)
    if args.command == "candidates":
        return candidates(Path(args.work))
    sources = Sources(Path(args.sources), Path(args.bulk), Path(args.pages))
    if args.command == "sample":
        return sample(sources, Path(args.work))
    return rebuild(sources, Path(args.out), Path(args.labels), Path(args.synthetic))


if __name__ == "__main__":
    sys.exit(main())
