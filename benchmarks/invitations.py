"""Invitations: 2,000 invitations sent to an SMTP server on 127.0.0.1 through
invitations.send_batch, which marks each message sent and commits before it goes (so a
send cut off part-way resumes without a second copy) and makes a new link for each.

Baseline: the same number of messages of the same size sent with a bare smtplib loop over
one connection, with no database at all: the least sending them can cost. The server is
aiosmtpd (from the test extras), counting what it accepts and keeping nothing.
"""

from __future__ import annotations

import smtplib
import socket
import time
from email.message import EmailMessage
from pathlib import Path

from benchmarks import common, data

INVITATIONS = 2_000
QUICK_INVITATIONS = 100
TEAMS = 20
BASE_URL = "https://healthcheck.council.example"


class _Counter:
    def __init__(self):
        self.accepted = 0

    async def handle_DATA(self, server, session, envelope):
        self.accepted += 1
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _prepare(path: Path, count: int) -> dict:
    from healthcheck.migrations import init_db
    from healthcheck.survey import invitations

    db = init_db(str(path))
    cycle = data.new_cycle(db, TEAMS, team_headcount=100)
    entries = [(row, f"person{row:05d}@council.example", f"Team {row % TEAMS + 1:05d}") for row in range(count)]
    invitations.add(db, cycle, invitations.check_list(db, cycle, entries, "bench.csv"))
    db.close()
    return cycle


def _send_through_the_app(path: Path, port: int) -> dict:
    from healthcheck.db import open_database
    from healthcheck.survey import invitations, mail

    db = open_database(str(path))
    cycle = db["cycles"].get(1)
    settings = mail.settings_from(f"smtp://127.0.0.1:{port}", "psw@council.example")
    with mail.Mailer(settings) as mailer:
        result = invitations.send_batch(db, cycle, invitations.INVITATION, mailer, "bench secret", BASE_URL, "Council")
    db.close()
    return result


def _bare_loop(port: int, count: int, body: str) -> int:
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for number in range(count):
            message = EmailMessage()
            message["From"] = "psw@council.example"
            message["To"] = f"person{number:05d}@council.example"
            message["Subject"] = "Benchmark cycle: tell us about your working conditions"
            message.set_content(body)
            smtp.send_message(message)
    return count


def run(quick: bool = False) -> common.Report:
    from aiosmtpd.controller import Controller

    from healthcheck.survey import invitations

    count = QUICK_INVITATIONS if quick else INVITATIONS
    common.heading(f"Invitations: {count:,} messages to a local SMTP server")
    report = common.Report("invitations", quick)
    counter = _Counter()
    port = _free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with common.scratch_dir("invitations") as scratch:
            path = Path(scratch) / "bench.sqlite"
            cycle = _prepare(path, count)
            body = invitations.default_text(cycle, invitations.INVITATION)["body"].replace(
                "{link}", f"{BASE_URL}/survey/bench/invitation/{'x' * 32}"
            )
            started = time.perf_counter()
            result = _send_through_the_app(path, port)
            app_seconds = time.perf_counter() - started
            sent_by_app = counter.accepted
            started = time.perf_counter()
            _bare_loop(port, count, body)
            bare_seconds = time.perf_counter() - started
    finally:
        controller.stop()
    report.figure("invitations sent through the app", app_seconds, "s", sent=result["sent"], accepted=sent_by_app)
    report.figure("the same messages by a bare smtplib loop", bare_seconds, "s", sent=counter.accepted - sent_by_app)
    if result["sent"] != count or counter.accepted != 2 * count:
        report.note(f"expected {count} messages each way; the server accepted {counter.accepted}")
    report.ratio(
        f"{count:,} invitations through send_batch",
        app_seconds,
        bare_seconds,
        "a bare smtplib loop",
    )
    return report
