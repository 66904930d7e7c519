"""The store's layout: how many records per shard, written once into `store.json`.

The numbers decide which file holds which record, so they are fixed when a store is
created and read back on every open; changing the defaults here never moves old data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping

import orjson

from portal.store.errors import Damaged, StoreError
from portal.store.files import Folder, Lock, signature, write_durably
from portal.store.manifest import NAME as MANIFEST
from portal.store.manifest import Manifest, json_data

FORMAT = 2  # 2: with a manifest (`manifest.py`); a format 1 store is adopted on open
DEFAULTS = {
    "complaints_per_shard": 64,  # ~12 events each: a shard of ~200 kB, one write ~1 ms
    "users_per_shard": 256,
    "letters_per_shard": 256,
    "conduct_shards": 64,
    "token_shards": 16,
    "outbox_shards": 16,
    "limit_shards": 16,
}


def open_layout(folder: Folder, manifest: Manifest, wanted: Mapping[str, int] | None = None,
                adopt: Callable[[], dict] | None = None) -> dict[str, int]:
    """Read the store's layout, or create it (defaults, overridden by `wanted`) in a new store.

    A missing or broken `store.json` beside a store's files is refused, never replaced by
    the defaults; a store from before the manifest (format 1) gets one from `adopt()`.
    """
    path = folder.path / "store.json"
    with Lock(folder.path / "store.lock").held():
        if path.exists():
            layout = _read(path)
            if layout["format"] == 1 and adopt is not None:
                if not manifest.exists():
                    manifest.create(adopt())
                layout = {**layout, "format": FORMAT}
                _write(folder, path, layout)
            elif not manifest.exists():
                raise Damaged(f"{manifest.path} is missing: the store cannot tell which files it should have. "
                              f"Restore the store from a backup (flask --app portal store restore SRC).")
            return layout
        if holds_data(folder.path):
            raise Damaged(f"{path} is missing but {folder.path} holds a store's files: restore the store "
                          f"from a backup (flask --app portal store restore SRC), never start it afresh here")
        unknown = set(wanted or {}) - set(DEFAULTS)
        if unknown:
            raise StoreError(f"unknown layout keys: {sorted(unknown)}")
        layout = {"format": FORMAT, **DEFAULTS, **(wanted or {})}
        if any(not isinstance(v, int) or v < 1 for k, v in layout.items() if k != "format"):
            raise StoreError(f"layout numbers must be positive integers: {layout}")
        manifest.create({})  # the manifest first: a crash before store.json leaves a store that still looks new
        _write(folder, path, layout)
        return layout


def holds_data(root: Path) -> bool:
    """True if the folder holds any record file of a store (so it is not a new, empty one)."""
    return any(True for _ in root.glob("*/*.json")) or _manifest_lists_files(root)


def _manifest_lists_files(root: Path) -> bool:
    try:
        data = orjson.loads((root / MANIFEST).read_bytes())
    except (FileNotFoundError, orjson.JSONDecodeError):
        return (root / MANIFEST).exists()
    return any(c.get("files") or c.get("next", 1) > 1 for c in data.get("collections", {}).values())


def _read(path: Path) -> dict[str, int]:
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise Damaged(f"{path} is a folder, not the store's layout file") from None
    layout = json_data(path, raw)
    if not isinstance(layout, dict) or layout.get("format") not in (1, FORMAT):
        raise Damaged(f"{path} is not a store layout this version knows (format "
                      f"{layout.get('format') if isinstance(layout, dict) else '?'!r})")
    return layout


def _write(folder: Folder, path: Path, layout: Mapping[str, int]) -> None:
    write_durably(path, orjson.dumps(dict(layout), option=orjson.OPT_INDENT_2), folder, signature(path))
