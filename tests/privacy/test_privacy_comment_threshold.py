"""Attack: naming a comment's writer from its label. A comment's wording plus a team of five or
six often names who wrote it, so a comment names its group only when the group has at least
the comment threshold (10 by default) of respondents; otherwise it carries no group at all,
on the comments pages and in the workbook."""

from conftest import page
from privacy_snapshots import a_response, workbook_cells

from healthcheck import cycles
from healthcheck.survey.store import store_responses

# (team, service area, headcount, respondents): Small is shown alone (6 ≥ 5) but is below 10.
TEAMS = [("Small", "Adults", 8, 6), ("Large", "Children", 14, 12)]


def test_comments_of_a_group_below_the_comment_threshold_carry_no_group(db, sign_in, make_cycle):
    cycle = make_cycle(status="open", teams=[(name, area, headcount) for name, area, headcount, _ in TEAMS])
    teams = {team["name"]: team for team in cycles.teams_for(db, cycle["id"])}
    responses = [
        (a_response(cycle, teams[name], "agree", f"{name} writer {number}: my night shifts"), None)
        for name, _, _, count in TEAMS
        for number in range(count)
    ]
    store_responses(db, cycle, cycles.cycle_bank(cycle), responses)
    psw = sign_in("psw")
    psw.post(f"/admin/cycles/{cycle['slug']}/close", data={"confirm": "y"})
    psw.post(f"/admin/cycles/{cycle['slug']}/release")
    viewer = sign_in("viewer")

    team_rows = viewer.get(f"/admin/cycles/{cycle['slug']}/results/scores.json?by=team").get_json()["groups"]
    assert {row["name"]: row["suppressed"] for row in team_rows} == {"Small": False, "Large": False}

    for path in ("results/comments", "results/standards/3"):
        html = page(viewer.get(f"/admin/cycles/{cycle['slug']}/{path}"))
        comments = html.select(".app-comment")
        assert len(comments) == 18
        for comment in comments:
            text = comment.select_one(".app-comment__text").text
            label = comment.select_one(".app-comment__group")
            if text.startswith("Small"):
                assert label is None, path
            else:
                assert label.text.strip() == "Large"
        assert "Small" not in " ".join(label.text for label in html.select(".app-comment__group"))

    sheet = workbook_cells(viewer.get(f"/admin/cycles/{cycle['slug']}/action-plan.xlsx").data, ["Comments"])
    written = [row for row in sheet["Comments"] if row[3] and "writer" in str(row[3])]
    assert len(written) == 18
    assert {row[1] for row in written if row[3].startswith("Small")} == {None}
    assert {row[1] for row in written if row[3].startswith("Large")} == {"Large"}
    assert cycles.get_cycle(db, cycle["slug"])["comment_threshold"] == 10  # the default
