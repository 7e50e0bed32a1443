# CoAP Fleet — developer entry points.
#   make run   installs what is missing, builds, starts the server
#   make test  runs the whole suite
#   make demo  builds, then rolls a file out to three local nodes (Examples/demo/demo.sh)

SHELL := /bin/bash

PORT ?= 5683
DATA_DIR ?= ./fleet-data

APT_PACKAGES := libcoap3-dev libcoap3-bin libsqlite3-dev libssl-dev pkg-config openssl python3-venv
VENV := .build/interop-venv
VENV_PY := $(VENV)/bin/python
AIOCOAP_VERSION := 0.4.17
PYTHON3 ?= python3

.DEFAULT_GOAL := help

.PHONY: help deps venv build run test demo clean

help:
	@echo "CoAP Fleet make targets:"
	@echo "  make deps   install missing Debian packages ($(APT_PACKAGES))"
	@echo "  make venv   create $(VENV) with aiocoap==$(AIOCOAP_VERSION) (interop tests)"
	@echo "  make build  deps + swift build -Xswiftc -warnings-as-errors"
	@echo "  make run    deps + release build + start fleet-server on UDP port \$$PORT (default $(PORT)) with data in $(DATA_DIR)"
	@echo "  make test   deps + venv + swift test (whole suite)"
	@echo "  make demo   deps + debug build + server, 3 nodes and a file rollout on loopback (DEMO_KEEP=1 keeps its files)"
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

clean:
	swift package clean
	rm -rf $(VENV)
