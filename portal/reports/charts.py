"""Bar charts as SVG with matplotlib, drawn from a report table.

Known traps and the defence here: pyplot keeps global state and is not thread-safe, so
the object API (`Figure`) is used and nothing is registered with pyplot; SVG text is kept
as text (`svg.fonttype = none`) so it is selectable and scales, and the SVG's own title
is the text alternative; `svg.hashsalt` is fixed so the same table gives the same SVG.
"""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402

from portal.reports.tables import Table, show  # noqa: E402

matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "portal-reports", "font.size": 9,
                            "font.family": "sans-serif"})
COLOURS = ("#1d70b8", "#f47738", "#00703c", "#4c2c92")  # GOV.UK blue, orange, green, purple


def alternative(t: Table) -> str:
    """The chart in words: what each bar shows."""
    parts = []
    for row in t.rows:
        values = ", ".join(f"{t.columns[i]} {show(row[i])}" for i in t.chart)
        parts.append(f"{row[0]}: {values}")
    return f"Bar chart of {t.title.lower()}. " + "; ".join(parts) + "." if parts else f"{t.title}: no data."


def bar_chart(t: Table) -> str:
    """The table's charted columns as a horizontal bar chart, SVG markup with role and title."""
    labels = [str(r[0]) for r in t.rows]
    fig = Figure(figsize=(6.5, 0.45 * max(len(labels), 2) + 0.9))
    ax = fig.add_subplot()
    height = 0.8 / max(len(t.chart), 1)
    for n, i in enumerate(t.chart):
        values = [float(r[i] or 0) for r in t.rows]
        ax.barh([k + n * height for k in range(len(labels))], values, height=height, label=t.columns[i],
                color=COLOURS[n % len(COLOURS)])
    ax.set_yticks([k + height * (len(t.chart) - 1) / 2 for k in range(len(labels))], labels)
    ax.invert_yaxis()
    ax.spines[["top", "right"]].set_visible(False)
    if len(t.chart) > 1:
        ax.legend(frameon=False)
    fig.tight_layout()
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Title": t.title, "Date": None, "Creator": None})
    svg = out.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<svg ", '<svg role="img" aria-labelledby="chart-' + t.key + '" ', svg, count=1)
    svg = svg.replace("<title>" + t.title + "</title>", "", 1) if "<title>" in svg else svg
    head_end = svg.index(">") + 1
    return svg[:head_end] + f'<title id="chart-{t.key}">{_escape(alternative(t))}</title>' + svg[head_end:]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
