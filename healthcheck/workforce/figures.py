"""Stored workforce figures: reading them, correcting one team's by hand, and the
organisation's definitions that travel with them."""

from __future__ import annotations

from healthcheck import cycles
from healthcheck.problems import CycleClosed, Problem
from healthcheck.workforce.values import parse_figure, part_whole_problems

FORM_HINT = "Leave it empty if the figure is not available"
DEFINITION_LIMIT = 1000
DEFINITIONS = (
    ("case_definition", "What counts as one case"),
    ("long_term_absence_definition", "What counts as long-term absence"),
)


def closed_message(cycle: dict) -> str:
    return f"{cycle['name']}'s results are released, so its workforce figures and definitions can no longer change"


def check_editable(cycle: dict) -> None:
    """Figures can change until the results are released (HR figures often arrive after the
    survey closes); the release fixes them with the results."""
    if cycles.figures_locked(cycle):
        raise CycleClosed(closed_message(cycle))


def figures_for(db, cycle_id: int) -> dict[int, dict[str, float]]:
    """Every stored figure of the cycle: {team id: {field key: value}}. A figure that is
    not available has no entry."""
    figures: dict[int, dict[str, float]] = {}
    for row in db.query(
        "select team_id, field, value from workforce_figures where cycle_id = ? order by team_id, field",
        [cycle_id],
    ):
        figures.setdefault(row["team_id"], {})[row["field"]] = row["value"]
    return figures


def team_figures(db, team_id: int) -> dict[str, float]:
    return {
        row["field"]: row["value"]
        for row in db.query("select field, value from workforce_figures where team_id = ?", [team_id])
    }


def write_figures(db, cycle_id: int, team_id: int, values: dict[str, float | None]) -> None:
    """Store each value (None removes the figure). Callers wrap this in db.atomic()."""
    removed = [(team_id, key) for key, value in values.items() if value is None]
    stored = [(cycle_id, team_id, key, float(value)) for key, value in values.items() if value is not None]
    if removed:
        db.conn.executemany("delete from workforce_figures where team_id = ? and field = ?", removed)
    if stored:
        db.conn.executemany(
            "insert into workforce_figures (cycle_id, team_id, field, value) values (?, ?, ?, ?) "
            "on conflict (team_id, field) do update set value = excluded.value",
            stored,
        )


def save_team_figures(db, cycle: dict, team: dict, entries: dict, keep: frozenset[str] = frozenset()) -> dict:
    """Check and store one team's figures as typed into the form.

    `entries` maps field keys to the text typed; an empty box means "not available".
    Fields in `keep` are hidden from the person typing (figures about individuals in a
    small team), so an empty box there keeps what is stored. Returns the stored figures.
    """
    check_editable(cycle)
    bank = cycles.cycle_bank(cycle)
    labels = {field.key: field.label for field in bank.workforce_fields}
    stored = team_figures(db, team["id"])
    values, errors = {}, {}
    for field in bank.workforce_fields:
        raw = entries.get(field.key)
        if field.key in keep and (raw is None or not str(raw).strip()):
            values[field.key] = stored.get(field.key)
            continue
        try:
            values[field.key] = parse_figure(raw, field.unit, hint=FORM_HINT)
        except Problem as error:
            errors[field.key] = f"{field.label}: {error.message}"
    if not errors:
        for key, message in part_whole_problems(values, labels):
            errors[key] = f"{labels[key]}: {message}"
    if errors:
        raise Problem.together(errors)
    with db.atomic():
        write_figures(db, cycle["id"], team["id"], values)
    return team_figures(db, team["id"])


def definitions(cycle: dict) -> list[tuple[str, str]]:
    """(label, text) for each of the organisation's definitions; text is "" when not recorded."""
    return [(label, (cycle.get(key) or "").strip()) for key, label in DEFINITIONS]


def save_definitions(db, cycle: dict, values: dict) -> dict:
    check_editable(cycle)
    row, errors = {}, {}
    for key, label in DEFINITIONS:
        text = (values.get(key) or "").strip()
        if len(text) > DEFINITION_LIMIT:
            errors[key] = f"{label} must be {DEFINITION_LIMIT:,} characters or fewer"
        row[key] = text
    if errors:
        raise Problem.together(errors)
    db["cycles"].update(cycle["id"], row)
    return cycles.get_cycle(db, cycle["slug"])
