"""Letters by post: one PDF for a batch, each letter behind a cover sheet for a windowed envelope.

The cover sheet puts the address where the envelope's window is and marks the folds, so
whoever prints the batch folds each sheet and the address shows through. Window places are
the usual UK ones for A4 folded in three (DL) or in half (C5).
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import Iterable, Sequence

from flask import render_template

from portal.domain.profile import Profile


@dataclass(frozen=True)
class Envelope:
    """Where the window sits on an A4 sheet (mm from the top-left), and where the sheet folds."""

    name: str
    left: float
    top: float
    width: float
    height: float
    folds: tuple[float, ...]


ENVELOPES = {
    "DL": Envelope("DL (A4 folded in three)", left=20, top=50, width=90, height=35, folds=(99, 198)),
    "C5": Envelope("C5 (A4 folded in half)", left=20, top=55, width=90, height=40, folds=(148.5,)),
}


@dataclass(frozen=True)
class PostedLetter:
    """One letter for the batch: who it goes to, and its PDF."""

    letter_id: str
    title: str
    name: str
    address: Sequence[str]
    pdf: bytes


def batch_pdf(letters: Iterable[PostedLetter], profile: Profile, envelope: str) -> bytes:
    """Every letter behind its own cover sheet, in one PDF to print double-sided off."""
    from pypdf import PdfReader, PdfWriter

    from portal.documents.pdf import render_pdf  # imported here: WeasyPrint costs ~30 MB a server process that renders no PDF never needs

    window = ENVELOPES[envelope]
    writer = PdfWriter()
    for letter in letters:
        cover = render_pdf(render_template("post/cover.html", letter=letter, profile=profile, window=window),
                           base_url=None, allowed_roots=())
        for pdf in (cover, letter.pdf):
            for page in PdfReader(BytesIO(pdf)).pages:
                writer.add_page(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
