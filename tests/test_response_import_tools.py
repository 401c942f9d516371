"""Earlier years' answers exported from SurveyMonkey, LimeSurvey and Microsoft Forms: each
is recognised, mapped by its wording (never by an id alone), imported whole with nothing
identifying stored, or refused saying what is undecided, and nothing is lost silently."""

import datetime

import pytest
import survey_exports as exports

from healthcheck import cycles
from healthcheck.survey import importing, mapping


def stored_answers(db) -> list[set]:
    """Each stored response's answers, in the order the rows were written."""
    ids = [
        row[0]
        for row in db.execute("select response_id from answers group by response_id order by min(rowid)").fetchall()
    ]
    return [set(db.execute("select item_id, value from answers where response_id = ?", [i]).fetchall()) for i in ids]


def database_bytes(app) -> bytes:
    from pathlib import Path

    folder = Path(app.config["DATABASE"]).parent
    return b"".join(path.read_bytes() for path in folder.glob("test.sqlite*"))


@pytest.mark.parametrize(
    "build, writer, suffix",
    [
        (exports.surveymonkey_expanded, exports.write_xlsx, "xlsx"),
        (exports.surveymonkey_expanded, exports.write_csv, "csv"),
        (exports.surveymonkey_condensed, exports.write_xlsx, "xlsx"),
        (exports.limesurvey_full, exports.write_csv, "csv"),
        (exports.microsoft_forms, exports.write_xlsx, "xlsx"),
    ],
)
def test_each_tools_export_imports_as_suggested_and_stores_exactly_its_answers(
    app, db, past_cycle, tmp_path, build, writer, suffix
):
    path = writer(tmp_path / f"export.{suffix}", build())
    planned = importing.plan(db, past_cycle, path)
    assert planned.mapping.undecided() == []
    summary = importing.import_mapped(db, past_cycle, planned)
    assert summary.responses == 3
    assert stored_answers(db) == exports.expected_answers()
    cycle = cycles.get_cycle(db, past_cycle["slug"])
    assert cycle["status"] == "closed"  # fixed and closed, its survey never opened
    details = db.execute("select role_group, submitted_on from responses").fetchall()
    assert sorted(details) == sorted(
        [
            ("social_worker", "2024-10-26"),
            ("team_manager", "2024-10-15"),
            ("senior_practitioner", "2024-11-02"),
        ]
    )
    assert sorted(row[0] for row in db.execute("select text from comments")) == sorted(
        person["comment_3"] for person in exports.RESPONDENTS if person["comment_3"]
    )
    assert summary.answers_by_item == {"29a": 3, "30a": 3, "5a": 3, "5b": 3, "19a": 2, "8a": 3, "S7a": 3}
    not_stored = {column.header for column in summary.not_stored}
    assert {"Email Address", "IP Address", "Email", "IP address"} & not_stored
    db.conn.commit()
    everything = database_bytes(app)
    for value in exports.IDENTIFYING_VALUES:
        assert value.encode() not in everything


def test_the_summary_lists_every_column_left_out_and_how_many_cells(db, past_cycle, tmp_path):
    path = exports.write_xlsx(tmp_path / "export.xlsx", exports.surveymonkey_expanded())
    summary = importing.import_mapped(db, past_cycle, importing.plan(db, past_cycle, path))
    lines = summary.lines()
    assert lines[0] == "Stored 3 responses from export.xlsx (SurveyMonkey)."
    assert "Column F (Email Address): not stored (identifies someone or when they answered); 3 cells left out." in lines
    assert "Answers stored per question: 29a 3, 30a 3, 5a 3, 5b 3, 19a 2, 8a 3, S7a 3" in lines


def test_limesurvey_unfinished_responses_are_left_out_and_counted(db, past_cycle, tmp_path):
    path = exports.write_csv(tmp_path / "results.csv", exports.limesurvey_full(unfinished=2))
    summary = importing.import_mapped(db, past_cycle, importing.plan(db, past_cycle, path))
    assert (summary.responses, summary.incomplete_left_out) == (3, 2)
    assert "Left out 2 unfinished responses." in summary.lines()
    assert db["responses"].count == 3


