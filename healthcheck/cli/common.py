"""What every command shares: stopping with a plain-English message."""

import click


def fail(message: str):
    """Stop with a plain-English message and exit status 1; nothing has been changed."""
    raise click.ClickException(message)
