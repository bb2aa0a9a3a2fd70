"""The dataset card: a parseable Hugging Face header and a body that matches the run."""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from huggingface_hub import DatasetCard

from cleaner.io.shards import SHARD_SCHEMA
from cleaner.output.card import (
    COLUMN_DOCS,
    DATASET_PLACEHOLDER,
    card_body,
    card_header,
    read_evaluation,
    size_category,
    source_datasets,
)
from cleaner.output.hub_metadata import SIZE_CATEGORIES, check_header
from cleaner.output.publish import missing_sections, name_dataset_in_card, validate_card
from cleaner.output.stats_view import funnel
from cleaner.run.write_stage import CARD_NOTE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def out(published):
    return published  # only read here


def _split(card: str) -> tuple[dict, str]:
    assert card.startswith("---\n")
    header, body = card[4:].split("\n---\n", 1)
    return yaml.safe_load(header), body


def test_card_is_written_and_listed_in_manifest(out):
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"file": "README.md", "sha256": None, "note": CARD_NOTE} in manifest["side_files"]
    assert (out / "README.md").is_file()


def test_card_header_is_hugging_face_metadata(out):
    header, _ = _split((out / "README.md").read_text(encoding="utf-8"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    output = manifest["config"]["output"]
    assert header["language"] == ["ko"]
    assert header["license"] == output["license"] == "other"
    assert header["license_name"] == output["license_name"]
    assert header["license_link"] == output["license_link"] == "README.md"
    assert header["pretty_name"] == output["pretty_name"]
    assert header["size_categories"] == ["n<1K"]
    assert header["task_categories"] == ["text-generation"]
    assert header["task_ids"] == ["language-modeling"]
    assert header["language_creators"] == ["found"]
    assert header["annotations_creators"] == ["machine-generated"]
    assert header["multilinguality"] == ["monolingual"]
    assert header["source_datasets"] == ["original"]  # local files, not a Hub dataset
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    # the documents, and the audit files as configs of their own; never the signature index
    configs = {c["config_name"]: c["data_files"] for c in header["configs"]}
    assert list(configs) == ["default", "removed", "filtered", "duplicates"]
    expected = {
        "default": [s["file"] for s in manifest["shards"]],
        "removed": ["audit/removed.parquet"],
        "filtered": ["audit/filtered.parquet"],
        "duplicates": ["audit/duplicates.parquet"],
    }
    for name, (data_files,) in configs.items():
        assert data_files["split"] == "train"
        assert [f for f in files if fnmatch.fnmatch(f, data_files["path"])] == expected[name]


def test_card_passes_the_offline_checks(out):
    text = (out / "README.md").read_text(encoding="utf-8")
    assert validate_card(out) == []
    assert check_header(_split(text)[0]) == []
    # huggingface_hub reads it as a dataset card, and datasets reads its configs
    card = DatasetCard(text)
    assert card.data.license == "other" and card.data.license_name == "source-publishers-terms"
    datasets_metadata = pytest.importorskip("datasets.utils.metadata")
    configs = datasets_metadata.MetadataConfigs.from_dataset_card_data(card.data)
    assert list(configs) == ["default", "removed", "filtered", "duplicates"]
    assert missing_sections(out) == []


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        # license: other without a name or a link is what the Hub asks to fill in
        (lambda h: h.pop("license_name"), "license: other needs license_name"),
        (lambda h: h.pop("license_link"), "license: other needs license_link"),
        (lambda h: h.update(license_name="My License"), "license: other needs license_name"),
        (lambda h: h.update(license="gpl-2.0-or-later"), "is not a Hub license identifier"),
        (lambda h: h.update(license_link="LICENSE"), "names no file of the output folder"),
        (lambda h: h.update(size_categories=["10K<n<100K"]), "the manifest has 5 rows"),
        (lambda h: h.update(size_categories=["small"]), "size_categories: 'small' is not"),
        (lambda h: h.update(task_categories=["text-gen"]), "task_categories: 'text-gen'"),
        (lambda h: h.update(task_ids=["extractive-qa"]), "not a sub-task"),
        (lambda h: h.update(language_creators=["scraped"]), "language_creators: 'scraped'"),
        (lambda h: h.update(annotations_creators=["robots"]), "annotations_creators"),
        (lambda h: h.update(language=["Korean"]), "language must list ISO 639 codes"),
        (lambda h: h.update(source_datasets="original"), "source_datasets must be a list"),
        (
            lambda h: h["configs"][0]["data_files"][0].update(split="train-all"),
            "split name of letters",
        ),
        (lambda h: h["configs"][0].pop("config_name"), "every config needs a config_name"),
        (lambda h: h.update(pretty_name=""), "header has no pretty_name"),
    ],
)
def test_offline_check_refuses_what_the_hub_refuses(out, tmp_path, edit, problem):
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    text = (copy / "README.md").read_text(encoding="utf-8")
    header, body = _split(text)
    edit(header)
    dumped = yaml.safe_dump(header, allow_unicode=True, sort_keys=False)
    (copy / "README.md").write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")
    problems = validate_card(copy)
    assert any(problem in p for p in problems), problems


