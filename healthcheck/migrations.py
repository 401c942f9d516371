"""Named schema migrations, applied in order; each function is one step that never changes.

Every database records the name of each step it has applied, so a step is never renamed,
moved or removed. The steps are applied in the order they are declared in this module,
never sorted by name: the names up to m11_answers_found_by_response grew in several
schemes and do not sort.

A new step goes at the end of this module and follows one sortable scheme: `m`, a
three-digit number one more than the last new step's, then what it does, starting at
`m012_...` (then `m013_...`, and so on). tests/test_migrations.py pins the recorded names,
the scheme and that the declared order is the order a database applies them.
"""

from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from healthcheck.db import open_database

migrations = Migrations("healthcheck")


@migrations()
def m001_users(db):
    db["users"].create(
        {
            "id": int,
            "email": str,
            "password_hash": str,
            "role": str,
            "active": int,
            "session_version": int,
            "created_on": str,
        },
        pk="id",
        not_null={"email", "password_hash", "role"},
        defaults={"active": 1, "session_version": 1},
    )
    db["users"].create_index(["email"], unique=True)


@migrations()
def m002_organisation(db):
    db["organisation"].create({"key": str, "value": str}, pk="key")


@migrations()
def m003_cycles(db):
    db["cycles"].create(
        {
            "id": int,
            "slug": str,
            "name": str,
            "capture_date": str,
            "opens_on": str,
            "closes_on": str,
            "reporting_threshold": int,
            "status": str,
            "bank_version": str,
            "bank_json": str,
            "created_on": str,
        },
        pk="id",
        not_null={"slug", "name", "status", "reporting_threshold"},
        defaults={"status": "draft"},
    )
    db["cycles"].create_index(["slug"], unique=True)


@migrations()
def m004_teams(db):
    db["teams"].create(
        {
            "id": int,
            "cycle_id": int,
            "slug": str,
            "name": str,
            "service_area": str,
            "headcount": int,
        },
        pk="id",
        not_null={"cycle_id", "slug", "name"},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )
    db["teams"].create_index(["cycle_id", "slug"], unique=True)
    db["teams"].create_index(["cycle_id", "name"], unique=True)


# The survey's stored answers. A response carries its team and role group (both
# optional) and the submission date at most: nothing that identifies a person.
@migrations()
def m005_responses(db):
    db["responses"].create(
        {
            "id": int,
            "cycle_id": int,
            "team_id": int,
            "role_group": str,
            "years_band": str,
            "submitted_on": str,
        },
        pk="id",
        not_null={"cycle_id"},
        foreign_keys=[("cycle_id", "cycles", "id"), ("team_id", "teams", "id")],
    )
    db["responses"].create_index(["cycle_id", "team_id"])
    # One row per answered item; a multiple-choice item has one row per chosen value.
    # value is the choice value, the number as text, or "dont_know".
    db["answers"].create(
        {"response_id": int, "item_id": str, "value": str},
        not_null={"response_id", "item_id", "value"},
        foreign_keys=[("response_id", "responses", "id")],
    )
    db["answers"].create_index(["response_id"])
    db["answers"].create_index(["item_id"])
    db["comments"].create(
        {"id": int, "response_id": int, "standard": int, "text": str},
        pk="id",
        not_null={"response_id", "standard", "text"},
        foreign_keys=[("response_id", "responses", "id")],
    )
    db["comments"].create_index(["response_id"])


# Workforce figures per team (one row per field, e.g. vacancy_fte) and the
# organisation's own answer to each organisation item of the question bank.
@migrations()
def m006_workforce_and_organisation_view(db):
    db["workforce_figures"].create(
        {"id": int, "cycle_id": int, "team_id": int, "field": str, "value": float},
        pk="id",
        not_null={"cycle_id", "team_id", "field", "value"},
        foreign_keys=[("cycle_id", "cycles", "id"), ("team_id", "teams", "id")],
    )
    db["workforce_figures"].create_index(["team_id", "field"], unique=True)
    db["workforce_figures"].create_index(["cycle_id"])
    db["organisation_answers"].create(
        {
            "id": int,
            "cycle_id": int,
            "item_id": str,
            "answer": str,
            "evidence": str,
            "updated_by": str,
            "updated_on": str,
        },
        pk="id",
        not_null={"cycle_id", "item_id", "answer"},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )
    db["organisation_answers"].create_index(["cycle_id", "item_id"], unique=True)


