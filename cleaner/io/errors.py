"""Bad input is reported, never fatal: every problem becomes one row of ``errors.jsonl``."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from cleaner.io.atomic import atomic_write


@dataclass(frozen=True, slots=True)
class InputError:
    file: str
    record: int | None  # None: the problem concerns the whole file
    reason: str
    severity: str = "error"  # error: the record was skipped; warning: kept, but altered

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def __str__(self) -> str:
        where = self.file if self.record is None else f"{self.file} record {self.record}"
        return f"{self.severity}: {where}: {self.reason}"


class ErrorLog:
    """Collects the input problems of one input file (picklable, merged by the run)."""

    def __init__(self) -> None:
        self.items: list[InputError] = []

    def add(
        self, file: str | Path, record: int | None, reason: str, severity: str = "error"
    ) -> None:
        self.items.append(InputError(str(file), record, reason, severity))

    def extend(self, other: ErrorLog | list[InputError]) -> None:
        self.items.extend(other.items if isinstance(other, ErrorLog) else other)

    @property
    def n_errors(self) -> int:
        return sum(1 for e in self.items if e.severity == "error")

    def __len__(self) -> int:
        return len(self.items)

    def write_jsonl(self, path: Path) -> None:
        with atomic_write(path) as tmp, tmp.open("w", encoding="utf-8") as fh:
            for item in self.items:
                fh.write(json.dumps(item.as_dict(), ensure_ascii=False) + "\n")
