"""The daily run (`flask --app portal digest`, from cron): staff hear what falls due, tenants hear of late replies.

A case's owner gets its line; cases nobody owns go to the complaints officers and managers.

Each email's key holds the day (digest) or the missed date (late reply), so running it twice
in a day, or every day while a reply stays late, sends each message once.
"""

from __future__ import annotations

from datetime import date

from portal import mail, notices
from portal.data import fresh_store, get_store
from portal.domain.calendar import calendar_for
from portal.domain.complaints.kinds import OWED_ACKNOWLEDGEMENT, OWED_ACTION, OWED_REPLY
from portal.domain.profile import Profile
from portal.domain.roles import Role
from portal.effects import why_not_emailed
from portal.store import QUEUES

#: The staff who run the queues, and so get the digest of cases nobody owns.
DIGEST_ROLES = (Role.COMPLAINTS_OFFICER, Role.MANAGER)


def run(profile: Profile, today: date) -> dict[str, int]:
    """Queue the day's digests and late-reply notices for one landlord; returns how many of each were new."""
    tomorrow = calendar_for(profile.nation).add_working_days(today, 1)
    calendar = calendar_for(profile.nation)
    store = fresh_store(profile.slug)
    lines: dict[str, list[str]] = {}  # by owner ("" for cases nobody owns yet)
    late = 0
    for row in store.summaries.open(profile.slug):  # summary rows: nothing is folded
        owed = sorted((row.due(queue), queue) for queue in QUEUES if row.due(queue))
        if not owed or owed[0][0] > tomorrow:
            continue
        on, queue = owed[0]
        when = f"{calendar.working_days_between(on, today)} working day(s) late" if on < today else f"due {on:%d %B}"
        lines.setdefault(row.owner, []).append(f"{row.id}: {_OWED[queue]}, {when}")
        missed = [d for d, q in owed if q in ("reply1", "reply2") and d < today]
        if missed:
            late += _tell_late(row.id, row.customer_id, missed[0], profile)
    digests = 0
    for owner, found in lines.items():
        for who in [owner] if owner else notices.staff_with(profile.slug, *DIGEST_ROLES):
            user = store.users.get(who) or {}
            if user.get("email") and not user.get("disabled"):
                digests += mail.queue("staff_digest", to=user["email"], key=f"digest/{today}/{who}/{owner}",
                                      name=user.get("name", ""), profile=profile, lines=sorted(found),
                                      day=f"{tomorrow:%A %d %B}", count=len(found),
                                      link=mail.external_url("staff.queues"))
    return {"digests": digests, "late replies": late, "items": sum(map(len, lines.values()))}


def _tell_late(case_id: str, customer_id: str, missed: date, profile: Profile) -> int:
    """Tell the customer's side, once per missed date, that our reply is late."""
    store = get_store()
    sent = 0
    for who in notices.customer_side(store.users.get(customer_id)):
        user = store.users.get(who) or {}
        if not why_not_emailed(user, "reply_late"):
            sent += mail.queue("reply_late", to=user["email"], key=f"{case_id}/late/{missed}/{who}",
                               case_id=case_id, name=user.get("name", ""), profile=profile,
                               link=mail.external_url("tenant.complaint", case_id=case_id))
    return sent


_OWED = {"ack1": OWED_ACKNOWLEDGEMENT[1], "reply1": OWED_REPLY[1], "ack2": OWED_ACKNOWLEDGEMENT[2],
         "reply2": OWED_REPLY[2], "actions": OWED_ACTION}
