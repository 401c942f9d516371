"""Attack: counting a small team's comments through their themes. A theme's count by group
for a team of six would say how many of those six wrote about, say, their manager, so themes
count by group only for groups at or above the comment threshold: on the Comments page, in
its filters, in the comment export and in the scores JSON."""

import json

from conftest import page
from privacy_snapshots import a_response, workbook_cells

from healthcheck import cycles
from healthcheck.survey.store import store_responses

TEAMS = [("Small", "Adults", 8, 6), ("Large", "Children", 14, 12)]


def test_themes_never_count_a_group_below_the_comment_threshold(db, sign_in, make_cycle):
    cycle = make_cycle(status="open", teams=[(name, area, headcount) for name, area, headcount, _ in TEAMS])
    teams = {team["name"]: team for team in cycles.teams_for(db, cycle["id"])}
    responses = [
        (a_response(cycle, teams[name], "agree", f"My caseload is high and supervision rare ({number})"), None)
        for name, _, _, count in TEAMS
        for number in range(count)
    ]
    store_responses(db, cycle, cycles.cycle_bank(cycle), responses)
    psw = sign_in("psw")
    psw.post(f"/admin/cycles/{cycle['slug']}/close", data={"confirm": "y"})
    psw.post(f"/admin/cycles/{cycle['slug']}/release")
    viewer = sign_in("viewer")
    base = f"/admin/cycles/{cycle['slug']}/results"

    for query in ("", "?theme=caseload-pressure", "?q=supervision", "?group=Large"):
        html = page(viewer.get(f"{base}/comments{query}"))
        groups = [element.text for element in html.select(".app-theme__group")]
        assert groups and all(text.startswith("Large: ") for text in groups)
        assert "Small" not in html.select_one("main").get_text(), query
    assert "Caseload pressure" in page(viewer.get(f"{base}/comments")).select_one("#theme-caseload-pressure").text
    assert viewer.get(f"{base}/comments?group=Small").status_code == 200  # refused as a choice, shows nothing of it
    assert "Small" not in page(viewer.get(f"{base}/comments?group=Small")).select_one(".app-comments").get_text()

    themes = viewer.get(f"{base}/scores.json").get_json()["themes"]
    caseload = next(theme for theme in themes if theme["id"] == "caseload-pressure")
    assert caseload["count"] == 18 and caseload["by_group"] == {"Large": 12}
    assert "Small" not in json.dumps(themes)

    assert "Small" not in viewer.get(f"{base}/comments.csv").data.decode("utf-8-sig")
    cells = workbook_cells(viewer.get(f"{base}/comments.xlsx").data)
    assert "Small" not in str(cells)
    assert {row[4] for row in cells["Comments"][1:]} == {"Large", None}
