"""What ``compile`` and ``run`` read from the environment for a config: ``init``'s hints.

``compile`` reads no variable: a secret stays a ``${env:NAME}`` reference in
the plan. ``run`` reads the hub's base URL and Authorization header, and the
delivery secrets the plan references. The instance's own credentials
(``oauth.api.key`` and the like) are Cloud Elements' and ``run`` never reads
them. The list comes from compiling the config, so it is what ``run`` will
ask for, not a guess.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..load.documents import load_text
from ..secrets import ENV_REF, INSTANCE_SECRET_KEYS
from .pipeline import compile_documents

__all__ = ["RUN_VARIABLES", "environment_hints", "run_reads"]

#: read by every ``run`` (``--base-url`` and ``--auth-header`` stand in for them)
RUN_VARIABLES = (
    ("SAGE200CFG_BASE_URL", "the hub API base URL (or run --base-url)"),
    ("SAGE200CFG_AUTHORIZATION", "the hub's Authorization header (or run --auth-header)"),
)


def run_reads(config: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(variable, what it holds) for every variable ``run`` reads for this config."""
    doc = load_text("<config>", json.dumps(config), "json")
    plan = compile_documents([doc]).plan
    found = dict(RUN_VARIABLES)
    for instance in plan.instances:
        for ref in instance.delivery.secrets():
            found.setdefault(ref.env, f"a delivery secret of instance {instance.name}")
    return list(found.items())


def _not_read(config: Mapping[str, Any]) -> list[str]:
    settings = config.get("configuration") or {}
    names = []
    for key in INSTANCE_SECRET_KEYS:
        match = ENV_REF.fullmatch(str(settings.get(key, "")))
        if match is not None:
            names.append(match[1])
    return names


def environment_hints(config: Mapping[str, Any]) -> str:
    """The lines ``init`` prints: exactly what compile and run will read."""
    reads = run_reads(config)
    width = max(len(name) for name, _ in reads)
    lines = ["compile reads no environment variables; run reads:"]
    lines += [f"  export {name:<{width}}  # {what}" for name, what in reads]
    if cloud := _not_read(config):
        lines.append("referenced for Cloud Elements only (run does not read): " + ", ".join(cloud))
    return "\n".join(lines) + "\n"
