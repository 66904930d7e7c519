"""Landlord profiles: one landlord's rules, loaded from TOML into frozen records.

The profile is the one source of truth for every timescale, role and limit. The
portal counts deadlines from it and the policy pages print their numbers from it,
so the two can never disagree.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portal.domain.errors import ProfileError
from portal.domain.roles import Role

NATIONS = ("england-wales", "scotland")
OMBUDSMAN_TIME_FROM = ("final_reply", "first_aware")
EXTENSION_MODES = ("none", "capped", "good_reason")
RESPOND_FROM = ("acknowledgement", "receipt")
CHANNELS = ("in_person", "phone", "letter", "email", "online", "social_media")
RESTRICTIONS = (
    "written_only", "third_party_only", "no_personal_contact", "set_times",
    "named_contact", "appointment_only", "issues_per_period", "health_and_safety_only",
    "read_and_file", "return_documents", "decline_investigation", "close_abused_cases",
)
POLICE_REPORT = ("will", "will_if_violence", "may")
ALWAYS_ALLOWED = ("emergency_repair", "health_and_safety", "new_issue")


@dataclass(frozen=True)
class Contact:
    phone: str = ""
    phone_note: str = ""
    email: str = ""
    website: str = ""
    address: str = ""
    hours: str = ""
    out_of_hours: str = ""  # the emergency repair line outside `hours`; empty: only 999 is given


@dataclass(frozen=True)
class Ombudsman:
    name: str
    short_name: str
    phone: str
    website: str
    address: str
    any_time: bool
    email: str = ""
    eligible: str = ""
    time_limit_months: int = 12  # how long after `time_limit_from` the ombudsman normally takes a complaint
    time_limit_from: str = "final_reply"  # "final_reply", or "first_aware" (when the problem was first known)


@dataclass(frozen=True)
class Exclusion:
    code: str
    label: str
    decider: Role | None = None
    route: str = ""  # where the matter goes instead (the letter says so)
    needs_vexatious_decision: bool = False  # only on a recorded decision of the profile's vexatious decider


@dataclass(frozen=True)
class Stage:
    """The timescales and duties of one complaint stage."""

    number: int
    respond_working_days: int
    respond_from: str
    extension: str
    responder_role: Role
    acknowledge_working_days: int | None = None  # None: no separate acknowledgement
    acknowledge_states_understanding: bool = False
    extension_working_days: int = 0
    extension_needs_agreement: bool = False
    extension_beyond_standard: bool = False  # capped: more only with a good reason and a senior approver
    escalation_window_calendar_days: int = 0  # stage 1 only; 0: no window
    escalation_window_months_after_knowing: int = 0  # SPSO model: 6 months of knowing of the problem...
    escalation_window_months_after_reply: int = 0  # ...or 2 months after the stage 1 reply, whichever is later
    direct_to_stage2: bool = False  # stage 1 only: a complex complaint may go straight to stage 2
    escalation_reason_required: bool = False
    escalation_asks_unresolved: bool = False
    responder_not_stage1: bool = False
    responder_not_junior: bool = False
    final: bool = False

    @property
    def acknowledges(self) -> bool:
        return self.acknowledge_working_days is not None


@dataclass(frozen=True)
class ComplaintRules:
    channels: tuple[str, ...]
    social_media: str
    anonymous: str
    group: str
    imminent_risk_referral: bool
    third_parties: tuple[str, ...]
    advocacy_signpost: str
    new_points: str
    service_request_hours: int
    service_request_decider: Role
    too_old_months: int  # 0: no age limit
    too_old_exceptions: tuple[str, ...]
    closure_monitoring: bool
    reporting: tuple[str, ...]
    exclusions: tuple[Exclusion, ...]
    stage1: Stage
    stage2: Stage
    risk_referral_working_days: int = 0  # a risk of harm is referred within this many working days (0: that day)
    categories: tuple[str, ...] = ()  # what a complaint was about, chosen on each stage reply (reports read it)
    time_limit_months: int = 0  # complain within this of knowing of the problem; later at discretion (0: none)
    posted_received_working_days: int = 0  # a posted letter counts as received this many working days after posting
    petition_to: tuple[Role, ...] = ()  # group = director_review: whose immediate attention a petition goes to
    petition_investigator: Role | None = None  # ...and who investigates it urgently (and replies at stage 1)

    def stage(self, number: int) -> Stage:
        return self.stage1 if number == 1 else self.stage2

    def exclusion(self, code: str) -> Exclusion | None:
        return next((e for e in self.exclusions if e.code == code), None)


@dataclass(frozen=True)
class ConductRules:
    warnings: tuple[str, ...]
    immediate_action: str
    assessor_role: Role
    assessment_agreed_by: Role | None
    authoriser_role: Role
    appeal_role: Role
    appeal_decision_working_days: int
    review_months: int
    review_basis: str
    closed_cases_ignored_after_months: int
    vexatious_decider: Role
    always_allowed: tuple[str, ...]
    no_personal_contact_list: bool
    restrictions: tuple[str, ...]
    records: str
    assessment_factors: tuple[str, ...] = (
        "instances", "contact_length_frequency", "language", "customer_needs",
    )
    police_report: str = "may"  # will | will_if_violence | may: reporting violence or threats to the police
    appeals_per_protocol: int = 0  # 0: no limit; 1: one further assessment (Housing Solutions 6.5.5)


@dataclass(frozen=True)
class ExGratia:
    approver_role: Role
    approver_limit_pence: int
    above_limit_role: Role
    deduct_debt: bool
    annual_report_to: str
    substantiated_loss_only: bool = False  # only a direct, substantiated loss is paid (Thenue 4.2)
    insured_up_to_excess: bool = False  # an insured item is paid only up to the policy excess (Thenue 4.3)
    rent_without_housing_benefit: bool = False  # a rent-equivalent payment leaves out Housing Benefit (Thenue 4.4)


@dataclass(frozen=True)
class Pack:
    """One governing-body pack: who it goes to and how often (month or quarter)."""

    to: str
    every: str


@dataclass(frozen=True)
class Reports:
    """Which returns the landlord makes, the code's extension limits, packs and stock by tenure."""

    code: str  # "hos": Housing Ombudsman Code; "spso": SPSO model procedure
    regulator: str  # "rsh": Tenant Satisfaction Measures; "shr": Annual Return on the Charter
    extension_limit_working_days: tuple[int, int]  # per stage; 0: no fixed limit
    packs: tuple[Pack, ...]
    stock: dict[str, int] = field(hash=False)  # homes by tenure

    def extension_limit(self, stage: int) -> int:
        """The most working days the code lets a reply date move at `stage` (0: no fixed limit)."""
        return self.extension_limit_working_days[stage - 1]


