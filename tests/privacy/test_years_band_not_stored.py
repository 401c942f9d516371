"""Attack: years in role sit beside team and role on every response; in a small team the
one person with "More than 10 years" is known to everyone, so their row (and with it their
answers) is theirs. The survey no longer asks it, and nothing is stored even if a form
sends it; a database that held years in role has them overwritten and the column dropped."""

import os

from survey_helpers import answer_whole_survey

from healthcheck.db import open_database
from healthcheck.migrations import migrate, migrations

SLUG = "health-check-2026"


def test_a_sent_response_holds_no_years_band(app, make_cycle, db):
    cycle = make_cycle(SLUG, status="open")
    client = app.test_client()
    answer_whole_survey(client, cycle)
    # As an old page, or someone who knows the old form, would send it.
    client.post(f"/survey/{SLUG}/about-you", data={"action": "continue", "years_band": "over_10"})
    page = client.get(f"/survey/{SLUG}/check-your-answers").get_data(as_text=True)
    assert "current role" not in page and "More than 10 years" not in page
    assert client.post(f"/survey/{SLUG}/check-your-answers").status_code == 302
    [row] = db["responses"].rows
    assert "years_band" not in row
    assert set(row) == {"id", "cycle_id", "team_id", "role_group", "submitted_on"}
    assert "over_10" not in "\n".join(db.conn.iterdump())


def test_the_about_you_page_does_not_ask_it(app, make_cycle):
    make_cycle(SLUG, status="open")
    client = app.test_client()
    client.post(f"/survey/{SLUG}")
    page = client.get(f"/survey/{SLUG}/about-you").get_data(as_text=True)
    assert "years_band" not in page
    assert "How long have you worked" not in page


def test_years_stored_before_are_gone_from_the_database_file(tmp_path):
    path = str(tmp_path / "old.sqlite")
    db = open_database(path)
    migrations.apply(db, stop_before="m017_years_in_role_forgotten")
    db["cycles"].insert({"id": 1, "name": "Old", "slug": "old", "status": "closed", "reporting_threshold": 5})
    db["responses"].insert_all(
        {"id": number, "cycle_id": 1, "years_band": "over_10_in_role", "submitted_on": "2025-10-01"}
        for number in range(1, 41)
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"over_10_in_role" in open(path, "rb").read()
    migrate(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert "years_band" not in db["responses"].columns_dict
    assert db["responses"].count == 40  # the responses themselves stay
    db.close()
    for suffix in ("", "-wal"):
        if os.path.exists(path + suffix):
            assert b"over_10_in_role" not in open(path + suffix, "rb").read()