# Survey answers in progress. A draft is reached through a random token kept in the
# practitioner's session, or through a resume code; only keyed hashes of both are
# stored. Nothing here records when, from where or by whom: no times, no addresses.
# A submitted draft keeps only its session hash (so a second click on "Send" finds
# it already sent); every draft is deleted when the cycle closes.
@migrations()
def m301_survey_drafts(db):
    db["access_codes"].create(
        {"id": int, "cycle_id": int, "code_hash": str, "used": int},
        pk="id",
        not_null={"cycle_id", "code_hash", "used"},
        defaults={"used": 0},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )
    db["access_codes"].create_index(["code_hash"], unique=True)
    db["access_codes"].create_index(["cycle_id", "used"])
    db["survey_drafts"].create(
        {
            "id": int,
            "cycle_id": int,
            "session_hash": str,
            "resume_hash": str,
            "access_code_id": int,
            "data": str,
            "submitted": int,
        },
        pk="id",
        not_null={"cycle_id", "session_hash", "submitted"},
        defaults={"submitted": 0},
        foreign_keys=[("cycle_id", "cycles", "id"), ("access_code_id", "access_codes", "id")],
    )
    db["survey_drafts"].create_index(["session_hash"], unique=True)
    db["survey_drafts"].create_index(["resume_hash"], unique=True)
    db["survey_drafts"].create_index(["cycle_id"])


# Per-cycle survey options chosen by the PSW (for now: whether an access code is needed).
@migrations()
def m302_survey_options(db):
    db["survey_options"].create(
        {"cycle_id": int, "access_codes_required": int},
        pk="cycle_id",
        not_null={"access_codes_required"},
        defaults={"access_codes_required": 0},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )


# Computed results, kept until the cycle's data changes: key names the shape of
# what is stored, data_version the fingerprint of the data it was computed from.
@migrations()
def m501_score_cache(db):
    db["score_cache"].create(
        {"id": int, "cycle_id": int, "key": str, "data_version": str, "json": str, "computed_on": str},
        pk="id",
        not_null={"cycle_id", "key", "data_version", "json"},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )
    db["score_cache"].create_index(["cycle_id", "key"], unique=True)


# The action plan: actions answer a standard (and optionally a step) in one cycle;
# an unfinished action carried into the next cycle points back at the one it came from.
@migrations()
def m6_001_actions(db):
    db["actions"].create(
        {
            "id": int,
            "cycle_id": int,
            "reference": str,
            "standard": int,
            "step": int,
            "finding": str,
            "action": str,
            "owner": str,
            "lead": str,
            "target_date": str,
            "status": str,
            "progress": str,
            "updated_by": str,
            "updated_on": str,
            "carried_from": int,
        },
        pk="id",
        not_null={"cycle_id", "reference", "standard", "action", "owner", "status", "progress"},
        foreign_keys=[("cycle_id", "cycles", "id"), ("carried_from", "actions", "id")],
    )
    db["actions"].create_index(["cycle_id", "reference"], unique=True)
    db["action_notes"].create(
        {"id": int, "action_id": int, "noted_on": str, "text": str, "author": str},
        pk="id",
        not_null={"action_id", "noted_on", "text"},
        foreign_keys=[("action_id", "actions", "id")],
    )
    db["action_notes"].create_index(["action_id"])


# An uploaded action-plan workbook waits here, under a random token, between the
# preview and the PSW's confirmation; it is deleted when applied or abandoned.
@migrations()
def m6_002_action_plan_uploads(db):
    db["action_plan_uploads"].create(
        {
            "token": str,
            "cycle_id": int,
            "uploaded_by": str,
            "uploaded_on": str,
            "filename": str,
            "content": bytes,
        },
        pk="token",
        not_null={"cycle_id", "content"},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )


# The organisation's own definitions, recorded with the cycle so they travel with its
# workforce figures: what counts as one case, and what counts as long-term absence.
@migrations()
def m401_cycle_definitions(db):
    db["cycles"].add_column("case_definition", str)
    db["cycles"].add_column("long_term_absence_definition", str)


# An optional link to a document (a policy, an audit) beside the organisation's evidence.
@migrations()
def m402_organisation_answer_links(db):
    db["organisation_answers"].add_column("link", str)


