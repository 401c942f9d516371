"""The committee report as a Word document, in the shape councils use: title block, purpose,
recommendations (for the principal social worker to complete, clearly marked), background,
findings by standard with charts, the organisation's view beside practitioners', workforce
indicators beside benchmarks, what staff said, the action plan and next steps."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from healthcheck import cycles
from healthcheck.formatting import indicator_text, long_date
from healthcheck.reports import background, charts
from healthcheck.reports.colours import band_colour
from healthcheck.reports.pack import BREAKDOWN_NAMES, CommitteePack
from healthcheck.reports.wording import (
    basis_text,
    change_text,
    clean,
    interval_text,
    plural,
    score_text,
    short_cell,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHART_WIDTH = Cm(16)


def report_filename(cycle: dict) -> str:
    return f"{cycle['slug']}-committee-report.docx"


def committee_report(pack: CommitteePack) -> bytes:
    """The Word report's bytes."""
    document = Document()
    document.core_properties.title = pack.title
    document.core_properties.author = pack.organisation or "Social Work Health Check"
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    _title_block(document, pack)
    document.add_heading("1. Purpose of the report", 1)
    document.add_paragraph(background.purpose(pack))
    document.add_heading("2. Recommendations", 1)
    document.add_paragraph("It is recommended that the committee:")
    for number, line in enumerate(background.recommendations(), start=1):
        paragraph = document.add_paragraph(f"2.{number} ")
        _placeholder(paragraph, line)
    _background(document, pack)
    _findings(document, pack)
    _workforce(document, pack)
    _what_staff_said(document, pack)
    _action_plan(document, pack)
    document.add_heading("8. Next steps", 1)
    for line in background.next_steps(pack):
        paragraph = document.add_paragraph(style="List Bullet")
        _placeholder(paragraph, line) if line.startswith("[") else paragraph.add_run(line)
    _appendix(document, pack)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _placeholder(paragraph, text: str) -> None:
    """Text the principal social worker replaces: bold, highlighted and in square brackets."""
    run = paragraph.add_run(text)
    run.bold = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _title_block(document, pack: CommitteePack) -> None:
    document.add_heading(pack.title, 0)
    rows = [
        ("Report to", None, "the committee or board, for example the Adult Social Care Scrutiny Committee"),
        ("Date of meeting", None, "the date of the meeting"),
        ("Report of", None, "the director responsible"),
        ("Author", None, "the principal social worker's name and contact details"),
        ("Organisation", pack.organisation or None, "the organisation's name"),
        ("Subject", f"Social Work Health Check: {pack.cycle['name']}", None),
        ("Prepared on", long_date(pack.made_on), None),
    ]
    table = _table(document, None, len(rows), 2, widths=[4.5, 12.5])
    for cells, (label, value, missing) in zip(table.rows, rows):
        cells.cells[0].text = label
        cells.cells[0].paragraphs[0].runs[0].bold = True
        if value:
            cells.cells[1].text = clean(value)
        else:
            _placeholder(cells.cells[1].paragraphs[0], background.placeholder(missing))


def _background(document, pack: CommitteePack) -> None:
    document.add_heading("3. Background", 1)
    document.add_heading("The Social Work Health Check", 2)
    document.add_paragraph(background.health_check())
    document.add_heading("The eight employer standards", 2)
    bank = cycles.cycle_bank(pack.cycle)
    for standard in bank.standards:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{standard.number}. {standard.name}. ").bold = True
        paragraph.add_run(clean(standard.description))
    document.add_heading("How it was run", 2)
    for line in background.how_it_was_run(pack):
        document.add_paragraph(line, style="List Bullet")


def _findings(document, pack: CommitteePack) -> None:
    document.add_heading("4. Findings", 1)
    document.add_paragraph(
        "Each standard's score is the mean of its steps' scores; a step's score is the mean of what practitioners "
        "say, the organisation's own view of itself and the workforce figures, where the step has them. Bands are "
        'given in words as well as colour. "Own view" is the organisation\'s view of itself: where a score rests '
        "only on it, the report says so."
    )
    if pack.view["previous_cycle"] is None:
        document.add_paragraph("There is no earlier cycle to compare with, so no change is shown.")
    document.add_picture(io.BytesIO(charts.chart_image(pack, "standards", "png")), width=CHART_WIDTH)
    _scores_table(document, pack, "Standard", [(f"{s['number']}. {s['title']}", s) for s in pack.standards])
    for standard in pack.standards:
        _standard(document, pack, standard)


