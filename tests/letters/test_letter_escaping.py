"""Everything a customer or member of staff types prints as text, never as HTML or Markdown."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from letter_cases import PROFILES, SENT

from portal.letters import render_letter, render_letter_html

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{7*7}}",
    "[click me](javascript:alert(1))",
    "![x](file:///etc/passwd)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "line one\n\n# Injected heading\n\n    indented code\n\n* list\n\n===",
    "\ue000v0\ue001 \ue000b0\ue001 {% raw %}",  # the renderer's own token characters
]
ALL_AT_ONCE = " ".join(PAYLOADS)

# Values that select wording rather than print (an outcome, a role) stay as they are.
CHOICES = {"outcome", "decision", "role", "code"}
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "p", "ul", "li", "a", "div", "br",
                "main", "h1", "h2", "section", "strong", "footer"}


def poison(value, payload, key=""):
    """The context with every user-supplied string replaced by the payload."""
    if isinstance(value, dict):
        return {k: poison(v, payload, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, payload, key) for v in value]
    if isinstance(value, str) and key not in CHOICES:
        return payload
    return value


class Tags(HTMLParser):
    """Every tag and attribute in a page."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def assert_inert(html: str, payload: str) -> None:
    parser = Tags()
    parser.feed(html)
    tags = {tag for tag, _ in parser.tags}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    assert sum(tag == "h1" for tag, _ in parser.tags) == 1
    for tag, attrs in parser.tags:
        assert not any(name.startswith("on") or name == "src" for name in attrs), (tag, attrs)
        href = attrs.get("href", "")
        assert href.startswith(("https://", "mailto:")) or tag != "a", href
    assert "\ue000" not in html and "\ue001" not in html
    assert "49" not in parser.text
    if "<script>" in payload:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    if "{{7*7}}" in payload:
        assert "{{7*7}}" in parser.text
    if "file:///etc/passwd" in payload:
        assert "![x](file:///etc/passwd)" in parser.text


@pytest.mark.parametrize(("slug", "kind"), SENT)
def test_every_field_of_every_letter_prints_as_text(slug, kind, samples):
    for context in samples(kind, slug):
        letter = render_letter_html(kind, profile=PROFILES[slug], context=poison(context, ALL_AT_ONCE))
        assert_inert(letter.html, ALL_AT_ONCE)


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("kind", ["stage1_response", "protocol_imposed"])
def test_each_payload_alone(kind, payload, samples):
    letter = render_letter_html(kind, profile=PROFILES["torus"], context=poison(samples(kind, "torus")[0], payload))
    assert_inert(letter.html, payload)


def test_the_poison_reaches_every_field(samples):
    """Guard for the tests above: the customer's name and the reasons really are replaced."""
    context = poison(samples("stage1_response", "torus")[0], "PAYLOAD")
    assert context["customer"]["name"] == "PAYLOAD" and context["response"]["reasons"] == "PAYLOAD"
    assert context["customer"]["address"] == ["PAYLOAD"] * 4 and context["response"]["outcome"] == "upheld"


@pytest.mark.parametrize("kind", ["stage1_response", "protocol_imposed", "ex_gratia_decision"])
def test_a_poisoned_letter_still_renders_to_pdf(kind, samples):
    slug = "thenue"
    letter = render_letter(kind, profile=PROFILES[slug], context=poison(samples(kind, slug)[0], ALL_AT_ONCE))
    assert letter.pdf.startswith(b"%PDF-")