@pytest.mark.parametrize("keep", ["first row only", "second row only"])
def test_a_surveymonkey_file_with_one_header_row_kept_never_reports_success(db, past_cycle, tmp_path, keep):
    rows = exports.surveymonkey_expanded()
    del rows[1 if keep == "first row only" else 0]
    path = exports.write_csv(tmp_path / "edited.csv", rows)
    planned = importing.plan(db, past_cycle, path)
    undecided = planned.mapping.undecided()
    assert undecided
    with pytest.raises(importing.ResponseImportError) as refused:
        importing.import_mapped(db, past_cycle, planned)
    assert db["responses"].count == 0
    if keep == "first row only":
        # The matrix's statements after the first have no header: each is named, never dropped.
        assert "edited.csv: column N ('no header'): this column has no header but holds answers" in str(refused.value)
    else:
        # The team's column is known by its values; the rest of row 2's "Response" columns are not.
        assert any("column Q ('Response')" in problem for problem in refused.value.problems)
        assert any("column F ('no header')" in problem for problem in refused.value.problems)


def test_a_header_that_is_one_of_our_ids_is_never_taken_for_that_question(db, past_cycle, tmp_path):
    path = exports.write_csv(tmp_path / "codes.csv", exports.limesurvey_codes())
    planned = importing.plan(db, past_cycle, path)
    s7a = next(column for column in planned.mapping.columns if column.header == "S7a")
    assert s7a.use is None
    assert "the header is the id of question S7a in this app" in s7a.note
    with pytest.raises(importing.ResponseImportError, match="column K \\('S7a'\\)"):
        importing.import_mapped(db, past_cycle, planned)
    assert db["responses"].count == 0


def test_a_saved_mapping_decides_codes_and_is_used_again_next_year(runner, db, past_cycle, tmp_path):
    path = exports.write_csv(tmp_path / "codes.csv", exports.limesurvey_codes())
    saved = tmp_path / "limesurvey.toml"
    result = runner.invoke(
        args=["import-responses", str(path), "--cycle", past_cycle["slug"], "--save-mapping", str(saved), "--yes"]
    )
    assert result.exit_code == 1 and db["responses"].count == 0
    assert "3 to decide before anything can be imported" in result.output
    # The PSW confirms S7a is the CPD statement, ignores S7b, says G03Q01 is the number of cases
    # and what the codes A1 to A5 mean.
    text = saved.read_text()
    text = text.replace('header = "S7a"\nuse = "undecided"', 'header = "S7a"\nuse = "item"\nitem = "S7a"')
    text = text.replace('header = "S7b"\nuse = "undecided"', 'header = "S7b"\nuse = "ignore"')
    text = text.replace('header = "G03Q01"\nuse = "undecided"', 'header = "G03Q01"\nuse = "item"\nitem = "5a"')
    text += '\n[labels."S7a"]\n"a1" = "strongly_agree"\n"a2" = "agree"\n"a3" = "neither"\n"a5" = "strongly_disagree"\n'
    saved.write_text(text)
    imported = runner.invoke(
        args=["import-responses", str(path), "--cycle", past_cycle["slug"], "--mapping", str(saved)]
    )
    assert imported.exit_code == 0, imported.output
    assert "Imported 3 responses into Health check 2024." in imported.output
    assert "Column L (S7b): ignored; 3 cells left out." in imported.output
    assert [
        answers & {("S7a", v) for v in ("agree", "strongly_disagree", "neither")} for answers in stored_answers(db)
    ] == [
        {("S7a", "agree")},
        {("S7a", "strongly_disagree")},
        {("S7a", "neither")},
    ]
    # Next year's file has the same shape and other people's answers: the mapping takes it whole.
    later = [dict(person, sent=person["sent"].replace(year=2025), **{"5a": "7"}) for person in exports.RESPONDENTS]
    next_year = cycles.create_cycle(
        db,
        {
            "name": "Health check 2025",
            "slug": "health-check-2025",
            "capture_date": datetime.date(2025, 9, 30),
            "opens_on": datetime.date(2025, 10, 14),
            "closes_on": datetime.date(2025, 11, 8),
            "reporting_threshold": 3,
        },
    )
    cycles.add_team(db, next_year, {"name": "Locality North", "service_area": "Adults", "headcount": 10})
    cycles.add_team(db, next_year, {"name": "Front Door", "service_area": "Children", "headcount": 10})
    path = exports.write_csv(tmp_path / "codes-2025.csv", exports.limesurvey_codes(later))
    again = runner.invoke(args=["import-responses", str(path), "--cycle", "health-check-2025", "--mapping", str(saved)])
    assert again.exit_code == 0, again.output
    assert "Imported 3 responses into Health check 2025." in again.output


