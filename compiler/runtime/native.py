"""Build the native Sage 200 transport of a run from its auth file and environment.

The plan carries no native data: the auth file's profile (written by
``sage200cfg auth login|import --config``) names the client id and secret
variables, the token URL and each instance's ``company.name``. Everything is
checked here, before anything is polled: variables, companies, each
resource's native form, the token, and the site of each company.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..plan.model import Plan
from .auth.dbstore import DbTokenStore, token_key
from .auth.filestore import FileTokenStore
from .auth.oauth import SageIdClient
from .auth.session import AccessTokens
from .auth.tokens import TokenStore
from .errors import ApiError, MissingSecret, RetryableApiError, SetupError
from .http.client import HttpClient
from .http.urls import check_url
from .transports.base import ApiRetry
from .transports.native_query import native_query
from .transports.sage200 import Sage200Transport

if TYPE_CHECKING:  # psycopg is imported only when a PostgreSQL state is used
    from .store.postgres import PostgresStore

__all__ = ["native_secrets", "native_transport"]

log = logging.getLogger("sage200cfg.run")


def native_secrets(auth_file: Path, env: Mapping[str, str]) -> list[str]:
    """The client id and secret values, for the run's redactor."""
    profile = FileTokenStore(auth_file).profile()
    names = [profile.client_id_env, profile.client_secret_env]
    return [env[n] for n in names if n and n in env]


def native_transport(
    plan: Plan, auth_file: Path, api_url: str, token_url: str | None, client: HttpClient,
    retry: ApiRetry, on_login_required: Callable[[str], None], env: Mapping[str, str],
    allow_http: bool, shared: PostgresStore | None = None,
) -> Sage200Transport:
    """A ready transport; raises SetupError (AuthError, MissingSecret, …) when it cannot run.

    With a ``shared`` (PostgreSQL) state the refresh token moves into the
    database, seeded from the auth file, so a fleet's workers rotate one token.
    """
    file_store = FileTokenStore(auth_file)
    store: TokenStore = file_store
    profile = file_store.profile()
    missing = [n for n in (profile.client_id_env, profile.client_secret_env)
               if n and n not in env]
    if missing:
        raise MissingSecret("environment variables for the Sage ID client are not set: "
                            + ", ".join(missing))
    url = token_url or profile.token_url
    check_url(url, "--token-url", allow_http)
    secret = env[profile.client_secret_env] if profile.client_secret_env else None
    oauth = SageIdClient(client, url, env[profile.client_id_env], secret)
    if shared is not None:
        key = token_key(url, env[profile.client_id_env])
        store = DbTokenStore(shared, key, file_store.load())
    companies: dict[str, str] = {}
    for instance in plan.instances:
        if instance.name not in profile.companies:
            raise SetupError(
                f"auth file {auth_file} records no company for instance {instance.name!r} "
                f"(it has: {', '.join(sorted(profile.companies)) or 'none'}); run "
                "`sage200cfg auth login --config CONFIG` with that instance's config"
            )
        companies[instance.name] = profile.companies[instance.name]
        for resource in instance.resources:
            native_query(resource)  # refuses what has no native form, before any request
    transport = Sage200Transport(client, api_url, AccessTokens(store, oauth), retry,
                                 on_login_required)
    try:
        transport.resolve_sites(companies)
    except RetryableApiError as exc:  # busy, not wrong: each instance's first poll retries
        log.warning("GET /sites failed for now (%s); polls will ask again", exc)
    except ApiError as exc:
        raise SetupError(f"GET /sites failed: {exc}") from None
    return transport
