"""Run configuration: defaults, a TOML file, then command-line flags, in that order of precedence.

Every option lives in exactly one section and is declared once, in ``OPTIONS``; the TOML loader,
the ``cleaner run`` flags and their ``--help`` text are all generated from that table.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


class ConfigError(ValueError):
    pass


@dataclass
class InputConfig:
    format: str | None = None  # jsonl | json | parquet | txt | html; None = by extension
    text_field: str = "text"
    id_field: str = "id"
    url_field: str = "url"
    site_field: str | None = None
    workers: int = 0  # 0 = all cores
    max_doc_chars: int = 5_000_000
    oversized: str = "truncate"  # truncate | skip
    # A JSON Lines line longer than this is a record error, skipped without being held whole.
    # No web page comes near it; a longer "line" is a dump without newlines or a decompression
    # bomb, and holding it would cost a few times its size in every worker.
    max_line_bytes: int = 64 * 1024 * 1024


@dataclass
class CleanConfig:
    enabled: bool = True
    detectors: list[str] = field(default_factory=lambda: ["all"])
    disable: list[str] = field(default_factory=list)
    min_chars: int = 100
    # per-site template learning (cleaner/boilerplate/templates.py)
    templates: bool = False
    template_min_docs: int = 3
    template_min_share: float = 0.1
    templates_in: str | None = None
    templates_out: str | None = None


@dataclass
class DedupConfig:
    exact: bool = True
    near: bool = True
    threshold: float = 0.8
    num_perm: int = 128
    shingle_size: int = 5
    keep: str = "longest"  # longest | first | newest
    date_field: str = "date"
    write_duplicates: bool = True
    against: str | None = None  # earlier output folder: drop documents that duplicate it


@dataclass
class OutputConfig:
    shard_rows: int = 100_000
    shard_bytes: int = 256 * 1024 * 1024
    compression: str = "zstd"
    write_removed: bool = True
    license: str = "other"
    pretty_name: str = "Cleaned Korean web text"


@dataclass
class Config:
    input: InputConfig = field(default_factory=InputConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    output: OutputConfig = field(default_factory=OutputConfig)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def fingerprint(self) -> str:
        """A hash of everything that changes the output (not the worker count)."""
        data = self.as_dict()
        data["input"].pop("workers", None)
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    @property
    def workers(self) -> int:
        return self.input.workers or os.cpu_count() or 1


@dataclass(frozen=True)
class Option:
    section: str
    key: str
    flag: str
    help: str
    choices: tuple[str, ...] | None = None


OPTIONS: tuple[Option, ...] = (
    Option(
        "input",
        "format",
        "--format",
        "input format; default: by file extension",
        ("jsonl", "json", "parquet", "txt", "html"),
    ),
    Option("input", "text_field", "--text-field", "field holding the document text"),
    Option(
        "input", "id_field", "--id-field", "field holding the document id (generated if absent)"
    ),
    Option("input", "url_field", "--url-field", "field holding the page URL"),
    Option("input", "site_field", "--site-field", "field naming the site (default: URL host)"),
    Option("input", "workers", "--workers", "parallel worker processes (0 = all cores)"),
    Option(
        "input", "max_doc_chars", "--max-doc-chars", "documents longer than this are cut or skipped"
    ),
    Option(
        "input",
        "oversized",
        "--oversized",
        "what to do with oversized documents",
        ("truncate", "skip"),
    ),
    Option(
        "input",
        "max_line_bytes",
        "--max-line-bytes",
        "JSON Lines lines longer than this many bytes are skipped as record errors",
    ),
    Option("clean", "enabled", "--clean", "run the boilerplate detectors"),
    Option("clean", "detectors", "--detectors", "comma-separated detector names, or 'all'"),
    Option("clean", "disable", "--disable", "comma-separated detector names to switch off"),
    Option("clean", "min_chars", "--min-chars", "drop documents shorter than this after cleaning"),
    Option(
        "clean", "templates", "--learn-templates", "learn each site's repeated lines (2 passes)"
    ),
    Option(
        "clean",
        "template_min_docs",
        "--template-min-docs",
        "a template line occurs in at least this many documents of its site",
    ),
    Option(
        "clean",
        "template_min_share",
        "--template-min-share",
        "… and in at least this share of its site's documents",
    ),
    Option("clean", "templates_in", "--templates", "template counts saved by an earlier run"),
    Option("clean", "templates_out", "--save-templates", "save the template counts to this file"),
    Option("dedup", "exact", "--exact-dedup", "remove exact duplicates of the cleaned text"),
    Option("dedup", "near", "--near-dedup", "remove near-duplicates with MinHash LSH"),
    Option("dedup", "threshold", "--threshold", "Jaccard similarity that makes a near-duplicate"),
    Option("dedup", "num_perm", "--num-perm", "MinHash permutations"),
    Option("dedup", "shingle_size", "--shingle-size", "character n-gram size for shingles"),
    Option(
        "dedup",
        "keep",
        "--keep",
        "which member of a duplicate cluster to keep",
        ("longest", "first", "newest"),
    ),
    Option("dedup", "date_field", "--date-field", "metadata field used by --keep newest"),
    Option(
        "dedup", "write_duplicates", "--write-duplicates", "write duplicates.parquet for audits"
    ),
    Option(
        "dedup",
        "against",
        "--against",
        "earlier output folder; documents duplicating it are removed (uses its signatures.parquet)",
    ),
    Option("output", "shard_rows", "--shard-rows", "maximum rows per shard"),
    Option("output", "shard_bytes", "--shard-bytes", "approximate maximum bytes per shard"),
    Option("output", "compression", "--compression", "Parquet compression codec"),
    Option(
        "output", "write_removed", "--write-removed", "write removed.parquet (every removed span)"
    ),
    Option("output", "license", "--license", "license named in the dataset card"),
    Option("output", "pretty_name", "--pretty-name", "dataset name shown in the dataset card"),
)


def coerce(value: Any, current: Any, where: str) -> Any:
    """Convert a TOML or command-line value to the type of the option's default."""
    if isinstance(current, bool):
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"1", "true", "yes", "on"}:
            return True
        if text in {"0", "false", "no", "off"}:
            return False
        raise ConfigError(f"{where}: expected true/false, got {value!r}")
    if isinstance(current, int) and not isinstance(current, bool):
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: expected an integer, got {value!r}") from None
    if isinstance(current, float):
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: expected a number, got {value!r}") from None
    if isinstance(current, list):
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, list):
            return [str(v) for v in value]
        raise ConfigError(f"{where}: expected a list, got {value!r}")
    return None if value is None else str(value)


