"""Every reader on real files: formats, configurable field names, generated ids, folders and globs."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cleaner.cli import _config_from, build_parser
from cleaner.config import InputConfig
from cleaner.document import Document
from cleaner.io.errors import ErrorLog
from cleaner.io.readers import InputNotFound, expand_inputs, format_of, read_documents

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

STORY = (
    "서울시는 다음 달부터 시내버스 첫차 시간을 30분 앞당긴다고 밝혔다.\n"
    "새벽 노동자들의 출근길 불편을 덜기 위한 조치다."
)
RECORDS = [
    {"id": "a-1", "url": "https://www.news.example.kr/a/1", "text": STORY, "date": "2025-02-04"},
    {"id": "a-2", "url": None, "text": "두 번째 문서입니다.\n둘째 줄.", "section": "사회"},
    {"id": "a-3", "url": "https://m.board.example.com/b/3", "text": "세 번째 문서"},
]


def read_all(path: Path, cfg: InputConfig | None = None) -> tuple[list[Document], ErrorLog]:
    errors = ErrorLog()
    docs = list(read_documents(path, cfg or InputConfig(), errors))
    return docs, errors


def write_jsonl(path: Path, records: list[dict], *, gz: bool = False) -> Path:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    if gz:
        with gzip.open(path, "wb") as fh:
            fh.write(data)
    else:
        path.write_bytes(data)
    return path


def write_parquet(path: Path, records: list[dict]) -> Path:
    """One column per field of any record (``from_pylist`` would take the first row's only)."""
    names = list(dict.fromkeys(k for r in records for k in r))
    pq.write_table(pa.table({k: [r.get(k) for r in records] for k in names}), path)
    return path


def check_records(docs: list[Document], path: Path) -> None:
    assert [d.id for d in docs] == ["a-1", "a-2", "a-3"]
    assert docs[0].text == STORY
    assert docs[0].url == "https://www.news.example.kr/a/1"
    assert docs[0].site == "news.example.kr"
    # Parquet has every column in every row: absent fields come back as nulls
    metadata = [{k: v for k, v in d.metadata.items() if v is not None} for d in docs]
    assert metadata[:2] == [{"date": "2025-02-04"}, {"section": "사회"}]
    assert docs[1].url is None and docs[1].site is None
    assert docs[2].site == "board.example.com"  # "m." dropped
    assert [d.record for d in docs] == [0, 1, 2]
    assert {d.source for d in docs} == {str(path)}


# --- one test per format ----------------------------------------------------------------------


def test_jsonl(tmp_path):
    path = write_jsonl(tmp_path / "docs.jsonl", RECORDS)
    docs, errors = read_all(path)
    check_records(docs, path)
    assert len(errors) == 0


def test_jsonl_gz(tmp_path):
    path = write_jsonl(tmp_path / "docs.jsonl.gz", RECORDS, gz=True)
    assert format_of(path) == "jsonl"
    docs, errors = read_all(path)
    check_records(docs, path)
    assert len(errors) == 0


def test_json_array(tmp_path):
    path = tmp_path / "docs.json"
    path.write_text(json.dumps(RECORDS, ensure_ascii=False), encoding="utf-8")
    docs, errors = read_all(path)
    check_records(docs, path)
    assert len(errors) == 0


def test_parquet(tmp_path):
    path = write_parquet(tmp_path / "docs.parquet", RECORDS)
    docs, errors = read_all(path)
    check_records(docs, path)
    assert len(errors) == 0


def test_parquet_fineweb_style_sample():
    """samples/export.parquet: FineWeb-2 columns; the extra ones land in metadata."""
    docs, errors = read_all(SAMPLES / "export.parquet")
    assert len(errors) == 0
    assert len(docs) == 4
    for doc in docs:
        assert doc.id.startswith("<urn:uuid:") and doc.id.endswith(">")
        assert doc.url and doc.url.startswith("https://")
        assert doc.metadata["date"].endswith("Z")
        assert doc.metadata["language"] == "kor"
        assert "text" not in doc.metadata and "id" not in doc.metadata
    assert len({d.id for d in docs}) == 4


def test_txt_sample():
    path = SAMPLES / "note.txt"
    docs, errors = read_all(path)
    assert len(errors) == 0
    assert len(docs) == 1
    assert docs[0].id == "note"
    assert docs[0].text == path.read_text(encoding="utf-8")
    assert docs[0].url is None


def test_txt_in_cp949(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(STORY.encode("cp949"))
    docs, errors = read_all(path)
    assert docs[0].text == STORY
    # the bytes are plain EUC-KR (no CP949 extension syllables), and that is what is reported
    assert [e.reason for e in errors.items] == ["decoded as euc-kr"]


def test_html_sample():
    """samples/page.html: the article paragraphs come out, the menus and the footer do not."""
    docs, errors = read_all(SAMPLES / "page.html")
    assert len(errors) == 0
    assert len(docs) == 1
    doc = docs[0]
    assert doc.id == "page"
    assert doc.url == "https://www.donghaenews.example.kr/news/articleView.html?idxno=70412"
    assert doc.site == "donghaenews.example.kr"
    assert doc.metadata["title"].startswith("강릉 커피축제 역대 최다 관람객")
    assert doc.metadata["date"] == "2025-10-13"
    lines = doc.text.split("\n")
    assert (
        lines[0]
        == "제17회 강릉커피축제가 나흘간 32만 명의 관람객을 모으며 역대 최다 기록을 세웠다."
    )
    assert any(line.startswith("축제 기간 강릉 시내 숙박업소 객실 가동률은") for line in lines)
    for chrome in ("오피니언", "검색어를 입력하세요", "청소년보호책임자", "개인정보처리방침"):
        assert chrome not in doc.text


def test_html_without_text_is_an_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>t</title></head><body></body></html>", encoding="utf-8")
    docs, errors = read_all(path)
    assert docs == []
    assert errors.n_errors == 1


# --- field names -------------------------------------------------------------------------------

CUSTOM = [
    {"doc_id": "c-1", "link": "https://www.news.example.kr/c/1", "content": STORY, "text": "x"},
    {"doc_id": "c-2", "link": "", "content": "둘째 문서"},
]
CUSTOM_CFG = InputConfig(text_field="content", id_field="doc_id", url_field="link")


def check_custom(docs: list[Document]) -> None:
    assert [d.id for d in docs] == ["c-1", "c-2"]
    assert docs[0].text == STORY
    assert docs[0].url == "https://www.news.example.kr/c/1"
    assert docs[1].url is None  # an empty URL is no URL
    assert docs[0].metadata == {"text": "x"}  # the unused "text" field is kept as metadata


def test_field_names_jsonl(tmp_path):
    docs, errors = read_all(write_jsonl(tmp_path / "custom.jsonl", CUSTOM), CUSTOM_CFG)
    check_custom(docs)
    assert len(errors) == 0


def test_field_names_parquet(tmp_path):
    path = write_parquet(tmp_path / "custom.parquet", CUSTOM)
    docs, errors = read_all(path, CUSTOM_CFG)
    check_custom(docs)
    assert len(errors) == 0


def test_field_names_from_command_line_flags():
    args = build_parser().parse_args(
        "run in.jsonl --out out --text-field content --id-field doc_id --url-field link "
        "--site-field outlet".split()
    )
    cfg = _config_from(args).input
    assert (cfg.text_field, cfg.id_field, cfg.url_field, cfg.site_field) == (
        "content",
        "doc_id",
        "link",
        "outlet",
    )


def test_site_field(tmp_path):
    records = [{"text": STORY, "url": "https://www.news.example.kr/1", "outlet": "한빛일보"}]
    cfg = InputConfig(site_field="outlet")
    docs, _ = read_all(write_jsonl(tmp_path / "s.jsonl", records), cfg)
    assert docs[0].site == "한빛일보"


def test_missing_text_field_is_an_error_per_record(tmp_path):
    path = write_jsonl(tmp_path / "docs.jsonl", RECORDS)
    docs, errors = read_all(path, InputConfig(text_field="body"))
    assert docs == []
    assert errors.n_errors == 3
    assert all("'body'" in e.reason for e in errors.items)


def test_missing_parquet_column_is_one_file_error(tmp_path):
    path = write_parquet(tmp_path / "docs.parquet", RECORDS)
    docs, errors = read_all(path, InputConfig(text_field="body"))
    assert docs == []
    assert len(errors) == 1 and errors.items[0].record is None
    assert "no 'body' column" in errors.items[0].reason


# --- generated ids -----------------------------------------------------------------------------


def test_generated_ids_are_stable_and_follow_the_line(tmp_path):
    path = tmp_path / "noid.jsonl"
    lines = [
        json.dumps({"text": "첫 문서"}, ensure_ascii=False),
        "",  # a blank line keeps its number
        json.dumps({"text": "둘째 문서", "id": ""}, ensure_ascii=False),
        json.dumps({"text": "셋째 문서", "id": None}, ensure_ascii=False),
        json.dumps({"text": "넷째 문서", "id": 17}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first, _ = read_all(path)
    again, _ = read_all(path)
    ids = [d.id for d in first]
    assert ids == ["noid.jsonl#0", "noid.jsonl#2", "noid.jsonl#3", "17"]
    assert ids == [d.id for d in again]


def test_generated_ids_parquet_and_txt(tmp_path):
    path = tmp_path / "noid.parquet"
    pq.write_table(pa.Table.from_pylist([{"text": "가"}, {"text": "나"}]), path)
    assert [d.id for d in read_all(path)[0]] == ["noid.parquet#0", "noid.parquet#1"]
    txt = tmp_path / "글.txt"
    txt.write_text(STORY, encoding="utf-8")
    assert [d.id for d in read_all(txt)[0]] == ["글"]  # one document per file: the file stem


def test_bad_lines_are_reported_and_skipped(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"id": "ok-1", "text": "좋은 문서"}\n{"id": broken\n[1, 2]\n{"id": "ok-2", "text": "또 하나"}\n'
        '{"id": "empty", "text": "   "}\n{"id": "num", "text": 5}\n',
        encoding="utf-8",
    )
    docs, errors = read_all(path)
    assert [d.id for d in docs] == ["ok-1", "ok-2"]
    assert [e.record for e in errors.items] == [1, 2, 4, 5]


# --- inputs: files, folders, globs, --format ----------------------------------------------------


@pytest.fixture
def tree(tmp_path) -> Path:
    root = tmp_path / "in"
    (root / "sub" / "deeper").mkdir(parents=True)
    write_jsonl(root / "b.jsonl", RECORDS[:1])
    write_jsonl(root / "a.jsonl.gz", RECORDS[1:2], gz=True)
    write_jsonl(root / "sub" / "c.jsonl", RECORDS[2:])
    shutil.copy(SAMPLES / "note.txt", root / "sub" / "deeper" / "note.txt")
    shutil.copy(SAMPLES / "page.html", root / "sub" / "page.htm")
    (root / "README.md").write_text("# not an input\n", encoding="utf-8")
    (root / "sub" / "make.py").write_text("print()\n", encoding="utf-8")
    (root / ".hidden.jsonl").write_text('{"text": "숨김"}\n', encoding="utf-8")
    return root


def test_directory_is_walked_recursively_sorted_and_filtered(tree):
    found = expand_inputs([str(tree)])
    assert [p.relative_to(tree).as_posix() for p in found] == [
        "a.jsonl.gz",
        "b.jsonl",
        "sub/c.jsonl",
        "sub/deeper/note.txt",
        "sub/page.htm",
    ]


def test_globs_and_duplicates(tree):
    found = expand_inputs([str(tree / "**" / "*.jsonl"), str(tree / "b.jsonl")])
    assert [p.relative_to(tree).as_posix() for p in found] == ["b.jsonl", "sub/c.jsonl"]
    found = expand_inputs([str(tree / "*.jsonl*")])
    assert [p.name for p in found] == ["a.jsonl.gz", "b.jsonl"]


def test_missing_inputs_and_unknown_formats(tree):
    with pytest.raises(InputNotFound):
        expand_inputs([str(tree / "nope.jsonl")])
    with pytest.raises(InputNotFound):
        expand_inputs([str(tree / "*.parquet")])
    with pytest.raises(ValueError, match="--format"):
        expand_inputs([str(tree / "README.md")])


def test_format_override(tmp_path):
    path = write_jsonl(tmp_path / "dump.dat", RECORDS)
    assert format_of(path) is None
    assert expand_inputs([str(path)], forced="jsonl") == [path]
    docs, errors = read_all(path, InputConfig(format="jsonl"))
    check_records(docs, path)
    assert len(errors) == 0
    # a .txt file holding JSON lines is one text document unless told otherwise
    txt = write_jsonl(tmp_path / "lines.txt", RECORDS)
    assert len(read_all(txt)[0]) == 1
    assert [d.id for d in read_all(txt, InputConfig(format="jsonl"))[0]] == ["a-1", "a-2", "a-3"]


def test_format_override_in_a_folder_takes_every_file(tmp_path):
    write_jsonl(tmp_path / "one.dat", RECORDS[:1])
    write_jsonl(tmp_path / "two", RECORDS[1:])
    assert expand_inputs([str(tmp_path)]) == []
    assert [p.name for p in expand_inputs([str(tmp_path)], forced="jsonl")] == ["one.dat", "two"]


def test_samples_folder_reads_every_sample():
    """The whole samples folder: 42 + 4 + 1 + 1 documents, no errors, config and script skipped."""
    files = expand_inputs([str(SAMPLES)])
    assert [p.name for p in files] == ["corpus.jsonl", "export.parquet", "note.txt", "page.html"]
    errors = ErrorLog()
    counts = {p.name: len(list(read_documents(p, InputConfig(), errors))) for p in files}
    assert counts == {"corpus.jsonl": 42, "export.parquet": 4, "note.txt": 1, "page.html": 1}
    assert len(errors) == 0
