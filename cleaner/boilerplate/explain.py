"""A line-by-line view of what cleaning removed, with the rule beside every removed line."""

from __future__ import annotations

from cleaner.document import Removal

_RED = "\x1b[31m"
_GREEN = "\x1b[32m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"


def explain(text: str, removals: list[Removal], color: bool = False) -> str:
    lines = text.split("\n")
    rule_of: dict[int, str] = {}
    for r in removals:
        for i in range(r.first_line, r.last_line + 1):
            if lines[i].strip():
                rule_of[i] = r.rule
    width = max((len(r) for r in rule_of.values()), default=0)
    out = []
    for i, line in enumerate(lines):
        rule = rule_of.get(i)
        if rule is None:
            prefix = f"  {'':<{width}} │ "
            out.append(
                f"{_DIM}{prefix}{_RESET}{_GREEN}{line}{_RESET}" if color else f"{prefix}{line}"
            )
        else:
            prefix = f"- {rule:<{width}} │ "
            out.append(f"{_RED}{prefix}{line}{_RESET}" if color else f"{prefix}{line}")
    return "\n".join(out) + "\n"
