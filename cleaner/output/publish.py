"""``cleaner publish``: verify an output folder, validate its dataset card, and upload it with
huggingface_hub when HF_TOKEN is set; otherwise a dry run that lists what would go.

The signature index (``index/signatures.parquet``) stays home unless asked for: it is only of use
to those who deduplicate against the dataset, and on a large corpus a quarter of the upload.
"""

from __future__ import annotations

import fnmatch
import re
import sys
from collections.abc import Collection
from pathlib import Path
from typing import Any

from cleaner import __version__
from cleaner.io.atomic import TMP_SUFFIX, write_text_atomic
from cleaner.output.card import CARD_SECTIONS, DATASET_PLACEHOLDER, size_category
from cleaner.output.hub_metadata import check_header
from cleaner.output.names import CARD, LAYOUT, MANIFEST, REPORT, SIGNATURES
from cleaner.output.verify import layout_of, load_manifest, verify

_DATASET_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*$")


def split_card(text: str) -> tuple[str, str]:
    """The YAML header and the body of a card; raises ValueError without a header."""
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        raise ValueError("no YAML header between --- lines at the top")
    header, body = text[4:].split("\n---\n", 1)
    return header, body


def _data_file_patterns(config: dict[str, Any]) -> list[str]:
    data_files = config.get("data_files")
    if isinstance(data_files, str):
        return [data_files]
    patterns: list[str] = []
    for entry in data_files or []:
        path = entry.get("path") if isinstance(entry, dict) else entry
        patterns += [path] if isinstance(path, str) else list(path or [])
    return patterns


def validate_card(out: Path, uploaded: Collection[str] | None = None) -> list[str]:
    """Problems with OUT/README.md, found offline: the header must parse as
    ``huggingface_hub``'s ``DatasetCard`` does, follow the Hub's metadata conventions
    (``hub_metadata.check_header``: license, license_name and license_link, language, size
    and task categories, creators, configs), agree with the run (size category; the default
    config's data_files matching exactly the manifest's shards, every other config's only data
    files the manifest lists and, when ``uploaded`` names them, that go into the upload) and
    link to a license that exists."""
    try:
        import yaml
    except ModuleNotFoundError:
        return ["PyYAML is needed to validate the card: pip install 'cleaner[publish]'"]
    path = out / CARD
    if not path.is_file():
        return [f"{CARD}: missing (written by `cleaner run`)"]
    text = path.read_text(encoding="utf-8")
    try:
        header_text, _ = split_card(text)
        header = yaml.safe_load(header_text)
    except (ValueError, yaml.YAMLError) as exc:
        return [f"{CARD}: {exc}"]
    if not isinstance(header, dict):
        return [f"{CARD}: the YAML header is not a mapping"]
    problems = [f"{CARD}: {p}" for p in _hub_card_problems(text)]
    problems += [
        f"{CARD}: header has no {key}"
        for key in ("pretty_name", "license", "language", "size_categories", "configs")
        if not header.get(key)
    ]
    problems += [f"{CARD}: {p}" for p in check_header(header)]
    if "ko" not in (header.get("language") or []):
        problems.append(f"{CARD}: language does not list ko")
    problems += _license_link_problems(out, header)
    try:
        manifest = load_manifest(out)
    except ValueError as exc:
        return [*problems, str(exc)]
    shards = sorted(s["file"] for s in manifest["shards"])
    expected_size = size_category(manifest["rows"])
    if header.get("size_categories") and header["size_categories"] != [expected_size]:
        problems.append(
            f"{CARD}: size_categories {header['size_categories']} but the manifest has "
            f"{manifest['rows']:,} rows ({expected_size})"
        )
    data_files = set(shards) | {
        e["file"] if isinstance(e, dict) else e for e in manifest.get("side_files", [])
    }
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    configs = [c for c in header.get("configs") or [] if isinstance(c, dict)]
    default = next((c for c in configs if c.get("default")), None) or next(
        (c for c in configs if c.get("config_name") == "default"), None
    )
    if configs and default is None:
        problems.append(f"{CARD}: no config is named default or marked default: true")
    for config in configs:
        patterns = _data_file_patterns(config)
        matched = sorted({f for f in files for pat in patterns if fnmatch.fnmatch(f, pat)})
        what = f"{CARD}: data_files of config {config.get('config_name')!r} match"
        if config is default and matched != shards:
            problems.append(f"{what} {matched or 'no file'}, the manifest lists {shards}")
        elif config is not default and not matched:
            problems.append(f"{what} no file")
        elif strays := [f for f in matched if f not in data_files]:
            problems.append(f"{what} {strays}, which the manifest does not list")
        elif uploaded is not None and (held := [f for f in matched if f not in uploaded]):
            problems.append(f"{what} {held}, which would not be uploaded")
    return problems


def _hub_card_problems(text: str) -> list[str]:
    """What ``huggingface_hub`` itself says when it loads the card (where it is installed)."""
    try:
        from huggingface_hub import DatasetCard
    except ImportError:
        return []
    try:
        card = DatasetCard(text)
        card.data.to_dict()
    except Exception as exc:  # whatever the library refuses, the Hub refuses too
        return [f"huggingface_hub cannot read it: {exc}"]
    return []


