"""Getting people to answer: the invitation kit (a QR code per survey link, a suggested email)
and invitations by email, one single-use link per person."""

import json
import re
import secrets

import segno

from healthcheck.formatting import long_date
from healthcheck.problems import Problem
from healthcheck.survey import codes, mail
from healthcheck.workforce.reading import read_upload
from healthcheck.workforce.values import FileProblem, shown
from healthcheck.workforce.values import WorkforceFileError as ListError


def qr_code_data_uri(url: str) -> str:
    """The link as a QR code in an SVG data URI (drawn here: nothing is fetched from elsewhere)."""
    return segno.make(url, error="m").svg_data_uri(scale=8, border=2, dark="#0b0c0c", light="#ffffff")


def email_text(cycle: dict, organisation: str, survey_url: str, codes_required: bool) -> dict:
    """A suggested email to staff: {"subject", "body"}, explaining what the survey is and its anonymity."""
    who = organisation or "our organisation"
    threshold = cycle["reporting_threshold"]
    code_line = (
        "You will need the access code on the slip you have been given. The code only stops the "
        "survey being answered twice: it is not linked to your answers.\n\n"
        if codes_required
        else ""
    )
    body = (
        f"Dear colleague,\n\n"
        f"The {cycle['name']} is now open, and we would like to hear from every social worker, "
        f"occupational therapist, assessment and support officer and team manager in {who}.\n\n"
        f"The survey asks about the conditions you work in: workloads, supervision, training, "
        f"wellbeing, and how well the organisation supports you. It takes about 15 minutes, and you "
        f"can save your answers and finish later.\n\n"
        f"Answer here: {survey_url}\n\n"
        f"{code_line}"
        f"Your answers are anonymous. You do not give your name or email address, and the survey does "
        f"not record your device's address or the time you answered. Results are only shown for groups "
        f"of {threshold} or more people, so no one can be picked out, and comments are shown without "
        f"saying who wrote them.\n\n"
        f"The principal social worker and the steering group, which includes practitioners and union "
        f"representatives, will look at the results and agree an action plan. We will share the results "
        f"and the plan with all staff.\n\n"
        f"The survey closes on {long_date(cycle['closes_on'])}. Thank you for taking part.\n"
    )
    return {"subject": f"{cycle['name']}: tell us about your working conditions", "body": body}


# Invitations by email ---------------------------------------------------------------------
#
# One invitation per person: the team they answer for and three flags (invitation sent,
# how many reminders sent, answered). Their address waits apart in invitation_addresses
# and is deleted when the survey closes (cycles.close_cycle), so the counts stay. Each
# message carries a new random link; only keyed hashes of links are kept, and any of a
# person's links works until they answer. Nothing records a time, and the response they
# send holds nothing that leads back here: drafts.submit marks the invitation used in the
# transaction that stores the response, through the draft, which forgets it at once.
#
# Sending is resumable and never sends anyone two copies: a message is marked sent and
# committed before it goes, and unmarked only when the mail server refused it. A send cut
# off part-way (a crash between the two) leaves at most that one message unsent, never doubled.

INVITATION = "invitation"
REMINDER = "reminder"
# The web page sends this many messages a request, so no request waits for the whole list.
BATCH = 25
PLACEHOLDERS = ("link", "survey", "organisation", "closes_on", "team")


class InvitationUsed(Exception):
    """The link's invitation has already been used to send answers."""


def _anonymity_promise(cycle: dict) -> str:
    return (
        "Your answers are anonymous. This link only stops the survey being answered twice: once you "
        "send your answers, the link is marked used, and nothing in your answers says which link they "
        "came from. No one at the organisation can see who has or has not answered, and the list of "
        "email addresses is deleted when the survey closes. Results are only shown for groups of "
        f"{cycle['reporting_threshold']} or more people."
    )


def default_text(cycle: dict, kind: str) -> dict:
    """The standard subject and body of the invitation or reminder, with {placeholders}."""
    if kind == INVITATION:
        subject = "{survey}: tell us about your working conditions"
        opening = (
            "Dear colleague,\n\n{organisation} would like to hear from you in the {survey}, for {team}. "
            "It asks about the conditions you work in: workloads, supervision, training, wellbeing, and "
            "how well the organisation supports you. It takes about 15 minutes.\n\n"
            "Your own link to the survey (please do not pass it on; it works once):\n{link}\n\n"
        )
    else:
        subject = "Reminder: {survey} closes on {closes_on}"
        opening = (
            "Dear colleague,\n\nIf you have not answered the {survey} yet, there is still time: it "
            "closes on {closes_on}. If you have answered, thank you, and please ignore this message: "
            "reminders go to everyone whose link has not been used, because no one can see who has "
            "answered.\n\nYour own link to the survey:\n{link}\n\n"
        )
    body = opening + _anonymity_promise(cycle) + "\n\nThe survey closes on {closes_on}. Thank you for taking part.\n"
    return {"subject": subject, "body": body}


