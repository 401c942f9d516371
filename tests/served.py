"""`healthcheck serve` (gunicorn) in its own process group on a free port, for tests that
need the real server: its access log, a browser in front of it, a kill in mid-write."""

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
from healthcheck.migrations import init_db
from healthcheck.survey import access_codes

TODAY = datetime.date.today()
SLUG = "health-check-2026"
COMMAND = Path(sys.executable).with_name("healthcheck")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def open_survey(database, teams=(("Front Door", "Children", 12),)) -> dict:
    """An open cycle, health-check-2026, so survey pages are real; returns the cycle."""
    db = init_db(str(database))
    cycle = cycles.create_cycle(
        db,
        {
            "name": "Health check 2026",
            "slug": SLUG,
            "capture_date": TODAY,
            "opens_on": TODAY,
            "closes_on": TODAY + datetime.timedelta(days=28),
            "reporting_threshold": 5,
        },
    )
    access_codes.set_required(db, cycle, False)  # the open public link: no codes to hand out
    for name, service, headcount in teams:
        cycles.add_team(db, cycle, {"name": name, "service_area": service, "headcount": headcount})
    cycle = cycles.open_cycle(db, cycle)
    db.close()
    return cycle


class Served:
    """The server on `database`, its access log in tmp_path; start() again after kill()."""

    def __init__(self, tmp_path, database, workers=1):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / "access.log"
        self.errors = tmp_path / "error.log"
        self.database = Path(database)
        self.workers = workers
        self.process = None

    def environment(self) -> dict:
        return {**os.environ, "HEALTHCHECK_DATABASE": str(self.database), "SECRET_KEY": "served test key"}

    def start(self) -> "Served":
        with open(self.log, "a") as access_log, open(self.errors, "a") as error_log:
            # A session of its own, so a kill reaches gunicorn's workers too.
            self.process = subprocess.Popen(
                [str(COMMAND), "serve", "--port", str(self.port), "--workers", str(self.workers)],
                stdout=access_log,
                stderr=error_log,
                env=self.environment(),
                start_new_session=True,
            )
        self.wait_until_ready()
        return self

    def wait_until_ready(self) -> None:
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
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
        return self.log.read_text()

    def kill(self) -> None:
        """SIGKILL to gunicorn and every worker at once, as a power cut would stop them."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        # Workers are reaped by nobody once their parent is gone: wait until they have died.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand back a redirect as it is, to see exactly what the server answered."""

    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """A browser-like client: keeps cookies, sends the same headers every time, and fetches
    a form's CSRF token before posting it, as a person's browser would."""

    def __init__(self, base, headers=None, follow_redirects=True):
        self.base = base
        self.headers = headers or {}
        handlers = [urllib.request.HTTPCookieProcessor(CookieJar())]
        if not follow_redirects:
            handlers.append(NoRedirects())
        self.opener = urllib.request.build_opener(*handlers)

    def send(self, method, path, data=None):
        """The status of a GET, or of a POST sent with its token (after redirects, if followed)."""
        if method == "POST":
            form = self.open("GET", path)[1]
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
            data = {**({"csrf_token": token.group(1)} if token else {}), **data}
        return self.open(method, path, data)[0]

    def open(self, method, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=self.headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
