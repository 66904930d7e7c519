"""Easy Read letters: every one passes the Easy Read linter for every landlord and sample, has the
same elements as the standard letter, and a broken one is caught naming the file (issue 16)."""

from __future__ import annotations

import re
import shutil

import pytest
from letter_cases import PROFILES

from portal.letters import EASY_KINDS, check_easy_templates, load_template, render_easy_letter, sample_context
from portal.letters.easy import EASY_DIR


@pytest.fixture
def easy_copy(tmp_path):
    """A private copy of letters/easy/ to break on purpose."""
    folder = tmp_path / "easy"
    shutil.copytree(EASY_DIR, folder)
    return folder


def test_every_easy_read_letter_passes():
    assert check_easy_templates() == []


def test_the_issue_s_letters_all_have_an_easy_read_version():
    assert {"stage1_acknowledgement", "stage1_response", "stage2_response", "extension",
            "escalation_refused", "exclusion", "protocol_imposed", "initial_warning", "formal_warning"} <= set(EASY_KINDS)


@pytest.mark.parametrize("kind", EASY_KINDS)
def test_an_easy_read_letter_declares_the_standard_letter_s_elements(kind):
    assert set(load_template(kind, EASY_DIR).elements) == set(load_template(kind).elements)


def test_an_easy_read_letter_has_pictures_with_their_meaning_credits_and_a_pdf():
    profile = PROFILES["torus"]
    letter = render_easy_letter("stage1_response", profile=profile, context=sample_context("stage1_response", profile))
    assert 'alt="A person on the phone"' in letter.html and 'class="picture"' in letter.html
    assert re.search(r'<img [^>]*src="file://[^"]*/content/easyread/mulberry/', letter.html)
    assert "Mulberry Symbols, licence CC BY-SA 4.0" in letter.html
    assert letter.pdf.startswith(b"%PDF")


def _break(folder, name, old, new):
    path = folder / name
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(("name", "old", "new", "problem"), [
    ("stage1_acknowledgement.md", "Thank you for your complaint.\n",
     "Thank you for your complaint.\nWe are sorry.\nWe will help.\n", r"stage1_acknowledgement\.md:\d+: 4 sentences beside one picture"),
    ("stage1_acknowledgement.md", "![](picture:our-letter)", "![](picture:1F4E8)", r"no picture '1F4E8' in pictures.toml"),
    ("stage1_acknowledgement.md", "Please tell us if we got anything wrong.",
     "Please tell us if we got anything wrong about your tenancy.", r"'tenancy' is a hard word"),
    ("_contact.md", "Find out more on [our website]({{ profile.contact.website }}).",
     "Find out more at {{ profile.contact.website }}.", r"_contact|stage1_acknowledgement\.md:\d+: a raw web address"),
    ("stage1_acknowledgement.md", '{% call element("stage") %}', '{% call element("stages") %}', r"unknown element 'stages'"),
    ("letter.css", ".point .picture { float: left; width: 30mm;", ".point .picture { float: left; width: 20mm;",
     r"letter\.css:\d+: \.point \.picture width is 20mm"),
])
def test_a_broken_easy_read_letter_is_caught(easy_copy, name, old, new, problem):
    _break(easy_copy, name, old, new)
    problems = check_easy_templates(easy_copy)
    assert any(re.search(problem, p) for p in problems), problems[:3]
