"""The briefing as a PowerPoint deck: a title slide, an overview with a native bar chart of
the eight standards, one slide per standard with a native chart of its steps and its key
figures, a heatmap of shown groups by standard, what staff said and the action plan. Every
chart is a chart object (editable, its data inside), never a picture; every bar and cell
gives its band in words as well as colour."""

from __future__ import annotations

import io
import textwrap

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.dml import MSO_PATTERN
from pptx.util import Inches, Pt

from healthcheck import cycles
from healthcheck.formatting import long_date
from healthcheck.reports import background
from healthcheck.reports.colours import band_colour
from healthcheck.reports.pack import CommitteePack, lowest_groups
from healthcheck.reports.wording import (
    basis_text,
    change_text,
    clean,
    interval_text,
    plural,
    respondents_text,
    score_text,
    short_cell,
)

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# Rows of a heatmap table that stay readable on one slide.
HEATMAP_ROWS = 12
THEMES_SHOWN = 8
ACTIONS_SHOWN = 8
PATTERNS = {"xx": MSO_PATTERN.WIDE_UPWARD_DIAGONAL, "//": MSO_PATTERN.LIGHT_UPWARD_DIAGONAL}


def briefing_filename(cycle: dict) -> str:
    return f"{cycle['slug']}-briefing.pptx"


