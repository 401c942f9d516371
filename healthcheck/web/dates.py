"""Real dates on every request: before a page is made, each cycle whose opening or closing
date has come is opened or closed (no background job), and templates can show the dates
that actually happened."""

import datetime

from flask import request

from healthcheck import cycles
from healthcheck.db import get_db


def init_app(app) -> None:
    app.before_request(bring_cycles_up_to_date)
    app.add_template_global(cycles.survey_period, "survey_period")
    app.add_template_global(cycles.opened_on, "opened_on")
    app.add_template_global(cycles.closed_on, "closed_on")
    app.add_template_global(cycles.figures_locked, "figures_locked")


def bring_cycles_up_to_date() -> None:
    if request.endpoint in (None, "static", "pages.healthz"):
        return
    cycles.apply_dates(get_db(), datetime.date.today())
