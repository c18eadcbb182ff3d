"""Generate polling blocks and instance configs from the catalog and templates.

Templates are Jinja2, rendered in a sandbox with ``StrictUndefined``: users
may point ``--templates DIR`` at their own, and those are untrusted input. A
template must render JSON; the result is parsed, so output formatting (JSON
or YAML) is ours, not the template's. Every block is built from the catalog,
so a key can never poll another resource's URL.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..catalog import SAGE200_CREATED_TOLERANCE, Catalog, CatalogResource, load_catalog
from ..findings import Finding, Severity
from ..secrets import INSTANCE_SECRET_KEYS, env_name
from .errors import LintFailed, NotPollable, TemplateFailed, TemplateOutputInvalid, UnknownResource
from .sandbox import make_environment

__all__ = [
    "BlockOptions",
    "Generator",
    "InstanceOptions",
    "check",
    "dump",
    "wrap",
]

BASIC_KEYS = ("event.notification.basic.username", "event.notification.basic.password")
SIGNATURE_KEY = "event.notification.signature.key"


@dataclass(frozen=True)
class BlockOptions:
    """Knobs of one polling block (None leaves the key out: the CE default)."""

    placeholder: str = "gmtDate"
    comparison: str = ">="
    poll_delay: int | None = None
    page_size: int | None = None
    created_check_tolerance: int | None = SAGE200_CREATED_TOLERANCE


@dataclass(frozen=True)
class InstanceOptions:
    """The instance-level values of a whole config."""

    name: str
    company_name: str
    callback_url: str
    interval: int = 15
    tags: tuple[str, ...] = ()
    env_prefix: str = "SAGE200"
    basic_auth: bool = False
    signature: bool = False

    def secrets(self) -> dict[str, str]:
        """Secret config keys -> ``${env:NAME}`` references."""
        keys = list(INSTANCE_SECRET_KEYS)
        keys += list(BASIC_KEYS) if self.basic_auth else []
        keys += [SIGNATURE_KEY] if self.signature else []
        return {key: "${env:" + env_name(key, self.env_prefix) + "}" for key in keys}


class Generator:
    """Renders blocks and configs; one per templates folder."""

    def __init__(self, templates: Path | None = None, catalog: Catalog | None = None) -> None:
        self.catalog = catalog or load_catalog()
        self.env = make_environment(templates)

    def resource(self, name: str) -> CatalogResource:
        """The catalog resource for ``name``; raises with suggestions when unknown."""
        resource = self.catalog.get(name.strip("/"))
        if resource is None:
            raise UnknownResource(name, self.catalog)
        if not resource.pollable:
            raise NotPollable(resource)
        return resource

    def block(self, name: str, options: BlockOptions) -> dict[str, Any]:
        """One polling block for the hub resource ``name``."""
        resource = self.resource(name)
        context = {"hub": "finance", "resource": _resource_vars(resource), **asdict(options)}
        rendered = self._render("resource.json.j2", context)
        if not isinstance(rendered, dict):
            raise TemplateOutputInvalid("resource.json.j2", "must render a JSON object")
        return rendered

    def blocks(self, names: Sequence[str], options: BlockOptions) -> dict[str, dict[str, Any]]:
        """``event.poller.configuration``: resource key -> block, in the order given."""
        return {self.resource(name).hub_path: self.block(name, options) for name in names}

    def pollable(self) -> list[str]:
        """Every catalog resource that can be polled, in catalog order."""
        return [path for path, r in self.catalog.resources.items() if r.pollable]

    def instance(
        self, names: Sequence[str], block: BlockOptions, instance: InstanceOptions
    ) -> dict[str, Any]:
        """A whole instance config polling ``names``."""
        context = {
            "name": instance.name,
            "company_name": instance.company_name,
            "callback_url": instance.callback_url,
            "tags": list(instance.tags),
            "interval": instance.interval,
            "secrets": instance.secrets(),
            "poller": self.blocks(names, block),
        }
        rendered = self._render("instance.json.j2", context)
        if not isinstance(rendered, dict):
            raise TemplateOutputInvalid("instance.json.j2", "must render a JSON object")
        return rendered

    def _render(self, name: str, context: dict[str, Any]) -> Any:
        try:
            text = self.env.get_template(name).render(context)
        except Exception as exc:  # user templates are untrusted: any failure is theirs
            raise TemplateFailed(name, exc) from exc
        try:
            return json.loads(text)
        except ValueError as exc:
            raise TemplateOutputInvalid(name, f"did not render JSON: {exc}") from exc


def wrap(blocks: dict[str, Any]) -> dict[str, Any]:
    """A minimal valid sage200 config around ``blocks``, so they can be linted alone."""
    secrets = InstanceOptions("generated", "generated", "").secrets()
    config = {
        **secrets,
        "company.name": "generated",
        "event.notification.enabled": True,
        "event.notification.callback.url": "https://events.example.com/sage200",
        "event.poller.refresh_interval": 15,
        "event.poller.configuration": blocks,
    }
    return {"element": {"key": "sage200"}, "name": "generated", "configuration": config}


def check(config: dict[str, Any]) -> list[Finding]:
    """Lint a generated config; raises ``LintFailed`` on errors, returns the rest."""
    from ..lint import lint_data

    findings = lint_data(config, path="<generated>")
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise LintFailed(errors)
    return findings


def _resource_vars(resource: CatalogResource) -> dict[str, Any]:
    data = asdict(resource)
    data["fields"] = sorted(resource.fields)
    return data


def dump(data: Any, fmt: str) -> str:
    """``data`` as JSON (2-space indent) or block YAML, ending in a newline."""
    if fmt == "yaml":
        import yaml

        text: str = yaml.safe_dump(
            data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1 << 30
        )
        return text
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
