"""The principal social worker reviews comments that look like they name or contact someone
before releasing results: each kind of flag, the names check that keeps nothing, the
decisions and their record, and releasing that waits for the review."""

import io
import logging
from pathlib import Path

import openpyxl
import pytest
from conftest import page

from healthcheck import cycles
from healthcheck.comments import flags, review
from healthcheck.problems import Problem
from healthcheck.results import compute as results
from healthcheck.survey import importing as response_import
from healthcheck.survey.store import Response, store_response, store_responses

TEAMS = [("Locality North", "Adults", 14), ("Front Door", "Children", 12)]
REVIEW = "/admin/cycles/health-check-2026/comments/review"


def a_response(cycle, team, mood, comment=None) -> Response:
    bank = cycles.cycle_bank(cycle)
    answers = {item.id: mood for item in bank.items if item.type == "agreement"}
    return Response(
        team_id=team["id"], role_group="social_worker", answers=answers, comments={3: comment} if comment else {}
    )


def workbook_cells(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [row for sheet in book for row in sheet.iter_rows(values_only=True)]


def reasons(text, names=(), known=frozenset()):
    return [flag.reason for flag in flags.flags_in(text, names, known)]


@pytest.mark.parametrize(
    "text",
    [
        "Email me at sam.o'neill+work@northfield.gov.uk please",
        "Write to duty-team@council.example if you want to know more",
    ],
)
def test_an_email_address_is_flagged(text):
    assert reasons(text) == ["email address"]


@pytest.mark.parametrize(
    "number",
    [
        "07700 900461",
        "07700900461",
        "+44 7700 900461",
        "+44 (0)20 7946 0958",
        "020 7946 0958",
        "0161 496 0000",
        "01632 960118",
        "(01632) 960118",
    ],
)
def test_uk_phone_numbers_are_flagged_however_they_are_spaced(number):
    assert reasons(f"Ring me on {number} any time") == ["phone number"]


@pytest.mark.parametrize(
    "text",
    [
        "I had 28 cases in 2024 and 31 in 2025, with 0 to 5 years in post.",
        "Caseloads of 25 to 30 are normal; TOIL owed is 40 hours.",
    ],
)
def test_ordinary_numbers_are_not_phone_numbers(text):
    assert reasons(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("My manager Sarah Jenkins cancels supervision every month.", "Sarah Jenkins"),
        ("When Sarah Jenkins took over, things improved.", "Sarah Jenkins"),
        ("Ask Mary McDonald-Hughes about it.", "Mary McDonald-Hughes"),
        ("my manager Priya is always around", "Priya"),
    ],
)
def test_capitalised_personal_names_are_flagged_with_the_name(text, name):
    assert reasons(text) == [f"possible name: {name}"]


@pytest.mark.parametrize(
    "text",
    [
        "The CPD sessions on Social Work England's standards were useful.",
        "Team meetings on Monday in March were cancelled for duty cover.",
        "Our links with the NHS Trust and Northfield Borough Council have improved.",
        "Front Door and MASH comment 0: caseloads",
    ],
)
def test_ordinary_capitalised_words_team_names_and_places_are_not_names(text):
    assert reasons(text, known=frozenset({"Northfield", "Borough", "Front", "Door", "MASH"})) == []


@pytest.mark.parametrize(
    "text",
    [
        "The AMHP rota lead never answers her phone.",
        "The Head of Service promised a caseload cap.",
        "The Director of Children's Services visited once.",
        "Our Principal Social Worker runs good forums.",
        "The team manager of Child Protection East is leaving.",
    ],
)
def test_job_titles_one_person_holds_are_flagged(text):
    assert reasons(text) == ["job title held by one person"]


def test_a_team_manager_is_one_of_many_and_is_not_flagged():
    assert reasons("My team manager is supportive and our service managers are visible.") == []


def test_names_entered_for_the_check_flag_whole_names_and_surnames():
    names = flags.entered_names("Sarah Jenkins\nBob; Tomasz Nowak, the, duty team")
    assert names == ("Sarah Jenkins", "Bob", "Tomasz Nowak")  # common words find everyone, not a person
    assert reasons("nowak was rude and bob laughed", names) == ["a name you entered", "a name you entered"]
    assert reasons("Bobby was kind", names) == []  # whole words only


def test_redacting_replaces_every_occurrence_in_any_case_and_refuses_words_not_there():
    text = "Ask Sarah Jenkins; sarah  jenkins knows."
    assert flags.redacted(text, "Sarah Jenkins") == f"Ask {flags.REMOVED}; {flags.REMOVED} knows."
    with pytest.raises(flags.Problem, match="not in the comment"):
        flags.redacted(text, "Tom Whitfield")


