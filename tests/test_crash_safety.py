"""Crash safety: the server is killed with SIGKILL in the middle of a burst of survey
submissions, and an import is killed in the middle of writing. After a restart the database
passes SQLite's integrity check, every submission the server acknowledged is there, every
stored response is whole, and an import is either all there or not there at all."""

import os
import re
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest
from served import COMMAND, SLUG, Served, Visitor, open_survey
from survey_helpers import valid_answers

from healthcheck import cycles
from healthcheck.survey import journey

pytestmark = pytest.mark.slow

SURVEY = f"/survey/{SLUG}"
PRACTITIONERS = 6  # sending at once
BURST = 60  # surveys in the burst, far more than are sent before the kill
KILL_AFTER = 8  # acknowledged surveys


def send_survey(base: str, bank, marker: str) -> bool:
    """One practitioner's whole survey; True once the server has acknowledged sending it
    (a 302 to the confirmation page), False if the connection broke first."""
    visitor = Visitor(base, follow_redirects=False)
    status, start_page = visitor.open("GET", SURVEY)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', start_page).group(1)
    posts = [(SURVEY, {}), (f"{SURVEY}/about-you", {"action": "continue", "role_group": "social_worker"})]
    posts += [
        (f"{SURVEY}/standard/{number}", valid_answers(bank, number, marker if number == 1 else ""))
        for number in journey.standard_numbers(bank)
    ]
    for path, data in posts:
        status, _ = visitor.open("POST", path, {**data, "csrf_token": token})
        assert status == 302, (path, status)
    request = urllib.request.Request(
        base + f"{SURVEY}/check-your-answers", method="POST", data=f"csrf_token={token}".encode()
    )
    try:
        visitor.opener.open(request, timeout=60)
    except urllib.error.HTTPError as answer:
        return answer.code == 302 and answer.headers["Location"].endswith(f"{SURVEY}/confirmation")
    return False  # a 200 would be the page again, not a confirmation


def database_report(database) -> dict:
    connection = sqlite3.connect(database)
    try:
        return {
            "integrity": connection.execute("pragma integrity_check").fetchall(),
            "responses": connection.execute("select count(*) from responses").fetchone()[0],
            "answers per response": {
                row[0]
                for row in connection.execute(
                    "select count(answers.item_id) from responses left join answers on answers.response_id = "
                    "responses.id group by responses.id"
                )
            },
            "comments": [row[0] for row in connection.execute("select text from comments")],
        }
    finally:
        connection.close()


def test_killing_the_server_mid_burst_loses_no_acknowledged_survey(tmp_path):
    database = tmp_path / "survey.sqlite"
    bank = cycles.cycle_bank(open_survey(database))
    server = Served(tmp_path, database, workers=2).start()
    acknowledged, problems, lock = [], [], threading.Lock()
    killed = threading.Event()
    queue = iter(range(BURST))

    def practitioner():
        while True:
            with lock:
                number = next(queue, None)
            if number is None:
                return
            marker = f"Survey number {number} of the burst"
            try:
                sent = send_survey(server.base, bank, marker)
            except Exception as error:  # after the kill: the server went away mid-survey
                if not killed.is_set():
                    problems.append(repr(error))
                return
            if sent:
                with lock:
                    acknowledged.append(marker)

    threads = [threading.Thread(target=practitioner) for _ in range(PRACTITIONERS)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 300
        while len(acknowledged) < KILL_AFTER and time.monotonic() < deadline:
            time.sleep(0.05)
        killed.set()
        server.kill()
        for thread in threads:
            thread.join(timeout=120)
        assert problems == []
        assert len(acknowledged) >= KILL_AFTER
        assert len(acknowledged) < BURST  # the kill came in the middle of the burst

        server.start()  # the same database, after the crash
        report = database_report(database)
        assert report["integrity"] == [("ok",)]
        assert set(acknowledged) <= set(report["comments"])  # every acknowledged survey is stored
        assert report["responses"] == len(report["comments"])  # and nothing else half-sent
        whole = sum(1 for item in bank.items if item.type != "text")  # one answer each, as sent
        assert report["answers per response"] == {whole}  # each stored response is whole
        assert send_survey(server.base, bank, "Sent after the restart")
        assert "Sent after the restart" in database_report(database)["comments"]
    finally:
        server.stop()


IMPORTED = 5000  # respondents in the file: storing them takes seconds, long enough to be killed


def large_answers_file(path, bank) -> None:
    """Last year's answers for 5,000 practitioners: agreement answers and eight comments each."""
    items = [item for item in bank.items if item.type == "agreement"]
    lines = [",".join(["team", "role", *(item.id for item in items), *(f"comment_{n}" for n in range(1, 9))])]
    for row in range(IMPORTED):
        lines.append(
            ",".join(
                [
                    "Front Door",
                    "Social worker",
                    *(["agree"] * len(items)),
                    *(f"Respondent {row} comment {n}" for n in range(1, 9)),
                ]
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def import_report(database) -> dict:
    connection = sqlite3.connect(database)
    try:
        return {
            "integrity": connection.execute("pragma integrity_check").fetchall(),
            "responses": connection.execute("select count(*) from responses").fetchone()[0],
            "answers": connection.execute("select count(*) from answers").fetchone()[0],
            "comments": connection.execute("select count(*) from comments").fetchone()[0],
        }
    finally:
        connection.close()


def test_killing_an_import_mid_write_leaves_all_or_nothing(tmp_path):
    database = tmp_path / "import.sqlite"
    bank = cycles.cycle_bank(open_survey(database))
    answers_per_row = sum(1 for item in bank.items if item.type == "agreement")
    file = tmp_path / "last-year.csv"
    large_answers_file(file, bank)
    wal = tmp_path / "import.sqlite-wal"
    written_before = wal.stat().st_size if wal.exists() else 0
    environment = {**os.environ, "HEALTHCHECK_DATABASE": str(database), "SECRET_KEY": "import test key"}
    command = [str(COMMAND), "import-responses", str(file), "--cycle", SLUG]
    importing = subprocess.Popen(
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    # The file is checked first, then written in one transaction: kill once writing is well under way.
    deadline = time.monotonic() + 300
    while importing.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > written_before + 2 * 1024 * 1024:
            os.killpg(importing.pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    output = importing.communicate(timeout=60)[0].decode()
    assert importing.returncode == -signal.SIGKILL, f"the import ended before it was killed: {output}"
    assert "Imported" not in output

    report = import_report(database)  # opening the database recovers it from its write-ahead log
    assert report["integrity"] == [("ok",)]
    assert report["responses"] in (0, IMPORTED)
    assert report["answers"] == report["responses"] * answers_per_row
    assert report["comments"] == report["responses"] * 8

    finished = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)
    assert f"Imported {IMPORTED} responses" in finished.stdout
    assert import_report(database) == {
        "integrity": [("ok",)],
        "responses": report["responses"] + IMPORTED,
        "answers": (report["responses"] + IMPORTED) * answers_per_row,
        "comments": (report["responses"] + IMPORTED) * 8,
    }
