"""The workforce pages: overview, a team's figures, correcting them by hand, definitions,
template downloads and the upload -> check -> confirm flow."""

import hashlib
import io
from pathlib import Path

import pytest
from conftest import page

from healthcheck import cycles, workforce
from healthcheck.results import compute as results

TEAMS = [("North", "Adults", 12), ("Front Door", "Children", 8), ("Tiny", "Adults", 3)]
FIGURES = (
    b"team,inpost_fte,vacancy_fte,working_days_lost,long_term_absence_fte\n"
    b"North,10,2,120,1\nFront Door,7,1,61.5,0\nTiny,3,0,77.7,1\n"
)


@pytest.fixture
def cycle(db, make_cycle):
    cycle = make_cycle(status="open", teams=TEAMS)
    workforce.import_file(db, cycle, "figures.csv", FIGURES)
    return cycle


def team(db, cycle, name):
    return next(t for t in cycles.teams_for(db, cycle["id"]) if t["name"] == name)


def url(cycle, rest=""):
    return f"/admin/cycles/{cycle['slug']}/workforce{rest}"


def database_state(app) -> str:
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        path = Path(app.config["DATABASE"] + suffix)
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def upload(client, cycle, name, content: bytes, **fields):
    data = {"file": (io.BytesIO(content), name), **fields}
    return client.post(url(cycle, "/upload"), data=data, content_type="multipart/form-data")