def set_option(config: Config, section: str, key: str, value: Any, where: str) -> None:
    target = getattr(config, section)
    if not hasattr(target, key):
        raise ConfigError(f"{where}: unknown option [{section}] {key}")
    option = next((o for o in OPTIONS if o.section == section and o.key == key), None)
    new = coerce(value, getattr(target, key), where)
    if option and option.choices and new is not None and new not in option.choices:
        raise ConfigError(f"{where}: {key} must be one of {', '.join(option.choices)}")
    setattr(target, key, new)


def load_config(
    path: str | Path | None, overrides: dict[tuple[str, str], Any] | None = None
) -> Config:
    config = Config()
    if path is not None:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {path}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        for section, table in data.items():
            if section not in {"input", "clean", "dedup", "output"} or not isinstance(table, dict):
                raise ConfigError(f"{path}: unknown section [{section}]")
            for key, value in table.items():
                set_option(config, section, key, value, f"{path} [{section}] {key}")
    for (section, key), value in (overrides or {}).items():
        set_option(config, section, key, value, f"option {key}")
    validate(config)
    return config


def validate(config: Config) -> None:
    if not 0.0 < config.dedup.threshold <= 1.0:
        raise ConfigError("dedup.threshold must be in (0, 1]")
    if config.dedup.num_perm < 16:
        raise ConfigError("dedup.num_perm must be at least 16")
    if config.dedup.shingle_size < 1:
        raise ConfigError("dedup.shingle_size must be positive")
    if config.clean.template_min_docs < 2 or not 0.0 < config.clean.template_min_share <= 1.0:
        raise ConfigError("clean.template_min_docs must be >= 2, template_min_share in (0, 1]")
    if config.input.max_line_bytes < 1:
        raise ConfigError("input.max_line_bytes must be positive")
    if config.output.shard_rows < 1 or config.output.shard_bytes < 1024:
        raise ConfigError("output.shard_rows must be >= 1 and output.shard_bytes >= 1024")
