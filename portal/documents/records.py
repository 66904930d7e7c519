"""The immutable records the site build passes from stage to stage (load -> render -> write)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from portal.documents.hardwords import HardWords
from portal.documents.pictures import PictureTable
from portal.domain.profile import Profile

EASY_SUFFIX = ".easy.md"


@dataclass(frozen=True)
class Issue:
    """One broken rule, at a line of the source file."""

    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message} [{self.rule}]"


@dataclass(frozen=True)
class Figures:
    """How readable one Easy Read page is, for the build report."""

    grade: float
    words: int
    sentences: int
    longest: int
    pages: int | None = None
    points: int = 0
    most_per_point: int = 0  # the most sentences beside one picture
    hard_words: tuple[str, ...] = ()  # hard words found on the page (each is explained, or the page fails)
    pictures: tuple[str, ...] = ()  # "name: what it means", each picture once


@dataclass(frozen=True)
class Source:
    """One policy file as read: where it is, whose it is, its front matter and body."""

    path: Path
    slug: str  # the landlord
    name: str  # the policy, shared by its standard and Easy Read files
    easy: bool
    front_matter: Mapping[str, Any] = field(compare=False)  # read-only (a MappingProxyType)
    text: str = ""  # the body, after the front matter
    sha: str = ""  # of the whole file
    line: int = 1  # the body's first line in the file

    @property
    def page(self) -> str:
        """The output name without extension: `complaints` or `complaints.easy`."""
        return f"{self.name}.easy" if self.easy else self.name

    @property
    def title(self) -> str:
        """The front matter's title (the file name if it has none)."""
        return str(self.front_matter.get("title", self.name))


@dataclass(frozen=True)
class Landlord:
    """A landlord's profile and its policy files."""

    profile: Profile
    sha: str  # of the profile file
    sources: tuple[Source, ...]

    @property
    def slug(self) -> str:
        """The landlord's slug, from its profile."""
        return self.profile.slug

    def source(self, name: str, easy: bool) -> Source | None:
        """The standard or Easy Read file of one policy, if it exists."""
        return next((s for s in self.sources if s.name == name and s.easy == easy), None)

    def policy_names(self) -> tuple[str, ...]:
        """Each policy once, in front-matter order then by title."""
        firsts: dict[str, Source] = {}
        for s in sorted(self.sources, key=lambda s: s.easy):
            firsts.setdefault(s.name, s)
        ordered = sorted(firsts.values(), key=lambda s: (s.front_matter.get("order", 100), s.title.lower()))
        return tuple(s.name for s in ordered)


@dataclass(frozen=True)
class Site:
    """Everything the build reads: content and theme folders, landlords, and cache keys."""

    content: Path
    theme: Path
    landlords: tuple[Landlord, ...]
    base_key: str  # digest of the build code, tool versions and page templates
    print_key: str = ""  # digest of the PDF stylesheet
    pictures: PictureTable | None = None  # the content folder's picture table
    words: HardWords | None = None  # the content folder's hard words
    reports: frozenset[str] = frozenset()  # landlords with published reports (their index links to them)


@dataclass(frozen=True)
class PolicyLink:
    """Where a policy's four outputs are, for index pages and the portal's links."""

    title: str
    html_url: str | None
    easy_url: str | None
    pdf_url: str | None
    easy_pdf_url: str | None
    name: str = ""
    summary: str = ""


@dataclass(frozen=True)
class Target:
    """One output file the build should have, and the key of everything it depends on."""

    path: str  # relative to the output folder, with '/' separators
    key: str
    kind: str  # page | pdf | landlord-index | site-index | asset | picture
    slug: str = ""  # the landlord it belongs to; "" for shared files
    source: Source | None = None
    origin: Path | None = None  # the file an asset or picture is copied from


@dataclass(frozen=True)
class Page:
    """A rendered HTML page (and, when its PDF is due, the HTML WeasyPrint should print)."""

    target: Target
    html: str
    print_html: str | None = None
    figures: Figures | None = None


@dataclass(frozen=True)
class Output:
    """Bytes for one output file, with what the cache should remember about it."""

    path: str
    data: bytes
    key: str
    meta: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Report:
    """What a build did: outputs rendered, problems found, Easy Read figures per page."""

    rendered: tuple[str, ...]
    issues: tuple[Issue, ...]
    figures: Mapping[str, Figures]  # by source path relative to the content folder
    warnings: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    up_to_date: int = 0
    seconds: float = 0.0
    own_choices: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # landlord -> key -> value

    @property
    def ok(self) -> bool:
        """True if nothing failed: the exit status of build.py."""
        return not self.issues