@pytest.fixture
def flagged(db, make_cycle):
    """A closed cycle with thirteen responses: one comment names a manager, one gives a phone
    number, one free-text answer an email address, one mentions a colleague by a lower-case
    first name; the rest are ordinary. Comments are reviewed once the survey has closed."""
    cycle = make_cycle(status="open", teams=TEAMS)
    bank = cycles.cycle_bank(cycle)
    teams = {team["name"]: team for team in cycles.teams_for(db, cycle["id"])}
    ordinary = [
        (a_response(cycle, teams["Locality North"], "agree", f"Caseloads are high, week {n}"), None) for n in range(9)
    ]
    store_responses(db, cycle, bank, ordinary)
    named = a_response(cycle, teams["Front Door"], "disagree", "My manager Sarah Jenkins cancels supervision")
    phone = a_response(cycle, teams["Front Door"], "disagree", "Ring 07700 900461 about duty")
    text_item = next(item for item in bank.items if item.type == "text")
    email = a_response(cycle, teams["Front Door"], "agree")
    email.answers[text_item.id] = "Duty cover, ask jo.bloggs@council.example"
    lower_case = Response(comments={2: "quentinella was kind to me"})
    for response in (named, phone, email, lower_case):
        store_response(db, cycle, bank, response)
    return cycles.close_cycle(db, cycle)


def keys_by_text(db, cycle) -> dict[str, str]:
    return {comment.text: comment.key for comment in review.comments_to_review(db, cycle)}


def test_the_review_page_lists_flagged_comments_with_their_reasons_and_nothing_else(db, flagged, sign_in):
    html = page(sign_in("psw").get(REVIEW))
    items = html.select("#awaiting-comments .app-review-item")
    shown = {
        item.select_one(".app-review-comment").text: [tag.text for tag in item.select(".app-flag-reason")]
        for item in items
    }
    assert shown == {
        "My manager Sarah Jenkins cancels supervision": ["possible name: Sarah Jenkins"],
        "Ring 07700 900461 about duty": ["phone number"],
        "Duty cover, ask jo.bloggs@council.example": ["email address"],
    }
    marks = [mark.text for mark in html.select("mark.app-flagged")]
    assert sorted(marks) == ["07700 900461", "Sarah Jenkins", "jo.bloggs@council.example"]
    assert "Caseloads are high" not in html.text
    assert "Front Door" not in html.select_one("#awaiting-comments").text  # no group, ever
    assert html.select_one("#count-awaiting").text == "3"


def test_only_the_psw_reviews_comments(flagged, sign_in):
    for role in ("admin", "viewer"):
        assert sign_in(role).get(REVIEW).status_code == 403


def test_while_the_survey_is_open_nothing_of_the_comments_is_shown_not_even_a_count(db, make_cycle, sign_in):
    # Attack: the PSW watches the review page while a colleague answers; a flagged comment (or
    # a count going up) appearing just after would be hers.
    cycle = make_cycle(status="open", teams=TEAMS)
    bank = cycles.cycle_bank(cycle)
    psw = sign_in("psw")
    before = page(psw.get(REVIEW))
    team = cycles.teams_for(db, cycle["id"])[0]
    store_response(db, cycle, bank, a_response(cycle, team, "disagree", "My manager Sarah Jenkins cancels supervision"))
    after = page(psw.get(REVIEW))
    assert "once the survey closes" in after.select_one("#review-later").text
    assert after.select_one("main").text == before.select_one("main").text
    assert "Sarah" not in after.select_one("main").text and after.select("main form[method=post]") == []
    task = page(psw.get("/admin/cycles/health-check-2026")).select_one("[data-task=review]")
    assert task.select_one(".govuk-task-list__status").text.strip() == "After the survey closes"
    # Deciding is refused too, by the page and by the function behind it.
    key = review.comments_to_review(db, cycle)[0].key
    psw.post(REVIEW, data={"action": "decide", "comment": key, "decision": "hidden", "reason": "names"})
    assert review.awaiting_review(db, cycle) == 1
    with pytest.raises(Problem, match="once the survey closes"):
        review.decide(db, cycle, key, review.KEEP, "psw@council.example")


