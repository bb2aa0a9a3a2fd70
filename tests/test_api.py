"""The Python API: ``from cleaner import clean_text, Cleaner, run``.

Every page here is made up for these tests; no publisher's text is used.
"""

from __future__ import annotations

import inspect
import json
import random
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import cleaner
from cleaner import (
    Cleaner,
    CleanResult,
    Config,
    ConfigError,
    Document,
    clean_text,
    load_config,
    run,
)

STORY = [
    "동네 도서관, 밤 10시까지 문 연다",
    "",
    "시립 도서관 세 곳이 다음 달부터 평일 운영 시간을 밤 10시까지 늘린다고 밝혔다.",
    "퇴근 뒤에 책을 빌리기 어렵다는 주민 의견이 꾸준히 이어졌기 때문이다.",
    "도서관 측은 야간 열람실에 안내 인력을 더 배치하고 조명도 새로 바꿀 계획이라고 설명했다.",
    '한 주민은 "아이와 함께 저녁 산책 겸 들를 수 있게 돼 반갑다"고 말했다.',
]
BYLINE = "이하늘 기자 sky@hanbit-news.example"
COPYRIGHT = "ⓒ 한빛뉴스, 무단 전재 및 재배포 금지"
PAGE = "\n".join([*STORY, "", BYLINE, COPYRIGHT])


def test_clean_text_removes_byline_and_copyright_and_keeps_the_story() -> None:
    cleaned = clean_text(PAGE)
    assert cleaned == "\n".join(STORY)
    assert BYLINE not in cleaned and COPYRIGHT not in cleaned


def test_clean_text_is_the_command_line_clean() -> None:
    from cleaner.run.clean_stage import clean_document

    assert clean_text(PAGE) == clean_document(PAGE)[0]
    config = load_config(None, {("clean", "disable"): "markers"})
    assert clean_text(PAGE, config=config) == clean_document(PAGE, config)[0] == PAGE


def test_removals_carry_rule_lines_and_text() -> None:
    result = Cleaner().clean(PAGE)
    assert isinstance(result, CleanResult)
    assert result.text == clean_text(PAGE)
    lines = PAGE.split("\n")
    assert [(r.rule, r.first_line, r.last_line) for r in result.removals] == [
        ("byline", 7, 7),
        ("copyright", 8, 8),
    ]
    for removal in result.removals:
        # the line numbers point into the text as given
        assert removal.text == "\n".join(lines[removal.first_line : removal.last_line + 1])
    assert result.rules == ["byline", "copyright"]
    assert result.removed_lines == 2


def test_nothing_to_remove_gives_the_text_back() -> None:
    story = "\n".join(STORY)
    result = Cleaner().clean(story)
    assert result.text == story and result.removals == []


def test_title_keeps_the_headline_line() -> None:
    # a short line trailing a footer would otherwise go with it (an orphan of the byline)
    text = "\n".join([*STORY[2:], "", BYLINE, "도서관 야간 개방"])
    plain = Cleaner().clean(text)
    titled = Cleaner().clean(text, title="도서관 야간 개방 | 한빛뉴스")
    assert "도서관 야간 개방" not in plain.text
    assert "도서관 야간 개방" in titled.text
    assert BYLINE not in titled.text


def test_cleaner_disables_a_detector_and_reuses_its_config() -> None:
    config = load_config(None)
    quiet = Cleaner(config, disable=["markers"])  # bylines and copyright lines are markers'
    assert quiet.clean(PAGE).text == PAGE
    assert quiet.config.clean.disable == ["markers"]
    # the caller's Config is not changed by the options
    assert config.clean.disable == []
    assert Cleaner(config).clean(PAGE).rules == ["byline", "copyright"]
    # options take the TOML forms: a comma-separated string is a list
    assert Cleaner(detectors="chrome,nav_menu").config.clean.detectors == ["chrome", "nav_menu"]
    assert Cleaner(detectors="chrome,nav_menu").clean(PAGE).removals == []
    # one object, many texts: the same result every time
    reused = Cleaner()
    assert [reused.clean(PAGE).text for _ in range(3)] == [clean_text(PAGE)] * 3


def test_cleaner_honours_enabled_false(tmp_path: Path) -> None:
    toml = tmp_path / "cleaner.toml"
    toml.write_text("[clean]\nenabled = false\n", encoding="utf-8")
    assert Cleaner(toml).clean(PAGE) == CleanResult(PAGE, [])
    assert Cleaner(enabled=False).clean(PAGE).text == PAGE
    assert clean_text(PAGE, config=load_config(toml)) == PAGE


def test_cleaner_rejects_bad_options() -> None:
    with pytest.raises(TypeError, match="min_char"):
        Cleaner(min_char=3)
    with pytest.raises(TypeError, match="near"):
        Cleaner(near=False)  # a dedup option means nothing for one text
    with pytest.raises(ValueError, match="unknown detector"):
        Cleaner(disable=["byline"])  # a rule, not a detector
    with pytest.raises(ConfigError):
        Cleaner(enabled="maybe")


def test_clean_document_fills_provenance() -> None:
    doc = Document(id="a", text=PAGE, url="https://news.example/1")
    assert Cleaner().clean_document(doc) is doc
    assert doc.original_text == PAGE
    assert doc.text == clean_text(PAGE)
    assert doc.removed_rules == ["byline", "copyright"]


