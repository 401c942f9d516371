"""Stored answers counted as they are written, so a cycle is scored from a few thousand
counts instead of millions of answers. SQL only; the counts are read as tallies.Tally.

Triggers keep three tables in step with `responses` and `answers`, whoever writes them
(the survey, imports, the demo, retention):
- answer_counts_by_team / answer_counts_by_role: how many times each value was given
  to each item, per team (0: no team) and per role group ('': not given);
- response_coverage: one row per response with its team and role and a bit mask of
  the items it answered other than "don't know", plus a count of changes, so a
  cycle's results can tell cheaply that its answers changed;
- tally_items: each item's bit in the masks, and whether it is counted at all. Items
  are registered from the cycle's question bank before answers are stored
  (`register`): free-text questions are never counted, so no one's words are copied
  into the counts. An item answered before it was registered is counted.
A response may change team or role group, but never cycle. The answers of responses
stored together (one survey response, or thousands from a file) are counted together at
the end (`counted_together`), which is far quicker than counting each answer as it is
written: the answer trigger stands aside while a row is in tally_counting_together, a row
only the writing transaction ever sees.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter, defaultdict

from healthcheck.questions import cycle_bank
from healthcheck.results import score_store
from healthcheck.results.tallies import CycleTallies, Tally

MASK_BITS = 64  # SQLite integers: items beyond this many in one cycle are counted without masks


def _add_answer(row: str) -> str:
    counted = f"""exists (select 1 from tally_items t where t.cycle_id = c.cycle_id
                                 and t.item_id = {row}.item_id and t.counted)"""
    return f"""
    insert into tally_items (cycle_id, item_id, bit, counted)
      select c.cycle_id, {row}.item_id, (select count(*) from tally_items t where t.cycle_id = c.cycle_id), 1
      from response_coverage c
      where c.response_id = {row}.response_id
        and not exists (select 1 from tally_items t where t.cycle_id = c.cycle_id and t.item_id = {row}.item_id);
    insert into answer_counts_by_team (cycle_id, team_key, item_id, value, count)
      select c.cycle_id, c.team_key, {row}.item_id, {row}.value, 1 from response_coverage c
      where c.response_id = {row}.response_id and {counted}
      on conflict (cycle_id, team_key, item_id, value) do update set count = count + 1;
    insert into answer_counts_by_role (cycle_id, role_key, item_id, value, count)
      select c.cycle_id, c.role_key, {row}.item_id, {row}.value, 1 from response_coverage c
      where c.response_id = {row}.response_id and {counted}
      on conflict (cycle_id, role_key, item_id, value) do update set count = count + 1;
    update response_coverage set
      answered = answered | (case when {row}.value = 'dont_know' then 0 else
        coalesce((select 1 << t.bit from tally_items t
                  where t.cycle_id = response_coverage.cycle_id and t.item_id = {row}.item_id and t.counted), 0) end),
      changes = changes + 1
      where response_id = {row}.response_id;
    """


def _remove_answer(row: str) -> str:
    statements = []
    for kind, key in (("team", "team_key"), ("role", "role_key")):
        where = f"""where (cycle_id, {key}) = (select cycle_id, {key} from response_coverage
                                          where response_id = {row}.response_id)
              and item_id = {row}.item_id and value = {row}.value"""
        # A value no one gives any more leaves no trace in the counts.
        statements.append(f"update answer_counts_by_{kind} set count = count - 1 {where};")
        statements.append(f"delete from answer_counts_by_{kind} {where} and count <= 0;")
    return (
        "\n".join(statements)
        + f"""
    update response_coverage set answered = ({_MASK_OF.format(response=f"{row}.response_id")}),
      changes = changes + 1
      where response_id = {row}.response_id;
    """
    )


# The mask of one response's answers, worked out afresh from the answers table.
_MASK_OF = """select coalesce(sum(distinct 1 << t.bit), 0) from answers a
      join tally_items t on t.cycle_id = response_coverage.cycle_id and t.item_id = a.item_id and t.counted
      where a.response_id = {response} and a.value != 'dont_know'"""


def _move_counts(sign: str, row: str) -> str:
    return "".join(
        f"""
    insert into answer_counts_by_{kind} (cycle_id, {key}, item_id, value, count)
      select {row}.cycle_id, {value}, a.item_id, a.value, {sign}count(*) from answers a
      join tally_items t on t.cycle_id = {row}.cycle_id and t.item_id = a.item_id and t.counted
      where a.response_id = {row}.id group by a.item_id, a.value
      on conflict (cycle_id, {key}, item_id, value) do update set count = count + excluded.count;
    delete from answer_counts_by_{kind} where cycle_id = {row}.cycle_id and {key} = {value} and count <= 0;
    """
        for kind, key, value in (
            ("team", "team_key", f"coalesce({row}.team_id, 0)"),
            ("role", "role_key", f"coalesce({row}.role_group, '')"),
        )
    )


ANSWER_ADDED = f"create trigger tally_answer_added after insert on answers begin {_add_answer('new')} end"

# m10: the answer trigger stands aside while answers are being counted together.
COUNTED_TOGETHER_SCHEMA = [
    "create table tally_counting_together (counting integer not null)",
    "drop trigger tally_answer_added",
    f"""create trigger tally_answer_added after insert on answers
         when not exists (select 1 from tally_counting_together) begin {_add_answer("new")} end""",
]

SCHEMA = [
    """create table answer_counts_by_team (
         cycle_id integer not null, team_key integer not null, item_id text not null, value text not null,
         count integer not null, unique (cycle_id, team_key, item_id, value))""",
    """create table answer_counts_by_role (
         cycle_id integer not null, role_key text not null, item_id text not null, value text not null,
         count integer not null, unique (cycle_id, role_key, item_id, value))""",
    """create table tally_items (
         cycle_id integer not null, item_id text not null, bit integer not null, counted integer not null,
         unique (cycle_id, item_id))""",
    """create table response_coverage (
         response_id integer primary key, cycle_id integer not null, team_key integer not null,
         role_key text not null, answered integer not null default 0, changes integer not null default 0)""",
    "create index response_coverage_cells on response_coverage (cycle_id, team_key, role_key, answered, changes)",
    """create trigger tally_response_added after insert on responses begin
         insert or replace into response_coverage (response_id, cycle_id, team_key, role_key, answered, changes)
         values (new.id, new.cycle_id, coalesce(new.team_id, 0), coalesce(new.role_group, ''), 0, 0);
       end""",
    """create trigger tally_response_removed after delete on responses begin
         delete from response_coverage where response_id = old.id;
       end""",
    """create trigger tally_response_keeps_its_cycle before update of cycle_id on responses
         when new.cycle_id is not old.cycle_id begin
         select raise(abort, 'a response cannot move to another cycle');
       end""",
    f"""create trigger tally_response_moved after update of team_id, role_group on responses begin
         {_move_counts("-", "old")}
         {_move_counts("", "new")}
         update response_coverage set team_key = coalesce(new.team_id, 0), role_key = coalesce(new.role_group, ''),
           changes = changes + 1 where response_id = new.id;
       end""",
    ANSWER_ADDED,
    f"create trigger tally_answer_removed after delete on answers begin {_remove_answer('old')} end",
    f"""create trigger tally_answer_changed after update of response_id, item_id, value on answers begin
         {_remove_answer("old")} {_add_answer("new")} end""",
]


def install(db) -> None:
    """Create the tables and triggers, and count every answer already stored."""
    for statement in SCHEMA:
        db.execute(statement)
    recount(db)


def register(db, cycle_id: int, bank) -> None:
    """Give each item of the cycle's bank its bit, and say which are counted (all but free
    text). Cheap when already done; storing answers calls it first."""
    known = dict(db.execute("select item_id, counted from tally_items where cycle_id = ?", [cycle_id]).fetchall())
    if len(known) >= len(bank.items) and all(item.id in known for item in bank.items):
        return
    next_bit = len(known)
    for item in bank.items:
        counted = int(item.type != "text")
        if item.id not in known:
            db.execute(
                "insert into tally_items (cycle_id, item_id, bit, counted) values (?, ?, ?, ?)",
                [cycle_id, item.id, next_bit, counted],
            )
            next_bit += 1
        elif known[item.id] and not counted:  # answered before it was registered: stop counting it
            db.execute("update tally_items set counted = 0 where cycle_id = ? and item_id = ?", [cycle_id, item.id])
            for kind in ("team", "role"):
                db.execute(
                    f"delete from answer_counts_by_{kind} where cycle_id = ? and item_id = ?", [cycle_id, item.id]
                )


def recount(db) -> None:
    """Count every stored answer afresh (after the tables were created, or if they drifted)."""
    for table in ("answer_counts_by_team", "answer_counts_by_role", "tally_items", "response_coverage"):
        db.execute(f"delete from {table}")
    db.execute("""insert into response_coverage (response_id, cycle_id, team_key, role_key, answered, changes)
                  select id, cycle_id, coalesce(team_id, 0), coalesce(role_group, ''), 0, 0 from responses""")
    for cycle in list(db.query("select * from cycles where bank_json is not null")):
        register(db, cycle["id"], cycle_bank(cycle))
    _count_responses_after(db, 0)


def _count_responses_after(db, last_counted: int) -> None:
    """Count the answers of every response whose id is above `last_counted` (and whose
    coverage row exists, its answers not yet counted), all in a few statements."""
    first_seen = db.execute(
        """select r.cycle_id, a.item_id, min(a.rowid) from answers a
                               join responses r on r.id = a.response_id where r.id > ?
                               group by r.cycle_id, a.item_id order by r.cycle_id, 3""",
        [last_counted],
    ).fetchall()
    bits = {cycle_id: count for cycle_id, count in db.execute("select cycle_id, count(*) from tally_items group by 1")}
    known = {(cycle_id, item_id) for cycle_id, item_id in db.execute("select cycle_id, item_id from tally_items")}
    for cycle_id, item_id, _ in first_seen:
        if (cycle_id, item_id) not in known:
            db.execute(
                "insert into tally_items (cycle_id, item_id, bit, counted) values (?, ?, ?, 1)",
                [cycle_id, item_id, bits.setdefault(cycle_id, 0)],
            )
            bits[cycle_id] += 1
    for kind, key, value in (
        ("team", "team_key", "coalesce(r.team_id, 0)"),
        ("role", "role_key", "coalesce(r.role_group, '')"),
    ):
        db.execute(
            f"""insert into answer_counts_by_{kind} (cycle_id, {key}, item_id, value, count)
                       select r.cycle_id, {value}, a.item_id, a.value, count(*) from answers a
                       join responses r on r.id = a.response_id
                       join tally_items t on t.cycle_id = r.cycle_id and t.item_id = a.item_id and t.counted
                       where r.id > ? group by 1, 2, 3, 4
                       on conflict (cycle_id, {key}, item_id, value) do update set count = count + excluded.count""",
            [last_counted],
        )
    db.execute(
        f"""update response_coverage set
                     answered = ({_MASK_OF.format(response="response_coverage.response_id")}),
                     changes = changes + (select count(*) from answers a where a.response_id = response_coverage.response_id)
                   where response_id > ?""",
        [last_counted],
    )


@contextlib.contextmanager
def counted_together(db, cycle_id: int):
    """Inside a transaction the caller holds, for writing many new responses of one cycle:
    their answers are counted together at the end instead of one by one by a trigger, and
    each response's step scores kept (score_store).
    Yields count(response_id, team_id, role_group, [(item_id, value), ...]), to be called
    for each response written; the counting follows the trigger's rules exactly."""
    db.conn.execute("insert into tally_counting_together (counting) values (1)")
    written = []
    try:
        yield lambda response_id, team_id, role_group, answers: written.append(
            (response_id, team_id or 0, role_group or "", answers)
        )
    finally:
        # Counted even if the block failed, so the counts match whatever the caller keeps.
        db.conn.execute("delete from tally_counting_together")
        _add_counts(db, cycle_id, written)
        score_store.keep(db, cycle_id, written)


