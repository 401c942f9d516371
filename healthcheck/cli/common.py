"""Helpers every command family shares, so no command module imports another."""

import datetime

import click

from healthcheck import cycles


def fail(message: str):
    """Stop with a plain-English message and exit status 1; nothing has been changed."""
    raise click.ClickException(message)


def cycle_or_fail(db, slug: str) -> dict:
    """The cycle named by `--cycle`, or stop saying there is none by that name."""
    cycle = cycles.get_cycle(db, slug)
    if cycle is None:
        fail(f"--cycle: there is no cycle called {slug!r}. Run 'healthcheck cycles list' to see them.")
    # A command sees the cycle as its dates make it today, as a page does.
    return cycles.open_or_close_by_date(db, cycle, datetime.date.today())
