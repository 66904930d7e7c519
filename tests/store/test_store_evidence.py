"""Evidence files: kept once by content hash, read back checked, a damaged file refused with its name."""

from __future__ import annotations

import hashlib

import pytest

from portal.store import NotFound, StoreError


def test_a_file_is_kept_once_by_its_hash(store, folder):
    sha = store.evidence.put(b"a photo of the mould")
    assert sha == hashlib.sha256(b"a photo of the mould").hexdigest()
    assert store.evidence.put(b"a photo of the mould") == sha
    assert store.evidence.get(sha) == b"a photo of the mould"
    assert len(list((folder / "evidence").rglob(sha))) == 1


def test_a_damaged_file_is_refused_with_its_name(store, folder):
    sha = store.evidence.put(b"the scan")
    (path,) = (folder / "evidence").rglob(sha)
    path.write_bytes(b"the scaN")
    with pytest.raises(StoreError, match=str(path)):
        store.evidence.get(sha)


@pytest.mark.parametrize("sha", ["0" * 64, "../../users/000001", ""])
def test_an_unknown_or_odd_hash_is_not_found(store, sha):
    with pytest.raises(NotFound):
        store.evidence.get(sha)
