"""The Hugging Face Hub's dataset-card metadata conventions, checked offline.

``huggingface_hub.DatasetCard.validate()`` posts the card to the Hub, which refuses a header
whose values it does not know. What it checks is public: the license identifiers of
hub-docs/docs/hub/repositories-licenses.md, the task types of huggingface.js
(packages/tasks/src/pipelines.ts), the size categories and creator values of the dataset-card
spec (hub-docs/datasetcard.md), and for ``license: other`` a ``license_name`` and a
``license_link``; ``configs`` follows the rules ``datasets`` applies when it loads the card.
These tables hold those values (as of the hub-docs commit 242f4a1, 2026-08), so that
``cleaner publish --dry-run``, ``cleaner run`` and the tests check a card without network.
A value the Hub accepted later than this table is refused here: name it with ``license:
other`` and ``license_name``, or update the table.
"""

from __future__ import annotations

import re
from typing import Any

HUB_LICENSES: frozenset[str] = frozenset(
    """
    apache-2.0 mit openrail bigscience-openrail-m creativeml-openrail-m bigscience-bloom-rail-1.0
    bigcode-openrail-m afl-3.0 artistic-2.0 bsl-1.0 bsd bsd-2-clause bsd-3-clause
    bsd-3-clause-clear c-uda cc cc0-1.0 cc-by-2.0 cc-by-2.5 cc-by-3.0 cc-by-4.0 cc-by-sa-3.0
    cc-by-sa-4.0 cc-by-nc-2.0 cc-by-nc-3.0 cc-by-nc-4.0 cc-by-nd-4.0 cc-by-nc-nd-3.0
    cc-by-nc-nd-4.0 cc-by-nc-sa-2.0 cc-by-nc-sa-3.0 cc-by-nc-sa-4.0 cdla-sharing-1.0
    cdla-permissive-1.0 cdla-permissive-2.0 wtfpl ecl-2.0 epl-1.0 epl-2.0 etalab-2.0 eupl-1.1
    eupl-1.2 agpl-3.0 gfdl gpl gpl-2.0 gpl-3.0 lgpl lgpl-2.1 lgpl-3.0 isc h-research
    intel-research lppl-1.3c ms-pl apple-ascl apple-amlr mpl-2.0 odc-by odbl openmdw-1.0
    openmdw-1.1 openrail++ osl-3.0 postgresql ofl-1.1 ncsa unlicense zlib pddl lgpl-lr
    deepfloyd-if-license fair-noncommercial-research-license llama2 llama3 llama3.1 llama3.2
    llama3.3 llama4 grok2-community gemma unknown other
    """.split()
)
SIZE_CATEGORIES: tuple[str, ...] = (
    "n<1K",
    "1K<n<10K",
    "10K<n<100K",
    "100K<n<1M",
    "1M<n<10M",
    "10M<n<100M",
    "100M<n<1B",
    "1B<n<10B",
    "10B<n<100B",
    "100B<n<1T",
    "n>1T",
)
LANGUAGE_CREATORS = frozenset(
    {"found", "crowdsourced", "expert-generated", "machine-generated", "other"}
)
ANNOTATIONS_CREATORS = LANGUAGE_CREATORS | {"no-annotation"}
MULTILINGUALITY = frozenset({"monolingual", "multilingual", "translation", "other"})
# the text tasks of the Hub's task list and their sub-tasks (pipelines.ts); a card of cleaned
# web text names the first ones
TASK_IDS: dict[str, frozenset[str]] = {
    "text-generation": frozenset(
        {"dialogue-modeling", "dialogue-generation", "conversational", "language-modeling"}
    ),
    "fill-mask": frozenset({"slot-filling", "masked-language-modeling"}),
    "text-classification": frozenset(
        """acceptability-classification entity-linking-classification fact-checking
        intent-classification language-identification multi-class-classification
        multi-label-classification multi-input-text-classification natural-language-inference
        semantic-similarity-classification sentiment-classification topic-classification
        semantic-similarity-scoring sentiment-scoring sentiment-analysis hate-speech-detection
        text-scoring""".split()
    ),
    "token-classification": frozenset(
        """named-entity-recognition part-of-speech parsing lemmatization
        word-sense-disambiguation coreference-resolution""".split()
    ),
    "question-answering": frozenset({"extractive-qa", "open-domain-qa", "closed-domain-qa"}),
    "summarization": frozenset(
        {"news-articles-summarization", "news-articles-headline-generation"}
    ),
    "text2text-generation": frozenset(
        """text-simplification explanation-generation abstractive-qa open-domain-abstractive-qa
        closed-domain-qa open-book-qa closed-book-qa""".split()
    ),
    "text-retrieval": frozenset(
        {"document-retrieval", "utterance-retrieval", "entity-linking-retrieval"}
        | {"fact-checking-retrieval"}
    ),
    "translation": frozenset(),
    "feature-extraction": frozenset(),
    "sentence-similarity": frozenset(),
    "zero-shot-classification": frozenset(),
    "table-question-answering": frozenset(),
    "text-ranking": frozenset(),
    "table-to-text": frozenset(),
    "multiple-choice": frozenset({"multiple-choice-qa", "multiple-choice-coreference-resolution"}),
    "other": frozenset(),
}
# "my-license-1.0", as the dataset-card spec asks
LICENSE_NAME = re.compile(r"^[a-z0-9][a-z0-9._+-]*$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
# a split name, as ``datasets`` accepts it (datasets.naming._split_re)
SPLIT_NAME = re.compile(r"^\w+(\.\w+)*$")


def check_license(license_id: Any, name: Any, link: Any) -> list[str]:
    """Problems with the license fields (what the configuration and the header both take)."""
    ids = license_id if isinstance(license_id, list) else [license_id]
    problems = []
    for value in ids:
        if not isinstance(value, str) or value not in HUB_LICENSES:
            problems.append(
                f"license {value!r} is not a Hub license identifier "
                "(https://huggingface.co/docs/hub/repositories-licenses); for any other "
                "license use license: other with license_name and license_link"
            )
    if "other" in ids:
        if not isinstance(name, str) or not LICENSE_NAME.match(name):
            problems.append(
                "license: other needs license_name, an id in lower case letters, digits, "
                f"'.', '-' (like my-license-1.0), not {name!r}"
            )
        if not isinstance(link, str) or not link.strip():
            problems.append(
                "license: other needs license_link, a URL or a file of the dataset repository"
            )
    return problems


def _names(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def check_header(header: dict[str, Any]) -> list[str]:
    """Problems with a card's YAML header by the Hub's conventions (empty when it passes)."""
    problems = check_license(
        header.get("license"), header.get("license_name"), header.get("license_link")
    )
    if not isinstance(header.get("pretty_name"), str) or not header["pretty_name"].strip():
        problems.append("pretty_name must be a non-empty string")
    languages = header.get("language")
    if not languages or not all(
        isinstance(code, str) and LANGUAGE_CODE.match(code) for code in _names(languages)
    ):
        problems.append(f"language must list ISO 639 codes, not {languages!r}")
    for key, allowed in (
        ("size_categories", frozenset(SIZE_CATEGORIES)),
        ("language_creators", LANGUAGE_CREATORS),
        ("annotations_creators", ANNOTATIONS_CREATORS),
        ("multilinguality", MULTILINGUALITY),
        ("task_categories", frozenset(TASK_IDS)),
    ):
        for value in _names(header.get(key)) if key in header else []:
            if value not in allowed:
                problems.append(f"{key}: {value!r} is not one of {', '.join(sorted(allowed))}")
    subtasks = frozenset().union(
        *(TASK_IDS.get(t, frozenset()) for t in _names(header.get("task_categories")))
    )
    for value in _names(header.get("task_ids")) if "task_ids" in header else []:
        if value not in subtasks:
            problems.append(f"task_ids: {value!r} is not a sub-task of the task_categories")
    sources = header.get("source_datasets")
    if sources is not None and not (
        isinstance(sources, list) and all(isinstance(s, str) and s for s in sources)
    ):
        problems.append(f"source_datasets must be a list of names, not {sources!r}")
    problems += check_configs(header.get("configs"))
    return problems


def check_configs(configs: Any) -> list[str]:
    """``configs`` as ``datasets`` reads it: a list of configs, each with a ``config_name`` and
    ``data_files`` given as a pattern, a list of patterns, or splits with their paths."""
    if configs is None:
        return []
    if not isinstance(configs, list):
        return [f"configs must be a list, not {configs!r}"]
    problems = []
    names = []
    for config in configs:
        if not isinstance(config, dict) or not isinstance(config.get("config_name"), str):
            problems.append(f"every config needs a config_name: {config!r}")
            continue
        names.append(config["config_name"])
        data_files = config.get("data_files")
        entries = data_files if isinstance(data_files, list) else [data_files]
        for entry in entries:
            if isinstance(entry, str):
                continue
            if (
                isinstance(entry, dict)
                and set(entry) == {"split", "path"}
                and isinstance(entry["split"], str)
                and SPLIT_NAME.match(entry["split"])
                and (
                    isinstance(entry["path"], str)
                    or (
                        isinstance(entry["path"], list)
                        and all(isinstance(p, str) for p in entry["path"])
                    )
                )
            ):
                continue
            problems.append(
                f"config {config['config_name']!r}: data_files entries must be patterns or "
                f"{{split, path}} with a split name of letters, digits and _, not {entry!r}"
            )
    if len(names) != len(set(names)):
        problems.append(f"config names repeat: {names}")
    return problems
