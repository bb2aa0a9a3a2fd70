"""`cleaner report`: a self-contained page whose plots render in headless Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cleaner.cli import main
from cleaner.output.report import (
    PALETTE,
    choose_sample,
    cluster_sizes,
    document_lines,
    palette,
    pick_sample,
    render_report,
    rule_colors,
    site_removed_share,
    whole_document_removals,
)
from cleaner.output.stats_view import funnel

PLOTS = [
    "plot-funnel",
    "plot-rules",
    "plot-drops",
    "plot-lengths",
    "plot-sites",
    "plot-clusters",
]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def out(published, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "out"
    shutil.copytree(published, out)  # the report is written into the folder
    assert main(["report", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def shards(out) -> list[Path]:
    return sorted(out.glob("data/train-*.parquet"))


@pytest.fixture(scope="module")
def rows(shards):
    import pyarrow as pa
    import pyarrow.parquet as pq

    return pa.concat_tables(pq.read_table(p) for p in shards).to_pylist()


def test_page_is_self_contained_with_its_plots(out):
    page = (out / "report.html").read_text(encoding="utf-8")
    for plot in PLOTS:
        figure = re.search(rf"<figure class='plot' id='{plot}'>(.*?)</figure>", page, re.S)
        assert figure and figure.group(1).startswith("<svg"), plot
    # nothing is fetched: no external scripts, styles, images or fonts
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)
    assert not re.search(r"url\((?!#)", page) and "@import" not in page  # url(#clip) is local
    assert "default-src 'none'" in page


def _figure(page: str, plot: str) -> str:
    found = re.search(rf"<figure class='plot' id='{plot}'>(.*?)</figure>", page, re.S)
    assert found, plot
    return found.group(1)


def _table(page: str, table_id: str) -> list[list[str]]:
    found = re.search(rf"<table id='{table_id}'>(.*?)</table>", page, re.S)
    assert found, table_id
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1), re.S)
    return [re.findall(r"<t[dh]>(.*?)</t[dh]>", row, re.S) for row in rows]


def _number(cell: str) -> int:
    return int(cell.replace(",", ""))


def test_whole_document_drops_are_apart_from_line_rules(out):
    page = (out / "report.html").read_text(encoding="utf-8")
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    rules_plot, drops_plot = _figure(page, "plot-rules"), _figure(page, "plot-drops")
    assert "min_chars" not in rules_plot and "too short" not in rules_plot
    assert "copyright" in rules_plot
    assert "too short" in drops_plot and "exact duplicates" in drops_plot
    assert "copyright" not in drops_plot
    assert whole_document_removals(stats) == [
        ("too short", stats["drops"]["min_chars"]["docs"]),
        ("exact duplicates", 1),
        ("near duplicates", 1),
    ]


def test_funnel_table_equals_the_stats(out):
    page = (out / "report.html").read_text(encoding="utf-8")
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    header, *rows = _table(page, "funnel")
    assert header[:5] == ["stage", "documents", "%", "characters", "%"]
    read = stats["stages"]["read"]
    stages = funnel(stats)
    assert [r[0] for r in rows] == [s.name for s in stages]
    for row, stage in zip(rows, stages, strict=True):
        assert _number(row[1]) == stage.docs
        assert _number(row[3]) == stage.chars
        assert row[2] == f"{100 * stage.docs / read['docs']:.1f} %"
        assert row[4] == f"{100 * stage.chars / read['chars']:.1f} %"
    # the stages the funnel names are the stats' own counts
    assert stages[0].docs == read["docs"] and stages[0].chars == read["chars"]
    assert stages[-1].docs == stats["stages"]["write"]["docs"]
    assert stages[-1].chars == stats["lengths"]["after"]["chars"]
    assert stages[2].docs == stages[1].docs - stats["stages"]["filter"]["docs_removed"]


def test_site_table_rows_sum_to_the_totals(out, rows):
    page = (out / "report.html").read_text(encoding="utf-8")
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    header, *sites, total = _table(page, "site-drops")
    assert header[:6] == [
        "site",
        "read",
        "dropped: too short",
        "duplicates",
        "published",
        "% published",
    ]
    for column in range(1, 5):
        assert sum(_number(r[column]) for r in sites) == _number(total[column]), header[column]
    assert _number(total[1]) == stats["stages"]["read"]["docs"]
    assert _number(total[2]) == stats["drops"]["min_chars"]["docs"]
    dups = (
        stats["stages"]["exact_dedup"]["docs_removed"]
        + stats["stages"]["near_dedup"]["docs_removed"]
    )
    assert _number(total[3]) == dups
    assert _number(total[4]) == len(rows)
    by_site = {r[0]: r for r in sites}
    # imbc: the page and its exact copy from the mobile host (both imnews.imbc.com)
    assert [_number(c) for c in by_site["imnews.imbc.com"][1:5]] == [2, 0, 1, 1]
    assert [_number(c) for c in by_site["blog.example.kr"][1:5]] == [4, 1, 0, 3]


def test_palette_never_repeats_a_colour():
    assert palette(10) == PALETTE
    for n in (11, 30, 200):
        colors = palette(n)
        assert len(set(colors)) == n, n
        assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colors)
    rgb = [tuple(int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)) for c in palette(30)]
    closest = min(
        sum((a - b) ** 2 for a, b in zip(x, y, strict=True)) ** 0.5
        for i, x in enumerate(rgb)
        for y in rgb[i + 1 :]
    )
    assert closest > 0.1, closest  # 30 rules: still told apart by eye
    rules = [f"rule_{i}" for i in range(30)]
    assert len(set(rule_colors(rules).values())) == 30


def test_stats_of_an_older_version_still_render(out, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    stats = json.loads((copy / "stats.json").read_text(encoding="utf-8"))
    # before drops were kept apart: min_chars among the rules, no sites, fewer stage counts
    stats["rules"]["min_chars"] = stats.pop("drops")["min_chars"]
    for key in ("sites", "rights"):
        stats.pop(key)
    for stage in ("clean", "filter", "write"):
        for key in ("docs", "chars"):
            if stage != "write" or key == "chars":
                stats["stages"][stage].pop(key, None)
    (copy / "stats.json").write_text(json.dumps(stats), encoding="utf-8")
    page = render_report(copy)
    assert "min_chars" not in _figure(page, "plot-rules")
    assert "too short" in _figure(page, "plot-drops")
    assert "Per-site counts are not in this stats.json" in page
    _, *rows = _table(page, "funnel")
    assert rows[2][3] == "–"  # characters after the drops were not recorded then


def test_sample_shows_removed_lines_with_their_rules(out, rows):
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<span class='line removed' data-rule='chrome'>" in page
    assert "메뉴 건너뛰기</span>" in page  # the seed's first line, removed by chrome
    assert page.count("<details class='doc'") == len(rows)
    assert "input text not used" not in page  # inputs still there: exact layout


def test_document_lines_exact_and_approximate(out, rows, tmp_path):
    mbc = next(r for r in rows if r["id"] == "mbc-1")
    original = Path(__file__).parent.parent.parent / "shared/seeds/000_0b86b8e9de9cbaaf.txt"
    text = original.read_text(encoding="utf-8")
    exact, is_exact = document_lines(mbc, text)
    assert is_exact and [line for line, _ in exact] == text.split("\n")
    assert exact[0] == ("메뉴 건너뛰기", "chrome")
    kept = [line for line, rule in exact if rule is None and line.strip()]
    assert kept == [line for line in mbc["text"].split("\n") if line.strip()]
    approx, is_exact = document_lines(mbc, None)
    assert not is_exact
    assert [line for line, rule in approx if rule] == [line for line, rule in exact if rule]
    assert [line for line, rule in approx if not rule and line.strip()] == kept


def test_report_without_inputs_says_layout_is_approximate(out, published, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    manifest = (copy / "manifest.json").read_text(encoding="utf-8")
    (copy / "manifest.json").write_text(manifest.replace(str(published.parent / "in"), "/gone"))
    page = render_report(copy)
    assert "input text not used" in page
    assert "<span class='line removed' data-rule='chrome'>" in page


def test_site_shares_and_cluster_sizes(out, shards, rows):
    import pyarrow.parquet as pq

    removed = pq.read_table(out / "audit" / "removed.parquet").to_pylist()
    shares = site_removed_share(shards)
    assert [s[0] for s in shares] == ["imnews.imbc.com", "news.example.kr", "blog.example.kr"]
    published = {r["id"] for r in rows}
    for site, docs, by_rule, total in shares:
        mine = [r for r in rows if r["site"] == site]
        assert docs == len(mine)
        assert total == sum(r["n_chars"] + r["removed_chars"] for r in mine)
        # the same numbers as removed.parquet gives for the published documents of the site
        expected: dict[str, int] = {}
        for span in removed:
            if span["site"] == site and span["id"] in published:
                expected[span["rule"]] = expected.get(span["rule"], 0) + len(span["text"])
        assert by_rule == expected, site
    assert set(shares[2][2]) == {"copyright"}
    assert cluster_sizes(shards) == {2: 2}


def test_sample_takes_documents_with_removals_round_robin(shards, rows):
    items = [((0, i), r["source"], bool(r["removals"])) for i, r in enumerate(rows)]
    ids = [r["id"] for r in rows]
    assert [ids[i] for _, i in choose_sample(items, 4)] == ["blog-0", "mbc-1", "blog-1", "ja-near"]
    assert [ids[i] for _, i in choose_sample(items, 10)][-1] == "blog-2"  # untouched ones last
    sample = pick_sample(shards, 3)
    assert [r["id"] for r in sample] == ["blog-0", "mbc-1", "blog-1"]
    assert sample[1] == next(r for r in rows if r["id"] == "mbc-1")  # full rows


def test_report_needs_a_run_folder(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    assert "manifest.json missing" in capsys.readouterr().err


# --- headless Chromium ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("headless Chromium is not installed, and apt-get (as root) is not available")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True, timeout=600)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "chromium"], env=env, check=True, timeout=900
        )
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.skip(f"could not install Debian's chromium package with apt-get: {exc}")
    found = shutil.which("chromium")
    if not found:
        pytest.skip("apt-get installed chromium but no chromium command is on PATH")
    return found


def _chromium(binary: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"  # fresh for every launch
    return subprocess.run(
        [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_plots_render_in_headless_chromium(out, chromium, tmp_path):
    done = _chromium(chromium, tmp_path, "--dump-dom", (out / "report.html").as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert 'data-ready="1"' in dom, "the page's script did not finish"
    for plot in PLOTS:
        figure = re.search(rf'<figure class="plot" id="{plot}"([^>]*)>', dom)
        assert figure, plot
        width = re.search(r'data-rendered-width="(\d+)"', figure.group(1))
        height = re.search(r'data-rendered-height="(\d+)"', figure.group(1))
        assert width and int(width.group(1)) > 300, (plot, figure.group(1))
        assert height and int(height.group(1)) > 100, (plot, figure.group(1))
    assert dom.count('class="line removed"') > 20


def test_screenshot_shows_the_plots(out, chromium, tmp_path):
    import matplotlib.image

    shot = tmp_path / "report.png"
    done = _chromium(
        chromium,
        tmp_path,
        f"--screenshot={shot}",
        "--window-size=1280,1400",
        (out / "report.html").as_uri(),
    )
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    pixels = matplotlib.image.imread(shot)[..., :3]
    assert pixels.shape[:2] == (1400, 1280)
    # the plots region (below the summary table) holds the bar colours of the plots
    plots = pixels[350:1000]
    ink = (plots.max(axis=2) - plots.min(axis=2) > 0.25).mean()  # coloured, not grey, pixels
    assert ink > 0.02, ink


def test_publish_uploads_the_report_that_cleaner_report_wrote(out):
    from cleaner.output.names import REPORT
    from cleaner.output.publish import upload_plan

    assert (out / REPORT).is_file()
    assert REPORT in [name for name, _ in upload_plan(out)]


def test_manifest_from_another_version_still_renders(out, tmp_path):
    import json

    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["config"]["clean"]["an_option_from_the_future"] = 1
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    page = render_report(copy)
    assert "input text not used" in page and "figure class='plot'" in page


def test_report_without_matplotlib_says_which_extra_to_install(tmp_path, monkeypatch, capsys):
    """matplotlib is the [report] extra, not a core dependency: without it one sentence."""
    import sys as _sys

    from cleaner.cli import main

    for name in [m for m in _sys.modules if m == "cleaner.output.report"]:
        monkeypatch.delitem(_sys.modules, name)
    for name in [m for m in _sys.modules if m.split(".")[0] == "matplotlib"] + ["matplotlib"]:
        monkeypatch.setitem(_sys.modules, name, None)  # import matplotlib... -> ImportError
    assert main(["report", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "pip install 'cleaner[report]'" in err and "Traceback" not in err
