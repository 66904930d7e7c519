"""Every letter kind renders for every landlord that sends it, with every element it declares."""

from __future__ import annotations

import pytest

from letter_cases import NOT_SENT, PROFILES, SENT
from portal.letters import (
    LETTER_KINDS, LETTERS_DIR, REQUIRED_ELEMENTS, LetterError, check_templates, letter_kinds, load_template,
    render_letter_html,
)
from portal.letters.markup import element_texts


def test_every_kind_has_a_template_and_nothing_else():
    files = {p.stem for p in LETTERS_DIR.glob("*.md") if not p.name.startswith("_")}
    assert files == set(LETTER_KINDS)


def test_check_templates_finds_no_problems():
    assert check_templates() == []


@pytest.mark.parametrize(("slug", "kind"), SENT)
def test_every_sample_renders_with_every_declared_element(slug, kind, samples):
    template = load_template(kind)
    assert REQUIRED_ELEMENTS[kind] <= set(template.elements)
    for context in samples(kind, slug):
        letter = render_letter_html(kind, profile=PROFILES[slug], context=context)
        texts = element_texts(letter.html)
        assert set(texts) == set(template.elements)
        assert all(len(text) > 20 for text in texts.values()), texts
        assert letter.title == template.title and f"<h1>{template.title}</h1>" in letter.html


@pytest.mark.parametrize(("slug", "kind"), NOT_SENT)
def test_a_kind_the_landlord_does_not_send_is_refused(slug, kind, samples):
    profile = PROFILES[slug]
    context = samples(kind, "thenue" if kind == "ex_gratia_decision" else "housing-solutions")[0]
    with pytest.raises(LetterError, match=f"{kind}.md: {profile.name} does not send"):
        render_letter_html(kind, profile=profile, context=context)


@pytest.mark.parametrize(("slug", "kind", "sent"), [
    ("thenue", "stage1_acknowledgement", False),   # frontline resolution: no separate acknowledgement
    ("torus", "stage1_acknowledgement", True),
    ("thenue", "ex_gratia_decision", True),        # only Thenue has an ex-gratia policy
    ("torus", "ex_gratia_decision", False),
    ("connect", "ex_gratia_decision", False),
    ("housing-solutions", "formal_warning", True),  # initial warning, then a formal written warning
    ("torus", "formal_warning", False),
    ("connect", "initial_warning", True),          # a warning and a request to modify behaviour
    ("thenue", "extension", True),                 # stage 2 only, with good reason
])
def test_which_landlords_send_which_letters(slug, kind, sent):
    assert (kind in letter_kinds(PROFILES[slug])) is sent


def test_an_unknown_kind_is_refused():
    with pytest.raises(LetterError, match="unknown letter kind 'thank_you'"):
        load_template("thank_you")


def test_letters_render_the_same_from_many_threads(samples):
    """The token stash and Markdown instances are per render and per thread, never shared."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = [(slug, kind, context) for slug, kind in SENT for context in samples(kind, slug)[:2]]

    def html(job):
        slug, kind, context = job
        return render_letter_html(kind, profile=PROFILES[slug], context=context).html

    expected = [html(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(html, jobs)) == expected
