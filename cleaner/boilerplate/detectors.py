"""Block detectors: each finds one kind of boilerplate by its shape and names the lines it claims.

A detector is a plain function ``(page) -> iterable of (first, last, rule)`` with inclusive line
indices. Detectors never decide alone that a long sentence is boilerplate unless a marker in the
lexicon says so: losing article text is worse than leaving a footer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from cleaner.boilerplate.lexicon import (
    BOARD_HEADER_CELLS,
    BOARD_HEADER_REQUIRED,
    BULLETS,
    CASUAL_MARKS,
    COMMENT_WORDS,
    CUES,
    DATE,
    GATES,
    MARKERS,
    OUTLET_SUFFIXES,
    POST_END_LABELS,
    POST_META_COUNTERS,
    POST_META_LABELS,
    PREV_NEXT_LABELS,
    PROMO_BULLETS,
    ROW_TAGS,
    SECTION_LABEL_SUFFIXES,
    SECTION_LABELS,
    TIME,
    UI_WORDS,
    Marker,
)
from cleaner.boilerplate.page import Page, text_ends_with_date

Span = tuple[int, int, str]
Detector = Callable[[Page], Iterable[Span]]


# A line longer than this that ends like a sentence is a paragraph of the story. Footer sentences
# ('… 제보를 기다립니다.', disclaimers, funding notices) are shorter; on the dev set, 100 -> 80
# changed recall by 0.02 points and made the clean stage about 9 % faster.
PROSE_SKIP_CHARS = 80


class MarkerIndex:
    """Finds the lexicon markers of every line of a page, running regexes only where cued."""

    def __init__(self, markers: tuple[Marker, ...] = MARKERS) -> None:
        self.markers = [(m, re.compile(m.pattern, re.IGNORECASE)) for m in markers]
        rank = {rule: r for r, rule in enumerate(dict.fromkeys(m.rule for m in markers))}
        # the first rule in lexicon order wins when several markers fire on one line
        self.order = sorted(range(len(markers)), key=lambda k: (rank[markers[k].rule], k))
        self.rank = {k: position for position, k in enumerate(self.order)}
        self.limits = [m.max_len for m in markers]
        self.gated = [k for k in self.order if markers[k].name in GATES]
        automaton = ahocorasick.Automaton()
        by_cue: dict[str, set[int]] = {}
        for k, marker in enumerate(markers):
            for cue in CUES.get(marker.name, ()):
                by_cue.setdefault(cue, set()).add(k)
            if marker.name not in CUES and marker.name not in GATES:
                raise ValueError(f"marker {marker.name} has neither cues nor a gate")
        for cue, ks in by_cue.items():
            automaton.add_word(cue, frozenset(ks))
        automaton.make_automaton()
        self.automaton = automaton
        self.max_len = max(m.max_len for m in markers)
        self.gate_max_len = max((m.max_len for m in markers if m.name in GATES), default=0)

    def rules(self, page: Page) -> Iterator[tuple[int, str]]:
        max_len, gate_len, limits = self.max_len, self.gate_max_len, self.limits
        scan = self.automaton.iter
        sentence = page.sentence
        for i, n in enumerate(page.length):
            if n == 0 or n > max_len or (n > PROSE_SKIP_CHARS and sentence[i]):
                continue  # paragraphs are never scanned: footers are short or end unlike prose
            line = page.stripped[i]
            hits = [ks for _, ks in scan(line)]
            gated = False
            if n <= gate_len:  # the shape markers' cheap gate, inlined: runs for every short line
                last = line[-1]
                gated = (
                    last.isdigit()
                    or (last == "." and line[-2:-1].isdigit())
                    or not (line[0].isalnum() or last.isalnum())
                )
            if not hits and not gated:
                continue
            cued = {k for ks in hits for k in ks if limits[k] >= n}
            if gated:
                cued.update(k for k in self.gated if limits[k] >= n)
            if cued:
                rule = self._first_rule(line, cued)
                if rule is not None:
                    yield i, rule

    def _first_rule(self, line: str, candidates: set[int]) -> str | None:
        for k in sorted(candidates, key=self.rank.__getitem__):
            if self.markers[k][1].search(line):
                return self.markers[k][0].rule
        return None


_INDEX = MarkerIndex()


def marker_rule(line: str) -> str | None:
    """The rule of the first lexicon marker that fires on this (stripped) line."""
    page = Page.from_text(line.strip())
    return next((rule for _, rule in _INDEX.rules(page)), None)


def detect_markers(page: Page) -> Iterator[Span]:
    for i, rule in _INDEX.rules(page):
        yield i, i, rule


# --- interface words --------------------------------------------------------------------------

_TOKEN_SPLIT = re.compile(r"[\s|/·•,:()\[\]<>]+")


_UI_TOKEN_NOISE = BULLETS + "|/·•,:()[]<>"


def is_ui_line(line: str) -> bool:
    """A short line made only of interface words and numbers ('추천 0 비추천 0 신고 스크랩')."""
    if not line or len(line) > 60:
        return False
    first = line.partition(" ")[0].strip(_UI_TOKEN_NOISE)
    if first and first not in UI_WORDS and not first.replace(",", "").isdigit():
        return False  # cheap rejection: the first word already is not interface text
    tokens = [t for t in _TOKEN_SPLIT.split(line.strip(BULLETS + " ")) if t]
    if not tokens:
        return False
    words = [t for t in tokens if not t.replace(",", "").isdigit()]
    return bool(words) and all(t in UI_WORDS for t in words)


def detect_ui_lines(page: Page) -> Iterator[Span]:
    stripped, length = page.stripped, page.length
    for i in page.candidates:
        line = stripped[i]
        # first word first: most short lines are already not interface text there
        if length[i] > 60:
            continue
        first = line.partition(" ")[0].strip(_UI_TOKEN_NOISE)
        if (first in UI_WORDS or first[:1].isdigit()) and is_ui_line(line):
            yield i, i, "chrome"


# --- board and headline tables ----------------------------------------------------------------

_CELL_SEPARATORS = re.compile(r"\s*[|\t]\s*")
_ROW_START = re.compile(
    rf"^(?:\d{{1,9}}|»[»\s]*|\[?(?:{'|'.join(ROW_TAGS)})\]?)\s+\S", re.IGNORECASE
)


def _cells(line: str) -> list[str]:
    return [c for c in _CELL_SEPARATORS.split(line.replace("\t", "|")) if c] if line else []


def _is_header_line(line: str) -> bool:
    if "제목" not in line or len(line) > 80:
        return False
    tokens = [t for t in re.split(r"[\s|\t]+", line) if t]
    if not 3 <= len(tokens) <= 8 or not all(t in BOARD_HEADER_CELLS for t in tokens):
        return False
    return "제목" in tokens and any(t in BOARD_HEADER_REQUIRED for t in tokens)


def _header_cells_run(page: Page, i: int) -> int:
    """Number of lines of a header written one cell per line starting at i (0 if none)."""
    j, seen = i, []
    while j < len(page) and page.length[j] and page.stripped[j] in BOARD_HEADER_CELLS:
        seen.append(page.stripped[j])
        j += 1
    if len(seen) >= 3 and "제목" in seen and any(t in BOARD_HEADER_REQUIRED for t in seen):
        return j - i
    return 0


def _is_table_row(page: Page, i: int) -> bool:
    """'47141 headline source 2025.02.04 [views]' in spaces, pipes or tabs."""
    if page.length[i] > 200 or page.length[i] < 8:
        return False
    line = page.stripped[i]
    if line[-1] == "|":
        # a pipe table's row closes with its border; a listing's row has a headline in it, a
        # timetable in the text ('| Backup | 03:00 | | 03:00 |') has none
        line = line.rstrip("| ")
        if not line or not any(_is_headline_cell(cell) for cell in _cells(line)):
            return False
    if not (line[-1].isdigit() or (line[-1] == "." and line[-2:-1].isdigit())):
        return False  # every row ends in a date, a time or a count
    if "|" in line or "\t" in page.lines[i]:
        line = " ".join(_cells(page.lines[i]))
    return (
        page.ends_with_date(i)
        or text_ends_with_date(line)
        or (_ROW_START.match(line) is not None and not page.sentence[i] and _ends_with_count(line))
    )


_TRAILING_COUNT = re.compile(r"\s\d[\d,]*$")
HEADLINE_CELL_MIN_CHARS = 8


def _is_headline_cell(cell: str) -> bool:
    return len(cell) >= HEADLINE_CELL_MIN_CHARS and " " in cell and not text_ends_with_date(cell)


def _ends_with_count(line: str) -> bool:
    return _TRAILING_COUNT.search(line) is not None


def _is_cell_line(page: Page, i: int) -> bool:
    """One cell of a table written one cell per line: a number, a date, or a short title/name."""
    n = page.length[i]
    return 0 < n <= 100 and (page.is_number(i) or page.ends_with_date(i) or not page.is_prose(i))


def run_of(page: Page, start: int, belongs: Callable[[Page, int], bool]) -> tuple[int, int, int]:
    """The run of lines from ``start`` that ``belongs`` accepts (blank lines pass through):
    (last non-blank line of the run or -1, index after the run, non-blank lines in it)."""
    n = len(page)
    last, j, count = -1, start, 0
    while j < n and (not page.length[j] or belongs(page, j)):
        if page.length[j]:
            last, count = j, count + 1
        j += 1
    return last, j, count


def detect_board_tables(page: Page) -> Iterator[Span]:
    """Board listings: a 번호/제목/글쓴이/날짜 header and the rows after it, or runs of dated rows."""
    resume = 0
    for i in page.candidates:
        if i < resume:
            continue
        header = int(
            "제목" in page.stripped[i]
            and (
                _is_header_line(page.stripped[i])
                or _is_header_line(" ".join(_cells(page.lines[i])))
            )
        )
        cell_header = (
            0
            if header or page.stripped[i] not in BOARD_HEADER_CELLS
            else _header_cells_run(page, i)
        )
        if header or cell_header:
            end = i + (header or cell_header) - 1
            row_test = _is_table_row if header else _is_cell_line
            rows_end, j, _ = run_of(page, end + 1, row_test)
            end = max(end, rows_end)
            yield i, end, "board_table"
            resume = j
            continue
        if _is_table_row(page, i):
            end, j, rows = run_of(page, i, _is_table_row)
            if rows >= 3:
                yield i, end, "board_table"
            resume = j


# --- listings written one cell per line, without a header ------------------------------------------

# a line that is only a date and/or a time stamp ('08:10 2026-08-07 08:10:20', '02-04', '14:22')
_STAMP_ONLY = re.compile(rf"^\W*(?:(?:{DATE}|{TIME})[\s.()\w]{{0,4}}?)+\W*$")
_STAMP_START = re.compile(rf"(?m)^[ \t(\[]*(?:{DATE}|{TIME})")
ROW_PERIOD_MIN, ROW_PERIOD_MAX = 3, 8
ROW_REPEATS_MIN = 4
ROW_CELL_MAX_CHARS = 100


def _is_stamp_line(page: Page, i: int) -> bool:
    line = page.stripped[i]
    # the cheap test first: a stamp starts with a digit (after a bracket at most)
    return (
        page.length[i] <= 40
        and line.lstrip("([")[:1].isdigit()
        and _STAMP_ONLY.match(line) is not None
    )


def detect_row_listings(page: Page) -> Iterator[Span]:
    """A listing with one cell per line and no header: every few lines (title, nickname,
    views, time…) a line that is only a time stamp, at the same period, four times or more.
    Prose never repeats a bare stamp at a fixed period; board rows and comment lists do."""
    if len(_STAMP_START.findall(page.text)) < ROW_REPEATS_MIN:
        return  # one scan of the text in C: most pages have no four lines opening with a stamp
    rows = [i for i in page.candidates if _is_stamp_line(page, i)]
    if len(rows) < ROW_REPEATS_MIN:
        return
    nonblank = [i for i in range(len(page)) if page.length[i]]
    order = {i: k for k, i in enumerate(nonblank)}
    positions = [order[i] for i in rows]
    start = 0
    while start < len(positions) - 1:
        period = positions[start + 1] - positions[start]
        end = start + 1
        while end + 1 < len(positions) and positions[end + 1] - positions[end] == period:
            end += 1
        if (
            ROW_PERIOD_MIN <= period <= ROW_PERIOD_MAX
            and end - start + 1 >= ROW_REPEATS_MIN
            and _all_cells(page, nonblank[positions[start] : positions[end] + 1])
        ):
            first = _row_cells_edge(page, nonblank, positions[start], -1, period)
            last = _row_cells_edge(page, nonblank, positions[end], 1, period)
            yield nonblank[first], nonblank[last], "board_table"
        start = end


def _all_cells(page: Page, lines: list[int]) -> bool:
    """Rows hold cells: no paragraph between the stamps (a live blog's time, heading and
    paragraph repeat too, and they are the story)."""
    return all(not page.prose[i] and page.length[i] <= ROW_CELL_MAX_CHARS for i in lines)


def _row_cells_edge(page: Page, nonblank: list[int], k: int, step: int, period: int) -> int:
    """Extend a listing by up to one row's cells beyond its first or last stamp, never over a
    line that reads as prose or is too long for a cell."""
    edge = k
    for _ in range(period - 1):
        nxt = edge + step
        if not 0 <= nxt < len(nonblank):
            break
        i = nonblank[nxt]
        if page.prose[i] or page.length[i] > ROW_CELL_MAX_CHARS:
            break
        edge = nxt
    return edge


# --- headline lists without a header ----------------------------------------------------------

_OUTLET_SUFFIX = re.compile(f"(?:{'|'.join(OUTLET_SUFFIXES)})$")


def _last_token(line: str) -> str:
    return line.rsplit(None, 1)[-1] if " " in line else ""


def _is_headline_like(page: Page, i: int) -> bool:
    return 6 <= page.length[i] <= 100 and not page.is_prose(i) and not page.sentence[i]


def detect_headline_lists(page: Page) -> Iterator[Span]:
    """Three or more consecutive headline-shaped lines ending in the same source or an outlet name."""
    n = len(page)
    resume = 0
    for i in page.candidates:
        if i < resume:
            continue
        tail = _last_token(page.stripped[i])
        if not tail or _OUTLET_SUFFIX.search(tail) is None or not _is_headline_like(page, i):
            continue
        j = i
        while (
            j + 1 < n
            and _is_headline_like(page, j + 1)
            and _last_token(page.stripped[j + 1]) == tail
        ):
            j += 1
        if j - i + 1 >= 3:
            yield i, j, "headline_list"
        resume = j + 1


# --- most-viewed / related / promo blocks -----------------------------------------------------

# what may surround a label: bullets, brackets, punctuation, counts ('■ 인기기사 1', '[관련기사]')
_LABEL_NOISE = BULLETS + " \t0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~【】「」『』〈〉《》·…“”‘’"
_LABELS = frozenset(label.replace(" ", "") for label in SECTION_LABELS)
_LABEL_SUFFIXES = tuple(s.replace(" ", "") for s in SECTION_LABEL_SUFFIXES)
_SPEAKER = re.compile(r"^\W*[가-힣A-Za-z]{1,6}\s*[:：]")


def is_section_label(line: str) -> bool:
    if not line or len(line) > 30:
        return False
    core = line.strip(_LABEL_NOISE).replace(" ", "")
    if core in _LABELS:
        return True
    return len(core) <= 12 and core.endswith(_LABEL_SUFFIXES)


# a field of a notice or a spec sheet: a short key, a colon, a value
_KEY_VALUE = re.compile(r"^\W{0,3}[가-힣A-Za-z0-9 ]{0,11}[가-힣A-Za-z]\s*[:：]\s*\S")


def _is_link_item(page: Page, i: int) -> bool:
    """A headline, bullet, numbered item or URL as listed under a section label.

    A bare line that reads as a sentence is never an item: that is where a post or an article
    begins after a sidebar label.
    """
    if page.is_url(i):
        return True
    n = page.length[i]
    if n > 120 or _KEY_VALUE.match(page.stripped[i]):
        return False  # 'o 접수기간 : 6. 26. ~ 6. 30.' is a notice's field, never a link
    if page.starts_with_bullet(i) or re.match(r"^\d{1,2}[.)]?\s", page.stripped[i]):
        return not page.is_prose(i) or n <= 80
    return not page.sentence[i] and not page.is_prose(i)


def _is_promo_bullet(page: Page, i: int) -> bool:
    """'▶ headline' promos: a bullet, a short non-sentence, not a speaker turn."""
    line = page.stripped[i]
    return (
        page.length[i] <= 90
        and line[:1] in PROMO_BULLETS
        and not page.sentence[i]
        and _SPEAKER.match(line.lstrip(BULLETS + " ")) is None
    )


RELATED_HEAD_MAX = 6


def _opens_text(page: Page, i: int) -> bool:
    """A line that is the page's own text, not another list: a sentence, prose, or a field of
    a notice."""
    line = page.stripped[i]
    # fields strung together with '|' are a company footer, not a notice
    return (
        page.sentence[i]
        or page.is_prose(i)
        or (_KEY_VALUE.match(line) is not None and "|" not in line)
    )


def detect_related_blocks(page: Page) -> Iterator[Span]:
    resume = 0
    for i in page.candidates:
        if i < resume:
            continue
        if page.length[i] <= 30 and is_section_label(page.stripped[i]):
            items_end, j, items = run_of(page, i + 1, _is_link_item)
            after = page.next_nonblank(items_end) if items_end >= 0 else None
            if 0 < items <= RELATED_HEAD_MAX and after is not None and _opens_text(page, after):
                # a few 'items' and then a notice's fields or prose: the label was a
                # breadcrumb and the items are the head of the page's own text
                items_end = i
            end = max(i, items_end)
            yield i, end, "related_links"
            resume = j
        elif page.stripped[i][:1] in PROMO_BULLETS and _is_promo_bullet(page, i):
            end, j, items = run_of(page, i, _is_promo_bullet)
            if items >= 2:
                yield i, end, "related_links"
            resume = j


def detect_link_lists(page: Page) -> Iterator[Span]:
    """Bare URLs, with the headline above each and the promo label that opens the list."""
    stripped = page.stripped
    urls = [
        i
        for i in page.candidates
        if ("://" in stripped[i] or "www." in stripped[i]) and page.is_url(i)
    ]
    k = 0
    while k < len(urls):
        first = last = urls[k]
        while k + 1 < len(urls) and urls[k + 1] - last <= 3:
            k += 1
            last = urls[k]
        start = first
        prev = page.prev_nonblank(first)
        if (
            prev is not None
            and page.length[prev] <= 100
            and not page.is_prose(prev)
            and not page.sentence[prev]  # a headline does not end like a sentence
        ):
            start = prev
        if last > first:  # a list: take its promo label and the blurb under the label
            label_at = _promo_label_above(page, start)
            if label_at is not None:
                start = label_at
        yield start, last, "related_links"
        k += 1


def _promo_label_above(page: Page, i: int, reach: int = 2) -> int | None:
    """A '■ 더중앙플러스 …'-style label at most ``reach`` short lines above line i."""
    j = i
    for _ in range(reach):
        prev = page.prev_nonblank(j)
        if prev is None or page.length[prev] > 100:
            return None
        if page.stripped[prev][:1] in "■□●◆【[" or is_section_label(page.stripped[prev]):
            return prev
        j = prev
    return None


# --- menus ---------------------------------------------------------------------------------------

MENU_ITEM_MAX = 12
MENU_RUN_MIN = 5


_CASUAL_MARKS = frozenset(CASUAL_MARKS)


def _is_menu_item(page: Page, i: int) -> bool:
    n = page.length[i]
    return (
        0 < n <= MENU_ITEM_MAX
        and not page.sentence[i]
        and _CASUAL_MARKS.isdisjoint(page.stripped[i])
    )


MENU_DIGIT_SHARE = 0.4


def _is_story_list(page: Page, first: int, last: int) -> bool:
    """A run of short lines that belongs to the story: quantities and scores, or a list between
    two paragraphs. Menus are words ('정치', '경제') and sit at the page's edges."""
    items = [k for k in range(first, last + 1) if page.length[k]]
    with_digits = sum(1 for k in items if any(c.isdigit() for c in page.stripped[k]))
    if with_digits >= MENU_DIGIT_SHARE * len(items):
        return True
    before, after = page.prev_nonblank(first), page.next_nonblank(last)
    return (
        before is not None and after is not None and page.is_prose(before) and page.is_prose(after)
    )


