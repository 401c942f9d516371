"""The served app's access log: which pages were asked for, never by whom. Starts the real
`healthcheck serve` (gunicorn) and reads its log after requests that carry a client
address, a distinctive user agent and a forwarded address."""

import datetime
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from healthcheck import cycles
from healthcheck.db import init_db

AGENT = "Mozilla/5.0 (DistinctiveTestAgent/7.7; practitioner-laptop-42)"
FORWARDED = "203.0.113.77"
REFERRER = "https://intranet.council.example/staff/jo-bloggs"
TODAY = datetime.date.today()

# (method, path, form data): every request the log must record without its sender. A POST
# first fetches its form (for the CSRF token), so a survey submission is one more line,
# e.g. ("POST", "/survey/health-check-2026/...", {...}).
REQUESTS = [
    ("GET", "/healthz", None),
    ("GET", "/sign-in?next=/admin/private-query", None),
    ("POST", "/sign-in", {"email": "psw@council.example", "password": "not the password"}),
    ("GET", "/survey/health-check-2026", None),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Visitor:
    """A browser-like client: keeps cookies, sends the same identifying headers every time,
    and fetches a form's CSRF token before posting it, as a person's browser would."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def send(self, method, path, data=None):
        if method == "POST":
            form = self.open("GET", path)[1]
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
            data = {**({"csrf_token": token.group(1)} if token else {}), **data}
        return self.open(method, path, data)[0]

    def open(self, method, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method=method, headers={
            "User-Agent": AGENT, "X-Forwarded-For": FORWARDED, "X-Real-IP": FORWARDED,
            "Referer": REFERRER,
        })
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def open_survey(database):
    """An open cycle, health-check-2026, with one team, so survey pages are real."""
    db = init_db(str(database))
    cycle = cycles.create_cycle(db, {
        "name": "Health check 2026", "slug": "health-check-2026", "capture_date": TODAY,
        "opens_on": TODAY, "closes_on": TODAY + datetime.timedelta(days=28), "reporting_threshold": 5,
    })
    cycles.add_team(db, cycle, {"name": "Front Door", "service_area": "Children", "headcount": 12})
    cycles.open_cycle(db, cycle)
    db.close()


class Served:
    """`healthcheck serve --workers 1` on a free port, its access log going to a file."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / "access.log"
        self.errors = tmp_path / "error.log"
        database = tmp_path / "served.sqlite"
        open_survey(database)
        environment = {**os.environ, "HEALTHCHECK_DATABASE": str(database),
                       "SECRET_KEY": "served test key"}
        command = Path(sys.executable).with_name("healthcheck")
        with open(self.log, "w") as access_log, open(self.errors, "w") as error_log:
            self.process = subprocess.Popen(
                [str(command), "serve", "--port", str(self.port), "--workers", "1"],
                stdout=access_log, stderr=error_log, env=environment,
            )

    def wait_until_ready(self):
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=5).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the server did not start: " + self.errors.read_text())
                time.sleep(0.2)

    def stop(self) -> str:
        """Stop the server (its log is complete once it has exited) and return the log."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
        return self.log.read_text()


@pytest.fixture
def served(tmp_path):
    server = Served(tmp_path)
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


@pytest.mark.slow
def test_access_log_records_pages_but_not_who_asked(served):
    visitor = Visitor(served.base)
    statuses = [visitor.send(method, path, data) for method, path, data in REQUESTS]
    assert all(status < 500 for status in statuses), statuses
    assert 400 not in statuses, statuses  # each form was sent with its token, as a browser would
    log = served.stop()
    for method, path, _ in REQUESTS:
        assert f'"{method} {path.split("?")[0]}"' in log, (method, path, log)
    for secret in ("127.0.0.1", FORWARDED, "DistinctiveTestAgent", "Mozilla", "practitioner-laptop",
                   "intranet.council.example", "private-query"):
        assert secret not in log, secret
