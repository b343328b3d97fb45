# sop-engine: the two commands a fresh machine needs are `make demo` and `make test`.
# Both install what is missing first (Debian packages, then the Python cross-check tools).

SWIFT ?= swift
PYTHON ?= python3
DEB_PACKAGES := libyaml-dev libsqlite3-dev
SOP := $(SWIFT) run --quiet sop

.PHONY: demo test deps pgdeps browserdeps apt pydeps build swift-test crosscheck rules-doc clean

## demo: validate the shipped SOPs, then run three cases through both on a fresh SQLite database
demo: deps
	$(SOP) validate sops
	$(SOP) list sops
	$(SOP) due sops/lamandau-pengaduan.yaml --start 2026-03-13T14:00
	$(SOP) demo

## test: the unit and integration tests, then the independent cross-checks
test: deps pgdeps crosscheck swift-test

## swift-test: the Swift tests, the store contract suite on a throwaway PostgreSQL cluster too
swift-test:
	$(SWIFT) build
	@eval "$$(.ci/postgres.sh start)" && trap '.ci/postgres.sh stop "$$SOP_PG_DIR"' EXIT && $(SWIFT) test

## crosscheck: JSON Schemas with check-jsonschema, schema/loader agreement on the broken corpus,
## national holidays against the Python `holidays` package, the XES/BPMN exports in pm4py,
## the SVG charts in headless Chromium, the HTTP API against schemas/openapi.yaml with schemathesis,
## durability under SIGKILL (server and CLI; every acknowledged write stored once, chains intact)
## 1,000 mutated files through `sop validate` and 90 s of libFuzzer over the loader (none may crash)
## the server against malformed, huge, slow and too many requests over raw sockets
crosscheck: pydeps browserdeps
	$(SWIFT) build --product sop
	check-jsonschema --schemafile schemas/sop.schema.json sops/*.yaml
	check-jsonschema --schemafile schemas/calendar.schema.json sops/calendars/*.yaml
	check-jsonschema --schemafile schemas/deployment.schema.json $(filter-out %.officers.yaml,$(wildcard deploy/*.yaml))
	check-jsonschema --schemafile schemas/officers.schema.json $(wildcard deploy/*.officers.yaml)
	$(PYTHON) .ci/check_schema_agreement.py "$$($(SWIFT) build --show-bin-path)/sop"
	$(PYTHON) .ci/check_scalar_kinds.py
	$(PYTHON) .ci/check_holidays.py
	$(PYTHON) .ci/check_process_mining.py "$$($(SWIFT) build --show-bin-path)/sop"
	$(PYTHON) .ci/check_svg_in_browser.py "$$($(SWIFT) build --show-bin-path)/sop" .artifacts
	$(PYTHON) .ci/check_openapi.py "$$($(SWIFT) build --show-bin-path)/sop"
	$(PYTHON) .ci/check_durability.py "$$($(SWIFT) build --show-bin-path)/sop"
	$(PYTHON) .ci/check_http_robustness.py "$$($(SWIFT) build --show-bin-path)/sop"
	$(PYTHON) .ci/check_web_in_browser.py "$$($(SWIFT) build --show-bin-path)/sop" .artifacts
	$(PYTHON) .ci/check_notifications.py "$$($(SWIFT) build --show-bin-path)/sop"
	$(PYTHON) .ci/mutate_validate.py "$$($(SWIFT) build --show-bin-path)/sop" --count 1000 --batch 100 --seed 1
	.ci/fuzz.sh 90

deps:
	@$(MAKE) --no-print-directory apt PACKAGES="$(DEB_PACKAGES)"

## pgdeps: PostgreSQL from Debian, for the PostgreSQL store's tests (a throwaway cluster, .ci/postgres.sh)
pgdeps:
	@$(MAKE) --no-print-directory apt PACKAGES="postgresql"

## browserdeps: headless Chromium and poppler-utils (pdfinfo, pdftotext, pdftoppm) for the browser and PDF checks (only the tests need them)
browserdeps:
	@$(MAKE) --no-print-directory apt PACKAGES="chromium chromium-driver poppler-utils"

apt:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

pydeps:
	@$(PYTHON) -m pip --version >/dev/null 2>&1 || { echo "pip for $(PYTHON) is missing"; exit 1; }
	@$(PYTHON) -m pip install --quiet --disable-pip-version-check -r .ci/requirements.txt

## rules-doc: regenerate docs/rules.md from the rule catalogue
rules-doc:
	$(SOP) rules --format markdown > docs/rules.md

clean:
	rm -rf .build
