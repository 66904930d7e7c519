"""Satisfaction answers: one per complaint, given by the tenant after it closed.

Keyed by complaint id over a few hashed shards; a second answer for the same complaint
is refused (Duplicate) inside the same transaction that would write it, so two tabs
cannot both answer. Reports read `all(landlord)`: each answer carries the landlord,
the complaint's stage when it closed, the score (1 very dissatisfied .. 5 very
satisfied), the reason in the tenant's words and when it was given.
"""

from __future__ import annotations

from typing import Iterator

from portal.store.errors import Duplicate
from portal.store.shard_sets import HashShards
from portal.store.shards import insert, plain

SHARDS = 4
SCORES = (1, 2, 3, 4, 5)


def survey_record(case_id: str, *, landlord: str, customer_id: str, stage: int, score: int, why: str,
                  at: str) -> dict:
    """One answer as every backend keeps it; ValueError for a score off the scale."""
    if score not in SCORES:
        raise ValueError(f"a satisfaction score is one of {SCORES}, not {score!r}")
    return {"case_id": case_id, "landlord": landlord, "customer_id": customer_id, "stage": int(stage),
            "score": score, "why": why, "at": at}


class Surveys:
    """The satisfaction answers collection."""

    def __init__(self, shards: HashShards) -> None:
        self._shards = shards

    def answer(self, case_id: str, *, landlord: str, customer_id: str, stage: int, score: int, why: str,
               at: str) -> dict:
        """Keep the one answer for a complaint; Duplicate if it was already answered."""
        record = survey_record(case_id, landlord=landlord, customer_id=customer_id, stage=stage, score=score,
                               why=why, at=at)
        with self._shards.for_key(case_id).transaction() as table:
            if table.get(doc_id=case_id) is not None:
                raise Duplicate(f"complaint {case_id} already has a satisfaction answer")
            insert(table, case_id, record)
        return plain(record)

    def get(self, case_id: str) -> dict | None:
        """The answer for a complaint (a private copy), or None."""
        raw = self._shards.for_key(case_id).get(case_id)
        return plain(raw) if raw else None

    def all(self, landlord: str) -> Iterator[dict]:
        """Every answer for a landlord, in complaint order, for the reports."""
        found = [raw for raw in self._shards.everything() if raw["landlord"] == landlord]
        for raw in sorted(found, key=lambda r: r["case_id"]):
            yield plain(raw)

    def every(self) -> list[dict]:
        """Every answer of every landlord, in complaint order (for copying a store)."""
        return [plain(raw) for raw in sorted(self._shards.everything(), key=lambda r: r["case_id"])]
