"""Charts drawn on the server as SVG, the same in the page and the PDF."""

from __future__ import annotations

from functools import lru_cache
from math import ceil

from markupsafe import Markup, escape
from PIL import ImageFont

from app.instrument import Instrument
from app.language import _
from app.scoring import Result

from .pdf import STATIC

# By what a sign's answer means (Instrument.means), so any instrument's answers get the right colour.
COLOURS = {"present": "#b42318", "partly": "#b54708", "absent": "#067647", "unknown": "#475467"}
ROW, LABEL_W, BAR_W, WIDTH = 34, 290, 220, 600
# The PDF's SVG text doesn't take the report's CSS, so the font is named on the chart itself (the
# report's bundled font); in the page, the site's stylesheet sets the chart's text and wins.
FONT = 'font-family="Report Sans, DejaVu Sans, sans-serif"'
# The size the PDF draws the chart's words at. Words longer than the English ones (German) widen
# the chart instead of being cut off: its columns grow to the widest word, so it is drawn smaller.
TEXT_SIZE = 16


@lru_cache(maxsize=1)
def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(STATIC / "fonts" / "DejaVuSans.ttf"), TEXT_SIZE)


def text_width(text: str) -> int:
    """How wide `text` is drawn in the chart, in its own units, rounded up."""
    return ceil(_font().getlength(text))


def signs_chart(
    result: Result, instrument: Instrument, labels: dict[str, str] | None = None, chart_id: str = "signs-chart"
) -> Markup:
    """One bar per sign: longer and redder means more coupled. `labels` replace the answer's
    words for some signs (a combined answer that is disputed)."""
    labels = labels or {}
    height = ROW * len(result.signs) + 30
    words = {
        s.id: labels.get(s.id) or instrument.option_label("sign", result.signs[s.id].answer) for s in instrument.signs
    }
    label_w = max(LABEL_W, max(text_width(s.title) for s in instrument.signs) + 12)
    width = label_w + BAR_W + max(WIDTH - LABEL_W - BAR_W, max(map(text_width, words.values())) + 10)
    rows = []
    for i, sign in enumerate(instrument.signs):
        answer = result.signs[sign.id].answer
        y = 10 + i * ROW
        length = max(4, BAR_W * instrument.points(answer))
        means = instrument.means(answer)
        fill = f"url(#{chart_id}-hatch)" if means == "unknown" else COLOURS[means]
        rows.append(
            f'<text x="{label_w - 10}" y="{y + 17}" text-anchor="end" class="chart-label"'
            f' fill="#101828">{escape(sign.title)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{BAR_W}" height="20" fill="#f2f4f7"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{length:.0f}" height="20" fill="{fill}"'
            f' stroke="{COLOURS[means]}" stroke-width="1"/>'
            f'<text x="{label_w + BAR_W + 8}" y="{y + 19}" class="chart-value"'
            f' fill="#101828">{escape(words[sign.id])}</text>'
        )
    summary = "; ".join(f"{s.title}: {words[s.id]}" for s in instrument.signs)
    title = _("%(signs)s as answered. %(answers)s.", signs=instrument.signs_title, answers=summary)
    axis_y = 10 + ROW * len(result.signs) + 12
    less, more = _("less coupled"), _("more coupled")
    # The axis's two ends under the bar's; "more coupled" moves out to the chart's edge if they would meet.
    more_x = label_w + BAR_W if text_width(less) + text_width(more) + 8 <= BAR_W else width - 2
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="img" aria-labelledby="{chart_id}-title" class="signs-chart" {FONT}>'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
        f' patternTransform="rotate(45)"><rect width="6" height="6" fill="#d0d5dd"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#475467" stroke-width="2"/></pattern></defs>'
        + "".join(rows)
        + f'<text x="{label_w}" y="{axis_y}" class="chart-axis" fill="#475467">{escape(less)}</text>'
        f'<text x="{more_x}" y="{axis_y}" text-anchor="end" class="chart-axis"'
        f' fill="#475467">{escape(more)}</text>'
        "</svg>"
    )


def score_history_chart(points: list[tuple[str, int]], chart_id: str = "score-history") -> Markup:
    """The coupling score of each assessment, oldest first, as a line."""
    width, height, left, top, plot_h = 600, 220, 40, 20, 150
    step = (width - left - 60) / max(len(points) - 1, 1)
    coords = [(left + i * step, top + plot_h * (1 - score / 100)) for i, (_, score) in enumerate(points)]
    grid = "".join(
        f'<line x1="{left}" y1="{top + plot_h * (1 - v / 100):.0f}" x2="{width - 20}" '
        f'y2="{top + plot_h * (1 - v / 100):.0f}" stroke="#d0d5dd" stroke-width="1"/>'
        f'<text x="{left - 6}" y="{top + plot_h * (1 - v / 100) + 4:.0f}" text-anchor="end" class="chart-axis"'
        f' fill="#475467">{v}</text>'
        for v in (0, 50, 100)
    )
    line = " ".join(f"{x:.0f},{y:.0f}" for x, y in coords)
    dots = "".join(
        f'<circle cx="{x:.0f}" cy="{y:.0f}" r="4" fill="#1d4ed8"/>'
        f'<text x="{x:.0f}" y="{y - 9:.0f}" text-anchor="middle" class="chart-value" fill="#101828">{score}</text>'
        f'<text x="{x:.0f}" y="{top + plot_h + 22}" text-anchor="middle" class="chart-axis"'
        f' fill="#475467">{escape(label)}</text>'
        for (x, y), (label, score) in zip(coords, points, strict=True)
    )
    summary = "; ".join(f"{label}: {score}" for label, score in points)
    title = _("Coupling score over time (0 to 100, lower is better). %(scores)s.", scores=summary)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="img" aria-labelledby="{chart_id}-title" class="history-chart" {FONT}>'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'{grid}<polyline points="{line}" fill="none" stroke="#1d4ed8" stroke-width="2.5"/>{dots}</svg>'
    )
