"""``resvcs serve``: the web app for the meeting."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("serve")
@click.argument("path", required=False, type=click.Path(file_okay=False), default=".")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="The port."
)
@click.option("--public-read", is_flag=True, help="Anyone may read; writing still needs a login.")
@click.option(
    "--sync",
    "remote",
    metavar="REMOTE",
    help="Exchange with this git remote after each action and every --sync-every seconds.",
)
@click.option(
    "--sync-every",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=1),
    help="Seconds between exchanges with --sync REMOTE.",
)
@click.option(
    "--secure-cookies",
    is_flag=True,
    help="Mark the session cookie Secure (when a TLS reverse proxy serves the app).",
)
def serve(
    path: str,
    host: str,
    port: int,
    public_read: bool,
    remote: str | None,
    sync_every: float,
    secure_cookies: bool,
) -> None:
    """Serve the repository as a web app for the meeting: text, amendments, review.

    People sign in with the accounts of 'resvcs user'. The app listens on
    127.0.0.1 unless --host says otherwise; put it behind a TLS reverse proxy
    to serve it to a network (README).

    \b
    Example:
      resvcs serve council --port 8000 --public-read
    """
    import logging

    import uvicorn

    from ..repository import Repository
    from ..sync import check_remote_name
    from ..web.app import create_app
    from ..web.site import Settings

    root = Path(path)
    with Repository.open(root) as repo:
        root = repo.root
        if remote is not None:
            check_remote_name(remote)
            if remote not in repo.store.remote_names():
                from ..errors import InputError

                raise InputError(
                    f"There is no git remote {remote!r}. Add it with 'git remote add {remote} URL'"
                )
    settings = Settings(
        root=root,
        public_read=public_read,
        remote=remote,
        sync_every=sync_every,
        secure_cookies=secure_cookies,
    )
    app = create_app(settings)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="info",
        timeout_graceful_shutdown=2,
        # Browsers and clients keep a connection between requests; on a busy machine
        # five seconds (uvicorn's default) closes it under a request being sent.
        timeout_keep_alive=30,
        server_header=False,
    )
    server = uvicorn.Server(config)
    # The requests are answered on one thread while the library's work runs on others:
    # a shorter turn for each thread lets that one get back to them sooner.
    sys.setswitchinterval(0.001)
    click.echo(f"Serving {root} (press Ctrl+C to stop).")
    server.run()
