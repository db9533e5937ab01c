# Portail Famille: `make run` serves the demo, `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= portail.settings

.PHONY: run test bench lint messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: export DJANGO_DEBUG = 1
run: export PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)
run: $(VENV)/.runtime
	mkdir -p $${PORTAIL_VAR_DIR:-var}/mail
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_demo
	@echo "Les e-mails envoyés sont enregistrés dans $${PORTAIL_VAR_DIR:-var}/mail/ (un fichier .log par envoi)."
	@echo "Portail servi sur http://127.0.0.1:$(PORT)/ (Ctrl+C pour arrêter)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=portail.settings_test $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.dev
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Extract the strings into each app's English catalogue, then compile them.
messages: $(VENV)/.dev
	DJANGO_DEBUG=1 $(BIN)/python manage.py update_messages

clean:
	rm -rf $(VENV) var staticfiles
