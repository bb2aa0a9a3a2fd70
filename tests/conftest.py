from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DEV = SHARED / "eval" / "dev.jsonl"
SAMPLES = ROOT / "samples"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not available beside the checkout")
    return path


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    folder = need(SEEDS)
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


@pytest.fixture(scope="session")
def published(tmp_path_factory, seed_texts) -> Path:
    """One output folder for the card, verify, publish and report tests, built once: read it,
    or copy it before changing anything. Two rows a shard, so that it has several shards."""
    from publish_helpers import make_output

    from cleaner.config import Config

    config = Config()
    config.output.shard_rows = 2
    return make_output(tmp_path_factory.mktemp("published"), seed_texts, config).out


@pytest.fixture(scope="session")
def dev_docs() -> list[dict]:
    with need(DEV).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]