def _standard(document, pack: CommitteePack, standard: dict) -> None:
    document.add_heading(f"Standard {standard['number']}: {standard['title']}", 2)
    parts = standard["parts"]
    previous = pack.view["previous_cycle"]
    change = f"change since last cycle: {change_text(standard, previous)}; " if previous else ""
    document.add_paragraph(
        f"Score {score_text(standard)}; 95% interval {interval_text(standard)}; {change}"
        f"whose view: {basis_text(standard)}."
    )
    document.add_paragraph(
        "The organisation's own view beside practitioners': "
        f"practitioners {_part(parts['practitioner'])}, the organisation's own view {_part(parts['organisation'])}, "
        f"workforce figures {_part(parts['workforce'])}."
    )
    document.add_picture(
        io.BytesIO(charts.chart_image(pack, f"standard-{standard['number']}", "png")), width=CHART_WIDTH
    )
    steps = standard["steps"]
    _scores_table(
        document,
        pack,
        "Step",
        [(step["title"] if step["supplementary"] else f"{step['number']}. {step['title']}", step) for step in steps],
    )
    gaps = [step for step in steps if step.get("gap")]
    if gaps:
        document.add_paragraph("Where the organisation's view and practitioners' differ:")
        for step in gaps:
            document.add_paragraph(f"Step {step['number']}: {step['gap']}", style="List Bullet")
    count = pack.comment_count(standard["number"])
    if not pack.view["fewer_than_threshold"]:
        document.add_paragraph(f"Practitioners wrote {plural(count, 'comment')} about this standard.")


def _scores_table(document, pack: CommitteePack, noun: str, rows: list[tuple[str, dict]]) -> None:
    """Score, interval, change (when there is an earlier cycle) and whose view, band-shaded."""
    previous = pack.view["previous_cycle"]
    headings = [noun, "Score", "95% interval"] + (["Change since last cycle"] if previous else []) + ["Whose view"]
    widths = [6.4, 2.4, 2.8] + ([2.6] if previous else []) + [3.4 if previous else 5.4]
    table = _table(document, headings, len(rows), len(headings), widths=widths)
    for row, (name, entry) in zip(table.rows[1:], rows):
        change = [change_text(entry, previous)] if previous else []
        _fill(row, [name, score_text(entry), interval_text(entry), *change, basis_text(entry)])
        _shade(row.cells[1], band_colour(pack.bands, entry["band"]).light)


def _part(value) -> str:
    return "no figure" if value is None else str(value)


def _workforce(document, pack: CommitteePack) -> None:
    document.add_heading("5. Workforce indicators", 1)
    indicators = pack.indicators()
    benchmarks = pack.benchmarks
    compared = benchmarks is not None and benchmarks.rows
    if compared:
        document.add_paragraph(
            f"Beside the Department for Education's published children's social work workforce figures for "
            f"{benchmarks.authority}, its region ({benchmarks.region}) and England, {benchmarks.year}. The "
            "children's teams' figure is the one to compare with them."
        )
    else:
        document.add_paragraph(
            "The whole organisation's figures at the capture date, each scored against the question bank's good "
            "and poor levels. No national benchmark is shown: no local authority has been chosen to compare with."
        )
    if not indicators:
        document.add_paragraph("No workforce indicators are in this release.")
        return
    headings = ["Indicator", "Whole organisation", "Score", "Good / poor"]
    if compared:
        headings += ["Children's teams", benchmarks.authority, "Region", "England"]
    # Eight columns fit a portrait page in a smaller type, the indicator's name given the most room.
    widths = [3.6, 2.2, 1.7, 1.6, 2.0, 1.8, 1.6, 1.6] if compared else [6.0, 3.5, 3.0, 3.0]
    size = Pt(8) if compared else None
    table = _table(document, headings, len(indicators), len(headings), size=size, widths=widths)
    for row, indicator in zip(table.rows[1:], indicators):
        values = [
            indicator["name"],
            _indicator_value(indicator["value"], indicator["unit"], indicator["hidden"]),
            score_text(indicator),
            f"{indicator['good']:g} / {indicator['poor']:g}",
        ]
        if compared:
            found = pack.benchmark_for(indicator["id"])
            values += [_indicator_value(found and found.ours, indicator["unit"], found and found.ours_hidden)]
            values += [_published(found and getattr(found, area)) for area in ("authority", "region", "england")]
        _fill(row, values, size=size)


