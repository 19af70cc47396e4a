"""Great Expectations Data Docs for a run: static HTML pages of every suite's results.

The pages link Bootstrap and fonts from public CDNs for styling; offline they still open and show every
result, unstyled. The run's markdown artifact in the Prefect UI carries the same summary without them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)

from expectations.runner import context

SITE = "newsflow"


def build_data_docs(site_dir: Path, run_id: str, reports: list[tuple[str, str, object]]) -> Path:
    """Write the run's validation results as Data Docs under ``site_dir``; returns its index.html.

    Args:
        site_dir: where the static site lives (e.g. <warehouse>/data_docs).
        run_id: the newsflow run, shown as the GX run name.
        reports: (batch label, suite name, GX validation result) for every suite evaluated.
    """
    ctx = context()
    site_dir.mkdir(parents=True, exist_ok=True)
    # One site per directory: the context lives as long as the process, which may serve many warehouses.
    site = f"{SITE}-{hashlib.sha1(str(site_dir.resolve()).encode()).hexdigest()[:10]}"
    if site not in (ctx.get_config().data_docs_sites or {}):
        ctx.add_data_docs_site(site, {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(site_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        })
    run = RunIdentifier(run_name=run_id)
    keys = []
    for label, suite, report in reports:
        key = ValidationResultIdentifier(ExpectationSuiteIdentifier(name=suite), run, _slug(label))
        ctx.validation_results_store.set(key, report)
        keys.append(key)
    try:
        if keys:
            ctx.build_data_docs(site_names=[site], resource_identifiers=keys)
    finally:
        for key in keys:  # the pages are written; don't let a long-lived process accumulate results
            ctx.validation_results_store.remove_key(key)
    return site_dir / "index.html"


def _slug(label: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in label).strip("-") or "batch"