def briefing(pack: CommitteePack) -> bytes:
    """The deck's bytes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    deck.core_properties.title = pack.title
    _title_slide(deck, pack)
    _overview_slide(deck, pack)
    for standard in pack.standards:
        _standard_slide(deck, pack, standard)
    _heatmap_slides(deck, pack)
    _themes_slide(deck, pack)
    _actions_slide(deck, pack)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _slide(deck, title: str):
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.9)
    shape.text = clean(title)
    paragraph = shape.text_frame.paragraphs[0]
    paragraph.font.size = Pt(28)
    paragraph.font.bold = True
    return slide


def _text(slide, lines: list[str], left, top, width, height, size: int = 16) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = clean(line)
        paragraph.font.size = Pt(size)
        paragraph.space_after = Pt(6)


def _title_slide(deck, pack: CommitteePack) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.title.text = clean(pack.title)
    subtitle = slide.placeholders[1]
    subtitle.text = clean(
        "\n".join(
            line
            for line in [
                pack.organisation,
                cycles.survey_period(pack.cycle),
                f"Briefing prepared on {long_date(pack.made_on)}",
            ]
            if line
        )
    )


def _overview_slide(deck, pack: CommitteePack) -> None:
    slide = _slide(deck, "Scores by standard")
    rows = [(f"{s['number']}. {s['short_title']}", s) for s in pack.standards]
    _bar_chart(slide, pack, rows, Inches(0.4), Inches(1.3), Inches(8.4), Inches(5.9), "Score out of 100")
    view = pack.view
    lines = [
        respondents_text(view),
        f"Groups of fewer than {view['reporting_threshold']} people are not shown.",
        "Bands: " + ", ".join(f"{b['name']} {b['min']}–{b['max']}" for b in pack.bands) + ".",
        '"Own view" is the organisation\'s view of itself.',
    ]
    if view["previous_cycle"]:
        lines.append(f"Compared with {view['previous_cycle']['name']}.")
    _text(slide, lines, Inches(9.0), Inches(1.4), Inches(3.9), Inches(5.6), size=16)


def _standard_slide(deck, pack: CommitteePack, standard: dict) -> None:
    slide = _slide(deck, f"Standard {standard['number']}: {standard['title']}")
    rows = [
        (
            textwrap.shorten(
                step["title"] if step["supplementary"] else f"{step['number']}. {step['title']}", 60, placeholder="…"
            ),
            step,
        )
        for step in standard["steps"]
    ]
    _bar_chart(slide, pack, rows, Inches(0.4), Inches(1.3), Inches(8.4), Inches(5.9), "Step score out of 100")
    parts = standard["parts"]
    previous = pack.view["previous_cycle"]
    lines = [
        f"Score: {score_text(standard)}",
        f"95% interval: {interval_text(standard)}",
        f"Change since last cycle: {change_text(standard, previous)}" if previous else None,
        f"Whose view: {basis_text(standard)}",
        "Practitioners {}; own view {}; workforce figures {}".format(
            *("–" if parts[key] is None else parts[key] for key in ("practitioner", "organisation", "workforce"))
        ),
        None if pack.view["fewer_than_threshold"] else plural(pack.comment_count(standard["number"]), "comment"),
    ]
    _text(slide, [line for line in lines if line], Inches(9.0), Inches(1.4), Inches(3.9), Inches(5.6), size=16)


def _bar_chart(slide, pack: CommitteePack, rows: list[tuple[str, dict]], left, top, width, height, axis: str):
    """A native clustered bar chart: one bar per row, coloured and patterned by band, each
    labelled with its score and band in words."""
    data = CategoryChartData(number_format="0")
    data.categories = [clean(label) for label, _ in rows]
    data.add_series(axis, [entry["score"] for _, entry in rows])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, top, width, height, data).chart
    chart.has_legend = False
    chart.font.size = Pt(14)
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.vary_by_categories = False
    chart.category_axis.reverse_order = True
    chart.category_axis.tick_labels.font.size = Pt(13)
    values = chart.value_axis
    values.minimum_scale, values.maximum_scale, values.major_unit = 0, 100, 25
    values.has_major_gridlines = True
    values.tick_labels.font.size = Pt(12)
    series = chart.series[0]
    for index, (_, entry) in enumerate(rows):
        point = series.points[index]
        colour = band_colour(pack.bands, entry["band"])
        fill = point.format.fill
        if colour.hatch in PATTERNS:
            fill.patterned()
            fill.pattern = PATTERNS[colour.hatch]
            fill.fore_color.rgb = RGBColor.from_string(colour.fill)
            fill.back_color.rgb = RGBColor.from_string(colour.light)
        else:
            fill.solid()
            fill.fore_color.rgb = RGBColor.from_string(colour.fill)
        label = point.data_label
        label.position = XL_LABEL_POSITION.OUTSIDE_END
        said = "No score" if entry["score"] is None else f"{entry['score']} {entry['band']}"
        # as on the pages and in the report: a score resting only on the organisation's view says so
        label.text_frame.text = said + (" (own view only)" if entry.get("basis") == "organisation" else "")
        label.text_frame.paragraphs[0].font.size = Pt(13)
        label.text_frame.paragraphs[0].font.bold = True
    return chart


def _heatmap_slides(deck, pack: CommitteePack) -> None:
    """Shown teams by standard on one slide when they fit; otherwise the service areas (as
    many slides as they need) and the teams with the lowest mean score, said so on the slide."""
    teams = pack.shown_groups("team")
    if len(teams) <= HEATMAP_ROWS:
        _heatmap(deck, pack, "Teams by standard", teams, None)
        return
    areas = pack.shown_groups("service")
    for start in range(0, len(areas), HEATMAP_ROWS):
        part = f" ({start // HEATMAP_ROWS + 1})" if len(areas) > HEATMAP_ROWS else ""
        _heatmap(deck, pack, f"Service areas by standard{part}", areas[start : start + HEATMAP_ROWS], None)
    lowest = lowest_groups(teams, HEATMAP_ROWS)
    note = (
        f"The {HEATMAP_ROWS} teams with the lowest mean standard score, of the {len(teams)} teams shown; every "
        "shown team's scores are in the CSV download and on the results pages."
    )
    _heatmap(deck, pack, f"The {HEATMAP_ROWS} lowest-scoring teams", lowest, note)


def _heatmap(deck, pack: CommitteePack, title: str, rows: list[dict], note: str | None) -> None:
    slide = _slide(deck, title)
    numbers = [standard["number"] for standard in pack.standards]
    top = Inches(1.25)
    if note:
        _text(slide, [note], Inches(0.5), Inches(1.1), Inches(12.3), Inches(0.5), size=13)
        top = Inches(1.65)
    if not rows:
        _text(slide, ["No group reaches the reporting threshold."], Inches(0.5), top, Inches(12), Inches(1))
        return
    height = Inches(0.36) * (len(rows) + 1)
    table = slide.shapes.add_table(len(rows) + 1, len(numbers) + 2, Inches(0.5), top, Inches(12.3), height).table
    table.columns[0].width = Inches(2.9)
    table.columns[1].width = Inches(1.0)
    for column in range(2, len(numbers) + 2):
        table.columns[column].width = Inches(1.05)
    headings = ["Group", "Responses"] + [f"S{number}" for number in numbers]
    for column, heading in enumerate(headings):
        _cell(table.cell(0, column), heading, 11, bold=True)
    for index, row in enumerate(rows, start=1):
        _cell(table.cell(index, 0), row["name"], 12)
        _cell(table.cell(index, 1), str(row["respondents"]), 12)
        for column, entry in enumerate(row["standards"], start=2):
            colour = band_colour(pack.bands, entry["band"])
            _cell(table.cell(index, column), short_cell(entry), 11, fill=colour.light, colour=colour.text)
    _text(
        slide,
        [
            "; ".join(f"S{s['number']} {s['short_title']}" for s in pack.standards)
            + f". Groups of fewer than {pack.view['reporting_threshold']} responses are not listed."
        ],
        Inches(0.5),
        Inches(6.75),
        Inches(12.3),
        Inches(0.6),
        size=11,
    )


def _cell(cell, value: str, size: int, bold: bool = False, fill: str | None = None, colour: str | None = None):
    cell.text = clean(value)
    font = cell.text_frame.paragraphs[0].font
    font.size = Pt(size)
    font.bold = bold
    cell.margin_left = cell.margin_right = Inches(0.05)
    if fill:
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor.from_string(fill)
        font.color.rgb = RGBColor.from_string(colour or "0B0C0C")


def _table(slide, headings: list[str], rows: list[list[str]], widths: list[float]):
    top = Inches(1.6)
    height = Inches(0.4) * (len(rows) + 1)
    table = slide.shapes.add_table(len(rows) + 1, len(headings), Inches(0.5), top, Inches(sum(widths)), height).table
    for column, width in enumerate(widths):
        table.columns[column].width = Inches(width)
    for column, heading in enumerate(headings):
        _cell(table.cell(0, column), heading, 13, bold=True)
    for index, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            _cell(table.cell(index, column), value, 12)
    return table


def _themes_slide(deck, pack: CommitteePack) -> None:
    slide = _slide(deck, "What staff said")
    _text(slide, [background.comments_summary(pack)], Inches(0.5), Inches(1.1), Inches(12.3), Inches(0.5), size=14)
    if pack.view["fewer_than_threshold"]:
        return
    if pack.themes:
        shown = pack.themes[:THEMES_SHOWN]
        rows = [
            [
                theme["name"],
                f"{theme['count']} ({round(100 * theme.get('share', 0))}%)",
                textwrap.shorten(clean((theme.get("examples") or [""])[0]), 150, placeholder="…"),
            ]
            for theme in shown
        ]
        _table(slide, ["Theme", "Comments", "An example, in the writer's words"], rows, [3.2, 1.6, 7.5])
        if len(pack.themes) > THEMES_SHOWN:
            more = len(pack.themes) - THEMES_SHOWN
            _text(
                slide,
                [f"And {plural(more, 'more theme')}, in the report."],
                Inches(0.5),
                Inches(6.9),
                Inches(12),
                Inches(0.4),
                size=12,
            )
        return
    rows = [[f"{s['number']}. {s['title']}", str(pack.comment_count(s["number"]))] for s in pack.standards]
    _table(slide, ["Standard", "Comments"], rows, [9.0, 2.0])


def _actions_slide(deck, pack: CommitteePack) -> None:
    """The plan's state, and the actions that most need attention: overdue, off track, at risk."""
    slide = _slide(deck, "Action plan")
    _text(slide, [background.action_status_counts(pack)], Inches(0.5), Inches(1.1), Inches(12.3), Inches(0.5), size=14)
    if not pack.actions:
        return
    urgency = {"Off track": 0, "At risk": 1, "On track": 2}
    open_actions = [action for action in pack.actions if action["status"] not in ("Complete", "Cancelled")]
    chosen = sorted(
        open_actions or pack.actions,
        key=lambda action: (not action["overdue"], urgency.get(action["progress"], 3), action["target_date"] or ""),
    )[:ACTIONS_SHOWN]
    rows = [
        [
            action["reference"],
            str(action["standard"]),
            textwrap.shorten(clean(action["action"]), 90, placeholder="…"),
            textwrap.shorten(clean(action["owner"]), 40, placeholder="…"),
            long_date(action["target_date"]),
            f"{action['status']}, {action['progress'].lower()}" + (", overdue" if action["overdue"] else ""),
        ]
        for action in chosen
    ]
    _table(slide, ["Ref", "Standard", "Action", "Owner", "Target date", "Status"], rows, [0.9, 1.1, 4.8, 2.1, 1.6, 1.8])
    if len(pack.actions) > len(chosen):
        _text(
            slide,
            [
                f"The {len(chosen)} that most need attention (overdue first); the whole plan is in the report and the workbook."
            ],
            Inches(0.5),
            Inches(6.9),
            Inches(12.3),
            Inches(0.4),
            size=12,
        )
