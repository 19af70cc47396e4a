"""Finding article files: paths, directories (recursively) and globs expanded; other extensions skipped."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tasks.lib.ingest.raw import Rejected

SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
            ".json": "json", ".jsonl": "json", ".ndjson": "json"}


@dataclass
class Discovered:
    files: list[Path]  # article files, resolved, sorted, de-duplicated
    missing: list[Rejected]  # one per path or pattern that matched nothing
    skipped: list[Path]  # files found in folders or by patterns whose extension is not an article's


def discover(paths: Iterable[str]) -> tuple[list[Path], list[Rejected]]:
    """Expand files, directories and globs into article files: ``discover_all`` without the skipped files."""
    found = discover_all(paths)
    return found.files, found.missing


def discover_all(paths: Iterable[str]) -> Discovered:
    """Expand files, directories (recursively) and globs into article files.

    Files named explicitly are kept whatever their suffix; inside directories, and among a pattern's
    matches, only the known article suffixes (``SUFFIXES``) are collected, and the others are
    listed as skipped. Hidden files and directories are passed over.

    Args:
        paths: file paths, directory paths or glob patterns (``**`` recurses).
    """
    found: set[Path] = set()
    skipped: set[Path] = set()
    missing: list[Rejected] = []
    for raw in paths:
        raw = os.path.expanduser(str(raw))
        matches = [Path(m) for m in glob.glob(raw, recursive=True)] if glob.has_magic(raw) else [Path(raw)]
        matches = [m for m in matches if _exists(m)]
        if not matches:
            missing.append(Rejected(str(Path(raw).absolute()), f"missing: no such file or directory: {raw}"))
            continue
        for m in matches:
            if m.is_dir():
                for path in _walk(m):
                    (found if path.suffix.lower() in SUFFIXES else skipped).add(path)
            elif glob.has_magic(raw) and m.suffix.lower() not in SUFFIXES:
                skipped.add(m)  # a pattern like "data/*" should not pull in stray non-article files
            else:
                found.add(m)
    files = sorted({p.resolve() for p in found})
    return Discovered(files, missing, sorted({p.resolve() for p in skipped} - set(files)))


def missing_paths(paths: Iterable[str]) -> list[str]:
    """The paths or patterns that name nothing on disk (checked before a run does any work)."""
    out = []
    for raw in paths:
        path = os.path.expanduser(str(raw))
        if glob.has_magic(path):
            if not any(_exists(Path(m)) for m in glob.iglob(path, recursive=True)):
                out.append(str(raw))
        elif not _exists(Path(path)):
            out.append(str(raw))
    return out


def _exists(p: Path) -> bool:
    try:
        return p.exists()
    except OSError:
        return False


def _walk(root: Path) -> Iterator[Path]:
    # os.walk ignores unreadable directories instead of raising, unlike Path.rglob on some versions
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith("."):
                yield Path(dirpath) / name
