"""Attack: changing a released cycle's answers. Once the results are released, a late answer
(through the survey link, a saved draft or the store itself) and a late import are refused,
and every page, JSON file and workbook sheet reads exactly what it read before."""

from privacy_snapshots import a_response, differences, snapshot
from results_seed import seed_results

from healthcheck import cycles
from healthcheck.problems import Problem
from healthcheck.survey.store import store_response


def test_late_answers_and_imports_are_refused_and_the_release_is_unchanged(
    db, sign_in, make_cycle, client, runner, tmp_path
):
    cycle = seed_results(db, make_cycle, release=False)
    psw = sign_in("psw")
    assert psw.post(f"/admin/cycles/{cycle['slug']}/close", data={"confirm": "y"}).status_code == 302
    assert psw.post(f"/admin/cycles/{cycle['slug']}/release").status_code == 302
    cycle = cycles.get_cycle(db, cycle["slug"])
    stored = db.execute("select json from result_releases where cycle_id = ?", [cycle["id"]]).fetchone()[0]
    responses = db["responses"].count
    viewer = sign_in("viewer")
    before = snapshot(viewer, cycle["slug"])
    assert "68 of" in before["results"][1]  # the release shows its figures

    # A late answer through the survey link.
    start = client.get(f"/survey/{cycle['slug']}")
    assert "no more answers can be added" in start.get_data(as_text=True)
    assert client.post(f"/survey/{cycle['slug']}", data={}).status_code == 403
    # A late answer written straight to the store.
    team = cycles.teams_for(db, cycle["id"])[0]
    try:
        store_response(db, cycle, cycles.cycle_bank(cycle), a_response(cycle, team, "agree", "Too late"))
    except Problem as error:
        assert "responses can no longer change" in error.message
    else:
        raise AssertionError("a late answer was stored")
    # A late import from the shell.
    late = tmp_path / "late.csv"
    late.write_text(f"team,role,29a\n{team['name']},social_worker,strongly_agree\n")
    result = runner.invoke(args=["import-responses", str(late), "--cycle", cycle["slug"]])
    assert result.exit_code == 1
    assert "Nothing was imported" in result.output and "Import earlier answers before releasing" in result.output

    assert db["responses"].count == responses
    assert db.execute("select json from result_releases where cycle_id = ?", [cycle["id"]]).fetchone()[0] == stored
    assert differences(before, snapshot(viewer, cycle["slug"])) == []
