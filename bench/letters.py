"""How long generating a letter holds a request: HTML only, and HTML + PDF, per kind.

Run: .venv/bin/python bench/letters.py [--renders 30] [--kinds stage1_response,...]
Prints p50 and p95 in milliseconds over N renders per kind, after one warm-up render,
in standard and large print. Each kind uses the first landlord profile that sends it.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from portal.domain.profile import load_profiles  # noqa: E402
from portal.letters import LETTER_KINDS, letter_kinds, render_letter, render_letter_html, sample_context  # noqa: E402


def timings(render, renders: int) -> tuple[float, float]:
    """p50 and p95 in milliseconds over `renders` calls, after one warm-up call."""
    render()
    times = []
    for _ in range(renders):
        start = time.perf_counter()
        render()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=30)
    parser.add_argument("--kinds", default=",".join(LETTER_KINDS))
    args = parser.parse_args()
    profiles = load_profiles(ROOT / "content" / "landlords")
    columns = ("html", "html large", "html+pdf", "html+pdf large")
    print(f"{'kind':26} {'landlord':18} " + " ".join(f"{c + ' p50/p95':>22}" for c in columns) + "  pages")
    all_rows = {c: [] for c in columns}
    for kind in args.kinds.split(","):
        profile = next(p for p in profiles.values() if kind in letter_kinds(p))
        context = sample_context(kind, profile)
        cells = []
        for column in columns:
            fn = render_letter if "pdf" in column else render_letter_html
            large = "large" in column
            p50, p95 = timings(lambda: fn(kind, profile=profile, context=context, large_print=large), args.renders)
            all_rows[column].append(p50)
            cells.append(f"{p50:9.1f} / {p95:7.1f} ms")
        pages = [len(PdfReader(io.BytesIO(render_letter(kind, profile=profile, context=context,
                                                        large_print=lp).pdf)).pages) for lp in (False, True)]
        print(f"{kind:26} {profile.slug:18} " + " ".join(f"{c:>22}" for c in cells) + f"  {pages[0]}/{pages[1]}")
    print("median of the per-kind p50s: " + ", ".join(
        f"{c} {statistics.median(v):.1f} ms" for c, v in all_rows.items()))


if __name__ == "__main__":
    main()
