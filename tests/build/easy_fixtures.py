"""A small Easy Read page that passes every rule, and helpers to lint a changed copy of it."""

from __future__ import annotations

from pathlib import Path

from portal.documents import easyread
from portal.documents.hardwords import load_words
from portal.documents.markdown import expand
from portal.documents.pictures import load_table
from portal.domain.profile import load_profile

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
PROFILE = load_profile(CONTENT / "landlords" / "torus.toml")
TABLE = load_table(CONTENT)
WORDS = load_words(CONTENT).for_landlord("torus")

# Line 1 of this text is line 1 of the page, so a test can name the line a rule points at.
VALID = """\
## The most important things

![](picture:unhappy)
You can tell us when you are unhappy.

![](picture:phone)
You can phone us.

![](picture:ombudsman)
The **{{ omb.short_name }}** can look at your complaint.

## Your home

![](picture:your-home)
We look after your **tenancy**.

## Words to know

![](picture:your-home)
**Tenancy** means the agreement that lets you live in your home.

![](picture:ombudsman)
**{{ omb.short_name }}** means a free service that checks complaints about landlords.

## How to get help and complain

![](picture:phone)
Phone us on [{{ contact.phone }}]({{ contact.phone|tel }}).

![](picture:email)
Email us at [{{ contact.email }}](mailto:{{ contact.email }}).

![](picture:website)
Find out more on [our website]({{ contact.website }}).

![](picture:online-form)
Read [how to complain](#the-most-important-things).

![](picture:ombudsman)
Go to [the {{ omb.short_name }} website]({{ omb.website }}).
"""


def lint(text: str, *, table=TABLE, words=WORDS):
    """The issues the linter finds in a page body (its first line is line 1)."""
    expanded = expand(text, PROFILE, path="page.easy.md")
    issues, _ = easyread.lint(expanded, PROFILE, path="page.easy.md", rulebook=easyread.Rulebook(table, words))
    return issues


def figures(text: str):
    """The build-report figures of a page body."""
    expanded = expand(text, PROFILE, path="page.easy.md")
    return easyread.lint(expanded, PROFILE, path="page.easy.md", rulebook=easyread.Rulebook(TABLE, WORDS))[1]


def rules_at(issues) -> set[tuple[str, int]]:
    """Each issue as (rule, line)."""
    return {(i.rule, i.line) for i in issues}


def swap(old: str, new: str, text: str = VALID) -> str:
    """The valid page with one piece of text changed (which must be there)."""
    assert old in text, old
    return text.replace(old, new, 1)