def messages(db, cycle: dict) -> dict:
    """{kind: {"subject", "body"}} as the principal social worker last saved them, else the standard text."""
    row = db.execute(
        "select invitation_subject, invitation_body, reminder_subject, reminder_body "
        "from invitation_messages where cycle_id = ?",
        [cycle["id"]],
    ).fetchone() or (None, None, None, None)
    kept = {INVITATION: row[0:2], REMINDER: row[2:4]}
    found = {}
    for kind, (subject, body) in kept.items():
        standard = default_text(cycle, kind)
        found[kind] = {"subject": subject or standard["subject"], "body": body or standard["body"]}
    return found


def save_message(db, cycle: dict, kind: str, subject: str, body: str) -> None:
    """Keep an edited message; Problem when it is empty, too long or has an unknown {placeholder}."""
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject:
        raise Problem("Enter the subject of the message", f"{kind}_subject")
    if len(subject) > 200 or "\n" in subject or "\r" in subject:
        raise Problem("The subject must be one line of 200 characters or fewer", f"{kind}_subject")
    if not body:
        raise Problem("Enter the text of the message", f"{kind}_body")
    if len(body) > 10000:
        raise Problem("The message must be 10,000 characters or fewer", f"{kind}_body")
    for field_name, text in ((f"{kind}_subject", subject), (f"{kind}_body", body)):
        for name in re.findall(r"\{([^{}]*)\}", text):
            if name not in PLACEHOLDERS:
                known = ", ".join("{" + one + "}" for one in PLACEHOLDERS)
                raise Problem(f"{{{name}}} is not something the message can fill in; use {known}", field_name)
    if "{link}" not in body:
        raise Problem("The message must contain {link}: each person's own link to the survey", f"{kind}_body")
    db["invitation_messages"].upsert(
        {"cycle_id": cycle["id"], f"{kind}_subject": subject, f"{kind}_body": body + "\n"}, pk="cycle_id"
    )


def fill(text: str, values: dict) -> str:
    return re.sub(r"\{(" + "|".join(PLACEHOLDERS) + r")\}", lambda match: values[match.group(1)], text)


def check_list(db, cycle: dict, entries: list[tuple[int, str, str]], where: str) -> list[tuple[str, int]]:
    """(email, team id) for each (row number, email, team name) of a staff list; ListError
    naming every row with an unknown team, a malformed or repeated address, or one already invited."""
    teams = {}
    for team in db.execute("select id, name, slug from teams where cycle_id = ?", [cycle["id"]]).fetchall():
        teams[team[1].strip().casefold()] = team[0]
        teams[team[2]] = team[0]
    invited = {
        row[0].casefold()
        for row in db.execute("select email from invitation_addresses where cycle_id = ?", [cycle["id"]])
    }
    problems, found, seen = [], [], {}
    for row, email, team in entries:
        email, team = (email or "").strip(), (team or "").strip()
        team_id = teams.get(team.casefold())
        if not email:
            problems.append(FileProblem("the email address is missing", row=row, column=1, header="email"))
        elif not mail.looks_like_address(email):
            problems.append(FileProblem(f"{shown(email)} is not an email address", row=row, column=1, header="email"))
        elif email.casefold() in seen:
            problems.append(
                FileProblem(
                    f"{shown(email)} is also on row {seen[email.casefold()]}", row=row, column=1, header="email"
                )
            )
        elif email.casefold() in invited:
            problems.append(FileProblem(f"{shown(email)} has been invited already", row=row, column=1, header="email"))
        if not team:
            problems.append(FileProblem("the team is missing", row=row, column=2, header="team"))
        elif team_id is None:
            problems.append(
                FileProblem(f"there is no team called {shown(team)} in this cycle", row=row, column=2, header="team")
            )
        seen.setdefault(email.casefold(), row)
        found.append((email, team_id))
    if problems:
        raise ListError(where, problems)
    if not found:
        raise ListError(where, [FileProblem("there are no addresses in it")])
    return found


