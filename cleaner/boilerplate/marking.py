"""Run the detectors over a document, settle overlaps, and cut the claimed lines out with provenance."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence

from cleaner.boilerplate.detectors import (
    DETECTORS,
    SWEEPING_RULES,
    ContextDetector,
    Detector,
    article_core,
    code_region,
    is_word_menu,
    list_region,
    post_region,
    release_headline,
)
from cleaner.boilerplate.page import Page, is_invisible
from cleaner.document import Document, Removal

MENU_RULE = "nav_menu"

# An invisible-only line (zero-width spaces) is interface text, and blank to every shape rule.
INVISIBLE_RULE = "chrome"

# A short line wedged between two removed lines, or trailing after the last one, belongs to the
# block around it (an outlet name between the tip-line and the board table, say).
ORPHAN_MAX_CHARS = 20

# Detector passes per document: one, plus one more per round of newly exposed boilerplate.
# Real pages settle in two or three; the cap bounds the cost of a pathological page.
MAX_PASSES = 8

LineFilter = Callable[[Page], Iterable[tuple[int, int, str]]]


def resolve_detectors(
    names: Sequence[str], disabled: Sequence[str] = ()
) -> tuple[list[tuple[int, Detector]], list[tuple[int, ContextDetector]]]:
    """The line detectors and the context detectors (which see earlier claims) to run, in
    registry order, each with the number of non-prose lines a page needs for it to fire."""
    wanted = set(DETECTORS) if not names or "all" in names else set(names)
    unknown = sorted(n for n in (*wanted, *disabled) if n not in DETECTORS)
    if unknown:
        known = ", ".join(DETECTORS)
        raise ValueError(f"unknown detector(s): {', '.join(unknown)}; known: {known}")
    chosen = [spec for name, spec in DETECTORS.items() if name in wanted and name not in disabled]
    return (
        [(spec.min_candidates, spec.find) for spec in chosen if not spec.context],
        [(spec.min_candidates, spec.find) for spec in chosen if spec.context],
    )


class BoilerplateCleaner:
    """Marks every line with the rule that removes it (or None) and rebuilds the text."""

    def __init__(
        self,
        detectors: Sequence[str] = ("all",),
        disabled: Sequence[str] = (),
        extra: Sequence[LineFilter] = (),
    ) -> None:
        line_detectors, self.context_detectors = resolve_detectors(detectors, disabled)
        # extra filters (learned templates) come after every rule, the region rules included: a
        # line a rule recognises is named by that rule, the template only claims what no rule
        # knows, and its claims never fence off lines for the region rules to take
        self.detectors: list[tuple[int, LineFilter]] = list(line_detectors)
        self.extra: list[LineFilter] = list(extra)

    def mark(self, text: str, title: str | None = None) -> tuple[Page, list[str | None]]:
        """The rule that removes each line of ``text`` (None: kept).

        Removing a block changes what its neighbours look like (a lone number line between two
        removed blocks becomes an orphan, say), so the detectors run again on the kept text
        until they find nothing more: cleaning is then idempotent. Later passes' rules are
        mapped back to the original line numbers, so provenance still points into ``text``.
        """
        page = Page.from_text(text)
        protected: set[int] = set()
        rules = self._mark_once(page, title, protected)
        found = rules
        for _ in range(MAX_PASSES - 1):
            if not any(found):
                break  # the last pass removed nothing: the kept text is final
            kept, origin = _kept_lines(page, rules)
            # a post found in an earlier pass stays protected once its meta line is gone
            held: set[int] = set()
            if protected:
                position = {i: j for j, i in enumerate(origin)}
                held = {position[i] for i in protected if i in position}
            found = self._mark_once(Page.from_text("\n".join(kept)), title, held)
            protected |= {origin[j] for j in held}
            for j, rule in enumerate(found):
                if rule is not None:
                    rules[origin[j]] = rule
        return page, rules

    def _mark_once(
        self, page: Page, title: str | None, protected: set[int] | None = None
    ) -> list[str | None]:
        """One pass of every detector. ``protected`` holds the lines no region rule may take
        (found earlier); the post and code found in this pass are added to it."""
        protected = set() if protected is None else protected
        rules: list[str | None] = (
            [
                INVISIBLE_RULE if not n and is_invisible(line) else None
                for n, line in zip(page.length, page.lines, strict=True)
            ]
            if page.invisible
            else [None] * len(page)
        )
        short_lines = len(page.candidates)
        for needed, detector in self.detectors:
            if short_lines < needed:
                continue
            for first, last, rule in detector(page):
                for i in range(first, last + 1):
                    if rules[i] is None and page.length[i]:
                        rules[i] = rule
        # orphans and the region rules guess what belongs to a block or where the article is; a
        # post found by its shape (title, meta block, body) is never theirs
        # On a page where nothing but the menu rule fired (a short post already cleaned, an
        # extracted text), a run of short *phrases* is the text, not a menu of single words.
        # This also keeps cleaning idempotent: the post a first run protected by its meta line
        # is no menu to the second run, which no longer sees that line.
        if MENU_RULE in rules and all(rule is None or rule == MENU_RULE for rule in rules):
            _release_phrase_runs(page, rules)
        # with nothing claimed there is nothing to guard against (most documents of a corpus)
        if any(rules):
            # the text's own lists first: an address item must not end a post for the guard
            items = list_region(page, rules)
            for i in items:
                rules[i] = None  # an item of the text's list, not the footer it looks like
            protected |= items
            if self.context_detectors:
                protected |= post_region(page, rules, title_lines(page, title))
            code = code_region(page)
            for i in code:
                rules[i] = None  # a code block's lines are content, whatever a rule thought
            protected |= code
        for i in protected:
            if rules[i] in SWEEPING_RULES:
                rules[i] = None
        absorb_orphans(page, rules, protected)
        for needed, context_detector in self.context_detectors:
            if short_lines < needed:
                continue
            claims = list(context_detector(page, rules))
            for first, last, rule in claims:
                for i in range(first, last + 1):
                    if rules[i] is None and page.length[i] and i not in protected:
                        rules[i] = rule
        for line_filter in self.extra:
            for first, last, rule in line_filter(page):
                for i in range(first, last + 1):
                    if rules[i] is None and page.length[i] and i not in protected:
                        rules[i] = rule
        if any(rules):
            release_headline(page, rules, article_core(page, rules))
        if title:
            release_title(page, rules, title)
        return rules

    def clean_text(self, text: str, title: str | None = None) -> tuple[str, list[Removal]]:
        page, rules = self.mark(text, title)
        return rebuild(page, rules)

    def clean(self, doc: Document) -> Document:
        title = doc.metadata.get("title")
        text, removals = self.clean_text(doc.text, title if isinstance(title, str) else None)
        if removals:
            doc.original_text = doc.text
            doc.text = text
            doc.removals = removals
        return doc


_TITLE_SUFFIX = re.compile(r"\s*[|:·\-–—]\s*[^|:·\-–—]{1,30}$")


def title_lines(page: Page, title: str | None) -> set[int]:
    """The lines that are the record's own title (titles often carry a ' | outlet' suffix)."""
    if not title:
        return set()
    wanted = {title.strip(), _TITLE_SUFFIX.sub("", title.strip())} - {""}
    return {i for i, line in enumerate(page.stripped) if line in wanted}


