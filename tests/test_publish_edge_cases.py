"""Card, report, verify and publish on unusual runs: nothing published, no removed.parquet."""

from __future__ import annotations

import pytest
from publish_helpers import make_output

from cleaner.cli import main
from cleaner.config import Config
from cleaner.output.publish import validate_card
from cleaner.output.report import render_report
from cleaner.output.verify import verify


def test_run_that_publishes_nothing(tmp_path, seed_texts, monkeypatch, capsys):
    monkeypatch.delenv("HF_TOKEN", raising=False)
    config = Config()
    config.clean.min_chars = 1_000_000  # every document is too short
    out = make_output(tmp_path, seed_texts, config).out
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "0 documents in 0 Parquet shard(s)" in card
    assert verify(out) == [] and validate_card(out) == []
    page = render_report(out)
    assert "no published documents" in page and "no duplicate clusters" in page
    assert main(["publish", str(out), "--dataset", "someone/empty"]) == 0
    assert "data/" not in capsys.readouterr().out


def test_run_without_removed_parquet_or_dedup(tmp_path, seed_texts):
    config = Config()
    config.output.write_removed = False
    config.dedup.near = False
    config.dedup.exact = False
    out = make_output(tmp_path, seed_texts, config).out
    assert not (out / "audit" / "removed.parquet").exists()
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "- `chrome`: (no example: audit/removed.parquet was not written)" in card
    # a config only for the audit files that were written
    assert "config_name: removed" not in card and "config_name: duplicates" in card
    assert "whitespace folding): off; 0 documents removed" in card
    assert verify(out) == [] and validate_card(out) == []
    page = render_report(out)
    assert "<span class='line removed' data-rule='chrome'>" in page  # from the shards' removals
    assert "no duplicate clusters" in page


@pytest.mark.parametrize("license_name", ["cc-by-4.0", "apache-2.0"])
def test_license_and_name_from_config_reach_the_card(tmp_path, seed_texts, license_name):
    config = Config()
    config.output.license = license_name
    config.output.pretty_name = "한국어 웹 텍스트: 정제본"
    out = make_output(tmp_path, seed_texts, config).out
    card = (out / "README.md").read_text(encoding="utf-8")
    assert f'license: "{license_name}"' in card
    assert 'pretty_name: "한국어 웹 텍스트: 정제본"' in card
    assert "\n# 한국어 웹 텍스트: 정제본\n" in card
    assert validate_card(out) == []