TENURES = ("low_cost_rental", "low_cost_home_ownership")
PACK_PERIODS = ("month", "quarter")


@dataclass(frozen=True)
class Profile:
    slug: str
    name: str
    legal_name: str
    nation: str
    customer_word: str
    policy_date: str
    contact: Contact
    ombudsman: Ombudsman
    role_titles: dict[Role, str] = field(hash=False)
    complaints: ComplaintRules = field(hash=False)
    conduct: ConductRules = field(hash=False)
    ex_gratia: ExGratia | None = None
    reports: Reports | None = None
    retention_years: int = 6  # personal data is anonymised this many years after a case closes
    source: str = ""
    policy_dates: dict[str, str] = field(default_factory=dict, hash=False)  # per policy page, where they differ
    own_choices: dict[str, Any] = field(default_factory=dict, hash=False)  # key -> value the source does not give

    def own_choice(self, key: str) -> bool:
        """True if the value at `key` ("conduct.review_months") is the landlord's own choice, not the source's;
        a page then leaves it out or says so plainly."""
        return key in self.own_choices

    def title(self, role: Role) -> str:
        """The landlord's own job title for a rank."""
        return self.role_titles[role]

    def dated(self, policy: str) -> str:
        """The date the source gives for a policy (its own, else the landlord's); "" when it gives none."""
        return self.policy_dates.get(policy, self.policy_date)


