"""Communication protocol terms: the restrictions on a customer's contact, and their checks.

A protocol is a combination of restrictions drawn from the landlord profile's
`restrictions` list. Whatever the combination, at least one way of contacting the
landlord must remain, and every restriction carries its reason and ends or is reviewed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from types import MappingProxyType
from typing import Any, Mapping

from portal.domain.errors import DomainError
from portal.domain.profile import Profile

CONTACT_CHANNELS = ("phone", "letter", "email", "online", "in_person")
WRITTEN_CHANNELS = ("letter", "email", "online")
# Each restriction in the words the protocol form and its messages use.
RESTRICTION_LABELS = {
    "written_only": "Contact in writing only",
    "third_party_only": "Contact only through a representative",
    "no_personal_contact": "No personal contact (writing or a third party only)",
    "set_times": "Calls or visits only at set times",
    "named_contact": "One named member of staff",
    "appointment_only": "Office visits by appointment only",
    "issues_per_period": "Only some subjects, or a number of issues in each period",
    "health_and_safety_only": "Health and safety matters only, for a time",
    "read_and_file": "Closed cases: read and file",
    "return_documents": "Send back documents that are not relevant",
    "decline_investigation": "Do not investigate complaints pursued unacceptably",
    "close_abused_cases": "Close cases where the process is being abused",
}


@dataclass(frozen=True)
class SetTimes:
    """Contact on set weekdays (0 = Monday) between `start` and `end`, for some channels."""

    weekdays: tuple[int, ...]
    start: time
    end: time
    channels: tuple[str, ...] = ("phone",)

    def covers(self, weekday: int, moment: time) -> bool:
        """True if a contact at this weekday and time falls inside the window."""
        return weekday in self.weekdays and self.start <= moment < self.end


@dataclass(frozen=True)
class IssueLimit:
    """Only `issues` issues are considered in each period of `weeks` weeks."""

    issues: int
    weeks: int


@dataclass(frozen=True)
class ProtocolTerms:
    """What a protocol restricts. Empty or false fields restrict nothing."""

    channels_allowed: tuple[str, ...] = ()  # empty: every channel
    set_times: SetTimes | None = None
    named_contact: str = ""  # the one member of staff who deals with the customer
    named_contact_details: str = ""  # how to reach them: their phone number or email
    topics: tuple[str, ...] = ()  # subjects (or case ids) still discussed
    issues_per_period: IssueLimit | None = None
    appointment_only: bool = False  # office visits by appointment only
    third_party_only: str = ""  # the representative's name
    no_personal_contact: bool = False  # writing or a third party only
    health_and_safety_only_until: date | None = None
    read_and_file: tuple[str, ...] = ()  # closed case ids: read and filed, reply only if new
    return_documents: bool = False
    decline_investigation: tuple[str, ...] = ()  # complaint ids not investigated
    close_abused_cases: tuple[str, ...] = ()  # open complaint or ASB case ids closed
    reasons: Mapping[str, str] = field(default_factory=dict, hash=False)  # restriction -> why

    def __post_init__(self) -> None:
        object.__setattr__(self, "reasons", MappingProxyType(dict(self.reasons)))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form for an event."""
        st, lim = self.set_times, self.issues_per_period
        return {
            "channels_allowed": list(self.channels_allowed),
            "set_times": None if st is None else {
                "weekdays": list(st.weekdays), "start": st.start.isoformat("minutes"),
                "end": st.end.isoformat("minutes"), "channels": list(st.channels),
            },
            "named_contact": self.named_contact,
            "named_contact_details": self.named_contact_details,
            "topics": list(self.topics),
            "issues_per_period": None if lim is None else {"issues": lim.issues, "weeks": lim.weeks},
            "appointment_only": self.appointment_only,
            "third_party_only": self.third_party_only,
            "no_personal_contact": self.no_personal_contact,
            "health_and_safety_only_until": (
                self.health_and_safety_only_until.isoformat() if self.health_and_safety_only_until else None
            ),
            "read_and_file": list(self.read_and_file),
            "return_documents": self.return_documents,
            "decline_investigation": list(self.decline_investigation),
            "close_abused_cases": list(self.close_abused_cases),
            "reasons": dict(self.reasons),
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> "ProtocolTerms":
        """Rebuild terms stored by `to_dict`."""
        st, lim, hs = raw.get("set_times"), raw.get("issues_per_period"), raw.get("health_and_safety_only_until")
        return cls(
            channels_allowed=tuple(raw.get("channels_allowed", ())),
            set_times=None if not st else SetTimes(
                tuple(st["weekdays"]), time.fromisoformat(st["start"]), time.fromisoformat(st["end"]),
                tuple(st.get("channels", ("phone",))),
            ),
            named_contact=raw.get("named_contact", ""),
            named_contact_details=raw.get("named_contact_details", ""),
            topics=tuple(raw.get("topics", ())),
            issues_per_period=None if not lim else IssueLimit(lim["issues"], lim["weeks"]),
            appointment_only=raw.get("appointment_only", False),
            third_party_only=raw.get("third_party_only", ""),
            no_personal_contact=raw.get("no_personal_contact", False),
            health_and_safety_only_until=date.fromisoformat(hs) if hs else None,
            read_and_file=tuple(raw.get("read_and_file", ())),
            return_documents=raw.get("return_documents", False),
            decline_investigation=tuple(raw.get("decline_investigation", ())),
            close_abused_cases=tuple(raw.get("close_abused_cases", ())),
            reasons=raw.get("reasons", {}),
        )


def channels_open(terms: ProtocolTerms) -> tuple[str, ...]:
    """The channels the customer may still use, in a fixed order."""
    allowed = terms.channels_allowed or CONTACT_CHANNELS
    if terms.no_personal_contact:
        allowed = tuple(c for c in allowed if c in WRITTEN_CHANNELS)
    return tuple(c for c in CONTACT_CHANNELS if c in allowed)


def restrictions_used(terms: ProtocolTerms) -> tuple[str, ...]:
    """The profile restriction codes these terms use.

    Limiting contact to writing is `written_only`; a channel limit that keeps phone or
    in-person contact has no code in any profile (`channels`), so it is refused.
    Topics and issue limits both limit what is considered: `issues_per_period`.
    """
    used: list[str] = []
    channels = set(terms.channels_allowed)
    if channels and channels != set(CONTACT_CHANNELS):
        used.append("written_only" if channels <= set(WRITTEN_CHANNELS) else "channels")
    flags = (
        ("third_party_only", terms.third_party_only), ("no_personal_contact", terms.no_personal_contact),
        ("set_times", terms.set_times), ("named_contact", terms.named_contact),
        ("appointment_only", terms.appointment_only),
        ("issues_per_period", terms.issues_per_period or terms.topics),
        ("health_and_safety_only", terms.health_and_safety_only_until),
        ("read_and_file", terms.read_and_file), ("return_documents", terms.return_documents),
        ("decline_investigation", terms.decline_investigation),
        ("close_abused_cases", terms.close_abused_cases),
    )
    used.extend(code for code, value in flags if value)
    return tuple(used)


def _label(code: str) -> str:
    return RESTRICTION_LABELS.get(code, code.replace("_", " "))


def check_terms(terms: ProtocolTerms, profile: Profile, *, start: date) -> None:
    """Refuse terms the profile does not allow, that leave no way to contact us, or lack reasons."""
    used = restrictions_used(terms)
    if not used:
        raise DomainError("Choose at least one restriction: a protocol with none restricts nothing.", field="terms")
    if not channels_open(terms):
        raise DomainError("At least one way to contact us must always remain.", field="channels_allowed")
    for code in used:
        if code == "channels":
            raise DomainError(
                "Contact can only be limited to writing (letter, email or online) under this policy.",
                field="channels_allowed",
            )
        if code not in profile.conduct.restrictions:
            raise DomainError(f"{profile.name}'s policy does not allow '{_label(code)}'.", field=code)
        if not str(terms.reasons.get(code, "")).strip():
            raise DomainError(f"Give the reason for '{_label(code)}'.", field=f"reasons.{code}")
    stray = sorted(set(terms.reasons) - set(used))
    if stray:
        raise DomainError(f"A reason was given for '{_label(stray[0])}', which is not part of these terms.",
                          field="reasons")
    _check_shapes(terms, start)


def _check_shapes(terms: ProtocolTerms, start: date) -> None:
    unknown = [c for c in terms.channels_allowed if c not in CONTACT_CHANNELS]
    if unknown:
        raise DomainError(f"Unknown contact channel '{unknown[0]}'.", field="channels_allowed")
    if terms.no_personal_contact and any(c not in WRITTEN_CHANNELS for c in terms.channels_allowed):
        raise DomainError(
            "No personal contact means writing or a third party only: remove phone and in-person contact.",
            field="channels_allowed",
        )
    st = terms.set_times
    if st is not None:
        if not st.weekdays or any(d not in range(7) for d in st.weekdays):
            raise DomainError("Choose the days contact is taken.", field="set_times")
        if st.start >= st.end:
            raise DomainError("The set times must start before they end.", field="set_times")
        if not st.channels or any(c not in channels_open(terms) for c in st.channels):
            raise DomainError("Set times can only apply to a channel the customer may use.", field="set_times")
    lim = terms.issues_per_period
    if lim is not None and (lim.issues < 1 or lim.weeks < 1):
        raise DomainError("An issue limit needs at least one issue in a period of at least one week.",
                          field="issues_per_period")
    hs = terms.health_and_safety_only_until
    if hs is not None and hs <= start:
        raise DomainError("'Health and safety only' needs an end date after the start.",
                          field="health_and_safety_only_until")
    for name in ("topics", "read_and_file", "decline_investigation", "close_abused_cases"):
        if any(not str(v).strip() for v in getattr(terms, name)):
            raise DomainError("Leave no blank entries.", field=name)

