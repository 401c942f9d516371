"""The committee pack for the demo's released cycle: a Word report and a PowerPoint briefing
that open, print through LibreOffice and carry the release's eight standard scores and none
of its hidden groups; chart images and a CSV to download; nothing before release."""

import csv
import dataclasses
import io
import re
import xml.etree.ElementTree as ElementTree
import zipfile

import pytest
from conftest import page
from docx import Document
from pack_files import docx_text, pptx_text, to_pdf
from pptx import Presentation
from pypdf import PdfReader

from healthcheck import create_app, cycles
from healthcheck.db import open_database
from healthcheck.demo import seed as demo
from healthcheck.reports import charts, group_scores, slides, word
from healthcheck.reports.pack import committee_pack

RELEASED = "health-check-2025"
OPEN = "health-check-2026"


@pytest.fixture(scope="module")
def demo_pack(tmp_path_factory):
    """The demo council's released cycle and its pack, made once for this module's tests."""
    folder = tmp_path_factory.mktemp("pack")
    database = str(folder / "demo.sqlite")
    create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE": database})
    db = open_database(database)
    demo.seed_demo(db, seed=1)
    pack = committee_pack(db, cycles.get_cycle(db, RELEASED))
    yield {
        "folder": folder,
        "pack": pack,
        "docx": word.committee_report(pack),
        "pptx": slides.briefing(pack),
        "csv": group_scores.scores_csv(pack),
    }
    db.close()


def hidden_names(view) -> list[str]:
    """Every group the release does not show, by name."""
    return [row["name"] for rows in view["groups"].values() for row in rows if row["suppressed"]]


def test_the_report_and_briefing_carry_the_eight_standard_scores(demo_pack):
    standards = demo_pack["pack"].standards
    assert len(standards) == 8
    report = docx_text(demo_pack["docx"])
    briefing = pptx_text(demo_pack["pptx"])
    for standard in standards:
        assert f"{standard['number']}. {standard['title']}" in report
        assert f"{standard['score']} ({standard['band']})" in report
        assert f"Standard {standard['number']}: {standard['title']}" in briefing
        assert f"Score: {standard['score']} ({standard['band']})" in briefing
    for heading in (
        "Purpose of the report",
        "Recommendations",
        "Background",
        "Findings",
        "What staff said",
        "Action plan",
        "Next steps",
        "Workforce indicators",
    ):
        assert heading in report
    # what the principal social worker writes is marked plainly
    assert report.count("[To complete:") >= 4


def test_the_report_says_how_sure_each_score_is_and_whose_view_it_is(demo_pack):
    report = docx_text(demo_pack["docx"])
    first = demo_pack["pack"].standards[0]
    interval = first["interval"]
    assert f"{interval['low']} to {interval['high']} ({first['band_range']})" in report
    assert "Own view only" in report  # steps resting on the organisation's view of itself say so
    assert "There is no earlier cycle to compare with" in report
    view = demo_pack["pack"].view
    assert view["respondents"] > 200  # the demo's released cycle, whose answers are shown
    expected = (
        f"{view['respondents']} practitioners answered ({view['response_rate']}% of {view['eligible']} eligible staff)"
    )
    assert expected in report


def test_no_hidden_group_appears_in_any_file(demo_pack):
    hidden = hidden_names(demo_pack["pack"].view)
    assert demo.SMALL_TEAM in hidden
    texts = [docx_text(demo_pack["docx"]), pptx_text(demo_pack["pptx"]), demo_pack["csv"].decode("utf-8-sig")]
    for name in hidden:
        for text in texts:
            assert name not in text


def test_the_briefings_charts_are_editable_charts_not_pictures(demo_pack):
    deck = Presentation(io.BytesIO(demo_pack["pptx"]))
    charts_found = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    pictures = [shape for slide in deck.slides for shape in slide.shapes if shape.shape_type == 13]
    assert len(charts_found) == 9 and not pictures  # the overview and one per standard
    overview = charts_found[0]
    assert list(overview.series[0].values) == [s["score"] for s in demo_pack["pack"].standards]
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title]
    assert "Teams by standard" in titles and "What staff said" in titles and "Action plan" in titles


def test_a_step_resting_only_on_the_organisations_view_says_so_on_its_slide(demo_pack):
    deck = Presentation(io.BytesIO(demo_pack["pptx"]))
    first = demo_pack["pack"].standards[0]
    own = [step for step in first["steps"] if step.get("basis") == "organisation" and step["score"] is not None]
    assert own  # the demo's Standard 1 has steps that rest only on the organisation's view
    chart = next(shape.chart for shape in deck.slides[2].shapes if shape.has_chart)
    labels = [point.data_label.text_frame.text for point in chart.plots[0].series[0].points]
    assert sum(label.endswith("(own view only)") for label in labels) == len(own)


