"""Attack: read a small team's answers from the committee pack. Its Word report, slides, chart
images and CSV are made from the disclosable release, so a team below the reporting threshold
(and a combined group's members) appear in none of them, by name or by figure."""

import pytest
from pack_files import docx_text, pptx_text
from results_seed import SMALL, released, seed_results

from healthcheck.results import compute as results

SLUG = "health-check-2026"
BASE = f"/admin/cycles/{SLUG}/results/committee-pack"


@pytest.fixture
def files(db, make_cycle, sign_in):
    cycle = seed_results(db, make_cycle, release=False)
    # The seed's comments carry their team's name in their text, to show where a comment is
    # labelled; here they are worded as practitioners write, so the pack's quoted examples
    # cannot name a team by themselves and any team name found came from a label.
    for name in [row["name"] for row in db["teams"].rows]:
        db.execute("update comments set text = replace(text, ?, 'our team')", [name])
    cycle = released(db, cycle)
    psw = sign_in("psw")
    found = {path: psw.get(BASE + path) for path in ("/report.docx", "/briefing.pptx", "/scores-by-group.csv")}
    found.update({f"/charts/{name}.svg": psw.get(f"{BASE}/charts/{name}.svg") for name in ("standards", "standard-5")})
    assert all(response.status_code == 200 for response in found.values())
    return results.results_for(db, cycle), {
        "report": docx_text(found["/report.docx"].data),
        "briefing": pptx_text(found["/briefing.pptx"].data),
        "csv": found["/scores-by-group.csv"].data.decode("utf-8-sig"),
        "charts": " ".join(found[path].data.decode() for path in found if path.endswith(".svg")),
    }


def test_a_hidden_team_is_in_no_file_of_the_pack(files):
    view, texts = files
    row = next(row for row in view["groups"]["team"] if row["name"] == SMALL)
    assert row["suppressed"]
    combined = next(row for row in view["groups"]["team"] if row["combined"])
    assert SMALL in combined["members"]  # the view names it as a member of its combined group ...
    for name, text in texts.items():
        assert SMALL not in text, name  # ... and the pack never does
        assert "Approved Mental Health" not in text, name


def test_only_groups_the_release_shows_have_rows(files):
    view, texts = files
    lines = texts["csv"].splitlines()[2:]
    shown = [row["name"] for rows in view["groups"].values() for row in rows if not row["suppressed"]]
    assert sorted(line.split(",")[1] for line in lines) == sorted(shown)
    # (a hidden role group's name, such as "Other", is an ordinary word: the rows above cover it)
    for by in ("team", "service"):
        for row in view["groups"][by]:
            if row["suppressed"]:
                assert all(row["name"] not in text for text in texts.values()), row["name"]


def test_a_comment_names_only_a_group_at_the_comment_threshold(files):
    view, texts = files
    # A comment is quoted only as a theme's example, in the writer's words and with no group.
    examples = {example for theme in view["themes"] for example in theme["examples"]}
    for name in ("report", "briefing"):
        quoted = [
            line.strip() for line in texts[name].splitlines() if "Supervision note" in line or "caseloads" in line
        ]
        assert quoted, name
        assert all(any(line.rstrip("…") in example or example in line for example in examples) for line in quoted)