def read_list(db, cycle: dict, file_name: str, data: bytes) -> list[tuple[str, int]]:
    """The (email, team id) rows of an uploaded CSV or XLSX with columns email and team; ListError if not."""
    grid = read_upload(file_name, data)
    headers = [str(header or "").strip().lower() for header in grid.headers]
    missing = [name for name in ("email", "team") if name not in headers]
    if missing:
        raise ListError(
            grid.file_name,
            [
                FileProblem(
                    f"the header row needs columns called email and team; {' and '.join(missing)} is missing",
                    row=grid.header_row,
                )
            ],
        )
    at_email, at_team = headers.index("email"), headers.index("team")
    entries = [
        (row, _cell(cells, at_email), _cell(cells, at_team))
        for row, cells in grid.rows
        if any(str(cell or "").strip() for cell in cells)
    ]
    return check_list(db, cycle, entries, grid.file_name)


def _cell(cells: list, index: int) -> str:
    return str(cells[index] or "").strip() if index < len(cells) else ""


def read_pasted(db, cycle: dict, team_name: str, text: str) -> list[tuple[str, int]]:
    """Addresses pasted for one team, one a line (or separated by commas or semicolons)."""
    lines = [part for line in (text or "").splitlines() for part in re.split(r"[,;]", line)]
    entries = [(number, part, team_name) for number, part in enumerate(lines, start=1) if part.strip()]
    return check_list(db, cycle, entries, "The pasted addresses")


def add(db, cycle: dict, found: list[tuple[str, int]]) -> int:
    """Add checked invitations, all or none; they are sent later (send_batch)."""
    if cycle["status"] == "closed":
        raise Problem("The survey has closed, so no one more can be invited", "file")
    with db.atomic():
        for email, team_id in found:
            invitation_id = db.execute(
                "insert into invitations (cycle_id, team_id, invited, reminders, used) values (?, ?, 0, 0, 0)",
                [cycle["id"], team_id],
            ).lastrowid
            db.execute(
                "insert into invitation_addresses (invitation_id, cycle_id, email) values (?, ?, ?)",
                [invitation_id, cycle["id"], email],
            )
    return len(found)


def counts(db, cycle: dict) -> dict:
    """Totals only, never per person: how many are invited, sent, waiting, and not yet answered."""
    invited, sent, answered = db.execute(
        "select count(*), coalesce(sum(invited), 0), coalesce(sum(used), 0) from invitations where cycle_id = ?",
        [cycle["id"]],
    ).fetchone()
    rounds = reminder_rounds(db, cycle)
    reminders_waiting = db.execute(
        "select count(*) from invitations i join invitation_addresses a on a.invitation_id = i.id "
        "where i.cycle_id = ? and i.invited = 1 and i.used = 0 and i.reminders < ?",
        [cycle["id"], rounds],
    ).fetchone()[0]
    invitations_waiting = db.execute(
        "select count(*) from invitations i join invitation_addresses a on a.invitation_id = i.id "
        "where i.cycle_id = ? and i.invited = 0",
        [cycle["id"]],
    ).fetchone()[0]
    return {
        "invited": invited,
        "sent": sent,
        "invitations_waiting": invitations_waiting,
        "not_answered": invited - answered,
        "reminder_rounds": rounds,
        "reminders_waiting": reminders_waiting,
    }


def reminder_rounds(db, cycle: dict) -> int:
    row = db.execute("select reminder_rounds from invitation_messages where cycle_id = ?", [cycle["id"]]).fetchone()
    return row[0] if row else 0


def start_reminders(db, cycle: dict) -> int:
    """Start a round of reminders to everyone invited who has not answered; returns how many it will send."""
    if cycle["status"] != "open":
        raise Problem("Reminders can only be sent while the survey is open", "reminders")
    waiting = counts(db, cycle)
    if waiting["reminders_waiting"]:
        raise Problem(
            f"The last round of reminders has {waiting['reminders_waiting']} still to send: send those first",
            "reminders",
        )
    if waiting["invitations_waiting"]:
        raise Problem("Send every invitation before sending reminders", "reminders")
    with db.atomic():
        db.execute(
            "insert into invitation_messages (cycle_id, reminder_rounds) values (?, 1) "
            "on conflict (cycle_id) do update set reminder_rounds = reminder_rounds + 1",
            [cycle["id"]],
        )
    return counts(db, cycle)["reminders_waiting"]


