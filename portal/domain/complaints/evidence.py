"""Evidence on a complaint: photos and documents the tenant, an advocate or staff attach.

The files themselves live in the store, by content hash; the complaint's events keep
what was attached, by whom and when, so the record lists every file and never loses one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Mapping, Sequence

from portal.domain.complaints.fold import History, as_state
from portal.domain.complaints.guards import check_allowed, new_event
from portal.domain.complaints.kinds import EventKind
from portal.domain.complaints.state import ComplaintState
from portal.domain.errors import DomainError
from portal.domain.events import Actor, Event
from portal.domain.profile import Profile

CONTENT_TYPES = ("image/jpeg", "image/png", "application/pdf")  # HEIC is kept as the JPEG it is re-encoded to
_SHA = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class EvidenceFile:
    """One attached file as the record lists it."""

    sha256: str
    name: str
    content_type: str
    size: int
    added_on: date
    added_by: str
    by_staff: bool


def _clean(raw: Mapping[str, Any]) -> dict[str, Any]:
    sha, kind = str(raw.get("sha256", "")), str(raw.get("content_type", ""))
    if not _SHA.fullmatch(sha) or kind not in CONTENT_TYPES:
        raise DomainError("That file could not be kept.", field="files")
    name = str(raw.get("name", "")).strip()[:120] or "file"
    return {"sha256": sha, "name": name, "content_type": kind, "size": int(raw.get("size", 0))}


def evidence_fields(files: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Checked file entries for an event (used at intake too, inside the received event)."""
    return [_clean(f) for f in files]


def add_evidence(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                 files: Sequence[Mapping[str, Any]], max_files: int, now: datetime | None = None) -> Event:
    """Attach files to a complaint, within the configured number per complaint."""
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.EVIDENCE_ADDED)
    if not files:
        raise DomainError("Choose a file to send.", field="files")
    if len(evidence_on(state)) + len(files) > max_files:
        raise DomainError(f"A complaint can have up to {max_files} files.", field="files")
    return new_event(EventKind.EVIDENCE_ADDED, actor, today, now, files=evidence_fields(files))


def evidence_on(state: ComplaintState) -> tuple[EvidenceFile, ...]:
    """Every file attached to the complaint, at intake and later, oldest first."""
    found: list[EvidenceFile] = []
    for event in state.events:
        if event.kind in (EventKind.RECEIVED.value, EventKind.EVIDENCE_ADDED.value):
            key = "evidence" if event.kind == EventKind.RECEIVED.value else "files"
            for raw in event.get(key) or ():
                found.append(EvidenceFile(raw["sha256"], raw["name"], raw["content_type"], raw.get("size", 0),
                                          event.on, event.by_name, event.by_role is not None))
    return tuple(found)
