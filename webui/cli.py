"""The ``listengine`` console command: the engine's commands plus ``run`` (the web server).

``run`` serves with gunicorn rather than Werkzeug's development server: several worker
processes (SQLite in WAL mode takes readers in every process and one writer at a time),
each with a few threads, and a ``Server`` header without a version ("gunicorn").
"""
from __future__ import annotations

from typing import Any

import click
from flask import Flask
from gunicorn.app.base import BaseApplication

from listengine.cli import cli


class Server(BaseApplication):
    """gunicorn serving :func:`webui.create_app`, configured by ``options`` (gunicorn setting
    names) instead of gunicorn's own command line. Every worker builds its own app, and so
    its own database engine, after the fork."""

    def __init__(self, options: dict[str, Any]):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)
        if "control_socket_disable" in self.cfg.settings:  # gunicorn 25.1 and later
            # Unused here, and one path per user account: two servers would fight over it.
            self.cfg.set("control_socket_disable", True)

    def load(self) -> Flask:
        from . import create_app
        return create_app()


def server_options(host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    address = f"[{host}]" if ":" in host else host  # an IPv6 address
    return {"bind": f"{address}:{port}", "workers": workers, "worker_class": "gthread",
            "threads": threads, "accesslog": "-"}


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (about one per CPU core).")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Threads of each worker.")
def run(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the web UI with gunicorn."""
    Server(server_options(host, port, workers, threads)).run()


def main() -> None:
    cli()