def detect_menus(page: Page) -> Iterator[Span]:
    """Runs of very short non-sentence lines: navigation menus, category lists, tag clouds."""
    resume = 0
    for i in page.candidates:
        if i < resume or not _is_menu_item(page, i):
            continue
        end, j, items = run_of(page, i, _is_menu_item)
        if items >= MENU_RUN_MIN and not _is_story_list(page, i, end):
            yield i, end, "nav_menu"
        resume = j


# Order matters only for attribution: the first detector to claim a line names its rule, so the
# precise line markers run before the block detectors that sweep up whole regions.
# --- the neighbouring posts' titles -----------------------------------------------------------------

_PREV_NEXT = re.compile(r"^\W*(?:" + "|".join(PREV_NEXT_LABELS) + r")\W*$")
NEIGHBOUR_TITLE_MAX_CHARS = 150


def detect_neighbour_titles(page: Page) -> Iterator[Span]:
    """'이전글' / '다음글' alone on a line and the title of that post on the next one."""
    for i in page.candidates:
        if page.length[i] > 12 or not _PREV_NEXT.match(page.stripped[i]):
            continue
        j = page.next_nonblank(i)
        if j is not None and page.length[j] <= NEIGHBOUR_TITLE_MAX_CHARS and not page.is_prose(j):
            yield i, j, "chrome"


