"""The Summary, Standards and Comments sheets: the cycle's scores and comments as the
disclosable view (results.results_for) gives them, and nothing else. A figure the view
hides is None there and a few words here, never a number."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from healthcheck import cycles
from healthcheck.workbook.cells import (
    BOLD,
    HEADING,
    WRAPPED,
    WorkbookContext,
    add_band_formats,
    band_chart_colour,
    fit_row_heights,
    print_landscape,
    set_widths,
    write_row,
)

NO_SCORE = "No score"
NO_DATA = "No data"
NOT_AVAILABLE = "Not available"
CHANGE_FORMAT = "+0;-0;0"
PARTS = (("practitioner", "Practitioners"), ("organisation", "Organisation's view"), ("workforce", "Workforce figures"))
# The Summary's table of standards: the chart reads its labels and scores from these columns.
LABEL_COLUMN, SCORE_COLUMN = 1, 2
# A bar with no band (no score draws no bar anyway) keeps a neutral colour.
CHART_BAR_COLOUR = "505A5F"
LEFT = Alignment(horizontal="left", vertical="top")


def fewer_than(context: WorkbookContext) -> str:
    return f"Fewer than {context.threshold} responses"


def coverage(value: dict) -> str:
    return f"{value['with_data']} of {value['of']} step{'' if value['of'] == 1 else 's'}"


def score_or_words(score):
    return NO_SCORE if score is None else score


def change_or_words(change):
    return NOT_AVAILABLE if change is None else change


def basis_words(entry: dict) -> str:
    """Whose view a score rests on, when it rests wholly or partly on the organisation's own."""
    if entry.get("basis") == "organisation":
        return "Organisation's own view only"
    steps = entry.get("self_assessed_steps")
    if steps:
        of = entry["coverage"]["with_data"]
        return f"{steps} of {of} steps rest only on the organisation's own view"
    return ""


def interval_words(entry: dict) -> str:
    """The 95 % interval as the pages give it, or why there is none."""
    if entry.get("interval"):
        return f"{entry['interval']['low']} to {entry['interval']['high']} ({entry['band_range']})"
    if entry.get("sampling") == "none":
        return "No sampling error"
    if entry.get("sampling") == "too few":
        return "Too few answers"
    return ""


def verdict_words(entry: dict) -> str:
    return (entry.get("change_verdict") or "").capitalize()


def part_or_words(value):
    return NO_DATA if value is None else value


def _format_changes(sheet, row: int, columns) -> None:
    for column in columns:
        cell = sheet.cell(row=row, column=column)
        if isinstance(cell.value, int):
            cell.number_format = CHANGE_FORMAT


# --- Summary ------------------------------------------------------------------


