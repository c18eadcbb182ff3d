"""``generate --into FILE``: add polling blocks to an existing config, in place.

The blocks are spliced in with ``edit`` (every other byte, comment and key
order survives), the result is linted before anything is written, and the
write is atomic: a failure at any step leaves the file exactly as it was.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..atomic import write_text
from ..edit.splice import EditError, apply_edits
from ..findings import Edit, Finding, Severity
from ..pointer import join
from .errors import IntoRefused, LintFailed

__all__ = ["add_blocks", "add_blocks_to_file"]

POLLER = join("/configuration", "event.poller.configuration")


def _format(path: Path) -> str:
    return "yaml" if path.suffix.lower() in (".yaml", ".yml") else "json"


def _parse(text: str, fmt: str) -> Any:
    from ..edit.value_text import load_yaml

    try:
        return json.loads(text) if fmt == "json" else load_yaml(text)
    except Exception as exc:  # any parser error: refuse, do not guess
        raise IntoRefused(f"cannot parse the file: {exc}") from exc


def _poller(data: Any) -> Mapping[str, Any] | None:
    config = data.get("configuration") if isinstance(data, dict) else None
    if not isinstance(config, dict):
        raise IntoRefused("the file has no 'configuration' object; use 'sage200cfg init'")
    poller = config.get("event.poller.configuration")
    if isinstance(poller, str):
        try:
            poller = json.loads(poller)
        except ValueError as exc:
            raise IntoRefused("event.poller.configuration is a string that is not JSON") from exc
    if poller is not None and not isinstance(poller, dict):
        raise IntoRefused("event.poller.configuration is not an object")
    return poller


def _edits(poller: Mapping[str, Any] | None, blocks: Mapping[str, Any], force: bool) -> list[Edit]:
    if poller is None:
        return [Edit(POLLER, dict(blocks))]
    present = [key for key in blocks if key in poller]
    if present and not force:
        names = ", ".join(repr(key) for key in present)
        raise IntoRefused(f"{names} already configured; use --force to replace")
    return [Edit(join(POLLER, key), block) for key, block in blocks.items()]


def _errors(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.code, f.pointer) for f in findings if f.severity is Severity.ERROR}


def add_blocks(text: str, fmt: str, blocks: Mapping[str, Any], *, force: bool, path: str) -> str:
    """``text`` with ``blocks`` added; raises when refused or when lint gets worse."""
    from ..lint import lint_data

    data = _parse(text, fmt)
    try:
        new = apply_edits(text, fmt, _edits(_poller(data), blocks, force))
    except EditError as exc:
        raise IntoRefused(str(exc)) from exc
    before = _errors(lint_data(data, path=path, text=text))
    after = lint_data(_parse(new, fmt), path=path, text=new)
    fresh = [f for f in after if (f.code, f.pointer) in _errors(after) - before]
    if fresh:
        raise LintFailed(fresh, "the edited config would have new lint errors; file unchanged")
    return new


def add_blocks_to_file(path: Path, blocks: Mapping[str, Any], *, force: bool) -> str:
    """Add ``blocks`` to the config at ``path`` atomically; returns the old text."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise IntoRefused(f"cannot read {path}: {exc}") from exc
    new = add_blocks(text, _format(path), blocks, force=force, path=str(path))
    try:
        write_text(path, new)
    except OSError as exc:
        raise IntoRefused(f"cannot write {path}: {exc}; the file is unchanged") from exc
    return text
