"""The one place that locates bundled data: ``schemas/`` and ``templates/``.

Both folders ship inside the wheel as ``sage200cfg.schemas`` and
``sage200cfg.templates``; an editable install maps them to the repo folders.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

__all__ = ["load_schema", "schema_text", "templates_dir"]


def _data_dir(name: str) -> Traversable:
    try:
        return files(f"sage200cfg.{name}")
    except ModuleNotFoundError:
        # An editable install cannot map a folder without ``__init__.py``;
        # there the data sits beside ``compiler/`` in the checkout.
        return files("sage200cfg").joinpath("..", name)


def _schemas() -> Traversable:
    return _data_dir("schemas")


def templates_dir() -> Traversable:
    """The bundled Jinja2 templates folder."""
    return _data_dir("templates")


def schema_text(name: str) -> str:
    """The raw text of a bundled schema, e.g. ``instance.schema.json``."""
    return _schemas().joinpath(name).read_text(encoding="utf-8")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A bundled schema, parsed once per process."""
    data: dict[str, Any] = json.loads(schema_text(name))
    return data