# How long practitioners' comments are kept after a cycle closes, and the day it
# actually closed (cycles closed before this step fall back to their closing date).
@migrations()
def m7_cycle_comment_retention(db):
    db["cycles"].add_column("comment_retention_months", int, not_null_default=24)
    db["cycles"].add_column("closed_on", str)


# Failed sign-ins per email address (stored only as a keyed hash), for the temporary lockout.
@migrations()
def m7_sign_in_failures(db):
    db["sign_in_failures"].create(
        {"account_key": str, "failures": int, "last_failed_at": str, "locked_until": str},
        pk="account_key",
        not_null={"failures", "last_failed_at"},
    )


# Published summaries of closed cycles. The link's token is kept as it is, so the
# principal social worker can copy the link again later; a withdrawn summary keeps its
# row (its old link then says "no longer published") and releasing again makes a new link.
@migrations()
def m9_publications(db):
    db["publications"].create(
        {
            "id": int,
            "cycle_id": int,
            "token": str,
            "themes": str,
            "released_on": str,
            "released_by": str,
            "withdrawn": int,
            "withdrawn_on": str,
            "withdrawn_by": str,
        },
        pk="id",
        not_null={"cycle_id", "token", "themes", "released_on", "withdrawn"},
        defaults={"withdrawn": 0},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )
    db["publications"].create_index(["token"], unique=True)
    db["publications"].create_index(["cycle_id"])


# Answers counted as they are stored (triggers on responses and answers keep the counts
# in step), so a large cycle is scored from counts rather than every answer. Counts the
# answers already stored. tally_store.SCHEMA is this step's schema: change it only with
# a new step.
@migrations()
def m8_answer_tallies(db):
    from healthcheck.results import tally_store

    tally_store.install(db)


# Answers written together (a whole response, an import) are counted together once they are
# in, rather than by the answer trigger one answer at a time: the trigger now stands aside
# while tally_counting_together has a row, which only the writing transaction ever sees.
@migrations()
def m10_answers_counted_together(db):
    from healthcheck.results import tally_store

    for statement in tally_store.COUNTED_TOGETHER_SCHEMA:
        db.execute(statement)


@migrations()
def m11_answers_found_by_response(db):
    # An index on item_id alone put each new answer on a different page of it, so storing
    # one response rewrote dozens of pages. Answers are found by their response (and item):
    # a new response's entries sit together at the end of this one.
    db.execute("create index if not exists idx_answers_response_id_item_id on answers (response_id, item_id)")
    db.execute("drop index if exists idx_answers_item_id")
    db.execute("drop index if exists idx_answers_response_id")


# Which service areas of a cycle count as children's and as adults' social work when
# its workforce figures are set beside national benchmarks (kind: children, adults or
# neither). Adults' benchmarks brought by the user (Skills for Care's workbook, which
# may not be redistributed) are kept here, one row per area, replaced whole.
@migrations()
def m012_benchmark_scope_and_adult_figures(db):
    db["benchmark_service_areas"].create(
        {"cycle_id": int, "service_area": str, "kind": str},
        pk=("cycle_id", "service_area"),
        not_null={"cycle_id", "service_area", "kind"},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )
    db["adult_benchmarks"].create(
        {
            "id": int,
            "level": str,
            "name": str,
            "region": str,
            "vacancy_rate": str,
            "turnover_rate": str,
            "sickness_days": str,
            "source_row": int,
        },
        pk="id",
        not_null={"level", "name"},
    )


# Every upload waiting between its preview and its confirmation (action-plan workbooks and
# workforce files alike) waits in one table; what waited in the old places is let go (the
# person uploads it again), and workforce files once kept beside the database are deleted.
@migrations()
def m013_waiting_uploads(db):
    db["waiting_uploads"].create(
        {
            "token": str,
            "kind": str,
            "cycle_id": int,
            "uploaded_by": str,
            "uploaded_on": str,
            "filename": str,
            "content": bytes,
        },
        pk="token",
        not_null={"kind", "cycle_id", "uploaded_on", "content"},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )
    db["action_plan_uploads"].drop(ignore=True)
    database_file = next((row[2] for row in db.execute("pragma database_list") if row[1] == "main"), "")
    if database_file:
        folder = Path(database_file).parent / "workforce-uploads"
        for path in folder.glob("*") if folder.is_dir() else ():
            if path.is_file():
                path.unlink(missing_ok=True)


