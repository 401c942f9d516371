"""The demo has action plans to explore: last year's, and this year's with the unfinished ones carried over."""

import datetime

from healthcheck import cycles
from healthcheck.actions import plan as actions
from healthcheck.demo.seed import seed_demo


def test_demo_seeds_action_plans_and_carries_unfinished_actions_over(db):
    seed_demo(db, seed=1)
    year = datetime.date.today().year
    last, this = cycles.get_cycle(db, f"health-check-{year - 1}"), cycles.get_cycle(db, f"health-check-{year}")
    last_plan = actions.list_actions(db, last["id"])
    this_plan = actions.list_actions(db, this["id"])
    unfinished = [action for action in last_plan if action["status"] not in actions.FINISHED]
    assert len(last_plan) == 4 and len(unfinished) == 2
    carried = [action for action in this_plan if action["carried_from"]]
    assert sorted(action["carried_from"] for action in carried) == sorted(action["id"] for action in unfinished)
    assert all(action["latest_note"].startswith("Carried over from") for action in carried)
    seed_demo(db, seed=1)
    assert len(actions.list_actions(db, this["id"])) == len(this_plan)
