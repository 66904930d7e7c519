"""The daily run (`flask --app portal digest`, from cron): staff hear what falls due, tenants hear of late replies.

Each email's key holds the day (digest) or the missed date (late reply), so running it twice
in a day, or every day while a reply stays late, sends each message once.
"""

from __future__ import annotations

from datetime import date

from portal import mail, notices
from portal.casework import Case, all_cases
from portal.data import get_store
from portal.domain.calendar import calendar_for
from portal.domain.complaints.kinds import OWED_REPLY, Status
from portal.domain.profile import Profile
from portal.domain.roles import Role
from portal.effects import why_not_emailed

#: The staff who run the queues and so get the digest.
DIGEST_ROLES = (Role.COMPLAINTS_OFFICER, Role.MANAGER)


def late_reply(case: Case, today: date) -> date | None:
    """The reply date this case has missed, or None if its reply is not late."""
    state = case.state
    view = state.current
    if state.status not in (Status.AWAITING_ACKNOWLEDGEMENT, Status.INVESTIGATING) or not view:
        return None
    return view.response_due if view.response_due and today > view.response_due else None


def run(profile: Profile, today: date) -> dict[str, int]:
    """Queue the day's digests and late-reply notices for one landlord; returns how many of each were new."""
    tomorrow = calendar_for(profile.nation).add_working_days(today, 1)
    lines, late = [], 0
    store = get_store()
    for case in all_cases(profile.slug, open_only=True):
        due = case.state.next_due(today)
        if due and (due.overdue or due.on <= tomorrow):
            when = f"{due.working_days_late} working day(s) late" if due.overdue else f"due {due.on:%d %B}"
            lines.append(f"{case.id}: {due.what}, {when}")
        missed = late_reply(case, today)
        if missed and not case.state.anonymous:
            for who in notices.customer_side(store.users.get(case.customer_id)):
                user = store.users.get(who) or {}
                if not why_not_emailed(user, "reply_late"):
                    late += mail.queue("reply_late", to=user["email"], key=f"{case.id}/late/{missed}/{who}",
                                       case_id=case.id, name=user.get("name", ""), profile=profile,
                                       link=mail.external_url("tenant.complaint", case_id=case.id))
    digests = 0
    if lines:
        for who in notices.staff_with(profile.slug, *DIGEST_ROLES):
            user = store.users.get(who) or {}
            digests += mail.queue("staff_digest", to=user["email"], key=f"digest/{today}/{who}",
                                  name=user.get("name", ""), profile=profile, lines=sorted(lines),
                                  day=f"{tomorrow:%A %d %B}", count=len(lines),
                                  link=mail.external_url("staff.queues"))
    return {"digests": digests, "late replies": late, "items": len(lines)}