def test_the_task_list_shows_review_comments_before_release(db, flagged, sign_in):
    html = page(sign_in("psw").get("/admin/cycles/health-check-2026"))
    tasks = [item["data-task"] for item in html.select("#cycle-tasks li")]
    assert tasks.index("review") == tasks.index("release") - 1
    review_task = html.select_one("[data-task=review]")
    assert review_task.select_one("a")["href"] == REVIEW
    assert review_task.select_one(".govuk-task-list__status").text.strip() == "3 waiting for review"


def test_pasted_names_flag_comments_and_are_kept_nowhere(app, db, flagged, sign_in, caplog):
    caplog.set_level(logging.DEBUG)
    psw = sign_in("psw")
    name = "Quentinella Okonkwo-Brightwater"
    response = psw.post(REVIEW, data={"action": "check", "names": f"{name}\nTom"})
    html = page(response)
    item = next(item for item in html.select("#awaiting-comments .app-review-item") if "quentinella" in item.text)
    assert [tag.text for tag in item.select(".app-flag-reason")] == ["a name you entered"]
    assert html.select_one("#names").text.strip() == f"{name}\nTom"  # shown back on this page only
    # A decision sent with the names shows the check again and still keeps nothing of them.
    key = keys_by_text(db, flagged)["Ring 07700 900461 about duty"]
    psw.post(REVIEW, data={"action": "decide", "comment": key, "decision": "kept", "names": name})

    database = Path(app.config["DATABASE"])
    stored = b"".join(path.read_bytes() for path in database.parent.iterdir() if path.is_file())
    assert b"Okonkwo" not in stored and b"Quentinella" not in stored
    with psw.session_transaction() as session:
        assert "Okonkwo" not in repr(dict(session))
    assert "Okonkwo" not in caplog.text
    # The next plain visit has forgotten them.
    assert "quentinella" not in page(psw.get(REVIEW)).select_one("#awaiting-comments").text


def test_each_decision_is_recorded_without_the_removed_words(db, flagged, sign_in):
    psw = sign_in("psw")
    keys = keys_by_text(db, flagged)
    assert (
        psw.post(
            REVIEW,
            data={
                "action": "decide",
                "comment": keys["Ring 07700 900461 about duty"],
                "decision": "hidden",
                "reason": "Gives a phone number",
            },
        ).status_code
        == 302
    )
    psw.post(
        REVIEW,
        data={
            "action": "decide",
            "comment": keys["My manager Sarah Jenkins cancels supervision"],
            "decision": "redacted",
            "words": "Sarah Jenkins",
        },
    )
    psw.post(
        REVIEW,
        data={"action": "decide", "comment": keys["Duty cover, ask jo.bloggs@council.example"], "decision": "kept"},
    )
    rows = list(
        db.query(
            "select response_id, about, decision, reason, reviewed_by, reviewed_on from comment_reviews order by id"
        )
    )
    assert [(row["decision"], row["reason"], row["reviewed_by"]) for row in rows] == [
        ("hidden", "Gives a phone number", "psw@council.example"),
        ("redacted", "", "psw@council.example"),
        ("kept", "", "psw@council.example"),
    ]
    assert "Sarah" not in repr(rows) and "Jenkins" not in repr(rows)
    html = page(psw.get(REVIEW))
    assert html.select_one("#count-awaiting").text == "0"
    assert (
        html.select_one("#count-kept").text,
        html.select_one("#count-redacted").text,
        html.select_one("#count-hidden").text,
    ) == ("1", "1", "1")
    assert f"My manager {flags.REMOVED} cancels supervision" in html.select_one("#reviewed-comments").text
    assert "Hidden: Gives a phone number" in html.select_one("#reviewed-comments").text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"decision": "hidden", "reason": ""}, "reason", "Enter why the comment is hidden"),
        ({"decision": "redacted", "words": "Tom Whitfield"}, "words", "not in the comment"),
        ({"decision": "redacted", "words": ""}, "words", "Enter the words to remove"),
        ({}, "decision", "Choose whether to keep"),
    ],
)
def test_an_incomplete_decision_says_what_is_wrong_and_changes_nothing(db, flagged, sign_in, data, field, message):
    key = keys_by_text(db, flagged)["My manager Sarah Jenkins cancels supervision"]
    response = sign_in("psw").post(REVIEW, data={"action": "decide", "comment": key, **data})
    html = page(response)
    assert html.title.text.startswith("Error: ")
    link = html.select_one(".govuk-error-summary a")
    assert message in link.text and link["href"] == f"#{field}-{key}"
    assert html.select_one(f"#{field}-{key}") is not None
    assert db["comment_reviews"].count == 0
    assert "My manager Sarah Jenkins cancels supervision" in [row[0] for row in db.execute("select text from comments")]


