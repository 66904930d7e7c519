"""Broken templates are caught: by the renderer at once, and by check_templates for the build."""

from __future__ import annotations

import os
import re

import pytest
from letter_cases import PROFILES

from portal.letters import LetterError, check_templates, render_letter_html, sample_context


def rewrite(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def render_from(folder, kind="stage1_response", slug="torus"):
    profile = PROFILES[slug]
    return render_letter_html(kind, profile=profile, context=sample_context(kind, profile), folder=folder)


def test_the_copy_renders_before_it_is_broken(letters_copy):
    assert render_from(letters_copy).elements[:2] == ("stage", "outcome")
    assert check_templates(letters_copy) == []


BROKEN = [
    pytest.param("_response.md", r'{% call element\("reasons"\) %}.*?{% endcall %}', "",
                 r"stage1_response\.md: declared element 'reasons' is missing", id="element-missing"),
    pytest.param("_response.md", r'(\{% call element\("reasons"\) %\}).*?(\{% endcall %\})',
                 r"\1\n{% if false %}nothing{% endif %}\n\2",
                 r"stage1_response\.md: element 'reasons' rendered empty", id="element-empty"),
    pytest.param("_response.md", r'(\{% call element\("reasons"\) %\}).*?(\{% endcall %\})',
                 "\\1\n{{ response.reasons }}\n\\2\n{% call element(\"decision\") %}Extra{% endcall %}",
                 r"element 'decision' is in the letter but not declared", id="element-undeclared"),
    pytest.param("stage1_response.md", r"\{\{ case\.summary \| quoted \}\}", "{{ case.subject }}",
                 r"stage1_response\.md: .*'subject'", id="undefined-variable"),
    pytest.param("stage1_response.md", r'element\("stage"\)', 'element("stages")',
                 r"unknown element 'stages'", id="unknown-element-in-body"),
    pytest.param("stage1_response.md", r"\{\{ case\.summary \| quoted \}\}", "{{ case.summary | safe }}",
                 r"the 'safe' filter is not allowed", id="safe-filter"),
    pytest.param("stage1_response.md", r"\{% endcall %\}", "{% endcal %}",
                 r"stage1_response\.md, line \d+: ", id="syntax-error"),
]


@pytest.mark.parametrize(("name", "pattern", "replacement", "error"), BROKEN)
def test_a_broken_body_is_caught(letters_copy, name, pattern, replacement, error):
    path = letters_copy / name
    text, count = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1, flags=re.S)
    assert count == 1
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LetterError, match=error):
        render_from(letters_copy)
    problems = check_templates(letters_copy)
    assert any(re.search(error, p) for p in problems), problems


FRONT_MATTER = [
    pytest.param('+++\ntitle = "Your complaint: our stage 1 reply"\n', "", "no front matter", id="none"),
    pytest.param('elements = [', 'elements = ["final", ', "", id="placeholder"),
    pytest.param('elements = ["stage", ', 'elements = [', "must declare element 'stage'", id="required-missing"),
    pytest.param('elements = ["stage", ', 'elements = ["stage", "colour", ',
                 "declares unknown element 'colour'", id="unknown-element"),
    pytest.param('title = ', 'author = "me"\ntitle = ', "front matter key 'author' is not known", id="unknown-key"),
    pytest.param('title = "Your complaint: our stage 1 reply"', 'title = ""', "needs a 'title'", id="no-title"),
    pytest.param('title = "Your', 'title = Your', "not valid TOML", id="bad-toml"),
]


@pytest.mark.parametrize(("old", "new", "error"), FRONT_MATTER)
def test_broken_front_matter_is_caught(letters_copy, old, new, error):
    path = letters_copy / "stage1_response.md"
    rewrite(path, old, new)
    if not error:  # declaring an element the body does not produce
        error = "declared element 'final' is missing"
    with pytest.raises(LetterError, match=error):
        render_from(letters_copy)
    assert any(error in p for p in check_templates(letters_copy))


def test_a_stray_template_and_a_missing_one_are_reported(letters_copy):
    (letters_copy / "thank_you.md").write_text('+++\ntitle = "Thanks"\nelements = []\n+++\nThanks.\n')
    (letters_copy / "exclusion.md").unlink()
    problems = check_templates(letters_copy)
    assert "thank_you.md: not a known letter kind (partials start with '_')" in problems
    assert any(p.startswith("exclusion.md: no template for letter kind 'exclusion'") for p in problems)


def test_a_kind_that_applies_to_no_landlord_is_reported(letters_copy):
    rewrite(letters_copy / "exclusion.md", 'applies = "profile.complaints.exclusions"', 'applies = "false"')
    assert "exclusion.md: applies to no landlord profile" in check_templates(letters_copy)


def test_edits_are_picked_up_without_a_restart(letters_copy):
    assert render_from(letters_copy).title == "Your complaint: our stage 1 reply"
    rewrite(letters_copy / "stage1_response.md", "our stage 1 reply", "our first reply")
    path = letters_copy / "stage1_response.md"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert render_from(letters_copy).title == "Your complaint: our first reply"