# --- context: the article core ------------------------------------------------------------------

ContextDetector = Callable[[Page, list["str | None"]], Iterable[Span]]

# Outside the article body a page dump is furniture; inside it, short lines are subheads, quotes
# and captions. Only pages with at least this many short unclaimed lines outside the core are
# treated as dumps: a clean article with a title and a short list after it is left alone.
OUTSIDE_MIN_LINES = 5
# ... and only on pages where the other rules already found this much furniture.
OUTSIDE_MIN_CLAIMED = 5
# ... and at least this share of the page's lines: on extracted text with a footer or two left,
# the 'outside' of the prose core is the text's own lists, tables and code (measured on our
# own batches: extracted content-line loss 5.8% -> 2.2%, dev unchanged)
OUTSIDE_MIN_CLAIMED_SHARE = 0.1
PROSE_WEIGHT_CHARS = 40
PROSE_WEIGHT_CAP = 8.0


def _line_score(page: Page, i: int, rule: str | None) -> float:
    if not page.length[i]:
        return 0.0
    if rule is not None:
        return -1.5
    if page.is_prose(i):
        return min(page.length[i] / PROSE_WEIGHT_CHARS, PROSE_WEIGHT_CAP)
    if page.sentence[i]:
        return 0.5
    return -1.0


def article_core(page: Page, rules: list[str | None]) -> tuple[int, int] | None:
    """The maximum-scoring run of lines (Kadane), or None when no line reads as prose."""
    best, best_span = 0.0, None
    run, start = 0.0, 0
    for i in range(len(page)):
        score = _line_score(page, i, rules[i])
        if run <= 0:
            run, start = score, i
        else:
            run += score
        if run > best:
            best, best_span = run, (start, i)
    return best_span