def add_summary_sheet(book, context: WorkbookContext, view: dict) -> None:
    sheet = book.create_sheet("Summary")
    cycle, bank = context.cycle, context.bank
    write_row(sheet, 1, [f"{bank.name}: {cycle['name']}"], font=HEADING)
    facts = [
        ("Organisation", context.organisation or "Not set"),
        ("Cycle", cycle["name"]),
        ("Survey dates", cycles.survey_period(cycle)),
        ("Responses", fewer_than(context) if view["respondents"] is None else view["respondents"]),
        ("Eligible staff", view["eligible"]),
        ("Response rate", NOT_AVAILABLE if view["response_rate"] is None else view["response_rate"] / 100),
        ("Reporting threshold", f"Groups with fewer than {context.threshold} responses are not shown"),
        ("Compared with", (view.get("previous_cycle") or {}).get("name") or "No earlier cycle to compare with"),
    ]
    row = 3
    for label, value in facts:
        # Not wrapped: a long value runs on into the empty cells beside it.
        write_row(sheet, row, [label, value], alignment=LEFT)
        sheet.cell(row=row, column=1).font = BOLD
        if label == "Response rate" and not isinstance(value, str):
            sheet.cell(row=row, column=2).number_format = "0%"
        row += 1
    row += 1
    write_row(sheet, row, ["Scores by standard (out of 100)"], font=BOLD)
    header = row + 1
    write_row(
        sheet,
        header,
        [
            "Standard",
            "Score",
            "Band",
            "Change since last cycle",
            "Coverage",
            *(name for _, name in PARTS),
            "Whose view",
            "95% interval",
            "Change: clear or not",
        ],
        font=BOLD,
        alignment=WRAPPED,
    )
    row = header
    for standard in view["standards"]:
        row += 1
        write_row(
            sheet,
            row,
            [
                context.standard_label(standard["number"]),
                standard["score"],  # left empty when there is no score, so the chart shows no bar
                standard["band"] or NO_SCORE,
                change_or_words(standard["change"]),
                f"{coverage(standard['coverage'])} with data",
                *(part_or_words(standard["parts"][part]) for part, _ in PARTS),
                basis_words(standard),
                interval_words(standard),
                verdict_words(standard),
            ],
            alignment=WRAPPED,
        )
        _format_changes(sheet, row, [4])
    score_letter = get_column_letter(SCORE_COLUMN)
    add_band_formats(sheet, f"{score_letter}{header + 1}:{score_letter}{row}", bank)
    write_row(
        sheet,
        row + 1,
        [
            "Each score comes with its band in words. The Standards sheet gives every step; the About sheet "
            "explains the scoring."
        ],
    )
    bar_colours = [band_chart_colour(bank, standard["band"]) for standard in view["standards"]]
    add_standards_chart(sheet, header, row, anchor=f"A{row + 3}", bar_colours=bar_colours)
    set_widths(sheet, [46, 9, 12, 14, 22, 15, 15, 15, 24, 20, 16])
    fit_row_heights(sheet, first_row=3)
    print_landscape(sheet)
    sheet.page_setup.fitToHeight = 1  # the figures and their chart on one page


def add_standards_chart(sheet, header: int, last: int, anchor: str, bar_colours=()) -> BarChart:
    """A native bar chart of the standards' scores, reading the Summary's own cells; each
    bar in its band's colour (bar_colours, one per row), with the band in words in the table."""
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = "Scores by standard (out of 100)"
    chart.add_data(Reference(sheet, min_col=SCORE_COLUMN, min_row=header, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=LABEL_COLUMN, min_row=header + 1, max_row=last))
    series = chart.series[0]
    series.graphicalProperties = GraphicalProperties(solidFill=CHART_BAR_COLOUR)
    series.invertIfNegative = False
    for index, colour in enumerate(bar_colours):
        if colour:
            series.dPt.append(DataPoint(idx=index, invertIfNegative=False, spPr=GraphicalProperties(solidFill=colour)))
    chart.legend = None
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    chart.dataLabels.showSerName = chart.dataLabels.showCatName = False
    chart.dataLabels.showLegendKey = chart.dataLabels.showPercent = False
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.y_axis.majorUnit = 25
    chart.y_axis.title = "Score out of 100"
    chart.x_axis.scaling.orientation = "maxMin"  # standard 1 at the top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = 26, 11
    sheet.add_chart(chart, anchor)
    return chart


# --- Standards ----------------------------------------------------------------

STANDARD_COLUMNS = [
    ("Standard", 30),
    ("Step", 8),
    ("What the step asks", 46),
    ("Score", 9),
    ("Band", 11),
    ("Change", 9),
    ("Coverage", 14),
    ("Responses", 11),
    ("Practitioners", 13),
    ("Organisation's view", 13),
    ("Workforce figures", 13),
    ("The organisation's answer", 26),
    ("The organisation beside practitioners", 46),
    ("Whose view", 24),
    ("95% interval", 20),
    ("Change: clear or not", 16),
]