def send_batch(db, cycle: dict, kind: str, mailer, secret: str, base_url: str, organisation: str, limit=None) -> dict:
    """Send up to `limit` waiting messages of one kind (all of them when None).

    Returns {"sent": n, "refused": n}. Each message is marked sent and committed before it
    goes, so a send interrupted at any point and started again sends nobody a second copy;
    when the mail server refuses one, its mark is taken back so it is tried again next time
    (MailError stops the batch when the server itself fails).
    """
    if cycle["status"] != "open":
        raise Problem("Messages can only be sent while the survey is open", kind)
    if not base_url:
        raise Problem("HEALTHCHECK_BASE_URL is not set, so the links in messages could not start with it", kind)
    texts = messages(db, cycle)[kind]
    team_names = {row[0]: row[1] for row in db.execute("select id, name from teams where cycle_id = ?", [cycle["id"]])}
    rounds = reminder_rounds(db, cycle)
    sent = 0
    refused: list[int] = []  # tried again at the next send, not in this one
    while limit is None or sent + len(refused) < limit:
        claimed = _claim(db, cycle, kind, secret, rounds, refused)
        if claimed is None:
            break
        invitation_id, team_id, email, token, token_hash, before = claimed
        values = {
            "link": f"{base_url.rstrip('/')}/survey/{cycle['slug']}/invitation/{token}",
            "survey": cycle["name"],
            "organisation": organisation or "our organisation",
            "closes_on": long_date(cycle["closes_on"]),
            "team": team_names.get(team_id, "your team"),
        }
        try:
            mailer.send(
                mail.message(mailer.settings, email, fill(texts["subject"], values), fill(texts["body"], values))
            )
        except mail.MailError as error:
            _unclaim(db, kind, invitation_id, token_hash, before)
            if not error.refused_address:
                raise
            refused.append(invitation_id)
            continue
        sent += 1
    return {"sent": sent, "refused": len(refused)}


def _claim(db, cycle: dict, kind: str, secret: str, rounds: int, skip: list[int]):
    """Mark the next waiting message sent (committed) and keep its new link's hash."""
    if kind == INVITATION:
        where, mark = "i.invited = 0", "invited = 1"
    else:
        where, mark = f"i.invited = 1 and i.used = 0 and i.reminders < {int(rounds)}", f"reminders = {int(rounds)}"
    with db.atomic():
        row = db.execute(
            "select i.id, i.team_id, a.email, i.reminders from invitations i "
            "join invitation_addresses a on a.invitation_id = i.id "
            f"where i.cycle_id = ? and {where} and i.id not in (select value from json_each(?)) order by i.id limit 1",
            [cycle["id"], json.dumps(skip)],
        ).fetchone()
        if row is None:
            return None
        db.execute(f"update invitations set {mark} where id = ?", [row[0]])
        token = secrets.token_urlsafe(24)
        token_hash = codes.keyed_hash(secret, "invitation", token)
        db.execute(
            "insert into invitation_links (token_hash, invitation_id, cycle_id) values (?, ?, ?)",
            [token_hash, row[0], cycle["id"]],
        )
    return row[0], row[1], row[2], token, token_hash, row[3]


def _unclaim(db, kind: str, invitation_id: int, token_hash: str, reminders_before: int) -> None:
    with db.atomic():
        db.execute("delete from invitation_links where token_hash = ?", [token_hash])
        if kind == INVITATION:
            db.execute("update invitations set invited = 0 where id = ?", [invitation_id])
        else:
            db.execute("update invitations set reminders = ? where id = ?", [reminders_before, invitation_id])


def find(db, cycle: dict, token: str | None, secret: str) -> dict | None:
    """{"id", "team_id", "used"} of the invitation a link belongs to, or None."""
    if not token or len(token) > 100:
        return None
    row = db.execute(
        "select i.id, i.team_id, i.used from invitation_links l join invitations i on i.id = l.invitation_id "
        "where l.cycle_id = ? and l.token_hash = ?",
        [cycle["id"], codes.keyed_hash(secret, "invitation", token)],
    ).fetchone()
    return {"id": row[0], "team_id": row[1], "used": bool(row[2])} if row else None


def team_of(db, invitation_id: int) -> int | None:
    row = db.execute("select team_id from invitations where id = ?", [invitation_id]).fetchone()
    return row[0] if row else None
