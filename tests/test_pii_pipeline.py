"""PII scrubbing as a user meets it: the ``[pii]`` section and ``--pii`` flags, ``cleaner clean
--pii``, ``cleaner run --pii``, the Python API, and the provenance (``pii.parquet``, stats, the
card) that never holds a value it replaced.

Every number and address here is made up.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cleaner import Cleaner, clean_text, run
from cleaner.cli import main
from cleaner.config import PII_TYPES, ConfigError, load_config
from cleaner.output import names
from cleaner.run.stats import CleanStats

BODY = (
    "이 문서는 개인정보 처리 시험을 위해 만든 가상의 글입니다. 본문은 평범한 문장으로 이어집니다."
)
# (the value, its type): each appears in the kept text of one document
VALUES = {
    "010-1234-5678": "phone",
    "02-312-3456": "phone",
    "hong.gildong@example.com": "email",
    "900101-1234568": "rrn",
    "9410-1234-5678-9010": "card",
    "123456-01-234567": "account",
    "123-45-67891": "brn",
    "211.234.56.78": "ip",
}
DOCS = [
    {
        "id": "phone",
        "text": f"{BODY}\n문의는 010-1234-5678 또는 02-312-3456 으로 해 주세요.\n{BODY}",
    },
    {"id": "email", "text": f"{BODY}\n자료는 hong.gildong@example.com 으로 보내 주세요.\n{BODY}"},
    {"id": "rrn", "text": f"{BODY}\n신청서에 주민등록번호 900101-1234568 을 적었다.\n{BODY}"},
    {"id": "card", "text": f"{BODY}\n결제한 카드는 9410-1234-5678-9010 이었다.\n{BODY}"},
    {"id": "account", "text": f"{BODY}\n국민은행 123456-01-234567 로 입금하면 된다.\n{BODY}"},
    # (a line naming 사업자등록번호 is a company footer, which cleaning removes)
    {
        "id": "brn",
        "text": f"{BODY}\n영수증 맨 위에는 123-45-67891 이라는 번호가 찍혀 있었다.\n{BODY}",
    },
    {"id": "ip", "text": f"{BODY}\n접속 기록에는 IP 211.234.56.78 이 남았다.\n{BODY}"},
    # personal data only in a removed line: masked there, and no reason to drop the document
    {"id": "byline", "text": f"{BODY}\n{BODY} 둘째 문단.\n김가상 기자 kim.gasang@example.com"},
    {"id": "clean", "text": f"{BODY}\n2024.01.15 가격 1,234,567원, 사건 2024고합123.\n{BODY}"},
]
REMOVED_VALUE = "kim.gasang@example.com"
# every document repeats BODY: the document filters would drop them as repetitive
FAST = ["--workers", "1", "--min-chars", "1", "--no-near-dedup", "--no-filter"]


def cli(*argv: str) -> int:
    try:
        return main(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "docs.jsonl").write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in DOCS), encoding="utf-8"
    )
    return folder


def shard_rows(out: Path) -> dict[str, dict]:
    rows = {}
    for path in sorted(out.glob("data/train-*.parquet")):
        rows.update({r["id"]: r for r in pq.read_table(path).to_pylist()})
    return rows


def everything_written(out: Path) -> str:
    """Every file of the output folder as text (Parquet files as their rows)."""
    parts = []
    for path in sorted(out.iterdir()):
        if path.suffix == ".parquet":
            parts.append(
                json.dumps(pq.read_table(path).to_pylist(), ensure_ascii=False, default=str)
            )
        elif path.is_file():
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


# --- configuration ------------------------------------------------------------------------------


def test_pii_section_per_type_and_for_all(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[pii]\nmode = "mask"\nrrn = "drop"\nip = "off"\n', encoding="utf-8")
    modes = load_config(path).pii.modes()
    assert modes == {k: {"rrn": "drop", "ip": "off"}.get(k, "mask") for k in PII_TYPES}
    assert load_config(None).pii.modes() == dict.fromkeys(PII_TYPES, "off")  # off by default
    assert not load_config(None).pii.enabled


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('[pii]\nmode = "hide"\n', "mode must be one of off, mask, drop, not 'hide'"),
        ("[pii]\nphone = true\n", "[pii] phone must be a string, not a boolean"),
        ('[pii]\npassport = "mask"\n', "unknown option [pii] passport"),
    ],
)
def test_pii_section_is_checked(tmp_path, body, expected):
    path = tmp_path / "c.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=expected.replace("[", r"\[").replace("]", r"\]")):
        load_config(path)


def test_pii_flag_overrides_the_files_per_type_settings(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[pii]\nmode = "mask"\nrrn = "drop"\n', encoding="utf-8")
    assert load_config(path, {("pii", "mode"): "off"}).pii.modes() == dict.fromkeys(
        PII_TYPES, "off"
    )
    both = load_config(path, {("pii", "mode"): "mask", ("pii", "phone"): "drop"}).pii.modes()
    assert both == {k: "drop" if k == "phone" else "mask" for k in PII_TYPES}
    # a per-type flag alone leaves the rest of the file as it is
    alone = load_config(path, {("pii", "email"): "off"}).pii.modes()
    assert alone == {k: {"rrn": "drop", "email": "off"}.get(k, "mask") for k in PII_TYPES}


def test_bad_pii_flag_is_a_usage_error(corpus, tmp_path, capsys):
    assert cli("run", str(corpus), "--out", str(tmp_path / "o"), "--pii", "hide") == 2
    assert "invalid choice: 'hide'" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


# --- cleaner clean ------------------------------------------------------------------------------


def cleaner_command() -> list[str]:
    script = Path(sys.executable).with_name("cleaner")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cleaner.cli"]


def test_clean_pii_mask_reads_standard_input():
    page = "\n".join(d["text"] for d in DOCS[:7])
    proc = subprocess.run(
        [*cleaner_command(), "clean", "--pii", "mask", "-"],
        input=page,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    for value in VALUES:
        assert value not in proc.stdout
    for placeholder in ("<전화번호>", "<이메일>", "<주민등록번호>", "<카드번호>", "<계좌번호>"):
        assert placeholder in proc.stdout
    assert "<사업자등록번호>" in proc.stdout and "<IP주소>" in proc.stdout
    assert "2024.01.15" not in proc.stdout  # not in these documents; and never masked anyway


def test_clean_without_pii_prints_the_numbers(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(DOCS[0]["text"]))
    assert cli("clean", "-") == 0
    assert "010-1234-5678" in capsys.readouterr().out


def test_clean_pii_drop_prints_nothing_and_says_why(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(DOCS[0]["text"]))
    assert cli("clean", "--pii", "drop", "-") == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "holds phone, which [pii] drops" in captured.err
    monkeypatch.setattr(sys, "stdin", io.StringIO(DOCS[-1]["text"]))
    assert cli("clean", "--pii", "drop", "-") == 0
    assert "2024고합123" in capsys.readouterr().out  # nothing personal: printed as it is


def test_clean_explain_shows_the_text_as_published(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text(
        DOCS[7]["text"].replace(BODY, BODY + " 전화 010-1234-5678.", 1), encoding="utf-8"
    )
    assert cli("clean", "--explain", "--color", "never", "--pii", "mask", str(page)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("~ pii:phone") and "<전화번호>" in lines[0]
    assert lines[-1].startswith("- byline") and lines[-1].endswith("김가상 기자 <이메일>")
    assert not any("010-1234-5678" in line or REMOVED_VALUE in line for line in lines)


# --- cleaner run --------------------------------------------------------------------------------


def test_run_pii_mask_records_every_replacement_without_its_value(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli("run", str(corpus), "--out", str(out), *FAST, "--pii", "mask") == 0
    summary = capsys.readouterr().err
    rows = shard_rows(out)
    assert set(rows) == {d["id"] for d in DOCS}  # masking drops nothing
    written = everything_written(out)
    for value in [*VALUES, REMOVED_VALUE]:
        assert value not in written, value
    assert "2024고합123" in rows["clean"]["text"] and "1,234,567원" in rows["clean"]["text"]
    # pii.parquet: every span is a placeholder in the published text or in a removed block
    spans = pq.read_table(out / names.PII).to_pylist()
    for span in spans:
        row = rows[span["id"]]
        where = row["text"] if span["removal"] is None else row["removals"][span["removal"]]["text"]
        assert where[span["start"] : span["end"]].startswith("<"), span
        assert span["action"] == "mask" and span["rule"].split(":")[0] == span["type"]
    in_text = Counter(s["type"] for s in spans if s["removal"] is None)
    assert in_text == Counter(VALUES.values())
    assert [s["type"] for s in spans if s["removal"] is not None] == ["email"]
    # stats.json counts what pii.parquet lists; the summary says it
    stats = json.loads((out / names.STATS).read_text(encoding="utf-8"))
    for kind, counts in stats["pii"]["types"].items():
        assert counts["mode"] == "mask"
        assert counts["spans"] == in_text[kind]
        assert counts["docs"] == len(
            {s["id"] for s in spans if s["type"] == kind and s["removal"] is None}
        )
        assert counts["docs_dropped"] == 0
    assert stats["pii"]["types"]["email"]["removed_spans"] == 1
    assert stats["pii"]["spans"] == sum(in_text.values()) and stats["pii"]["removed_spans"] == 1
    assert stats["pii"]["docs_dropped"] == 0 and "pii" not in stats["drops"]  # masking drops none
    assert re.search(
        r"pii replaced +9 +rrn 1, phone 2, email 2, card 1, account 1, brn 1, ip 1", summary
    )
    manifest = json.loads((out / names.MANIFEST).read_text(encoding="utf-8"))
    assert names.PII in [entry["file"] for entry in manifest["side_files"]]
    card = (out / names.CARD).read_text(encoding="utf-8")
    assert "config_name: pii" in card  # the replacements are an audit config of the dataset
    assert "placeholders (`<전화번호>`, `<이메일>`, …)" in card
    assert "| `phone` | mask | 2 | 1 | 0 | 0 |" in card
    assert cli("verify", str(out)) == 0


def test_report_of_a_scrubbed_run_shows_no_value(corpus, tmp_path):
    """The report lays its sample out from the masked shards, never from the inputs."""
    pytest.importorskip("matplotlib")
    out = tmp_path / "out"
    assert cli("run", str(corpus), "--out", str(out), *FAST, "-q", "--pii", "mask") == 0
    assert cli("report", str(out)) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    for value in [*VALUES, REMOVED_VALUE]:
        assert value not in page, value
    assert "&lt;전화번호&gt;" in page and "id='pii'" in page


def test_run_pii_drop_drops_the_documents_and_says_why(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli("run", str(corpus), "--out", str(out), *FAST, "--pii", "drop") == 0
    rows = shard_rows(out)
    # the byline's address was removed with the byline: it decides nothing
    assert set(rows) == {"byline", "clean"}
    assert "<이메일>" in rows["byline"]["removals"][0]["text"]
    written = everything_written(out)
    for value in [*VALUES, REMOVED_VALUE]:
        assert value not in written, value
    spans = pq.read_table(out / names.PII).to_pylist()
    dropped = {s["id"]: s["type"] for s in spans if s["action"] == "drop"}
    assert dropped == {d: t for d, t in ((d["id"], d["id"]) for d in DOCS[:7])}
    stats = json.loads((out / names.STATS).read_text(encoding="utf-8"))
    assert stats["drops"]["pii"]["docs"] == stats["pii"]["docs_dropped"] == 7
    assert stats["stages"]["write"]["docs"] == 2
    for kind in PII_TYPES:
        assert stats["pii"]["types"][kind]["docs_dropped"] == 1
    assert "personal data                7" in capsys.readouterr().err  # a drop reason
    card = (out / names.CARD).read_text(encoding="utf-8")
    assert "holds personal data of a type `[pii]` sets to `drop`" in card


def test_run_per_type_modes(corpus, tmp_path):
    out = tmp_path / "out"
    args = ["--pii-rrn", "drop", "--pii-email", "mask"]
    assert cli("run", str(corpus), "--out", str(out), *FAST, *args, "-q") == 0
    rows = shard_rows(out)
    assert "rrn" not in rows
    assert "<이메일>" in rows["email"]["text"]
    assert "010-1234-5678" in rows["phone"]["text"]  # phone numbers stay off


def test_pii_off_changes_nothing_and_leaves_no_side_file(corpus, tmp_path):
    plain, off, masked = tmp_path / "plain", tmp_path / "off", tmp_path / "masked"
    assert cli("run", str(corpus), "--out", str(plain), *FAST, "-q") == 0
    assert cli("run", str(corpus), "--out", str(off), *FAST, "-q", "--pii", "off") == 0
    assert not (plain / names.PII).exists() and not (off / names.PII).exists()
    for shard in sorted(plain.glob("data/train-*.parquet")):
        assert shard.read_bytes() == (off / shard.relative_to(plain)).read_bytes()
    assert "pii" not in json.loads((plain / names.STATS).read_text(encoding="utf-8"))
    # a rerun without PII scrubbing takes away the pii.parquet of a run with it
    assert cli("run", str(corpus), "--out", str(masked), *FAST, "-q", "--pii", "mask") == 0
    assert (masked / names.PII).exists()
    assert cli("run", str(corpus), "--out", str(masked), *FAST, "-q") == 0
    assert not (masked / names.PII).exists()


def test_pii_side_file_does_not_depend_on_workers(corpus, tmp_path):
    for n in ("1", "2"):
        args = ["--workers", n, "--min-chars", "1", "--no-near-dedup", "-q", "--pii", "mask"]
        assert (
            cli("run", str(corpus / "docs.jsonl"), str(corpus), "--out", str(tmp_path / n), *args)
            == 0
        )
    digest = [hashlib.sha256((tmp_path / n / names.PII).read_bytes()).hexdigest() for n in "12"]
    assert digest[0] == digest[1]


# --- Python API ---------------------------------------------------------------------------------


def test_api_takes_the_setting(corpus, tmp_path):
    text = DOCS[0]["text"]
    assert "<전화번호>" in clean_text(text, pii="mask")
    assert clean_text(text, pii="drop") == ""
    assert "010-1234-5678" in clean_text(text)  # off by default
    result = Cleaner(pii={"phone": "mask"}).clean(
        DOCS[7]["text"].replace("둘째 문단.", "010-1234-5678.")
    )
    assert [(s.type, s.removal) for s in result.pii] == [("phone", None)]
    assert REMOVED_VALUE in result.removals[0].text  # e-mail is off here
    assert not result.dropped
    with pytest.raises(ConfigError, match="unknown type"):
        Cleaner(pii={"passport": "mask"})
    done = run(
        corpus, tmp_path / "api", pii="mask", workers=1, min_chars=1, near=False, filtering=False
    )
    assert done.stats["pii"]["spans"] == len(VALUES)


def test_stats_add_up_pii_counts():
    a, b = CleanStats(), CleanStats()
    a.pii_spans["phone"] += 2
    a.pii_dropped["phone"] += 1
    b.pii_spans.update({"phone": 1, "email": 3})
    b.pii_chars = 7
    total = a + b
    assert total.pii_spans == Counter({"phone": 3, "email": 3})
    assert total.pii_dropped == Counter({"phone": 1}) and total.pii_chars == 7
    assert CleanStats.from_dict(total.as_dict()) == total