def _title_line(page: Page, core_start: int, rules: list[str | None]) -> int | None:
    """The headline just above the core: the nearest unclaimed, headline-shaped line."""
    j = page.prev_nonblank(core_start)
    for _ in range(3):
        if j is None:
            return None
        if rules[j] is None and 8 <= page.length[j] <= 120 and not page.is_prose(j):
            return j
        j = page.prev_nonblank(j)
    return None


_TOP_META_RULES = frozenset({"byline", "credit"})


def _attached(page: Page, rules: list[str | None], start: int, end: int) -> tuple[int, int]:
    """Widen the core over unclaimed lines up to the first claimed line on each side.

    Lists, tables and summaries at the edge of an article join the core this way; the page's
    furniture is almost always fenced off from the story by a byline, copyright or menu line.
    """
    while True:
        while start > 0 and rules[start - 1] is None:
            start -= 1
        # upwards, the meta block under a headline (byline, date, photo credit) is part of the
        # story's top, not a fence: subheads above it still belong to the article
        j, stepped = start - 1, 0
        while j >= 0 and (not page.length[j] or rules[j] in _TOP_META_RULES) and stepped < 3:
            stepped += 1 if page.length[j] else 0
            j -= 1
        if stepped == 0 or j < 0 or rules[j] is not None:
            break
        start = j
    while end + 1 < len(page) and rules[end + 1] is None:
        end += 1
    return start, end


