"""Run configuration: defaults, a TOML file, then command-line flags, in that order of precedence.

Every option lives in exactly one section and is declared once, in ``OPTIONS``; the TOML loader,
the ``cleaner run`` flags and their ``--help`` text are all generated from that table. The one
exception is the threshold of each document filter: the filter table
(``cleaner/filters/table.py``) declares it, and it is set in the ``[filter]`` section of a TOML
file (or by keyword in the Python API), not by a flag of its own.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field, make_dataclass
from pathlib import Path
from typing import Any

from cleaner.filters.table import DEFAULT, FILTER_SPECS, resolve_names
from cleaner.pii.lexicon import DESCRIPTIONS, TYPES

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
    # drop documents whose original text reserves them from AI training / text-and-data mining
    # (they are flagged in the shard column rights_reservation either way)
    drop_reserved: bool = False
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


def _filter_config() -> type:
    """``[filter]``: the master switch, which filters run, and one threshold per filter, named
    after it (the filter table's defaults)."""
    options: list[tuple[str, type, Any]] = [
        ("filtering", bool, field(default=True)),
        ("filters", list, field(default_factory=lambda: [DEFAULT])),
        ("skip_filters", list, field(default_factory=list)),
    ]
    options += [(s.name, type(s.threshold), field(default=s.threshold)) for s in FILTER_SPECS]
    made = make_dataclass("FilterConfig", options)
    made.__module__ = __name__  # so that worker processes can unpickle it
    return made


FilterConfig = _filter_config()


@dataclass
class OutputConfig:
    shard_rows: int = 100_000
    shard_bytes: int = 256 * 1024 * 1024
    compression: str = "zstd"
    write_removed: bool = True
    write_filtered: bool = True
    # the dataset card's license: a Hub license id; "other" needs a name and a link (the
    # texts stay their publishers', so the default points at the card's Licensing section)
    license: str = "other"
    license_name: str = "source-publishers-terms"
    license_link: str = "README.md"
    pretty_name: str = "Cleaned Korean web text"
    # Hub datasets the inputs come from (default: the hf://datasets/… inputs, else "original")
    source_datasets: list[str] = field(default_factory=list)
    # bench/results.json whose figures the card quotes as known limitations (default: the
    # project's own, when cleaner runs from its source checkout)
    evaluation: str | None = None


@dataclass
class PiiConfig:
    """What to do with each type of personal data (cleaner/pii): off, mask (replace it with a
    typed placeholder) or drop (drop the document). ``mode`` applies to every type left unset."""

    mode: str = "off"
    rrn: str | None = None
    phone: str | None = None
    email: str | None = None
    card: str | None = None
    account: str | None = None
    brn: str | None = None
    ip: str | None = None

    def modes(self) -> dict[str, str]:
        """Every type's mode, ``mode`` filled in where the type is unset."""
        return {kind: getattr(self, kind) or self.mode for kind in PII_TYPES}

    @property
    def enabled(self) -> bool:
        return any(mode != "off" for mode in self.modes().values())


# the fields of PiiConfig are the types of cleaner.pii, in its order (checked by a test)
PII_TYPES = TYPES
PII_MODES = ("off", "mask", "drop")


@dataclass
class Config:
    input: InputConfig = field(default_factory=InputConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    filter: Any = field(default_factory=FilterConfig)  # a FilterConfig
    dedup: DedupConfig = field(default_factory=DedupConfig)
    output: OutputConfig = field(default_factory=OutputConfig)
    pii: PiiConfig = field(default_factory=PiiConfig)

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


# The codecs pyarrow's Parquet writer takes; "lzo" is listed by Parquet but pyarrow cannot write
# it. Checked when the configuration is loaded, so a wrong name never costs a whole run.
COMPRESSIONS = ("zstd", "snappy", "gzip", "brotli", "lz4", "none")

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
        "clean",
        "drop_reserved",
        "--drop-reserved",
        "drop documents whose text reserves them from AI training or text and data mining",
    ),
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
    Option("filter", "filtering", "--filter", "drop documents that fail a quality filter"),
    Option(
        "filter",
        "filters",
        "--filters",
        "comma-separated filter names, 'default' or 'all' (thresholds: [filter] in the TOML file)",
    ),
    Option(
        "filter", "skip_filters", "--skip-filters", "comma-separated filter names to switch off"
    ),
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
    Option("dedup", "write_duplicates", "--write-duplicates", "write audit/duplicates.parquet"),
    Option(
        "dedup",
        "against",
        "--against",
        "earlier output folder; documents duplicating it are removed (uses its index/signatures.parquet)",
    ),
    Option("output", "shard_rows", "--shard-rows", "maximum rows per shard"),
    Option("output", "shard_bytes", "--shard-bytes", "approximate maximum bytes per shard"),
    Option(
        "output",
        "compression",
        "--compression",
        "Parquet compression codec",
        COMPRESSIONS,
    ),
    Option(
        "output", "write_removed", "--write-removed", "write audit/removed.parquet (removed spans)"
    ),
    Option(
        "output",
        "write_filtered",
        "--write-filtered",
        "write audit/filtered.parquet (documents dropped whole, and why)",
    ),
    Option("output", "license", "--license", "Hub license id named in the dataset card"),
    Option(
        "output",
        "license_name",
        "--license-name",
        "with license 'other': an id for the license (lower case, like my-license-1.0)",
    ),
    Option(
        "output",
        "license_link",
        "--license-link",
        "with license 'other': a URL or a file of the dataset repository stating it",
    ),
    Option("output", "pretty_name", "--pretty-name", "dataset name shown in the dataset card"),
    Option(
        "output",
        "source_datasets",
        "--source-datasets",
        "comma-separated Hub datasets the inputs come from (default: hf:// inputs, or original)",
    ),
    Option(
        "output",
        "evaluation",
        "--evaluation",
        "bench/results.json quoted in the card as known limitations (default: the project's)",
    ),
    Option(
        "pii",
        "mode",
        "--pii",
        "personal data of every type: off, mask (typed placeholders) or drop (the document); "
        "on the command line it overrides the per-type settings of the file",
        PII_MODES,
    ),
    *(
        Option("pii", kind, f"--pii-{kind}", f"{DESCRIPTIONS[kind]}; unset: as --pii", PII_MODES)
        for kind in PII_TYPES
    ),
)


