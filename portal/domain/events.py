"""Events: the append-only facts a complaint or a conduct file is folded from.

Every change is an event, so the event list is the audit trail. Events carry plain
data (str, int, bool, None, lists and dicts of them, ISO dates as strings) so the store
can keep them as JSON without knowing the domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Mapping

from portal.domain.roles import Role


@dataclass(frozen=True)
class Actor:
    """Who did something: a member of staff (with a role), a customer or their advocate."""

    id: str
    name: str
    role: Role | None = None  # None for customers and advocates

    @property
    def is_staff(self) -> bool:
        return self.role is not None


SYSTEM = Actor(id="system", name="The portal")


@dataclass(frozen=True)
class Event:
    """One fact: what happened (`kind`), on which business date (`on`), by whom, and details."""

    kind: str
    on: date
    by: str = ""
    by_name: str = ""
    by_role: Role | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    at: str = ""  # ISO timestamp of recording, set by the use case from its clock

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", MappingProxyType(dict(self.data)))

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def date(self, key: str) -> date | None:
        """A date held in `data` as an ISO string."""
        value = self.data.get(key)
        return date.fromisoformat(value) if value else None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form for the store."""
        return {
            "kind": self.kind,
            "on": self.on.isoformat(),
            "by": self.by,
            "by_name": self.by_name,
            "by_role": self.by_role.value if self.by_role else None,
            "data": dict(self.data),
            "at": self.at,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> "Event":
        return cls(
            kind=raw["kind"],
            on=date.fromisoformat(raw["on"]),
            by=raw.get("by", ""),
            by_name=raw.get("by_name", ""),
            by_role=Role(raw["by_role"]) if raw.get("by_role") else None,
            data=raw.get("data", {}),
            at=raw.get("at", ""),
        )


def make_event(kind: str, actor: Actor, on: date, now: datetime | None = None, **data: Any) -> Event:
    """Build an event for `actor`; `now` stamps when it was recorded (passed in, never read here)."""
    return Event(
        kind=kind, on=on, by=actor.id, by_name=actor.name, by_role=actor.role,
        data=data, at=now.isoformat(timespec="seconds") if now else "",
    )


def actor_data(actor: Actor) -> dict[str, str | None]:
    """An actor as plain event data."""
    return {"id": actor.id, "name": actor.name, "role": actor.role.value if actor.role else None}


def actor_from(raw: dict | None) -> Actor | None:
    """An actor stored by `actor_data`."""
    if not raw:
        return None
    return Actor(id=raw["id"], name=raw["name"], role=Role(raw["role"]) if raw.get("role") else None)


def awaits(event: Event) -> Role | None:
    """The role a proposal waits for, or None: every proposal (`*_proposed`) names the role that decides it."""
    if event.kind.endswith("_proposed") and event.get("role"):
        return Role(event.get("role"))
    return None
