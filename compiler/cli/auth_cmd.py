"""``sage200cfg auth login|import|status``: the Sage ID tokens of the native transport."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from ._app import app

if TYPE_CHECKING:
    from ..runtime.auth.filestore import AuthProfile

auth_app = typer.Typer(help="Sign in to Sage ID for `run --transport sage200`.",
                       no_args_is_help=True)
app.add_typer(auth_app, name="auth")

AUTHORIZE_URL = "https://id.sage.com/authorize?audience=s200ukipd/sage200"
TOKEN_URL = "https://id.sage.com/oauth/token"

_AuthFile = Annotated[str, typer.Option("--auth-file", help="Where the tokens are kept (0600).")]
_Config = Annotated[str, typer.Option("--config", help="The instance config (client, company).")]
_TokenUrl = Annotated[str, typer.Option("--token-url", help="Sage ID token endpoint.")]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@auth_app.command("login")
def login_command(
    config: _Config, auth_file: _AuthFile,
    authorize_url: Annotated[str, typer.Option("--authorize-url",
                                               help="Sage ID authorize endpoint.")] = AUTHORIZE_URL,
    token_url: _TokenUrl = TOKEN_URL,
    port: Annotated[int, typer.Option("--port", min=0, max=65535,
                                      help="Loopback port for the redirect (0: any).")] = 0,
    timeout: Annotated[float, typer.Option("--timeout", min=1,
                                           help="Seconds to wait for the redirect.")] = 300,
    allow_http: Annotated[bool, typer.Option("--allow-http",
                                             help="Allow plain http to non-loopback hosts.")
                          ] = False,
) -> None:
    """Sign in with the authorization-code flow (PKCE, loopback redirect); store the tokens.

    Prints the URL to open, waits for the redirect to http://127.0.0.1:PORT/callback,
    exchanges the code and writes the auth file. Exit 0 signed in, 2 refused or bad input.
    """
    from ..runtime.auth.manage import login_to_file

    def announce(url: str) -> None:
        typer.echo(f"Open this URL to sign in to Sage ID:\n{url}", err=True)

    _run(lambda: login_to_file(_profile(config, token_url), auth_file, authorize_url, port,
                               timeout, allow_http, announce))
    typer.echo(f"signed in; tokens stored in {auth_file}")


@auth_app.command("import")
def import_command(
    auth_file: _AuthFile,
    config: Annotated[str | None, typer.Option(
        "--config", help="The instance config (client, company); needed for a new auth file.")
    ] = None,
    token_url: _TokenUrl = TOKEN_URL,
) -> None:
    """Store a refresh token read from stdin (never argv), for headless hosts.

    Exit 0 stored, 2 no token on stdin or bad input.
    """
    import sys

    from ..runtime.auth.manage import import_to_file

    token = sys.stdin.readline().strip()
    if not token:
        raise _fail("no refresh token on stdin")
    _run(lambda: import_to_file(_profile(config, token_url) if config else None, auth_file,
                                token))
    typer.echo(f"refresh token stored in {auth_file}; the first run refreshes it")


@auth_app.command("status")
def status_command(auth_file: _AuthFile) -> None:
    """What the auth file holds and when the access token expires (never the tokens)."""
    from ..runtime.auth.manage import describe

    lines: list[str] = []
    _run(lambda: lines.extend(describe(auth_file)))
    typer.echo("\n".join(lines))


def _profile(config: str, token_url: str) -> AuthProfile:
    """The auth file's profile from an instance config; exit 2 when it cannot say."""
    from ..compile.sage_id import ConfigError, read_sage_id_config
    from ..runtime.auth.filestore import AuthProfile

    try:
        found = read_sage_id_config(config)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    return AuthProfile(token_url, found.client_id_env, found.client_secret_env,
                       {found.instance: found.company})


def _run(action: Callable[[], object]) -> None:
    from ..runtime.errors import RuntimeFailure

    try:
        action()
    except RuntimeFailure as exc:
        raise _fail(str(exc)) from None