def test_public_names_have_docstrings_and_types() -> None:
    for obj in (clean_text, Cleaner, Cleaner.clean, Cleaner.clean_document, run, CleanResult):
        assert obj.__doc__ and len(obj.__doc__) > 40, obj
    assert str(inspect.signature(clean_text)) == (
        "(text: 'str', *, title: 'str | None' = None, config: 'Config | None' = None, "
        "pii: 'str | Mapping[str, str] | None' = None) -> 'str'"
    )
    assert inspect.signature(run).return_annotation == "RunResult"
    assert set(cleaner.__all__) == {*cleaner._EXPORTS, "__version__"}
    assert {"clean_text", "Cleaner", "run"} <= set(dir(cleaner))
    with pytest.raises(AttributeError):
        _ = cleaner.no_such_name


def test_option_names_are_unique_across_sections() -> None:
    # the API takes options by key alone, so no key may appear in two sections
    keys = [o.name for s in fields(Config) for o in fields(getattr(Config(), s.name))]
    assert len(keys) == len(set(keys))


def _write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def test_run_writes_shards_and_returns_stats(tmp_path: Path) -> None:
    other = "\n".join(
        [
            "골목 시장에 청년 가게 다섯 곳이 새로 문을 열었다.",
            "상인회는 빈 점포를 싼 임대료로 내놓고 간판 제작도 도왔다고 전했다.",
            "주말마다 작은 공연도 열어 손님을 모을 계획이다.",
            "",
            BYLINE,
        ]
    )
    source = _write_jsonl(
        tmp_path / "pages.jsonl",
        [
            {"id": "a", "text": PAGE, "url": "https://news.example/a"},
            {"id": "b", "text": other, "url": "https://news.example/b"},
            {"id": "c", "text": PAGE, "url": "https://news.example/c"},  # an exact copy of a
        ],
    )
    # str paths, a single input, config options by key
    result = run(str(source), str(tmp_path / "out"), workers=1, min_chars=20)
    assert result.out == tmp_path / "out"
    stages = result.stats["stages"]
    assert stages["read"]["docs"] == 3
    assert stages["exact_dedup"]["docs_removed"] == 1
    assert stages["write"]["docs"] == 2
    assert result.stats["rules"]["byline"]["docs"] == 3  # counted when cleaned, before dedup
    assert result.errors == [] and result.n_errors == 0
    assert result.manifest["config"]["clean"]["min_chars"] == 20
    texts = []
    for shard in result.manifest["shards"]:
        texts += pq.read_table(result.out / shard["file"]).column("text").to_pylist()
    assert texts == [clean_text(PAGE), clean_text(other)]
    # stats.json on disk is what run() returned
    on_disk = json.loads((result.out / "stats.json").read_text(encoding="utf-8"))
    assert on_disk["stages"] == stages


def test_run_takes_a_config_file_and_overrides_it(tmp_path: Path) -> None:
    source = _write_jsonl(tmp_path / "p.jsonl", [{"id": "a", "text": PAGE}])
    toml = tmp_path / "cleaner.toml"
    toml.write_text("[clean]\nmin_chars = 5000\n[input]\nworkers = 1\n", encoding="utf-8")
    dropped = run([source], tmp_path / "out1", toml)
    assert dropped.stats["stages"]["write"]["docs"] == 0
    kept = run([source], tmp_path / "out2", toml, min_chars=10)
    assert kept.stats["stages"]["write"]["docs"] == 1
    with pytest.raises(TypeError, match="no_such_option"):
        run([source], tmp_path / "out3", no_such_option=1)


def test_cleaner_uses_templates_saved_by_a_run(tmp_path: Path) -> None:
    rng = random.Random(13)
    syllables = "가나다라마바사아자차카타파하거너더러머버서어저처"

    def sentence(n: int) -> str:
        return " ".join("".join(rng.choice(syllables) for _ in range(3)) for _ in range(n)) + "다."

    footer = "우리마을 소식지 편집실 | 함께 읽는 동네 이야기"  # made up; no detector knows it

    def page() -> str:
        return "\n".join([sentence(4), *(sentence(15) for _ in range(3)), footer])

    source = _write_jsonl(
        tmp_path / "site.jsonl",
        [{"text": page(), "url": f"https://village.example/{i}"} for i in range(8)],
    )
    saved = tmp_path / "templates.npz"
    run(source, tmp_path / "out", workers=1, templates=True, templates_out=str(saved))
    text = page()
    learned = Cleaner(templates_in=saved)
    assert learned.clean(text, url="https://village.example/new").rules == ["template"]
    # templates belong to their site: another site, or no site at all, keeps the line
    assert learned.clean(text, url="https://elsewhere.example/1").removals == []
    assert Cleaner().clean(text).removals == []
    with pytest.warns(UserWarning, match="does not learn templates"):
        Cleaner(templates=True)


def test_from_cleaner_import_run_is_the_function_after_the_subpackage_loads() -> None:
    # cleaner.run is also a subpackage; importing it must not shadow the API function
    import cleaner.run.clean_stage  # noqa: F401
    from cleaner import run as again
    from cleaner.run import RunResult

    assert again is run and inspect.isfunction(again)
    assert RunResult.__module__ == "cleaner.run.write_stage"


def test_import_cleaner_is_light() -> None:
    code = (
        "import sys, cleaner; "
        "print(sorted(m for m in ('pyarrow', 'trafilatura', 'numpy', 'datasketch', "
        "'cleaner.api', 'cleaner.run') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
    # the first use imports what the name needs, and only then
    code = "import sys; from cleaner import clean_text; print('trafilatura' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
