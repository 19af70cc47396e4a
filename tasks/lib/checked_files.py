"""Committed model files (learned weights) kept beside a manifest holding their sha256.

Written together by a training script, read only when they match: a missing or damaged file is a clear error
naming how to restore it, never a silent fallback.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def write(path: Path, data: bytes, manifest: Path, info: dict) -> None:
    """Write ``data`` to ``path`` and ``manifest`` (JSON: its checksum, then ``info``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    meta = {"sha256": hashlib.sha256(data).hexdigest(), **info}
    manifest.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def read(path: Path, manifest: Path, error: type[Exception], what: str, rebuild: str) -> tuple[bytes, dict]:
    """The bytes at ``path`` and its manifest, once they are checked to match.

    Raises:
        error: the file or its manifest is missing (the message names ``what`` and the ``rebuild`` command), or
            the checksum does not match.
    """
    if not path.is_file() or not manifest.is_file():
        raise error(f"{what} missing: {path} (and {manifest.name}); they are part of the repository: "
                    f"restore them with git, or rebuild with `{rebuild}`.")
    data, meta = path.read_bytes(), json.loads(manifest.read_text(encoding="utf-8"))
    if hashlib.sha256(data).hexdigest() != meta.get("sha256"):
        raise error(f"{path} does not match the checksum in {manifest.name}: the file is damaged.")
    return data, meta
