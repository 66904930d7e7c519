"""Letters as PDFs: tagged PDF/UA with a language and title, and large print really large."""

from __future__ import annotations

import io

import pikepdf
import pytest
from letter_cases import PROFILES, SENT
from pypdf import PdfReader

from portal.letters import LETTER_KINDS, render_letter

# One landlord per kind is enough for the PDF: the HTML tests cover every landlord.
FIRST_SENDER = {kind: next(slug for slug, k in SENT if k == kind) for kind in LETTER_KINDS}


def text_sizes(pdf: bytes) -> tuple[str, set[float]]:
    """All the text of a PDF and the sizes (in points) it is set in."""
    sizes: set[float] = set()

    def visit(text, cm, tm, _font, size):
        if text.strip():
            sizes.add(round(size * tm[3] * cm[3], 1))

    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text(visitor_text=visit) for page in reader.pages)
    return text, sizes


@pytest.mark.parametrize("kind", LETTER_KINDS)
def test_every_kind_renders_a_tagged_pdf(kind, samples):
    slug = FIRST_SENDER[kind]
    letter = render_letter(kind, profile=PROFILES[slug], context=samples(kind, slug)[0])
    pdf = pikepdf.open(io.BytesIO(letter.pdf))
    assert str(pdf.Root.Lang) == "en-GB"
    assert bool(pdf.Root.MarkInfo.Marked) and "/StructTreeRoot" in pdf.Root
    assert str(pdf.docinfo.Title).startswith(letter.title)
    assert pdf.open_metadata().get("pdfuaid:part") == "1"
    text, _ = text_sizes(letter.pdf)
    assert letter.title.split(":")[0] in text and PROFILES[slug].name in text


@pytest.mark.parametrize(("large_print", "smallest", "body"), [(False, 9.0, 11.5), (True, 18.0, 18.0)])
def test_large_print_sets_every_word_at_18pt_or_more(large_print, smallest, body, samples):
    letter = render_letter("stage1_response", profile=PROFILES["torus"], context=samples("stage1_response", "torus")[0],
                           large_print=large_print)
    _, sizes = text_sizes(letter.pdf)
    assert min(sizes) == smallest and body in sizes
