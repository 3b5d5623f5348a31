# ASONN: explainable, cost-aware classification.
#   make demo   install what is missing, build in release mode, run the main job on bundled data
#   make test   install what is missing, run the whole test suite
#   make bench-accuracy   holdout accuracy over the benchmark data, both variants
#   make bench-scale      construction time on synthetic data

SWIFT ?= swift
export PATH := $(PATH):/opt/swift/usr/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEB_PACKAGES := libcsv-dev libglpk-dev
ASONN := .build/release/asonn
DEMO_DIR := reports/demo
BENCH_DATA ?= ../shared/datasets

.PHONY: deps build demo test bench-accuracy bench-scale clean

deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product asonn

demo: build
	@mkdir -p $(DEMO_DIR)
	@echo "== 5-fold cross-validation on the Statlog heart data =="
	$(ASONN) evaluate Datasets/heart.csv --folds 5 --seed 0
	@echo
	@echo "== a model of all 270 rows, saved and explained =="
	$(ASONN) train Datasets/heart.csv -o $(DEMO_DIR)/heart-model.json
	$(ASONN) explain $(DEMO_DIR)/heart-model.json | head -40
	@echo
	@echo "== why the first five rows get their class =="
	head -6 Datasets/heart.csv > $(DEMO_DIR)/heart-first5.csv
	$(ASONN) predict $(DEMO_DIR)/heart-model.json $(DEMO_DIR)/heart-first5.csv --explain | head -40
	@echo "model and inputs are in $(DEMO_DIR)/"

# Tests run optimised (with testing enabled): the property tests build hundreds of models.
TEST_FLAGS := -c release -Xswiftc -enable-testing

test: deps
	$(SWIFT) build $(TEST_FLAGS) --build-tests
	$(SWIFT) test $(TEST_FLAGS) --skip-build

bench-accuracy: build
	Benchmarks/accuracy.sh $(BENCH_DATA)

bench-scale: build
	Benchmarks/scale.sh

clean:
	rm -rf .build reports