def test_without_yes_the_command_prints_the_mapping_and_changes_nothing(runner, db, past_cycle, tmp_path):
    path = exports.write_xlsx(tmp_path / "export.xlsx", exports.surveymonkey_expanded())
    shown = runner.invoke(args=["import-responses", str(path), "--cycle", past_cycle["slug"]])
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert any(line.startswith("  M How far do you agree") and line.endswith("-> question 29a") for line in lines)
    assert "F Email Address -> not stored" in shown.output
    assert "Nothing was imported: add --yes" in shown.output
    assert db["responses"].count == 0
    dry = runner.invoke(args=["import-responses", str(path), "--cycle", past_cycle["slug"], "--yes", "--dry-run"])
    assert "Would store 3 responses" in dry.output and db["responses"].count == 0
    done = runner.invoke(args=["import-responses", str(path), "--cycle", past_cycle["slug"], "--yes"])
    assert done.exit_code == 0, done.output
    assert "Imported 3 responses into Health check 2024." in done.output
    twice = runner.invoke(args=["import-responses", str(path), "--cycle", past_cycle["slug"], "--yes"])
    assert twice.exit_code == 1
    assert "this file was already imported into Health check 2024" in twice.output
    assert db["responses"].count == 3


def test_dates_are_read_one_way_for_the_whole_file_and_asked_when_they_could_be_either(db, past_cycle, tmp_path):
    # Every date in this Forms file could be day or month first: the PSW is asked.
    early = [dict(person, sent=person["sent"].replace(day=day)) for person, day in zip(exports.RESPONDENTS, (3, 5, 9))]
    ambiguous = exports.write_xlsx(tmp_path / "forms.xlsx", exports.microsoft_forms(early))
    planned = importing.plan(db, past_cycle, ambiguous)
    assert planned.mapping.undecided() == [
        "the dates could be day first (26/10/2024) or month first (10/26/2024): choose which the file uses"
    ]
    with pytest.raises(importing.ResponseImportError):
        importing.import_mapped(db, past_cycle, planned)
    planned.mapping.date_order = "day-first"
    importing.import_mapped(db, past_cycle, planned)
    assert sorted(row[0] for row in db.execute("select submitted_on from responses")) == [
        "2024-10-03",
        "2024-10-05",
        "2024-11-09",
    ]


def test_dates_written_both_ways_or_far_from_the_cycle_are_refused(db, past_cycle, tmp_path):
    rows = exports.microsoft_forms()
    rows[2][2] = "10/15/2024 14:02:41"  # month first, among day-first dates
    planned = importing.plan(db, past_cycle, exports.write_csv(tmp_path / "mixed.csv", rows))
    assert "the dates are written both ways" in planned.mapping.undecided()[0]
    rows = exports.microsoft_forms()
    rows[2][2] = "15/10/2021 14:02:41"
    planned = importing.plan(db, past_cycle, exports.write_csv(tmp_path / "old.csv", rows))
    with pytest.raises(importing.ResponseImportError, match="row 3, column C .*15 October 2021 is not within three"):
        importing.import_mapped(db, past_cycle, planned)
    assert db["responses"].count == 0


def test_a_saved_mapping_round_trips(db, past_cycle, tmp_path):
    path = exports.write_xlsx(tmp_path / "export.xlsx", exports.surveymonkey_expanded())
    planned = importing.plan(db, past_cycle, path)
    saved = mapping.read_saved(planned.mapping.to_toml())
    again = importing.plan(db, past_cycle, path, saved)
    assert [(c.use, c.item, c.choice, c.standard) for c in again.mapping.columns] == [
        (c.use, c.item, c.choice, c.standard) for c in planned.mapping.columns
    ]
    assert again.mapping.date_order == "month-first"
