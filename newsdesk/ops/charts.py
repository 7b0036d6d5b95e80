"""Bar-chart geometry for the operations dashboard: numbers in, rectangles and ticks out.

Pure Python. The SVG itself is a Django template (``ops/bar_chart.svg``) so every label
goes through the template engine's escaping; nothing here builds markup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 12, 28


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: float
    shown: str  # the value as the tooltip and table say it


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class XLabel:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    title: str
    unit: str
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    x_labels: list[XLabel]
    plot_left: int
    plot_bottom: int
    plot_right: int
    empty: bool


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 x 10^n at or above ``value`` (axis tops people can read)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)


def _fmt(value: float) -> str:
    return f"{value:.0f}" if value == int(value) or abs(value) >= 100 else f"{value:.1f}"


def bar_chart(title: str, points: Sequence[tuple[str, float]], *, unit: str = "",
              top: float | None = None, every: int = 1) -> Chart:
    """Lay out one bar per point; ``top`` fixes the axis (100 for percentages); an x label
    is printed on every ``every``-th bar so hourly charts stay legible."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    ceiling = top if top is not None else nice_ceiling(max((v for _, v in points), default=0))
    slot = plot_w / max(len(points), 1)
    bars, x_labels = [], []
    for i, (label, value) in enumerate(points):
        h = plot_h * min(max(value, 0.0), ceiling) / ceiling
        x = LEFT + i * slot
        bars.append(Bar(x=round(x + slot * 0.1, 2), y=round(TOP + plot_h - h, 2),
                        width=round(slot * 0.8, 2), height=round(h, 2), label=label,
                        value=value, shown=f"{_fmt(value)}{unit}"))
        if i % every == 0:
            x_labels.append(XLabel(x=round(x + slot / 2, 2), label=label))
    ticks = [Tick(y=round(TOP + plot_h - plot_h * f, 2), label=f"{_fmt(ceiling * f)}{unit}")
             for f in (0, 0.5, 1)]
    return Chart(title=title, unit=unit, width=WIDTH, height=HEIGHT, bars=bars, ticks=ticks,
                 x_labels=x_labels, plot_left=LEFT, plot_bottom=TOP + plot_h,
                 plot_right=WIDTH - RIGHT, empty=not any(v for _, v in points))