def _add_counts(db, cycle_id: int, written: list) -> None:
    """Count the answers of `written` responses as the trigger would have, one by one.
    Counters add each response's answers in C, so only the masks need a loop per answer."""
    items = {
        item_id: (bit, counted)
        for item_id, bit, counted in db.execute(
            "select item_id, bit, counted from tally_items where cycle_id = ?", [cycle_id]
        )
    }
    by_team: dict = defaultdict(Counter)
    by_role: dict = defaultdict(Counter)
    for _, team_key, role_key, answers in written:
        by_team[team_key].update(answers)
        by_role[role_key].update(answers)
    answered = {item_id for counts in by_team.values() for item_id, _ in counts}
    if not answered <= items.keys():
        _register_unknown(db, cycle_id, items, written)
    bit_values = {item_id: 1 << bit for item_id, (bit, counted) in items.items() if counted and bit < MASK_BITS}
    coverage = []
    for response_id, _, _, answers in written:
        mask = 0
        for item_id, value in answers:
            if value != "dont_know":
                mask |= bit_values.get(item_id, 0)
        # SQLite integers are signed: the 64th bit is the sign.
        coverage.append((mask - (1 << MASK_BITS) if mask >> (MASK_BITS - 1) else mask, len(answers), response_id))
    for kind, key, counts in (("team", "team_key", by_team), ("role", "role_key", by_role)):
        db.conn.executemany(
            f"""insert into answer_counts_by_{kind} (cycle_id, {key}, item_id, value, count) values (?, ?, ?, ?, ?)
                on conflict (cycle_id, {key}, item_id, value) do update set count = count + excluded.count""",
            sorted(
                (cycle_id, group, item_id, value, count)
                for group, tally in counts.items()
                for (item_id, value), count in tally.items()
                if items[item_id][1]
            ),
        )
    db.conn.executemany(
        "update response_coverage set answered = answered | ?, changes = changes + ? where response_id = ?", coverage
    )