def release_title(page: Page, rules: list[str | None], title: str) -> None:
    """Keep lines that are the record's own title."""
    for i in title_lines(page, title):
        if rules[i] is not None and rules[i] != "template":
            rules[i] = None


def _release_phrase_runs(page: Page, rules: list[str | None]) -> None:
    for first, last, rule in removal_runs(page, rules):
        if rule == MENU_RULE and not is_word_menu(page, range(first, last + 1)):
            for i in range(first, last + 1):
                rules[i] = None


def absorb_orphans(
    page: Page, rules: list[str | None], protected: Collection[int] = frozenset()
) -> None:
    """Give short leftover lines inside or after removed blocks the rule of the block before them.

    A line between two single removed lines is left alone: that is a subhead between two
    separator lines, not a gap in a footer.
    """
    n = len(page)
    previous_rule: str | None = None
    previous_run = 0
    for i in range(n):
        if not page.length[i]:
            continue
        if rules[i] is not None:
            previous_run = previous_run + 1 if rules[i] == previous_rule else 1
            previous_rule = rules[i]
            continue
        if (
            previous_rule is None
            or page.length[i] > ORPHAN_MAX_CHARS
            or page.sentence[i]
            or i in protected
        ):
            previous_rule, previous_run = None, 0
            continue
        nxt = page.next_nonblank(i)
        following = _run_length(page, rules, nxt) if nxt is not None else 0
        if nxt is None or (rules[nxt] is not None and max(previous_run, following) >= 2):
            rules[i] = previous_rule
        else:
            previous_rule, previous_run = None, 0


def _run_length(page: Page, rules: list[str | None], i: int) -> int:
    rule, count = rules[i], 0
    if rule is None:
        return 0
    while i is not None and rules[i] == rule:
        count += 1
        i = page.next_nonblank(i)
    return count


def rebuild(page: Page, rules: list[str | None]) -> tuple[str, list[Removal]]:
    """The kept text and one Removal per run of lines removed by one rule."""
    if not any(rules):
        return page.text, []  # most documents of a corpus: nothing to cut
    removals = [
        Removal(rule, first, last, "\n".join(page.lines[first : last + 1]))
        for first, last, rule in removal_runs(page, rules)
    ]
    if not removals:
        return "\n".join(page.lines), []
    return _join_with_paragraphs(page, rules), removals


def removal_runs(page: Page, rules: list[str | None]) -> list[tuple[int, int, str]]:
    """Maximal runs of one rule; blank lines neither break nor start a run."""
    runs: list[tuple[int, int, str]] = []
    first = last = -1
    current: str | None = None
    for i, rule in enumerate(rules):
        if not page.length[i] and rule is None:
            continue
        if rule != current:
            if current is not None:
                runs.append((first, last, current))
            first, current = i, rule
        last = i
    if current is not None:
        runs.append((first, last, current))
    return runs


def _kept_lines(page: Page, rules: list[str | None]) -> tuple[list[str], list[int]]:
    """The lines ``_join_with_paragraphs`` keeps, and the original index of each."""
    kept: list[str] = []
    origin: list[int] = []
    pending_blank: int | None = None
    for i, rule in enumerate(rules):
        if rule is not None:
            continue
        if not page.length[i]:
            if origin and pending_blank is None:
                pending_blank = i
            continue
        if pending_blank is not None:
            kept.append("")
            origin.append(pending_blank)
            pending_blank = None
        kept.append(page.lines[i])
        origin.append(i)
    return kept, origin


def _join_with_paragraphs(page: Page, rules: list[str | None]) -> str:
    """Kept lines in order; a blank line survives once between two kept lines it separated."""
    out: list[str] = []
    pending_blank = False
    for i, rule in enumerate(rules):
        if rule is not None:
            continue
        if not page.length[i]:
            pending_blank = bool(out)
            continue
        if pending_blank:
            out.append("")
            pending_blank = False
        out.append(page.lines[i])
    return "\n".join(out)
