"""Attack: finding words the principal social worker removed from a comment. After
redaction they must be nowhere: not on any page, in the JSON, the workbook, the published
summary, the database file or its write-ahead log (read as raw bytes, the way someone with
a copy of the file would read it)."""

import io
from pathlib import Path

import openpyxl
import pytest
from conftest import page

from healthcheck import cycles
from healthcheck import db as database
from healthcheck.comments import flags, review
from healthcheck.publishing import summaries as publishing
from healthcheck.survey.store import Response, store_response, store_responses

# Unusual words, so finding them anywhere can only mean the comment leaked.
SECRET = "Zephyrine Quarshie-Vandermolen"
COMMENT = f"My manager {SECRET} cancels supervision every single month"
SLUG = "health-check-2026"


@pytest.fixture(autouse=True)
def usual_sqlite(monkeypatch):
    """Connections as SQLite makes them by default: deleted content is only marked free
    (some builds, such as Debian's, overwrite it anyway; the redaction must not rely on that)."""
    opened = database.open_database

    def open_without_secure_delete(path):
        db = opened(path)
        db.execute("PRAGMA secure_delete = OFF")
        return db

    monkeypatch.setattr(database, "open_database", open_without_secure_delete)


def stored_bytes(app) -> bytes:
    """The database file and everything beside it (its write-ahead log included)."""
    database = Path(app.config["DATABASE"])
    return b"".join(path.read_bytes() for path in sorted(database.parent.iterdir()) if path.is_file())


def seeded(db, make_cycle):
    cycle = make_cycle(slug=SLUG, status="open", teams=[("Locality North", "Adults", 14)])
    bank = cycles.cycle_bank(cycle)
    team = cycles.teams_for(db, cycle["id"])[0]
    agreement = {item.id: "agree" for item in bank.items if item.type == "agreement"}
    others = [
        (Response(team_id=team["id"], answers=agreement, comments={3: f"Caseloads too high {n}"}), None)
        for n in range(11)
    ]
    # Stored between other comments, so its old bytes are not simply written over by the new text.
    store_responses(db, cycle, bank, others[:5])
    store_response(db, cycle, bank, Response(team_id=team["id"], answers=agreement, comments={3: COMMENT}))
    store_responses(db, cycle, bank, others[5:])
    cycle = cycles.close_cycle(db, cycle)  # comments are reviewed once the survey closes
    # The comment as it reached the file: written through the log into the database itself.
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return cycle


def test_redacted_words_are_gone_from_every_page_export_and_the_database_file(app, db, make_cycle, sign_in):
    cycle = seeded(db, make_cycle)
    assert SECRET.encode() in stored_bytes(app)  # what the test would find if redaction failed
    psw = sign_in("psw")
    review_page = page(psw.get(f"/admin/cycles/{SLUG}/comments/review"))
    assert SECRET in review_page.select_one("#awaiting-comments").text
    key = review.comments_to_review(db, cycle)[0].key
    response = psw.post(
        f"/admin/cycles/{SLUG}/comments/review",
        data={"action": "decide", "comment": key, "decision": "redacted", "words": SECRET},
    )
    assert response.status_code == 302
    assert SECRET.encode() not in stored_bytes(app)
    assert b"Quarshie" not in stored_bytes(app) and b"Zephyrine" not in stored_bytes(app)

    psw.post(f"/admin/cycles/{SLUG}/close", data={"confirm": "y"})
    psw.post(f"/admin/cycles/{SLUG}/release")
    assert cycles.get_cycle(db, SLUG)["released_on"]
    publication, _ = publishing.save_publication(
        db, cycles.get_cycle(db, SLUG), "Supervision is patchy.", "psw@council.example"
    )

    viewer = sign_in("viewer")
    base = f"/admin/cycles/{SLUG}"
    shown = []
    for client, path in [
        (psw, f"{base}/comments/review"),
        (viewer, f"{base}/results"),
        (viewer, f"{base}/results/comments"),
        (viewer, f"{base}/results/standards/3"),
        (viewer, f"{base}/summary"),
        (sign_in("admin"), f"/published/{publication['token']}"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        shown.append(page(response).get_text(" "))
    everything = " ".join(shown)
    assert f"My manager {flags.REMOVED} cancels supervision" in everything
    assert "Zephyrine" not in everything and "Quarshie" not in everything
    assert "Quarshie" not in viewer.get(f"{base}/results/scores.json").get_data(as_text=True)
    book = openpyxl.load_workbook(io.BytesIO(viewer.get(f"{base}/action-plan.xlsx").data))
    cells = " ".join(
        str(value) for sheet in book for row in sheet.iter_rows(values_only=True) for value in row if value
    )
    assert flags.REMOVED in cells and "Quarshie" not in cells
    assert b"Quarshie" not in stored_bytes(app) and b"Zephyrine" not in stored_bytes(app)
    # The record of the decision says what was done, never what was removed.
    assert [row["decision"] for row in db["comment_reviews"].rows] == ["redacted"]