# Results are released once and then fixed. released_on marks a closed cycle whose results
# are out (from then on its responses never change); result_releases keeps what was
# computed at that moment, groups and all, for every page, JSON file and export to read.
# comment_threshold: the fewest respondents a group needs before a comment carries its name
# (never below the reporting threshold).
@migrations()
def m014_results_released_once(db):
    db["cycles"].add_column("released_on", str)
    db["cycles"].add_column("comment_threshold", int, not_null_default=10)
    db.execute("update cycles set comment_threshold = max(comment_threshold, reporting_threshold)")
    db["result_releases"].create(
        {"id": int, "cycle_id": int, "released_on": str, "released_by": str, "json": str},
        pk="id",
        not_null={"cycle_id", "released_on", "json"},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )
    db["result_releases"].create_index(["cycle_id"], unique=True)
    # The last guard: whatever path a write takes, a released cycle gains or changes no response.
    for event in ("insert", "update"):
        db.execute(
            f"create trigger if not exists responses_fixed_after_release_{event} before {event} on responses "
            "when (select released_on from cycles where id = new.cycle_id) is not null "
            "begin select raise(abort, 'The results of this cycle have been released, so its responses cannot change'); end"
        )


# Files of earlier answers already imported (by a digest of their bytes), so the same file
# is never imported twice; and a past cycle's eight standard scores typed in from an earlier
# report, kept apart from every item-level figure.
@migrations()
def m015_imported_files_and_report_scores(db):
    db["imported_answer_files"].create(
        {"digest": str, "cycle_id": int, "filename": str, "imported_on": str, "responses": int},
        pk="digest",
        not_null={"cycle_id", "imported_on"},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )
    db["report_summaries"].create(
        {"cycle_id": int, "source": str, "respondents": int, "response_rate": float},
        pk="cycle_id",
        not_null={"source"},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )
    db["report_scores"].create(
        {"cycle_id": int, "standard": int, "score": int},
        pk=("cycle_id", "standard"),
        not_null={"score"},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )


# New cycles need single-use access codes unless the PSW chooses the open public link. A
# cycle made before that had the open link unless it said otherwise: it keeps what it had.
@migrations()
def m016_public_link_kept_where_it_was(db):
    db.execute(
        "insert into survey_options (cycle_id, access_codes_required) "
        "select id, 0 from cycles where id not in (select cycle_id from survey_options)"
    )


# Years in role were asked and stored but used nowhere, and one more detail beside a team
# and a role narrows who wrote a response. They are no longer asked; what was stored is
# overwritten (secure_delete, so the old values do not linger in free pages) and the
# column goes.
@migrations()
def m017_years_in_role_forgotten(db):
    db.execute("PRAGMA secure_delete = ON")
    if "years_band" in db["responses"].columns_dict:
        db.execute("update responses set years_band = null where years_band is not null")
        db.execute("alter table responses drop column years_band")


# Every team added, changed (name, service area, eligible headcount) or removed, with the
# staff account that did it and the date. Moving a team changes how small teams
# are grouped in the results, so the PSW sees each change. A removed team's history stays.
@migrations()
def m018_team_changes_recorded(db):
    db["team_changes"].create(
        {
            "id": int,
            "cycle_id": int,
            "team_id": int,
            "team_name": str,
            "change": str,
            "fields": str,
            "changed_by": str,
            "changed_on": str,
        },
        pk="id",
        not_null={"cycle_id", "team_id", "team_name", "change", "fields", "changed_by", "changed_on"},
        foreign_keys=[("cycle_id", "cycles", "id")],
        if_not_exists=True,  # a team added while an older schema was in use may have made it
    )
    db["team_changes"].create_index(["cycle_id"], if_not_exists=True)


# An administrator can send a one-time link to reset a forgotten password: only the hash of
# the link's token is kept, with the time it stops working.
@migrations()
def m019_password_reset_links(db):
    db["password_resets"].create(
        {"token_hash": str, "user_id": int, "expires_at": str},
        pk="token_hash",
        not_null={"user_id", "expires_at"},
        foreign_keys=[("user_id", "users", "id")],
    )


# The dates a survey really opened on (closed_on is already kept), so pages and exports
# show what happened rather than what was planned.
@migrations()
def m020_cycle_opened_on(db):
    db["cycles"].add_column("opened_on", str)


