"""Attack: someone with a copy of the database and the server's access log lines the
responses up by id with the times the survey was sent, then reads who sent which from
when they were seen at their desk."""

import datetime

from healthcheck import cycles
from healthcheck.survey.store import Response, store_response

SENT = 20


def test_response_ids_say_nothing_of_sending_order(db, make_cycle):
    cycle = make_cycle(status="open")
    bank = cycles.cycle_bank(cycle)
    team = cycles.teams_for(db, cycle["id"])[0]
    for number in range(SENT):
        response = Response(team_id=team["id"], role_group="social_worker", comments={1: f"sent {number}"})
        store_response(db, cycle, bank, response, submitted_on=datetime.date(2026, 10, 5))

    by_id = [row["text"] for row in db.query("select text from comments order by response_id")]
    sending_order = [f"sent {number}" for number in range(SENT)]
    assert sorted(by_id) == sorted(sending_order)
    assert by_id != sending_order  # one chance in 20! of failing by luck
    ids = [row["id"] for row in db.query("select id from responses")]
    assert max(ids) > 2**40  # not a count in disguise
    assert ids != list(range(min(ids), min(ids) + SENT))


def test_the_access_log_names_no_response(tmp_path):
    from healthcheck.web.server import ACCESS_LOG_FORMAT

    # Time, method, path, status, size and duration: never a response id, address or query.
    for field in ("%(h)s", "%(q)s", "%(r)s", "%(a)s", "%(f)s", "%({x-forwarded-for}i)s"):
        assert field not in ACCESS_LOG_FORMAT
