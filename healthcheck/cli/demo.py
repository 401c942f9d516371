"""`healthcheck demo`: seed the fictional council once and serve it on localhost."""

import os

import click
from flask import current_app

from healthcheck import accounts
from healthcheck.db import get_db
from healthcheck.demo.council import ORGANISATION
from healthcheck.demo.seed import seed_demo


@click.command("demo")
@click.option("--no-serve", is_flag=True, help="Only seed the data; do not start the server.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--seed", default=1, show_default=True, type=int, help="Random seed for the synthetic answers.")
def demo_command(no_serve, host, port, seed):
    """Seed a fictional council with two cycles and serve it on localhost."""
    from flask import Flask

    from healthcheck import create_app

    # The demo keeps to its own file so it never mixes with a real organisation's data.
    if not os.environ.get("HEALTHCHECK_DATABASE"):
        instance = Flask("healthcheck", instance_relative_config=True).instance_path
        os.environ["HEALTHCHECK_DATABASE"] = os.path.join(instance, "demo.sqlite")
    app = create_app()
    with app.app_context():
        result = seed_demo(get_db(), seed=seed)
        database = current_app.config["DATABASE"]
    base = f"http://{host}:{port}"
    click.echo(f"{ORGANISATION} demo {'seeded' if result['created'] else 'already seeded'} in {database}")
    for note in result["notes"]:
        click.echo(note)
    click.echo(f"Sign in at {base}/sign-in with:")
    for role, email, password in result["accounts"]:
        click.echo(f"  {accounts.ROLES[role]:<28} {email:<28} {password}")
    click.echo(f"Survey link: {base}/survey/{result['open_cycle']}")
    if no_serve:
        return
    from healthcheck.web.server import serve

    click.echo("Press Ctrl+C to stop.")
    serve(app, host=host, port=port, workers=2)
