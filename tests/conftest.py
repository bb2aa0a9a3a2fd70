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
def dev_docs() -> list[dict]:
    with need(DEV).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]
