"""What every staff view needs: the signed-in actor, their landlord's profile, the clock, a page."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import render_template
from flask_login import current_user

from portal import clock
from portal.data import get_profile
from portal.domain.complaints.answers import intake_answers
from portal.domain.complaints.referral import is_flagged
from portal.domain.complaints import evidence_on
from portal.domain.complaints.wording import long_date, money
from portal.domain.events import Actor
from portal.domain.profile import Profile
from portal.staff.customers import adjustment_words
from portal.domain.roles import Role


def actor() -> Actor:
    """The signed-in member of staff as the domain's Actor."""
    return current_user.actor


def profile() -> Profile:
    """The profile of the landlord the signed-in member of staff works for."""
    return get_profile(current_user.landlord or None)


def today() -> date:
    """The business date (frozen in tests and demos)."""
    return clock.today()


def now() -> datetime:
    """When a step is recorded (UTC)."""
    return clock.now_utc()


def short_date(day: date | str | None) -> str:
    """A date (or ISO date string) for a table cell: 'Fri 5 Dec 2025' (blank for none)."""
    if isinstance(day, str):
        day = date.fromisoformat(day) if day else None
    return f"{day:%a} {day.day} {day:%b %Y}" if day else ""


def page(template: str, status: int = 200, **context: Any):
    """Render a staff page with the staff member's own landlord in the header and today's date."""
    context.setdefault("landlord", profile())
    context.setdefault("today", today())
    context.setdefault("sees_reports", bool(current_user.role and current_user.role.at_least(Role.MANAGER)))
    context.update(long_date=lambda d: long_date(d) if d else "", short_date=short_date, money=money,
                   adjustment_words=adjustment_words, intake_answers=intake_answers, risk=is_flagged,
                   evidence_on=evidence_on)
    return render_template(template, **context), status
