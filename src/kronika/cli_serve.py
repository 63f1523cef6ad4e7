"""`kronika serve`: the API and dashboard for one store, on uvicorn."""

from __future__ import annotations

import sys
from typing import Any

import click

DEFAULT_PORT = 8000


def _fail(message: str) -> None:
    click.echo(f"kronika: {message}", err=True)
    sys.exit(2)


@click.command()
@click.option(
    "--db",
    envvar="KRONIKA_DB",
    default="kronika.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The store file [env: KRONIKA_DB].",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but 127.0.0.1 exposes the store to the network.",
)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="A host name clients may use besides IP addresses, localhost and --host (a request"
    " for any other name gets 400, which stops DNS-rebinding pages); repeatable.",
)
@click.option(
    "--token",
    envvar="KRONIKA_TOKEN",
    help="Enables POST /api/documents for clients that send it as a Bearer token "
    "[env: KRONIKA_TOKEN]. Without it the server is read-only.",
)
def serve(db: str, host: str, port: int, allow_hosts: tuple[str, ...], token: str | None) -> None:
    """Serve the JSON API (/api, schema at /openapi.json) and the dashboard for a store."""
    try:
        import uvicorn

        from .web import create_app
    except ImportError as exc:
        _fail(f"the server needs the web extra: pip install 'kronika[web]' ({exc})")
    from .store import StoreError

    try:
        app = create_app(db, token=token, hosts=[host, *allow_hosts])
    except StoreError as exc:
        _fail(str(exc))
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"kronika: serving {db} at http://{shown}:{port}/ (Ctrl-C stops)", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"kronika: warning: listening on {host}, reachable from the network", err=True)
    click.echo(
        f"kronika: writes {'need the token' if token else 'disabled (no --token)'}", err=True
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def register_serve_command(cli: Any) -> None:
    cli.add_command(serve)
