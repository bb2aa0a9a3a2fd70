"""A line-by-line view of what cleaning removed, with the rule beside every removed line."""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.document import PiiSpan, Removal

_RED = "\x1b[31m"
_GREEN = "\x1b[32m"
_YELLOW = "\x1b[33m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"


def explain(
    text: str,
    removals: list[Removal],
    color: bool = False,
    kept: str | None = None,
    pii: Sequence[PiiSpan] = (),
) -> str:
    """``text`` line by line, every removed line marked ``- rule``.

    With PII scrubbing (``kept``: the cleaned and scrubbed text, ``pii``: its replacements) the
    lines are shown as published: placeholders instead of personal data, in kept lines (marked
    ``~ pii:TYPE``) and in removed ones (``removals`` then hold the masked text).
    """
    lines = text.split("\n")
    rule_of: dict[int, str] = {}
    for r in removals:
        for i in range(r.first_line, r.last_line + 1):
            if lines[i].strip():
                rule_of[i] = r.rule
    shown = _as_published(lines, removals, kept, pii) if pii and kept is not None else {}
    width = max((len(r) for r in rule_of.values()), default=0)
    width = max([width, *(len(mark) for _, mark in shown.values() if mark)])
    out = []
    for i, line in enumerate(lines):
        rule = rule_of.get(i)
        line, mark = shown.get(i, (line, None))
        if rule is None and mark is not None:
            prefix = f"~ {mark:<{width}} │ "
            out.append(
                f"{_YELLOW}{prefix}{_RESET}{_GREEN}{line}{_RESET}" if color else prefix + line
            )
        elif rule is None:
            prefix = f"  {'':<{width}} │ "
            out.append(
                f"{_DIM}{prefix}{_RESET}{_GREEN}{line}{_RESET}" if color else f"{prefix}{line}"
            )
        else:
            prefix = f"- {rule:<{width}} │ "
            out.append(f"{_RED}{prefix}{line}{_RESET}" if color else f"{prefix}{line}")
    return "\n".join(out) + "\n"


def _as_published(
    lines: list[str], removals: list[Removal], kept: str, pii: Sequence[PiiSpan]
) -> dict[int, tuple[str, str | None]]:
    """{line of ``text``: (the line as published, ``pii:TYPE`` for a kept line that had personal
    data replaced)}. Kept lines are the non-blank lines outside the removals, in order, as the
    non-blank lines of ``kept`` are."""
    shown: dict[int, tuple[str, str | None]] = {}
    removed: set[int] = set()
    for r in removals:
        removed.update(range(r.first_line, r.last_line + 1))
        for offset, line in enumerate(r.text.split("\n")):
            shown[r.first_line + offset] = (line, None)
    kept_lines = kept.split("\n")
    types_on: dict[int, set[str]] = {}
    for span in pii:
        if span.removal is None:
            types_on.setdefault(kept.count("\n", 0, span.start), set()).add(span.type)
    targets = [i for i, line in enumerate(lines) if i not in removed and line.strip()]
    sources = [j for j, line in enumerate(kept_lines) if line.strip()]
    if len(targets) != len(sources):  # not the text these removals came from: show it as it is
        return shown
    for i, j in zip(targets, sources, strict=True):
        mark = "pii:" + ",".join(sorted(types_on[j])) if j in types_on else None
        shown[i] = (kept_lines[j], mark)
    return shown
