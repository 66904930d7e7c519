"""Shared helpers for the complaint tests: the four real profiles, staff at each rank,
and a small Case builder that applies transitions the way the portal will."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

from portal.domain import complaints as c
from portal.domain.events import Actor, Event
from portal.domain.profile import Profile, load_profiles
from portal.domain.roles import Role

ROOT = Path(__file__).resolve().parents[2]
PROFILES: dict[str, Profile] = load_profiles(ROOT / "content" / "landlords")
SLUGS = sorted(PROFILES)

CUSTOMER = Actor(id="cust-1", name="Sam Tenant")


def staff(role: Role, n: int = 1) -> Actor:
    """A member of staff at `role`; different `n` gives a different person of the same rank."""
    return Actor(id=f"{role.value}-{n}", name=f"{role.value.replace('_', ' ').title()} {n}", role=role)


OFFICER, MANAGER, HEAD, DIRECTOR = staff(Role.OFFICER), staff(Role.MANAGER), staff(Role.HEAD_OF_SERVICE), staff(Role.DIRECTOR)
EXECUTIVE, BOARD = staff(Role.EXECUTIVE), staff(Role.BOARD)


class Case:
    """A complaint under test: its profile and events; each step appends one checked event."""

    def __init__(self, profile: Profile | str):
        self.profile = PROFILES[profile] if isinstance(profile, str) else profile
        self.events: list[Event] = []

    @property
    def state(self) -> c.ComplaintState:
        return c.fold(self.events, self.profile)

    def do(self, step: Callable[..., Any], today: date, actor: Actor = OFFICER, **fields: Any) -> "Case":
        result = step(self.events, self.profile, actor, today, **fields)
        self.events.append(result.event if isinstance(result, c.InformationAdded) else result)
        return self

    # -- the usual path, with people senior enough for this landlord -------------------------

    def responder(self, stage: int, n: int = 1) -> Actor:
        return staff(self.profile.complaints.stage(stage).responder_role, n)

    def receive(self, on: date, actor: Actor = CUSTOMER, **fields: Any) -> "Case":
        fields.setdefault("channel", "online")
        fields.setdefault("summary", "Water has come through the bathroom ceiling for a month.")
        return self.do(c.receive_complaint, on, actor, received_on=on, **fields)

    def acknowledge(self, on: date, actor: Actor = OFFICER) -> "Case":
        if self.state.status is c.Status.AWAITING_ACKNOWLEDGEMENT:
            self.do(c.acknowledge_complaint, on, actor, understanding="A leak from the flat above is not fixed.",
                    outcome_sought="Fix the leak and repair the ceiling.")
        return self

    def reply(self, on: date, actor: Actor | None = None, actions: tuple = (), **fields: Any) -> "Case":
        fields.setdefault("outcome", "upheld")
        fields.setdefault("reasons", "The repair was booked late and then missed.")
        fields.setdefault("category", "Repairs")
        fields.setdefault("root_cause", "The contractor's diary was not checked before booking.")
        return self.do(c.respond_to_complaint, on, actor or self.responder(self.state.stage), actions=list(actions), **fields)

    def escalate(self, on: date, accept_on: date | None = None, actor: Actor = CUSTOMER, **fields: Any) -> "Case":
        self.do(c.request_escalation, on, actor, **fields)
        return self.do(c.escalate_complaint, accept_on or on, self.responder(2, n=2))

    def through_stage1(self, received: date, reply_on: date, ack_on: date | None = None, **reply: Any) -> "Case":
        return self.receive(received).acknowledge(ack_on or received).reply(reply_on, **reply)
