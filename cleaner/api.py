"""The Python API: clean one text, a reusable cleaner, and the whole pipeline.

Everything here is a thin layer over what the command line runs (``cleaner clean`` and
``cleaner run``): the detectors come from ``cleaner.run.clean_stage.build_cleaner``, the options
are the ``OPTIONS`` of ``cleaner.config`` with the coercion and checks of a TOML file, and
``run`` is ``cleaner.run.run``. Re-exported lazily by ``cleaner/__init__.py``.
"""

from __future__ import annotations

import copy
import os
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaner.config import PII_TYPES, Config, ConfigError, load_config, set_option, validate
from cleaner.document import Document, PiiSpan, Removal, RightsReservation

if TYPE_CHECKING:
    from cleaner.boilerplate import BoilerplateCleaner
    from cleaner.boilerplate.templates import TemplateFilter
    from cleaner.pii.document import DocumentScrubber
    from cleaner.run.write_stage import RunResult

__all__ = ["CleanResult", "Cleaner", "clean_text", "run"]

PathLike = str | os.PathLike[str]
# ``pii=``: one mode for every type ("off", "mask", "drop") or a mapping of type to mode
PiiSetting = str | Mapping[str, str] | None

# option name -> its config section; every key is unique across sections (tested), so callers
# write ``min_chars=0`` rather than ``clean_min_chars=0``
_SECTIONS: dict[str, str] = {
    option.name: section.name
    for section in fields(Config)
    for option in fields(getattr(Config(), section.name))
}


@dataclass(frozen=True)
class CleanResult:
    """A cleaned text and the provenance of everything cut out of it.

    ``removals`` holds one ``Removal`` per run of lines one rule removed: ``rule``,
    ``first_line`` and ``last_line`` (0-based, inclusive, counted in the text as given) and the
    removed ``text``. ``rights`` is the notice reserving the text from AI training or
    text-and-data mining found in the text as given (``notice``, ``line``, ``kind``), or None:
    what ``cleaner run`` writes to the ``rights_reservation`` columns.
    """

    text: str
    removals: list[Removal] = field(default_factory=list)
    rights: RightsReservation | None = None
    # with PII scrubbing: every replacement (``PiiSpan``: type, rule, action, span in ``text``
    # or in a removal's text), and the types set to drop that the text holds
    pii: list[PiiSpan] = field(default_factory=list)
    pii_drop: tuple[str, ...] = ()

    @property
    def dropped(self) -> bool:
        """A type set to ``drop`` occurs: a run would not publish this text."""
        return bool(self.pii_drop)

    @property
    def rules(self) -> list[str]:
        """The rules that removed something, sorted."""
        return sorted({r.rule for r in self.removals})

    @property
    def removed_lines(self) -> int:
        return sum(r.n_lines for r in self.removals)


