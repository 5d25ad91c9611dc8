"""Inline SVG charts generated in Python: no script, no CDN, readable on a phone (they scale)."""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#1b6ca8", "#e07b39", "#3a9d5d", "#b8433f", "#7d5ba6", "#c9a227", "#5f6b73")
WIDTH = 640


@dataclass(frozen=True, slots=True)
class Series:
    """One coloured series of a stacked bar chart."""

    label: str
    values: tuple[int, ...]
    color: str


def _svg(height: int, body: str, title: str) -> str:
    return (
        f'<svg viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def stacked_columns(title: str, labels: Sequence[str], series: Sequence[Series]) -> str:
    """Columns per period (weeks), each stacked by series (tools), with a legend underneath."""
    top, plot_height, left = 10, 180, 40
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))] or [0]
    peak = max(max(totals), 1)
    slot = (WIDTH - left - 10) / max(len(labels), 1)
    parts = [
        f'<line x1="{left}" y1="{top + plot_height}" x2="{WIDTH - 10}" y2="{top + plot_height}" stroke="#999"/>',
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
                    f'fill="{s.color}"><title>{escape(s.label)} : {s.values[i]}</title></rect>'
                )
        if len(labels) <= 12 or i % max(1, len(labels) // 8) == 0:
            parts.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_height + 14}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    legend_y = top + plot_height + 34
    for j, s in enumerate(series):
        x, y = left + (j % 3) * 200, legend_y + (j // 3) * 18
        parts.append(
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{s.color}"/>'
            f'<text x="{x + 16}" y="{y}">{escape(s.label[:26])}</text>'
        )
    height = legend_y + ((len(series) + 2) // 3) * 18
    return _svg(height, "".join(parts), title)


def horizontal_bars(title: str, items: Sequence[tuple[str, int, str]]) -> str:
    """One labelled bar per item (label, value, colour), longest first as given."""
    label_width, bar_height, gap = 190, 22, 8
    peak = max((value for _, value, _ in items), default=0) or 1
    parts = []
    for i, (label, value, color) in enumerate(items):
        y = i * (bar_height + gap)
        width = value / peak * (WIDTH - label_width - 70)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{escape(label[:28])}</text>'
            f'<rect x="{label_width}" y="{y}" width="{max(width, 1):.1f}" height="{bar_height}" '
            f'fill="{color}"/><text x="{label_width + width + 6:.1f}" y="{y + 15}">{value}</text>'
        )
    return _svg(max(len(items), 1) * (bar_height + gap), "".join(parts), title)
