"""Fuzzing: hypothesis sends the workforce importer, the answers importer and the survey's
pages arbitrary input. The only outcomes allowed are success or a clear validation error:
never a server error or an unexpected exception, and never part of a change written."""

import csv
import datetime
import io
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from survey_helpers import valid_answers

from healthcheck import cycles, workforce
from healthcheck.problems import Problem
from healthcheck.questions import DONT_KNOW, ROLE_GROUPS, load_bank
from healthcheck.survey import importing as response_import
from healthcheck.survey.answers import comment_field, dont_know_field, item_field
from healthcheck.survey.store import check_answer

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
BANK = load_bank()
TEAMS = ["North", "Front Door"]
SLUG = "health-check-2026"
WRITTEN = ("teams", "workforce_figures", "responses", "answers", "comments", "survey_drafts", "access_codes")

# Text people really type, beside anything at all.
words = st.text(max_size=30)
numbers_as_text = st.one_of(
    st.integers(-10, 10**7).map(str),
    st.floats().map(str),
    st.sampled_from(["1,234", "12,5", "1e3", " 7 ", "0.5", "-0", "½"]),
)


def state(db) -> dict:
    return {table: db.execute(f"select * from [{table}] order by rowid").fetchall() for table in WRITTEN}


@pytest.fixture
def slug(db, make_cycle):
    """An open cycle with two teams; its web address name (so failures print briefly)."""
    make_cycle(slug=SLUG, status="open", teams=[(name, "Adults", 12) for name in TEAMS])
    return SLUG


def csv_bytes(rows, delimiter=",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode()


def xlsx_bytes(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# The workforce importer -------------------------------------------------------------------

FIELD_KEYS = [field.key for field in BANK.workforce_fields]
figure_cells = st.one_of(
    st.none(), st.sampled_from(["", "c", "x", "z", "u", "low", "=SUM(A1:A2)", "nan", "inf"]), numbers_as_text, words
)
workforce_rows = st.tuples(
    st.lists(st.one_of(st.sampled_from(["team", "la_name", *FIELD_KEYS]), words), min_size=0, max_size=8),
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from(TEAMS + ["north", "FRONT DOOR", "New team", "New  team!"]), words),
            st.lists(figure_cells, max_size=8),
        ),
        max_size=6,
    ),
).map(lambda parts: [parts[0]] + [[team, *(cell or "" for cell in cells)] for team, cells in parts[1]])


@st.composite
def mostly_valid_figures(draw):
    """A header of real columns and rows of real teams and figures, each cell now and then
    replaced by anything at all: files that are nearly right, where mistakes hide."""
    fields = draw(st.lists(st.sampled_from(FIELD_KEYS), unique=True, min_size=1, max_size=6))
    teams = draw(
        st.lists(st.sampled_from(TEAMS + ["New team", "Another new team"]), unique=True, min_size=1, max_size=4)
    )
    figure = st.one_of(st.integers(0, 40).map(str), st.sampled_from(["", "c", "low"]))
    rows = [["team", *fields]]
    for team in teams:
        rows.append([team, *(draw(figure_cells) if draw(st.integers(0, 15)) == 0 else draw(figure) for _ in fields)])
    return rows


typed_cells = st.one_of(
    st.none(),
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(datetime.date(1900, 1, 1)),
    figure_cells,
)
workforce_files = st.one_of(
    st.tuples(st.sampled_from(["figures.csv", "figures.txt"]), workforce_rows.map(csv_bytes)),
    st.tuples(st.just("nearly.csv"), mostly_valid_figures().map(csv_bytes)),
    st.tuples(st.just("nearly.xlsx"), mostly_valid_figures().map(xlsx_bytes)),
    st.tuples(st.just("semicolons.csv"), workforce_rows.map(lambda rows: csv_bytes(rows, ";"))),
    st.tuples(
        st.just("figures.xlsx"),
        st.tuples(
            st.lists(st.one_of(st.sampled_from(["team", *FIELD_KEYS]), words), max_size=6),
            st.lists(st.lists(typed_cells, max_size=6), max_size=5),
        ).map(lambda parts: xlsx_bytes([parts[0], *parts[1]])),
    ),
    st.tuples(st.sampled_from(["figures.csv", "figures.xlsx", "figures.xls", "figures"]), st.binary(max_size=600)),
)


