"""Invitations and reminders by email, against a real SMTP server the tests start on
127.0.0.1: one link per person, used once; reminders only to those whose link is unused;
a send that fails part-way resumes without sending anyone two copies; addresses are gone
from the database file and its write-ahead log once the survey closes."""

import sqlite3
from pathlib import Path

import pytest
from conftest import page
from survey_helpers import answer_whole_survey

from healthcheck import cycles
from healthcheck.survey import invitations, mail

TEAMS = [("Locality North", "Adults", 30), ("Front Door", "Children", 30)]


def staff_file(tmp_path: Path, count: int, name="staff.csv") -> Path:
    lines = ["email,team"] + [
        f"worker{n:03d}@council.example,{'Locality North' if n % 2 else 'Front Door'}" for n in range(count)
    ]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def invite(runner, tmp_path, count=50, slug="health-check-2026"):
    return runner.invoke(args=["invite", "--cycle", slug, "--file", str(staff_file(tmp_path, count))])


def send_answers(client, cycle, link: str, team_id=None):
    answer_whole_survey(client, cycle, team_id=team_id, start_path=link)
    return client.post(f"/survey/{cycle['slug']}/check-your-answers")


def test_fifty_invited_one_answers_forty_nine_reminded_and_no_address_survives_closing(
    mail_app, smtp_server, runner, make_cycle, db, tmp_path
):
    cycle = make_cycle(status="open", teams=TEAMS)
    result = invite(mail_app.test_cli_runner(), tmp_path)
    assert result.exit_code == 0, result.output
    assert "sent 50 invitations" in result.output
    assert "50 invited, 50 have not answered" in result.output
    assert "@" not in result.output  # counts only

    received = smtp_server.sink.messages
    assert len(received) == 50
    assert len(set(smtp_server.sink.recipients())) == 50
    links = {smtp_server.sink.link(message) for message in received}
    assert len(links) == 50
    first = smtp_server.sink.to("worker001@council.example")[0]
    assert "health check 2026" in first["Subject"].lower()
    assert "Locality North" in first.get_content()
    assert "anonymous" in first.get_content()

    # Answering through worker001's link stores one response in that person's team.
    client = mail_app.test_client()
    link = smtp_server.sink.link(first)
    start = page(client.get(link))
    assert "Locality North" in start.select_one("#invited-team").get_text()
    north = cycles.find_team(db, cycle["id"], "locality-north")
    front = cycles.find_team(db, cycle["id"], "front-door")
    answer_whole_survey(client, cycle, team_id=north["id"], start_path=link)
    # The about-you page offers only the invitation's team, and refuses another.
    about = page(client.get(f"/survey/{cycle['slug']}/about-you"))
    offered = {radio["value"] for radio in about.select("input[name=team]")}
    assert str(north["id"]) in offered and str(front["id"]) not in offered
    other = {"action": "continue", "team": str(front["id"])}
    assert client.post(f"/survey/{cycle['slug']}/about-you", data=other).status_code == 200
    client.post(f"/survey/{cycle['slug']}/about-you", data={"action": "continue", "team": str(north["id"])})
    assert client.post(f"/survey/{cycle['slug']}/check-your-answers").status_code == 302
    assert db.execute("select team_id from responses").fetchall() == [(north["id"],)]

    # The same link then refuses, in any browser.
    again = mail_app.test_client().get(link)
    assert again.status_code == 200
    assert page(again).h1.get_text(strip=True) == "You have already answered with this link"
    assert mail_app.test_client().post(link).status_code == 200
    assert db["responses"].count == 1

    result = mail_app.test_cli_runner().invoke(args=["remind", "--cycle", cycle["slug"]])
    assert result.exit_code == 0, result.output
    assert "Sent 49 reminders" in result.output
    reminders = received[50:]
    assert len(reminders) == 49
    assert "worker001@council.example" not in [message["To"] for message in reminders]
    assert len({message["To"] for message in reminders}) == 49
    # A reminder's link works too (a new link per message, for the same person).
    assert page(mail_app.test_client().get(smtp_server.sink.link(reminders[0]))).select_one("#invited-team")

    database = Path(mail_app.config["DATABASE"])
    stored = b"".join(p.read_bytes() for p in (database, Path(str(database) + "-wal")) if p.exists())
    assert b"worker0" in stored  # the check below can see an address where one is
    cycles.close_cycle(db, cycles.get_cycle(db, cycle["slug"]))
    assert invitations.counts(db, cycle) == {
        "invited": 50,
        "sent": 50,
        "invitations_waiting": 0,
        "not_answered": 49,
        "reminder_rounds": 1,
        "reminders_waiting": 0,
    }
    db.close()
    database = Path(mail_app.config["DATABASE"])
    for path in (database, Path(str(database) + "-wal")):
        content = path.read_bytes() if path.exists() else b""
        assert b"worker0" not in content, path


