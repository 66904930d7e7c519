"""Easy Read letters: the kinds that have one, rendering, and the Easy Read linter over them.

An Easy Read letter lives in `letters/easy/<kind>.md` with the same front matter rules and
elements as the standard letter of that kind; it is sent beside the standard letter to a
customer whose adjustments include `easy_read`. Each template is linted, for every
landlord and sample, by the same rulebook as the Easy Read pages (a letter has no contents
list or "most important things" box: it is short and says its news first).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from portal.documents import easyread
from portal.documents.hardwords import load_words
from portal.documents.markdown import DATA_END, DATA_START, Expanded
from portal.documents.pictures import project_table
from portal.documents.records import Issue
from portal.domain.errors import ProfileError
from portal.domain.profile import Profile, load_profiles
from portal.letters import markup
from portal.letters.render import RenderedLetter, _variables, render_letter, render_letter_html
from portal.letters.samples import SAMPLE_DAY, sample_contexts
from portal.letters.templates import LETTERS_DIR, STYLESHEET, LetterError, applies_to, load_template, markdown_env

EASY_DIR = LETTERS_DIR / "easy"
EASY_KINDS: tuple[str, ...] = (
    "stage1_acknowledgement", "stage2_acknowledgement", "extension", "stage1_response", "stage2_response",
    "escalation_refused", "exclusion", "initial_warning", "formal_warning", "protocol_imposed",
)
EASY_READ = "easy_read"  # the adjustment code a customer's record carries (portal/tenant/forms.py)
CONTENT = Path(__file__).resolve().parents[2] / "content"


def wants_easy_read(customer: Mapping[str, Any] | None) -> bool:
    """True if the customer asked for Easy Read as a reasonable adjustment."""
    return EASY_READ in ((customer or {}).get("adjustments") or ())


def has_easy_read(kind: str, profile: Profile, folder: Path = EASY_DIR) -> bool:
    """Whether this kind of letter has an Easy Read version this landlord sends."""
    return kind in EASY_KINDS and applies_to(load_template(kind, folder), profile)


def render_easy_letter(kind: str, *, profile: Profile, context: Mapping[str, Any],
                       folder: Path = EASY_DIR) -> RenderedLetter:
    """The Easy Read version of a letter, as checked HTML and a tagged PDF."""
    return render_letter(kind, profile=profile, context=context, folder=folder, easy=True)


def easy_source(kind: str, *, profile: Profile, context: Mapping[str, Any], folder: Path = EASY_DIR) -> Expanded:
    """The Markdown an Easy Read letter renders from, values marked, for the linter (line 1 = first line)."""
    variables = _variables(profile, context, large_print=False)
    template = markdown_env(Path(folder)).get_template(f"{kind}.md")
    try:
        text = markup.render_source(lambda: template.render(variables))
    except (jinja2.TemplateError, markup.TemplateFault) as exc:
        raise LetterError(f"{kind}.md: {exc}") from None
    marked = tuple(text.split("\n"))
    plain = "\n".join(line.replace(DATA_START, "").replace(DATA_END, "") for line in marked)
    return Expanded(text=plain, marked=marked, lines=tuple(range(1, len(marked) + 1)))


def lint_letter(kind: str, *, profile: Profile, context: Mapping[str, Any], label: str,
                folder: Path = EASY_DIR) -> list[Issue]:
    """The Easy Read rules over one rendered letter; each issue quotes the line it is about."""
    expanded = easy_source(kind, profile=profile, context=context, folder=folder)
    words = load_words(CONTENT).for_landlord(profile.slug)
    rulebook = easyread.Rulebook(project_table(), words)
    issues, _ = easyread.lint(expanded, profile, path=f"{Path(folder).name}/{kind}.md", rulebook=rulebook, letter=True)
    quoted = []
    for issue in issues:
        line = expanded.text.split("\n")[issue.line - 1].strip() if 0 < issue.line <= len(expanded.marked) else ""
        quoted.append(Issue(issue.path, issue.line, issue.rule,
                            f"{issue.message} ({label}, rendered line {issue.line}: {line[:70]!r})"))
    return quoted


def check_easy_templates(folder: Path = EASY_DIR, profiles_folder: Path = CONTENT / "landlords",
                         today: date = SAMPLE_DAY) -> list[str]:
    """Problems with any Easy Read letter, each naming the file: the stylesheet's picture size, front
    matter, elements, rendering, and the Easy Read linter, for every landlord the kind applies to and
    every sample."""
    css = Path(folder) / STYLESHEET
    problems = [str(i) for i in easyread.check_stylesheet(css.read_text(encoding="utf-8"), css, medium="print")]
    try:
        profiles = load_profiles(profiles_folder)
    except ProfileError as exc:
        return [f"profiles: {exc}"]
    for kind in EASY_KINDS:
        try:
            template = load_template(kind, Path(folder))
            standard = load_template(kind)
            used = [p for p in profiles.values() if applies_to(standard, p)]
            if any(not applies_to(template, p) for p in used):
                problems.append(f"{template.path.name}: must apply to every landlord that sends the standard letter")
        except LetterError as exc:
            problems.append(str(exc))
            continue
        for profile in used:
            for number, context in enumerate(sample_contexts(kind, profile, today), 1):
                label = f"{profile.slug}, sample {number}"
                try:
                    render_letter_html(kind, profile=profile, context=context, folder=Path(folder), easy=True)
                    problems += [str(i) for i in lint_letter(kind, profile=profile, context=context, label=label,
                                                             folder=Path(folder))]
                except LetterError as exc:
                    problems.append(f"{exc} [{label}]")
    return problems
