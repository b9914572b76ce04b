# Two commands for a fresh machine: `make run` and `make test`. Both set up .venv first.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench help-images bundle bundle-test clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Cần Python 3.11 trở lên (Python 3.11+ is required)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	@if $(BIN)/python -c 'import thidua.ui.app' >/dev/null 2>&1 && \
	   { [ -n "$$DISPLAY" ] || [ -n "$$WAYLAND_DISPLAY" ] || [ "$$(uname)" = Darwin ]; }; then \
		$(BIN)/thidua gui --demo; \
	else \
		echo "(không có màn hình hoặc giao diện: chạy bản dòng lệnh)"; \
		$(BIN)/thidua demo --out out/; \
	fi

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py

# the user guide's screenshots (resources/help/<lang>/images/), rendered from the demo in each language
help-images: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m thidua.ui.help_images

# The self-contained app folder dist/thidua/ (PyInstaller; see installer/) and its smoke test.
BUNDLE_STAMP := $(VENV)/.bundle-installed
BUNDLE_EXE := dist/thidua/thidua
BUNDLE_INPUTS := pyproject.toml $(shell find src resources installer -type f -not -path '*/__pycache__/*' \
	-not -path '*.egg-info/*' -not -name version.iss 2>/dev/null)

$(BUNDLE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bundle]'
	@touch $(BUNDLE_STAMP)

$(BUNDLE_EXE): $(BUNDLE_STAMP) $(BUNDLE_INPUTS)
	$(BIN)/python installer/build.py

bundle: $(BUNDLE_EXE)

bundle-test: $(BUNDLE_EXE)
	installer/smoke_test.sh dist/thidua
	@# the installer-script checks that need the built folder (skipped by `make test` before it exists)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/integration/test_installer_files.py

clean:
	rm -rf $(VENV) build dist out .pytest_cache
