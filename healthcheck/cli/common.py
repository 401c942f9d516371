"""Helpers every command family shares, so no command module imports another."""

import click

from healthcheck import cycles


def fail(message: str):
    """Stop with a plain-English message and exit status 1; nothing has been changed."""
    raise click.ClickException(message)


def cycle_or_fail(db, slug: str, option: str | None = "--cycle") -> dict:
    """The cycle named by `--cycle` (or by a command's SLUG argument, when option is None), or
    stop saying there is none by that name."""
    cycle = cycles.get_cycle(db, slug)
    if cycle is None:
        said = f"there is no cycle called {slug!r}. Run 'healthcheck cycles list' to see them."
        fail(f"{option}: {said}" if option else said[0].upper() + said[1:])
    return cycle
