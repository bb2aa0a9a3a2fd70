"""Where the per-file work runs: a local process pool, or a Ray cluster."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Mapper = Callable[[Callable[[T], R], Sequence[T], int, str], Iterator[R]]


def get_engine(name: str) -> Mapper[Any, Any]:
    if name == "local":
        from cleaner.engines.local import map_unordered

        return map_unordered
    if name == "ray":
        from cleaner.engines.ray import map_unordered

        return map_unordered
    raise ValueError(f"unknown engine {name!r} (local or ray)")
