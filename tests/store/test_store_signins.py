"""The sign-in limiter's counts: blocked after the limit within the window, cleared by a success."""

from __future__ import annotations

from store_helpers import open_store

KEYS = ("email:ann@example.org", "ip:10.0.0.1")


def test_the_limit_blocks_and_a_success_clears(store):
    for _ in range(4):
        store.signins.failed(KEYS)
    assert not store.signins.blocked(KEYS, 5, 300)
    store.signins.failed(KEYS)
    assert store.signins.blocked(KEYS, 5, 300)
    assert store.signins.blocked(("email:bo@example.org", "ip:10.0.0.1"), 5, 300)  # the address is spent
    assert not store.signins.blocked(("email:bo@example.org", "ip:10.0.0.2"), 5, 300)
    store.signins.succeeded(KEYS)
    assert not store.signins.blocked(KEYS, 5, 300)


def test_failures_older_than_the_window_do_not_count(store):
    for _ in range(5):
        store.signins.failed(KEYS)
    assert not store.signins.blocked(KEYS, 5, 0.000_001)


def test_every_worker_counts_the_same_attempts(database_url):
    with open_store(database_url) as one, open_store(database_url) as two:
        for handle in (one, two, one, two, one):
            handle.signins.failed(KEYS)
        assert two.signins.blocked(KEYS, 5, 300)
        one.signins.succeeded(KEYS)
        assert not two.signins.blocked(KEYS, 5, 300)