def _license_link_problems(out: Path, header: dict[str, Any]) -> list[str]:
    """A relative license_link must name a file that is uploaded with the card."""
    link = header.get("license_link")
    if header.get("license") != "other" or not isinstance(link, str) or "://" in link:
        if isinstance(link, str) and "://" in link and not link.startswith(("https://", "http://")):
            return [f"{CARD}: license_link {link!r} is neither a web address nor a file"]
        return []
    target = link.split("#", 1)[0].lstrip("/")
    if not target or not (out / target).is_file():
        return [f"{CARD}: license_link {link!r} names no file of the output folder"]
    return []


def missing_sections(out: Path) -> list[str]:
    """The sections of a well-kept card (``CARD_SECTIONS``) that OUT/README.md lacks: the
    publisher may have edited them away, which publishing notes but allows."""
    path = out / CARD
    if not path.is_file():
        return []
    headings = {
        line.lstrip("#").strip().lower()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    }
    return [name for name in CARD_SECTIONS if name.lower() not in headings]


def name_dataset_in_card(out: Path, dataset: str) -> bool:
    """Put the dataset's name in the card's load example and citation, where the run left
    ``DATASET_PLACEHOLDER``; the rest of the card, edited or not, stays as it is."""
    path = out / CARD
    text = path.read_text(encoding="utf-8")
    if DATASET_PLACEHOLDER not in text:
        return False
    write_text_atomic(path, text.replace(DATASET_PLACEHOLDER, dataset))
    return True


def _layout_problems(out: Path) -> list[str]:
    """An output of the layout before data/ is not published: readers would mix its files."""
    if layout_of(load_manifest(out)) < LAYOUT:
        return [
            f"{out} was written by an older cleaner with every file at the top of the folder, "
            "which the Hub's readers would mix with the shards; run `cleaner run` again into it "
            "to publish"
        ]
    return []


def stale_report(out: Path) -> bool:
    """Whether report.html predates the run (a new run does not rewrite the report)."""
    report, manifest = out / REPORT, out / MANIFEST
    return report.is_file() and report.stat().st_mtime_ns < manifest.stat().st_mtime_ns


def upload_plan(out: Path, with_signatures: bool = False) -> list[tuple[str, int]]:
    """Files that publishing uploads: everything but checkpoints, temporary and hidden files,
    a report.html left over from an earlier run, and the signature index unless asked for."""
    plan = []
    skip_report = stale_report(out)
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out)
        if not path.is_file() or path.name.endswith(TMP_SUFFIX):
            continue
        if any(part.startswith(".") for part in rel.parts):  # .work/ checkpoints, editor files
            continue
        if skip_report and rel.as_posix() == REPORT:
            continue
        if not with_signatures and rel.as_posix() == SIGNATURES:
            continue
        plan.append((rel.as_posix(), path.stat().st_size))
    return plan


def publish(
    out: Path,
    dataset: str | None,
    *,
    token: str | None,
    dry_run: bool,
    private: bool,
    with_signatures: bool = False,
) -> int:
    plan = upload_plan(out, with_signatures)
    problems = verify(out) or _layout_problems(out)
    problems += validate_card(out, {name for name, _ in plan})
    if dataset is not None and not _DATASET_NAME.match(dataset):
        problems.append(f"dataset name {dataset!r} is not of the form user/name")
    if problems:
        for problem in problems:
            print(f"cleaner: error: {problem}", file=sys.stderr)
        print("cleaner: nothing uploaded", file=sys.stderr)
        return 1
    for section in missing_sections(out):
        print(f"note: {CARD} has no section '{section}'")
    if stale_report(out):
        print(f"note: {REPORT} is older than the run and is left out; `cleaner report` renews it")
    if not with_signatures and (out / SIGNATURES).is_file():
        print(f"note: {SIGNATURES} is left out; --with-signatures uploads it too")
    target = f"datasets/{dataset}" if dataset else "(no DATASET given)"
    if dry_run or not token:
        why = "--dry-run" if dry_run else "no HF_TOKEN in the environment"
        naming = (
            " (naming it in the card's load example)"
            if dataset and DATASET_PLACEHOLDER in (out / CARD).read_text(encoding="utf-8")
            else ""
        )
        print(f"dry run ({why}): would upload {len(plan)} files to {target}{naming}")
        for name, size in plan:
            print(f"  {size:>14,}  {name}")
        print(
            f"  {sum(s for _, s in plan):>14,}  bytes in total; card and every data file verified"
        )
        return 0
    if dataset is None:
        print("cleaner: error: give the dataset as --dataset user/name", file=sys.stderr)
        return 2
    try:
        from huggingface_hub import HfApi
    except ModuleNotFoundError:
        print("cleaner: error: pip install 'cleaner[publish]' to upload", file=sys.stderr)
        return 2
    if name_dataset_in_card(out, dataset):
        print(f"{CARD}: the load example and the citation now name {dataset}")
    api = HfApi(token=token)
    api.create_repo(dataset, repo_type="dataset", private=private, exist_ok=True)
    rows = load_manifest(out)["rows"]
    commit = api.upload_folder(
        repo_id=dataset,
        repo_type="dataset",
        folder_path=str(out),
        # exactly the files the dry run lists, nothing that appeared in the folder meanwhile
        allow_patterns=[name for name, _ in plan],
        commit_message=f"cleaner {__version__}: {rows:,} documents",
    )
    print(f"uploaded {len(plan)} files to {target}: {getattr(commit, 'commit_url', commit)}")
    return 0
