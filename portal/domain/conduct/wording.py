"""How conduct facts read in plain English: dates, times, channels, lists, job titles."""

from __future__ import annotations

from datetime import date, time

from portal.domain.conduct.kinds import AppealOutcome, AssessmentOutcome, ReviewOutcome
from portal.domain.conduct.protocol import SetTimes

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Each decision's name as the staff forms show it (their labels start with these words).
APPEAL_WORDS = {AppealOutcome.UPHELD: "Upheld", AppealOutcome.DISMISSED: "Not upheld",
                AppealOutcome.VARIED: "Partly upheld"}
ASSESSMENT_WORDS = {AssessmentOutcome.NO_ACTION: "No further action", AssessmentOutcome.WARNING: "A warning",
                    AssessmentOutcome.PROTOCOL_RECOMMENDED: "Recommend a communication protocol"}
REVIEW_WORDS = {ReviewOutcome.CONTINUE: "Continue as it is", ReviewOutcome.VARY: "Continue with new terms",
                ReviewOutcome.END: "End the protocol"}

CHANNEL_WORDS = {
    "phone": "by phone", "letter": "by letter", "email": "by email",
    "online": "online, through this portal", "in_person": "in person",
    "social_media": "through social media",
}


def spoken_time(moment: time) -> str:
    """A time as people say it: 10am, 12 noon, 2:30pm."""
    if moment == time(12, 0):
        return "12 noon"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}:{moment.minute:02d}{suffix}" if moment.minute else f"{hour}{suffix}"


def spoken_date(day: date) -> str:
    """A date as written in a letter: Tuesday 30 June 2026."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {day:%B %Y}"


def word_list(items: list[str] | tuple[str, ...], joiner: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {joiner} {items[-1]}"


def describe_set_times(st: SetTimes) -> str:
    """'on Tuesday and Thursday, 10am to 12 noon'."""
    days = word_list([WEEKDAYS[d] for d in sorted(st.weekdays)])
    return f"on {days}, {spoken_time(st.start)} to {spoken_time(st.end)}"


def a_title(title: str) -> str:
    """A job title with its article: 'a Director', 'an Operational Manager'."""
    return f"{'an' if title[:1].lower() in 'aeiou' else 'a'} {title}"
