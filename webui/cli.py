"""The ``listengine`` console command: the engine's commands plus ``run`` (the web server)."""
from __future__ import annotations

import click

from listengine.cli import cli


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def run(host: str, port: int) -> None:
    """Serve the web UI (Flask's threaded server; use gunicorn "webui:create_app()" in production)."""
    from . import create_app
    create_app().run(host=host, port=port, debug=False, threaded=True)


def main() -> None:
    cli()
