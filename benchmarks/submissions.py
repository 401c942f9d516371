"""The survey under load: `healthcheck serve` (gunicorn, its default workers for this
machine's cores) on 127.0.0.1 with an open cycle, driven by 50 and then 200 clients for
a fixed time each.

Three loads, each at both levels:
- /healthz, the baseline: the cheapest page the same server answers;
- survey pages: a practitioner with answers in progress opening its pages in turn;
- whole submissions: start, about you, every standard's page, check your answers and
  send, each page fetched and each form posted as a browser does, with its CSRF token
  and session cookie.
Every submission confirmed must be stored: the database is counted afterwards.

The machine is shared, so the three loads take turns in short slices (healthz, pages,
submissions, healthz, ...) rather than one after another: whatever else the machine is
doing slows the baseline and the survey alike, and their ratio stays fair. A load's rate
counts the requests finished within its timed windows, while all its clients run; the
journeys still under way when a window closes are finished and checked, not counted.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from benchmarks import common, data
from benchmarks.http_load import Browser, Log, ProtocolError, csrf_token, drive, percentile

LEVELS = (50, 200)
SECONDS = 15.0
SLICES = 5  # turns each load takes within its SECONDS
MAX_REQUESTS = 300_000
WARM_UP = 4.0
QUICK_LEVELS = (5,)
QUICK_SECONDS = 1.5
SECRET = "benchmark secret key"
TEAMS = 20
EARLIER_RESPONSES = 2_000


def form_answers(bank, number: int) -> dict:
    """A valid answer to every question on one standard's page, as the form posts it."""
    from healthcheck.survey.answers import comment_field, item_field

    fields = {"action": "continue", comment_field(number): ""}
    for item in bank.items_for(number):
        if item.type == "agreement":
            fields[item_field(item)] = "agree"
        elif item.type == "frequency":
            fields[item_field(item)] = item.choices[0].value
        elif item.type == "number":
            fields[item_field(item)] = str(int(item.min) + 3)
        elif item.type == "multiple_choice":
            fields[item_field(item)] = [item.choices[0].value]
    return fields


