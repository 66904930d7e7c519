"""Easy Read pictures: the picture table, and the Mulberry Symbols copied into the project.

Every picture an Easy Read page or letter shows is declared once, by name, in
`content/easyread/pictures.toml`: the Mulberry symbol it shows and what it means there
(the alt text). Text names a picture as `![](picture:NAME)`, so one picture always means
one thing. The symbols used live in `content/easyread/mulberry/` beside their licence,
so a fresh clone builds without any outside folder.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from portal.documents.cache import file_sha

SCHEME = "picture:"
_NAME = r"[a-z0-9][a-z0-9-]*"
PICTURE_URL = re.compile(rf"picture:({_NAME})(?![\w-])")
TABLE_FILE = Path("easyread") / "pictures.toml"
SYMBOLS_DIR = Path("easyread") / "mulberry"
LICENCE_FILE = "LICENSE.txt"
CREDIT = "Pictures: Mulberry Symbols, licence CC BY-SA 4.0."  # as base.html prints it
HOME_URL = "https://mulberrysymbols.org/"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
MAX_ALT_WORDS = 8
_KEYS = {"symbol", "means"}


@dataclass(frozen=True)
class Picture:
    """One declared picture: its name, the symbol file it shows, and what it means."""

    name: str
    symbol: str  # a Mulberry file name without '.svg'
    means: str  # the alt text: what the picture says in the point
    line: int  # where the table declares it


@dataclass(frozen=True)
class PictureTable:
    """Every declared picture by name, the folder of their symbols, and the table's problems."""

    path: Path
    symbols: Path
    pictures: dict[str, Picture]
    problems: tuple[tuple[int, str], ...] = ()  # (line, message)

    def get(self, name: str) -> Picture | None:
        """The picture declared under this name, if any."""
        return self.pictures.get(name)

    def file(self, name: str) -> Path:
        """The SVG file a declared picture shows."""
        return self.symbols / f"{self.pictures[name].symbol}.svg"

    def sha(self, name: str) -> str:
        """A hash of a picture's symbol and meaning (part of a page's cache key)."""
        picture = self.pictures.get(name)
        if picture is None or not self.file(name).is_file():
            return "missing"
        return f"{file_sha(self.file(name))}:{picture.means}"


def _line_of(lines: list[str], name: str) -> int:
    header = re.compile(rf"^\s*\[\s*\"?{re.escape(name)}\"?\s*\]")
    return next((i for i, line in enumerate(lines, 1) if header.match(line)), 1)


def load_table(content: Path) -> PictureTable:
    """Read the picture table of a content folder; every problem is kept with its line."""
    path, symbols = Path(content) / TABLE_FILE, Path(content) / SYMBOLS_DIR
    if not path.is_file():
        return PictureTable(path, symbols, {}, ((1, f"no picture table {path}"),))
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return PictureTable(path, symbols, {}, ((1, f"the picture table is not valid TOML: {exc}"),))
    lines = text.split("\n")
    pictures: dict[str, Picture] = {}
    problems: list[tuple[int, str]] = []
    by_symbol: dict[str, Picture] = {}
    for name, entry in data.items():
        line = _line_of(lines, name)
        if not re.fullmatch(_NAME, name) or not isinstance(entry, dict):
            problems.append((line, f"[{name}]: a picture is a [lower-case-name] table with 'symbol' and 'means'"))
            continue
        unknown = sorted(set(entry) - _KEYS)
        symbol, means = entry.get("symbol"), entry.get("means")
        if unknown or not isinstance(symbol, str) or not isinstance(means, str) or not means.strip():
            problems.append((line, f"[{name}]: give exactly 'symbol' (a Mulberry file name) and 'means' (the alt text)"))
            continue
        picture = Picture(name, symbol, " ".join(means.split()), line)
        if len(picture.means.split()) > MAX_ALT_WORDS:
            problems.append((line, f"[{name}]: 'means' has {len(picture.means.split())} words; at most {MAX_ALT_WORDS}"))
        if not (symbols / f"{symbol}.svg").is_file():
            problems.append((line, f"[{name}]: no symbol {symbol}.svg in {symbols} (copy it with build.py --copy-symbols-from)"))
        twin = by_symbol.setdefault(symbol, picture)
        if twin is not picture:
            problems.append((line, f"[{name}]: symbol {symbol!r} already means {twin.means!r} ([{twin.name}]); "
                                   "one picture stands for one idea"))
        pictures[name] = picture
    return PictureTable(path, symbols, pictures, tuple(problems))


@cache
def project_table() -> PictureTable:
    """The project's own picture table (for letters, which have no content folder to choose)."""
    return load_table(Path(__file__).resolve().parents[2] / "content")


def pictures_in(text: str) -> tuple[str, ...]:
    """The picture names a text refers to, sorted, each once."""
    return tuple(sorted(set(PICTURE_URL.findall(text))))


def copy_symbols(table: PictureTable, source: Path) -> tuple[list[str], list[str]]:
    """Copy the symbols the table uses (and the licence) from a Mulberry folder; drop unused ones.

    Returns (copied, removed) file names. `source` holds `EN/*.svg` and `LICENSE.txt`.
    """
    source = Path(source)
    table.symbols.mkdir(parents=True, exist_ok=True)
    wanted = {f"{p.symbol}.svg" for p in table.pictures.values()}
    copied = []
    for name in sorted(wanted):
        origin = source / "EN" / name
        if origin.is_file() and not (table.symbols / name).is_file():
            shutil.copyfile(origin, table.symbols / name)
            copied.append(name)
    shutil.copyfile(source / LICENCE_FILE, table.symbols / LICENCE_FILE)
    removed = []
    for path in sorted(table.symbols.glob("*.svg")):
        if path.name not in wanted:
            path.unlink()
            removed.append(path.name)
    return copied, removed
