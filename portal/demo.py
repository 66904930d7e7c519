"""Demo data: staff of every rank, tenants, an advocate, complaints at every stage, a protocol.

Everything goes through the real use cases, dated in the past in working days, so the
demo shows true due dates, letters and histories for whichever landlord is configured.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from portal.accounts import create_user
from portal.casework import act, open_complaint
from portal.conductwork import act_conduct
from portal.data import get_profile, get_store
from portal.demo_history import load_history
from portal.domain import complaints as c
from portal.domain.conduct import actions as k
from portal.domain.calendar import calendar_for
from portal.domain.events import Actor
from portal.domain.profile import Profile
from portal.domain.conduct.protocol import ProtocolTerms, SetTimes
from portal.domain.roles import Role
from portal.visitor_complaints import customer_for

DEMO_PASSWORD = "demo password 2025"

_STAFF = [
    (Role.OFFICER, "Priya Shah"), (Role.COMPLAINTS_OFFICER, "Sam Taylor"), (Role.MANAGER, "Morgan Lee"),
    (Role.HEAD_OF_SERVICE, "Hannah Price"), (Role.DIRECTOR, "Daniel Okafor"), (Role.EXECUTIVE, "Evelyn Hart"),
    (Role.BOARD, "Bernard Cole"),
]
_TENANTS = [  # the tenure of each is in _TENURE
    ("aisha", "Aisha Khan", ["Flat 3", "12 Mill Street", "Oldtown", "AB1 2CD"], ["large_print"]),
    ("ben", "Ben Walker", ["8 Canal Row", "Oldtown", "AB1 4EF"], ["easy_read"]),
    ("chloe", "Chloe Martin", ["21 Hope Street", "Newtown", "AB2 1GH"], ["preferred_times:mornings"]),
    ("dan", "Dan Evans", ["5 Orchard Close", "Newtown", "AB2 3JK"], []),
    ("eve", "Eve Robinson", ["44 Station Road", "Oldtown", "AB1 7LM"], []),
    ("frank", "Frank Hughes", ["2 Chapel Lane", "Newtown", "AB2 9NP"], []),
]


_TENURE = {"chloe": "shared_ownership"}  # everyone else rents (general needs)


class _Clock:
    """Working days counted back from today, for back-dated demo steps."""

    def __init__(self, profile: Profile, today: date):
        self.cal, self.today = calendar_for(profile.nation), today

    def back(self, working_days: int) -> date:
        day = self.today
        while working_days > 0:
            day -= timedelta(days=1)
            working_days -= self.cal.is_working_day(day)
        return day

    def now(self, day: date) -> datetime:
        return datetime.combine(day, time(10, 0), tzinfo=timezone.utc)


def _people(profile: Profile) -> tuple[dict[Role, Actor], dict[str, str], list[tuple[str, str]]]:
    domain = profile.slug.replace("-", "") + ".example"
    staff, tenants, listing = {}, {}, []
    for role, name in _STAFF:
        email = f"{role.value.replace('_', '.')}@{domain}"
        user_id = create_user(kind="staff", email=email, name=name, password=DEMO_PASSWORD,
                              landlord=profile.slug, role=role.value)
        staff[role] = Actor(user_id, name, role)
        listing.append((email, f"staff: {profile.title(role)}"))
    for key, name, address, adjustments in _TENANTS:
        email = f"{key}@{domain}"
        tenants[key] = create_user(kind="tenant", email=email, name=name, password=DEMO_PASSWORD,
                                   landlord=profile.slug, address=address, adjustments=adjustments,
                                   customer_ref=f"T{1000 + len(tenants)}", advocates=[],
                                   tenure=_TENURE.get(key, "general_needs"))
        listing.append((email, f"tenant: {name}"))
    advocate = create_user(kind="advocate", email=f"advocate@{domain}", name="Rita Adebayo (Citizens Advice)",
                           password=DEMO_PASSWORD, landlord=profile.slug, acting_for=[tenants["dan"]],
                           pending_for=[])
    get_store().users.update(tenants["dan"], advocates=[advocate])
    listing.append((f"advocate@{domain}", "advocate acting for Dan Evans"))
    return staff, tenants, listing


def _received(clock: _Clock, profile: Profile, actor: Actor, customer: str, day: date, summary: str, **extra):
    channels = profile.complaints.channels
    channel = extra.pop("channel", "online")
    return open_complaint(c.receive_complaint, actor, customer, today=day, now=clock.now(day), profile=profile,
                          channel=channel if channel in channels else channels[0], received_on=day,
                          summary=summary, **extra)


def _step(clock: _Clock, case, step, actor: Actor, day: date, **fields):
    return act(case.id, step, actor, today=day, now=clock.now(day), **fields)


def _acknowledge(clock, case, actor, day):
    if case.profile.complaints.stage(case.state.stage).acknowledges:
        return _step(clock, case, c.acknowledge_complaint, actor, day,
                     understanding=f"You told us about {case.state.summary}.",
                     outcome_sought="You would like it put right and to know it will not happen again.")
    return case


def _respond(clock, case, actor, day, *, actions=()):
    return _step(clock, case, c.respond_to_complaint, actor, day, outcome="upheld",
                 reasons="We checked our repair records and spoke to the contractor. The work was booked late "
                         "and the first visit was missed without telling you.",
                 remedy="We apologise. We have booked the repair and will pay for your time and trouble.",
                 compensation_pence=7500, actions=list(actions),
                 learning="Contractors must tell us the same day when a visit is missed.",
                 category="Repairs", root_cause="Missed visits were not reported back by the contractor.")


def load_demo(today: date) -> list[tuple[str, str]]:
    """Create the demo people, complaints and a protocol; return (email, description) pairs."""
    profile = get_profile()
    clock = _Clock(profile, today)
    staff, t, listing = _people(profile)
    officer, handler = staff[Role.OFFICER], staff[Role.COMPLAINTS_OFFICER]
    s1 = staff[profile.complaints.stage1.responder_role]
    s2 = staff[max(profile.complaints.stage2.responder_role, Role.DIRECTOR, key=lambda r: r.rank)]
    tenant = lambda key: Actor(t[key], get_store().users.get(t[key])["name"])  # noqa: E731

    # 1. New, awaiting acknowledgement.
    _received(clock, profile, tenant("aisha"), t["aisha"], clock.back(1),
              "a communal door that does not lock", what_went_wrong="The main door has not locked for a week.",
              outcome_wanted="Fix the lock.")
    # 2. Late: the reply is overdue.
    day = clock.back(30)
    late = _received(clock, profile, handler, t["ben"], day, "damp and mould in the back bedroom",
                     channel="phone", what_went_wrong="Mould keeps coming back after it is painted over.")
    _acknowledge(clock, late, handler, clock.back(28))
    # 3. Stage 1 reply sent, the window to ask for stage 2 open.
    day = clock.back(14)
    answered = _received(clock, profile, tenant("aisha"), t["aisha"], day, "a repair to the bathroom extractor fan")
    answered = _acknowledge(clock, answered, handler, clock.back(12))
    _respond(clock, answered, s1, clock.back(3),
             actions=[{"text": "Replace the extractor fan", "target": (today + timedelta(days=7)).isoformat()}])
    # 4. Extended at stage 1 (where the profile allows it).
    rules1 = profile.complaints.stage1
    extended = _received(clock, profile, handler, t["chloe"], clock.back(12), "the time taken to fit a stair rail",
                         channel="letter", adjustments=["preferred_times:mornings"])
    extended = _acknowledge(clock, extended, handler, clock.back(10))
    if rules1.extension != "none":
        due = extended.state.response_due
        _step(clock, extended, c.extend_complaint, handler, clock.back(2),
              reason="We are waiting for the occupational therapist's report.",
              new_due=clock.cal.add_working_days(due, min(5, rules1.extension_working_days or 5)),
              customer_agreed=True)
    # 5. Stage 2 answered (final), one action done and one outstanding: monitored 'with customer'.
    final = _received(clock, profile, Actor(t["dan"], "Rita Adebayo (Citizens Advice)"), t["dan"], clock.back(60),
                      "repeated heating failures last winter",
                      on_behalf_of={"name": "Rita Adebayo", "relationship": "advocate"})
    final = _acknowledge(clock, final, handler, clock.back(58))
    final = _respond(clock, final, s1, clock.back(50))
    final = _step(clock, final, c.request_escalation, tenant("dan"), clock.back(47),
                  reason="The boiler still fails and nobody has said when it will be replaced.")
    final = _step(clock, final, c.escalate_complaint, handler, clock.back(46))
    final = _acknowledge(clock, final, handler, clock.back(45))
    final = _respond(clock, final, s2, clock.back(30), actions=[
        {"text": "Replace the boiler", "target": clock.back(20).isoformat()},
        {"text": "Check the new boiler after one month", "target": (today + timedelta(days=10)).isoformat()},
    ])
    first = final.state.outstanding_actions[0]
    _step(clock, final, c.complete_action, officer, clock.back(21), action_id=first.id,
          note="New boiler fitted and tested.")
    # 6. Stage 2 under way.
    second = _received(clock, profile, tenant("chloe"), t["chloe"], clock.back(40), "how a noise report was handled")
    second = _acknowledge(clock, second, handler, clock.back(38))
    second = _respond(clock, second, s1, clock.back(30))
    second = _step(clock, second, c.request_escalation, tenant("chloe"), clock.back(28))
    second = _step(clock, second, c.escalate_complaint, handler, clock.back(27))
    _acknowledge(clock, second, handler, clock.back(25))
    # 7. Excluded: legal proceedings have started.
    excluded = _received(clock, profile, handler, t["eve"], clock.back(6), "the cost of storm damage to a fence",
                         channel="email")
    _step(clock, excluded, c.exclude_complaint, staff[Role.MANAGER], clock.back(4), reason="legal_proceedings",
          explanation="Your solicitor has sent us a letter of claim about this, so the court process will decide it.")
    # 8. A service request, not a complaint.
    open_complaint(c.log_service_request, officer, t["ben"], today=clock.back(1), now=clock.now(clock.back(1)),
                   profile=profile, summary="A dripping kitchen tap", channel="phone")
    # 9. Sent online today without an account, with only a phone number: staff are to call to confirm it.
    visitor = customer_for({"name": "Grace Obi", "phone": "07700 900456", "address": "17 Brook Street\nOldtown"},
                           profile, anonymous=False)
    _received(clock, profile, Actor(visitor, "Grace Obi"), visitor, today, "a fence panel blown down in the storm",
              what_went_wrong="I reported it two weeks ago and nobody has come.", confirm_by="phone",
              contact_preference="By phone: 07700 900456")
    _conduct_demo(clock, profile, staff, t["frank"])
    load_history(clock, profile, staff, [t[key] for key in ("ben", "chloe", "dan", "eve")])
    return listing


def _conduct_demo(clock: _Clock, profile: Profile, staff: dict[Role, Actor], customer: str) -> None:
    """Frank's file: an incident, the profile's warnings, an assessment and a protocol in force."""
    rules = profile.conduct
    officer, assessor = staff[Role.OFFICER], staff[rules.assessor_role]
    authoriser = staff[rules.authoriser_role]

    def step(fn, actor, day, **fields):
        act_conduct(customer, fn, actor, today=day, now=clock.now(day), **fields)

    day = clock.back(40)
    step(k.record_incident, officer, day, kind="unreasonable_contact_levels", occurred_on=day, channel="phone",
         description="Phoned 14 times in one day about the same repair, and each call repeated the last.")
    for n, level in enumerate(rules.warnings):
        step(k.issue_warning, officer, clock.back(35 - 5 * n), level=level,
             reasons="Please keep to one call a day about the repair; we will update you every Friday.")
    day = clock.back(20)
    step(k.record_incident, officer, day, kind="unreasonable_contact_levels", occurred_on=day, channel="phone",
         description="Called 9 times in a morning and sent 6 emails repeating the same points.")
    step(k.complete_assessment, assessor, clock.back(15), outcome="protocol_recommended",
         factors={f: "Recorded on the contact log; see the incidents." for f in rules.assessment_factors})
    if rules.assessment_agreed_by:
        step(k.agree_assessment, staff[rules.assessment_agreed_by], clock.back(15))
    terms = {"named_contact": "Jordan Lee, Housing Officer"} if "named_contact" in rules.restrictions else {}
    if "set_times" in rules.restrictions:
        terms["set_times"] = SetTimes((1, 3), time(10, 0), time(12, 0))
    if "written_only" in rules.restrictions and "set_times" not in terms:
        terms["channels_allowed"] = ("letter", "email", "online")
    why = {"named_contact": "One person who knows the case can answer every question.",
           "set_times": "Calls at set times mean someone is free to help you properly.",
           "written_only": "Writing gives a clear record and stops repeated calls."}
    terms["reasons"] = {code: why[code] for code in ("named_contact", "set_times", "written_only")
                        if (code == "written_only" and "channels_allowed" in terms) or code in terms}
    step(k.impose_protocol, authoriser, clock.back(10), terms=ProtocolTerms(**terms),
         reasons="The volume of calls about one repair stopped the team from helping other residents.",
         adjustments_considered="Frank has no support needs recorded; calls at set times suit his working hours.")
