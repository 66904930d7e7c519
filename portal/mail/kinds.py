"""What each kind of email says: a subject, a few short paragraphs and, where needed, a link.

Plain English, no personal details beyond a first greeting: an email can be read over a
shoulder or forwarded, so it points to the account, where the details are kept safe.
Placeholders are filled from the message's parameters with `str.format`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of email: its subject, its paragraphs, the link's words, and who may opt out."""

    subject: str
    paragraphs: tuple[str, ...]
    link_text: str = ""
    required: bool = False  # account and policy mail: sent even to someone who opted out


KINDS: dict[str, Kind] = {
    "reset": Kind(
        "Reset your password",
        ("Someone asked to reset the password of your account with {landlord}.",
         "If it was you, use the link below within {minutes} minutes. It works once.",
         "If it was not you, you do not need to do anything: your password has not changed."),
        "Choose a new password", required=True),
    "register_confirm": Kind(
        "Confirm your email address",
        ("Thank you for creating an account with {landlord}.",
         "Use the link below to confirm this is your email address and finish setting up your account. "
         "The link works once, for {hours} hours."),
        "Confirm my email address", required=True),
    "register_exists": Kind(
        "Someone tried to create an account with your email address",
        ("Someone tried to create a new account with {landlord} using this email address. "
         "You already have an account, so we did not create another.",
         "If it was you, sign in with your password, or reset it if you have forgotten it.",
         "If it was not you, you do not need to do anything."),
        "Sign in", required=True),
    "email_confirm": Kind(
        "Confirm your email address",
        ("Please confirm that this is the email address {landlord} should use to tell you about your complaints.",
         "Until you do, we will not send any news to this address."),
        "Confirm my email address", required=True),
    "visitor_confirm": Kind(
        "Confirm your email address for your complaint",
        ("You gave this email address to {landlord} with a complaint, without an account.",
         "Use the link below to confirm the address is yours. If you have not sent the complaint yet, "
         "the link takes you back to it, on any device, for {hours} hours. Once it is sent, the link shows "
         "where your complaint has got to.",
         "Keep this email to yourself: anyone with the link can see your complaint. "
         "If you did not contact us, you do not need to do anything."),
        "Confirm my email address", required=True),
    "account_locked": Kind(
        "Your account is locked for a while",
        ("There have been {failures} attempts to sign in to your account with {landlord} with the wrong password.",
         "To keep your account safe, nobody can sign in to it until {until}.",
         "If this was not you, reset your password once the wait is over."),
        "Reset my password", required=True),
    "complaint_received": Kind(
        "We have received your complaint {case_id}",
        ("We have received your complaint. Its reference is {case_id}.",
         "We will write to you about what happens next. You can follow it in your account at any time."),
        "See your complaint", required=True),
    "letter_issued": Kind(
        "A new letter about complaint {case_id} is in your account",
        ("There is a new letter about complaint {case_id} in your account.",
         "Sign in to read it."),
        "Read the letter", required=True),
    "reply_date_changed": Kind(
        "The reply date for complaint {case_id} has changed",
        ("The date by which we will reply to complaint {case_id} has changed.",
         "Sign in to see the new date and the reason."),
        "See your complaint"),
    "reply_late": Kind(
        "Our reply about complaint {case_id} is late",
        ("We have not replied to complaint {case_id} by the date we gave. We are sorry.",
         "Sign in to see where it has got to. You can also contact us, or the ombudsman."),
        "See your complaint"),
    "protocol_changed": Kind(
        "News about how you can contact us",
        ("We have made a decision about how you can contact {landlord}: the arrangement has been {change}.",
         "Sign in to read the letter, what it means for you, and how to appeal."),
        "Read the letter", required=True),
    "staff_new_complaint": Kind(
        "New complaint {case_id} in the intake list",
        ("Complaint {case_id} has arrived and is waiting in the intake list.",),
        "Open the case"),
    "staff_assigned": Kind(
        "Complaint {case_id} is yours",
        ("Complaint {case_id} has been given to you to deal with.",),
        "Open the case"),
    "staff_waiting": Kind(
        "Waiting for you: {what}",
        ("{what} is waiting for your decision.",),
        "Open it"),
    "staff_digest": Kind(
        "Your work for {day}: {count} item(s) due or overdue",
        ("These need attention: they fall due by {day}, or are already overdue.",),
        "Open your queues"),
}