class Cleaner:
    """A reusable boilerplate cleaner: build it once, clean many texts.

    ``config`` is a ``Config`` (``cleaner.load_config("cleaner.toml")``), a path to a TOML file,
    or None for the defaults. ``options`` override its ``[clean]`` section with the names and
    types of the TOML file: ``enabled``, ``detectors``, ``disable`` (lists or comma-separated
    strings), and ``templates_in`` with the template counts an earlier ``cleaner run
    --save-templates`` wrote (learned lines are removed from documents of the sites they were
    learned on, so they need ``clean_document`` or the ``url``/``site`` of ``clean``).

    ``pii`` scrubs personal data after cleaning, as ``[pii]`` does: one mode for every type
    (``"mask"``: typed placeholders such as ``<전화번호>``; ``"drop"``; ``"off"``) or a mapping
    of type to mode (``{"rrn": "drop", "phone": "mask"}``; types left out are ``off``). None
    keeps the ``[pii]`` section of ``config``.

    With ``enabled = false`` every text comes back unchanged (but scrubbed when ``pii`` is
    on). An instance keeps per-document state while it cleans (the current site's templates):
    use one per thread.

    >>> Cleaner(disable=["byline"]).clean("...").text  # doctest: +SKIP
    """

    def __init__(
        self,
        config: Config | PathLike | None = None,
        *,
        pii: str | Mapping[str, str] | None = None,
        **options: Any,
    ) -> None:
        from cleaner.run.clean_stage import build_cleaner, build_scrubber

        unknown = sorted(k for k in options if _SECTIONS.get(k) != "clean")
        if unknown:
            raise TypeError(
                f"Cleaner() got unknown option(s) {', '.join(unknown)}; "
                f"known: {', '.join(k for k, s in _SECTIONS.items() if s == 'clean')}"
            )
        self.config = configure(config, options if pii is None else {**options, "pii": pii})
        self.template_filter = _template_filter(self.config)
        # build_cleaner returns None when [clean] enabled = false, and then nothing is removed
        self._cleaner: BoilerplateCleaner | None = build_cleaner(self.config, self.template_filter)
        self._scrubber: DocumentScrubber | None = build_scrubber(self.config)

    def clean(
        self,
        text: str,
        title: str | None = None,
        *,
        url: str | None = None,
        site: str | None = None,
    ) -> CleanResult:
        """Clean one text; the result has the kept ``text`` and the ``removals``.

        ``title`` (the page's headline, when the record has one) keeps the line repeating it;
        ``url`` or ``site`` select the learned templates of that site.
        """
        metadata = {"title": title} if title is not None else {}
        doc = self.clean_document(Document(id="", text=text, url=url, site=site, metadata=metadata))
        return CleanResult(doc.text, list(doc.removals), doc.rights, list(doc.pii), doc.pii_drop)

    def clean_document(self, doc: Document) -> Document:
        """Clean a ``cleaner.document.Document`` in place, as ``cleaner run`` does; returns it.

        When something is removed, ``doc.original_text`` keeps the text as it was and
        ``doc.removals`` says what went (line numbers into ``original_text``). ``doc.rights``
        is set to the AI-training / text-and-data-mining reservation of the text as given, or
        None, also when cleaning is disabled. The metadata field ``title`` is used as the title.
        With PII scrubbing, ``doc.pii`` lists the replacements and ``doc.pii_drop`` the types
        set to drop that the text holds.
        """
        from cleaner.boilerplate.rights import find_reservation

        doc.rights = find_reservation(doc.original_text or doc.text)
        if self._cleaner is not None:
            if self.template_filter is not None:
                self.template_filter.select(doc)
            self._cleaner.clean(doc)
        if self._scrubber is not None:
            self._scrubber.scrub(doc)
        return doc

    @property
    def scrubs_pii(self) -> bool:
        """Some type of personal data is masked or dropped."""
        return self._scrubber is not None

    def __repr__(self) -> str:
        clean = self.config.clean
        pii = self.config.pii.modes() if self.config.pii.enabled else "off"
        return (
            f"Cleaner(enabled={clean.enabled}, detectors={clean.detectors}, "
            f"disable={clean.disable}, templates_in={clean.templates_in!r}, pii={pii!r})"
        )


def clean_text(
    text: str,
    *,
    title: str | None = None,
    config: Config | None = None,
    pii: str | Mapping[str, str] | None = None,
) -> str:
    """Remove the boilerplate lines (bylines, copyright and tip-line footers, menus, board
    listings, …) from one Korean web text and return what is left.

    The same as ``cleaner clean``. ``title`` keeps the line that repeats the page's headline;
    ``config`` chooses the detectors (``[clean]`` of a ``Config``); ``pii`` scrubs personal data
    (``"mask"``, ``"drop"``, or a mapping of type to mode, as for ``Cleaner``): a text holding a
    type set to drop comes back empty. To see what was removed and why, use
    ``Cleaner(config).clean(text)``; to clean many texts, keep one ``Cleaner``.
    """
    # building a Cleaner costs microseconds next to the cleaning: no module-level cache needed
    result = Cleaner(config, pii=pii).clean(text, title)
    return "" if result.dropped else result.text