def detect_outside_article(page: Page, rules: list[str | None]) -> Iterator[Span]:
    claimed = sum(1 for rule in rules if rule is not None)
    if claimed < OUTSIDE_MIN_CLAIMED or claimed < OUTSIDE_MIN_CLAIMED_SHARE * sum(
        1 for n in page.length if n
    ):
        # not a page dump: a list of short texts (reviews, comments) is content, and so is an
        # extracted text (code, tables, lists) with a few furniture lines left in it
        return
    core = article_core(page, rules)
    if core is None:
        return
    start, end = _attached(page, rules, *core)
    title = _title_line(page, start, rules)
    outside = [
        i
        for i in (*range(0, start), *range(end + 1, len(page)))
        if page.length[i] and rules[i] is None and not page.is_prose(i) and i != title
    ]
    if len(outside) < OUTSIDE_MIN_LINES:
        return
    for i in outside:
        yield i, i, "outside_article"


_COMMENT_HEADER = re.compile(
    rf"^\W*(?:{'|'.join(COMMENT_WORDS)})\s*(?:목록|\[\s*\d+\s*\]|\(\s*\d+\s*\)|\d+\s*개?)?\W*$"
    r"|^\W*전체\s*(?:댓글|리플)\s*\d*\s*개?\W*$",
    re.IGNORECASE,
)
COMMENT_BODY_MAX = 300
COMMENT_GAP = 3


def detect_comment_threads(page: Page, rules: list[str | None]) -> Iterator[Span]:
    """A comment section: its header, then bodies wedged between claimed meta/furniture lines.

    Comment bodies are sentences, so no line rule removes them; the thread's own furniture
    (nickname + time stamps, 답글 / 신고 buttons) fences each one, and that fence is the signal.
    """
    n = len(page)
    for h in page.candidates:
        if page.length[h] > 30 or not _COMMENT_HEADER.match(page.stripped[h]):
            continue
        end, j, unclaimed = h, h + 1, []
        while j < n:
            if not page.length[j]:
                j += 1
                continue
            if rules[j] is not None:
                end = j
                j += 1
                continue
            ahead = [k for k in range(j + 1, min(n, j + 1 + COMMENT_GAP)) if page.length[k]]
            fenced = any(rules[k] is not None for k in ahead) or not ahead
            if page.length[j] > COMMENT_BODY_MAX or not fenced:
                break
            unclaimed.append(j)
            end = j
            j += 1
        if end > h:
            yield h, h, "comments"
            for k in unclaimed:
                if k <= end:
                    yield k, k, "comments"
        return


# --- context: the post of a community page ------------------------------------------------------

_META_DATE = (
    r"(?:\d{4}[./-]\s?\d{1,2}[./-]\s?\d{1,2}\.?|\d{2}[./-]\d{1,2}[./-]\d{1,2}"
    rf"|\d{{4}}년\s?\d{{1,2}}월\s?\d{{1,2}}일|\d{{1,2}}[./-]\d{{1,2}}(?=\s+{TIME}))"
)
_POST_META = re.compile(
    r"(?:^|(?<=[\s|·:(\[]))(?:"
    + "|".join(re.escape(w) for w in sorted(POST_META_COUNTERS, key=len, reverse=True))
    + r")\s*[:：]?\s*[\d,]+(?:\s*회)?"
    + r"|^\W*(?:"
    + "|".join(POST_META_LABELS)
    + r")\s*[:：]?"
    + rf"|{_META_DATE}(?:\s*\([^)]*\))?|(?<![\d:]){TIME}(?![\d:])",
    re.IGNORECASE,
)
_META_STAMP = re.compile(rf"{_META_DATE}|(?<![\d:]){TIME}(?![\d:])")
_COUNTER = re.compile(
    r"(?:^|(?<=[\s|·:(\[]))(?:"
    + "|".join(re.escape(w) for w in sorted(POST_META_COUNTERS, key=len, reverse=True))
    + r")\s*[:：]?\s*[\d,]+",
    re.IGNORECASE,
)
# what a meta line holds besides its dates and counters: a nickname, an IP, separators
POST_META_REST_CHARS = 30
POST_ROW_WORDS = 3
_WORDS = re.compile(r"[가-힣A-Za-z]+")
POST_META_MAX_CHARS = 100
POST_META_MAX_LINES = 6
# the author's nickname line inside a meta block ('냥집사'): short and not a sentence
POST_NICK_MAX_CHARS = 20
POST_BODY_MAX_LINES = 400
# buttons under a post's meta line (follow, share, font size) before its body begins
POST_BUTTONS_MAX = 12
# claimed lines in a row that a post's body may hold (a photo widget, an emoji separator)
POST_GAP_MAX = 2
# lines in a row that a region rule swept and a post's body may still hold (short post lines)
POST_SWEPT_MAX = 6
# what a post's first line never is (a run of short lines may be: that is how short posts look)
_LINK_LIST_RULES = frozenset({"related_links", "headline_list"})
# lines that close an article or post: its text does not go on past them
_END_OF_TEXT_RULES = frozenset({"copyright", "tipline"})
# letters and digits a title needs ('입력 :' is a label, not a title)
POST_TITLE_MIN_CHARS = 4
_WORD_CHARS = re.compile(r"\w")


_POST_END = re.compile(r"^\W*(?:" + "|".join(POST_END_LABELS) + r")\W*$")
_META_HINT = re.compile(r"\d|^\W*(?:" + "|".join(POST_META_LABELS) + ")")


def _is_post_meta(page: Page, i: int) -> bool:
    if page.length[i] > POST_META_MAX_CHARS or not _META_HINT.search(page.stripped[i]):
        return False  # every meta line has a number or a label: the cheap test first
    rest, found = _POST_META.subn("", page.stripped[i])
    if not found or len(rest.strip()) > POST_META_REST_CHARS:
        return False
    # a headline of three words or more ending in its date is a row of a listing; beside the
    # date of a post's meta line stand a nickname, or a category after it
    return len(_WORDS.findall(rest)) < POST_ROW_WORDS or not page.ends_with_date(i)


def _furniture_by_form(page: Page, i: int) -> bool:
    """A line that is furniture whatever surrounds it: a section label, a bare URL."""
    return page.is_url(i) or is_section_label(page.stripped[i])


# in a run the menu rule took, a share of lines with a space below this makes it a menu of words
# ('정치', '경제'); at or above it, phrases, which may be a short post's lines (marking.py uses
# the same share on pages where only the menu rule fired, which keeps cleaning idempotent)
PHRASE_RUN_SHARE = 0.5


