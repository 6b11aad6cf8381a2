# One command to set up and rebuild everything, one to set up and test everything.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: reproduce test docs benchmarks clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# the report texts, for the reading view: $POVECON_SEEDS, else a seeds folder beside the checkout
SEEDS  ?= $(or $(POVECON_SEEDS),$(wildcard ../shared/seeds))

reproduce: $(STAMP)
	$(if $(SEEDS),POVECON_SEEDS="$(abspath $(SEEDS))") $(BIN)/povecon reproduce --out outputs

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 -p no:cacheprovider
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir site

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

benchmarks: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) outputs site
