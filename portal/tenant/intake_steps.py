"""The pages of the complaint form: which apply, in what order, and what the answers become.

A draft's answers are kept per page, exactly as the page's form validated them; the
complaint's fields are built from them only when it is sent, so every page stays a
plain form and the domain sees the whole complaint once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Mapping

from flask_wtf import FlaskForm

from portal.domain.profile import Profile
from portal.tenant import forms as f
from portal.tenant.wording import adjustment_text


@dataclass(frozen=True)
class Situation:
    """What decides which pages apply: who is asking, their answers, and any protocol in force."""

    advocate: bool
    answers: Mapping[str, dict[str, Any]]
    protocol: bool = False
    visitor: bool = False  # not signed in

    @property
    def anonymous(self) -> bool:
        """A signed-out visitor who chose not to give their name (where the profile allows it)."""
        return self.visitor and bool(self.answer("visitor", "anonymous"))

    def answer(self, step: str, name: str, default: Any = None) -> Any:
        """One answer given on one page (or `default`)."""
        return (self.answers.get(step) or {}).get(name, default)


@dataclass(frozen=True)
class Step:
    """One page of the form."""

    name: str
    title: str
    form: type[FlaskForm]
    applies: Callable[[Situation], bool] = lambda s: True
    hints: Mapping[str, str] = field(default_factory=dict)
    done: Callable[[Situation], bool] | None = None

    def answered(self, situation: Situation) -> bool:
        """True once the page has a usable answer."""
        if self.done is not None:
            return self.done(situation)
        return self.name in situation.answers


def _triage_done(s: Situation) -> bool:
    return s.answer("triage", "triage") == "complaint" or bool(s.answer("triage", "anyway"))


STEPS: tuple[Step, ...] = (
    Step("about", "About you", f.VisitorForm, lambda s: s.visitor and not s.anonymous,
         {"email": "We will send a link to confirm it. Give an email address or a phone number, or both.",
          "phone": "If you give only a phone number, we will call you to check your details.",
          "address": "Put each line of the address on a new line."}),
    Step("who", "Who is the complaint for?", f.WhoForm, lambda s: s.advocate),
    Step("person", "About the person you are complaining for", f.PersonForm,
         lambda s: s.advocate and s.answer("who", "person") == "new",
         {"address": "Put each line of the address on a new line."}),
    Step("triage", "What do you want to do?", f.TriageForm, done=_triage_done),
    Step("topic", "What is this about?", f.TopicForm, lambda s: s.protocol),
    Step("risk", "Is anyone at risk of harm right now?", f.RiskForm,
         hints={"risk": "For example a gas smell, no heating for someone vulnerable, a risk of a fall, "
                        "violence, or someone who is not safe at home."}),
    Step("what", "What is your complaint about?", f.WhatForm,
         hints={"summary": "For example: My kitchen tap has leaked for 6 weeks and no one has fixed it.",
                "what_went_wrong": "Tell us what happened, who you spoke to and what you have already tried. "
                                   "You do not need to repeat anything you have told us before."}),
    Step("when", "When did it happen?", f.WhenForm,
         hints={"issue_day": "The date the problem started. For example, 27 3 2025. "
                             "Leave it empty if you are not sure.",
                "when_it_happened": "For example: it started last spring and has happened most weeks since."}),
    Step("outcome", "What would put things right?", f.OutcomeForm,
         hints={"outcome_wanted": "For example: fix the leak, repair the ceiling and say sorry."}),
    Step("contact", "How should we contact you?", f.ContactForm, lambda s: not s.visitor,
         hints={"detail": "Leave it empty to use the details we already have."}),
    Step("adjustments", "Is there anything that would help you?", f.AdjustmentsForm, lambda s: not s.anonymous,
         hints={"adjustments": "Tell us about anything that would make it easier for you to deal with us.",
                "language": "For example: Polish, or British Sign Language.",
                "preferred_times": "For example: weekday mornings."}),
    Step("evidence", "Do you have photos or documents to send?", f.EvidenceStepForm,
         hints={"files": "For example a photo of the damage, or a copy of a letter. JPEG, PNG, HEIC (iPhone "
                         "photos) or PDF. We remove location and camera details from photos. You can also "
                         "send files later from the complaint's page."}),
)
BY_NAME = {step.name: step for step in STEPS}
# Pages with one main question: its label is the page's heading (GOV.UK), so it is read once.
LABEL_IS_HEADING = frozenset({"triage", "topic", "risk", "outcome", "contact", "adjustments", "evidence"})
# What an advocate is asked instead, naming the person they help.
FOR_SOMEONE = {
    ("contact", "contact"): "How should we contact {name}?",
    ("adjustments", "adjustments"): "What would help {name}? (optional)",
    ("outcome", "outcome_wanted"): "What would put things right for {name}?",
}


def name_the_person(step_name: str, form: Any, name: str) -> None:
    """Reword an advocate's questions so each names the person being helped."""
    for (page, field_name), words in FOR_SOMEONE.items():
        if page == step_name and name:
            form[field_name].label.text = words.format(name=name)


def question(step: Step, form: Any) -> str:
    """The page's heading: the main question's label where the label is the heading, else the title."""
    if step.name not in LABEL_IS_HEADING:
        return step.title
    first = next(f for f in form if f.name != "csrf_token")
    return first.label.text


def applicable(situation: Situation) -> list[Step]:
    """The pages this person sees, in order."""
    return [step for step in STEPS if step.applies(situation)]


def first_missing(situation: Situation) -> Step | None:
    """The first page still to answer, or None when the complaint is ready to check."""
    return next((step for step in applicable(situation) if not step.answered(situation)), None)


