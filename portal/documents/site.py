"""The policy site: content/ in, site/ out. `build` is the whole pipeline in one function.

load (read profiles, policies and theme) -> plan (every output and the hash key of its
inputs) -> render (only what is stale: pages, indexes, then PDFs on all cores) ->
write (each file once, atomically) -> remember the keys for the next build.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Collection, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from types import MappingProxyType

from portal.documents import easyread
from portal.documents.cache import CACHE_FILE, BuildCache, code_sha, digest, file_sha, files_sha, tool_versions
from portal.documents.hardwords import load_words
from portal.documents.markdown import ContentError, split_front_matter
from portal.documents.pictures import load_table
from portal.documents.plan import plan, prunable
from portal.documents.published import with_reports
from portal.documents.records import (
    EASY_SUFFIX, Figures, Issue, Landlord, Output, PolicyLink, Report, Site, Source, Target,
)
from portal.documents.render import Progress, policy_links, render_pages, render_pdfs
from portal.documents.theme import TEMPLATES, css_path
from portal.domain.errors import ProfileError
from portal.domain.profile import load_profile

PROJECT = Path(__file__).resolve().parents[2]
DEFAULT_THEME = PROJECT / "content" / "theme"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RESERVED = {"index"}


class BuildError(RuntimeError):
    """The build cannot start (no such landlord, an output folder it must not clean)."""


def build(content: Path, out: Path, *, landlords: Collection[str] = (), pdf: bool = True,
          clean: bool = False, workers: int | None = None, progress: Progress | None = None,
          published: Path | None = None) -> Report:
    """Build the site for every landlord (or the chosen ones); only stale outputs are rendered.

    `published`: the folder of finalised reports (`copy_published` puts them on the site); a
    landlord with any gets a link to them on its index.
    """
    started = time.perf_counter()
    if clean:
        clean_output(out)
    site, issues = load(Path(content))
    site = replace(site, reports=with_reports(published))
    only = choose(site, landlords)
    cache = BuildCache.load(out)
    targets = plan(site, pdf=pdf, only=only)
    stale = [t for t in targets if not cache.fresh(t.path, t.key)]
    known = {t: failed for t in stale if (failed := cache.failed(t.path, t.key)) is not None}
    stale = [t for t in stale if t not in known]  # unchanged since they failed: report, don't redo
    outputs, jobs, page_issues, figures = render_pages(site, stale, pdf=pdf)
    pdfs, pdf_issues = render_pdfs(site, jobs, workers=workers, progress=progress)
    written = write(out, [*outputs, *pdfs])
    problems = [*page_issues, *pdf_issues]
    _remember(cache, stale, [*outputs, *pdfs], problems, figures)
    remembered = sorted({Issue(**i) for failures in known.values() for i in failures}, key=_order)
    removed = prune(out, cache, {t.path for t in targets}, only=only, slugs={l.slug for l in site.landlords})
    cache.save()
    return Report(
        rendered=tuple(written), issues=tuple([*issues, *remembered, *problems]),
        figures=_figures(site, only, cache, figures), warnings=tuple(_warnings(site, only)), removed=removed,
        up_to_date=len(targets) - len(stale) - len(known), seconds=time.perf_counter() - started,
        own_choices={l.slug: l.profile.own_choices for l in site.landlords if l.slug in only and l.profile.own_choices},
    )


def refresh_landlord_index(content: Path, out: Path, slug: str, published: Path) -> bool:
    """Write one landlord's index again as the next build would (a report was published between builds);
    False if the site has no index for it yet (its first build makes one)."""
    if not (out / slug / "index.html").is_file():
        return False
    site, _ = load(Path(content))
    site = replace(site, reports=with_reports(published))
    pdf = any((out / slug).glob("*.pdf"))  # as the last build made it
    targets = [t for t in plan(site, pdf=pdf, only={slug}) if t.kind == "landlord-index"]
    outputs, *_ = render_pages(site, targets, pdf=pdf)
    write(out, outputs)
    cache = BuildCache.load(out)
    _remember(cache, targets, outputs, [], {})
    cache.save()
    return True


def _order(issue: Issue) -> tuple[str, int, str]:
    return issue.path, issue.line, issue.rule


def _remember(cache: BuildCache, stale: Sequence[Target], outputs: Sequence[Output],
              problems: Sequence[Issue], figures: dict[str, dict]) -> None:
    """Record each output's key; for a stale output not made, keep its problems against its key."""
    for output in outputs:
        cache.record(output.path, output.key, dict(output.meta))
    made = {o.path for o in outputs}
    for target in stale:
        if target.path in made:
            continue
        path = str(target.source.path) if target.source else ""
        mine = [asdict(i) for i in problems if i.path == path] or [asdict(Issue(path, 1, "render", "not rendered"))]
        meta = {"figures": figures[path]} if target.kind == "page" and path in figures else {}
        cache.record_failure(target.path, target.key, mine, meta)


