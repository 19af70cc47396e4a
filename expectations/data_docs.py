"""Great Expectations Data Docs for a warehouse: static HTML pages of every run's suite results, read offline.

- Every run's validations: results are kept as JSON under ``<site>/.results`` (a GX validation results store),
  so the index lists the validations of every run, not only the last one's. The GX run name is the newsflow
  run id; each suite's own page is built too, so the index's suite links resolve.
- Offline: GX's templates load Bootstrap, bootstrap-table (which draws the index's list of validations), jQuery
  and Font Awesome (the status icons) from public CDNs. ``data_docs_assets/`` holds local copies of those exact
  versions, from their npm packages, with their licences; ``manifest.json`` maps each CDN address to its copy.
  Each build copies them beside the pages and points the pages at them. (Vega, for GX's few charts, is not
  shipped: those charts stay blank offline.)
- Failing rows are named by their ``source_uri`` and ``doc_id`` (see ``expectations.runner.ID_COLUMNS``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)

from expectations.runner import context

SITE = "newsflow"
ASSETS = Path(__file__).parent / "data_docs_assets"
VENDOR = Path("static") / "vendor"  # where the local copies go inside a site
RESULTS = ".results"  # the site's validation results (JSON), read to build its index
_STATIC = re.compile(r'(href|src)="(?:\./|(?:\.\./)+)static/')
_GX_LOGO = re.compile(r"https://great-expectations-web-assets\.s3[^\"']*/logo-long\.png[^\"']*")


def build_data_docs(site_dir: Path, run_id: str, reports: list[tuple[str, str, object]]) -> Path:
    """Write the run's validation results as Data Docs under ``site_dir``; returns its index.html.

    Args:
        site_dir: where the static site lives (e.g. <warehouse>/data_docs); made absolute here.
        run_id: the newsflow run, shown as the GX run name.
        reports: (batch label, suite name, GX validation result) for every suite evaluated.
    """
    from expectations.suites import SUITES

    site_dir = Path(site_dir).resolve()  # GX wants an absolute base_directory with no root_directory
    site_dir.mkdir(parents=True, exist_ok=True)
    ctx = context()
    site, store = _site(ctx, site_dir)
    # A time of our own: without one GX parses the run name as a date, and dateutil reads an id ending in "ad"
    # (the era) as a time with an offset: -5406ad as UTC-54:06 (the build fails), -2306ad as a wrong time.
    run = RunIdentifier(run_name=run_id, run_time=datetime.now(timezone.utc))
    keys: list = []
    for name in sorted({suite for _, suite, _ in reports}):  # each suite's own page, linked from the index
        ctx.suites.add_or_update(SUITES[name]())
        keys.append(ExpectationSuiteIdentifier(name=name))
    for label, suite, report in reports:
        key = ValidationResultIdentifier(ExpectationSuiteIdentifier(name=suite), run, _slug(label))
        store.set(key, report)
        keys.append(key)
    if reports:
        ctx.build_data_docs(site_names=[site], resource_identifiers=keys)
    localize_assets(site_dir)
    return site_dir / "index.html"


def _site(ctx, site_dir: Path) -> tuple[str, object]:
    """The GX site for ``site_dir`` and its results store, added once per process (one per directory: the
    context lives as long as the process, which may serve many warehouses)."""
    site = f"{SITE}-{hashlib.sha1(str(site_dir).encode()).hexdigest()[:10]}"
    results = f"{site}-results"
    if site not in (ctx.get_config().data_docs_sites or {}):
        ctx.add_store(results, {"class_name": "ValidationResultsStore", "store_backend": {
            "class_name": "TupleFilesystemStoreBackend", "base_directory": str(site_dir / RESULTS)}})
        ctx.add_data_docs_site(site, {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(site_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "site_section_builders": {"validations": {"source_store_name": results}, "profiling": "None"},
        })
    return site, ctx.stores[results]


@lru_cache(maxsize=1)
def asset_map() -> dict[str, str]:
    """CDN address -> path of its local copy inside a site."""
    manifest = json.loads((ASSETS / "manifest.json").read_text())
    return {url: (VENDOR / path).as_posix() for url, path in manifest.items() if not url.startswith("_")}


def localize_assets(site_dir: Path) -> None:
    """Copy the local assets into the site and point every page at them instead of the CDNs."""
    shutil.copytree(ASSETS, site_dir / VENDOR, dirs_exist_ok=True, ignore=shutil.ignore_patterns("manifest.json"))
    for page in site_dir.rglob("*.html"):
        if RESULTS in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        up = os.path.relpath(site_dir, page.parent).replace(os.sep, "/") + "/"
        new = html
        for url, local in asset_map().items():
            new = new.replace(url, up + local)
        new = _GX_LOGO.sub(up + "static/images/logo-long-vector.svg", new)
        new = _STATIC.sub(f'\\1="{up}static/', new)  # GX's own links to static/ miss a level on deep pages
        if new != html:
            page.write_text(new, encoding="utf-8")


def _slug(label: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in label).strip("-") or "batch"