def _in_word_menu(page: Page, rules: list[str | None], i: int) -> bool:
    """Line i lies in a run the menu rule took that is made of single words, not phrases."""
    if rules[i] != "nav_menu":
        return False
    first = last = i
    while (k := page.prev_nonblank(first)) is not None and rules[k] == "nav_menu":
        first = k
    while (k := page.next_nonblank(last)) is not None and rules[k] == "nav_menu":
        last = k
    return is_word_menu(page, range(first, last + 1))


def is_word_menu(page: Page, span: Iterable[int]) -> bool:
    """The non-blank lines of ``span`` are mostly single words (a menu), not phrases."""
    lines = [k for k in span if page.length[k]]
    phrases = sum(1 for k in lines if " " in page.stripped[k])
    return phrases < PHRASE_RUN_SHARE * len(lines)


def _free(rules: list[str | None], i: int) -> bool:
    """Unclaimed, or claimed only by a rule that sweeps regions (which may overreach)."""
    return rules[i] is None or rules[i] in SWEEPING_RULES


def _is_nick(page: Page, i: int, rules: list[str | None]) -> bool:
    return (
        _free(rules, i)
        and page.length[i] <= POST_NICK_MAX_CHARS
        and not page.sentence[i]
        and not is_section_label(page.stripped[i])
    )


def post_region(
    page: Page, rules: list[str | None], titles: Collection[int] = frozenset()
) -> set[int]:
    """The title and body of a community post (or an article under its meta block): lines the
    region-guessing rules (``outside_article``, ``comments``) must leave alone.

    A post is a title line, a meta block (author, date, counters: the shape every board engine
    prints) and the unclaimed lines below it up to the first line a rule claimed. A short post
    is still the page's content however long the comments and the list of other posts around it
    are; which region is the article is only guessed, what a rule names is known. ``titles``
    are the lines that repeat the record's own title: such a line heads a post even with the
    author's card, buttons and counters between it and the meta block.
    """
    found: set[int] = set()
    done = -1
    for i in page.candidates:  # a meta line is short: never a prose line
        if i <= done or not _is_post_meta(page, i):
            continue
        first = last = i
        j, steps = page.next_nonblank(i), 1
        while j is not None and steps < POST_META_MAX_LINES:
            if _is_post_meta(page, j):
                last = j
            elif not (
                _is_nick(page, j, rules)
                and (k := page.next_nonblank(j)) is not None
                and _is_post_meta(page, k)
            ):
                break
            j, steps = page.next_nonblank(j), steps + 1
        body = _post_body(page, rules, last)
        head = _post_head(page, rules, first, last, titles) if body else []
        # every title–meta–body shape is kept: a notice quoting its own dates, a post and its
        # replies; keeping a reply costs less than deleting the post
        if head:
            found.update(head, body)
        done = last
    return found


# between a post's title and its meta block, boards print the author's card, buttons and
# counters; the title is looked for this many short or claimed lines above the meta block
POST_HEAD_REACH = 16
POST_HEAD_REACH_CLAIMED = 32


def _post_head(
    page: Page,
    rules: list[str | None],
    meta_first: int,
    meta_last: int,
    titles: Collection[int] = frozenset(),
) -> list[int]:
    """The title above a meta block, with the nickname line between them if there is one;
    failing that, the record's own title past the author's profile card, buttons and counters
    some boards print between the title and the meta block (short or claimed lines)."""
    above = page.prev_nonblank(meta_first)
    if above is None:
        return []
    head = [above]
    if _is_nick(page, above, rules):
        title = page.prev_nonblank(above)
        if title is not None and _is_post_title(page, rules, title):
            head = [title, above]
    if _is_post_title(page, rules, head[0]) and _follows_a_row(page, head[0]):
        return []
    if _is_post_title(page, rules, head[0]) and not _is_header_furniture(page, head[0]):
        return head
    # Past a one-word 'title' (perhaps the author's nickname) or a profile card, the post's
    # title may stand higher up. A post's meta block carries its date and stands alone: an
    # undated label ('닉네임' in a search form) or a row among others like it heads no post.
    dated = [k for k in range(meta_first, meta_last + 1) if _is_dated_meta(page, k)]
    further = (
        _title_past_header(page, rules, head[0], titles)
        if dated and not _repeats_as_rows(page, dated[0])
        else []
    )
    return further or (head if _is_post_title(page, rules, head[0]) else [])


def _title_past_header(
    page: Page, rules: list[str | None], start: int, titles: Collection[int]
) -> list[int]:
    """Upwards from ``start`` past the author's card, buttons and counters: the record's own
    title if it is there, else the first title-shaped line that stands apart from any menu."""
    j, steps, walked = start, 0, 0
    while j is not None and steps <= POST_HEAD_REACH and walked <= POST_HEAD_REACH_CLAIMED:
        if j in titles:
            return [j]
        if page.sentence[j] or page.is_prose(j) or rules[j] == "byline":
            # a line of text is no header; a reporter's byline marks a news article, whose
            # core the region rule finds
            return []
        if not titles and _is_post_title(page, rules, j) and not _is_header_furniture(page, j):
            return [] if _follows_a_row(page, j) or _in_menu_run(page, rules, j) else [j]
        if _free(rules, j):
            steps += 1  # buttons and separators a rule named count only towards the wider reach
        j, walked = page.prev_nonblank(j), walked + 1
    return []


def _is_header_furniture(page: Page, i: int) -> bool:
    """A short line that is no sentence and no phrase: a nickname, a button, a counter."""
    if page.length[i] > POST_NICK_MAX_CHARS or page.sentence[i]:
        return False
    line = page.stripped[i]
    return " " not in line or len(_WORD_CHARS.findall(line)) < POST_TITLE_MIN_CHARS


def _in_menu_run(page: Page, rules: list[str | None], i: int) -> bool:
    """Both neighbours taken by a menu or link-list rule: an item of the menu, not a title."""
    before, after = page.prev_nonblank(i), page.next_nonblank(i)
    return all(
        k is not None and rules[k] in SWEEPING_RULES and rules[k] != "outside_article"
        for k in (before, after)
    )


# rows of a listing printed one cell per line repeat their dated cell at a fixed period
ROW_PERIOD_MAX = 12


def _repeats_as_rows(page: Page, i: int) -> bool:
    """Dated meta lines recur at the same distance before and after line i, or twice after it:
    the rows of a listing or of a comment thread, where a post's meta block stands alone."""
    for period in range(2, ROW_PERIOD_MAX + 1):
        after = i + period < len(page) and _is_dated_meta(page, i + period)
        if not after:
            continue
        before = i - period >= 0 and _is_dated_meta(page, i - period)
        twice = i + 2 * period < len(page) and _is_dated_meta(page, i + 2 * period)
        if before or twice:
            return True
    return False


