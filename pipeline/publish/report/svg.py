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
    rows: Sequence[tuple[str, Share, Share]], series: tuple[str, str], title: str
) -> Markup:
    """Horizontal bars, two per row (one per series), on a 0–100 % scale."""
    label_width, plot_width, value_width = 230, 400, 70
    bar, gap, top, bottom = 13, 12, 34, 26
    group = 2 * bar + gap
    width = label_width + plot_width + value_width
    height = top + group * len(rows) + bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, name in enumerate(series):
        x = label_width + index * 200
        parts.append(
            f'<rect x="{x}" y="8" width="12" height="12" fill="{PALETTE[index]}"/>'
            f'<text x="{x + 18}" y="18" font-size="12">{escape(name)}</text>'
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


def line_chart(
    x_labels: Sequence[str], series: Sequence[tuple[str, Sequence[Share]]], title: str
) -> Markup:
    """One line per series over the runs (x, evenly spaced), on a 0–100 % scale; a missing
    value breaks the line."""
    left, plot_width, plot_height, top = 50, 560, 200, 14
    legend_row = 18
    width = left + plot_width + 30
    height = top + plot_height + 40 + legend_row * ((len(series) + 1) // 2)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(0, 101, 25):
        y = top + plot_height * (1 - tick / 100)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_width}" y2="{y:.1f}" '
            f'stroke="#ddd"/><text x="{left - 6}" y="{y + 4:.1f}" font-size="11" '
            f'text-anchor="end">{tick} %</text>'
        )
    count = len(x_labels)

    def x_at(index: int) -> float:
        return left + (plot_width / 2 if count == 1 else plot_width * index / (count - 1))

    step = max(1, count // 8)
    for index, label in enumerate(x_labels):
        if index % step == 0 or index == count - 1:
            parts.append(
                f'<text x="{x_at(index):.1f}" y="{top + plot_height + 16}" font-size="10" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    for number, (name, values) in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        dash = DASHES[(number // len(PALETTE)) % len(DASHES)]
        dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
        for segment in _segments(values):
            points = " ".join(f"{x_at(i):.1f},{_y(v, top, plot_height):.1f}" for i, v in segment)
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"'
                f"{dash_attribute}/>"
            )
        for index, value in enumerate(values):
            if value is not None:
                parts.append(
                    f'<circle cx="{x_at(index):.1f}" cy="{_y(value, top, plot_height):.1f}" '
                    f'r="3" fill="{colour}"><title>{escape(name)}, {escape(x_labels[index])}: '
                    f"{_percent(value)}</title></circle>"
                )
        legend_x = left + (number % 2) * 300
        legend_y = top + plot_height + 36 + legend_row * (number // 2)
        parts.append(
            f'<line x1="{legend_x}" y1="{legend_y - 4}" x2="{legend_x + 22}" y2="{legend_y - 4}" '
            f'stroke="{colour}" stroke-width="3"{dash_attribute}/>'
            f'<text x="{legend_x + 28}" y="{legend_y}" font-size="11">'
            f"<title>{escape(name)}</title>{escape(_short(name, 44))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above


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
