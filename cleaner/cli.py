"""The ``cleaner`` command."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import sys
from pathlib import Path
from typing import Any

from cleaner import __version__, progress
from cleaner.config import (
    OPTIONS,
    Config,
    ConfigError,
    Option,
    load_config,
    option_type,
    parse_bool,
)
from cleaner.document import Document, PiiSpan
from cleaner.output.commands import add_subcommands

# The options each command takes, by section: None = the whole section. A command lists only
# what changes its result, so that its --help is not thirty options it ignores.
RUN_OPTIONS: dict[str, tuple[str, ...] | None] = {
    "input": None,
    "clean": None,
    # the switches only: one threshold per filter is a TOML key ([filter] in README)
    "filter": ("filtering", "filters", "skip_filters"),
    "dedup": None,
    "output": None,
    "pii": None,
}
# one text: no input fields, no per-site templates (a single text has no site), no min_chars
CLEAN_OPTIONS: dict[str, tuple[str, ...] | None] = {
    "clean": ("enabled", "detectors", "disable"),
    "pii": None,
}
EVALUATE_OPTIONS: dict[str, tuple[str, ...] | None] = {
    "input": ("text_field", "id_field", "url_field", "site_field"),
    "clean": (
        "enabled",
        "detectors",
        "disable",
        "templates",
        "template_min_docs",
        "template_min_share",
        "templates_in",
    ),
}


def _options_for(sections: dict[str, tuple[str, ...] | None]) -> list[Option]:
    chosen = []
    for opt in OPTIONS:
        if opt.section not in sections:
            continue
        keys = sections[opt.section]
        if keys is None or opt.key in keys:
            chosen.append(opt)
    return chosen


def _add_config_options(
    parser: argparse.ArgumentParser, sections: dict[str, tuple[str, ...] | None]
) -> None:
    """``--config`` and a flag for each option of ``sections``, typed so that argparse refuses
    a wrong value before any work; booleans are ``--flag/--no-flag``."""
    parser.add_argument("--config", metavar="TOML", help="configuration file; flags override it")
    defaults = Config()
    groups: dict[str, argparse._ArgumentGroup] = {}
    for opt in _options_for(sections):
        group = groups.setdefault(
            opt.section, parser.add_argument_group(f"[{opt.section}] options")
        )
        default = getattr(getattr(defaults, opt.section), opt.key)
        kind = option_type(opt.section, opt.key)
        if kind is bool:
            group.add_argument(
                opt.flag,
                dest=f"{opt.section}.{opt.key}",
                action=argparse.BooleanOptionalAction,
                default=None,
                help=f"{opt.help} (default: {'on' if default else 'off'})",
            )
            continue
        shown = (",".join(default) or "none") if isinstance(default, list) else default
        shown = "unset" if shown is None else shown
        group.add_argument(
            opt.flag,
            dest=f"{opt.section}.{opt.key}",
            metavar=None if opt.choices else opt.key.upper(),
            choices=opt.choices,
            type=kind if kind in (int, float) else str,
            default=None,
            help=f"{opt.help} (default: {shown})",
        )


def _bool_flags() -> set[str]:
    return {opt.flag for opt in OPTIONS if option_type(opt.section, opt.key) is bool}


def _legacy_booleans(argv: list[str]) -> list[str]:
    """Rewrite the old ``--near-dedup false`` / ``--near-dedup=false`` spelling (kept so that
    existing scripts still work) as ``--no-near-dedup``; a flag followed by anything other than
    a true/false word is left for argparse."""
    flags = _bool_flags()
    result: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        name, eq, inline = token.partition("=")
        if name in flags:
            word = inline if eq else (argv[i + 1] if i + 1 < len(argv) else "")
            value = parse_bool(word) if word else None
            if value is not None:
                result.append(name if value else "--no-" + name[2:])
                i += 1 if eq else 2
                continue
        result.append(token)
        i += 1
    return result


def _overrides(args: argparse.Namespace) -> dict[tuple[str, str], Any]:
    result = {}
    for opt in OPTIONS:
        # a command has only some of the options: the others are not in args at all
        value = getattr(args, f"{opt.section}.{opt.key}", None)
        if value is not None:
            result[(opt.section, opt.key)] = value
    return result


def _config_from(args: argparse.Namespace) -> Config:
    return load_config(args.config, _overrides(args))


def _check_paths(config: Config) -> None:
    """Files the configuration names and the run would only open after the clean stage: a
    missing one is refused before any work rather than after it."""
    clean, dedup = config.clean, config.dedup
    if clean.enabled and clean.templates_in and not Path(clean.templates_in).is_file():
        raise ConfigError(f"templates file not found: {clean.templates_in}")
    if dedup.against and not Path(dedup.against).is_dir():
        raise ConfigError(f"--against {dedup.against}: not an output folder")
    evaluation = config.output.evaluation
    if evaluation and not Path(evaluation).is_file():
        raise ConfigError(f"--evaluation {evaluation}: file not found")


def _format_config(config: Config) -> str:
    """The configuration as a TOML file (what -v prints): it can be saved and reused."""
    lines = []
    for section, table in config.as_dict().items():
        lines.append(f"[{section}]")
        for key, value in table.items():
            if value is None:
                lines.append(f"# {key} = (unset)")
            elif isinstance(value, bool):
                lines.append(f"{key} = {'true' if value else 'false'}")
            else:
                lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        lines.append("")
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace) -> int:
    from cleaner.output.summary import format_summary
    from cleaner.run import run

    config = _config_from(args)
    _check_paths(config)
    if args.verbose:
        print(f"cleaner: configuration\n{_format_config(config)}", file=sys.stderr)
    command = (
        "cleaner " + shlex.join(sys.argv[1:])
        if sys.argv and sys.argv[0].endswith("cleaner")
        else None
    )
    result = run(
        args.inputs,
        Path(args.out),
        config,
        resume=args.resume,
        engine=args.engine,
        command=command,
        keep_work=args.keep_work,
        overwrite=args.overwrite,
    )
    if not args.quiet:
        print(format_summary(result.stats, str(result.out)), file=sys.stderr)
        for error in result.errors[:10]:
            print(f"  {error}", file=sys.stderr)
        if len(result.errors) > 10:
            print(
                f"  … {len(result.errors) - 10} more in {result.out / 'errors.jsonl'}",
                file=sys.stderr,
            )
    elif result.n_errors:
        # quiet drops the summary, not the news that records were skipped
        print(
            f"cleaner: {result.n_errors} record error(s), see {result.out / 'errors.jsonl'}",
            file=sys.stderr,
        )
    if result.stats["stages"]["read"]["docs"] == 0:
        print("cleaner: error: no document could be read", file=sys.stderr)
        return 1
    if args.strict and result.n_errors:
        return 1
    return 0


def _read_text_file(path: Path) -> str:
    """A text file in UTF-8 or a Korean legacy encoding, or the reason it cannot be read."""
    from cleaner.io.decoding import decode_bytes
    from cleaner.io.readers import InputNotFound

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputNotFound(f"input not found: {path}") from None
    except OSError as exc:
        raise InputNotFound(f"{path}: {(exc.strerror or str(exc)).lower()}") from None
    return decode_bytes(data)[0]


def cmd_clean(args: argparse.Namespace) -> int:
    from cleaner.boilerplate.explain import explain
    from cleaner.run.clean_stage import build_scrubber, clean_document

    config = _config_from(args)
    text = sys.stdin.read() if args.file in (None, "-") else _read_text_file(Path(args.file))
    if not config.clean.enabled:
        # said on stderr, so that stdout stays the text, byte for byte
        print("cleaner: cleaning is disabled; the text is printed unchanged", file=sys.stderr)
    cleaned, removals = clean_document(text, config)
    scrubber = build_scrubber(config)
    pii: list[PiiSpan] = []
    if scrubber is not None:
        doc = scrubber.scrub(Document(id="", text=cleaned, removals=removals))
        cleaned, removals, pii = doc.text, doc.removals, doc.pii
        if doc.pii_drop:
            print(
                f"cleaner: the text holds {', '.join(doc.pii_drop)}, which [pii] drops: "
                "nothing is printed",
                file=sys.stderr,
            )
            return 0
    if args.explain:
        color = _use_color(args.color, sys.stdout)
        sys.stdout.write(explain(text, removals, color=color, kept=cleaned, pii=pii))
    else:
        sys.stdout.write(cleaned + ("\n" if cleaned and not cleaned.endswith("\n") else ""))
    return 0


def _use_color(choice: str, stream: Any) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    # https://no-color.org: NO_COLOR set and not empty turns colour off, whatever the terminal
    if os.environ.get("NO_COLOR"):
        return False
    return bool(stream.isatty())


def cmd_evaluate(args: argparse.Namespace) -> int:
    from cleaner.boilerplate.evaluate import (
        BUILT_IN_BREAKDOWNS,
        evaluate_records,
        format_table,
        load_gold,
        record_field,
    )

    config = _config_from(args)
    if not config.clean.enabled:
        print("cleaner: error: evaluate needs the clean stage enabled", file=sys.stderr)
        return 2
    gold_path = Path(args.gold)
    try:
        records = load_gold(gold_path)
    except (OSError, ValueError) as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return 2
    by = [record_field(name) for name in args.by.split(",") if name.strip()]
    fields = [name for name in by if name not in BUILT_IN_BREAKDOWNS]
    cleaner, before = _evaluation_cleaner(config, gold_path, records, args.leave_out)
    evaluation = evaluate_records(records, cleaner.clean_text, before=before, fields=fields)
    print(format_table(evaluation, by=by))
    if args.json:
        Path(args.json).write_text(
            json.dumps(evaluation.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return 0


def _evaluation_cleaner(
    config: Config, gold_path: Path, records: list[dict[str, Any]], leave_out: str | None = None
) -> tuple[Any, Any]:
    """The cleaner as a run would build it; with templates on, pass 1 runs over the gold file
    itself (sites from --site-field or the URL, else the file), as it would over a corpus.

    ``leave_out`` ("page" or "site") scores every record with templates learned without the
    records of its page (``page_id``, else ``id``) or of its site: what was learned from a
    page itself cannot then flatter its score.
    """
    from cleaner.boilerplate import templates
    from cleaner.io.errors import ErrorLog
    from cleaner.io.records import record_to_document
    from cleaner.run.clean_stage import build_cleaner
    from cleaner.run.templates_stage import template_filter as template_filter_of
    from cleaner.run.templates_stage import wanted

    if not wanted(config):
        return build_cleaner(config), None
    docs = [
        record_to_document(r, source=gold_path, record=n, cfg=config.input, errors=ErrorLog())
        for n, r in enumerate(records)
    ]
    clean = config.clean

    def filter_without(held_out: str | None) -> templates.TemplateFilter:
        counts = (
            templates.SiteCounts.load(clean.templates_in)
            if clean.templates_in
            else templates.SiteCounts(templates.DEFAULT_CAPACITY)
        )
        if clean.templates:
            counts.merge(
                templates.count_documents(
                    d
                    for d, r in zip(docs, records, strict=True)
                    if d is not None
                    and (held_out is None or _holdout_key(r, leave_out) != held_out)
                )
            )
        return template_filter_of(counts, config)

    template_filter = templates.TemplateFilter({})
    filters: dict[str | None, templates.TemplateFilter] = {}

    def select(n: int, record: dict[str, Any]) -> None:
        key = _holdout_key(record, leave_out) if leave_out else None
        if key not in filters:
            filters.clear()  # records of one page or site come together: keep just the last
            filters[key] = filter_without(key)
        template_filter.templates = filters[key].templates
        template_filter.small_sites = filters[key].small_sites
        if docs[n] is not None:
            template_filter.select(docs[n])

    return build_cleaner(config, template_filter), select


def _holdout_key(record: dict[str, Any], leave_out: str | None) -> str:
    if leave_out == "site":
        return str(record.get("site") or record.get("url") or "-")
    return str(record.get("page_id") or record.get("id"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner",
        description="Turn raw Korean web text into training-ready Parquet shards.",
    )
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "run",
        help="read, clean, deduplicate and write shards",
        description="Read inputs (files, folders, globs), remove boilerplate and "
        "duplicates, and write Parquet shards with a manifest and statistics.",
    )
    p.add_argument("inputs", nargs="+", help="input files, folders or globs")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument(
        "--resume", action="store_true", help="reuse the finished files of an interrupted run"
    )
    p.add_argument(
        "--strict", action="store_true", help="exit non-zero when any record had an error"
    )
    p.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="where per-file work runs (default: local processes)",
    )
    p.add_argument(
        "--keep-work", action="store_true", help="keep OUT/.work (checkpoints) after success"
    )
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="write into a folder that holds files no cleaner run wrote (files with the "
        "output's names are replaced; no other file is ever deleted)",
    )
    talk = p.add_mutually_exclusive_group()
    talk.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress bars and no summary; errors still go to standard error",
    )
    talk.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print the configuration used and a line for each file as it is done",
    )
    _add_config_options(p, RUN_OPTIONS)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser(
        "clean",
        help="clean one text and print it",
        description="Clean one text (a file, or - for standard input) and print it.",
    )
    p.add_argument("file", nargs="?", default="-", help="text file, or - for standard input")
    p.add_argument(
        "--explain", action="store_true", help="show every line with the rule that removed it"
    )
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour in --explain; auto: on a terminal unless NO_COLOR is set (default: auto)",
    )
    _add_config_options(p, CLEAN_OPTIONS)
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser(
        "evaluate",
        help="score the cleaner against line-labelled documents",
        description="Score boilerplate removal against GOLD.jsonl (fields text and "
        "gold, one 0/1 label per line): boilerplate recall, removal precision and "
        "content loss, overall, per variant, per site and per rule.",
    )
    p.add_argument("gold", help="labelled JSONL, e.g. ../shared/eval/dev.jsonl")
    p.add_argument("--json", metavar="FILE", help="also write every score as JSON")
    p.add_argument(
        "--by",
        default="variant,rule",
        help="breakdowns to print, comma-separated: variant, site, rule, or any field of the "
        "records (site-group, kind, batch, …)",
    )
    p.add_argument(
        "--leave-out",
        choices=("page", "site"),
        help="with templates: score each record with templates learned without its page / site",
    )
    _add_config_options(p, EVALUATE_OPTIONS)
    p.set_defaults(func=cmd_evaluate)
    # report, verify and publish live with the output folder code
    add_subcommands(sub)
    return parser


# Exit codes (README, "Exit codes"): one sentence on stderr for each, a traceback only with --debug.
EXIT_OK = 0
EXIT_FAILED = 1  # the run ended but --strict found record errors, or nothing could be read
EXIT_USAGE = 2  # options, configuration, an output folder that cannot be used as it is
EXIT_INPUT = 3  # an input that does not exist or cannot be listed
EXIT_OUTPUT = 4  # the output folder or the disk: not writable, read-only, full
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT)
EXIT_TERMINATED = 143  # SIGTERM


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every cleanup (workers, lock) runs."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated


def _exit_code(exc: BaseException) -> tuple[int, str]:
    """The exit code and the sentence for an exception that ends a command."""
    from cleaner.io.readers import InputNotFound
    from cleaner.output.ownership import OutputRefused, OutputUnusable
    from cleaner.run import ResumeMismatch

    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED, "interrupted; run the same command with --resume to finish"
    if isinstance(exc, Terminated):
        return EXIT_TERMINATED, "terminated; run the same command with --resume to finish"
    if isinstance(exc, InputNotFound):
        return EXIT_INPUT, str(exc)
    if isinstance(exc, (ConfigError, ResumeMismatch, OutputRefused)):
        return EXIT_USAGE, str(exc)
    if isinstance(exc, OutputUnusable):
        return EXIT_OUTPUT, str(exc)
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        cause = (exc.strerror or str(exc)).lower()
        return EXIT_OUTPUT, f"{where}{cause}"
    if isinstance(exc, ValueError):
        return EXIT_USAGE, str(exc)
    return EXIT_FAILED, f"internal error: {type(exc).__name__}: {exc} (--debug shows where)"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # --debug anywhere on the line, for every command: the traceback instead of one sentence
    debug = "--debug" in argv
    argv = [a for a in argv if a != "--debug"]
    parser = build_parser()
    args = parser.parse_args(_legacy_booleans(argv))
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    progress.configure(quiet=getattr(args, "quiet", False), verbose=getattr(args, "verbose", False))
    try:
        return args.func(args)
    except BrokenPipeError:
        return EXIT_OK
    except (Exception, KeyboardInterrupt, Terminated) as exc:
        if debug:
            raise
        code, sentence = _exit_code(exc)
        print(f"cleaner: error: {sentence}", file=sys.stderr)
        return code
    finally:
        signal.signal(signal.SIGTERM, previous)
        # in-process callers (tests, the Python API after a CLI call) get the defaults back
        progress.configure()


if __name__ == "__main__":
    sys.exit(main())
