"""A damaged store is refused with the file named, never read as empty, and no id is handed out twice."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from store_helpers import event, open_store, summary_row

from portal.store import Damaged, Store
from portal.store.check import check_files

pytestmark = pytest.mark.embedded_only  # the embedded store's files; PostgreSQL is backed up by pg_dump


def fill(folder: Path) -> dict[str, list[str]]:
    """Two or more tiny shards of every collection; the ids handed out, by collection."""
    with open_store(folder) as store:
        users = [store.users.create({"email": f"u{n}@example.org", "name": f"User {n}"}) for n in range(6)]
        complaints = [store.complaints.create(landlord="torus", customer_id=users[n % 6], events=[event()],
                                              summary=summary_row(customer_id=users[n % 6])) for n in range(6)]
        for user in users:
            store.conduct.append(user, event("incident"), landlord="torus")
        letters = [store.letters.add(case_id=complaints[0], customer_id=users[0], kind="note", title="T",
                                     pdf=b"%PDF-1.4 letter", created="2025-06-02") for _ in range(6)]
        for n in range(6):
            store.tokens.put(f"token-{n}", {"user": users[0]}, "2030-01-01T00:00:00")
    return {"users": users, "complaints": complaints, "letters": letters}


def _without_a_record(path: Path) -> None:
    data = orjson.loads(path.read_bytes())
    data["records"].pop(next(iter(data["records"])))
    path.write_bytes(orjson.dumps(data))


DAMAGE = {
    "deleted": lambda p: p.unlink(),
    "emptied": lambda p: p.write_bytes(b""),
    "cut short": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "corrupted": lambda p: p.write_bytes(b"\x00\x01 not json {"),
    "of the wrong type": lambda p: p.write_bytes(b"[1, 2, 3]"),
    "short of a record": _without_a_record,
}


def read(store: Store, collection: str, ids: dict[str, list[str]]) -> None:
    """Read what the first shard of a collection holds, through the store's ordinary calls."""
    {"users": lambda: store.users.all(),
     "complaints": lambda: store.complaints.get(ids["complaints"][0]),
     "conduct": lambda: store.conduct_summaries.every(),
     "letters": lambda: store.letters.get(ids["letters"][0]),
     "tokens": lambda: [store.tokens.get(f"token-{n}") for n in range(6)]}[collection]()


def first_shard(folder: Path, collection: str) -> Path:
    return sorted((folder / collection).glob("*.json"))[0]


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("collection", ["users", "complaints", "conduct", "letters", "tokens"])
def test_a_damaged_shard_is_refused_naming_the_file(folder, collection, damage):
    ids = fill(folder)
    path = first_shard(folder, collection)
    DAMAGE[damage](path)
    with open_store(folder) as store:
        with pytest.raises(Damaged, match=str(path)):
            read(store, collection, ids)
        with pytest.raises(Damaged, match=collection):  # and nothing more is read or written there
            read(store, collection, ids)
        assert any(str(path) in line for line in check_files(store))


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("which", ["first", "last"])
@pytest.mark.parametrize("collection", ["users", "complaints", "letters"])
def test_no_id_is_handed_out_twice_whatever_happened_to_a_shard(folder, collection, damage, which):
    ids = fill(folder)
    path = sorted((folder / collection).glob("*.json"))[0 if which == "first" else -1]
    DAMAGE[damage](path)
    with open_store(folder) as store:
        create = {"users": lambda: store.users.create({"email": "new@example.org"}),
                  "complaints": lambda: store.complaints.create(landlord="torus", customer_id="U-000001",
                                                                events=[event()]),
                  "letters": lambda: store.letters.add(case_id="C-1", customer_id="U-1", kind="note", title="T",
                                                       pdf=b"%PDF-1.4 other", created="2025-06-03")}[collection]
        try:
            new = create()
        except Damaged as exc:
            assert str(folder / collection) in str(exc)
        else:
            assert new not in ids[collection]


@pytest.mark.parametrize("damage", [d for d in DAMAGE if d != "short of a record"])
@pytest.mark.parametrize("name", ["store.json", "manifest.json"])
def test_a_damaged_layout_or_manifest_is_refused_on_open(folder, name, damage):
    fill(folder)
    DAMAGE[damage](folder / name)
    with pytest.raises(Damaged, match=str(folder / name)):
        open_store(folder)


def test_health_names_a_file_lost_while_the_store_is_open(store, folder):
    fill(folder)
    assert store.health(max_age_s=0) == []
    path = first_shard(folder, "complaints")
    path.unlink()
    assert store.health(max_age_s=0) == [f"{path} is missing"]
    path.touch()
    assert store.health(max_age_s=0) == [f"{path} is empty"]


def test_a_store_from_before_the_manifest_is_adopted_once(folder):
    ids = fill(folder)
    (folder / "manifest.json").unlink()
    layout = orjson.loads((folder / "store.json").read_bytes())
    (folder / "store.json").write_bytes(orjson.dumps({**layout, "format": 1}))
    with open_store(folder) as store:
        assert store.complaints.ids() == ids["complaints"]
        assert store.complaints.create(landlord="torus", customer_id="U-1", events=[]) == "C-2025-000007"
    assert orjson.loads((folder / "store.json").read_bytes())["format"] == 2
    first_shard(folder, "users").write_bytes(b"")
    with open_store(folder) as store, pytest.raises(Damaged):
        store.users.all()


def test_a_new_store_in_an_empty_folder_still_opens(tmp_path):
    with open_store(tmp_path / "fresh") as store:
        assert store.health(max_age_s=0) == []
        assert store.users.create({"email": "a@example.org"}) == "U-000001"