def run(
    inputs: PathLike | Iterable[PathLike],
    out: PathLike,
    config: Config | PathLike | None = None,
    *,
    resume: bool = False,
    engine: str = "local",
    keep_work: bool = False,
    overwrite: bool = False,
    **options: Any,
) -> RunResult:
    """Run the whole pipeline (read → clean → dedup → write), as ``cleaner run`` does.

    ``inputs`` is a file, folder or glob, or a list of them; ``out`` the output folder;
    ``config`` a ``Config``, a TOML path or None. Any option of the TOML file may be given by
    its key, e.g. ``run("pages/", "out", min_chars=50, near=False, workers=2)``; keyword
    arguments win over the file. ``pii="mask"`` (or a mapping of type to mode) sets ``[pii]``
    as ``--pii`` does. ``resume``, ``engine`` (``"local"`` or ``"ray"``),
    ``keep_work`` and ``overwrite`` are the flags of the same names.

    Returns a ``RunResult``: ``out``, ``manifest``, ``stats`` (the contents of ``stats.json``)
    and ``errors`` (the input problems, also in ``errors.jsonl``).
    """
    from cleaner.run import run as run_pipeline

    unknown = sorted(k for k in options if k not in _SECTIONS and k != "pii")
    if unknown:
        raise TypeError(f"run() got unknown option(s): {', '.join(unknown)}")
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    return run_pipeline(
        [os.fspath(item) for item in inputs],
        Path(out),
        configure(config, options),
        resume=resume,
        engine=engine,
        keep_work=keep_work,
        overwrite=overwrite,
    )


def configure(config: Config | PathLike | None, options: dict[str, Any]) -> Config:
    """A new ``Config``: ``config`` (or the TOML file it names) with ``options`` on top, coerced
    and checked as the file's values are. The caller's ``Config`` is never changed."""
    base = copy.deepcopy(config) if isinstance(config, Config) else load_config(config)
    options = dict(options)
    if "pii" in options:
        _set_pii(base, options.pop("pii"))
    for key, value in options.items():
        section = _SECTIONS.get(key)
        if section is None:
            raise ConfigError(f"unknown option {key}")
        set_option(base, section, key, value, f"option {key}")
    validate(base)
    return base


def _set_pii(config: Config, setting: PiiSetting) -> None:
    """``pii="mask"`` sets every type (as ``--pii`` does); a mapping sets the types it names and
    turns the others off."""
    if setting is None:
        return
    if isinstance(setting, str):
        modes: Mapping[str, str] = {"mode": setting, **dict.fromkeys(PII_TYPES)}
    elif isinstance(setting, Mapping):
        unknown = sorted(set(setting) - set(PII_TYPES))
        if unknown:
            raise ConfigError(
                f"pii: unknown type(s) {', '.join(unknown)}; known: {', '.join(PII_TYPES)}"
            )
        modes = {"mode": "off", **dict.fromkeys(PII_TYPES), **setting}
    else:
        raise ConfigError(f"pii: expected a mode or a mapping of type to mode, got {setting!r}")
    for key, value in modes.items():
        set_option(config, "pii", key, value, f"option pii[{key!r}]" if key != "mode" else "pii")


def _template_filter(config: Config) -> TemplateFilter | None:
    """The learned templates of ``templates_in``; learning needs a corpus, which one text is not."""
    clean = config.clean
    if not clean.enabled:
        return None
    if clean.templates and not clean.templates_in:
        warnings.warn(
            "Cleaner does not learn templates (that takes a corpus: use run(..., templates=True,"
            " templates_out=FILE), then Cleaner(templates_in=FILE)); cleaning without them",
            stacklevel=3,
        )
    if not clean.templates_in:
        return None
    from cleaner.boilerplate.templates import SiteCounts
    from cleaner.run.templates_stage import template_filter

    return template_filter(SiteCounts.load(clean.templates_in), config)
