# ASONN: explainable, cost-aware classification.
#   make demo   install what is missing, build in release mode, run the main job on bundled data
#   make test   install what is missing, run the whole test suite
#   make install     build in release mode, install asonn and its bash and zsh completions under
#                    PREFIX (default /usr/local), staged under DESTDIR if given
#   make uninstall   remove exactly the files make install put there (same PREFIX and DESTDIR)
#   make bench-accuracy   holdout accuracy over the benchmark data, both variants
#   make bench-costs      accuracy against test cost over lambda and prune modes
#   make bench-scale      construction time, prediction speed and memory on synthetic and large data,
#                         exact and with the large-data options; then `asonn predict` end to end on
#                         1,000,000 rows of magic against pandas + scikit-learn (the ratio) and model load
#   make bench-large-data holdout accuracy of exact construction against the large-data options
#   make bench            ASONN against Python peers: accuracy, speed, cost fronts (Benchmarks/.venv)
#   make bench-slurm      the bundled trade-off batch as 3 Slurm array tasks on a one-node cluster on
#                         this machine (started if needed, root), merged and compared with a single run
#   make render-report    the demo's HTML report as a PNG (headless Chromium)
#   make fuzz   libFuzzer on the CSV reader, the cost-profile reader and the model loader,
#               FUZZ_SECONDS per target (default 180); prints inputs run and crashes per target

SWIFT ?= swift
export PATH := $(PATH):/opt/swift/usr/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEB_PACKAGES := libcsv-dev libglpk-dev
ASONN := .build/release/asonn
DEMO_DIR := reports/demo
BENCH_DATA ?= ../shared/datasets

.PHONY: deps build install uninstall demo test fuzz bench bench-venv bench-accuracy bench-costs bench-scale bench-large-data bench-slurm render-report clean

deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The release build links the Swift runtime and Foundation into the binary: it then runs without
# the toolchain that built it, and starts in less time (no dynamic symbol lookups through the
# Swift libraries). BUILD_FLAGS: extra flags for it.
build: deps
	$(SWIFT) build -c release --static-swift-stdlib $(BUILD_FLAGS) --product asonn

# Installation: the binary and the completion scripts ArgumentParser generates for it, in the
# places bash-completion and zsh look by default under PREFIX. DESTDIR stages the whole tree
# elsewhere (for packaging); uninstall removes the three files and nothing else.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
BASH_COMPLETION_DIR ?= $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR ?= $(PREFIX)/share/zsh/site-functions
COMPLETIONS := .build/completions

install: build
	@mkdir -p $(COMPLETIONS)
	$(ASONN) --generate-completion-script bash > $(COMPLETIONS)/asonn
	$(ASONN) --generate-completion-script zsh > $(COMPLETIONS)/_asonn
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(BASH_COMPLETION_DIR)" "$(DESTDIR)$(ZSH_COMPLETION_DIR)"
	install -m 755 $(ASONN) "$(DESTDIR)$(BINDIR)/asonn"
	install -m 644 $(COMPLETIONS)/asonn "$(DESTDIR)$(BASH_COMPLETION_DIR)/asonn"
	install -m 644 $(COMPLETIONS)/_asonn "$(DESTDIR)$(ZSH_COMPLETION_DIR)/_asonn"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/asonn" "$(DESTDIR)$(BASH_COMPLETION_DIR)/asonn" "$(DESTDIR)$(ZSH_COMPLETION_DIR)/_asonn"

demo: build
	@mkdir -p $(DEMO_DIR)
	@echo "== Which heart tests to order, at what accuracy, for what cost? (5-fold cross-validation) =="
	$(ASONN) tradeoff Datasets/heart.csv --costs CostProfiles/heart.json --out $(DEMO_DIR)/heart
	@sed -n '/^## Pareto front/,/^## Panel search/p' $(DEMO_DIR)/heart/tradeoff.md | sed '$$d'
	@echo "== The cheapest plan with at least 80% cross-validated accuracy =="
	$(ASONN) plan Datasets/heart.csv --costs CostProfiles/heart.json --min-accuracy 0.80 -o $(DEMO_DIR)/heart-plan-model.json --quiet
	@echo
	@echo "== Classifying the first five cases with that plan, one test at a time =="
	head -6 Datasets/heart.csv > $(DEMO_DIR)/heart-first5.csv
	$(ASONN) predict $(DEMO_DIR)/heart-plan-model.json $(DEMO_DIR)/heart-first5.csv --sequential
	@echo
	@echo "The trade-off report: $(DEMO_DIR)/heart/report.html (also tradeoff.md, .csv, .json)"