_TYPE_NAMES = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}


def option_type(section: str, key: str) -> type:
    """The type an option takes: that of its default, ``str`` for the optional paths and
    names whose default is None, ``list`` for the detector lists."""
    default = getattr(getattr(Config(), section), key)
    return str if default is None else type(default)


def coerce(value: Any, current: Any, where: str) -> Any:
    """Convert a command-line value (text, or already typed by argparse) to the option's type."""
    if isinstance(current, bool):
        if isinstance(value, bool):
            return value
        parsed = parse_bool(str(value))
        if parsed is None:
            raise ConfigError(f"{where}: expected true/false, got {value!r}")
        return parsed
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


def parse_bool(text: str) -> bool | None:
    """The old ``--flag true`` spelling of a boolean flag; None when ``text`` is not one."""
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    return None


def check_toml_type(value: Any, section: str, key: str, path: Path) -> Any:
    """A TOML value as the option takes it, or a ConfigError: TOML has real types, so a value
    of another type is a mistake in the file, never something to round (128.9 is not 128)
    or to reinterpret (true is not 1 worker)."""
    wanted = option_type(section, key)
    ok: bool
    if wanted is bool:
        ok = isinstance(value, bool)
    elif wanted is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif wanted is float:
        # an integer is an exact number: threshold = 1 means 1.0
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif wanted is list:
        # a list of names, or the same names in one comma-separated string (as on the command
        # line); both are unambiguous
        ok = isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        )
        if ok and isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
    else:
        ok = isinstance(value, str)
    if not ok:
        expected = _TYPE_NAMES.get(wanted, "a list of strings")
        got = _toml_type_name(value)
        raise ConfigError(
            f"{path}: [{section}] {key} must be {expected}, not {got} ({_toml_repr(value)})"
        )
    return value


