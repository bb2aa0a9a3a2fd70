"""The command line's edges (issue 13, item 7): every option checked before any work, strict
TOML types, ``--flag/--no-flag`` booleans, ``-q``/``-v``, ``NO_COLOR``, ``cleaner clean`` with
cleaning disabled and its short ``--help``, and one sentence instead of a traceback for every
user error.

The CLI runs in-process through ``cleaner.cli.main`` (one worker, so nothing is spawned);
argparse's own refusals end in ``SystemExit(2)``, which ``cli()`` turns into the exit code.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.cli import _config_from, _legacy_booleans, build_parser, main
from cleaner.config import ConfigError, load_config

KO = "대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다."
PAGE = "\n".join([f"{KO} 첫째 문단입니다.", "무단 전재 및 재배포 금지", f"{KO} 둘째 문단입니다."])
FAST = ["--workers", "1", "--min-chars", "1", "--no-near-dedup"]


def cli(*argv: str) -> int:
    try:
        return main(list(argv))
    except SystemExit as exc:  # argparse: a usage error before any command starts
        return int(exc.code or 0)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(2):
        rows = [{"id": f"{n}-{i}", "text": f"{i}번째 문서. {PAGE}"} for i in range(3)]
        (folder / f"part{n}.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
    return folder


def toml(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    return path


def one_sentence(stderr: str) -> str:
    """The error line; there must be no traceback around it."""
    assert "Traceback" not in stderr, stderr
    lines = [x for x in stderr.splitlines() if x.strip()]
    assert lines, "nothing on stderr"
    return lines[-1]


# 1. every option with a fixed set of values is checked before any work


def test_unknown_compression_flag_refused_before_any_work(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli("run", str(corpus), "--out", str(out), *FAST, "--compression", "lzma") == 2
    assert "lzma" in one_sentence(capsys.readouterr().err)
    assert not out.exists()  # nothing read, nothing written, no *.parquet.tmp


def test_unknown_compression_in_toml_refused_before_any_work(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    config = toml(tmp_path, '[output]\ncompression = "lzma"\n')
    assert cli("run", str(corpus), "--out", str(out), "--config", str(config), *FAST) == 2
    line = one_sentence(capsys.readouterr().err)
    assert "compression" in line and "zstd" in line
    assert not out.exists()


@pytest.mark.parametrize("codec", ["snappy", "gzip", "none"])
def test_known_compressions_write_shards(corpus, tmp_path, codec):
    out = tmp_path / "out"
    assert cli("run", str(corpus), "--out", str(out), *FAST, "-q", "--compression", codec) == 0
    assert list(out.glob("**/*.parquet")) and not list(out.glob("**/*.tmp"))


@pytest.mark.parametrize(
    "flags",
    [
        ("--detectors", "nav_menu,no_such_rule"),
        ("--disable", "no_such_rule"),
        ("--workers", "-1"),
        ("--templates", "missing-templates.npz"),
        ("--against", "missing-output-folder"),
    ],
)
def test_bad_values_refused_before_any_work(corpus, tmp_path, capsys, flags):
    out = tmp_path / "out"
    assert cli("run", str(corpus), "--out", str(out), *FAST, *flags) == 2
    one_sentence(capsys.readouterr().err)
    assert not out.exists()


def test_wrong_number_on_the_command_line_is_a_usage_error(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli("run", str(corpus), "--out", str(out), "--num-perm", "128.9") == 2
    assert "--num-perm" in one_sentence(capsys.readouterr().err)
    assert not out.exists()


# 2. strict TOML types


@pytest.mark.parametrize(
    ("body", "section", "key", "expected"),
    [
        ("[dedup]\nnum_perm = 128.9\n", "dedup", "num_perm", "an integer"),
        ("[input]\nworkers = true\n", "input", "workers", "an integer"),
        ('[clean]\nenabled = "no"\n', "clean", "enabled", "true or false"),
        ("[clean]\nenabled = 0\n", "clean", "enabled", "true or false"),
        ('[dedup]\nthreshold = "0.8"\n', "dedup", "threshold", "a number"),
        ("[output]\nlicense = 3\n", "output", "license", "a string"),
        ("[clean]\ndetectors = [1, 2]\n", "clean", "detectors", "a list of strings"),
    ],
)
def test_toml_wrong_type_names_section_key_type_and_file(tmp_path, body, section, key, expected):
    path = toml(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert f"[{section}] {key}" in message and expected in message and str(path) in message


def test_toml_wrong_type_is_exit_2_in_one_sentence(corpus, tmp_path, capsys):
    path = toml(tmp_path, "[dedup]\nnum_perm = 128.9\n")
    assert cli("run", str(corpus), "--out", str(tmp_path / "out"), "--config", str(path)) == 2
    line = one_sentence(capsys.readouterr().err)
    assert line.startswith("cleaner: error:") and "num_perm" in line and "128.9" in line


def test_toml_right_types_still_load(tmp_path):
    path = toml(
        tmp_path,
        '[input]\nworkers = 2\n[clean]\nenabled = false\ndisable = "nav_menu, comments"\n'
        "[dedup]\nthreshold = 1\nnear = false\n",
    )
    config = load_config(path)
    assert config.input.workers == 2 and config.clean.enabled is False
    assert config.clean.disable == ["nav_menu", "comments"]
    assert config.dedup.threshold == 1.0 and isinstance(config.dedup.threshold, float)
    assert config.dedup.near is False


# 3. --flag/--no-flag booleans, the old value form still accepted


def config_of(*argv: str):
    return _config_from(build_parser().parse_args(_legacy_booleans(["run", "x", *argv])))


def test_boolean_flags_take_no_value():
    config = config_of("--out", "o", "--learn-templates", "--no-near-dedup", "--no-clean")
    assert config.clean.templates is True
    assert config.dedup.near is False
    assert config.clean.enabled is False
    assert config_of("--out", "o").dedup.near is True  # untouched: the default


def test_old_boolean_value_form_still_accepted():
    config = config_of("--out", "o", "--near-dedup", "false", "--learn-templates=yes")
    assert config.dedup.near is False and config.clean.templates is True
    # a flag followed by an input name is the flag alone: the name stays an input
    args = build_parser().parse_args(
        _legacy_booleans(["run", "--learn-templates", "in/", "--out", "o"])
    )
    assert args.inputs == ["in/"]


def test_help_shows_the_no_form(capsys):
    assert cli("run", "--help") == 0
    text = capsys.readouterr().out
    assert "--near-dedup, --no-near-dedup" in text or "--[no-]near-dedup" in text


# 4. -q, -v, bars only on a terminal, NO_COLOR


def test_quiet_prints_nothing_on_success(corpus, tmp_path, capsys):
    assert cli("run", str(corpus), "--out", str(tmp_path / "out"), *FAST, "-q") == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_no_progress_bars_when_stderr_is_not_a_terminal(corpus, tmp_path, capsys):
    assert cli("run", str(corpus), "--out", str(tmp_path / "out"), *FAST) == 0
    err = capsys.readouterr().err
    assert "documents out" in err  # the summary is still there
    assert "it/s" not in err and "file/s" not in err and "%|" not in err


def test_verbose_prints_configuration_and_each_file(corpus, tmp_path, capsys):
    assert cli("run", str(corpus), "--out", str(tmp_path / "out"), *FAST, "-v") == 0
    err = capsys.readouterr().err
    assert "[dedup]" in err and "near = false" in err and "min_chars = 1" in err
    assert "part0.jsonl" in err and "part1.jsonl" in err
    assert "documents out" in err


def test_quiet_and_verbose_together_are_a_usage_error(corpus, tmp_path):
    assert cli("run", str(corpus), "--out", str(tmp_path / "out"), "-q", "-v") == 2


@pytest.fixture()
def page_file(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(PAGE + "\n", encoding="utf-8")
    return path


def on_a_terminal(monkeypatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)


def test_no_color_honoured_by_explain(page_file, monkeypatch, capsys):
    on_a_terminal(monkeypatch)
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli("clean", str(page_file), "--explain") == 0
    assert "\x1b[" not in capsys.readouterr().out
    # --color always wins over NO_COLOR; an empty NO_COLOR is as good as unset
    assert cli("clean", str(page_file), "--explain", "--color", "always") == 0
    assert "\x1b[" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "")
    assert cli("clean", str(page_file), "--explain") == 0
    assert "\x1b[" in capsys.readouterr().out


# 5. cleaner clean: [clean] enabled = false, and a --help about one text


def test_clean_with_cleaning_disabled_prints_text_unchanged(page_file, tmp_path, capsys):
    config = toml(tmp_path, "[clean]\nenabled = false\n")
    assert cli("clean", str(page_file), "--config", str(config)) == 0
    captured = capsys.readouterr()
    assert captured.out == PAGE + "\n"
    assert "disabled" in captured.err
    assert cli("clean", str(page_file)) == 0  # and with cleaning on, the line goes
    assert "무단 전재" not in capsys.readouterr().out


def test_clean_with_no_clean_flag_prints_text_unchanged(page_file, capsys):
    assert cli("clean", str(page_file), "--no-clean") == 0
    assert capsys.readouterr().out == PAGE + "\n"


def test_clean_help_lists_only_options_for_one_text(capsys):
    assert cli("clean", "--help") == 0
    text = capsys.readouterr().out
    for flag in ("--config", "--explain", "--color", "--detectors", "--disable", "--no-clean"):
        assert flag in text
    for flag in ("--shard-rows", "--num-perm", "--compression", "--near-dedup", "--text-field"):
        assert flag not in text
    assert cli("clean", "--shard-rows", "5") == 2  # and they are refused, not ignored


def test_evaluate_help_has_no_run_only_options(capsys):
    assert cli("evaluate", "--help") == 0
    text = capsys.readouterr().out
    assert "--learn-templates" in text and "--site-field" in text
    assert "--shard-rows" not in text and "--compression" not in text


# 6. no traceback for user errors


def test_clean_missing_file_is_input_error(tmp_path, capsys):
    assert cli("clean", str(tmp_path / "missing.txt")) == 3
    assert "missing.txt" in one_sentence(capsys.readouterr().err)


def test_clean_cp949_file_is_decoded(tmp_path, capsys):
    path = tmp_path / "cp949.txt"
    path.write_bytes((KO + "\n").encode("cp949"))
    assert cli("clean", str(path)) == 0
    assert KO in capsys.readouterr().out


def test_clean_bad_config_is_usage_error(page_file, tmp_path, capsys):
    config = toml(tmp_path, "[clean]\nenabled = maybe\n")  # not TOML at all
    assert cli("clean", str(page_file), "--config", str(config)) == 2
    assert "invalid TOML" in one_sentence(capsys.readouterr().err)


def test_subprocess_user_errors_have_no_traceback(corpus, tmp_path):
    """The entry point in a fresh interpreter: a wrong type, a wrong codec and a missing file
    each end in one line and the documented exit code, and no output folder is left."""
    bad = toml(tmp_path, "[input]\nworkers = true\n")
    out = str(tmp_path / "out")
    cases = [
        (["run", str(corpus), "--out", out, "--config", str(bad)], 2),
        (["run", str(corpus), "--out", out, "--workers", "1", "--compression", "lzma"], 2),
        (["clean", str(tmp_path / "missing.txt")], 3),
    ]
    for argv, code in cases:
        done = subprocess.run(
            [sys.executable, "-m", "cleaner.cli", *argv], capture_output=True, text=True
        )
        assert done.returncode == code, (argv, done.stderr)
        assert "Traceback" not in done.stderr
        assert not (tmp_path / "out").exists()


def test_bars_on_a_terminal_unless_quiet(monkeypatch, capsys):
    from cleaner import progress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with progress.bar(total=1) as shown:
        assert not shown.disable
    progress.configure(quiet=True)
    try:
        with progress.bar(total=1) as hidden:
            assert hidden.disable
    finally:
        progress.configure()


def test_out_holding_other_files_is_refused_without_overwrite(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert cli("run", str(corpus), "--out", str(out), *FAST, "-q") == 2
    assert "--overwrite" in one_sentence(capsys.readouterr().err)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    assert cli("run", str(corpus), "--out", str(out), *FAST, "-q", "--overwrite") == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
