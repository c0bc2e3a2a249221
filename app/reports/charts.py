"""Charts drawn on the server as SVG, the same in the page and the PDF."""
from __future__ import annotations

from markupsafe import Markup, escape

from app.instrument import Instrument
from app.scoring import Result

COLOURS = {"yes": "#b42318", "partly": "#b54708", "no": "#067647", "unsure": "#475467"}
ROW, LABEL_W, BAR_W, WIDTH = 34, 290, 220, 600


def signs_chart(result: Result, instrument: Instrument, chart_id: str = "signs-chart") -> Markup:
    """One bar per sign: longer and redder means more coupled."""
    height = ROW * len(result.signs) + 30
    rows = []
    for i, sign in enumerate(instrument.signs):
        answer = result.signs[sign.id].answer
        y = 10 + i * ROW
        length = max(4, BAR_W * instrument.points(answer))
        fill = f"url(#{chart_id}-hatch)" if answer == "unsure" else COLOURS[answer]
        label = escape(instrument.option_label("sign", answer))
        rows.append(
            f'<text x="{LABEL_W - 10}" y="{y + 17}" text-anchor="end" class="chart-label">{escape(sign.title)}</text>'
            f'<rect x="{LABEL_W}" y="{y + 4}" width="{BAR_W}" height="20" fill="#f2f4f7"/>'
            f'<rect x="{LABEL_W}" y="{y + 4}" width="{length:.0f}" height="20" fill="{fill}"'
            f' stroke="{COLOURS[answer]}" stroke-width="1"/>'
            f'<text x="{LABEL_W + BAR_W + 8}" y="{y + 19}" class="chart-value">{label}</text>'
        )
    summary = "; ".join(
        f"{escape(s.title)}: {escape(instrument.option_label('sign', result.signs[s.id].answer))}"
        for s in instrument.signs
    )
    axis_y = 10 + ROW * len(result.signs) + 12
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"'
        f' role="img" aria-labelledby="{chart_id}-title" class="signs-chart">'
        f'<title id="{chart_id}-title">The six signs as answered. {summary}.</title>'
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
        f' patternTransform="rotate(45)"><rect width="6" height="6" fill="#d0d5dd"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#475467" stroke-width="2"/></pattern></defs>'
        + "".join(rows)
        + f'<text x="{LABEL_W}" y="{axis_y}" class="chart-axis">less coupled</text>'
        f'<text x="{LABEL_W + BAR_W}" y="{axis_y}" text-anchor="end" class="chart-axis">more coupled</text>'
        "</svg>"
    )
