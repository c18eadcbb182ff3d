"""What ``demo --api sage200`` needs beside the hub demo: native resources and an auth file."""

from __future__ import annotations

import os
from pathlib import Path

from ...catalog import load_catalog
from ..auth.filestore import AuthProfile, FileTokenStore
from ..auth.tokens import Tokens
from .app import Simulator
from .native import SITES
from .plans import SAMPLE_RESOURCES
from .sageid import CLIENT_ID, CLIENT_SECRET

__all__ = ["ID_ENV", "SECRET_ENV", "demo_auth_file", "native_sample_resources"]

ID_ENV, SECRET_ENV = "SAGE200CFG_DEMO_CLIENT_ID", "SAGE200CFG_DEMO_CLIENT_SECRET"


def native_sample_resources() -> tuple[str, ...]:
    """The sample plan's resources that Sage 200 itself lists (not the POST-only ones)."""
    catalog = load_catalog()
    return tuple(r for r in SAMPLE_RESOURCES
                 if (meta := catalog.get(r)) is not None and meta.pollable_natively)


def demo_auth_file(sim: Simulator, folder: Path, instance: str) -> Path:
    """An auth file signed in to the simulator's Sage ID, and the client in the environment."""
    os.environ.setdefault(ID_ENV, CLIENT_ID)
    os.environ.setdefault(SECRET_ENV, CLIENT_SECRET)
    path = folder / "sage-auth.json"
    profile = AuthProfile(sim.token_url, ID_ENV, SECRET_ENV,
                          {instance: str(SITES[0]["company_name"])})
    FileTokenStore(path).create(profile, Tokens(sim.sage_id.issue_refresh_token()))
    return path
