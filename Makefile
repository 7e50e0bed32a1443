# CoAP Fleet — developer entry points.
#   make run   installs what is missing, builds, starts the server
#   make test  runs the whole suite
#   make demo  builds, then rolls a file out to three local nodes (Examples/demo/demo.sh)
#   make bench release build, then measures throughput, transfers, a rollout and memory

SHELL := /bin/bash

PORT ?= 5683
DATA_DIR ?= ./fleet-data

APT_PACKAGES := libcoap3-dev libcoap3-bin libsqlite3-dev libssl-dev pkg-config openssl python3-venv
VENV := .build/interop-venv
VENV_PY := $(VENV)/bin/python
AIOCOAP_VERSION := 0.4.17
PYTHON3 ?= python3

.DEFAULT_GOAL := help

# The benchmark's release build links the Swift runtime statically, as the agent is shipped
# to boards, in a build directory of its own so it does not disturb the debug one.
BENCH_BUILD := .build/bench
BENCH_PRODUCTS := fleet-server fleet-node fleet-sim fleet-bench

.PHONY: help deps venv build run test demo bench clean

help:
	@echo "CoAP Fleet make targets:"
	@echo "  make deps   install missing Debian packages ($(APT_PACKAGES))"
	@echo "  make venv   create $(VENV) with aiocoap==$(AIOCOAP_VERSION) (interop tests)"
	@echo "  make build  deps + swift build -Xswiftc -warnings-as-errors"
	@echo "  make run    deps + release build + start fleet-server on UDP port \$$PORT (default $(PORT)) with data in $(DATA_DIR)"
	@echo "  make test   deps + venv + swift test (whole suite)"
	@echo "  make demo   deps + debug build + server, 3 nodes and a file rollout on loopback (DEMO_KEEP=1 keeps its files)"
	@echo "  make bench  deps + static release build + fleet-bench (table on stdout, JSON in $(BENCH_BUILD)/results.json)"
	@echo "  make clean  swift package clean + remove $(VENV)"

deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg -s "$$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$p"; \
	done; \
	missing="$${missing# }"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" -eq 0 ]; then \
	    echo "Installing missing packages: $$missing"; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	  else \
	    echo "Missing Debian packages: $$missing" >&2; \
	    echo "Run: sudo apt-get update && sudo apt-get install -y $$missing" >&2; \
	    exit 1; \
	  fi; \
	fi

venv: deps
	@if ! $(VENV_PY) -c "import aiocoap" >/dev/null 2>&1; then \
	  set -e; \
	  echo "Creating $(VENV) with aiocoap==$(AIOCOAP_VERSION)"; \
	  mkdir -p .build; \
	  $(PYTHON3) -m venv --clear $(VENV); \
	  $(VENV_PY) -m pip install --disable-pip-version-check -q "aiocoap==$(AIOCOAP_VERSION)"; \
	fi

build: deps
	swift build -Xswiftc -warnings-as-errors

run: deps
	swift build -c release --product fleet-server
	exec .build/release/fleet-server --port $(PORT) --data-dir $(DATA_DIR)

test: deps venv
	FLEET_TEST_PYTHON=$(CURDIR)/$(VENV_PY) swift test -Xswiftc -warnings-as-errors

# Debug build with the flags of `build` and `test`, so the three share one build cache.
demo: deps
	swift build -Xswiftc -warnings-as-errors --product fleet-server
	swift build -Xswiftc -warnings-as-errors --product fleet-node
	BIN_DIR="$$(swift build -Xswiftc -warnings-as-errors --show-bin-path)" Examples/demo/demo.sh

bench: deps
	for product in $(BENCH_PRODUCTS); do \
	  swift build -c release --static-swift-stdlib --scratch-path $(BENCH_BUILD) --product $$product || exit 1; \
	done
	$(BENCH_BUILD)/release/fleet-bench --output $(BENCH_BUILD)/results.json

clean:
	swift package clean
	rm -rf $(VENV)