def test_releasing_waits_for_the_review_on_the_web_and_the_command_line(db, flagged, sign_in, runner):
    psw = sign_in("psw")
    check = psw.get("/admin/cycles/health-check-2026/release")
    assert check.status_code == 302 and check.location == REVIEW
    message = page(psw.get(REVIEW)).select_one(".govuk-error-summary").text
    assert "3 comments look like they name or contact someone and have not been reviewed" in message
    psw.post("/admin/cycles/health-check-2026/release")
    assert not results.is_released(db, flagged)

    result = runner.invoke(args=["cycles", "release", "health-check-2026", "--yes"])
    assert result.exit_code != 0 and "Review comments" in result.output and REVIEW in result.output
    assert not results.is_released(db, flagged)

    for key in keys_by_text(db, flagged).values():
        psw.post(REVIEW, data={"action": "decide", "comment": key, "decision": "kept"})
    release_page = page(psw.get("/admin/cycles/health-check-2026/release"))
    assert "3 kept, 0 with words removed, 0 hidden" in release_page.select_one("#release-comment-review").text
    assert release_page.select_one("#review-comments-link")["href"] == REVIEW
    result = runner.invoke(args=["cycles", "release", "health-check-2026", "--yes"])
    assert result.exit_code == 0, result.output
    assert results.is_released(db, flagged)


def test_decisions_after_release_are_refused_because_the_release_is_fixed(db, flagged, sign_in):
    psw = sign_in("psw")
    keys = keys_by_text(db, flagged)
    for key in keys.values():
        psw.post(REVIEW, data={"action": "decide", "comment": key, "decision": "kept"})
    psw.post("/admin/cycles/health-check-2026/release")
    assert results.is_released(db, flagged)
    before = results.released_results(db, flagged)
    key = keys["My manager Sarah Jenkins cancels supervision"]
    html = page(psw.post(REVIEW, data={"action": "decide", "comment": key, "decision": "redacted", "words": "Sarah"}))
    assert "released and fixed" in html.select_one(".govuk-error-summary").text
    assert html.select(".app-review-form") == []  # nothing left to decide
    assert results.released_results(db, flagged) == before
    assert db["comment_reviews"].count == 3


def test_hidden_comments_never_reach_viewers_json_or_the_workbook(db, flagged, sign_in):
    psw = sign_in("psw")
    keys = keys_by_text(db, flagged)
    hidden_text = "Ring 07700 900461 about duty"
    for text, key in keys.items():
        decision = (
            {"decision": "hidden", "reason": "Gives a phone number"} if text == hidden_text else {"decision": "kept"}
        )
        psw.post(REVIEW, data={"action": "decide", "comment": key, **decision})
    psw.post("/admin/cycles/health-check-2026/close", data={"confirm": "y"})
    psw.post("/admin/cycles/health-check-2026/release")
    viewer = sign_in("viewer")
    base = "/admin/cycles/health-check-2026"
    for path in ("/results/comments", "/results/standards/3"):
        shown = [c.text for c in page(viewer.get(base + path)).select(".app-comment__text")]
        assert "My manager Sarah Jenkins cancels supervision" in " ".join(shown)  # kept
        assert "07700" not in " ".join(shown), path
    assert "07700" not in viewer.get(base + "/results/scores.json").get_data(as_text=True)
    cells = workbook_cells(viewer.get(base + "/action-plan.xlsx").data)
    assert "07700" not in repr(cells) and "Sarah Jenkins" in repr(cells)
    assert "07700" not in repr(results.released_results(db, flagged))
    # The PSW still sees that one was hidden, and why.
    assert "Hidden: Gives a phone number" in page(psw.get(REVIEW)).select_one("#reviewed-comments").text


def test_imported_comments_are_flagged_for_review_like_the_surveys(db, make_cycle, tmp_path):
    cycle = make_cycle(slug="health-check-2026", status="open")
    path = tmp_path / "answers.csv"
    path.write_text("team,29a,comment_3\nLocality North,agree,Email tom.whitfield@council.example for the rota\n")
    summary = response_import.import_mapped(db, cycle, response_import.plan(db, cycle, path))
    assert "1 comment looks like it names or contacts someone: review it" in " ".join(summary.lines())
    found = review.comments_to_review(db, cycle)
    assert [(comment.text, [flag.reason for flag in comment.flags]) for comment in found] == [
        ("Email tom.whitfield@council.example for the rota", ["email address"])
    ]
    assert review.awaiting_review(db, cycle) == 1
