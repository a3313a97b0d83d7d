"""Charts as inline SVG, drawn here rather than by a JavaScript library: the report must work
offline, from a file, in any browser or mail client, and print as it shows.

Every piece of text (faculty names come from Pure) is escaped; each chart is returned as
`Markup` so the templates insert it without escaping it a second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup, escape

PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#332288",
    "#999933",
    "#882255",
    "#44AA99",
    "#000000",
    "#999999",
)
"""Okabe–Ito's colour-blind-safe colours, then Tol's; more series than colours get dashes."""
DASHES = ("", "6 3", "2 3", "8 3 2 3")

Share = float | Decimal | None


def _percent(value: Share) -> str:
    return "n/a" if value is None else f"{float(value) * 100:.1f} %"


def _short(label: str, length: int = 34) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def bar_chart(
    rows: Sequence[tuple[str, *tuple[Share, ...]]], series: Sequence[str], title: str
) -> Markup:
    """Horizontal bars, one per series in each row, on a 0–100 % scale."""
    label_width, plot_width, value_width = 230, 400, 70
    bar, gap, bottom = 13, 12, 26
    width = label_width + plot_width + value_width
    # The legend: as many names to a line as fit whole, 230 px each (two series: one line
    # above the plot; five steps of a process: two lines).
    legend_step, legend_row = 230, 18
    per_line = max(1, min(len(series), width // legend_step))
    legend_lines = -(-len(series) // per_line)
    top = 16 + legend_row * legend_lines
    group = len(series) * bar + gap
    height = top + group * len(rows) + bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, name in enumerate(series):
        x = 10 + (index % per_line) * legend_step
        y = 8 + (index // per_line) * legend_row
        parts.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{PALETTE[index]}"/>'
            f'<text x="{x + 18}" y="{y + 10}" font-size="12">{escape(_short(name, 32))}</text>'
        )
    plot_bottom = top + group * len(rows)
    for tick in range(0, 101, 25):
        x = label_width + plot_width * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{plot_bottom}" stroke="#ddd"/>'
            f'<text x="{x:.1f}" y="{plot_bottom + 16}" font-size="11" '
            f'text-anchor="middle">{tick} %</text>'
        )
    for row_index, (label, *values) in enumerate(rows):
        y = top + row_index * group
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar + 4}" font-size="12" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(_short(label))}</text>"
        )
        for index, value in enumerate(values):
            bar_y = y + index * bar
            length = 0.0 if value is None else plot_width * min(max(float(value), 0.0), 1.0)
            shown = _percent(value)
            parts.append(
                f'<rect x="{label_width}" y="{bar_y}" width="{length:.1f}" height="{bar - 2}" '
                f'fill="{PALETTE[index]}"><title>{escape(label)}, {escape(series[index])}: '
                f"{shown}</title></rect>"
                f'<text x="{label_width + length + 4:.1f}" y="{bar_y + bar - 3}" '
                f'font-size="10">{shown}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above


def small_multiples(
    x_labels: Sequence[str],
    panels: Sequence[tuple[str, Sequence[tuple[str, Sequence[Share]]]]],
    title: str,
) -> Markup:
    """One small line chart per panel (a faculty), side by side, every panel on the same
    0–100 % scale with the same series in the same colours: lines of different faculties never
    lie on top of each other, and a legend above names the series once."""
    columns = 3
    panel_width, panel_height, plot_height = 230, 160, 100
    left, top = 36, 32
    series_names = [name for name, _ in panels[0][1]] if panels else []
    legend_height = 22
    rows_of_panels = -(-len(panels) // columns)
    width = columns * panel_width
    height = legend_height + rows_of_panels * panel_height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, name in enumerate(series_names):
        x = 10 + index * 200
        parts.append(
            f'<line x1="{x}" y1="11" x2="{x + 22}" y2="11" stroke="{PALETTE[index]}" '
            f'stroke-width="3"{_dash(index)}/>'
            f'<text x="{x + 28}" y="15" font-size="12">{escape(name)}</text>'
        )
    count = len(x_labels)
    plot_width = panel_width - left - 14
    for number, (panel, series) in enumerate(panels):
        x0 = (number % columns) * panel_width
        y0 = legend_height + (number // columns) * panel_height

        def x_at(index: int, x0: int = x0) -> float:
            offset = plot_width / 2 if count == 1 else plot_width * index / (count - 1)
            return x0 + left + offset

        parts.append(
            f'<text x="{x0 + left}" y="{y0 + 14}" font-size="12" font-weight="600">'
            f"<title>{escape(panel)}</title>{escape(_short(panel, 27))}</text>"
        )
        for tick in (0, 50, 100):
            y = y0 + top + plot_height * (1 - tick / 100)
            parts.append(
                f'<line x1="{x0 + left}" y1="{y:.1f}" x2="{x0 + left + plot_width}" '
                f'y2="{y:.1f}" stroke="#ddd"/><text x="{x0 + left - 4}" y="{y + 4:.1f}" '
                f'font-size="10" text-anchor="end">{tick} %</text>'
            )
        for index in (0, count - 1) if count > 1 else (0,):
            parts.append(
                f'<text x="{x_at(index):.1f}" y="{y0 + top + plot_height + 14}" font-size="10" '
                f'text-anchor="middle">{escape(x_labels[index])}</text>'
            )
        for colour_index, (name, values) in enumerate(series):
            colour = PALETTE[colour_index % len(PALETTE)]
            for segment in _segments(values):
                points = " ".join(
                    f"{x_at(i):.1f},{_y(v, y0 + top, plot_height):.1f}" for i, v in segment
                )
                parts.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{_dash(colour_index)}/>'
                )
            for index, value in enumerate(values):
                if value is not None:
                    y = _y(value, y0 + top, plot_height)
                    parts.append(
                        f'<circle cx="{x_at(index):.1f}" cy="{y:.1f}" '
                        f'r="2.5" fill="{colour}"><title>{escape(panel)}, {escape(name)}, '
                        f"{escape(x_labels[index])}: {_percent(value)}</title></circle>"
                    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above


def _dash(index: int) -> str:
    """Series after the first are dashed as well as coloured: told apart in grey print too."""
    dash = DASHES[index % len(DASHES)]
    return f' stroke-dasharray="{dash}"' if dash else ""


def _y(value: Share, top: int, plot_height: int) -> float:
    return top + plot_height * (1 - min(max(float(value or 0), 0.0), 1.0))


def _segments(values: Sequence[Share]) -> list[list[tuple[int, Share]]]:
    segments: list[list[tuple[int, Share]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            if segments[-1]:
                segments.append([])
        else:
            segments[-1].append((index, value))
    return [segment for segment in segments if segment]
