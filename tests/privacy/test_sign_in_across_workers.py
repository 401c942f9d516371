"""Attack: guess passwords fast against the real server (`healthcheck serve`, with its
default number of worker processes), so that each worker, counting on its own, lets its
own ten a minute through."""

import concurrent.futures
import os
import re
import signal
import subprocess
import time
import urllib.request

import pytest
from served import COMMAND, Visitor, free_port

from healthcheck import accounts
from healthcheck.migrations import init_db
from healthcheck.web.ratelimit import LIMITS
from healthcheck.web.server import default_workers

pytestmark = pytest.mark.slow

ATTEMPTS = 40
WITHIN_SECONDS = 10
ADVERTISED_PER_MINUTE = int(re.match(r"(\d+) per minute", LIMITS["auth.sign_in"].rates).group(1))


@pytest.fixture
def server(tmp_path):
    database = tmp_path / "signin.sqlite"
    db = init_db(str(database))
    accounts.create_user(db, "psw@council.example", "a long test password", "psw")
    db.close()
    port = free_port()
    env = {**os.environ, "HEALTHCHECK_DATABASE": str(database), "SECRET_KEY": "workers test key"}
    env.pop("HEALTHCHECK_RATELIMIT_STORAGE", None)
    errors = open(tmp_path / "server.log", "w")
    # No --workers: the server as it is installed, with its default workers.
    process = subprocess.Popen(
        [str(COMMAND), "serve", "--port", str(port)], stdout=errors, stderr=errors, env=env, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        errors.close()


def test_forty_wrong_passwords_in_ten_seconds_are_held_to_the_advertised_limit(server):
    assert default_workers() >= 2  # several processes, each of which once counted alone
    attacker = Visitor(server)
    # One visit first, as a browser makes, so the guesses sent at once share one session and
    # its form token (several first visits at once would each start a session of their own).
    assert attacker.send("GET", "/sign-in") == 200
    started = time.monotonic()

    def guess(number):
        # A different account each time, so only the limit per client can stop the guesses.
        return attacker.send("POST", "/sign-in", {"email": f"guess{number}@council.example", "password": "wrong"})

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(guess, range(ATTEMPTS)))
    assert time.monotonic() - started < WITHIN_SECONDS + 20  # a slow machine still tells the truth below

    processed = statuses.count(200)  # the form came back with "Enter a correct email address"
    assert processed + statuses.count(429) == ATTEMPTS, statuses
    assert processed <= ADVERTISED_PER_MINUTE, statuses
