# Two commands for a newcomer: `make run` and `make test`. Both bootstrap .venv first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The install is keyed on the content of the files that define it: editing any reinstalls,
# anything else skips the install in about a second. constraints.txt pins every package (direct and
# transitive) to the versions CI tests, so a fresh install resolves nothing: uv installs it in
# parallel (pip only when uv cannot), taking torch's CPU wheel from /opt/wheels where that exists.
HASH := $(shell cat settings.ini setup.py constraints.txt | sha1sum | cut -c1-16)
STAMP := $(VENV)/.bootstrap-$(HASH)
NBDEV_TEST_ARGS ?=
PYTEST_ARGS ?= -m "not slow"
UV_VERSION := 0.13.9
FIND_LINKS := $(if $(wildcard /opt/wheels),--find-links /opt/wheels,)
QUIET_PIP := 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)

.PHONY: bootstrap run test test-slow check readme docs docs-screenshots lock clean-venv screenshot-widgets bench-figures evolution-figure

bootstrap: $(STAMP)

$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --disable-pip-version-check -q uv==$(UV_VERSION) $(QUIET_PIP)
	$(BIN)/uv pip install -q --python $(BIN)/python -c constraints.txt $(FIND_LINKS) -e ".[dev]" \
	  || $(BIN)/pip install --disable-pip-version-check -q -c constraints.txt -e ".[dev]" $(QUIET_PIP)
	$(BIN)/python -m ipykernel install --sys-prefix --name acenas-nb --display-name "acenas-nb" >/dev/null
	@rm -f $(VENV)/.bootstrap-*
	@touch $@
	@echo "bootstrap: .venv ready"

# Regenerate constraints.txt: a fresh venv resolves settings.ini's requirements, and every installed version is pinned.
lock:
	rm -rf $(VENV)-lock && $(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/pip install --disable-pip-version-check -q uv==$(UV_VERSION) $(QUIET_PIP)
	$(VENV)-lock/bin/uv pip install -q --python $(VENV)-lock/bin/python $(FIND_LINKS) -e ".[dev]"
	{ echo "# Exact versions of every dependency (direct and transitive) of .[dev], used as constraints by"; \
	  echo "# 'make bootstrap'. Regenerate with 'make lock' after changing requirements in settings.ini."; \
	  $(VENV)-lock/bin/uv pip freeze --python $(VENV)-lock/bin/python --exclude-editable | sed 's/+cpu$$//' | grep -v '^\(uv\|pip\|setuptools\)=='; } > constraints.txt
	rm -rf $(VENV)-lock
	@echo "lock: constraints.txt pins $$(grep -c '==' constraints.txt) packages"

# The main job: the whole AceNAS pipeline on the built-in default (NB201 on MNIST-5k), headless.
run: $(STAMP)
	$(BIN)/acenas run

# Notebooks clean, library and README in sync with the notebooks, notebook tests, pytest.
check: $(STAMP)
	$(BIN)/python .ci/check_sync.py clean
	$(BIN)/python .ci/check_sync.py export
	$(BIN)/python .ci/check_sync.py readme

# Both suites run even when the first fails; the last line says what ran (logs in .venv/test-logs/).
# Each suite runs 2 workers; one torch thread per process keeps 2 workers from oversubscribing 2 cores
# (measured: the notebooks take 77 s so, 4.8 min with torch's default of a thread per core).
TEST_THREADS ?= 1
test: check
	@mkdir -p $(VENV)/test-logs; set -o pipefail; export OMP_NUM_THREADS=$(TEST_THREADS); \
	$(BIN)/nbdev_test --timing $(NBDEV_TEST_ARGS) 2>&1 | tee $(VENV)/test-logs/nbdev.log; nb=$$?; \
	$(BIN)/python -m pytest tests/ -q -n 2 --durations=15 $(PYTEST_ARGS) 2>&1 | tee $(VENV)/test-logs/pytest.log; py=$$?; \
	$(BIN)/python .ci/test_summary.py $(VENV)/test-logs/nbdev.log $$nb $(VENV)/test-logs/pytest.log $$py

test-slow: NBDEV_TEST_ARGS = --flags slow
test-slow: PYTEST_ARGS =
test-slow: test

# Regenerate README.md from nbs/index.ipynb.
readme: $(STAMP)
	$(BIN)/python .ci/check_sync.py readme --write

# The documentation site in _docs/: every notebook a page, the reports, the reference (.ci/build_docs.py says
# why mkdocs-material and not nbdev_docs' Quarto: Quarto's installer downloads from GitHub). Its tools
# (.ci/docs-requirements.txt, pinned) are installed here only, so `make test` does not wait for them.
DOCS_STAMP := $(VENV)/.docs-$(shell cat .ci/docs-requirements.txt constraints.txt | sha1sum | cut -c1-16)
docs: $(STAMP)
	@test -f $(DOCS_STAMP) || { $(BIN)/uv pip install -q --python $(BIN)/python -c constraints.txt -r .ci/docs-requirements.txt \
	  && rm -f $(VENV)/.docs-* && touch $(DOCS_STAMP); }
	NO_MKDOCS_2_WARNING=1 OMP_NUM_THREADS=1 $(BIN)/python .ci/build_docs.py

# PNGs of the built site's home page and a report page (needs apt + npm registries).
docs-screenshots: docs
	command -v chromium >/dev/null || apt-get install -y -q chromium
	test -d .ci/node_modules/playwright-core || (cd .ci && npm install --no-save -q playwright-core)
	node .ci/screenshot_site.js _docs nbs/images/docs_home.png index.html nbs/images/docs_report.png reports/01_search_nb201/

clean-venv:
	rm -rf $(VENV)

# Run nbs/30_widgets.ipynb in JupyterLab in headless Chromium and screenshot it (needs apt + npm registries).
screenshot-widgets: $(STAMP)
	command -v chromium >/dev/null || apt-get install -y -q chromium
	test -d .ci/node_modules/playwright-core || (cd .ci && npm install --no-save -q playwright-core)
	$(BIN)/jupyter lab --no-browser --port 8899 --ServerApp.token='' --ServerApp.password='' --allow-root >/tmp/acenas-jlab.log 2>&1 & \
	  pid=$$!; sleep 8; node .ci/screenshot_widgets.js nbs/images/widgets_jupyterlab.png; rc=$$?; kill $$pid; exit $$rc

# PNGs of a search benchmark's figures for the README (needs apt + npm registries). BENCH=the run's --out folder.
BENCH ?= runs/bench50
bench-figures:
	command -v chromium >/dev/null || apt-get install -y -q chromium
	test -d .ci/node_modules/playwright-core || (cd .ci && npm install --no-save -q playwright-core)
	node .ci/screenshot_html.js $(BENCH)/regret_vs_budget.html nbs/images/bench_regret_vs_budget.png
	node .ci/screenshot_html.js $(BENCH)/ablations.html nbs/images/bench_ablations.png 900 450

# PNG of the ranker-guided evolution figure (python -m acenas_nb.bench evolution --out $(EVO)).
EVO ?= runs/nb201_c10_evo
evolution-figure:
	command -v chromium >/dev/null || apt-get install -y -q chromium
	test -d .ci/node_modules/playwright-core || (cd .ci && npm install --no-save -q playwright-core)
	node .ci/screenshot_html.js $(EVO)/evolution.html nbs/images/bench_evolution_overlap.png 900 450
