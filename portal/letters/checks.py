"""Check every letter template against every landlord profile, for tests and build.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from portal.domain.errors import ProfileError
from portal.domain.profile import load_profiles
from portal.letters.kinds import LETTER_KINDS
from portal.letters.render import render_letter_html
from portal.letters.samples import SAMPLE_DAY, sample_contexts
from portal.letters.templates import LETTERS_DIR, LetterError, applies_to, load_template

PROFILES_DIR = Path(__file__).resolve().parents[2] / "content" / "landlords"


def check_templates(
    folder: Path = LETTERS_DIR, profiles_folder: Path = PROFILES_DIR, today: date = SAMPLE_DAY,
) -> list[str]:
    """Problems with any template, each naming the file; empty when all is well.

    Checks the front matter, the element names, and renders every sample context for
    every landlord the kind applies to, the first in large print (undefined variables,
    missing or empty elements, elements not declared).
    """
    folder = Path(folder)
    problems: list[str] = []
    for path in sorted(folder.glob("*.md")):
        if not path.name.startswith("_") and path.stem not in LETTER_KINDS:
            problems.append(f"{path.name}: not a known letter kind (partials start with '_')")
    try:
        profiles = load_profiles(profiles_folder)
    except ProfileError as exc:
        return problems + [f"profiles: {exc}"]
    for kind in LETTER_KINDS:
        try:
            template = load_template(kind, folder)
            used = [p for p in profiles.values() if applies_to(template, p)]
        except LetterError as exc:
            problems.append(str(exc))
            continue
        if not used:
            problems.append(f"{template.path.name}: applies to no landlord profile")
        for profile in used:
            contexts = sample_contexts(kind, profile, today)
            if not contexts:
                problems.append(f"{template.path.name}: no sample context for {profile.slug}")
            for number, context in enumerate(contexts, 1):
                try:  # large print changes only the layout, so one sample is enough to try it
                    render_letter_html(kind, profile=profile, context=context, large_print=number == 1,
                                       folder=folder)
                except LetterError as exc:
                    problems.append(f"{exc} [{profile.slug}, sample {number}]")
    return problems