def _indicator_value(value, unit: str, hidden) -> str:
    if hidden:
        return "Not shown: about individuals in small teams"
    return indicator_text(value, unit)


def _published(figure) -> str:
    if figure is None:
        return "–"
    return f"{figure.value:g}" if figure.value is not None else (figure.marker or "Not published")


def _what_staff_said(document, pack: CommitteePack) -> None:
    document.add_heading("6. What staff said", 1)
    document.add_paragraph(background.comments_summary(pack))
    if pack.view["fewer_than_threshold"]:
        return
    if pack.themes:
        headings = ["Theme", "Comments", "An example, in the writer's words"]
        table = _table(document, headings, len(pack.themes), 3, widths=[4.5, 2.5, 10])
        for row, theme in zip(table.rows[1:], pack.themes):
            example = (theme.get("examples") or [""])[0]
            _fill(row, [theme["name"], f"{theme['count']} ({round(100 * theme.get('share', 0))}%)", clean(example)])
        return
    table = _table(document, ["Standard", "Comments"], len(pack.standards), 2)
    for row, standard in zip(table.rows[1:], pack.standards):
        _fill(row, [f"{standard['number']}. {standard['title']}", str(pack.comment_count(standard["number"]))])


def _action_plan(document, pack: CommitteePack) -> None:
    document.add_heading("7. Action plan", 1)
    document.add_paragraph(background.action_status_counts(pack))
    if not pack.actions:
        return
    headings = ["Ref", "Standard", "Action", "Owner", "Target date", "Status"]
    table = _table(document, headings, len(pack.actions), 6, widths=[1.6, 1.8, 6.2, 3, 2.2, 2.2])
    for row, action in zip(table.rows[1:], pack.actions):
        status = f"{action['status']}, {action['progress'].lower()}" + (", overdue" if action["overdue"] else "")
        _fill(
            row,
            [
                action["reference"],
                str(action["standard"]),
                clean(action["action"]),
                clean(action["owner"]),
                long_date(action["target_date"]),
                status,
            ],
        )


def _appendix(document, pack: CommitteePack) -> None:
    document.add_heading("Appendix: scores by group", 1)
    document.add_paragraph(
        f"Each group's scores come only from its own people's answers (and, for teams and service areas, its own "
        f"workforce figures); the organisation's view of itself is not averaged in. Groups with fewer than "
        f"{pack.view['reporting_threshold']} responses are not listed: their answers count in a combined group "
        "and in the whole organisation's figures."
    )
    numbers = [standard["number"] for standard in pack.standards]
    for by, name in BREAKDOWN_NAMES.items():
        rows = pack.shown_groups(by)
        document.add_heading(name, 2)
        if not rows:
            document.add_paragraph("No group of this kind reaches the reporting threshold.")
            continue
        headings = [name[:-1].capitalize(), "Responses"] + [f"S{number}" for number in numbers]
        widths = [4.2, 1.8] + [1.4] * len(numbers)
        table = _table(document, headings, len(rows), len(headings), size=Pt(8), widths=widths)
        for row, group in zip(table.rows[1:], rows):
            _fill(
                row,
                [group["name"], str(group["respondents"])] + [short_cell(cell) for cell in group["standards"]],
                size=Pt(8),
            )
            for cell, entry in zip(row.cells[2:], group["standards"]):
                _shade(cell, band_colour(pack.bands, entry["band"]).light)
    document.add_paragraph(
        "S1 to S8 are the standards: " + "; ".join(f"S{s['number']} {s['short_title']}" for s in pack.standards) + "."
    )


def _table(document, headings: list[str] | None, rows: int, columns: int, size=None, widths=None):
    table = document.add_table(rows=rows + (1 if headings else 0), cols=columns)
    table.style = "Table Grid"
    if widths:
        table.autofit = False
        widths = [Cm(width) for width in widths]
        for column, width in zip(table.columns, widths):
            column.width = width
        # Row by row: a column's cells are found by walking the whole table each time.
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = width
    if headings:
        header = table.rows[0]
        _fill(header, headings, size=size, bold=True)
        # the heading row repeats on each page the table runs over
        properties = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)
    return table


def _fill(row, values: list[str], size=None, bold: bool = False) -> None:
    for cell, value in zip(row.cells, values):
        run = cell.paragraphs[0].add_run(clean(value))
        if size is not None:
            run.font.size = size
        if bold:
            run.bold = True


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)
