"""The same pipeline on the local process pool and on Ray gives the same shards."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cleaner.config import Config
from cleaner.run import run

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _shard_hashes(out: Path) -> list[tuple[str, str, int]]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return [(s["file"], s["sha256"], s["rows"]) for s in manifest["shards"]]


def test_ray_engine_matches_local(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    corpus = tmp_path / "in"
    shutil.copytree(SAMPLES, corpus)
    config = Config()
    config.input.workers = 2
    local = run([str(corpus)], tmp_path / "local", config, engine="local")
    on_ray = run([str(corpus)], tmp_path / "ray", config, engine="ray")
    assert local.stats["stages"]["write"]["docs"] > 0
    assert _shard_hashes(tmp_path / "local") == _shard_hashes(tmp_path / "ray")
    assert local.stats["rules"] == on_ray.stats["rules"]


def test_unknown_engine_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        run([str(SAMPLES)], tmp_path / "x", Config(), engine="spark")