def add_standards_sheet(book, context: WorkbookContext, view: dict) -> None:
    sheet = book.create_sheet("Standards")
    write_row(sheet, 1, ["Every step, with its practitioner, organisation and workforce parts"], font=HEADING)
    write_row(
        sheet,
        2,
        [
            f"Whole organisation. A part says 'No data' when there is nothing to score it from, or when fewer than "
            f"{context.threshold} people answered its questions. Scores are out of 100."
        ],
    )
    write_row(sheet, 4, [name for name, _ in STANDARD_COLUMNS], font=BOLD, alignment=WRAPPED)
    row = 4
    for standard in view["standards"]:
        row += 1
        _standard_row(sheet, row, context, standard)
        for step in standard["steps"]:
            row += 1
            _step_row(sheet, row, context, standard, step)
    add_band_formats(sheet, f"D5:D{max(row, 5)}", context.bank)
    set_widths(sheet, [width for _, width in STANDARD_COLUMNS])
    sheet.freeze_panes = "C5"
    fit_row_heights(sheet, first_row=4)
    print_landscape(sheet, title_rows="4:4")


def _figures(item: dict) -> list:
    return [
        item["score"],
        item["band"] or NO_SCORE,
        change_or_words(item["change"]),
        coverage(item["coverage"]),
        NO_DATA if item["respondents"] is None else item["respondents"],
        *(part_or_words(item["parts"][part]) for part, _ in PARTS),
    ]


def _standard_row(sheet, row: int, context: WorkbookContext, standard: dict) -> None:
    earlier = f"Called '{standard['title_2020']}' in 2020" if standard["title_2020"] else ""
    write_row(
        sheet,
        row,
        [
            context.standard_label(standard["number"]),
            "All steps",
            earlier,
            *_figures(standard),
            "",
            "",
            basis_words(standard),
            interval_words(standard),
            verdict_words(standard),
        ],
        font=BOLD,
        alignment=WRAPPED,
    )
    _format_changes(sheet, row, [6])


def _step_row(sheet, row: int, context: WorkbookContext, standard: dict, step: dict) -> None:
    answers = "; ".join(entry["label"] or "Not answered yet" for entry in step["organisation"])
    write_row(
        sheet,
        row,
        [
            context.standard_label(standard["number"]),
            "Supplementary" if step["supplementary"] else step["number"],
            step["title"],
            *_figures(step),
            answers,
            step["gap"] or "",
            basis_words(step),
            interval_words(step),
            verdict_words(step),
        ],
        alignment=WRAPPED,
    )
    _format_changes(sheet, row, [6])


# --- Comments -----------------------------------------------------------------


def add_comments_sheet(book, context: WorkbookContext, view: dict) -> None:
    sheet = book.create_sheet("Comments")
    write_row(sheet, 1, ["Comments by standard"], font=HEADING)
    if view["fewer_than_threshold"]:
        write_row(sheet, 3, [f"Comments are shown once at least {context.threshold} people have answered."])
        set_widths(sheet, [90])
        print_landscape(sheet)
        return
    write_row(
        sheet,
        2,
        [
            "In alphabetical order within each standard, so their order says nothing about who wrote them. A "
            f"comment names its group only when the group has at least {view['comment_threshold']} respondents; "
            "otherwise it carries no group."
        ],
    )
    write_row(sheet, 4, ["Standard", "Group", "Question", "Comment"], font=BOLD)
    row = 4
    for standard in view["standards"]:
        comments = view["comments"].get(standard["number"], [])
        if not comments:
            row += 1
            write_row(
                sheet, row, [context.standard_label(standard["number"]), "", "", "No comments"], alignment=WRAPPED
            )
        for comment in comments:
            row += 1
            write_row(
                sheet,
                row,
                [
                    context.standard_label(standard["number"]),
                    comment["group"] or "",
                    comment["question"] or "About the standard as a whole",
                    comment["text"],
                ],
                alignment=WRAPPED,
            )
    sheet.auto_filter.ref = f"A4:D{row}"
    sheet.freeze_panes = "A5"
    set_widths(sheet, [30, 24, 30, 80])
    fit_row_heights(sheet, first_row=5)
    print_landscape(sheet, title_rows="4:4")