# Invitations by email: one answer per person. `invitations` keeps the team and flags (sent,
# reminders sent, used), never a time; `invitation_links` keyed hashes of the links sent;
# the address waits apart in `invitation_addresses`, deleted when the survey closes, so the
# counts stay. A draft started from an invitation remembers it until its answers are sent.
@migrations()
def m021_email_invitations(db):
    db["invitations"].create(
        {"id": int, "cycle_id": int, "team_id": int, "invited": int, "reminders": int, "used": int},
        pk="id",
        not_null={"cycle_id", "team_id", "invited", "reminders", "used"},
        defaults={"invited": 0, "reminders": 0, "used": 0},
        foreign_keys=[("cycle_id", "cycles", "id"), ("team_id", "teams", "id")],
    )
    db["invitations"].create_index(["cycle_id"])
    # Each message sent carries a new link; any of a person's links works until they answer.
    db["invitation_links"].create(
        {"token_hash": str, "invitation_id": int, "cycle_id": int},
        pk="token_hash",
        not_null={"invitation_id", "cycle_id"},
        foreign_keys=[("invitation_id", "invitations", "id"), ("cycle_id", "cycles", "id")],
    )
    db["invitation_links"].create_index(["cycle_id"])
    db["invitation_addresses"].create(
        {"invitation_id": int, "cycle_id": int, "email": str},
        pk="invitation_id",
        not_null={"cycle_id", "email"},
        foreign_keys=[("invitation_id", "invitations", "id"), ("cycle_id", "cycles", "id")],
    )
    db["invitation_addresses"].create_index(["cycle_id", "email"], unique=True)
    # The messages: one invitation and one reminder text per cycle (empty for the standard
    # text), and how many rounds of reminders the principal social worker has started.
    db["invitation_messages"].create(
        {
            "cycle_id": int,
            "invitation_subject": str,
            "invitation_body": str,
            "reminder_subject": str,
            "reminder_body": str,
            "reminder_rounds": int,
        },
        pk="cycle_id",
        not_null={"reminder_rounds"},
        defaults={"reminder_rounds": 0},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )
    db["survey_drafts"].add_column("invitation_id", int)


# The published summary's "You said, we did" in the principal social worker's words: each
# action is left out until the PSW includes it, with what staff said (a comment theme of
# the release, or the PSW's own sentence) and a public wording of what is being done; the
# cycle keeps the main themes being drafted, previewed before they are published.
@migrations()
def m022_public_summary_wording(db):
    db["actions"].add_column("in_summary", int, not_null_default=0)
    db["actions"].add_column("public_theme", str)
    db["actions"].add_column("public_said", str)
    db["actions"].add_column("public_wording", str)
    db["cycles"].add_column("summary_themes", str)


# The principal social worker's review of comments that look like they name or contact
# someone: one row per decision (kept, redacted or hidden), who made it and the day. The
# comment is its response and what it is about (a standard's number or a free-text item);
# the words removed are never kept, here or anywhere.
@migrations()
def m023_comment_reviews(db):
    db["comment_reviews"].create(
        {
            "id": int,
            "cycle_id": int,
            "response_id": int,
            "about": str,
            "decision": str,
            "reason": str,
            "reviewed_by": str,
            "reviewed_on": str,
        },
        pk="id",
        not_null={"cycle_id", "response_id", "about", "decision", "reviewed_by", "reviewed_on"},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )
    db["comment_reviews"].create_index(["cycle_id", "response_id", "about"])


# Each respondent's step scores, kept as their answers are stored, so release need not work
# them out from every answer. Responses stored before have none: release works theirs out
# once and keeps them. score_store.SCHEMA is this step's schema: change it only with a new step.
@migrations()
def m024_respondent_scores_kept(db):
    from healthcheck.results import score_store

    score_store.install(db)


# An action may say which team or which service area it is for (neither: the whole
# organisation). The team is one of the action's cycle's teams; the area one of its teams' areas.
@migrations()
def m025_actions_for_a_team_or_area(db):
    db["actions"].add_column("team_id", int)
    db["actions"].add_column("service_area", str)


def migrate(db: sqlite_utils.Database) -> None:
    """Apply every migration the database has not had yet, in the order declared above."""
    migrations.apply(db)


def init_db(path: str) -> sqlite_utils.Database:
    """Open the database at `path` and bring its tables up to date."""
    db = open_database(path)
    migrate(db)
    return db


# The published summary's "You said" may quote one of its theme's example comments (already
# reviewed before release, and carrying no group), chosen by the principal social worker.
@migrations()
def m026_published_example_comment(db):
    db["actions"].add_column("public_example", str)