@FUZZ
@given(upload=workforce_files, create_teams=st.booleans())
def test_any_workforce_file_is_imported_whole_or_refused_with_reasons(db, slug, upload, create_teams):
    cycle = cycles.get_cycle(db, slug)
    name, data = upload
    before = state(db)
    try:
        plan, _ = workforce.import_file(db, cycle, name, data, create_teams=create_teams)
    except workforce.WorkforceFileError as error:
        event("refused")
        assert error.problems and all(str(problem).strip() for problem in error.problems)
        assert state(db) == before
        return
    event("imported")
    stored = workforce.figures_for(db, cycle["id"])
    slugs = {team["slug"]: team["id"] for team in cycles.teams_for(db, cycle["id"])}
    assert {team.slug for team in plan.new_teams} <= set(slugs)  # every team it added
    for change in plan.changes:  # and every change it promised is there
        assert stored.get(slugs[change.team_slug], {}).get(change.field) == change.new


# The answers importer ---------------------------------------------------------------------

ITEMS = list(BANK.items)
answer_cells = st.one_of(
    st.none(),
    st.sampled_from([choice.label for item in ITEMS for choice in BANK.choices_for(item)][:40]),
    st.sampled_from([choice.value for item in ITEMS for choice in BANK.choices_for(item)][:40]),
    st.sampled_from(
        [
            DONT_KNOW,
            "Don't know / not applicable",
            "Prefer not to say",
            "Social worker",
            "2 to 5 years",
            "2025-10-31",
            "31/10/2025",
            "31/02/2025",
            "north",
            "Front Door",
            "systems;none",
            ";",
        ]
    ),
    numbers_as_text,
    words,
)
answer_headers = st.lists(
    st.one_of(
        st.sampled_from(
            [item.id for item in ITEMS] + ["team", "role", "submitted_on"] + [f"comment_{n}" for n in range(1, 10)]
        ),
        words,
    ),
    min_size=0,
    max_size=8,
)
DETAIL_VALUES = {
    "team": TEAMS + ["front-door", "north"],
    "role": [*ROLE_GROUPS.values(), *ROLE_GROUPS, "Prefer not to say"],
    "submitted_on": ["2025-10-31", "31/10/2025", "2026-01-02"],
}


def valid_answer(column: str):
    """What a right answer in this column can look like."""
    if column in DETAIL_VALUES:
        return st.sampled_from(DETAIL_VALUES[column])
    if column.startswith("comment_"):
        return words
    item = BANK.item(column)
    if item.type == "number":
        return st.integers(int(item.min), int(item.max)).map(str)
    if item.type == "text":
        return words
    choices = [choice for choice in BANK.choices_for(item)]
    if item.type == "multiple_choice":
        return st.lists(st.sampled_from([c.label for c in choices if c.value != "none"]), min_size=1, unique=True).map(
            ";".join
        )
    options = [c.label for c in choices] + [c.value for c in choices] + ([DONT_KNOW] if item.dont_know else [])
    return st.sampled_from(options)


@st.composite
def mostly_valid_answers(draw):
    columns = draw(
        st.lists(
            st.sampled_from([item.id for item in ITEMS] + list(DETAIL_VALUES) + [f"comment_{n}" for n in range(1, 9)]),
            unique=True,
            min_size=1,
            max_size=8,
        )
    )
    rows = [columns]
    for _ in range(draw(st.integers(1, 4))):
        rows.append(
            [draw(answer_cells) if draw(st.integers(0, 25)) == 0 else draw(valid_answer(column)) for column in columns]
        )
    return rows


answer_files = st.one_of(
    st.tuples(
        st.just(".csv"),
        mostly_valid_answers().map(lambda rows: csv_bytes([[cell or "" for cell in row] for row in rows])),
    ),
    st.tuples(st.just(".xlsx"), mostly_valid_answers().map(xlsx_bytes)),
    st.tuples(
        st.just(".csv"),
        st.tuples(answer_headers, st.lists(st.lists(answer_cells, max_size=8), max_size=5)).map(
            lambda parts: csv_bytes([parts[0], *[[cell or "" for cell in row] for row in parts[1]]])
        ),
    ),
    st.tuples(
        st.just(".xlsx"),
        st.tuples(
            answer_headers,
            st.lists(
                st.lists(
                    st.one_of(answer_cells, st.integers(-5, 200), st.dates(datetime.date(2000, 1, 1))), max_size=8
                ),
                max_size=5,
            ),
        ).map(lambda parts: xlsx_bytes([parts[0], *parts[1]])),
    ),
    st.tuples(st.sampled_from([".csv", ".xlsx", ".txt"]), st.binary(max_size=600)),
)


