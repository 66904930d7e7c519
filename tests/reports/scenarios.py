"""A year of complaints with known figures, built through the real use cases (casework.act).

Dates are counted in working days from each receipt with the landlord's own calendar,
so every on-time and late step is late or on time by construction; the tests then
assert every figure the reports print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

from portal import learning
from portal.accounts import create_user
from portal.casework import act, open_complaint
from portal.data import get_profile
from portal.domain import complaints as c
from portal.domain.calendar import calendar_for
from portal.domain.events import Actor
from portal.domain.roles import Role


PASSWORD = "correct horse battery"  # every scenario account's


def at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=timezone.utc)


@dataclass
class World:
    """The people and a few helpers for dating steps."""

    profile: object
    staff: dict
    tenants: dict
    ids: dict = field(default_factory=dict)

    @property
    def cal(self):
        return calendar_for(self.profile.nation)

    def wd(self, day: date, n: int) -> date:
        return self.cal.add_working_days(day, n)

    def open(self, name: str, tenant: str, day: date, channel: str):
        case = open_complaint(c.receive_complaint, self.staff[Role.COMPLAINTS_OFFICER], self.tenants[tenant],
                              today=day, now=at(day), profile=self.profile, channel=channel, received_on=day,
                              summary=f"complaint {name}")
        self.ids[name] = case.id
        return case

    def step(self, name: str, fn, role: Role, day: date, **fields):
        return act(self.ids[name], fn, self.staff[role], today=day, now=at(day), **fields)

    def ack(self, name: str, day: date):
        return self.step(name, c.acknowledge_complaint, Role.COMPLAINTS_OFFICER, day,
                         understanding="The repair was late.", outcome_sought="Fix it.")

    def reply(self, name: str, role: Role, day: date, outcome: str, compensation: int = 0, remedy: str = "", **extra):
        extra = {"category": "Repairs", "root_cause": "The repair was not booked in time.", **extra}
        return self.step(name, c.respond_to_complaint, role, day, outcome=outcome, reasons="We looked into it.",
                         remedy=remedy, compensation_pence=compensation, **extra)


def people(tenures: dict[str, str]) -> World:
    """One member of staff at each rank and a tenant per tenure given."""
    profile = get_profile()
    staff = {}
    for role in Role:
        uid = create_user(kind="staff", email=f"{role.value}@reports.example", name=f"{role.value} person",
                          password=PASSWORD, landlord=profile.slug, role=role.value)
        staff[role] = Actor(uid, f"{role.value} person", role)
    tenants = {name: create_user(kind="tenant", email=f"{name}@reports.example", name=name.title(),
                                 password=PASSWORD, landlord=profile.slug,
                                 address=["1 High Street"], tenure=tenure)
               for name, tenure in tenures.items()}
    return World(profile, staff, tenants)


def sign_in(app, role: str):
    """A test client signed in, through the sign-in form, as the member of staff of `people` with that role."""
    from tests.conftest import Auth

    client = app.test_client()
    Auth(app, client).sign_in(f"{role}@reports.example", PASSWORD)
    return client


def english_year() -> World:
    """Torus, financial year 2025 (1 April 2025 to 31 March 2026): eight complaints, one action."""
    w = people({"rita": "general_needs", "owen": "shared_ownership"})
    R = Role
    # A: phone, everything on time, upheld with £50 and a remedy.
    a = date(2025, 6, 3)
    w.open("A", "rita", a, "phone")
    w.ack("A", w.wd(a, 2))
    w.reply("A", R.OFFICER, w.wd(a, 10), "upheld", 5000, "We fixed the repair.")
    # B: online, acknowledged late (7 > 5), replied late; not upheld.
    b = date(2025, 6, 10)
    w.open("B", "rita", b, "online")
    w.ack("B", w.wd(b, 7))
    w.reply("B", R.OFFICER, w.wd(b, 19), "not_upheld")
    # C: email, low-cost home ownership: extended within the Code before the date, replied inside it.
    cc = date(2025, 7, 1)
    w.open("C", "owen", cc, "email")
    w.ack("C", w.wd(cc, 1))
    target = w.wd(cc, 11)
    w.step("C", c.extend_complaint, R.COMPLAINTS_OFFICER, w.wd(cc, 6), reason="Waiting for a surveyor.",
           new_due=w.wd(target, 5))
    w.reply("C", R.OFFICER, w.wd(target, 3), "partly_upheld", 2500, category="Damp and mould",
            root_cause="Ventilation was not checked.")
    # D: letter, extended after the reply was already late (outside the Code), then stage 2 and the ombudsman.
    d = date(2025, 7, 7)
    w.open("D", "rita", d, "letter")
    w.ack("D", w.wd(d, 1))
    target = w.wd(d, 11)
    w.step("D", c.extend_complaint, R.COMPLAINTS_OFFICER, w.wd(target, 2), reason="The contractor went quiet.",
           new_due=w.wd(target, 8))
    replied = w.wd(target, 6)
    w.reply("D", R.OFFICER, replied, "upheld", 0, "We apologise.")
    asked = w.wd(replied, 3)
    w.step("D", c.request_escalation, R.COMPLAINTS_OFFICER, asked, requested_on=asked, reason="Still broken.")
    w.step("D", c.escalate_complaint, R.COMPLAINTS_OFFICER, asked)
    w.ack("D", w.wd(asked, 3))
    w.reply("D", R.MANAGER, w.wd(asked, 18), "resolved", 10000, "A new boiler.", category="Communication",
            root_cause="We did not call back.")
    w.step("D", c.refer_to_ombudsman, R.MANAGER, date(2025, 11, 3), referred_on=date(2025, 11, 3))
    w.step("D", c.record_ombudsman_decision, R.MANAGER, date(2025, 11, 20), decision="determination",
           finding="maladministration", decided_on=date(2025, 11, 20), details="Pay £150 and review repairs.",
           compensation_ordered_pence=15000)
    # E: not taken on (legal proceedings).
    e = date(2025, 8, 4)
    w.open("E", "rita", e, "phone")
    w.step("E", c.exclude_complaint, R.MANAGER, w.wd(e, 2), reason="legal_proceedings",
           explanation="A letter of claim has been sent.")
    # F: online, on time exactly; stage 2 asked for and refused.
    f = date(2025, 9, 1)
    w.open("F", "rita", f, "online")
    w.ack("F", w.wd(f, 3))
    replied = w.wd(f, 13)
    w.reply("F", R.OFFICER, replied, "not_upheld")
    w.step("F", c.request_escalation, R.COMPLAINTS_OFFICER, w.wd(replied, 2), requested_on=w.wd(replied, 2))
    w.step("F", c.refuse_escalation, R.MANAGER, w.wd(replied, 3), reason="No new information was given.")
    # G: received in the year before, replied in this one.
    g = date(2025, 3, 20)
    w.open("G", "rita", g, "online")
    w.ack("G", w.wd(g, 2))
    w.reply("G", R.OFFICER, w.wd(g, 10), "resolved")
    # H: received late in the year, reply overdue at its end.
    h = date(2026, 3, 10)
    w.open("H", "rita", h, "online")
    w.ack("H", w.wd(h, 2))
    learning.add_improvement(w.staff[R.MANAGER], w.profile.slug, what="Repairs diary checks every Friday",
                             owner="Head of Repairs", due="2025-10-31", complaints=[w.ids["B"], w.ids["D"]],
                             categories=["repairs"], today=date(2025, 9, 1), now=at(date(2025, 9, 1)))
    return w


def scottish_year() -> World:
    """Thenue, financial year 2025: frontline and investigation stages, ex-gratia at both levels."""
    w = people({"isla": "general_needs"})
    R = Role
    s1 = date(2025, 6, 2)
    w.open("S1", "isla", s1, "online")
    w.reply("S1", R.OFFICER, w.wd(s1, 3), "upheld")
    s2 = date(2025, 6, 9)
    w.open("S2", "isla", s2, "phone")
    replied = w.wd(s2, 7)
    w.reply("S2", R.OFFICER, replied, "not_upheld")
    asked = w.wd(replied, 2)
    w.step("S2", c.request_escalation, R.COMPLAINTS_OFFICER, asked, requested_on=asked)
    w.step("S2", c.escalate_complaint, R.COMPLAINTS_OFFICER, asked)
    w.ack("S2", w.wd(asked, 2))
    w.step("S2", c.extend_complaint, R.MANAGER, w.wd(asked, 15), reason="Complex case: waiting for the surveyor.",
           new_due=w.wd(asked, 30))
    w.reply("S2", R.MANAGER, w.wd(asked, 25), "partly_upheld")
    s3 = date(2025, 9, 1)
    w.open("S3", "isla", s3, "letter")
    w.reply("S3", R.OFFICER, w.wd(s3, 5), "resolved")
    w.step("S3", c.propose_ex_gratia, R.OFFICER, w.wd(s3, 6), amount_pence=30000, basis="Ruined carpet",
           debt_pence=5000, substantiated=True)
    w.step("S3", c.decide_ex_gratia, R.EXECUTIVE, w.wd(s3, 8), approved=True)
    s4 = date(2025, 10, 6)
    w.open("S4", "isla", s4, "in_person")
    w.reply("S4", R.OFFICER, w.wd(s4, 4), "not_upheld")
    w.step("S4", c.propose_ex_gratia, R.OFFICER, w.wd(s4, 5), amount_pence=80000, basis="Rent while the home "
           "could not be used", debt_pence=10000, hardship=True, substantiated=True,
           rent_pence=95000, housing_benefit_pence=15000)  # Thenue 4.4: the tenant's own part of the rent
    w.step("S4", c.decide_ex_gratia, R.BOARD, w.wd(s4, 9), approved=True)
    w.open("S5", "isla", date(2026, 3, 25), "online")
    s6 = date(2025, 3, 24)
    w.open("S6", "isla", s6, "online")
    w.reply("S6", R.OFFICER, w.wd(s6, 4), "not_upheld")
    asked = date(2025, 3, 31)
    w.step("S6", c.request_escalation, R.COMPLAINTS_OFFICER, asked, requested_on=asked)
    w.step("S6", c.escalate_complaint, R.COMPLAINTS_OFFICER, asked)
    w.ack("S6", w.wd(asked, 2))
    w.reply("S6", R.MANAGER, w.wd(asked, 15), "upheld")
    e = date(2025, 8, 4)
    w.open("E", "isla", e, "phone")
    w.step("E", c.exclude_complaint, R.MANAGER, w.wd(e, 1), reason="already_decided",
           explanation="We decided this complaint in May.")
    return w