def _register_unknown(db, cycle_id: int, items: dict, written: list) -> None:
    """Give items answered but never registered their bits in the order they were first
    answered, as the trigger does; they are counted."""
    for _, _, _, answers in written:
        for item_id, _ in answers:
            if item_id not in items:
                items[item_id] = (len(items), 1)
                db.execute(
                    "insert into tally_items (cycle_id, item_id, bit, counted) values (?, ?, ?, 1)",
                    [cycle_id, item_id, items[item_id][0]],
                )


def read(db, cycle_id: int) -> CycleTallies | None:
    """The cycle's tallies per team and role group; None if its items need more bits than a
    mask holds (the caller then counts the answers themselves)."""
    bits = dict(
        db.execute("select item_id, bit from tally_items where cycle_id = ? and counted", [cycle_id]).fetchall()
    )
    if any(bit >= MASK_BITS for bit in bits.values()):
        return None
    team_cover: dict = {}
    role_cover: dict = {}
    whole = (1 << MASK_BITS) - 1  # SQLite's 64th bit reads as a negative number
    for team_key, role_key, answered, count in db.execute(
        "select team_key, role_key, answered, count(*) from response_coverage where cycle_id = ? "
        "group by team_key, role_key, answered",
        [cycle_id],
    ):
        answered &= whole
        cover = team_cover.get(team_key)
        if cover is None:
            cover = team_cover[team_key] = {}
        cover[answered] = cover.get(answered, 0) + count
        cover = role_cover.get(role_key)
        if cover is None:
            cover = role_cover[role_key] = {}
        cover[answered] = cover.get(answered, 0) + count
    by_team = {key or None: Tally(sum(cover.values()), coverage=cover, bits=bits) for key, cover in team_cover.items()}
    by_role = {key or None: Tally(sum(cover.values()), coverage=cover, bits=bits) for key, cover in role_cover.items()}
    for tallies, kind, key in ((by_team, "team", "team_key"), (by_role, "role", "role_key")):
        # One row per team or role, its counts as JSON: far fewer rows to bring into Python.
        for group, counts in db.execute(
            f"""select {key}, json_group_object(item_id, json(answers)) from (
                  select {key}, item_id, json_group_object(value, count) as answers from answer_counts_by_{kind}
                  where cycle_id = ? and count > 0 group by {key}, item_id)
                group by {key}""",
            [cycle_id],
        ):
            group = group or None
            tally = tallies.get(group)
            if tally is None:
                tally = tallies[group] = Tally(bits=bits)
            tally.counts.update(json.loads(counts))
    return CycleTallies(by_team=by_team, by_role=by_role, bits=bits)


def answers_version(db, cycle_id: int) -> tuple:
    """Changes whenever any response or answer of the cycle is added, removed or changed."""
    return tuple(
        db.execute(
            "select count(*), total(changes), max(response_id) from response_coverage where cycle_id = ?",
            [cycle_id],
        ).fetchone()
    )


def in_step(db, cycle_id: int) -> bool:
    """Whether every response of the cycle is counted (a cheap check before trusting the counts)."""
    responses = db.execute("select count(*) from responses where cycle_id = ?", [cycle_id]).fetchone()[0]
    counted = db.execute("select count(*) from response_coverage where cycle_id = ?", [cycle_id]).fetchone()[0]
    return responses == counted
