"""Store fixtures: a store in tmp_path with tiny shards (so a few records span many files)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from store_helpers import open_store

from portal.store import Store


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(folder: Path) -> Iterator[Store]:
    with open_store(folder) as opened:
        yield opened