def _follows_a_row(page: Page, title: int) -> bool:
    """A dated line just above the 'title' (past a rank number) makes it a row of a listing."""
    j = page.prev_nonblank(title)
    if j is not None and page.is_number(j):
        j = page.prev_nonblank(j)
    return j is not None and _is_post_meta(page, j) and bool(_META_STAMP.search(page.stripped[j]))


def _is_post_title(page: Page, rules: list[str | None], i: int) -> bool:
    return (
        (_free(rules, i) or (rules[i] == "chrome" and _title_with_counters(page, i)))
        and page.length[i] <= 150
        and len(_WORD_CHARS.findall(page.stripped[i])) >= POST_TITLE_MIN_CHARS
        and page.has_hangul(i)
        and not _is_post_meta(page, i)
        and not is_section_label(page.stripped[i])  # '많이 본 뉴스' heads a list, not a post
    )


def _title_with_counters(page: Page, i: int) -> bool:
    """A post title some boards print with its own counters ('제목 [12] 조회 98 | 추천 2'),
    which the interface rule took for a meta line: words enough besides the counters."""
    line = page.stripped[i]
    if not _COUNTER.search(line):
        return False  # a date beside a headline is a row; a title's own counters are words
    rest = _POST_META.sub("", line)
    return len(_WORDS.findall(rest)) >= POST_ROW_WORDS


def _is_dated_meta(page: Page, i: int) -> bool:
    return _is_post_meta(page, i) and _META_STAMP.search(page.stripped[i]) is not None


# rows of a listing (or comments) repeat their dated meta line within this many lines
ROW_SPAN = 4


def _rows_follow(page: Page, i: int) -> bool:
    """Another dated meta line soon after this one: rows of a listing or comments, not a date
    inside a post's text (a notice's signature date, a field with a deadline)."""
    j = page.next_nonblank(i)
    for _ in range(ROW_SPAN):
        if j is None:
            return False
        if _is_dated_meta(page, j):
            return True
        j = page.next_nonblank(j)
    return False


def _post_body(page: Page, rules: list[str | None], meta_last: int) -> list[int]:
    """The post's lines after its meta block: past the buttons under the meta line (share,
    follow, font size), through free lines and short claimed gaps inside the post (a photo
    widget, an emoji separator), up to the first run of furniture; none when what follows is
    the next dated row of a listing rather than a post."""
    n = len(page)
    j, skipped = meta_last + 1, 0
    while (
        j < n
        and (not page.length[j] or not _free(rules, j) or rules[j] in _LINK_LIST_RULES)
        and skipped < POST_BUTTONS_MAX
    ):
        if page.length[j]:
            if _is_post_meta(page, j) and _META_STAMP.search(page.stripped[j]):
                return []  # the next dated row of a listing
            skipped += 1
        j += 1
    body: list[int] = []
    gap = swept = 0
    while j < n and len(body) < POST_BODY_MAX_LINES:
        if page.length[j] and body and _POST_END.match(page.stripped[j]):
            break  # the board's navigation under the post: 목록, 이전글 / 다음글
        if page.length[j]:
            if _is_dated_meta(page, j) and (not body or _rows_follow(page, j)):
                if not body:
                    return []  # the next dated row of a listing
                break  # the rows of a listing (or the comments) begin
            if (
                rules[j] is not None
                and rules[j] in SWEEPING_RULES
                and (_furniture_by_form(page, j) or _in_word_menu(page, rules, j))
            ):
                # a section label or a bare URL a region rule swept is furniture by its own
                # form: it stays claimed, and the post goes on past it
                j += 1
                continue
            if _free(rules, j):
                # a long run a region rule swept is a menu or a list beside the post, not it
                swept = swept + 1 if rules[j] is not None else 0
                if swept > POST_SWEPT_MAX:
                    del body[len(body) - POST_SWEPT_MAX :]
                    break
                body.append(j)
                gap = 0
            else:
                gap += 1
                if gap > POST_GAP_MAX or rules[j] in _END_OF_TEXT_RULES:
                    break
        else:
            swept = 0  # a paragraph break: the lines before it were a paragraph of their own
        j += 1
    while body and rules[body[-1]] is not None:
        body.pop()  # a region rule's claim after the last free line is the post's surroundings
    if body and rules[body[0]] in _LINK_LIST_RULES:
        return []  # a list of links starts right under the meta line: not a post
    if not any(rules[k] is None and page.has_hangul(k) and " " in page.stripped[k] for k in body):
        return []  # nothing in it that no rule claimed reads like text
    return body


# --- context: code in a post ---------------------------------------------------------------------

_CODE_LINE = re.compile(
    r"[;{}]\s*$|^\s*[{}]|^\s*(?:#include|#define|import |from \S+ import|def |class |return\b"
    r"|public |private |static |const |let |var |for\s*\(|while\s*\(|if\s*\(|//|/\*|\*/)"
    r"|[A-Za-z_]\w*\s*\([^)]*\)\s*[;{:]?\s*$|\b[A-Za-z_]\w*\s*[+\-*/%]?=\s*\S"
)
CODE_RUN_MIN = 4
_CODE_WORDS = re.compile(r"(?m)^\s*(?:#include|import |from \S+ import|def |class |return\b)")
CODE_ASCII_SHARE = 0.6


_CODE_CHARS = re.compile(r"[;{}()=#/*]")


def _is_code_line(page: Page, i: int) -> bool:
    line = page.stripped[i]
    if page.prose[i] or page.length[i] > 200 or _CODE_CHARS.search(line) is None:
        return False  # the cheap tests first: most lines have none of code's punctuation
    if _CODE_LINE.search(line) is None:
        return False
    return sum(1 for ch in line if ch.isascii()) >= CODE_ASCII_SHARE * len(line)


def code_region(page: Page) -> set[int]:
    """Lines of code blocks (a run of code-shaped lines: braces, semicolons, calls,
    assignments, keywords). Code is content however little it reads like prose, and a lone
    '}' in it is no symbol-only interface line."""
    text = page.text
    if sum(text.count(ch) for ch in ";{}") < CODE_RUN_MIN // 2 and not _CODE_WORDS.search(text):
        return set()  # one scan in C: no braces, semicolons or code keywords, no code block
    found: set[int] = set()
    run: list[int] = []
    for i in [*range(len(page)), len(page)]:
        if i < len(page) and (not page.length[i] or _is_code_line(page, i)):
            if page.length[i]:
                run.append(i)
            continue
        if len(run) >= CODE_RUN_MIN:
            found.update(run)
        run = []
    return found


