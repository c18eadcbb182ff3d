"""Tell instance configs from the other JSON and YAML a config repo keeps.

``lint .`` in a repo finds more than configs: the plan ``compile`` wrote,
``package.json``, CI workflows, ``.pre-commit-config.yaml``. Linting them
as instance configs only buries the real findings under S101s, so they are
skipped (``lint -v`` says which and why). A document counts as a config when
it has ``element`` or ``configuration``, or a top-level key close enough to
one of them to be a typo, or mostly keys an instance config may have: a config
cut short to ``name:`` is still one, and so is one whose damage left ``name``
and ``tags`` beside a mangled key, a typo of one (``oame:``) or a key cut to
nothing (``'':``). So a broken config is still linted; a file skipped is listed
with ``lint -v``.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from typing import Any

__all__ = ["not_a_config"]

_CONFIG_KEYS = ("element", "configuration")
#: The other top-level keys of instance.schema.json; a document with only these
#: is a config that lost its element and configuration, not some other file.
_INSTANCE_KEYS = frozenset({"$schema", "description", "eventsEnabled", "id", "name",
                            "providerData", "tags"})


def _is_plan(data: dict[Any, Any]) -> bool:
    return "version" in data and "instances" in data and "hash" in data


def not_a_config(data: Any) -> str | None:
    """Why ``data`` is not an instance config, or None when it is (or may be) one."""
    if not isinstance(data, dict) or not data:
        return None  # the schema reports a list or an empty object
    if _is_plan(data):
        return "a compiled sage200cfg plan"
    for key in data:
        if not isinstance(key, str):
            continue
        if _like(key, _CONFIG_KEYS):
            return None
    if 2 * sum(_instance_key(key) for key in data) > len(data):
        return None
    return "not an instance config (no `element` or `configuration`)"


def _instance_key(key: Any) -> bool:
    """An instance config's key, a typo of one, or a key cut to nothing."""
    return isinstance(key, str) and (not key or _like(key, _INSTANCE_KEYS))


def _like(key: str, keys: Collection[str]) -> bool:
    """``key`` is one of ``keys``, or close enough to one to be a typo."""
    return key in keys or bool(difflib.get_close_matches(key.lower(), keys, 1, 0.75))