def test_a_send_that_fails_part_way_resumes_without_a_second_copy(mail_app, smtp_server, make_cycle, db, tmp_path):
    cycle = make_cycle(status="open", teams=TEAMS)
    smtp_server.sink.fail_after = 20
    result = invite(mail_app.test_cli_runner(), tmp_path, count=30)
    assert result.exit_code == 1
    assert "10 messages still to send: run the command again" in result.output
    assert invitations.counts(db, cycle)["sent"] == 20
    smtp_server.sink.fail_after = None
    result = mail_app.test_cli_runner().invoke(args=["invite", "--cycle", cycle["slug"]])
    assert result.exit_code == 0, result.output
    assert "sent 10 invitations" in result.output
    recipients = smtp_server.sink.recipients()
    assert len(recipients) == 30 and len(set(recipients)) == 30


def test_a_refused_address_is_counted_and_tried_again_later(mail_app, smtp_server, make_cycle, db, tmp_path):
    cycle = make_cycle(status="open", teams=TEAMS)
    smtp_server.sink.refuse = {"worker002@council.example"}
    result = invite(mail_app.test_cli_runner(), tmp_path, count=5)
    assert result.exit_code == 0, result.output
    assert "sent 4 invitations. The mail server refused 1 address" in result.output
    assert invitations.counts(db, cycle)["invitations_waiting"] == 1


def test_a_bad_staff_list_is_refused_by_row_and_nothing_is_added_or_sent(
    mail_app, smtp_server, make_cycle, db, tmp_path
):
    cycle = make_cycle(status="open", teams=TEAMS)
    path = tmp_path / "staff.csv"
    path.write_text(
        "email,team\n"
        "ok@council.example,Front Door\n"
        "not-an-address,Front Door\n"
        "ok@council.example,Locality North\n"
        "new@council.example,Nowhere Team\n"
    )
    result = mail_app.test_cli_runner().invoke(args=["invite", "--cycle", cycle["slug"], "--file", str(path)])
    assert result.exit_code == 1
    assert "row 3" in result.output and "not-an-address is not an email address" in result.output
    assert "row 4" in result.output and "ok@council.example is also on row 2" in result.output
    assert "row 5" in result.output and "there is no team called Nowhere Team" in result.output
    assert db["invitations"].count == 0
    assert smtp_server.sink.messages == []


