"""200 practitioners press "Send" at the same moment against the real server (gunicorn on
loopback): every response is stored, each exactly once, and a double click adds nothing."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from survey_helpers import valid_answers

from healthcheck import cycles
from healthcheck.migrations import init_db
from healthcheck.survey import drafts, journey

pytestmark = pytest.mark.slow

SECRET = "concurrency test secret"
SENDERS = 200
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _prepare(path) -> tuple[dict, list[str]]:
    """An open cycle and one saved, complete draft per sender, each with its own resume code."""
    db = init_db(str(path))
    import datetime

    today = datetime.date.today()
    cycle = cycles.create_cycle(
        db,
        {
            "name": "Load",
            "slug": "load",
            "capture_date": today,
            "opens_on": today,
            "closes_on": today,
            "reporting_threshold": 5,
        },
    )
    cycles.add_team(db, cycle, {"name": "Everyone", "service_area": "Adults", "headcount": 500})
    cycle = cycles.open_cycle(db, cycle)
    bank = cycles.cycle_bank(cycle)
    complete = {}
    for number in journey.standard_numbers(bank):
        complete.update({k: v for k, v in valid_answers(bank, number).items() if k != "action"})
    resume_codes = []
    for sender in range(SENDERS):
        token = drafts.start(db, cycle, SECRET)
        draft = drafts.find(db, cycle, SECRET, token)
        drafts.save(db, draft, {**complete, "comment_1": f"sender {sender}"}, journey.CHECK)
        resume_codes.append(drafts.new_resume_code(db, draft, SECRET))
    db.close()
    return cycle, resume_codes


@pytest.fixture
def real_server(tmp_path):
    database = tmp_path / "load.sqlite"
    cycle, resume_codes = _prepare(database)
    port = _free_port()
    # All 200 send from this one address: allow them all, as an office of that size would set it.
    env = {
        **os.environ,
        "HEALTHCHECK_DATABASE": str(database),
        "SECRET_KEY": SECRET,
        "HEALTHCHECK_SURVEY_RATE_LIMIT": "1000 per 10 minutes",
    }
    log = open(tmp_path / "server.log", "w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from healthcheck.cli.setup import main; main()",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=str(tmp_path),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None:
                    raise AssertionError((tmp_path / "server.log").read_text()) from None
                time.sleep(0.1)
        yield {"base": base, "cycle": cycle, "codes": resume_codes, "database": database}
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


class Browser:
    """One practitioner's browser: its own cookies, and no redirects followed for POSTs."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path) -> str:
        with self.opener.open(self.base + path, timeout=120) as response:
            return response.read().decode()

    def post(self, path, fields) -> int:
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(urllib.request.Request(self.base + path, data=data), timeout=120) as response:
            response.read()
            return response.status


def _csrf(html: str) -> str:
    match = TOKEN.search(html)
    return match.group(1) or match.group(2)


def test_200_simultaneous_submissions_are_each_stored_once(real_server):
    base, codes = real_server["base"], real_server["codes"]
    ready = threading.Barrier(SENDERS)
    problems, statuses = [], []

    def practitioner(index):
        try:
            browser = Browser(base)
            token = _csrf(browser.get("/survey/load/resume"))
            browser.post("/survey/load/resume", {"csrf_token": token, "resume_code": codes[index]})
            page = browser.get("/survey/load/check-your-answers")
            assert "Check your answers" in page, page[:500]
            ready.wait(timeout=300)
            statuses.append(browser.post("/survey/load/check-your-answers", {"csrf_token": _csrf(page)}))
            # a few press Send twice: the second press stores nothing
            if index % 20 == 0:
                statuses.append(browser.post("/survey/load/check-your-answers", {"csrf_token": _csrf(page)}))
        except Exception as error:  # reported below, with the sender it happened to
            problems.append((index, repr(error)))
            ready.abort()

    threads = [threading.Thread(target=practitioner, args=(index,)) for index in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    assert len(statuses) == SENDERS + SENDERS // 20 and set(statuses) == {200}

    db = init_db(str(real_server["database"]))
    assert db["responses"].count == SENDERS
    senders = [row[0] for row in db.execute("select text from comments where standard = 1")]
    assert sorted(senders) == sorted(f"sender {index}" for index in range(SENDERS))
    assert db.execute("select count(*) from survey_drafts where submitted = 0").fetchone()[0] == 0
    db.close()
