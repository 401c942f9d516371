"""Many teams added at once from a paste or a file, with a preview first; a team removed
before the survey opens; and a plain warning for a team below the reporting threshold."""

import io
import re

import openpyxl
from conftest import page

from healthcheck import cycles
from healthcheck.uploads import team_lists

SIX_TEAMS = """Team name\tService area\tHeadcount
Locality North\tAdults\t12
Locality South\tAdults\t14
Front Door\tChildren\t9
Hospital Discharge\tAdults\t4
Children in Care\tChildren\t18
Mental Health Hub\tMental health\t7
"""


def paste(client, cycle, text):
    return client.post(f"/admin/cycles/{cycle['slug']}/teams/add-many", data={"teams": text})


def test_six_teams_are_added_from_one_paste_after_a_preview(sign_in, make_cycle, db):
    cycle = make_cycle(teams=[])
    psw = sign_in("psw")
    response = paste(psw, cycle, SIX_TEAMS)
    assert response.status_code == 302
    assert cycles.teams_for(db, cycle["id"]) == []  # nothing added before confirming
    preview = page(psw.get(response.location))
    assert preview.select_one("h1").text.strip() == "Check the 6 teams before adding them"
    names = [row.select("td")[0].text.strip() for row in preview.select("#teams-preview tbody tr")]
    assert names[0] == "Locality North" and len(names) == 6
    warning = preview.select_one("#small-teams-warning").text
    assert "1 team has fewer than 5 people" in warning
    assert "always be combined" in warning
    notes = {
        row.select("td")[0].text.strip(): row.select("td")[3].text.strip()
        for row in preview.select("#teams-preview tbody tr")
    }
    assert notes["Hospital Discharge"].startswith("Always combined")
    assert notes["Locality North"] == ""
    done = psw.post(response.location, data={})
    assert done.location == f"/admin/cycles/{cycle['slug']}"
    teams = cycles.teams_for(db, cycle["id"])
    assert sorted(team["name"] for team in teams) == sorted(
        [
            "Locality North",
            "Locality South",
            "Front Door",
            "Hospital Discharge",
            "Children in Care",
            "Mental Health Hub",
        ]
    )
    cycle_page = page(psw.get(done.location))
    assert "6 teams added." in cycle_page.text
    assert "1 team has fewer than 5 people" in cycle_page.select_one("#small-teams-warning").text
    assert db["waiting_uploads"].count == 0


def test_a_paste_with_bad_lines_names_each_and_adds_nothing(sign_in, make_cycle, db):
    cycle = make_cycle(teams=[("Front Door", "Children", 8)])
    html = page(
        paste(sign_in("psw"), cycle, "Locality North, Adults, twelve\nFront Door, Children, 9\nNew Team, , 3\n")
    )
    summary = html.select_one(".govuk-error-summary li").text.strip()
    assert summary == "3 lines need changing, listed below the box. No teams have been added"
    errors = [item.text.strip() for item in html.select("#line-problems li")]
    assert errors == [
        "line 1 (Locality North): Eligible headcount must be a whole number, like 12",
        "line 2 (Front Door): There is already a team with the name Front Door in this cycle",
        "line 3 (New Team): Enter the service area, like Adults or Children",
    ]
    assert html.select_one(".govuk-error-summary a")["href"] == "#teams"
    assert [team["name"] for team in cycles.teams_for(db, cycle["id"])] == ["Front Door"]
    assert db["waiting_uploads"].count == 0


def test_the_same_team_twice_in_one_paste_is_refused(db, make_cycle):
    cycle = make_cycle(teams=[])
    lines = team_lists.lines_from_paste("Front Door, Children, 9\nFront  door, Children, 9")
    try:
        team_lists.check_lines(db, cycle, lines)
    except Exception as error:  # noqa: BLE001
        assert "line 2 (Front  door): the same team is also on line 1" in str(error)
    else:
        raise AssertionError("a repeated team was accepted")


def test_teams_come_from_an_xlsx_file(sign_in, make_cycle, db):
    cycle = make_cycle(teams=[])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Team name", "Service area", "Headcount"])
    sheet.append(["Locality North", "Adults", 12])
    sheet.append(["Front Door", "Children", 8.0])
    buffer = io.BytesIO()
    book.save(buffer)
    psw = sign_in("psw")
    response = psw.post(
        f"/admin/cycles/{cycle['slug']}/teams/add-many", data={"file": (io.BytesIO(buffer.getvalue()), "teams.xlsx")}
    )
    assert response.status_code == 302
    psw.post(response.location, data={})
    assert {team["name"]: team["headcount"] for team in cycles.teams_for(db, cycle["id"])} == {
        "Locality North": 12,
        "Front Door": 8,
    }


def test_a_file_without_the_columns_says_which_are_missing(sign_in, make_cycle, db):
    cycle = make_cycle(teams=[])
    html = page(
        sign_in("psw").post(
            f"/admin/cycles/{cycle['slug']}/teams/add-many",
            data={"file": (io.BytesIO(b"team,staff\nA,3\n"), "teams.csv")},
        )
    )
    message = html.select_one(".govuk-error-summary").text
    assert "teams.csv" in message and "there is no service area column" in message
    assert html.select_one(".govuk-error-summary a")["href"] == "#file"


def test_a_team_is_removed_before_the_survey_opens_but_not_after(sign_in, make_cycle, db):
    draft = make_cycle(slug="draft-one")
    team = cycles.teams_for(db, draft["id"])[0]
    psw = sign_in("psw")
    confirm = page(psw.get(f"/admin/cycles/draft-one/teams/{team['id']}/remove"))
    assert confirm.select_one("h1").text.strip() == f"Remove {team['name']} from this cycle?"
    psw.post(f"/admin/cycles/draft-one/teams/{team['id']}/remove", data={})
    assert team["id"] not in [each["id"] for each in cycles.teams_for(db, draft["id"])]
    opened = make_cycle(slug="open-one", status="open")
    kept = cycles.teams_for(db, opened["id"])[0]
    assert psw.get(f"/admin/cycles/open-one/teams/{kept['id']}/remove").status_code == 404
    assert psw.post(f"/admin/cycles/open-one/teams/{kept['id']}/remove", data={}).status_code == 404
    assert kept in cycles.teams_for(db, opened["id"])


def test_the_command_imports_a_file_of_teams(runner, make_cycle, db, tmp_path):
    cycle = make_cycle(teams=[])
    path = tmp_path / "teams.csv"
    path.write_text("team name,service area,headcount\nLocality North,Adults,12\nTiny Team,Adults,3\n")
    result = runner.invoke(args=["teams", "import", "--cycle", cycle["slug"], str(path)])
    assert result.exit_code == 0, result.output
    assert "Added 2 teams" in result.output
    assert re.search(r"Warning: Tiny Team has fewer than 5 people", result.output)
    path.write_text("team name,service area,headcount\nAnother,Adults,lots\n")
    bad = runner.invoke(args=["teams", "import", "--cycle", cycle["slug"], str(path)])
    assert bad.exit_code == 1
    assert "teams.csv row 2 (Another): Eligible headcount must be a whole number" in bad.output
    assert len(cycles.teams_for(db, cycle["id"])) == 2