class _Reader:
    """Reads keys from one TOML table, naming the file and key in every error."""

    def __init__(self, path: Path, data: dict[str, Any], prefix: str = ""):
        self.path, self.data, self.prefix = path, data, prefix
        self.used: set[str] = set()

    def _fail(self, key: str, why: str) -> ProfileError:
        return ProfileError(f"{self.path.name}: key '{self.prefix}{key}' {why}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is ...:
                raise self._fail(key, "is missing")
            return default
        value = self.data[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            name = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise self._fail(key, f"must be {name}, not {type(value).__name__} {value!r}")
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            raise self._fail(key, f"must not be negative, not {value}")
        return value

    def choice(self, key: str, options: tuple[str, ...], default: Any = ...) -> str:
        value = self.get(key, str, default)
        if value not in options:
            raise self._fail(key, f"must be one of {', '.join(options)}, not {value!r}")
        return value

    def strings(self, key: str, options: tuple[str, ...] | None = None, default: Any = ...) -> tuple[str, ...]:
        values = self.get(key, list, default)
        for v in values:
            if not isinstance(v, str) or (options and v not in options):
                allowed = f"one of {', '.join(options)}" if options else "a string"
                raise self._fail(key, f"has {v!r}; each item must be {allowed}")
        return tuple(values)

    def role(self, key: str, default: Any = ..., optional: bool = False) -> Role | None:
        value = self.get(key, str, default)
        if optional and value in ("", None):
            return None
        try:
            return Role(value)
        except ValueError:
            raise self._fail(key, f"must be a role ({', '.join(r.value for r in Role)}), not {value!r}") from None

    def table(self, key: str) -> "_Reader":
        return _Reader(self.path, self.get(key, dict), f"{self.prefix}{key}.")

    def done(self) -> None:
        """Reject unknown keys, so a typo cannot silently fall back to a default."""
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise self._fail(unknown[0], "is not a known setting")


def _stage(r: _Reader, number: int) -> Stage:
    ack = r.get("acknowledge_working_days", int, None)
    stage = Stage(
        number=number,
        acknowledge_working_days=ack,
        acknowledge_states_understanding=r.get("acknowledge_states_understanding", bool, False),
        respond_working_days=r.get("respond_working_days", int),
        respond_from=r.choice("respond_from", RESPOND_FROM),
        extension=r.choice("extension", EXTENSION_MODES),
        extension_working_days=r.get("extension_working_days", int, 0),
        extension_needs_agreement=r.get("extension_needs_agreement", bool, False),
        extension_beyond_standard=r.get("extension_beyond_standard", bool, False),
        responder_role=r.role("responder_role"),
        escalation_window_calendar_days=r.get("escalation_window_calendar_days", int, 0),
        escalation_window_months_after_knowing=r.get("escalation_window_months_after_knowing", int, 0),
        escalation_window_months_after_reply=r.get("escalation_window_months_after_reply", int, 0),
        direct_to_stage2=r.get("direct_to_stage2", bool, False),
        escalation_reason_required=r.get("escalation_reason_required", bool, False),
        escalation_asks_unresolved=r.get("escalation_asks_unresolved", bool, False),
        responder_not_stage1=r.get("responder_not_stage1", bool, False),
        responder_not_junior=r.get("responder_not_junior", bool, False),
        final=r.get("final", bool, False),
    )
    if stage.respond_from == "acknowledgement" and not stage.acknowledges:
        raise r._fail("respond_from", "is 'acknowledgement' but the stage has no acknowledge_working_days")
    if stage.extension == "capped" and stage.extension_working_days <= 0:
        raise r._fail("extension_working_days", "must be above 0 when extension is 'capped'")
    if stage.extension_beyond_standard and stage.extension != "capped":
        raise r._fail("extension_beyond_standard", "needs extension = 'capped': it is about going past that cap")
    r.done()
    return stage


def _complaints(r: _Reader) -> ComplaintRules:
    exclusions = []
    for i, item in enumerate(r.get("exclusions", list, [])):
        er = _Reader(r.path, item, f"{r.prefix}exclusions[{i}].")
        exclusions.append(Exclusion(er.get("code", str), er.get("label", str), er.role("decider", "", optional=True),
                                    route=er.get("route", str, ""),
                                    needs_vexatious_decision=er.get("needs_vexatious_decision", bool, False)))
        er.done()
    rules = ComplaintRules(
        channels=r.strings("channels", CHANNELS),
        social_media=r.choice("social_media", ("redirect", "take_offline", "none")),
        anonymous=r.choice("anonymous", ("investigate", "not_handled")),
        group=r.choice("group", ("director_review", "reply_to_all_named")),
        imminent_risk_referral=r.get("imminent_risk_referral", bool),
        third_parties=r.strings("third_parties"),
        advocacy_signpost=r.get("advocacy_signpost", str, ""),
        new_points=r.choice("new_points", ("add_if_not_sent",)),
        service_request_hours=r.get("service_request_hours", int),
        service_request_decider=r.role("service_request_decider"),
        too_old_months=r.get("too_old_months", int),
        time_limit_months=r.get("time_limit_months", int, 0),
        posted_received_working_days=r.get("posted_received_working_days", int, 0),
        petition_to=tuple(Role(v) for v in r.strings("petition_to", tuple(x.value for x in Role), [])),
        petition_investigator=r.role("petition_investigator", "", optional=True),
        too_old_exceptions=r.strings("too_old_exceptions", ("safeguarding", "health_and_safety")),
        closure_monitoring=r.get("closure_monitoring", bool),
        reporting=r.strings("reporting"),
        exclusions=tuple(exclusions),
        risk_referral_working_days=r.get("risk_referral_working_days", int, 0),
        categories=r.strings("categories"),
        stage1=_stage(r.table("stage1"), 1),
        stage2=_stage(r.table("stage2"), 2),
    )
    if rules.group == "director_review" and not (rules.petition_to and rules.petition_investigator):
        raise r._fail("petition_to", "and petition_investigator are needed when group is 'director_review'")
    r.done()
    return rules


def _conduct(r: _Reader) -> ConductRules:
    kwargs = {}
    if "assessment_factors" in r.data:
        kwargs["assessment_factors"] = r.strings("assessment_factors")
    rules = ConductRules(
        warnings=r.strings("warnings", ("modify", "initial", "formal")),
        immediate_action=r.choice("immediate_action", ("staff", "director_signoff")),
        assessor_role=r.role("assessor_role"),
        assessment_agreed_by=r.role("assessment_agreed_by", "", optional=True),
        authoriser_role=r.role("authoriser_role"),
        appeal_role=r.role("appeal_role"),
        appeal_decision_working_days=r.get("appeal_decision_working_days", int),
        review_months=r.get("review_months", int),
        review_basis=r.get("review_basis", str),
        closed_cases_ignored_after_months=r.get("closed_cases_ignored_after_months", int),
        vexatious_decider=r.role("vexatious_decider"),
        always_allowed=r.strings("always_allowed", ALWAYS_ALLOWED),
        no_personal_contact_list=r.get("no_personal_contact_list", bool),
        restrictions=r.strings("restrictions", RESTRICTIONS),
        records=r.get("records", str),
        appeals_per_protocol=r.get("appeals_per_protocol", int, 0),
        police_report=r.choice("police_report", POLICE_REPORT, "may"),
        **kwargs,
    )
    if rules.appeal_decision_working_days <= 0:
        raise r._fail("appeal_decision_working_days", "must be above 0: every appeal needs a decision date")
    if rules.review_months <= 0:
        raise r._fail("review_months", "must be above 0: every restriction needs a review date")
    r.done()
    return rules


def load_profile(path: str | Path) -> Profile:
    """Load and check one landlord profile; errors name the file and the key."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path.name}: not valid TOML: {exc}") from None
    r = _Reader(path, data)
    contact = r.table("contact")
    omb = r.table("ombudsman")
    roles = r.table("roles")
    titles = {role: roles.get(role.value, str) for role in Role}
    roles.done()
    profile = Profile(
        slug=r.get("slug", str),
        name=r.get("name", str),
        legal_name=r.get("legal_name", str),
        nation=r.choice("nation", NATIONS),
        customer_word=r.get("customer_word", str),
        policy_date=r.get("policy_date", str),
        contact=Contact(**{k: contact.get(k, str, "") for k in Contact.__dataclass_fields__}),
        ombudsman=Ombudsman(
            name=omb.get("name", str), short_name=omb.get("short_name", str),
            phone=omb.get("phone", str), website=omb.get("website", str),
            address=omb.get("address", str), any_time=omb.get("any_time", bool),
            email=omb.get("email", str, ""), eligible=omb.get("eligible", str, ""),
            time_limit_months=omb.get("time_limit_months", int, 12),
            time_limit_from=omb.choice("time_limit_from", OMBUDSMAN_TIME_FROM, "final_reply"),
        ),
        role_titles=titles,
        complaints=_complaints(r.table("complaints")),
        conduct=_conduct(r.table("conduct")),
        ex_gratia=_ex_gratia(r.table("ex_gratia")) if "ex_gratia" in data else None,
        reports=_reports(r.table("reports")) if "reports" in data else None,
        retention_years=r.get("retention_years", int, 6),
        source=str(path),
        policy_dates=_policy_dates(r.table("policy_dates")) if "policy_dates" in data else {},
        own_choices=_own_choices(r, data),
    )
    contact.done()
    omb.done()
    r.used.update(("ex_gratia", "reports", "policy_dates"))
    r.done()
    if profile.retention_years < 1:
        raise ProfileError(f"{path.name}: key 'retention_years' must be 1 or more")
    if profile.slug != path.stem:
        raise ProfileError(f"{path.name}: key 'slug' must match the file name, not {profile.slug!r}")
    return profile


def _own_choices(r: _Reader, data: dict[str, Any]) -> dict[str, Any]:
    """The settings flagged `own_choices`: values the landlord chose where its source gives none."""
    found = {}
    for key in r.strings("own_choices", default=[]):
        value: Any = data
        for part in key.split("."):
            if not isinstance(value, dict) or part not in value:
                raise r._fail("own_choices", f"names {key!r}, which is not a setting in this profile")
            value = value[part]
        found[key] = value
    return found


def _policy_dates(r: _Reader) -> dict[str, str]:
    """Dates of single policy pages, as the sources print them (text such as "June 2023")."""
    dates = {name: r.get(name, str) for name in r.data}
    r.done()
    return dates


def _ex_gratia(r: _Reader) -> ExGratia:
    eg = ExGratia(
        approver_role=r.role("approver_role"),
        approver_limit_pence=r.get("approver_limit_pence", int),
        above_limit_role=r.role("above_limit_role"),
        deduct_debt=r.get("deduct_debt", bool),
        annual_report_to=r.get("annual_report_to", str),
        substantiated_loss_only=r.get("substantiated_loss_only", bool, False),
        insured_up_to_excess=r.get("insured_up_to_excess", bool, False),
        rent_without_housing_benefit=r.get("rent_without_housing_benefit", bool, False),
    )
    r.done()
    return eg


def _reports(r: _Reader) -> Reports:
    limits = r.get("extension_limit_working_days", list)
    if len(limits) != 2 or any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in limits):
        raise r._fail("extension_limit_working_days", "must be two whole numbers, for stage 1 and stage 2")
    packs = []
    for i, item in enumerate(r.get("packs", list)):
        pr = _Reader(r.path, item, f"{r.prefix}packs[{i}].")
        packs.append(Pack(pr.get("to", str), pr.choice("every", PACK_PERIODS)))
        pr.done()
    reports = Reports(
        code=r.choice("code", ("hos", "spso")), regulator=r.choice("regulator", ("rsh", "shr")),
        extension_limit_working_days=(limits[0], limits[1]), packs=tuple(packs),
        stock={tenure: r.get(f"stock_{tenure}", int) for tenure in TENURES},
    )
    r.done()
    return reports


def load_profiles(folder: str | Path) -> dict[str, Profile]:
    """Every profile in a folder, by slug."""
    return {p.slug: p for p in (load_profile(f) for f in sorted(Path(folder).glob("*.toml")))}
