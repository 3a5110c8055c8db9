"""Server-rendered bar charts: geometry only, drawn by `dashboards/_bar_chart.html`.

Each bar carries its label and its figure as text, so nothing is told by colour alone; a
target (an agreement's planned volume) is an outlined bar behind the filled one, with the
figure « used / planned » beside it. Every chart is followed by a table of the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from atout.dashboards.selectors import Bar

# Each row: the label on its own line, the bar under it, the figure after the bar. Narrow
# enough to stay legible in a half-width panel and on a phone.
WIDTH = 440
BAR_AREA = 320
ROW = 44
LABEL_HEIGHT = 16
BAR_HEIGHT = 16
TOP = 4


@dataclass(frozen=True)
class DrawnBar:
    label: str
    text: str  # the figure written after the bar
    label_y: int
    y: int  # top of the bar
    text_y: int  # baseline of the figure
    width: float
    target_width: float | None


@dataclass(frozen=True)
class Chart:
    ident: str
    title: str
    description: str
    bars: list[DrawnBar]
    height: int
    width: int = WIDTH
    bar_area: int = BAR_AREA
    text_x: int = BAR_AREA + 8


def _shorten(label: str, limit: int = 60) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _figure(bar: Bar, *, with_percent: bool) -> str:
    if bar.target is not None:
        text = f"{bar.value} / {bar.target}"
        return f"{text} ({_percent(bar.percent)})" if bar.percent is not None else text
    if with_percent and bar.percent is not None:
        return f"{bar.value} ({_percent(bar.percent)})"
    return str(bar.value)


def _percent(value: float) -> str:
    # French typography: a decimal comma and a no-break space before the sign.
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "\u00a0%"


def bar_chart(
    ident: str, title: str, description: str, bars: list[Bar], *, with_percent: bool = False
) -> Chart:
    """Horizontal bars scaled to the largest figure (or target) of the chart."""
    largest = max([b.value for b in bars] + [b.target or 0 for b in bars] + [1])
    drawn = []
    for index, bar in enumerate(bars):
        top = TOP + index * ROW
        drawn.append(
            DrawnBar(
                label=_shorten(bar.label),
                text=_figure(bar, with_percent=with_percent),
                label_y=top + LABEL_HEIGHT - 3,
                y=top + LABEL_HEIGHT + 2,
                text_y=top + LABEL_HEIGHT + BAR_HEIGHT - 1,
                width=round(BAR_AREA * bar.value / largest, 1),
                target_width=(
                    round(BAR_AREA * bar.target / largest, 1) if bar.target is not None else None
                ),
            )
        )
    return Chart(
        ident=ident,
        title=title,
        description=description,
        bars=drawn,
        height=TOP * 2 + max(1, len(bars)) * ROW,
    )
