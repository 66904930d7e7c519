"""The store's layout: how many records per shard, written once into `store.json`.

The numbers decide which file holds which record, so they are fixed when a store is
created and read back on every open; changing the defaults here never moves old data.
"""

from __future__ import annotations

from typing import Mapping

import orjson

from portal.store.errors import StoreError
from portal.store.files import Folder, Lock, signature, write_durably

FORMAT = 1
DEFAULTS = {
    "complaints_per_shard": 64,  # ~12 events each: a shard of ~200 kB, one write ~1 ms
    "users_per_shard": 256,
    "letters_per_shard": 256,
    "conduct_shards": 64,
    "token_shards": 16,
    "outbox_shards": 16,
    "limit_shards": 16,
}


def open_layout(folder: Folder, wanted: Mapping[str, int] | None = None) -> dict[str, int]:
    """Read the store's layout, or create it (defaults, overridden by `wanted`) in a new store."""
    path = folder.path / "store.json"
    with Lock(folder.path / "store.lock").held():
        if path.exists():
            layout = orjson.loads(path.read_bytes())
            if layout.get("format") != FORMAT:
                raise StoreError(f"{path}: unknown store format {layout.get('format')!r}")
            return layout
        unknown = set(wanted or {}) - set(DEFAULTS)
        if unknown:
            raise StoreError(f"unknown layout keys: {sorted(unknown)}")
        layout = {"format": FORMAT, **DEFAULTS, **(wanted or {})}
        if any(not isinstance(v, int) or v < 1 for k, v in layout.items() if k != "format"):
            raise StoreError(f"layout numbers must be positive integers: {layout}")
        write_durably(path, orjson.dumps(layout, option=orjson.OPT_INDENT_2), folder, signature(path))
        return layout
