import os

# Hermetic, quiet Prefect and GX for every test process.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The trained English pipeline, loaded once for the whole test session."""
    from tasks.lib.nlp import load_pipeline

    return load_pipeline()
