"""The action plan's rules: references, who changed what, notes, overdue and carry-over."""

import datetime

import pytest

from healthcheck.actions import plan as actions
from healthcheck.problems import Problem

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def values(**changes):
    base = {
        "standard": 5,
        "step": 8,
        "finding": "Practitioners score supervision frequency 38 (Low)",
        "action": "Book monthly supervision for every practitioner",
        "owner": "Head of Service, Adults",
        "lead": "Team managers",
        "target_date": TODAY + 60 * DAY,
        "status": "Not started",
        "progress": "On track",
    }
    base.update(changes)
    return base


def test_actions_are_numbered_per_cycle(db, make_cycle):
    first = make_cycle(slug="health-check-2025", status="open")
    second = make_cycle(slug="health-check-2026", status="open")
    assert actions.create_action(db, first, values(), "psw@council.example")["reference"] == "A-001"
    assert actions.create_action(db, first, values(), "psw@council.example")["reference"] == "A-002"
    assert actions.create_action(db, second, values(), "psw@council.example")["reference"] == "A-001"


def test_a_new_action_records_who_made_it_and_its_first_note(db, make_cycle):
    cycle = make_cycle(status="open")
    action = actions.create_action(db, cycle, values(), "psw@council.example", note="Agreed at steering group")
    assert action["updated_by"] == "psw@council.example"
    assert action["updated_on"][:10] == TODAY.isoformat()
    assert action["target_date"] == (TODAY + 60 * DAY).isoformat()
    assert [note["text"] for note in actions.notes_for(db, action["id"])] == ["Agreed at steering group"]


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"standard": 9}, "standard", "Choose the standard the action answers"),
        ({"step": 1}, "step", "Step 1 belongs to standard 2, not standard 5"),
        ({"step": 40}, "step", "There is no step 40"),
        ({"action": "  "}, "action", "Enter the action"),
        ({"owner": ""}, "owner", "Enter the owner, a name or a role"),
        ({"target_date": "2027-02-30"}, "target_date", "Target date must be a real date"),
        ({"target_date": None}, "target_date", "Enter the target date"),
        ({"status": "Done"}, "status", "Status must be one of: Not started, In progress, Complete, Cancelled"),
        ({"progress": "Fine"}, "progress", "Progress must be one of: On track, At risk, Off track"),
        ({"finding": "x" * 4001}, "finding", "Finding must be 4,000 characters or fewer"),
    ],
)
def test_bad_actions_are_refused_naming_the_field(db, make_cycle, changes, field, message):
    cycle = make_cycle(status="open")
    with pytest.raises(Problem) as error:
        actions.create_action(db, cycle, values(**changes), "psw")
    assert error.value.field == field
    assert error.value.message.startswith(message)
    assert actions.list_actions(db, cycle["id"]) == []


def test_saving_without_a_change_keeps_who_last_changed_it(db, make_cycle):
    cycle = make_cycle(status="open")
    action = actions.create_action(db, cycle, values(), "psw@council.example")
    same = actions.update_action(db, action, values(), "admin@council.example")
    assert same["updated_by"] == "psw@council.example"
    changed = actions.update_action(db, action, values(status="In progress"), "admin@council.example")
    assert changed["updated_by"] == "admin@council.example"
    assert changed["status"] == "In progress"


def test_a_note_is_dated_and_marks_the_action_changed(db, make_cycle):
    cycle = make_cycle(status="open")
    action = actions.create_action(db, cycle, values(), "psw@council.example")
    actions.add_note(db, action, "First", "admin@council.example", noted_on=TODAY - 3 * DAY)
    actions.add_note(db, action, "Second", "admin@council.example")
    notes = actions.notes_for(db, action["id"])
    assert [(note["text"], note["noted_on"]) for note in notes] == [
        ("Second", TODAY.isoformat()),
        ("First", (TODAY - 3 * DAY).isoformat()),
    ]
    assert actions.get_action(db, action["id"])["updated_by"] == "admin@council.example"
    assert actions.list_actions(db, cycle["id"])[0]["latest_note"] == "Second"
    with pytest.raises(Problem, match="Enter the progress note"):
        actions.add_note(db, action, "   ", "psw")


def test_overdue_is_worked_out_from_the_target_date_and_status(db, make_cycle):
    cycle = make_cycle(status="open")
    late = actions.create_action(db, cycle, values(target_date=TODAY - DAY, status="In progress"), "psw")
    actions.create_action(db, cycle, values(target_date=TODAY - DAY, status="Complete"), "psw")
    actions.create_action(db, cycle, values(target_date=TODAY - DAY, status="Cancelled"), "psw")
    actions.create_action(db, cycle, values(target_date=TODAY, status="Not started"), "psw")
    assert "overdue" not in db["actions"].columns_dict
    assert [a["reference"] for a in actions.list_actions(db, cycle["id"], overdue=True)] == [late["reference"]]
    # tomorrow, the action due today is overdue too: nothing stored has to change
    tomorrow = actions.list_actions(db, cycle["id"], overdue=True, today=TODAY + DAY)
    assert [a["reference"] for a in tomorrow] == ["A-001", "A-004"]


