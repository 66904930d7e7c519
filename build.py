"""Build the policy site: content/ (Markdown + landlord profiles) -> site/ (HTML + PDF).

    python build.py                      # every landlord, incremental
    python build.py --landlord torus     # one landlord
    python build.py --clean --out /tmp/site --content content
    python build.py --copy-symbols-from PATH/TO/mulberry   # refresh content/easyread/mulberry/
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portal.documents.published import copy_published
from portal.documents.pictures import copy_symbols, load_table
from portal.documents.report import ProgressLine, problems, summary
from portal.documents.site import BuildError, build


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, build, print a summary; exit 1 on lint or render errors."""
    parser = argparse.ArgumentParser(description="Build the policy site (standard and Easy Read, HTML and PDF).")
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content/)")
    parser.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site/)")
    parser.add_argument("--landlord", action="append", default=[], metavar="SLUG", help="build only this landlord (repeatable)")
    parser.add_argument("--clean", action="store_true", help="delete the previous build first")
    parser.add_argument("--no-pdf", dest="pdf", action="store_false", help="HTML only (quick checks)")
    parser.add_argument("--jobs", type=int, default=None, help="PDF worker processes (default: one per core)")
    parser.add_argument("--published", type=Path, default=Path("instance/published"),
                        help="finalised reports the portal published (default: instance/published/)")
    parser.add_argument("--copy-symbols-from", type=Path, metavar="DIR",
                        help="copy the Mulberry symbols the picture table uses from DIR (EN/*.svg, LICENSE.txt), then stop")
    args = parser.parse_args(argv)
    if args.copy_symbols_from:
        copied, removed = copy_symbols(load_table(args.content), args.copy_symbols_from)
        print(f"Copied {len(copied)} symbols, removed {len(removed)} unused.")
        return 0
    try:
        report = build(args.content, args.out, landlords=args.landlord, pdf=args.pdf, clean=args.clean,
                       workers=args.jobs, progress=ProgressLine(), published=args.published)
    except BuildError as exc:
        print(f"build.py: {exc}", file=sys.stderr)
        return 2
    print(summary(report))
    published = copy_published(args.published, args.out)
    if published:
        print(f"Published reports: {len(published)} files copied into {args.out}")
    if not report.ok:
        print(problems(report), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
