"""Per-site template learning: repeated site lines go, shared story sentences stay, memory is capped.

Every text here is generated; no publisher's text is used.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cleaner.boilerplate import BoilerplateCleaner
from cleaner.boilerplate.templates import (
    LineSketch,
    SiteCounts,
    SiteLines,
    TemplateFilter,
    count_documents,
    line_hash,
    merge_counts,
)
from cleaner.config import Config, ConfigError, load_config
from cleaner.document import Document
from cleaner.run import run

SYLLABLES = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초"
FOOTER = (
    "우리동네소식 편집실 | 동네 이야기 모음 | 함께 만드는 신문"  # made up, no detector knows it
)
SIDEBAR = "이번 주 동네 행사 모아보기"
WIRE = "시청 앞 광장에서 열린 시민 축제에는 주말 동안 많은 가족 단위 방문객이 몰렸다고 주최 측은 밝혔다."


def words(rng: random.Random, n: int) -> str:
    return " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(n)
    )


def article(rng: random.Random, paragraphs: int = 4) -> list[str]:
    """A title line and paragraphs of unique generated 'sentences'."""
    return [words(rng, 5)] + [words(rng, rng.randint(12, 20)) + "다." for _ in range(paragraphs)]


def page(rng: random.Random, body: list[str] | None = None) -> str:
    body = body if body is not None else article(rng)
    return "\n".join([body[0], SIDEBAR, *body[1:], FOOTER])


def doc(text: str, url: str | None, i: int, source: str = "in.jsonl") -> Document:
    return Document(id=f"d{i}", text=text, url=url, source=source, metadata={})


def clean_all(docs: list[Document], counts: SiteCounts, min_docs: int = 3, share: float = 0.3):
    tf = TemplateFilter(counts.templates(min_docs, share), counts.small_sites())
    cleaner = BoilerplateCleaner(extra=[tf])
    for d in docs:
        tf.select(d)
        cleaner.clean(d)
    return docs


def test_the_made_up_lines_are_unknown_to_the_rules() -> None:
    # otherwise the rules would claim them first and these tests would not test learning
    page = "\n".join([WIRE, FOOTER, SIDEBAR, WIRE])
    _, rules = BoilerplateCleaner().mark(page)
    assert rules == [None, None, None, None]


def test_repeated_footer_goes_and_syndicated_sentence_stays() -> None:
    rng = random.Random(1)
    docs: list[Document] = []
    for site in ("a.example", "b.example", "c.example"):
        for n in range(6):
            body = article(rng)
            if n == 0:  # the same wire story runs once on every site
                body.insert(2, WIRE)
            docs.append(doc(page(rng, body), f"https://{site}/news/{n}", len(docs)))
        # one site runs the wire story three times (revisions, sections): still one story there
        if site == "a.example":
            wire_body = article(rng)
            wire_body.insert(2, WIRE)
            for n in range(3):
                docs.append(doc(page(rng, wire_body), f"https://{site}/copy/{n}", len(docs)))
    counts = count_documents(docs)
    assert counts.sites["a.example"].docs == 7  # 6 stories + the wire copies counted once
    clean_all(docs, counts)
    for d in docs:
        lines = d.text.split("\n")
        assert FOOTER not in lines and SIDEBAR not in lines
        assert {r.rule for r in d.removals} == {"template"}
    assert sum(WIRE in d.text.split("\n") for d in docs) == 6


def test_title_line_is_protected() -> None:
    rng = random.Random(2)
    # every page of the site starts with the same line: without a title field it is the title
    docs = [
        doc("\n".join(["동네 소식", *article(rng)[1:], FOOTER]), "https://t.example/a", i)
        for i in range(6)
    ]
    clean_all(docs, count_documents(docs))
    assert all(d.text.startswith("동네 소식\n") for d in docs)
    assert all(FOOTER not in d.text for d in docs)
    # with a metadata title, the first line is fair game and the title line is kept
    docs = [
        Document(
            id=str(i),
            text="\n".join(["동네 소식", "같은 제목", *article(rng)[1:]]),
            url="https://t.example/b",
            metadata={"title": "같은 제목"},
        )
        for i in range(6)
    ]
    clean_all(docs, count_documents(docs))
    assert all(d.text.startswith("같은 제목\n") for d in docs)


@pytest.mark.parametrize("pages", [1, 2])
def test_small_sites_remove_nothing(pages: int) -> None:
    rng = random.Random(pages)
    docs = [doc(page(rng), f"https://small{pages}.example/{i}", i) for i in range(pages)]
    counts = count_documents(docs)
    assert counts.templates(3, 0.3) == {}
    # the rule-based detectors still carry these pages alone
    expected = [BoilerplateCleaner().clean_text(d.text)[0] for d in docs]
    clean_all(docs, counts)
    assert [d.text for d in docs] == expected
    assert all(r.rule != "template" for d in docs for r in d.removals)


def test_digits_and_dates_collapse() -> None:
    assert line_hash("47141 새 글 안내  2025.02.04") == line_hash("47122 새 글 안내 2024.12.31")
    assert line_hash("새 글 안내") != line_hash("헌 글 안내")


def test_tables_never_exceed_their_cap_and_keep_heavy_lines() -> None:
    rng = random.Random(3)
    capacity = 64
    sketches: dict[str, LineSketch] = {}
    footer_docs: dict[str, int] = {}
    for i in range(6000):
        site = f"s{i % 100}.example"
        hashes = {rng.getrandbits(64) for _ in range(8)}  # unique article lines
        if rng.random() < 0.8:
            hashes.add(line_hash(f"{site} footer"))
            footer_docs[site] = footer_docs.get(site, 0) + 1
        sketch = sketches.setdefault(site, LineSketch(capacity))
        sketch.add_document(hashes)
        assert len(sketch.counts) <= capacity
    # counts are lower bounds, and a line on 80% of pages survives the pruning almost intact
    for site, sketch in sketches.items():
        assert footer_docs[site] - 3 <= sketch.counts[line_hash(f"{site} footer")]
        assert sketch.counts[line_hash(f"{site} footer")] <= footer_docs[site]
    # the frozen, merged tables keep the cap too, and still find every footer
    counts = SiteCounts(capacity, {s: SiteLines.from_sketch(k) for s, k in sketches.items()})
    merged = merge_counts([counts, counts, counts], capacity)
    assert max(len(t.hashes) for t in merged.sites.values()) <= capacity
    assert merged.entries <= capacity * len(merged.sites)
    found = merged.templates(3, 0.3)
    assert all(line_hash(f"{s} footer") in found[s] for s in merged.sites)
    # and a corpus run through count_documents stays under the cap per site
    docs = [
        doc("\n".join([*article(rng, 10), FOOTER]), f"https://m{i % 7}.example/{i}", i)
        for i in range(400)
    ]
    small = count_documents(docs, capacity)
    assert max(len(t.hashes) for t in small.sites.values()) <= capacity
    assert all(line_hash(FOOTER) in v for v in small.templates(3, 0.3).values())
    assert len(small.templates(3, 0.3)) == 7


def test_template_file_round_trip(tmp_path: Path) -> None:
    rng = random.Random(4)
    docs = [doc(page(rng), f"https://r{i % 3}.example/{i}", i) for i in range(30)]
    counts = count_documents(docs)
    path = tmp_path / "t.npz"
    counts.save(path)
    loaded = SiteCounts.load(path)
    assert loaded.capacity == counts.capacity
    assert loaded.sites.keys() == counts.sites.keys()
    for site, table in counts.sites.items():
        assert loaded.sites[site].docs == table.docs
        assert loaded.sites[site].hashes.tolist() == table.hashes.tolist()
        assert loaded.sites[site].counts.tolist() == table.counts.tolist()
    assert loaded.templates(3, 0.3) == counts.templates(3, 0.3)
    assert loaded.templates(3, 0.3)  # something was learned


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def config(**clean: object) -> Config:
    cfg = load_config(None, {("clean", k): v for k, v in clean.items()})
    cfg.input.workers = 1
    return cfg


def removed_rules(out: Path) -> list[str]:
    return pq.read_table(out / "audit" / "removed.parquet").column("rule").to_pylist()


def test_pipeline_learns_saves_and_reuses_templates(tmp_path: Path) -> None:
    rng = random.Random(5)
    day1 = write_jsonl(
        tmp_path / "day1.jsonl",
        [{"text": page(rng), "url": f"https://p.example/{i}"} for i in range(8)],
    )
    saved = tmp_path / "p.npz"
    result = run([str(day1)], tmp_path / "out1", config(templates=True, templates_out=str(saved)))
    assert result.stats["rules"]["template"]["lines"] == 16
    assert removed_rules(tmp_path / "out1").count("template") == 16
    assert saved.exists()

    # the next day brings a single page of the site: nothing to learn from, but it is known
    day2 = write_jsonl(
        tmp_path / "day2.jsonl", [{"text": page(rng), "url": "https://p.example/new"}]
    )
    run([str(day2)], tmp_path / "out2", config(templates=False))
    assert "template" not in removed_rules(tmp_path / "out2")
    run([str(day2)], tmp_path / "out3", config(templates=False, templates_in=str(saved)))
    assert removed_rules(tmp_path / "out3").count("template") == 2


def test_corpus_without_urls_learns_per_file(tmp_path: Path) -> None:
    rng = random.Random(6)
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "one.jsonl", [{"text": page(rng)} for _ in range(6)])
    # the second file has the same footer on only one of its pages
    write_jsonl(
        folder / "two.jsonl",
        [{"text": page(rng)}] + [{"text": "\n".join(article(rng))} for _ in range(5)],
    )
    result = run([str(folder)], tmp_path / "out", config(templates=True))
    table = pq.read_table(tmp_path / "out" / "audit" / "removed.parquet").to_pylist()
    template_sources = {Path(r["source"]).name for r in table if r["rule"] == "template"}
    assert template_sources == {"one.jsonl"}
    assert result.stats["rules"]["template"]["lines"] == 12


def test_config_rejects_bad_thresholds() -> None:
    with pytest.raises(ConfigError):
        config(template_min_docs=1)
    with pytest.raises(ConfigError):
        config(template_min_share=0)


def test_cli_flags_reach_the_config(tmp_path: Path) -> None:
    from cleaner.cli import _config_from, build_parser

    args = build_parser().parse_args(
        [
            *("run", "in.jsonl", "--out", str(tmp_path)),
            *("--learn-templates", "--template-min-docs", "4"),
            *("--template-min-share", "0.25", "--templates", "a.npz", "--save-templates", "b.npz"),
        ]
    )
    clean = _config_from(args).clean
    assert (clean.templates, clean.template_min_docs, clean.template_min_share) == (True, 4, 0.25)
    assert (clean.templates_in, clean.templates_out) == ("a.npz", "b.npz")
    toml = tmp_path / "c.toml"
    toml.write_text("[clean]\ntemplates = true\ntemplate_min_share = 0.5\n", encoding="utf-8")
    clean = load_config(toml).clean
    assert clean.templates and clean.template_min_share == 0.5 and not Config().clean.templates


def test_a_small_site_loses_only_furniture_shaped_lines() -> None:
    """On a site of a few pages a recurring sentence may be one story told again (a correction,
    a reposted notice): there only lines that look like furniture go; on a site with enough pages
    the count alone decides."""
    notice = "이번 주말 시민회관 공연은 사정에 따라 일요일 오후로 옮겨 열립니다."
    rng = random.Random(5)

    def site_docs(site: str, n: int) -> list[Document]:
        return [
            doc(page(rng, [*article(rng)[:2], notice, *article(rng)[1:]]), f"https://{site}/{i}", i)
            for i in range(n)
        ]

    small = site_docs("small.example", 5)
    counts = count_documents(small)
    assert "small.example" in counts.small_sites()
    clean_all(small, counts)
    assert all(notice in d.text.split("\n") for d in small)
    assert all(FOOTER not in d.text for d in small)
    large = site_docs("large.example", 25)
    counts = count_documents(large)
    assert "large.example" not in counts.small_sites()
    clean_all(large, counts)
    assert not any(notice in d.text.split("\n") for d in large)
