"""Accessible PDF rendering with WeasyPrint, locked to the project's own files.

The URL fetcher refuses anything outside the allowed folders (no network, no
`file:///etc/passwd` from a crafted Markdown link), and WeasyPrint's tagging errors
(an image without alt text, a missing `lang`) fail the render instead of scrolling by.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/ua-1"
_fonts = threading.local()


def _forget_fonts() -> None:
    """Drop the main thread's font configuration before the interpreter tears itself down.

    Its cffi finalizers call into Pango and GObject; run during finalization, after those
    libraries have begun to go, they crash the process (exit status 139 after a green run).
    """
    _fonts.__dict__.clear()


atexit.register(_forget_fonts)


class FetchRefused(ValueError):
    """A document tried to load something outside its allowed folders."""


class AccessibilityError(ValueError):
    """WeasyPrint reported a tagging error (missing alt text, missing language)."""


class RestrictedFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves only `data:` URLs and files under `allowed_roots`."""

    def __init__(self, allowed_roots: Sequence[Path]):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = [Path(r).resolve() for r in allowed_roots]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                return self._refuse(f"refused to fetch {path}: outside the content and theme folders")
        elif parsed.scheme != "data":
            return self._refuse(f"refused to fetch {url!r}: only local theme and content files may be used")
        return super().fetch(url, headers)

    def _refuse(self, message: str):
        self.refused.append(message)
        raise FetchRefused(message)


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def font_config() -> FontConfiguration:
    """One FontConfiguration per thread, reused across renders (it is costly to build)."""
    if not hasattr(_fonts, "config"):
        _fonts.config = FontConfiguration()
    return _fonts.config


def render_pdf(
    html: str,
    *,
    base_url: str | Path | None,
    allowed_roots: Sequence[Path],
    stylesheets: Sequence[str | Path] = (),
) -> bytes:
    """Render HTML to a tagged PDF/UA-1 document; raise on a refused fetch or a tagging error."""
    return render_pdf_pages(html, base_url=base_url, allowed_roots=allowed_roots, stylesheets=stylesheets).pdf


@dataclass(frozen=True)
class RenderedPdf:
    """A PDF and its number of pages (the Easy Read rulebook limits the length)."""

    pdf: bytes
    pages: int


def render_pdf_pages(
    html: str,
    *,
    base_url: str | Path | None,
    allowed_roots: Sequence[Path],
    stylesheets: Sequence[str | Path] = (),
) -> RenderedPdf:
    """Like `render_pdf`, and also count the pages.

    With `base_url=None`, relative links stay relative in the PDF (so a PDF can link to
    its sibling files wherever the site is served) and relative images load nothing.
    """
    collector = _ErrorCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    fetcher = RestrictedFetcher(allowed_roots)
    try:
        base = None if base_url is None else str(base_url)
        document = HTML(string=html, base_url=base, url_fetcher=fetcher).render(
            font_config=font_config(),
            stylesheets=[str(s) for s in stylesheets] or None,
            pdf_variant=PDF_VARIANT,
        )
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    finally:
        logger.removeHandler(collector)
    if fetcher.refused:
        raise FetchRefused(fetcher.refused[0])
    if collector.messages:
        raise AccessibilityError("; ".join(collector.messages))
    return RenderedPdf(pdf=pdf, pages=len(document.pages))


@dataclass(frozen=True)
class PdfJob:
    """One PDF to render in a worker process: the HTML and where it may fetch from."""

    name: str
    html: str
    allowed_roots: tuple[Path, ...]
    stylesheets: tuple[Path, ...] = ()


def run_job(job: PdfJob) -> tuple[str, RenderedPdf | None, str]:
    """Render one job; return (name, result, error message) rather than raising across processes."""
    try:
        return job.name, render_pdf_pages(job.html, base_url=None, allowed_roots=job.allowed_roots,
                                          stylesheets=job.stylesheets), ""
    except (FetchRefused, AccessibilityError) as exc:
        return job.name, None, str(exc)
    except Exception as exc:  # noqa: BLE001 - any WeasyPrint failure becomes a build error for this file
        return job.name, None, f"PDF rendering failed: {type(exc).__name__}: {exc}"


def _warm_worker() -> None:
    font_config()


def render_many(jobs: Sequence[PdfJob], *, workers: int | None = None) -> Iterator[tuple[str, RenderedPdf | None, str]]:
    """Render PDFs on all cores, yielding each as it finishes.

    One long-lived process per core, each keeping its own FontConfiguration (building it
    is a large share of a small render); a single job renders here, without a pool.
    """
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        for job in jobs:
            yield run_job(job)
        return
    # Fork shares this process's imported WeasyPrint with the workers (no start-up import);
    # it is only safe with no other thread running, so otherwise start from a clean server.
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["portal.documents.pdf"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm_worker) as pool:
        # Longest first, so no worker is left with a big document at the end.
        futures = [pool.submit(run_job, job) for job in sorted(jobs, key=lambda j: len(j.html), reverse=True)]
        for future in as_completed(futures):
            yield future.result()
