# The two commands of README.md. Everything else they need is installed on first use:
# a venv with the project (PyPI), the Firebase Auth emulator and the web client's Firebase JS SDK
# (npm) and the Cloud Tasks emulator (PyPI, in its own venv) under .stack/tools. Google's Firestore and Pub/Sub emulators come with
# google-cloud-cli where it is installed; elsewhere the stack runs our stand-ins (README "The local stack").
PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.installed
CORE   := $(VENV)/.core-built
IMAGES ?=
OUT    ?= out
PYTEST_ARGS ?=
# The stack-backed tests once more with Google's emulators hidden, on the stand-ins (the path of a
# machine without google-cloud-cli); skipped when the first run already used only stand-ins.
# `make test STANDIN_TESTS=` leaves it out.
STANDIN_TESTS ?= tests/integration tests/e2e

.PHONY: demo test install clean

demo: $(STAMP) $(CORE)
	$(VENV)/bin/python -m shared.localstack.tools
	$(VENV)/bin/copythat demo $(IMAGES) -o $(OUT)

test: $(STAMP) $(CORE)
	$(VENV)/bin/python -m shared.localstack.tools
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)
ifneq ($(strip $(STANDIN_TESTS)),)
	@if $(VENV)/bin/python -m shared.localstack.tools --which | grep -q "Google's"; then \
	  echo "== the same stack tests on the stand-ins (COPYTHAT_HIDE_GCLOUD_EMULATORS=1) =="; \
	  COPYTHAT_HIDE_GCLOUD_EMULATORS=1 $(VENV)/bin/python -m pytest $(STANDIN_TESTS); \
	else echo "stand-in pass skipped: the run above already ran on the stand-ins"; fi
endif

install: $(STAMP) $(CORE)

# The locked, hashed versions (requirements/dev.lock) — exactly what is tested is what is deployed —
# then the project itself without resolving anything again.
$(STAMP): pyproject.toml requirements/dev.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements/dev.lock
	$(VENV)/bin/pip install --quiet --no-deps -e .
	touch $(STAMP)

# The pixel palette's C core (pip install -e . builds it too; this rebuilds it when its source changes).
$(CORE): $(STAMP) setup.py shared/extraction/palette/_core.c
	$(VENV)/bin/python setup.py -q build_ext --inplace
	touch $(CORE)

clean:
	rm -rf $(VENV) .stack .cache .pytest_cache
