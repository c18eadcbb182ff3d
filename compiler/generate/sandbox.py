"""The Jinja2 environment for templates, including untrusted user templates.

``SandboxedEnvironment`` already refuses ``__class__``/``__globals__`` and
friends and bounds ``range``. It does not bound ``'x' * 10**10``, so ``*`` and
``**`` are intercepted here and refused when the result would be huge.
``StrictUndefined`` turns a misspelt variable into an error, never an empty
string in a config.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, FunctionLoader, StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from ..resources import templates_dir

__all__ = ["MAX_SIZE", "make_environment"]

MAX_SIZE = 100_000  #: longest string/list a template may build with * or **


class _Sandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int | float) and abs(right) > 64:
                raise SecurityError("exponent too large")
            return left**right
        for seq, count in ((left, right), (right, left)):
            sized = isinstance(seq, str | list | tuple) and isinstance(count, int)
            if sized and len(seq) * count > MAX_SIZE:
                raise SecurityError(f"result longer than {MAX_SIZE}")
        return left * right


def _bundled(name: str) -> str | None:
    # split_template_path refuses ".." so an include cannot climb out of the folder.
    path = templates_dir()
    for piece in split_template_path(name):
        path = path.joinpath(piece)
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _to_json(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent)


def make_environment(user_dir: Path | None = None) -> SandboxedEnvironment:
    """A sandbox that reads ``user_dir`` first, then the bundled templates."""
    loaders: list[FileSystemLoader | FunctionLoader] = []
    if user_dir is not None:
        loaders.append(FileSystemLoader(str(user_dir)))
    loaders.append(FunctionLoader(_bundled))
    env = _Sandbox(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,  # output is JSON, escaped by the json filter
        keep_trailing_newline=True,
    )
    json_filter: Callable[..., str] = _to_json
    env.filters["json"] = json_filter
    return env
