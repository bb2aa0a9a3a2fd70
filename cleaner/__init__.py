"""cleaner: Korean web text in, training-ready Parquet shards out.

The Python API (see the README, "Python API")::

    from cleaner import Cleaner, clean_text, run

    clean_text(page)                         # the text without its boilerplate lines
    Cleaner(disable=["byline"]).clean(page)  # CleanResult: .text and .removals
    run(["pages/"], "out/")                  # the whole pipeline, as ``cleaner run``

The names are imported on first use, so ``import cleaner`` stays cheap (no pyarrow, no
trafilatura) for the command line's start-up and for code that needs one function.
"""

from __future__ import annotations

import sys
import types
from importlib import import_module

# typing costs more to import than the rest of this module together; type checkers read a
# module-level TYPE_CHECKING = False as typing.TYPE_CHECKING
TYPE_CHECKING = False

__version__ = "0.1.0"

# public name -> the module that defines it
_EXPORTS = {
    "clean_text": "cleaner.api",
    "Cleaner": "cleaner.api",
    "CleanResult": "cleaner.api",
    "run": "cleaner.api",
    "Config": "cleaner.config",
    "ConfigError": "cleaner.config",
    "load_config": "cleaner.config",
    "Document": "cleaner.document",
    "Removal": "cleaner.document",
    "RightsReservation": "cleaner.document",
    "RunResult": "cleaner.run.write_stage",
}

__all__ = [
    "CleanResult",
    "Cleaner",
    "Config",
    "ConfigError",
    "Document",
    "Removal",
    "RightsReservation",
    "RunResult",
    "__version__",
    "clean_text",
    "load_config",
    "run",
]

if TYPE_CHECKING:
    from typing import Any

    from cleaner.api import Cleaner, CleanResult, clean_text, run
    from cleaner.config import Config, ConfigError, load_config
    from cleaner.document import Document, Removal, RightsReservation
    from cleaner.run.write_stage import RunResult


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        # Importing the subpackage cleaner.run binds it to this module's attribute ``run``,
        # which would then shadow the run() function for every later ``from cleaner import
        # run``. The subpackage needs no attribute: ``from cleaner.run import …`` and pickle
        # find it in sys.modules.
        if name == "run" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
