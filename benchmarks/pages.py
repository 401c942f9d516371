"""The results overview and the team heatmap for 100,000 responses, as a signed-in
principal social worker sees them (through the Flask test client, so no network or
server is measured): with the scores cached and without. The baseline is /healthz,
the cheapest page the same app serves."""

from __future__ import annotations

from benchmarks import common, data

SIZE = (100_000, 500)
QUICK_SIZE = (300, 20)
PAGES = {
    "results overview": f"/admin/cycles/{data.SLUG}/results",
    "heatmap by team": f"/admin/cycles/{data.SLUG}/results/heatmap?by=team",
}


def signed_in_client(path):
    """A test client of the app on that database, signed in as a principal social worker."""
    from healthcheck import accounts, create_app
    from healthcheck.db import open_database

    app = create_app({"DATABASE": str(path), "SECRET_KEY": "benchmark", "TESTING": True})
    db = open_database(str(path))
    user = accounts.find_user(db, "psw@bench.example")
    if user is None:
        user = accounts.create_user(db, "psw@bench.example", "a long benchmark password", "psw")
    db.close()
    client = app.test_client()
    with client.session_transaction() as session:
        session["user_id"] = user["id"]
        session["session_version"] = user["session_version"]
    return client


def _get(client, url: str) -> int:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return len(response.get_data())


def run(quick: bool = False) -> common.Report:
    from healthcheck.results import compute as results

    common.heading("Results pages")
    report = common.Report("pages", quick)
    responses, teams = QUICK_SIZE if quick else SIZE
    path, built = data.shared_database(responses, teams)
    report.figure(f"{responses:,} responses, {teams} teams: database built in", built, "s")
    client = signed_in_client(path)
    repeat = 3 if quick else 10
    healthz, _ = common.timed(lambda: _get(client, "/healthz"), repeat=repeat * 5)
    report.figure("/healthz (baseline)", healthz.median * 1000, "ms", best=healthz.best * 1000)
    for name, url in PAGES.items():
        uncached, size = common.timed(
            lambda: _get(client, url), repeat=2 if quick else 3, setup=lambda: data.clear_score_cache(path)
        )
        report.figure(f"{name}, uncached", uncached.best * 1000, "ms", kilobytes=size / 1024)
        _get(client, url)
        cached, _ = common.timed(lambda: _get(client, url), repeat=repeat)
        report.figure(f"{name}, cached", cached.median * 1000, "ms", best=cached.best * 1000)
        stored, _ = common.timed(lambda: _get(client, url), repeat=repeat, setup=results.forget_views)
        report.figure(
            f"{name}, cached in the database only (as after a restart)",
            stored.median * 1000,
            "ms",
            best=stored.best * 1000,
        )
        report.ratio(f"{name}, cached", cached.median * 1000, healthz.median * 1000, "/healthz", unit="ms")
        report.ratio(f"{name}, uncached", uncached.best * 1000, healthz.median * 1000, "/healthz", unit="ms")
        if not quick:
            report.target(f"{name} with {responses:,} responses, cached", 200, "ms", cached.median * 1000)
    return report