def test_dry_runs_count_and_send_nothing(mail_app, smtp_server, make_cycle, db, tmp_path):
    cycle = make_cycle(status="open", teams=TEAMS)
    path = staff_file(tmp_path, 7)
    result = mail_app.test_cli_runner().invoke(
        args=["invite", "--cycle", cycle["slug"], "--file", str(path), "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert "7 people would be added; 7 invitations would be sent" in result.output
    assert db["invitations"].count == 0 and smtp_server.sink.messages == []


def test_the_response_holds_nothing_that_leads_back_to_the_invitation(mail_app, smtp_server, make_cycle, db, tmp_path):
    cycle = make_cycle(status="open", teams=TEAMS)
    invite(mail_app.test_cli_runner(), tmp_path, count=6)
    for message in smtp_server.sink.messages[:5]:
        client = mail_app.test_client()
        team = cycles.find_team(
            db, cycle["id"], "locality-north" if "Locality North" in message.get_content() else "front-door"
        )
        assert send_answers(client, cycle, smtp_server.sink.link(message), team["id"]).status_code == 302
    response_columns = {row[1] for row in db.execute("pragma table_info(responses)")}
    for table in ("invitations", "invitation_links", "invitation_addresses"):
        invitation_columns = {row[1] for row in db.execute(f"pragma table_info({table})")}
        assert response_columns & invitation_columns <= {"id", "cycle_id", "team_id"}, table
    assert not any("invitation" in column for column in response_columns)
    # Invitations are numbered in the list's order; responses by random ids, so no order matches.
    response_ids = [row[0] for row in db.execute("select id from responses order by rowid")]
    assert all(response_id > 1000 for response_id in response_ids)
    invitation_ids = {row[0] for row in db.execute("select id from invitations")}
    assert not invitation_ids & set(response_ids)
    # A used invitation keeps no time, and the draft forgot which invitation it came from.
    assert {row[1] for row in db.execute("pragma table_info(invitations)")} == {
        "id",
        "cycle_id",
        "team_id",
        "invited",
        "reminders",
        "used",
    }
    assert db.execute("select count(*) from survey_drafts where invitation_id is not null").fetchone()[0] == 0


def test_an_unknown_link_is_not_found_and_a_closed_survey_takes_no_answers(
    mail_app, smtp_server, make_cycle, db, tmp_path
):
    cycle = make_cycle(status="open", teams=TEAMS)
    invite(mail_app.test_cli_runner(), tmp_path, count=2)
    assert mail_app.test_client().get(f"/survey/{cycle['slug']}/invitation/not-a-real-token").status_code == 404
    link = smtp_server.sink.link(smtp_server.sink.messages[0])
    cycles.close_cycle(db, cycles.get_cycle(db, cycle["slug"]))
    closed = mail_app.test_client().get(link)
    assert page(closed).h1.get_text(strip=True) == "This survey has closed"


def test_send_test_email_sends_one_message_and_names_each_failure(mail_app, smtp_server):
    result = mail_app.test_cli_runner().invoke(args=["send-test-email", "me@council.example"])
    assert result.exit_code == 0, result.output
    assert smtp_server.sink.to("me@council.example")

    def failure(url, sender="psw@council.example", to="me@council.example"):
        mail_app.config.update(SMTP_URL=url, MAIL_FROM=sender)
        outcome = mail_app.test_cli_runner().invoke(args=["send-test-email", to])
        assert outcome.exit_code == 1
        return outcome.output

    closed_port = smtp_server.port
    assert "refused the connection" in failure(f"smtp://127.0.0.1:{_closed_port()}")
    assert "must start with smtp:// or smtps://" in failure(f"http://127.0.0.1:{closed_port}")
    assert "HEALTHCHECK_MAIL_FROM is not an email address" in failure(f"smtp://127.0.0.1:{closed_port}", "nobody")
    assert "does not offer sign-in" in failure(f"smtp://user:secret@127.0.0.1:{closed_port}")
    assert "TLS with the mail server" in failure(f"smtps://127.0.0.1:{closed_port}")
    assert "is not an email address" in failure(f"smtp://127.0.0.1:{closed_port}", to="nobody")


def test_a_server_that_never_answers_times_out_with_a_clear_message():
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)  # accepts the connection, never says hello
        port = listener.getsockname()[1]
        settings = mail.settings_from(f"smtp://127.0.0.1:{port}", "psw@council.example")
        with pytest.raises(mail.MailError, match="did not answer within 0.5 seconds"):
            mail.Mailer(settings, timeout=0.5).__enter__()


def _closed_port() -> int:
    from smtp_sink import free_port

    return free_port()


def test_the_staff_list_reads_xlsx_too(db, make_cycle):
    import io

    from openpyxl import Workbook

    cycle = make_cycle(status="open", teams=TEAMS)
    book = Workbook()
    sheet = book.active
    sheet.append(["Email", "Team"])
    sheet.append(["a@council.example", "front door"])
    sheet.append(["b@council.example", "Locality North"])
    data = io.BytesIO()
    book.save(data)
    found = invitations.read_list(db, cycle, "staff.xlsx", data.getvalue())
    front = cycles.find_team(db, cycle["id"], "front-door")
    north = cycles.find_team(db, cycle["id"], "locality-north")
    assert found == [("a@council.example", front["id"]), ("b@council.example", north["id"])]


def test_sqlite_is_used_with_secure_delete_on_close(db, make_cycle):
    cycle = make_cycle(status="open", teams=TEAMS)
    cycles.close_cycle(db, cycle)
    assert db.execute("pragma secure_delete").fetchone()[0] == 1
    assert isinstance(db.conn, sqlite3.Connection)
