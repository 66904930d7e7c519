"""The outbox and the sign-in limits: idempotent adds, leased claims, retries, counts that persist."""

from __future__ import annotations

from datetime import timedelta

from store_helpers import FROZEN, open_store

from portal.store import OutboxItem

LEASE = timedelta(minutes=5)


def _item(key="m1", case_id="C-2025-000001"):
    return OutboxItem(key=key, channel="email", case_id=case_id, to="a@example.com", subject="Hello",
                      payload={"text": "Hi", "html": "<p>Hi</p>"})


def test_adding_the_same_key_twice_keeps_one_message(store):
    assert store.outbox.add([_item()], FROZEN) == ["m1"]
    assert store.outbox.add([_item()], FROZEN) == []
    assert [i.key for i in store.outbox.due(FROZEN)] == ["m1"]
    assert [i.key for i in store.outbox.for_case("C-2025-000001")] == ["m1"]


def test_a_claim_is_held_until_its_lease_runs_out(store):
    store.outbox.add([_item()], FROZEN)
    first = store.outbox.claim("m1", FROZEN, LEASE)
    assert first.state == "sending" and first.attempts == 1
    assert store.outbox.claim("m1", FROZEN + timedelta(minutes=4), LEASE) is None
    assert store.outbox.due(FROZEN + timedelta(minutes=4)) == []
    again = store.outbox.claim("m1", FROZEN + timedelta(minutes=6), LEASE)  # the first sender died
    assert again.attempts == 2


def test_a_failure_waits_then_a_success_is_final(store):
    store.outbox.add([_item()], FROZEN)
    store.outbox.claim("m1", FROZEN, LEASE)
    store.outbox.failed("m1", "refused", retry_at=FROZEN + timedelta(minutes=2), now=FROZEN)
    assert store.outbox.get("m1").state == "waiting" and store.outbox.get("m1").error == "refused"
    assert store.outbox.due(FROZEN + timedelta(minutes=1)) == []
    assert store.outbox.claim("m1", FROZEN + timedelta(minutes=2), LEASE)
    store.outbox.sent("m1", FROZEN + timedelta(minutes=2), forget_body=True)
    sent = store.outbox.get("m1")
    assert sent.state == "sent" and "text" not in sent.payload
    assert store.outbox.claim("m1", FROZEN + timedelta(days=1), LEASE) is None


def test_giving_up_marks_failed_and_another_process_sees_it(store, folder):
    store.outbox.add([_item()], FROZEN)
    store.outbox.claim("m1", FROZEN, LEASE)
    store.outbox.failed("m1", "no such mailbox", retry_at=None, now=FROZEN)
    with open_store(folder) as other:
        assert other.outbox.get("m1").state == "failed"
        assert other.outbox.due(FROZEN + timedelta(days=1)) == []


def test_sign_in_failures_persist_and_expire_with_their_window(store, folder):
    window = timedelta(hours=1)
    delay = lambda n: timedelta(minutes=n) if n >= 2 else timedelta(0)  # noqa: E731
    store.limits.failed("account:a@example.com", FROZEN, window, delay)
    second = store.limits.failed("account:a@example.com", FROZEN, window, delay)
    assert second.failures == 2 and second.locked_at(FROZEN + timedelta(minutes=1))
    with open_store(folder) as other:
        assert other.limits.get("account:a@example.com", FROZEN, window).failures == 2
    assert store.limits.get("account:a@example.com", FROZEN + timedelta(hours=2), window).failures == 0
    store.limits.clear("account:a@example.com")
    assert store.limits.get("account:a@example.com", FROZEN, window).failures == 0
