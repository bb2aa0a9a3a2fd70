# Every target builds its own virtual environment; nothing is needed beforehand but Python >= 3.10.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
PUBSTAMP := $(VENV)/.installed-publish
REPSTAMP := $(VENV)/.installed-report
OUT    ?= out/samples
DATASET ?=

.PHONY: run test bench lint clean publish report eval-data install-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(STAMP)

run: $(STAMP)
	$(BIN)/cleaner run samples/ --out $(OUT) --config samples/cleaner.toml

test: $(DEVSTAMP)
	$(BIN)/python -m pytest

# A fresh virtual environment with the oldest supported pip, `pip install .` without extras, and
# a run over samples/ and an HTML page: every runtime dependency must be declared.
install-check:
	PYTHON=$(PYTHON) bash tests/install_check.sh

lint: $(DEVSTAMP)
	$(BIN)/ruff check cleaner tests bench
	$(BIN)/ruff format --check cleaner tests bench

report: $(REPSTAMP)
	$(BIN)/cleaner report $(OUT)

$(REPSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[report]'
	@touch $@ $(STAMP)

# Uploads OUT to the Hub when HF_TOKEN is set; otherwise a dry run that lists and validates.
publish: $(PUBSTAMP)
	$(BIN)/cleaner publish $(OUT) $(if $(DATASET),--dataset $(DATASET))

$(PUBSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[publish]'
	@touch $@ $(STAMP)

# Rebuilds the labelled pages of eval/pages/ into eval/data/ from local copies of their sources
# (SOURCES: a folder of git repositories, e.g. the library's mirror folder), and the labelled
# filter/PII sample of eval/filters/ into eval/data/filters/sample.jsonl (BULK: shared/eval/bulk).
SOURCES ?= /work/.mirror
BULK ?= /work/shared/eval/bulk
eval-data: $(STAMP)
	$(BIN)/python -m eval.build rebuild --sources $(SOURCES)
	$(BIN)/python -m eval.filters_build rebuild --sources $(SOURCES) --bulk $(BULK)

bench: $(DEVSTAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) out build *.egg-info .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