def _toml_type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array" if all(isinstance(v, str) for v in value) else "an array of non-strings"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def _toml_repr(value: Any) -> str:
    # TOML spelling, so that the message quotes the file as the user wrote it
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False, default=str)


_SECTIONS = ("input", "clean", "filter", "dedup", "output", "pii")


def _option(section: str, key: str) -> Option | None:
    return next((o for o in OPTIONS if o.section == section and o.key == key), None)


def set_option(config: Config, section: str, key: str, value: Any, where: str) -> None:
    target = getattr(config, section)
    if not hasattr(target, key):
        raise ConfigError(f"{where}: unknown option [{section}] {key}")
    option = _option(section, key)
    new = coerce(value, getattr(target, key), where)
    if option and option.choices and new is not None and new not in option.choices:
        raise ConfigError(f"{where}: {key} must be one of {', '.join(option.choices)}, not {new!r}")
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
            if section not in _SECTIONS or not isinstance(table, dict):
                raise ConfigError(f"{path}: unknown section [{section}]")
            for key, value in table.items():
                if not hasattr(getattr(config, section), key):
                    raise ConfigError(f"{path}: unknown option [{section}] {key}")
                value = check_toml_type(value, section, key, path)
                set_option(config, section, key, value, f"{path} [{section}] {key}")
    overrides = overrides or {}
    if ("pii", "mode") in overrides:
        # --pii names every type: the file's per-type settings give way to it (not the
        # --pii-TYPE flags given beside it)
        for kind in PII_TYPES:
            setattr(config.pii, kind, None)
    for (section, key), value in overrides.items():
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
    if config.input.workers < 0:
        raise ConfigError("input.workers must be 0 (all cores) or more")
    if config.input.max_doc_chars < 1:
        raise ConfigError("input.max_doc_chars must be positive")
    if config.clean.min_chars < 0:
        raise ConfigError("clean.min_chars must be 0 or more")
    _validate_detectors(config.clean)
    _validate_filters(config.filter)
    _validate_compression(config.output.compression)
    _validate_card_fields(config.output)


def _validate_card_fields(output: OutputConfig) -> None:
    # the Hub refuses a card it cannot read: find out before the run, not at publishing
    from cleaner.output.hub_metadata import check_license

    problems = check_license(output.license, output.license_name, output.license_link)
    if any(not name.strip() for name in output.source_datasets):
        problems.append("source_datasets has an empty name")
    if problems:
        raise ConfigError(f"output: {problems[0]}")


def _validate_detectors(clean: CleanConfig) -> None:
    # the detector names are a fixed set too, but one the rules own: asked here, a typo is
    # refused before the first file is read rather than in every worker
    from cleaner.boilerplate.marking import resolve_detectors

    try:
        resolve_detectors(clean.detectors, clean.disable)
    except ValueError as exc:
        raise ConfigError(f"clean.detectors/disable: {exc}") from None


def _validate_filters(filters: Any) -> None:
    try:
        resolve_names(filters.filters, filters.skip_filters)
    except ValueError as exc:
        raise ConfigError(f"filter.filters/skip_filters: {exc}") from None
    for spec in FILTER_SPECS:
        value = getattr(filters, spec.name)
        if spec.name.endswith(("_share", "_chars", "_lines")) and not 0 <= value <= 1:
            raise ConfigError(f"filter.{spec.name} is a share: it must be between 0 and 1")
        if value < 0:
            raise ConfigError(f"filter.{spec.name} must be 0 or more")


def _validate_compression(codec: str) -> None:
    if codec == "none":
        return
    # a pyarrow build can leave a codec out (brotli, lz4 are optional): find out now, not when
    # the first shard is written after all the work
    import pyarrow as pa

    if not pa.Codec.is_available(codec):
        raise ConfigError(f"output.compression: this pyarrow cannot write {codec!r}")