def test_the_cycle_page_links_to_workforce_figures_and_the_organisations_view(sign_in, cycle):
    links = [a["href"] for a in page(sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}")).select("#cycle-tasks a")]
    assert url(cycle) in links
    assert f"/admin/cycles/{cycle['slug']}/organisation-view" in links


def test_viewers_see_indicators_with_small_teams_figures_about_individuals_hidden(sign_in, db, cycle):
    html = page(sign_in("viewer").get(url(cycle)))
    assert html.select_one("h1").text.strip() == "Workforce figures"
    assert html.select_one("#upload-figures") is None
    row = {tr["data-team"]: tr for tr in html.select("#team-indicators tbody tr")}
    assert row["tiny"].select_one('[data-indicator="absence_rate"]').text.strip() == "Hidden: fewer than 5 staff"
    assert row["tiny"].select_one('[data-indicator="vacancy_rate"]').text.strip() == "0.0%"
    # Front Door has 8 staff but is hidden with Tiny, so the total minus North gives neither away
    assert row["front-door"].select_one('[data-indicator="absence_rate"]').text.strip().startswith("Hidden")
    assert row["north"].select_one('[data-indicator="absence_rate"]').text.strip() == "4.7%"
    assert row["north"].select("td")[0].text.strip() == "4 of 24"
    organisation = html.select_one('#organisation-indicators tr[data-indicator="vacancy_rate"]')
    assert [td.text.strip() for td in organisation.select("td")] == ["1", "13.0%", "3"]


def test_editors_get_the_upload_button_template_links_and_definitions(sign_in, db, cycle):
    workforce.save_definitions(db, cycle, {"case_definition": "A family is one case"})
    html = page(sign_in("psw").get(url(cycle)))
    assert html.select_one("#upload-figures")["href"] == url(cycle, "/upload")
    assert [a["href"] for a in html.select("#template-links a")] == [
        url(cycle, "/template.xlsx"),
        url(cycle, "/template.csv"),
    ]
    definitions = {
        row.select_one("dt").text.strip(): row.select_one("dd").text.strip()
        for row in html.select("#definitions .govuk-summary-list__row")
    }
    assert definitions["What counts as one case"] == "A family is one case"
    assert definitions["What counts as long-term absence"] == "Not recorded yet"


def test_a_small_teams_page_never_shows_its_figures_about_individuals(sign_in, db, cycle):
    response = sign_in("psw").get(url(cycle, f"/teams/{team(db, cycle, 'Tiny')['id']}"))
    html = page(response)
    figures = {
        row.select_one("dt").text.strip(): row.select_one("dd").text.strip()
        for row in html.select("#team-figures .govuk-summary-list__row")
    }
    assert figures["Working days lost to sickness in the last 12 months"] == "Hidden: fewer than 5 staff"
    assert figures["On long-term absence"] == "Hidden: fewer than 5 staff"
    assert figures["In post"] == "3 FTE"
    assert figures["Cases held by case-holding staff"] == "Not available"
    assert "77.7" not in response.get_data(as_text=True)
    assert html.select_one("#hidden-note") is not None


def test_manual_entry_saves_the_figures_and_an_empty_box_removes_one(sign_in, db, cycle):
    client = sign_in("psw")
    north = team(db, cycle, "North")
    form = page(client.get(url(cycle, f"/teams/{north['id']}/edit")))
    assert form.select_one("#inpost_fte")["value"] == "10"
    assert form.select_one("#vacancy_fte")["inputmode"] == "decimal"
    data = {field["name"]: field.get("value", "") for field in form.select("form input[type=text]")}
    data.update({"inpost_fte": "10.5", "vacancy_fte": "", "cases": "150", "case_holders_fte": "9"})
    response = client.post(url(cycle, f"/teams/{north['id']}/edit"), data=data)
    assert response.status_code == 302 and response.location.endswith(f"/teams/{north['id']}")
    assert workforce.figures_for(db, cycle["id"])[north["id"]] == {
        "inpost_fte": 10.5,
        "cases": 150,
        "case_holders_fte": 9,
        "working_days_lost": 120,
        "long_term_absence_fte": 1,
    }


def test_manual_entry_with_mistakes_shows_them_and_saves_nothing(sign_in, db, cycle):
    client = sign_in("psw")
    north = team(db, cycle, "North")
    before = workforce.figures_for(db, cycle["id"])
    response = client.post(
        url(cycle, f"/teams/{north['id']}/edit"),
        data={"inpost_fte": "abc", "supervisions_due": "10", "supervisions_held": "12"},
    )
    html = page(response)
    assert html.title.text.startswith("Error: ")
    errors = {a["href"]: a.text.strip() for a in html.select(".govuk-error-summary a")}
    assert errors["#inpost_fte"] == 'In post: "abc" is not a number. Leave it empty if the figure is not available'
    assert workforce.figures_for(db, cycle["id"]) == before
    html = page(
        client.post(
            url(cycle, f"/teams/{north['id']}/edit"),
            data={"inpost_fte": "10", "supervisions_due": "10", "supervisions_held": "12"},
        )
    )
    assert (
        html.select_one("#supervisions_held-error")
        .text.strip()
        .startswith("Error: Supervisions held: 12 is more than the 10 in supervisions due")
    )
    assert workforce.figures_for(db, cycle["id"]) == before


def test_a_hidden_figure_is_kept_when_its_box_is_left_empty_and_replaced_when_filled(sign_in, db, cycle):
    client = sign_in("psw")
    tiny = team(db, cycle, "Tiny")
    html = page(client.get(url(cycle, f"/teams/{tiny['id']}/edit")))
    assert html.select_one("#working_days_lost").get("value", "") == ""
    assert "stored but hidden" in html.select_one("#working_days_lost-hint").text
    client.post(url(cycle, f"/teams/{tiny['id']}/edit"), data={"inpost_fte": "3", "working_days_lost": ""})
    assert workforce.figures_for(db, cycle["id"])[tiny["id"]]["working_days_lost"] == 77.7
    client.post(url(cycle, f"/teams/{tiny['id']}/edit"), data={"inpost_fte": "3", "working_days_lost": "12"})
    assert workforce.figures_for(db, cycle["id"])[tiny["id"]]["working_days_lost"] == 12


def test_viewers_cannot_change_figures(sign_in, db, cycle):
    client = sign_in("viewer")
    north = team(db, cycle, "North")
    before = workforce.figures_for(db, cycle["id"])
    assert client.get(url(cycle, f"/teams/{north['id']}/edit")).status_code == 403
    assert client.post(url(cycle, f"/teams/{north['id']}/edit"), data={"inpost_fte": "1"}).status_code == 403
    assert upload(client, cycle, "f.csv", b"team,inpost_fte\nNorth,1\n").status_code == 403
    assert client.post(url(cycle, "/definitions"), data={"case_definition": "x"}).status_code == 403
    assert workforce.figures_for(db, cycle["id"]) == before
    html = page(client.get(url(cycle, f"/teams/{north['id']}")))
    assert "Change figures" not in html.text


def test_a_released_cycles_figures_cannot_change(sign_in, db, cycle):
    closed = results.release_results(db, cycles.close_cycle(db, cycle))
    client = sign_in("psw")
    north = team(db, closed, "North")
    response = client.post(url(closed, f"/teams/{north['id']}/edit"), data={"inpost_fte": "1"})
    assert response.status_code == 302 and response.location.endswith(url(closed))
    html = page(client.get(url(closed)))
    assert "results are released, so its workforce figures" in html.select_one(".govuk-error-summary").text
    assert html.select_one("#upload-figures") is None
    assert workforce.figures_for(db, closed["id"])[north["id"]]["inpost_fte"] == 10


def test_definitions_are_saved_and_a_long_one_is_refused(sign_in, db, cycle):
    client = sign_in("psw")
    response = client.post(
        url(cycle, "/definitions"),
        data={"case_definition": "A family counts as one case", "long_term_absence_definition": "Four weeks or more"},
    )
    assert response.status_code == 302
    assert cycles.get_cycle(db, cycle["slug"])["long_term_absence_definition"] == "Four weeks or more"
    html = page(client.post(url(cycle, "/definitions"), data={"case_definition": "x" * 1001}))
    assert html.title.text.startswith("Error: ")
    assert html.select_one(".govuk-error-summary a")["href"] == "#case_definition"
    assert cycles.get_cycle(db, cycle["slug"])["case_definition"] == "A family counts as one case"


def test_templates_download_as_attachments(sign_in, cycle):
    client = sign_in("viewer")
    response = client.get(url(cycle, "/template.xlsx"))
    assert response.status_code == 200 and response.data.startswith(b"PK")
    assert response.headers["Content-Disposition"] == f'attachment; filename="workforce-{cycle["slug"]}.xlsx"'
    response = client.get(url(cycle, "/template.csv"))
    assert response.mimetype == "text/csv"
    assert response.data.decode("utf-8-sig").splitlines()[1].startswith("North,")
    assert client.get(url(cycle, "/template.pdf")).status_code == 404


def test_upload_check_and_confirm(app, sign_in, db, cycle):
    client = sign_in("psw")
    content = b"team,inpost_fte,vacancy_fte,cases\nNorth,11,2,140\nFront Door,7,,90\n"
    response = upload(client, cycle, "new.csv", content)
    assert response.status_code == 302 and response.location.endswith(url(cycle, "/upload/check"))
    assert db["workforce_figures"].count == 12  # nothing changed yet
    html = page(client.get(url(cycle, "/upload/check")))
    summary = {
        row.select_one("dt").text.strip(): row.select_one("dd").text.strip()
        for row in html.select("#import-summary .govuk-summary-list__row")
    }
    assert summary["Figures added"] == "2" and summary["Figures changed"] == "1"
    assert summary["Figures removed (now not available)"] == "1" and summary["Figures unchanged"] == "2"
    changes = [[td.text.strip() for td in tr.select("td")] for tr in html.select("#changes tbody tr")]
    assert ["North", "In post", "10", "11"] in changes
    assert ["Front Door", "Vacancies", "1", "Not available"] in changes
    fingerprint = html.select_one("input[name=fingerprint]")["value"]
    response = client.post(url(cycle, "/upload/check"), data={"fingerprint": fingerprint})
    assert response.status_code == 302 and response.location.endswith(url(cycle))
    figures = workforce.figures_for(db, cycle["id"])
    assert figures[team(db, cycle, "North")["id"]]["inpost_fte"] == 11
    assert "vacancy_fte" not in figures[team(db, cycle, "Front Door")["id"]]
    assert "Imported new.csv: 2 figures added, 1 changed and 1 removed for 2 teams" in page(client.get(url(cycle))).text
    assert db["waiting_uploads"].count == 0


def test_a_bad_upload_lists_its_problems_and_changes_nothing(app, sign_in, db, cycle):
    client = sign_in("psw")
    before = database_state(app)
    html = page(upload(client, cycle, "bad.csv", b"team,inpost_fte,vacancy_fte\nNorth,ten,1\nSouth,1,-1\n"))
    assert html.title.text.startswith("Error: Upload workforce figures")
    summary = html.select_one(".govuk-error-summary a")
    assert summary["href"] == "#file"
    assert summary.text.strip().startswith(
        'bad.csv has 3 problems: row 2 (team North), column B (inpost_fte): "ten" is not a number'
    )
    rows = [[td.text.strip() for td in tr.select("td")] for tr in html.select("#problems tbody tr")]
    assert [row[:3] for row in rows] == [
        ["2", "North", "B (inpost_fte)"],
        ["3", "South", "A (team)"],
        ["3", "South", "C (vacancy_fte)"],
    ]
    assert rows[1][3] == (
        '"South" is not a team in Health check 2026: add the team to the cycle first, or tick '
        '"Add teams that are not in this cycle yet"'
    )
    assert database_state(app) == before
    assert db["waiting_uploads"].count == 0


def test_an_upload_without_a_file_asks_for_one(sign_in, cycle):
    html = page(sign_in("psw").post(url(cycle, "/upload"), data={}, content_type="multipart/form-data"))
    assert (
        html.select_one(".govuk-error-summary a").text.strip()
        == "Select a CSV or Excel file with the workforce figures"
    )


def test_new_teams_are_added_when_the_box_is_ticked(sign_in, db, cycle):
    client = sign_in("psw")
    upload(client, cycle, "new.csv", b"team,inpost_fte\nHospital Discharge,12\n", create_teams="y")
    html = page(client.get(url(cycle, "/upload/check")))
    assert html.select_one("#new-teams").text.strip() == "Hospital Discharge (Other, headcount 0)"
    client.post(url(cycle, "/upload/check"), data={"fingerprint": html.select_one("input[name=fingerprint]")["value"]})
    assert team(db, cycle, "Hospital Discharge")["service_area"] == "Other"


def test_a_confirmation_for_figures_that_changed_since_the_check_is_refused(sign_in, db, cycle):
    client = sign_in("psw")
    upload(client, cycle, "new.csv", b"team,inpost_fte\nNorth,11\n")
    fingerprint = page(client.get(url(cycle, "/upload/check"))).select_one("input[name=fingerprint]")["value"]
    workforce.import_file(db, cycle, "other.csv", b"team,inpost_fte\nNorth,9\n")
    response = client.post(url(cycle, "/upload/check"), data={"fingerprint": fingerprint})
    assert response.location.endswith(url(cycle, "/upload/check"))
    assert workforce.figures_for(db, cycle["id"])[team(db, cycle, "North")["id"]]["inpost_fte"] == 9


def test_cancel_discards_the_upload(app, sign_in, db, cycle):
    client = sign_in("psw")
    upload(client, cycle, "new.csv", b"team,inpost_fte\nNorth,11\n")
    response = client.post(url(cycle, "/upload/cancel"))
    assert response.location.endswith(url(cycle))
    assert db["waiting_uploads"].count == 0
    assert client.get(url(cycle, "/upload/check")).location.endswith(url(cycle, "/upload"))
    assert workforce.figures_for(db, cycle["id"])[team(db, cycle, "North")["id"]]["inpost_fte"] == 10


def test_the_confirmation_needs_its_csrf_token(app, sign_in, db, cycle):
    client = sign_in("psw")
    upload(client, cycle, "new.csv", b"team,inpost_fte\nNorth,11\n")
    app.config["WTF_CSRF_ENABLED"] = True
    html = page(client.get(url(cycle, "/upload/check")))
    assert html.select_one("form input[name=csrf_token]")["value"]
    client.post(url(cycle, "/upload/check"), data={"fingerprint": html.select_one("input[name=fingerprint]")["value"]})
    assert workforce.figures_for(db, cycle["id"])[team(db, cycle, "North")["id"]]["inpost_fte"] == 10


def test_a_waiting_workforce_file_cannot_be_previewed_as_an_action_plan(sign_in, db, cycle):
    client = sign_in("psw")
    upload(client, cycle, "new.csv", b"team,inpost_fte\nNorth,11\n")
    token = db["waiting_uploads"].rows.__next__()["token"]
    response = client.get(f"/admin/cycles/{cycle['slug']}/action-plan/import/{token}")
    assert response.status_code == 302 and response.location.endswith("/action-plan/import")
    assert client.get(url(cycle, "/upload/check")).status_code == 200  # still waiting for its own check


def test_columns_not_imported_and_rows_left_out_are_shown_and_must_be_confirmed(app, sign_in, db, cycle):
    client = sign_in("psw")
    content = b"Workforce by team (fictional)\n\nteam,inpost_fte,notes\nAdults\nNorth,12,on track\nGrand total,12,\n"
    upload(client, cycle, "hr.csv", content)
    html = page(client.get(url(cycle, "/upload/check")))
    assert [li.text for li in html.select("#not-imported li")] == ["notes"]
    assert [li.text for li in html.select("#left-out li")] == [
        'row 1: a title above the header row ("Workforce by team (fictional)"); left out',
        'row 4: "Adults" has no figures, so it is taken as a section heading; left out',
        'row 6: "Grand total" is a total, not a team; left out',
    ]
    fingerprint = html.select_one("input[name=fingerprint]")["value"]
    before = database_state(app)
    refused = page(client.post(url(cycle, "/upload/check"), data={"fingerprint": fingerprint}))
    assert "Confirm that none of the columns" in refused.select_one(".govuk-error-summary").text
    assert database_state(app) == before
    response = client.post(url(cycle, "/upload/check"), data={"fingerprint": fingerprint, "skip_columns": "y"})
    assert response.status_code == 302
    assert workforce.figures_for(db, cycle["id"])[team(db, cycle, "North")["id"]]["inpost_fte"] == 12
    assert "Grand total" not in [t["name"] for t in cycles.teams_for(db, cycle["id"])]


def test_a_closed_cycles_figures_can_still_be_corrected_until_release(sign_in, db, cycle):
    closed = cycles.close_cycle(db, cycle)
    client = sign_in("psw")
    north = team(db, closed, "North")
    assert page(client.get(url(closed))).select_one("#upload-figures") is not None
    client.post(url(closed, f"/teams/{north['id']}/edit"), data={"inpost_fte": "11"})
    assert workforce.figures_for(db, closed["id"])[north["id"]]["inpost_fte"] == 11
