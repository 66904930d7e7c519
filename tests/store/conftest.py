"""Store fixtures: every test runs once per backend, TinyDB (tiny shards, so a few records
span many files) and PostgreSQL (a fresh database), unless it is marked `embedded_only`."""

from __future__ import annotations

from typing import Iterator

import pytest
from store_helpers import open_store

from portal.store import Store

BACKENDS = ("tinydb", "postgresql")


def pytest_generate_tests(metafunc):
    if "folder" in metafunc.fixturenames:
        embedded = metafunc.definition.get_closest_marker("embedded_only") is not None
        metafunc.parametrize("folder", BACKENDS[:1] if embedded else BACKENDS, indirect=True)


@pytest.fixture
def folder(request, tmp_path):
    """Where the store lives: a folder (TinyDB) or a database URL (PostgreSQL)."""
    if request.param == "postgresql":
        return request.getfixturevalue("database_url")
    return tmp_path / "store"


@pytest.fixture
def store(folder) -> Iterator[Store]:
    with open_store(folder) as opened:
        yield opened