def test_workforce_figures_read_as_on_the_pages_one_decimal_place(demo_pack):
    document = Document(io.BytesIO(demo_pack["docx"]))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Indicator")
    figures = [cell.text for row in table.rows[1:] for cell in row.cells[1:2] + row.cells[4:5]]
    numbers = [text for text in figures if text[:1].isdigit()]
    assert numbers and all(re.fullmatch(r"[\d,]+\.\d( .+|%)", text) for text in numbers), numbers


@pytest.mark.slow
def test_libreoffice_prints_the_report_and_the_briefing(demo_pack):
    folder = demo_pack["folder"]
    (folder / "report.docx").write_bytes(demo_pack["docx"])
    (folder / "briefing.pptx").write_bytes(demo_pack["pptx"])
    report, briefing = to_pdf(folder, folder / "report.docx", folder / "briefing.pptx")
    for pdf, slides_expected in ((report, None), (briefing, 13)):
        pages = PdfReader(pdf).pages
        assert len(pages) > 0
        if slides_expected:
            assert len(pages) == slides_expected
        text = " ".join(page.extract_text() for page in pages)
        assert "Social Work Health Check" in text
        for standard in demo_pack["pack"].standards:
            assert str(standard["score"]) in text
        assert demo.SMALL_TEAM not in text
    report_text = " ".join(page.extract_text() for page in PdfReader(report).pages)
    assert "Purpose of the report" in report_text and "Action plan" in report_text


def test_without_themes_the_report_counts_comments_by_standard_and_with_them_shows_each_theme(demo_pack):
    pack = demo_pack["pack"]
    plain = docx_text(demo_pack["docx"])
    assert f"Practitioners wrote {pack.comment_total} comments" in plain
    themes = [
        {
            "id": "caseloads",
            "name": "Caseloads",
            "kind": "theme",
            "standards": [3],
            "count": 31,
            "share": 0.09,
            "examples": ["Caseloads are too high since the restructure.", "Another"],
            "by_group": {},
        },
    ]
    themed = dataclasses.replace(pack, view={**pack.view, "themes": themes})
    text = docx_text(word.committee_report(themed))
    assert "Caseloads" in text and "31 (9%)" in text and "Caseloads are too high since the restructure." in text
    assert "Caseloads" in pptx_text(slides.briefing(themed))


def test_the_csv_lists_only_shown_groups_and_no_cell_is_a_formula(demo_pack):
    pack = demo_pack["pack"]
    rows = list(csv.reader(io.StringIO(demo_pack["csv"].decode("utf-8-sig"))))
    shown = sum(len(pack.shown_groups(by)) for by in ("team", "service", "role"))
    assert len(rows) == 1 + 1 + shown
    assert rows[1][2] == str(pack.view["respondents"])
    formula = dataclasses.replace(pack, organisation='=HYPERLINK("http://x")')
    cells = list(csv.reader(io.StringIO(group_scores.scores_csv(formula).decode("utf-8-sig"))))[1]
    assert cells[1] == '\'=HYPERLINK("http://x")'
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert group_scores.inert_cell("-3 cases") == "'-3 cases" and group_scores.inert_cell(-3) == -3


def test_charts_come_as_png_and_parseable_svg(demo_pack):
    pack = demo_pack["pack"]
    names = [name for name, _ in charts.chart_names(pack)]
    assert names[0] == "standards" and len(names) == 9
    png = charts.chart_image(pack, "standards", "png")
    assert png.startswith(b"\x89PNG")
    svg = charts.chart_image(pack, "standard-3", "svg")
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg")
    words = " ".join(root.itertext())
    standard = pack.standard(3)
    assert f"{standard['steps'][0]['score']} {standard['steps'][0]['band']}" in words
    with pytest.raises(charts.UnknownChart):
        charts.chart_image(pack, "standard-9", "png")


def test_the_report_shows_the_same_chart_images_as_the_downloads(demo_pack):
    pack = demo_pack["pack"]
    with zipfile.ZipFile(io.BytesIO(demo_pack["docx"])) as report:
        pictures = {report.read(name) for name in report.namelist() if name.startswith("word/media/")}
    downloads = {charts.chart_image(pack, name, "png") for name, _ in charts.chart_names(pack)}
    assert len(downloads) == 9 and downloads <= pictures


