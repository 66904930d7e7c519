"""Files beside the records: evidence (by content hash), letter pages (by PDF hash), satisfaction answers."""

from __future__ import annotations

import hashlib

import pytest

from portal.store import NotFound, StoreError


def test_a_file_is_kept_once_by_its_hash(store):
    sha = store.evidence.put(b"a photo of the mould")
    assert sha == hashlib.sha256(b"a photo of the mould").hexdigest()
    assert store.evidence.put(b"a photo of the mould") == sha
    assert store.evidence.get(sha) == b"a photo of the mould"


@pytest.mark.embedded_only
def test_one_file_per_content_in_the_folder(store, folder):
    sha = store.evidence.put(b"a photo of the mould")
    store.evidence.put(b"a photo of the mould")
    assert len(list((folder / "evidence").rglob(sha))) == 1


@pytest.mark.embedded_only
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


def test_a_satisfaction_answer_is_kept_once_per_complaint(store):
    from portal.store import Duplicate
    store.surveys.answer("C-2026-000001", landlord="torus", customer_id="U-000001", stage=1, score=4, why="Quick",
                         at="2025-12-01T10:00:00+00:00")
    with pytest.raises(Duplicate):
        store.surveys.answer("C-2026-000001", landlord="torus", customer_id="U-000001", stage=1, score=1, why="",
                             at="2025-12-01T11:00:00+00:00")
    with pytest.raises(ValueError):
        store.surveys.answer("C-2026-000002", landlord="torus", customer_id="U-000001", stage=1, score=7, why="",
                             at="2025-12-01T11:00:00+00:00")
    assert [a["score"] for a in store.surveys.all("torus")] == [4] and list(store.surveys.all("connect")) == []


def test_a_letter_page_is_kept_by_its_pdf_hash(store):
    sha = hashlib.sha256(b"pdf").hexdigest()
    assert not store.letter_pages.has(sha) and store.letter_pages.get(sha) is None
    store.letter_pages.put(sha, "<html lang=\"en-GB\"></html>")
    assert store.letter_pages.has(sha) and store.letter_pages.get(sha) == "<html lang=\"en-GB\"></html>"
    assert store.letter_pages.get("../x") is None
