"""Users (unique email in any case, index by email) and tokens (expiry by the caller's clock)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from store_helpers import open_store

from portal.store import Duplicate, NotFound

NOON = datetime(2025, 6, 2, 12, 0, tzinfo=timezone.utc)


def test_create_and_get_include_the_id(store):
    uid = store.users.create({"email": "ann@example.org", "kind": "tenant", "name": "Ann"})
    assert uid == "U-000001"
    assert store.users.get(uid) == {"id": uid, "email": "ann@example.org", "kind": "tenant", "name": "Ann"}
    assert store.users.get("U-000002") is None


@pytest.mark.parametrize("again", ["ann@example.org", "ANN@Example.ORG", " ann@example.org "])
def test_email_is_unique_in_any_case(store, again):
    store.users.create({"email": "Ann@example.org"})
    with pytest.raises(Duplicate):
        store.users.create({"email": again})
    assert len(store.users.all()) == 1


@pytest.mark.parametrize("fields", [{"email": 42}, {"email": "a@b", "id": "U-9"}])
def test_create_refuses_a_malformed_email_or_a_chosen_id(store, fields):
    with pytest.raises(ValueError):
        store.users.create(fields)


@pytest.mark.parametrize("blank", [{}, {"email": ""}, {"email": "  "}, {"email": None}])
def test_customers_without_an_account_need_no_email_and_are_not_indexed(store, blank):
    first = store.users.create({"name": "No Email One", **blank})
    second = store.users.create({"name": "No Email Two", **blank})
    assert first != second
    assert store.users.get(first)["name"] == "No Email One"
    assert store.users.by_email("") is None
    store.users.update(first, email="found@example.org")
    assert store.users.by_email("found@example.org")["id"] == first


@pytest.mark.parametrize("asked", ["bo@example.org", "BO@EXAMPLE.ORG", " Bo@Example.org"])
def test_by_email_finds_the_user_in_any_case(store, asked):
    store.users.create({"email": "ann@example.org"})
    uid = store.users.create({"email": "Bo@example.org"})
    assert store.users.by_email(asked)["id"] == uid


@pytest.mark.parametrize("asked", ["cy@example.org", "", "   ", None])
def test_by_email_finds_nobody_for_an_unknown_or_blank_email(store, asked):
    store.users.create({"email": "ann@example.org"})
    assert store.users.by_email(asked) is None


def test_update_changes_fields_and_moves_the_email_index(store):
    uid = store.users.create({"email": "ann@example.org", "kind": "tenant"})
    assert store.users.update(uid, email="ann.lee@example.org", phone="0161")["phone"] == "0161"
    assert store.users.by_email("ann@example.org") is None
    assert store.users.by_email("ANN.LEE@example.org")["id"] == uid
    assert store.users.create({"email": "ann@example.org"}) == "U-000002"  # the old email is free again


def test_update_refuses_an_email_someone_else_has_but_allows_a_change_of_case(store):
    ann = store.users.create({"email": "ann@example.org"})
    store.users.create({"email": "bo@example.org"})
    with pytest.raises(Duplicate):
        store.users.update(ann, email="BO@example.org")
    assert store.users.update(ann, email="Ann@Example.org")["email"] == "Ann@Example.org"


@pytest.mark.parametrize("uid, fields, error", [
    ("U-000404", {"name": "x"}, NotFound),
    ("junk", {"name": "x"}, NotFound),
    ("U-000001", {"id": "U-000009"}, ValueError),
])
def test_update_refuses_unknown_users_and_id_changes(store, uid, fields, error):
    store.users.create({"email": "ann@example.org"})
    with pytest.raises(error):
        store.users.update(uid, **fields)


@pytest.mark.parametrize("kind, expected", [(None, ["U-000001", "U-000002", "U-000003", "U-000004", "U-000005"]),
                                            ("staff", ["U-000002", "U-000005"]),
                                            ("advocate", ["U-000003"]),
                                            ("board", [])])
def test_all_filters_by_kind_in_id_order(store, kind, expected):
    for n, who in enumerate(["tenant", "staff", "advocate", "tenant", "staff"]):
        store.users.create({"email": f"{n}@example.org", "kind": who})
    assert [u["id"] for u in store.users.all(kind)] == expected


def test_users_survive_reopening(folder):
    with open_store(folder) as first:
        uid = first.users.create({"email": "ann@example.org", "kind": "tenant"})
        first.users.update(uid, name="Ann Lee")
    with open_store(folder) as again:
        assert again.users.by_email("ann@example.org") == {"id": uid, "email": "ann@example.org",
                                                           "kind": "tenant", "name": "Ann Lee"}
        with pytest.raises(Duplicate):
            again.users.create({"email": "ANN@example.org"})


def test_token_put_get_delete(store):
    store.tokens.put("k1", {"user_id": "U-000001", "purpose": "reset"}, "2025-06-02T13:00:00+00:00")
    assert store.tokens.get("k1") == {"user_id": "U-000001", "purpose": "reset",
                                      "expires": "2025-06-02T13:00:00+00:00"}
    store.tokens.delete("k1")
    assert store.tokens.get("k1") is None
    store.tokens.delete("k1")  # deleting twice is fine


@pytest.mark.parametrize("expires, now, alive", [
    ("2025-06-02T13:00:00+00:00", NOON, True),
    ("2025-06-02T12:00:00+00:00", NOON, False),
    ("2025-06-02T12:30:00", NOON, True),  # naive means UTC
    ("2025-06-02T13:30:00+01:00", NOON, True),
    ("2025-06-02T12:30:00+01:00", NOON, False),
    ("2025-06-02T11:00:00+00:00", None, True),  # without `now` the caller judges expiry
])
def test_token_expiry_is_judged_by_the_callers_clock(store, expires, now, alive):
    store.tokens.put("k", {"x": 1}, expires)
    assert (store.tokens.get("k", now=now) is not None) is alive


def test_put_with_now_purges_its_shard_and_purge_clears_the_rest(store):
    keys = [f"k{n}" for n in range(8)]  # over two token shards; odd ones expired at noon
    for n, key in enumerate(keys):
        store.tokens.put(key, {"n": n}, (NOON + timedelta(minutes=-30 if n % 2 else 30)).isoformat())
    expired = keys[1::2]
    store.tokens.put("k0", {"n": 100}, (NOON + timedelta(hours=1)).isoformat(), now=NOON)
    assert store.tokens.get("k0")["n"] == 100
    left = [k for k in expired if store.tokens.get(k) is not None]
    assert len(left) < len(expired)  # the shard of k0 was swept in the same write
    assert store.tokens.purge(NOON) == len(left)
    assert [k for k in keys if store.tokens.get(k) is not None] == keys[0::2]


@pytest.mark.parametrize("key, expires", [("", "2025-06-02T13:00:00"), ("k", "tomorrow")])
def test_put_refuses_an_empty_key_or_a_bad_date(store, key, expires):
    with pytest.raises(ValueError):
        store.tokens.put(key, {}, expires)


def test_all_tokens_expired_or_not_by_key(store):
    store.tokens.put("b", {"n": 2}, "2025-06-02T11:00:00+00:00")
    store.tokens.put("a", {"n": 1}, "2999-01-01T00:00:00")
    assert store.tokens.all() == {"a": {"data": {"n": 1}, "expires": "2999-01-01T00:00:00"},
                                  "b": {"data": {"n": 2}, "expires": "2025-06-02T11:00:00+00:00"}}
