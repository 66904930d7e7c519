"""Time the policy-site build: full, no-op, one file edited; and bare WeasyPrint on the same HTML.

    .venv/bin/python bench/build.py            # prints the figures; builds in a temp folder

The build timings run `python build.py` as a user would (start-up included) on a copy
of content/, so editing a file for the one-file figure never touches the project.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _run_build(content: Path, out: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", str(content), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stdout, done.stderr, sep="\n", file=sys.stderr)
        raise SystemExit(f"build.py failed (exit {done.returncode})")
    return seconds, done.stdout.splitlines()[0]


def _bare_weasyprint(content: Path) -> tuple[float, int]:
    """Render every policy's print HTML with plain WeasyPrint, one after another, in this process."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from portal.documents.plan import plan
    from portal.documents.render import render_pages
    from portal.documents.site import load
    from portal.documents.theme import css_path

    site, _ = load(content)
    targets = plan(site, pdf=True, only={l.slug for l in site.landlords})
    _, jobs, _, _ = render_pages(site, [t for t in targets if t.kind == "pdf"], pdf=True)
    fonts = FontConfiguration()
    sheet = CSS(filename=str(css_path(site.theme, for_print=True)), font_config=fonts)
    HTML(string=jobs[0][1]).write_pdf(stylesheets=[sheet], font_config=fonts, pdf_variant="pdf/ua-1")  # warm-up
    started = time.perf_counter()
    for _, html in jobs:
        HTML(string=html).write_pdf(stylesheets=[sheet], font_config=fonts, pdf_variant="pdf/ua-1")
    return time.perf_counter() - started, len(jobs)


def main() -> None:
    """Print the figures."""
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "content", content)
        out = Path(tmp) / "site"
        full, full_line = _run_build(content, out)
        noop, noop_line = _run_build(content, out)
        edits = []
        files = sorted((content / "policies").glob("*/*.md"))
        for easy in (True, False):  # one Easy Read file (linted), one standard file
            edited = next(f for f in files if f.name.endswith(".easy.md") == easy)
            edited.write_text(edited.read_text() + "\n{# bench: edited #}\n")
            edits.append((edited.relative_to(content), *_run_build(content, out)))
        bare, pdfs = _bare_weasyprint(content)
    print(f"cores: {os.cpu_count()}; content: {len(list((ROOT / 'content' / 'policies').glob('*/*.md')))} policy files")
    print(f"full build        {full:6.2f} s   {full_line}")
    print(f"no-op rebuild     {noop:6.2f} s   {noop_line}")
    for edited, seconds, line in edits:
        print(f"one-file rebuild  {seconds:6.2f} s   {line}  [{edited}]")
    print(f"bare WeasyPrint   {bare:6.2f} s   {pdfs} PDFs of the same HTML, one process, shared FontConfiguration")
    print(f"ratio full build / bare WeasyPrint: {full / bare:.2f}")


if __name__ == "__main__":
    main()