def test_a_license_link_to_a_web_page_or_an_uploaded_file_passes(out, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    text = (copy / "README.md").read_text(encoding="utf-8")
    for link in ("https://example.com/terms", "README.md"):
        replaced = text.replace('license_link: "README.md"', f'license_link: "{link}"')
        (copy / "README.md").write_text(replaced, encoding="utf-8")
        assert validate_card(copy) == [], link
    (copy / "LICENSE").write_text("terms", encoding="utf-8")
    replaced = text.replace('license_link: "README.md"', 'license_link: "LICENSE"')
    (copy / "README.md").write_text(replaced, encoding="utf-8")
    assert validate_card(copy) == []


def test_card_body_reports_removals_with_real_examples(out):
    _, body = _split((out / "README.md").read_text(encoding="utf-8"))
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    removed = pq.read_table(out / "audit" / "removed.parquet").to_pylist()
    for rule, counts in stats["rules"].items():
        row = f"| `{rule}` | {counts['docs']:,} | {counts['lines']:,} | {counts['chars']:,} |"
        assert row in body
    # whole-document drops have their own table, apart from the line rules
    assert "min_chars" not in stats["rules"]
    drop = stats["drops"]["min_chars"]
    assert f"| `min_chars` | {drop['docs']:,} | {drop['chars']:,} |" in body
    # each detector rule shows two real, distinct removed texts when the run has two
    for rule in {r["rule"] for r in removed}:
        texts = {r["text"].strip() for r in removed if r["rule"] == rule}
        shown = [line for line in body.splitlines() if line.startswith(f"- `{rule}`: `")]
        assert len(shown) == min(2, len(texts)), rule
        for line in shown:
            example = line.split(": `", 1)[1].rstrip("`").split(" ⏎ ")[0].rstrip("…")
            assert any(example in t for t in texts), (rule, example)
    assert "메뉴 건너뛰기" in body  # a line the seed's chrome rule removes


def test_card_body_has_dedup_lengths_command_and_schema(out):
    _, body = _split((out / "README.md").read_text(encoding="utf-8"))
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert "- exact (identical cleaned text after NFC" in body
    assert "on; 1 document removed" in body.split("- exact", 1)[1].split("\n")[0]
    assert "on; 1 document removed" in body.split("- near", 1)[1].split("\n")[0]
    assert "cluster sizes: 2: 2" in body
    before, after = stats["lengths"]["before"], stats["lengths"]["after"]
    assert f"| before | {before['docs']:,} | {before['chars']:,} | {before['mean']} |" in body
    assert f"| after | {after['docs']:,} | {after['chars']:,} | {after['mean']} |" in body
    for bucket, n in before["histogram"].items():
        assert f"| {bucket} | {n:,} |" in body
    assert "- command: `cleaner run in --out out`" in body
    assert '"threshold": 0.8' in body
    assert "cleaner 0.1.0" in body
    assert f"pyarrow {pa.__version__} (Parquet reading and writing)" in body
    for field in SHARD_SCHEMA:
        assert f"| `{field.name}` | `{field.type}` |" in body


def test_card_funnel_equals_the_stats(out):
    _, body = _split((out / "README.md").read_text(encoding="utf-8"))
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    read = stats["stages"]["read"]
    stages = funnel(stats)
    assert [s.name for s in stages] == [
        "read",
        "cleaned",
        "after document drops",
        "after dedup",
        "written",
    ]
    for stage in stages:
        row = (
            f"| {stage.name} | {stage.docs:,} | {100 * stage.docs / read['docs']:.1f} % "
            f"| {stage.chars:,} | {100 * stage.chars / read['chars']:.1f} % |"
        )
        assert row in body, row
    assert stages[-1].docs == stats["stages"]["write"]["docs"]
    assert stages[-2].docs == stages[2].docs - 2  # one exact and one near duplicate
    assert stages[2].docs == stages[1].docs - stats["drops"]["min_chars"]["docs"]


def test_card_site_table_sums_to_the_totals(out):
    _, body = _split((out / "README.md").read_text(encoding="utf-8"))
    table = body.split("What became of each site", 1)[1].split("\n\n", 2)[1]
    lines = [line.strip("|").split("|") for line in table.splitlines()[2:]]
    cells = [[c.strip().replace(",", "") for c in line] for line in lines]
    *sites, total = cells
    assert total[0] == "**total**"
    for column in range(1, 5):  # read, dropped: too short, duplicates, published
        assert sum(int(row[column]) for row in sites) == int(total[column])
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert int(total[1]) == stats["stages"]["read"]["docs"]
    assert int(total[2]) == stats["drops"]["min_chars"]["docs"]
    assert int(total[3]) == 2
    assert int(total[4]) == stats["stages"]["write"]["docs"]
    assert ["blog.example.kr", "4", "1", "0", "3", "75.0 %"] in sites


def test_card_quotes_the_projects_evaluation(out, tmp_path):
    _, body = _split((out / "README.md").read_text(encoding="utf-8"))
    results = json.loads((ROOT / "bench" / "results.json").read_text(encoding="utf-8"))
    figures = {f["name"]: f["value"] for f in results["figures"] if f["suite"] == "general"}
    # the card reads bench/results.json when it is written: its figures, not copies
    row = (
        f"| community | {figures['community recall (first look)']:.3f} "
        f"| {figures['community content-line loss (first look)']:.3f} "
        f"| {figures['community recall (now)']:.3f} "
        f"| {figures['community content-line loss (now)']:.3f} |"
    )
    assert row in body
    assert results["when"] in body
    # other figures give another table; none at all, a pointer to where they are
    fake = tmp_path / "results.json"
    fake.write_text(
        json.dumps(
            {
                "when": "2031-01-01",
                "figures": [
                    {"suite": "general", "name": "news recall (now)", "value": 0.5},
                    {"suite": "general", "name": "news content-line loss (now)", "value": 0.25},
                ],
            }
        ),
        encoding="utf-8",
    )
    evaluation = read_evaluation(fake)
    assert evaluation is not None and evaluation.groups == [("news", None, None, 0.5, 0.25)]
    assert read_evaluation(tmp_path / "missing.json") is None
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    other = card_body(out, manifest, stats, evaluation)
    assert "| news |  |  | 0.500 | 0.250 |" in other and "2031-01-01" in other
    without = card_body(out, manifest, stats, None)
    assert "were not available where this card was written" in without
    assert "| community |" not in without


def test_card_licensing_and_placeholder_name(out, tmp_path):
    _, body = _split((out / "README.md").read_text(encoding="utf-8"))
    assert "## Licensing" in body and "does not license them" in body
    assert "0 documents read carried a notice" in body  # no reservation in this corpus
    assert f'load_dataset("{DATASET_PLACEHOLDER}", split="train")' in body
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    assert name_dataset_in_card(copy, "someone/ko-web")
    named = (copy / "README.md").read_text(encoding="utf-8")
    assert 'load_dataset("someone/ko-web", split="train")' in named
    assert "https://huggingface.co/datasets/someone/ko-web" in named
    assert DATASET_PLACEHOLDER not in named
    assert not name_dataset_in_card(copy, "someone/other")  # a named card is left alone
    assert validate_card(copy) == []


def test_source_datasets_from_config_or_hub_inputs():
    manifest = {
        "config": {"output": {"source_datasets": []}},
        "inputs": [
            {"file": "hf://datasets/someone/crawl/data/a.jsonl"},
            {"file": "hf://datasets/someone/crawl/data/b.jsonl"},
            {"file": "/data/local.jsonl"},
        ],
    }
    assert source_datasets(manifest) == ["someone/crawl"]
    manifest["config"]["output"]["source_datasets"] = ["HuggingFaceFW/fineweb-2"]
    assert source_datasets(manifest) == ["HuggingFaceFW/fineweb-2"]
    assert source_datasets({"config": {"output": {}}, "inputs": []}) == ["original"]


def test_column_docs_cover_the_schema_exactly():
    assert list(COLUMN_DOCS) == SHARD_SCHEMA.names


def test_size_categories_and_quoting():
    assert all(size_category(n) in SIZE_CATEGORIES for n in (0, 10**3, 10**6, 10**13))
    assert [size_category(n) for n in (0, 999, 1000, 12_345_678)] == [
        "n<1K",
        "n<1K",
        "1K<n<10K",
        "10M<n<100M",
    ]
    manifest = {
        "rows": 5,
        "config": {"output": {"license": "cc-by-4.0", "pretty_name": 'A "quoted": name #1'}},
    }
    header = yaml.safe_load(card_header(manifest).strip().strip("-"))
    assert header["pretty_name"] == 'A "quoted": name #1'
    assert header["license"] == "cc-by-4.0"
    assert "license_name" not in header  # only `other` needs a name and a link
    assert check_header(header) == []


def test_readme_documents_the_shard_schema():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Publishing", 1)[1].split("\n## ", 1)[0]
    table = re.findall(r"^\| `(\w+)` \| `([^`]+)` \| (.+) \|$", section, re.M)
    assert [(name, kind) for name, kind, _ in table] == [
        (f.name, str(f.type)) for f in SHARD_SCHEMA
    ]
    assert all(meaning.strip() for _, _, meaning in table)


def test_a_license_the_hub_would_refuse_stops_the_run_before_any_work(tmp_path, capsys):
    from cleaner.cli import main

    source = tmp_path / "in.txt"
    source.write_text(
        "시청 앞 광장에서 열린 축제에 주말 동안 많은 시민이 찾았다.", encoding="utf-8"
    )
    out = tmp_path / "out"
    assert main(["run", str(source), "--out", str(out), "--license", "gpl-2.0-or-later"]) == 2
    assert "is not a Hub license identifier" in capsys.readouterr().err
    assert main(["run", str(source), "--out", str(out), "--license-name", "My Terms"]) == 2
    assert "license: other needs license_name" in capsys.readouterr().err
    assert not out.exists()