# Tests run optimised (with testing enabled): the property tests build hundreds of models. They
# link the Swift libraries dynamically (Swift Testing has no static library), so they build in
# a folder of their own: the two builds never undo each other's. Then Tests/install.sh runs make
# install (the release build above) and make uninstall into a temporary directory and checks the
# installed tool and its completions (zsh is installed for the zsh completion's check).
TEST_FLAGS := -c release -Xswiftc -enable-testing --scratch-path .build/test
test: DEB_PACKAGES += zsh

test: deps
	python3 .ci/check-layers.py
	$(SWIFT) build $(TEST_FLAGS) --build-tests
	$(SWIFT) test $(TEST_FLAGS) --skip-build
	MAKE="$(MAKE)" Tests/install.sh

# Fuzzing (not part of `make test`): Fuzz/ is a package of its own that uses this one by path,
# so its libFuzzer entry points never reach the normal build. Fuzz/run.sh runs each target in
# turn, then minimizes and saves one input per distinct crash to Fuzz/crashes/TARGET/.
FUZZ_SECONDS ?= 180
fuzz: deps
	cd Fuzz && $(SWIFT) build -c release --sanitize=fuzzer
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh

# Peer comparison (not part of `make test`): a Python venv with pinned peers in Benchmarks/.venv
# (made, or brought up to date, when Benchmarks/requirements.txt differs from the installed copy), then Benchmarks/results/accuracy.md, speed.md, cost.md and cost-DATA.png.
BENCH_VENV := Benchmarks/.venv
# Data sets compare.py runs at once (each fit stays serial); e.g. make bench BENCH_JOBS=4.
BENCH_JOBS ?= 1
bench-venv:
	@cmp -s Benchmarks/requirements.txt $(BENCH_VENV)/requirements.txt || { \
		python3 -m venv $(BENCH_VENV) && $(BENCH_VENV)/bin/pip install -r Benchmarks/requirements.txt && \
		cp Benchmarks/requirements.txt $(BENCH_VENV)/requirements.txt; }

bench: build bench-venv
	$(BENCH_VENV)/bin/python Benchmarks/compare.py --asonn $(ASONN) --data-dir $(BENCH_DATA) --jobs $(BENCH_JOBS)
	$(BENCH_VENV)/bin/python Benchmarks/cost_fronts.py --asonn $(ASONN) --data-dir $(BENCH_DATA)

bench-accuracy: build
	Benchmarks/accuracy.sh $(BENCH_DATA)

bench-costs: build
	Benchmarks/costs.sh

# Each training run is stopped after LIMIT seconds (the 100,000-row sets take longer).
LIMIT ?= 600
LARGE_DATA_OPTIONS ?= --max-value-neurons 255 --coefficient-sample 2000
bench-scale: build bench-venv
	LIMIT=$(LIMIT) Benchmarks/scale.sh
	LIMIT=$(LIMIT) OUT=Benchmarks/results/scaling-large-data.md TRAIN_OPTIONS="$(LARGE_DATA_OPTIONS)" Benchmarks/scale.sh
	PYTHON=$(BENCH_VENV)/bin/python TRAIN_OPTIONS="$(LARGE_DATA_OPTIONS)" Benchmarks/predict-speed.sh

bench-large-data: build
	OPTIONS="$(LARGE_DATA_OPTIONS)" Benchmarks/large-data-accuracy.sh

# Sharded batches through a real scheduler: starts (as root) a one-node Slurm cluster, submits
# Benchmarks/slurm/tradeoff-shards.sbatch as a SHARDS-task array, merges, cmp's every file with a
# single run and prints the wall times.
SHARDS ?= 3
bench-slurm: build
	SHARDS=$(SHARDS) Benchmarks/slurm/bench.sh

# Renders a trade-off report to PNG with headless Chromium (installed if missing), to look at.
REPORT ?= $(DEMO_DIR)/heart/report.html
render-report:
	Benchmarks/render-report.sh $(REPORT)

clean:
	rm -rf .build reports