def test_list_filters_by_standard_and_status(db, make_cycle):
    cycle = make_cycle(status="open")
    actions.create_action(db, cycle, values(standard=5, status="In progress"), "psw")
    actions.create_action(db, cycle, values(standard=3, step=None, status="In progress"), "psw")
    actions.create_action(db, cycle, values(standard=3, step=None, status="Complete"), "psw")
    assert [a["reference"] for a in actions.list_actions(db, cycle["id"], standard=3)] == ["A-002", "A-003"]
    assert [a["reference"] for a in actions.list_actions(db, cycle["id"], standard=3, status="In progress")] == [
        "A-002"
    ]
    assert len(actions.list_actions(db, cycle["id"])) == 3


def test_unfinished_actions_carry_over_with_their_history(db, make_cycle):
    last_year = make_cycle(slug="health-check-2025", status="closed", name="Health check 2025")
    this_year = make_cycle(slug="health-check-2026", status="open")
    actions.create_action(db, this_year, values(action="Already in this year's plan"), "psw")
    unfinished = actions.create_action(db, last_year, values(status="In progress", progress="At risk"), "psw")
    actions.add_note(db, unfinished, "Half the teams have monthly supervision", "psw", noted_on=TODAY - 100 * DAY)
    actions.create_action(db, last_year, values(status="Complete"), "psw")
    actions.create_action(db, last_year, values(status="Cancelled"), "psw")

    carried = actions.carry_over(db, last_year, this_year, "admin@council.example")

    assert len(carried) == 1
    copy = carried[0]
    assert copy["reference"] == "A-002"
    assert copy["carried_from"] == unfinished["id"]
    assert (copy["status"], copy["progress"], copy["action"]) == ("In progress", "At risk", unfinished["action"])
    notes = actions.notes_for(db, copy["id"])
    assert notes[-1]["text"] == "Half the teams have monthly supervision"
    assert notes[-1]["noted_on"] == (TODAY - 100 * DAY).isoformat()
    assert notes[0]["text"] == "Carried over from Health check 2025 (action A-001), not finished."
    assert actions.carried_from(db, copy)["cycle_slug"] == "health-check-2025"
    # the original and its notes stay as they were
    assert len(actions.notes_for(db, unfinished["id"])) == 1
    # nothing is carried twice
    assert actions.carry_over(db, last_year, this_year, "psw") == []
    assert len(actions.list_actions(db, this_year["id"])) == 2


def test_an_action_can_be_for_a_team_or_a_service_area_of_its_cycle(db, make_cycle):
    cycle = make_cycle(status="open")
    north = db.execute("select id from teams where cycle_id = ? and name = 'Locality North'", [cycle["id"]]).fetchone()[
        0
    ]
    assert actions.group_choices(db, cycle["id"]) == [
        ("area:Adults", "Adults (service area)"),
        ("area:Children", "Children (service area)"),
        (f"team:{north + 1}", "Front Door"),
        (f"team:{north}", "Locality North"),
    ]
    for_team = actions.create_action(db, cycle, values(for_group=f"team:{north}"), "psw")
    assert (for_team["team_id"], for_team["service_area"]) == (north, None)
    assert actions.group_label(db, for_team) == "Locality North"
    changed = actions.update_action(db, for_team, values(for_group="area:Children"), "psw")
    assert (changed["team_id"], changed["service_area"]) == (None, "Children")
    # not giving it leaves it as it is; an empty choice is the whole organisation
    assert actions.update_action(db, changed, values(), "psw")["service_area"] == "Children"
    whole = actions.update_action(db, changed, values(for_group=""), "psw")
    assert (whole["team_id"], whole["service_area"], actions.group_label(db, whole)) == (None, None, None)
    assert actions.list_actions(db, cycle["id"])[0]["for_group"] is None


@pytest.mark.parametrize("given", ["team:999999", "area:Nowhere", "Locality North", "team:x"])
def test_an_action_for_a_group_outside_its_cycle_is_refused(db, make_cycle, given):
    cycle = make_cycle(status="open")
    with pytest.raises(Problem) as raised:
        actions.create_action(db, cycle, values(for_group=given), "psw")
    assert raised.value.field == "for_group"
    assert "Choose a team or service area of this cycle" in raised.value.message
    assert db["actions"].count == 0


def test_a_carried_over_action_stays_with_the_same_team(db, make_cycle):
    last_year = make_cycle(slug="health-check-2025", status="closed", name="Health check 2025")
    this_year = make_cycle(slug="health-check-2026", status="open")
    team = {row[0]: row[1] for row in db.execute("select cycle_id, id from teams where name = 'Front Door'").fetchall()}
    actions.create_action(db, last_year, values(for_group=f"team:{team[last_year['id']]}"), "psw")
    actions.create_action(db, last_year, values(for_group="area:Adults", action="For the adults' teams"), "psw")
    carried = actions.carry_over(db, last_year, this_year, "psw")
    assert [(row["team_id"], row["service_area"]) for row in carried] == [
        (team[this_year["id"]], None),
        (None, "Adults"),
    ]
