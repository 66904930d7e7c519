"""Retention's erasing writes, on every backend: events rewritten in place, never added or dropped; PDFs gone."""

from __future__ import annotations

import pytest
from store_helpers import summary_row

from portal.store import Conflict, NotFound


def _event(text: str, on: str = "2019-03-04") -> dict:
    return {"kind": "received", "on": on, "by": "U-000001", "by_name": "Aisha", "by_role": None,
            "data": {"summary": text}, "at": ""}


def test_erasing_a_complaint_rewrites_its_events_and_row_in_place(store):
    cid = store.complaints.create(landlord="torus", customer_id="U-000001", events=[_event("Mould")],
                                  summary=summary_row(customer_name="Aisha"))
    store.complaints.append(cid, _event("More mould", "2019-03-05"), expected_version=1)
    blank = [_event(""), _event("", "2019-03-05")]
    record = store.complaints.erase(cid, blank, summary_row(customer_name=""), expected_version=2)
    assert record.version == 2 and list(record.events) == blank
    again = store.complaints.get(cid)
    assert list(again.events) == blank and again.summary.customer_name == ""
    with pytest.raises(Conflict):
        store.complaints.erase(cid, blank, summary_row(), expected_version=1)
    with pytest.raises(ValueError):
        store.complaints.erase(cid, blank[:1], summary_row(), expected_version=2)


def test_erasing_a_letter_removes_its_pdf_and_title_and_keeps_the_record(store):
    letter_id = store.letters.add(case_id="C-2019-000001", customer_id="U-000001", kind="acknowledgement",
                                  title="We have your complaint", pdf=b"%PDF-1.7 Aisha", created="2019-03-04")
    store.letters.erase(letter_id, "Removed under the retention policy")
    kept = store.letters.get(letter_id)
    assert kept["kind"] == "acknowledgement" and kept["title"] == "" and kept["erased"]
    with pytest.raises(NotFound, match="erased"):
        store.letters.pdf_bytes(letter_id)


def test_a_users_history_can_be_replaced_for_retention_only(store):
    uid = store.users.create({"kind": "tenant", "email": "", "name": "Aisha",
                              "history": [{"at": "2019-01-01", "by": "x", "what": "Made for Aisha"}]})
    store.users.replace_history(uid, [{"at": "2019-01-01", "by": "x", "what": "Removed"}])
    assert store.users.get(uid)["history"] == [{"at": "2019-01-01", "by": "x", "what": "Removed"}]
    with pytest.raises(NotFound):
        store.users.replace_history("U-999999", [])