def after(step: Step, situation: Situation) -> Step | None:
    """The page after `step`, or None when it was the last."""
    pages = applicable(situation)
    names = [s.name for s in pages]
    index = names.index(step.name) if step.name in names else -1
    return pages[index + 1] if index + 1 < len(pages) else None


def before(step: Step, situation: Situation) -> Step | None:
    """The page before `step`, or None when it is the first."""
    pages = applicable(situation)
    names = [s.name for s in pages]
    index = names.index(step.name) if step.name in names else 0
    return pages[index - 1] if index > 0 else None


def issue_date(answers: Mapping[str, dict[str, Any]]) -> date | None:
    """The date the problem started, from the three boxes of the 'when' page."""
    when = answers.get("when") or {}
    parts = [when.get("issue_day"), when.get("issue_month"), when.get("issue_year")]
    if not all(parts):
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except (TypeError, ValueError):
        return None


def adjustments(answers: Mapping[str, dict[str, Any]]) -> list[str]:
    """The adjustment codes the tenant chose ('another_language:Polish', 'large_print', ...)."""
    page = answers.get("adjustments") or {}
    codes = []
    for code in page.get("adjustments") or ():
        if code == "another_language":
            codes.append(f"another_language:{page.get('language', '')}")
        elif code == "preferred_times":
            codes.append(f"preferred_times:{page.get('preferred_times', '')}")
        else:
            codes.append(code)
    return codes


def contact_preference(answers: Mapping[str, dict[str, Any]]) -> str:
    """How the tenant wants to hear from us, in words."""
    page = answers.get("contact") or {}
    label = dict(f.CONTACT_CHOICES).get(page.get("contact", ""), "")
    detail = page.get("detail") or ""
    return f"{label}: {detail}" if detail else label


def complaint_fields(answers: Mapping[str, dict[str, Any]], representative: dict[str, str] | None) -> dict[str, Any]:
    """The fields of `receive_complaint`, built from the pages' answers."""
    what = answers.get("what") or {}
    day = issue_date(answers)
    return {
        "channel": "online",
        "summary": what.get("summary", ""),
        "what_went_wrong": what.get("what_went_wrong", ""),
        "when_it_happened": (answers.get("when") or {}).get("when_it_happened", ""),
        "issue_date": day.isoformat() if day else None,
        "outcome_wanted": (answers.get("outcome") or {}).get("outcome_wanted", ""),
        "risk_of_harm": (answers.get("risk") or {}).get("risk") == "yes",
        "adjustments": adjustments(answers),
        "contact_preference": contact_preference(answers),
        "on_behalf_of": representative,
        "evidence": list((answers.get("evidence") or {}).get("files") or ()),
    }


def check_rows(situation: Situation, who_label: str, relationship_label: str) -> list[tuple[str, str, str]]:
    """(question, answer, page to change it) for the check-your-answers page; an advocate's name the person."""
    a = situation.answers
    rows: list[tuple[str, str, str]] = []
    whom = who_label if situation.advocate and who_label else "you"
    if situation.anonymous:
        rows.append(("Your name", "Not given: you are complaining without giving your name", ""))
    elif situation.visitor:
        about = a.get("about") or {}
        rows.append(("Your name", about.get("name", ""), "about"))
        rows.append(("How we can reach you", "\n".join(x for x in (about.get("email"), about.get("phone")) if x),
                     "about"))
        rows.append(("Your address, or the home it is about", about.get("address", ""), "about"))
    if situation.advocate:
        rows.append(("Who the complaint is for", who_label, "who"))
        rows.append(("How you know them", relationship_label, "who"))
    if situation.advocate and situation.answer("who", "person") == "new":
        person = a.get("person") or {}
        rows.append(("Their details", "\n".join(x for x in (person.get("name"), person.get("address"),
                                                          person.get("phone"), person.get("email")) if x), "person"))
    if situation.protocol:
        rows.append(("What this is about", dict(f.TOPIC_CHOICES).get(situation.answer("topic", "topic"), ""), "topic"))
    rows.append(("Anyone at risk of harm now", "Yes" if situation.answer("risk", "risk") == "yes" else "No", "risk"))
    rows.append(("What the complaint is about", situation.answer("what", "summary", ""), "what"))
    rows.append(("What went wrong", situation.answer("what", "what_went_wrong", ""), "what"))
    day = issue_date(a)
    started = f"Started on {day.day} {day:%B %Y}" if day else ""
    when = "\n".join(x for x in (started, situation.answer("when", "when_it_happened")) if x)
    rows.append(("When it happened", when or "Not given", "when"))
    rows.append(("What would put things right", situation.answer("outcome", "outcome_wanted", ""), "outcome"))
    if not situation.visitor:
        rows.append((f"How we should contact {whom}", contact_preference(a), "contact"))
    if not situation.anonymous:
        chosen = [adjustment_text(code) for code in adjustments(a)]
        rows.append((f"What would help {whom}", "\n".join(chosen) or "Nothing", "adjustments"))
    files = [f["name"] for f in (a.get("evidence") or {}).get("files") or ()]
    rows.append(("Photos and documents", "\n".join(files) or "None", "evidence"))
    return rows


def relationship_choices(profile: Profile) -> list[tuple[str, str]]:
    """The third parties the landlord accepts, in words."""
    words = {"advocate": "I am their adviser or advocate", "relative": "I am a relative, friend or carer",
             "mp": "I work in their MP's office", "councillor": "I am their local councillor",
             "solicitor": "I am their solicitor", "interpreter": "I am their interpreter"}
    return [(code, words.get(code, code.replace("_", " ").capitalize())) for code in profile.complaints.third_parties]