def load(content: Path) -> tuple[Site, list[Issue]]:
    """Read every profile and policy file, and hash what the outputs depend on."""
    issues: list[Issue] = []
    theme = content / "theme" if (content / "theme").is_dir() else DEFAULT_THEME
    landlords = []
    for path in sorted((content / "landlords").glob("*.toml")):
        try:
            profile = load_profile(path)
        except ProfileError as exc:
            issues.append(Issue(str(path), 1, "profile", str(exc)))
            continue
        sources, problems = load_sources(content, profile.slug)
        issues += problems
        landlords.append(Landlord(profile, file_sha(path), sources))
    known = {l.slug for l in landlords} | {Path(i.path).stem for i in issues if i.rule == "profile"}
    for folder in sorted(p for p in (content / "policies").glob("*") if p.is_dir() and p.name not in known):
        issues.append(Issue(str(folder), 1, "profile", f"no landlord profile {content / 'landlords' / folder.name}.toml"))
    pictures, words = load_table(content), load_words(content)
    issues += [Issue(str(pictures.path), line, "picture-table", message) for line, message in pictures.problems]
    issues += [Issue(str(words.path), line, "hard-words", message) for line, message in words.problems]
    issues += [Issue(str(words.path), 1, "hard-words", f"landlords.{slug}: no such landlord")
               for slug in sorted(set(words.by_landlord) - known)]
    for css, medium in ((css_path(theme, for_print=True), "print"), (css_path(theme, for_print=False), "screen")):
        issues += easyread.check_stylesheet(css.read_text(encoding="utf-8"), css, medium=medium)
    base_key = digest(code_sha(), tool_versions(), files_sha([theme / t for t in TEMPLATES]))
    print_key = file_sha(css_path(theme, for_print=True))
    return Site(content, theme, tuple(landlords), base_key, print_key, pictures, words), issues


def load_sources(content: Path, slug: str) -> tuple[tuple[Source, ...], list[Issue]]:
    """The policy files of one landlord, with their front matter read and checked."""
    sources, issues = [], []
    for path in sorted((content / "policies" / slug).glob("*.md")):
        easy = path.name.endswith(EASY_SUFFIX)
        name = path.name[: -len(EASY_SUFFIX)] if easy else path.stem
        if not _NAME.match(name) or name in RESERVED:
            issues.append(Issue(str(path), 1, "name", "policy file names are lower-case words and hyphens (not 'index')"))
            continue
        data = path.read_bytes()
        try:
            front, body, line = split_front_matter(data.decode("utf-8"), path)
        except (ContentError, UnicodeDecodeError) as exc:
            issues.append(Issue(str(path), getattr(exc, "line", 1), "front-matter", getattr(exc, "message", str(exc))))
            continue
        sources.append(Source(path, slug, name, easy, MappingProxyType(front), body, file_sha(path), line))
    return tuple(sources), issues


def choose(site: Site, landlords: Collection[str]) -> frozenset[str]:
    """The landlords to build: all, or the named ones (which must exist)."""
    slugs = {l.slug for l in site.landlords}
    unknown = sorted(set(landlords) - slugs)
    if unknown:
        raise BuildError(f"no landlord {', '.join(unknown)} (known: {', '.join(sorted(slugs))})")
    return frozenset(landlords or slugs)


def write(out: Path, outputs: Sequence[Output]) -> list[str]:
    """Write each output atomically; refuse to write one file twice in a build."""
    seen: set[str] = set()
    for output in outputs:
        if output.path in seen:
            raise BuildError(f"refusing to write {output.path} twice in one build")
        seen.add(output.path)
    for output in outputs:
        path = out / output.path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(output.data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    return [o.path for o in outputs]


def prune(out: Path, cache: BuildCache, planned: set[str], *, only: Collection[str],
          slugs: Collection[str]) -> tuple[str, ...]:
    """Delete outputs of policies that no longer exist (never those of landlords left out)."""
    removed = []
    for rel in sorted(set(cache.entries) - planned):
        if prunable(rel, only=only, slugs=slugs):
            (out / rel).unlink(missing_ok=True)
            cache.forget(rel)
            removed.append(rel)
    return tuple(removed)


def clean_output(out: Path) -> None:
    """Remove a previous build; refuse a non-empty folder that this tool did not build."""
    if not out.exists():
        return
    if any(out.iterdir()) and not (out / CACHE_FILE).is_file():
        raise BuildError(f"--clean: {out} has files but no {CACHE_FILE}; not deleting a folder this build did not make")
    shutil.rmtree(out)


def _figures(site: Site, only: Collection[str], cache: BuildCache, fresh: dict[str, dict]) -> dict[str, Figures]:
    """Each Easy Read page's figures: from this build's render, else from the cache."""
    found = {}
    for landlord in site.landlords:
        for source in landlord.sources:
            if landlord.slug not in only or not source.easy:
                continue
            meta = fresh.get(str(source.path)) or cache.meta(f"{landlord.slug}/{source.page}.html").get("figures")
            pages = cache.meta(f"{landlord.slug}/{source.page}.pdf").get("pages")
            if meta:
                lists = {k: tuple(meta.get(k, ())) for k in ("hard_words", "pictures")}  # JSON keeps lists
                found[str(source.path)] = Figures(**{**meta, **lists, "pages": pages})
    return found


def _warnings(site: Site, only: Collection[str]) -> list[str]:
    """Policies with only one version, except an Easy Read part split from a policy that has both."""
    found = []
    for landlord in site.landlords:
        for s in landlord.sources:
            whole = s.front_matter.get("part_of")
            if whole and landlord.source(str(whole), False) is None:
                found.append(f"{s.path}: part_of {whole!r}: {landlord.slug} has no standard policy {whole}.md")
            elif landlord.slug in only and not whole and landlord.source(s.name, not s.easy) is None:
                missing = "standard" if s.easy else "Easy Read"
                found.append(f"{s.path}: no {missing} version of this policy yet")
    return found


def policy_index(content_dir: str | Path, slug: str, *, base: str = "/site/") -> list[PolicyLink]:
    """The policies of one landlord with the site addresses of each version, for the portal's links."""
    content = Path(content_dir)
    profile = load_profile(content / "landlords" / f"{slug}.toml")
    sources, _ = load_sources(content, slug)
    return policy_links(Landlord(profile, "", sources), base=f"{base}{slug}/")
