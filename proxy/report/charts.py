"""Inline SVG charts generated in Python: no script, no CDN, readable on a desktop and on a phone.

An SVG scales as a whole, its text with it: a 640-unit wide chart shown 326 px wide on a phone
has 6 px text. Each chart is therefore drawn twice, at a desktop width and at a phone width (labels
above the bars, a one-column legend), and the page's CSS shows the one that fits: text stays at
12 px or more at 390 px wide.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#1b6ca8", "#e07b39", "#3a9d5d", "#b8433f", "#7d5ba6", "#c9a227", "#5f6b73")
WIDE = 640
NARROW = 320  # a 390 px phone shows about 326 px of card: 12-unit text stays ≥ 12 px
FONT = 12


@dataclass(frozen=True, slots=True)
class Series:
    """One coloured series of a stacked bar chart."""

    label: str
    values: tuple[int, ...]
    color: str


def _svg(width: int, height: int, body: str, title: str) -> str:
    return (
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="{FONT}">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def responsive(draw: Callable[[int], str]) -> str:
    """The chart at both widths; the page's CSS shows one (``.wide`` / ``.narrow``).

    ``draw`` takes the width, e.g. ``partial(horizontal_bars, title, items)``.
    """
    return f'<div class="wide">{draw(WIDE)}</div><div class="narrow">{draw(NARROW)}</div>'


def stacked_columns(
    title: str, labels: Sequence[str], series: Sequence[Series], width: int = WIDE
) -> str:
    """Columns per period (weeks), each stacked by series, with a legend underneath."""
    top, plot_height, left = 10, 180, 40
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))] or [0]
    peak = max(max(totals), 1)
    slot = (width - left - 10) / max(len(labels), 1)
    most_labels = max(2, (width - left) // 48)  # one "dd/mm" label per 48 units at most
    step = max(1, -(-len(labels) // most_labels))
    parts = [
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width - 10}" y2="{top + plot_height}" stroke="#999"/>',
        f'<text x="{left - 4}" y="{top + 10}" text-anchor="end">{peak}</text>',
        f'<text x="{left - 4}" y="{top + plot_height}" text-anchor="end">0</text>',
    ]
    for i, label in enumerate(labels):
        base = float(top + plot_height)
        x = left + i * slot + slot * 0.15
        for s in series:
            height = s.values[i] / peak * plot_height
            if height > 0:
                base -= height
                parts.append(
                    f'<rect x="{x:.1f}" y="{base:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}" '
                    f'fill="{s.color}"><title>{escape(label)}, {escape(s.label)} : {s.values[i]}</title></rect>'
                )
        if i % step == 0:
            parts.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_height + 16}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    columns = max(1, (width - left) // 200)
    legend_y = top + plot_height + 38
    for j, s in enumerate(series):
        x, y = left + (j % columns) * 200, legend_y + (j // columns) * 20
        parts.append(
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{s.color}"/>'
            f'<text x="{x + 16}" y="{y}">{escape(s.label[:26])}</text>'
        )
    height = legend_y + -(-len(series) // columns) * 20
    return _svg(width, height, "".join(parts), title)


def horizontal_bars(title: str, items: Sequence[tuple[str, int, str]], width: int = WIDE) -> str:
    """One labelled bar per item (label, value, colour); on a phone the label sits above its bar."""
    bar_height, gap = 22, 8
    stacked = width < 480
    label_width = 0 if stacked else 190
    row = bar_height + gap + (FONT + 6 if stacked else 0)
    peak = max((value for _, value, _ in items), default=0) or 1
    parts = []
    for i, (label, value, color) in enumerate(items):
        y = i * row + (FONT + 6 if stacked else 0)
        bar = value / peak * (width - label_width - 60)
        text_x, anchor, text_y = (
            (0, "start", y - 5) if stacked else (label_width - 6, "end", y + 15)
        )
        parts.append(
            f'<text x="{text_x}" y="{text_y}" text-anchor="{anchor}">{escape(label[: 40 if stacked else 28])}</text>'
            f'<rect x="{label_width}" y="{y}" width="{max(bar, 1):.1f}" height="{bar_height}" '
            f'fill="{color}"/><text x="{label_width + bar + 6:.1f}" y="{y + 15}">{value}</text>'
        )
    return _svg(width, max(len(items), 1) * row, "".join(parts), title)