# --- context: the items of a list in the text ------------------------------------------------------

# A notice lists its fields as bulleted items ('◦ 접수기간 : …', 'o 문의처 : 031-…'); its
# contact and address items look like a site footer's line by line, but they continue a list
# of the text. The promo arrows (▶, ☞) are left out: a list of them is furniture.
_LIST_MARKER = re.compile(r"^\s*(?:([oㅇ])\s|([◦○●■□▪•·\-–*※◎]))")
LIST_WINDOW = 6
LIST_SUPPORT_MIN = 2
# rules that name a line by its words (an address, an e-mail, a date, a contact) and may be
# wrong about an item of a list; a menu or a promo keeps its claim
_ITEM_RULES = frozenset({"copyright", "tipline", "byline"})


def _list_marker(page: Page, i: int) -> str | None:
    found = _LIST_MARKER.match(page.stripped[i])
    return None if found is None else (found.group(1) or found.group(2))


# a copyright notice is never an item of the text, whatever list it ends
_RIGHTS_MARK = re.compile(r"(?i)copyright|all rights|[©ⓒ]|무단\s*(?:전재|복제|배포)")


def _item_rule(page: Page, rules: list[str | None], i: int) -> bool:
    rule = rules[i]
    if rule is None or _RIGHTS_MARK.search(page.stripped[i]):
        return False
    return rule in _ITEM_RULES or (
        rule == "chrome" and _KEY_VALUE.match(page.stripped[i]) is not None
    )


def list_region(page: Page, rules: list[str | None]) -> set[int]:
    """Lines that continue a bulleted list of the text: an item whose bullet the items just
    above it (unclaimed) share, and a line a word rule took between two such items."""
    if not any(_item_rule(page, rules, i) for i in range(len(page))):
        return set()
    found: set[int] = set()
    markers = [_list_marker(page, i) if page.length[i] else None for i in range(len(page))]
    for i in range(len(page)):
        if markers[i] is None or not _item_rule(page, rules, i):
            continue
        support, j = 0, page.prev_nonblank(i)
        for _ in range(LIST_WINDOW):
            if j is None:
                break
            if markers[j] == markers[i] and (rules[j] is None or j in found):
                support += 1
            j = page.prev_nonblank(j)
        if support >= LIST_SUPPORT_MIN:
            found.add(i)
    for i in range(len(page)):
        if markers[i] is not None or not page.length[i] or not _item_rule(page, rules, i):
            continue
        above, below = (
            _item_near(page, markers, rules, found, i, -1),
            _item_near(page, markers, rules, found, i, 1),
        )
        if above is not None and above == below:
            found.add(i)  # a sub-line of an item ('☎ 054-…', 'E-mail : …') between two items
    return found


def _item_near(
    page: Page,
    markers: list[str | None],
    rules: list[str | None],
    found: set[int],
    i: int,
    step: int,
) -> str | None:
    """The bullet of the list item within two lines of i (above or below), if any."""
    j = i
    for _ in range(2):
        j = page.prev_nonblank(j) if step < 0 else page.next_nonblank(j)
        if j is None:
            return None
        if markers[j] is not None:
            return markers[j] if rules[j] is None or j in found else None
    return None


# Rules that sweep whole regions and may take the story's headline with them; line markers
# (byline, copyright, …) name what a line is and are never overruled.
SWEEPING_RULES = frozenset({"related_links", "nav_menu", "headline_list", "outside_article"})
_META_RULES = frozenset({"byline", "chrome", "credit"})


def release_headline(page: Page, rules: list[str | None], core: tuple[int, int] | None) -> None:
    """Give back the headline just above the article when a sweeping block claimed it."""
    if core is None:
        return
    start, _ = _attached(page, rules, *core)
    j = page.prev_nonblank(start)
    for _ in range(2):  # step over the byline / date / meta line under a headline
        if j is None or rules[j] not in _META_RULES:
            break
        j = page.prev_nonblank(j)
    if (
        j is not None
        and rules[j] in SWEEPING_RULES
        and 8 <= page.length[j] <= 120
        and not page.is_prose(j)
        and not page.is_url(j)
    ):
        rules[j] = None


# --- the registry ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DetectorSpec:
    """One detector: the name users give in ``[clean] detectors`` / ``disable`` (stable: it is in
    configs), the function, the rules its claims carry (provenance, statistics), the fewest
    non-prose lines a page needs before it can fire at all, and whether it reads the claims of
    the line detectors (a context detector runs after them)."""

    name: str
    find: Detector | ContextDetector
    emits: tuple[str, ...]
    min_candidates: int
    context: bool = False


# Order matters: the first detector to claim a line names it. The fewest candidates save most of
# the per-document cost: most documents of a corpus have one or two non-prose lines.
REGISTRY: tuple[DetectorSpec, ...] = (
    DetectorSpec("board_table", detect_board_tables, ("board_table",), 1),
    # four rows of at least three cells
    DetectorSpec(
        "row_listing", detect_row_listings, ("board_table",), ROW_REPEATS_MIN * ROW_PERIOD_MIN
    ),
    DetectorSpec("markers", detect_markers, tuple(dict.fromkeys(m.rule for m in MARKERS)), 0),
    DetectorSpec("chrome", detect_ui_lines, ("chrome",), 1),
    DetectorSpec("neighbour_titles", detect_neighbour_titles, ("chrome",), 2),
    DetectorSpec("related_links", detect_related_blocks, ("related_links",), 1),
    DetectorSpec("link_list", detect_link_lists, ("related_links",), 1),
    DetectorSpec("headline_list", detect_headline_lists, ("headline_list",), 3),
    DetectorSpec("nav_menu", detect_menus, ("nav_menu",), MENU_RUN_MIN),
    DetectorSpec("comments", detect_comment_threads, ("comments",), 2, context=True),
    DetectorSpec(
        "outside_article", detect_outside_article, ("outside_article",), OUTSIDE_MIN_LINES, True
    ),
)
DETECTORS: dict[str, DetectorSpec] = {spec.name: spec for spec in REGISTRY}