@FUZZ
@given(upload=answer_files)
def test_any_answers_file_is_imported_whole_or_refused_with_reasons(db, slug, upload):
    cycle = cycles.get_cycle(db, slug)
    suffix, data = upload
    before = state(db)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"answers{suffix}"
        path.write_bytes(data)
        try:
            count = response_import.import_responses(db, cycle, path)
        except response_import.ResponseImportError as error:
            event("refused")
            assert error.problems and all(problem.strip() for problem in error.problems)
            assert state(db) == before
            return
    event("imported")
    assert count > 0
    assert db["responses"].count == len(before["responses"]) + count
    for item_id, value in db.execute("select item_id, value from answers"):
        check_answer(BANK, BANK.item(item_id), value)  # every stored answer is one the bank allows


# The survey's pages -----------------------------------------------------------------------

PAGES = [
    "",
    "about-you",
    *(f"standard/{standard.number}" for standard in BANK.standards),
    "check-your-answers",
    "save",
    "resume",
    "standard/99",
    "saved",
    "confirmation",
]
FIELD_NAMES = [
    "access_code",
    "resume_code",
    "action",
    "team",
    "role_group",
    "csrf_token",
    *(item_field(item) for item in ITEMS),
    *(dont_know_field(item) for item in ITEMS),
    *(comment_field(standard.number) for standard in BANK.standards),
]
field_values = st.one_of(
    st.sampled_from(
        [
            "continue",
            "save",
            DONT_KNOW,
            "prefer_not_to_say",
            "1",
            "2",
            "999",
            "agree",
            "none",
            "",
            "K7QF-2MXA-9TDR",
            "social_worker",
            "under_2",
        ]
    ),
    st.sampled_from([choice.value for item in ITEMS for choice in BANK.choices_for(item)]),
    numbers_as_text,
    st.text(max_size=40),
    st.text(min_size=1990, max_size=2010, alphabet="ab "),
)
form_data = st.dictionaries(
    st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12)),
    st.one_of(field_values, st.lists(field_values, max_size=3)),
    max_size=12,
)
posts = st.lists(
    st.tuples(st.sampled_from(PAGES), st.one_of(form_data, st.binary(max_size=300))), min_size=1, max_size=6
)


def stored_whole(db) -> None:
    """Every stored response is one the bank allows, with its comments within the limit."""
    for item_id, value in db.execute("select item_id, value from answers"):
        try:
            check_answer(BANK, BANK.item(item_id), value)
        except Problem as error:
            raise AssertionError(f"stored answer {item_id}={value!r}: {error.message}") from None
    assert db.execute("select count(*) from comments where length(text) > 2000 or trim(text) = ''").fetchone()[0] == 0
    assert (
        db.execute("select count(*) from answers where response_id not in (select id from responses)").fetchone()[0]
        == 0
    )


@FUZZ
@given(sequence=posts, begun=st.sampled_from(["not started", "started", "every page answered"]))
def test_any_form_sent_to_the_survey_is_handled_or_refused_never_half_stored(app, db, slug, sequence, begun):
    app.extensions["healthcheck.limiter"].reset()  # each example is a new visitor
    client = app.test_client()
    survey = f"/survey/{slug}"
    if begun != "not started":
        assert client.post(survey).status_code == 302
    if begun == "every page answered":  # so sending can succeed, or be spoilt by what follows
        assert client.post(f"{survey}/about-you", data={"action": "continue"}).status_code == 302
        for standard in BANK.standards:
            page = f"{survey}/standard/{standard.number}"
            assert client.post(page, data=valid_answers(BANK, standard.number)).status_code == 302
    for target, data in sequence:
        path = f"{survey}/{target}".rstrip("/")
        before = db["responses"].count
        if isinstance(data, bytes):
            response = client.post(path, data=data, content_type="application/x-www-form-urlencoded")
        else:
            response = client.post(path, data=data)
        assert response.status_code < 500, (path, data)
        # 400 bad form, 404 no such page, 405 not a form, 429 too many wrong codes.
        assert response.status_code in (200, 302, 400, 404, 405, 429), (path, response.status_code)
        sent = db["responses"].count - before
        event(f"{target.split('/')[0] or 'start'}: {response.status_code}")
        assert sent in (0, 1)
        if sent:  # only sending from check your answers stores a response, and says so
            event("a response was sent")
            assert target == "check-your-answers" and response.location.endswith(f"{survey}/confirmation")
    stored_whole(db)