def test_a_chart_is_drawn_afresh_when_what_it_shows_changes(demo_pack):
    pack = demo_pack["pack"]
    before = charts.chart_image(pack, "standards", "png")
    renamed = dataclasses.replace(pack, cycle={**pack.cycle, "name": "A renamed cycle"})
    after = charts.chart_image(renamed, "standards", "png")
    assert after.startswith(b"\x89PNG") and after != before
    first = pack.standards[0]
    moved = {**first, "score": first["score"] + (1 if first["score"] < 100 else -1), "interval": None}
    rescored = dataclasses.replace(pack, view={**pack.view, "standards": [moved, *pack.standards[1:]]})
    assert charts.chart_image(rescored, "standards", "png") not in (before, after)
    charts.forget_images()
    assert charts.chart_image(pack, "standards", "png") == before


# --- pages and the command -----------------------------------------------------------------


@pytest.fixture
def demo_site(db):
    demo.seed_demo(db, seed=1)


def test_the_committee_pack_page_lists_every_download(demo_site, sign_in):
    response = sign_in("psw").get(f"/admin/cycles/{RELEASED}/results/committee-pack")
    assert response.status_code == 200
    html = page(response)
    assert html.select_one("h1").text == "Committee pack"
    links = [a["href"] for a in html.select("#downloads a, #chart-downloads a")]
    base = f"/admin/cycles/{RELEASED}/results/committee-pack"
    assert f"{base}/report.docx" in links and f"{base}/briefing.pptx" in links
    assert f"{base}/scores-by-group.csv" in links and f"{base}/charts/standards.svg" in links
    assert len(html.select("#chart-downloads tbody tr")) == 9
    assert html.select_one("a[aria-current=page]").text == "Committee pack"


def test_downloads_have_their_content_types(demo_site, sign_in):
    viewer = sign_in("viewer")
    base = f"/admin/cycles/{RELEASED}/results/committee-pack"
    expected = {
        "/report.docx": word.DOCX,
        "/briefing.pptx": slides.PPTX,
        "/scores-by-group.csv": "text/csv",
        "/charts/standards.png": "image/png",
        "/charts/standard-5.svg": "image/svg+xml",
    }
    for path, content_type in expected.items():
        response = viewer.get(base + path)
        assert response.status_code == 200, path
        assert response.mimetype == content_type, path
        assert "attachment" in response.headers["Content-Disposition"]
    ElementTree.fromstring(viewer.get(base + "/charts/standard-5.svg").data)
    assert viewer.get(base + "/charts/standard-12.png").status_code == 404
    assert viewer.get(base + "/charts/standards.gif").status_code == 404


def test_an_administrator_may_not_download_the_pack(demo_site, sign_in):
    admin = sign_in("admin")
    base = f"/admin/cycles/{RELEASED}/results/committee-pack"
    for path in ("", "/report.docx", "/briefing.pptx", "/scores-by-group.csv", "/charts/standards.png"):
        assert admin.get(base + path).status_code == 403, path


def test_before_release_the_pack_says_results_appear_after_release(demo_site, sign_in):
    psw = sign_in("psw")
    base = f"/admin/cycles/{OPEN}/results/committee-pack"
    for path in ("", "/report.docx", "/briefing.pptx", "/scores-by-group.csv", "/charts/standards.svg"):
        response = psw.get(base + path)
        html = page(response)
        assert html.select_one("h1").text == "Results appear after release", path
        assert response.mimetype == "text/html"


def test_the_report_command_writes_word_and_powerpoint(demo_site, runner, tmp_path):
    for file_format in ("docx", "pptx"):
        output = tmp_path / f"pack.{file_format}"
        result = runner.invoke(args=["report", "--cycle", RELEASED, "--format", file_format, "--output", str(output)])
        assert result.exit_code == 0, result.output
        assert "Wrote the" in result.output and output.stat().st_size > 10_000
    text = docx_text((tmp_path / "pack.docx").read_bytes())
    assert "Kirklees" in text  # the demo compares its workforce figures with a real authority's


def test_the_report_command_refuses_an_unreleased_or_unknown_cycle(demo_site, runner, tmp_path):
    output = tmp_path / "pack.docx"
    result = runner.invoke(args=["report", "--cycle", OPEN, "--format", "docx", "--output", str(output)])
    assert result.exit_code == 1 and "appear after they are released" in result.output
    result = runner.invoke(args=["report", "--cycle", "no-such-cycle", "--format", "docx", "--output", str(output)])
    assert result.exit_code == 1 and "no cycle called 'no-such-cycle'" in result.output
    result = runner.invoke(args=["report", "--cycle", RELEASED, "--format", "pptx", "--output", str(output)])
    assert result.exit_code == 1 and "must end in .pptx" in result.output
    assert not output.exists()
