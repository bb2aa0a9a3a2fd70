#!/usr/bin/env bash
# A plain `pip install .` as a user does it, with the oldest pip the README supports: a fresh
# virtual environment, a non-editable install of the core package (no extras), then a run over
# samples/ and an HTML page written here. Every declared dependency must come with it: no record
# may land in errors.jsonl, and `cleaner report` must say which extra to install.
#
# Run by `make install-check` (and by .ci/run). It needs the package registry; pip's cache makes
# a second run fast. PYTHON picks the interpreter (default python3).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
# The oldest pip supported: 22.0 (Ubuntu 22.04's python3-pip is 22.0.2). It cannot run on Python
# 3.12 and later, so there the check uses the pip that ships with that Python.
OLDEST_PIP="${OLDEST_PIP:-22.0.2}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cleaner-install-check.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
say() { printf 'install-check: %s\n' "$*"; }
fail() { printf 'install-check: FAILED: %s\n' "$*" >&2; exit 1; }

# the source as a user gets it: the files git keeps (new ones too), not this checkout's .venv/,
# build/ or out/; outside a git checkout, everything but those
"$PYTHON" - "$ROOT" "$WORK/src" <<'EOF'
import shutil, subprocess, sys
from pathlib import Path
root, dest = Path(sys.argv[1]), Path(sys.argv[2])
try:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root, capture_output=True, check=True,
    ).stdout.decode().split("\0")
except (OSError, subprocess.CalledProcessError):
    skip = {".venv", "out", "build", ".git", "__pycache__", ".pytest_cache", ".ruff_cache"}
    listed = [
        str(p.relative_to(root)) for p in root.rglob("*")
        if p.is_file() and not skip & set(p.relative_to(root).parts)
    ]
for name in filter(None, listed):
    if (root / name).is_file():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, dest / name)
EOF

"$PYTHON" -m venv "$WORK/venv"
PY="$WORK/venv/bin/python"
minor="$("$PY" -c 'import sys; print(sys.version_info[1])')"
if [ "$minor" -le 11 ]; then
    "$PY" -m pip install --quiet "pip==$OLDEST_PIP"
fi
say "$("$PY" -m pip --version)"

"$PY" -m pip install --quiet "$WORK/src"
cd "$WORK"  # away from the source, so that `import cleaner` is the installed package
"$PY" - <<'EOF' || exit 1
import importlib.util, sys
import cleaner
if "site-packages" not in cleaner.__file__:
    sys.exit(f"install-check: FAILED: cleaner imported from {cleaner.__file__}, not the install")
if importlib.util.find_spec("matplotlib") is not None:
    sys.exit("install-check: FAILED: matplotlib came with the core install ([report] extra only)")
EOF

# an HTML page written for this check (no publisher's text), with furniture around the story
mkdir -p "$WORK/in"
cat > "$WORK/in/check.html" <<'EOF'
<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8"><title>설치 점검용 기사</title></head>
<body>
<nav><a href="/">홈</a> <a href="/news">뉴스</a> <a href="/sports">스포츠</a></nav>
<article>
<h1>동네 도서관, 밤 열 시까지 문을 연다</h1>
<p>시립 도서관이 다음 달부터 평일 운영 시간을 밤 열 시까지 늘린다고 밝혔다. 퇴근 뒤에 책을
빌리기 어렵다는 주민들의 요청이 이어진 데 따른 것이다.</p>
<p>도서관 측은 야간에도 열람실과 어린이 자료실을 함께 운영하고, 주말에는 작가와의 만남 같은
행사를 열 계획이라고 설명했다. 이용자들은 대체로 반기는 분위기다.</p>
<p>한 주민은 아이와 함께 저녁을 먹고 산책 삼아 들를 수 있게 되어 좋다고 말했다.</p>
</article>
<footer>무단 전재 및 재배포 금지 ⓒ 가상일보</footer>
</body></html>
EOF

"$WORK/venv/bin/cleaner" run "$WORK/src/samples" "$WORK/in" --out "$WORK/out" --quiet \
    || fail "cleaner run exited $?"
if [ -s "$WORK/out/errors.jsonl" ]; then
    cat "$WORK/out/errors.jsonl" >&2
    fail "records went to errors.jsonl (above)"
fi
"$PY" - "$WORK/out" <<'EOF' || exit 1
import sys
from pathlib import Path
import pyarrow.parquet as pq
sources = set()
for shard in sorted(Path(sys.argv[1]).glob("data/*.parquet")):
    sources.update(pq.read_table(shard, columns=["source"]).column("source").to_pylist())
needed = {"check.html", "page.html", "corpus.jsonl", "export.parquet", "note.txt"}
if not needed <= sources:
    sys.exit(f"install-check: FAILED: no documents from {sorted(needed - sources)}")
EOF
"$WORK/venv/bin/cleaner" verify "$WORK/out" > /dev/null || fail "cleaner verify exited $?"

status=0
"$WORK/venv/bin/cleaner" report "$WORK/out" 2> "$WORK/report.err" > /dev/null || status=$?
[ "$status" -eq 2 ] || fail "cleaner report without matplotlib exited $status, not 2"
grep -q "pip install 'cleaner\[report\]'" "$WORK/report.err" \
    || fail "cleaner report did not name the [report] extra: $(cat "$WORK/report.err")"

say "ok: pip install . (core) runs samples/ and HTML input with no record error; report names [report]"