def prepare(folder: Path) -> tuple[Path, dict, list]:
    """The database: an open cycle of TEAMS teams with some answers already in."""
    from healthcheck import cycles
    from healthcheck.migrations import init_db
    from healthcheck.survey import journey

    path = folder / "survey.sqlite"
    db = init_db(str(path))
    cycle = data.new_cycle(db, TEAMS, team_headcount=200)
    data.add_responses(db, cycle, EARLIER_RESPONSES)
    db.conn.commit()
    bank = cycles.cycle_bank(cycle)
    pages = [(number, form_answers(bank, number)) for number in journey.standard_numbers(bank)]
    teams = [team["id"] for team in cycles.teams_for(db, cycle["id"])]
    db.close()
    return path, pages, teams


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(path: Path, port: int, log_path: Path) -> subprocess.Popen:
    command = Path(sys.executable).with_name("healthcheck")
    program = (
        [str(command)] if command.exists() else [sys.executable, "-c", "from healthcheck.cli.setup import main; main()"]
    )
    env = {**os.environ, "HEALTHCHECK_DATABASE": str(path), "SECRET_KEY": SECRET}
    server = subprocess.Popen(
        [*program, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
        cwd=str(path.parent),
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("the server did not start:\n" + log_path.read_text()[-3000:]) from None
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the server did not answer /healthz within 30 seconds")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def journeys(slug: str, pages: list, teams: list):
    base = f"/survey/{slug}"

    async def healthz(browser: Browser, index: int):
        await browser.request("healthz", "GET", "/healthz")

    async def start(browser: Browser, index: int) -> None:
        _, _, content = await browser.request("page", "GET", base)
        await browser.request("post", "POST", base, {"csrf_token": csrf_token(content)}, expect=(302,))

    async def survey_pages(browser: Browser, index: int):
        """A practitioner part-way through, opening the survey's pages in turn."""
        if not getattr(browser, "started", False):
            await start(browser, index)
            browser.started, browser.next_page = True, 0
        paths = [f"{base}/about-you"] + [f"{base}/standard/{number}" for number, _ in pages]
        path = paths[browser.next_page % len(paths)]
        browser.next_page += 1
        await browser.request("page", "GET", path)

    async def submission(browser: Browser, index: int):
        """One whole submission, as a browser makes it; it counts once its confirmation is shown."""
        browser.cookies.clear()
        await start(browser, index)
        _, _, content = await browser.request("page", "GET", f"{base}/about-you")
        await browser.request(
            "post",
            "POST",
            f"{base}/about-you",
            {
                "csrf_token": csrf_token(content),
                "action": "continue",
                "team": str(teams[index % len(teams)]),
                "role_group": "social_worker",
            },
            expect=(302,),
        )
        for number, answers in pages:
            _, _, content = await browser.request("page", "GET", f"{base}/standard/{number}")
            await browser.request(
                "post",
                "POST",
                f"{base}/standard/{number}",
                {"csrf_token": csrf_token(content), **answers},
                expect=(302,),
            )
        _, _, content = await browser.request("page", "GET", f"{base}/check-your-answers")
        _, headers, _ = await browser.request(
            "send", "POST", f"{base}/check-your-answers", {"csrf_token": csrf_token(content)}, expect=(302,)
        )
        if not headers.get("location", "").endswith("/confirmation"):
            raise ProtocolError(f"sending went to {headers.get('location')}, not the confirmation")
        await browser.request("page", "GET", f"{base}/confirmation")

    return {"healthz": healthz, "survey pages": survey_pages, "submissions": submission}


def stored(path: Path) -> int:
    from healthcheck.db import open_database

    db = open_database(str(path))
    count = db.execute("select count(*) from responses").fetchone()[0]
    db.close()
    return count


def run(quick: bool = False) -> common.Report:
    common.heading("Survey submissions under load")
    report = common.Report("submissions", quick)
    levels, seconds = (QUICK_LEVELS, QUICK_SECONDS) if quick else (LEVELS, SECONDS)
    from healthcheck.web.server import DEFAULT_THREADS, default_workers

    report.note(
        f"gunicorn: {default_workers()} workers of {DEFAULT_THREADS} thread(s) each (the default for "
        f"{os.cpu_count()} cores); "
        f"{seconds:g} s per load and level, at most {MAX_REQUESTS:,} requests"
    )
    with common.scratch_dir("submissions") as scratch:
        folder = Path(scratch)
        path, pages, teams = prepare(folder)
        port = free_port()
        server = start_server(path, port, folder / "server.log")
        try:
            loads = journeys(data.SLUG, pages, teams)
            # Warm up: every worker process compiles its templates and fills its caches first.
            for name in ("submissions", "survey pages", "healthz"):
                asyncio.run(
                    drive(min(20, max(levels)), 1.0 if quick else WARM_UP, MAX_REQUESTS, loads[name], "127.0.0.1", port)
                )
            for clients in levels:
                logs, took, added = in_turns(loads, clients, seconds, 1 if quick else SLICES, port, path)
                rates = {name: summarise(report, name, clients, logs[name], took[name]) for name in loads}
                confirmed = logs["submissions"].completed
                report.figure(f"{clients} clients, submissions stored", added, "responses", confirmed=confirmed)
                if added != confirmed:
                    report.note(f"{clients} clients: {confirmed} submissions confirmed but {added} stored")
                rates["stored_all"] = added == confirmed
                report.ratio(
                    f"submission requests per second, {clients} clients",
                    rates["submissions"]["rps"],
                    rates["healthz"]["rps"],
                    "/healthz",
                    unit="requests/s",
                )
                report.ratio(
                    f"survey page requests per second, {clients} clients",
                    rates["survey pages"]["rps"],
                    rates["healthz"]["rps"],
                    "/healthz",
                    unit="requests/s",
                )
                if clients == 50:
                    report.target(
                        "submission throughput as a share of /healthz, 50 clients",
                        40,
                        "%",
                        100 * rates["submissions"]["rps"] / rates["healthz"]["rps"],
                    )
                    report.target("submission p95 latency, 50 clients", 250, "ms", rates["submissions"]["p95"])
                    report.target("errors during submissions, 50 clients", 0, "errors", rates["submissions"]["errors"])
                    report.target(
                        "submissions confirmed but not stored, 50 clients",
                        0,
                        "responses",
                        0 if rates["stored_all"] else 1,
                    )
        finally:
            stop_server(server)
    return report


def in_turns(loads: dict, clients: int, seconds: float, slices: int, port: int, path: Path):
    """Each load for `seconds` in all, in `slices` turns; their logs, their seconds, and how
    many responses the submissions stored."""
    logs = {name: Log() for name in loads}
    took = dict.fromkeys(loads, 0.0)
    added = 0
    for _ in range(slices):
        for name, journey in loads.items():
            before = stored(path) if name == "submissions" else 0
            log, spent = asyncio.run(drive(clients, seconds / slices, MAX_REQUESTS, journey, "127.0.0.1", port))
            logs[name].samples += log.samples
            logs[name].problems += log.problems
            logs[name].completed += log.completed
            logs[name].requests_in_window += log.requests_in_window
            took[name] += spent
            if name == "submissions":
                added += stored(path) - before
    return logs, took, added


def summarise(report: common.Report, name: str, clients: int, log, took: float) -> dict:
    times = [sample.seconds * 1000 for sample in log.samples if sample.ok]
    errors = sum(1 for sample in log.samples if not sample.ok) + len(log.problems)
    rps = log.requests_in_window / took
    figures = {
        "rps": rps,
        "p50": percentile(times, 0.50),
        "p95": percentile(times, 0.95),
        "p99": percentile(times, 0.99),
        "errors": errors,
    }
    extra = {
        "requests": len(log.samples),
        "p50_ms": figures["p50"],
        "p95_ms": figures["p95"],
        "p99_ms": figures["p99"],
        "errors": errors,
    }
    if name == "submissions":
        # The request rate over the requests one whole submission takes.
        extra["submissions_per_s"] = rps * log.completed / len(log.samples) if log.samples else 0.0
    report.figure(f"{clients} clients, {name}", rps, "requests/s", **extra)
    for problem in log.problems[:3]:
        report.note(f"{clients} clients, {name}: {problem}")
    return figures
